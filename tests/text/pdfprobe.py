"""Reads back what a PDF page draws: each glyph's outline, position and font, from the file alone.

The text layer is checked against this independent reading, not against its own bookkeeping: glyph
codes are decoded through the embedded subset font (fontTools), outlines are compared with the
original font's, and positions follow the PDF text-state rules.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pikepdf
import uharfbuzz as hb
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"

Outline = tuple[Any, ...]


@dataclass(frozen=True)
class DrawnGlyph:
    base_font: str  # PostScript name without the subset tag
    outline: Outline
    x: float  # glyph origin on the page, points
    y: float
    size: float


def _outline(glyph_set: Any, name: str) -> Outline:
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[name].draw(pen)
    return tuple((op, tuple(tuple(round(v, 3) for v in pt) for pt in pts)) for op, pts in pen.value)


@lru_cache(maxsize=64)
def _font_file(path: str) -> TTFont:
    return TTFont(path, lazy=True)


def original_outline(font_file: str, gid: int) -> Outline:
    """Outline of glyph `gid` in a font shipped under fonts/."""
    font = _font_file(str(FONT_DIR / font_file))
    return _outline(font.getGlyphSet(), font.getGlyphOrder()[gid])


def nominal_outline(font_file: str, ch: str) -> Outline:
    """Outline of the glyph the font's cmap gives for `ch` (what unshaped text would draw)."""
    font = _font_file(str(FONT_DIR / font_file))
    name = font.getBestCmap()[ord(ch)]
    return _outline(font.getGlyphSet(), name)


class _SubsetFont:
    def __init__(self, font_dict: Any) -> None:
        self.base_font = str(font_dict.BaseFont)[1:].split("+", 1)[-1]
        self.first_char = int(font_dict.FirstChar)
        self.widths = [float(w) for w in font_dict.Widths]
        data = bytes(font_dict.FontDescriptor.FontFile2.read_bytes())
        self.ttf = TTFont(io.BytesIO(data))
        self.glyph_set = self.ttf.getGlyphSet()
        self.cmaps = [t.cmap for t in self.ttf["cmap"].tables]

    def glyph_name(self, code: int) -> str:
        for cmap in self.cmaps:
            for c in (code, 0xF000 + code):
                if c in cmap:
                    return str(cmap[c])
        raise AssertionError(f"code {code} not in the embedded subset of {self.base_font}")

    def width(self, code: int) -> float:
        return self.widths[code - self.first_char] / 1000.0


def _mul(a: list[float], b: list[float]) -> list[float]:
    """Product of PDF matrices [a b c d e f] (a applied first)."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def drawn_glyphs(pdf_path: Path, page_no: int = 0) -> list[DrawnGlyph]:
    """Every glyph a page shows, in content-stream order."""
    with pikepdf.open(pdf_path) as pdf:
        page = pdf.pages[page_no]
        fonts: dict[str, _SubsetFont] = {}
        resources = page.Resources.Font
        ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        stack: list[list[float]] = []
        tm = list(ctm)
        tlm = list(ctm)
        font: _SubsetFont | None = None
        size = 0.0
        rise = char_space = word_space = 0.0
        hscale = 1.0
        out: list[DrawnGlyph] = []
        for operands, op in pikepdf.parse_content_stream(page):
            o = str(op)
            if o == "q":
                stack.append(list(ctm))
            elif o == "Q":
                ctm = stack.pop()
            elif o == "cm":
                ctm = _mul([float(v) for v in operands], ctm)
            elif o == "BT":
                tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
                tlm = list(tm)
            elif o == "Tm":
                tm = [float(v) for v in operands]
                tlm = list(tm)
            elif o == "Td":
                tlm = _mul([1, 0, 0, 1, float(operands[0]), float(operands[1])], tlm)
                tm = list(tlm)
            elif o == "Tf":
                name = str(operands[0])
                if name not in fonts:
                    fonts[name] = _SubsetFont(resources[name])
                font = fonts[name]
                size = float(operands[1])
            elif o == "Ts":
                rise = float(operands[0])
            elif o == "Tc":
                char_space = float(operands[0])
            elif o == "Tw":
                word_space = float(operands[0])
            elif o == "Tz":
                hscale = float(operands[0]) / 100.0
            elif o in ("Tj", "TJ"):
                assert font is not None
                items = list(operands[0]) if o == "TJ" else [operands[0]]
                for item in items:
                    if isinstance(item, pikepdf.String):
                        for code in bytes(item):
                            m = _mul([1, 0, 0, 1, 0, rise], _mul(tm, ctm))
                            name = font.glyph_name(code)
                            out.append(DrawnGlyph(font.base_font, _outline(font.glyph_set, name), m[4], m[5], size))
                            tx = (font.width(code) * size + char_space + (word_space if code == 32 else 0)) * hscale
                            tm = _mul([1, 0, 0, 1, tx, 0], tm)
                    else:
                        tx = -float(item) / 1000.0 * size * hscale
                        tm = _mul([1, 0, 0, 1, tx, 0], tm)
        return out


def hb_expected(
    segments: list[tuple[str, str]], lang: str | None, x0: float, y0: float, size: float
) -> list[tuple[str, Outline, float, float]]:
    """HarfBuzz's own shaping of each (font file, text) segment, laid left to right from x0:
    (font file, outline, x, y) per glyph, in drawing order."""
    out: list[tuple[str, Outline, float, float]] = []
    pen = x0
    for font_file, text in segments:
        face = hb.Face(hb.Blob.from_file_path(str(FONT_DIR / font_file)))
        font = hb.Font(face)
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        if lang:
            buf.language = lang
        hb.shape(font, buf, {})
        scale = size / face.upem
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            out.append(
                (
                    font_file,
                    original_outline(font_file, info.codepoint),
                    pen + pos.x_offset * scale,
                    y0 + pos.y_offset * scale,
                )
            )
            pen += pos.x_advance * scale
    return out


_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def extracted_text(pdf_path: Path) -> str:
    """pdftotext's reading of the page, with the direction marks it adds around right-to-left lines
    removed, NFKC-normalised (which folds Arabic presentation forms back to letters)."""
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return unicodedata.normalize("NFKC", raw.translate(_BIDI_MARKS).strip())


def pdffonts(pdf_path: Path) -> list[tuple[str, str, str]]:
    """(name, embedded, subset) for each font pdffonts lists."""
    lines = subprocess.run(["pdffonts", str(pdf_path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in lines.splitlines()[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni object ID: read emb/sub from the right
        rows.append((parts[0], parts[-5], parts[-4]))
    return rows
