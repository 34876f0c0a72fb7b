"""Drawing shaped text into a ReportLab page: the renderers' half of the text layer.

`text.shaping` decides the glyphs and their positions; this writes them straight into the page's content
stream (no colour is set: the caller's CMYK fill applies) and marks a run with ActualText wherever the font's
own character map would not give the original text back on copy or search.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from calendar_builder.render.pdffonts import initial_font_name, pdf_face
from calendar_builder.text.fonts import is_ignorable
from calendar_builder.text.metrics import style_of
from calendar_builder.text.shaping import ALIGNS, Run, ShapedLine, shape


def register_fonts() -> str:
    """Load the shipped fonts once; returns the name to start every canvas with (no Helvetica)."""
    return initial_font_name()


def draw(canvas: Any, line: str, x: float, y: float, size: float, bold: bool = False, align: str = "left") -> None:
    """Draw one shaped line with its baseline at y; `align` says whether x is the left, centre or right edge."""
    draw_shaped(canvas, shape(line, size, style_of(bold)), x, y, "centre" if align == "center" else align)


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def _pdf_text_string(s: str) -> str:
    return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"


def _cluster_groups(run: Run) -> list[tuple[int, int, str]]:
    """(first glyph, end glyph, characters) for each cluster of the run, in drawing order."""
    bounds = sorted({g.cluster for g in run.glyphs} | {run.start + len(run.text)})
    nxt = {b: bounds[k + 1] for k, b in enumerate(bounds[:-1])}
    groups: list[tuple[int, int, str]] = []
    i = 0
    glyphs = run.glyphs
    while i < len(glyphs):
        c = glyphs[i].cluster
        j = i + 1
        while j < len(glyphs) and glyphs[j].cluster == c:
            j += 1
        chars = run.text[c - run.start : nxt[c] - run.start]
        groups.append((i, j, chars))
        i = j
    return groups


@lru_cache(maxsize=4096)
def _fold(s: str) -> str:
    return unicodedata.normalize("NFKC", "".join(c for c in s if not is_ignorable(ord(c))))


def actual_text_spans(run: Run, codes: list[int] | None = None) -> list[tuple[int, int, str]]:
    """Glyph ranges (drawing order) whose text must come from an ActualText span, with that text.

    A glyph range is one HarfBuzz cluster. It needs ActualText when a glyph has no character of its
    own (conjuncts, reordered or contextual vowel signs, Arabic forms with no presentation-form code
    point) or when the glyphs' characters, read in reading order, differ from the cluster's text after
    NFKC (which folds Arabic presentation forms back to the letters). Spans stay per cluster rather
    than per run: text extractors place ActualText characters left to right, so a long span in a
    right-to-left run would come back reversed.
    """
    face = run.face
    code_for_glyph = pdf_face(face).code_for_glyph
    if codes is None:  # the carrier code of each glyph, when the caller has not made them already
        codes = [code_for_glyph(g.gid) for g in run.glyphs]
    if not run.rtl and "".join(map(chr, codes)) == run.text and all(c in face.cmap for c in codes):
        return []  # one glyph per character, in order, each the font's own glyph for it: nothing to add
    spans: list[tuple[int, int, str]] = []
    for i, j, chars in _cluster_groups(run):
        cluster = codes[i:j]
        if any(c not in face.cmap for c in cluster):
            spans.append((i, j, chars))
            continue
        reading = cluster[::-1] if run.rtl else cluster
        if _fold("".join(map(chr, reading))) != _fold(chars):
            spans.append((i, j, chars))
    return spans


def draw_shaped(canvas: Any, line: ShapedLine, x: float, y: float, align: str = "left") -> None:
    """Draw a shaped line with its baseline at y; `align` says whether x is its left, right or centre.

    Uses the canvas's current fill colour and sets none, so CMYK pages stay CMYK.
    """
    if align not in ALIGNS:
        raise ValueError(f"unknown alignment {align!r}; known: left, right, centre")
    if align == "right":
        x -= line.width
    elif align in ("centre", "center"):
        x -= line.width / 2
    pen = x
    parts: list[str] = []
    for run in line.runs:
        parts.append(_run_operators(canvas, run, line.size, pen, y))
        pen += run.advance * line.size
    if parts:
        canvas.addLiteral("\n".join(parts))


def _run_operators(canvas: Any, run: Run, size: float, x: float, y: float) -> str:
    """BT, the run's position, its glyphs, ET. Everything after the position depends only on the run, the size
    and the document (whose font subsets it fills), so it is made once per document and reused: a calendar
    prints the same names and words many times."""
    doc = canvas._doc
    # keyed by identity (hashing a run hashes all its glyphs); the run is kept in the entry so the id stays its own
    cache: dict[tuple[int, float], tuple[Run, str]] = doc.__dict__.setdefault("_shaped_run_bodies", {})
    entry = cache.get((id(run), size))
    if entry is None or entry[0] is not run:
        entry = cache[(id(run), size)] = (run, _run_body(doc, run, size))
    body = entry[1]
    return f"BT 0 Tc 0 Tw 100 Tz 1 0 0 1 {_num(x)} {_num(y)} Tm\n{body}"


def _run_body(doc: Any, run: Run, size: float) -> str:
    face = run.face
    carrier = pdf_face(face)
    font = carrier.rl_font
    code_for_glyph = carrier.code_for_glyph
    codes = [code_for_glyph(g.gid) for g in run.glyphs]
    subsets: list[int] = []  # subset per glyph
    chunks: list[bytes] = []
    for subset, chunk in font.splitString("".join(map(chr, codes)), doc):
        subsets.extend([subset] * len(chunk))
        chunks.append(chunk)
    glyph_bytes = b"".join(chunks)  # the glyph's byte in its subset, per glyph
    if len(glyph_bytes) != len(codes):
        raise RuntimeError(f"{face.family}: {len(codes)} glyphs became {len(glyph_bytes)} subset bytes")
    span_at = {i: (j, chars) for i, j, chars in actual_text_spans(run, codes)}
    widths = font.face.charWidths  # what font.face.getCharWidth reads, without a call per glyph
    default_width = font.face.defaultWidth
    ops: list[str] = []
    tj: list[str] = []
    hex_start = -1  # first glyph of the hex string being collected, -1 when none

    def flush(end: int) -> None:
        nonlocal hex_start
        if hex_start >= 0:
            tj.append("<" + glyph_bytes[hex_start:end].hex() + ">")
            hex_start = -1
        if tj:
            ops.append("[" + " ".join(tj) + "] TJ")
            tj.clear()

    subset_now = -1
    rise = 0.0
    span_end = -1
    pen = 0.0  # where HarfBuzz puts the next glyph's origin, relative to the run start
    pdf_x = 0.0  # where the PDF text position is after the glyphs shown so far
    for k, g in enumerate(run.glyphs):
        if k == span_end:
            flush(k)
            ops.append("EMC")
            span_end = -1
        if span_at and k in span_at:
            flush(k)
            span_end, chars = span_at[k]
            ops.append(f"/Span <</ActualText {_pdf_text_string(chars)}>> BDC")
        subset = subsets[k]
        if subset != subset_now:
            flush(k)
            ops.append(f"{font.getSubsetInternalName(subset, doc)} {_num(size)} Tf")
            subset_now = subset
        gy = round(g.dy * size, 3)
        if gy != rise:
            flush(k)
            ops.append(f"{_num(gy)} Ts")
            rise = gy
        target = pen + g.dx * size
        delta = target - pdf_x
        if abs(delta) > 5e-4:
            if hex_start >= 0:
                tj.append("<" + glyph_bytes[hex_start:k].hex() + ">")
            tj.append(_num(-delta * 1000.0 / size))
            hex_start = k
        elif hex_start < 0:
            hex_start = k
        pdf_x = target + widths.get(codes[k], default_width) * size / 1000.0
        pen += g.advance * size
    flush(len(run.glyphs))
    if span_end != -1:
        ops.append("EMC")
    if rise:
        ops.append("0 Ts")
    ops.append("ET")
    return "\n".join(ops)
