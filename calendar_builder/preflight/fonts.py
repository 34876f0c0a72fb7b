"""Fonts: are they embedded and subset, how wide is a string, and what text does it spell (for messages)."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Stream

from calendar_builder.preflight import budget

_SUBSET = re.compile(r"^[A-Z]{6}\+")


def font_name(font: Dictionary) -> str:
    return str(font.get("/BaseFont", "/(unnamed)"))[1:]


def embedding_problem(font: Dictionary) -> str | None:
    """Why a font dictionary is not print-safe as embedded, or None. Type 3 fonts are drawings, always 'embedded'."""
    subtype = str(font.get("/Subtype", ""))
    if subtype == "/Type3":
        return None
    target: object = font
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, Array) or len(descendants) == 0:
            return "Type0 font without a descendant font"
        target = descendants[0]
    descriptor = target.get("/FontDescriptor") if isinstance(target, Dictionary) else None
    if not isinstance(descriptor, Dictionary) or not any(
        isinstance(descriptor.get(k), Stream) for k in ("/FontFile", "/FontFile2", "/FontFile3")
    ):
        return "is not embedded"
    return None


def is_subset(font: Dictionary) -> bool:
    return bool(_SUBSET.match(font_name(font)))


@dataclass
class FontInfo:
    """What the text walker needs to know about a font: code width, advance widths, ascent/descent, decoding."""

    name: str
    two_byte: bool
    widths: list[float] | dict[int, float]  # in text-space units per 1 unit of font size
    default_width: float
    ascent: float
    descent: float
    font: Dictionary
    _unicode: dict[int, str] | None = field(default=None, repr=False)

    def codes(self, data: bytes) -> tuple[int, ...] | bytes:
        if self.two_byte:
            return struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])
        return data

    def advance(self, data: bytes, size: float, char_spacing: float, word_spacing: float) -> tuple[float, int]:
        """Horizontal advance of a string in unscaled text space (before Th), and its glyph count."""
        codes = self.codes(data)
        widths = self.widths
        if isinstance(widths, list):
            total = sum(map(widths.__getitem__, codes))  # simple font: a 256-entry table
        else:
            default = self.default_width
            total = sum(widths.get(c, default) for c in codes)
        n = len(codes)
        spaces = data.count(32) if not self.two_byte and word_spacing else 0
        return total * size + n * char_spacing + spaces * word_spacing, n

    def text(self, data: bytes) -> str:
        """Best-effort Unicode text for a report; '' when the font offers no way to know it."""
        if self._unicode is None:
            self._unicode = _read_to_unicode(self.font.get("/ToUnicode"))
        codes = self.codes(data)
        if self._unicode:
            return "".join(self._unicode.get(c, "\ufffd") for c in codes)
        if not self.two_byte:
            encoding = self.font.get("/Encoding")
            if encoding is None or str(encoding) in ("/WinAnsiEncoding", "/StandardEncoding"):
                return data.decode("cp1252", "replace")
        return ""


def font_info(font: Dictionary) -> FontInfo:
    subtype = str(font.get("/Subtype", ""))
    ascent, descent = 0.8, -0.2
    if subtype == "/Type0":
        descendant = font.get("/DescendantFonts", [None])[0]
        descendant = descendant if isinstance(descendant, Dictionary) else Dictionary()
        default = float(descendant.get("/DW", 1000)) / 1000
        cid_widths = _cid_widths(descendant.get("/W"))
        ascent, descent = _metrics(descendant.get("/FontDescriptor"), ascent, descent)
        return FontInfo(font_name(font), True, cid_widths, default, ascent, descent, font)
    scale = 1 / 1000
    if subtype == "/Type3":
        matrix = font.get("/FontMatrix")
        scale = float(matrix[0]) if isinstance(matrix, Array) and len(matrix) == 6 else 1 / 1000
    descriptor = font.get("/FontDescriptor")
    missing = float(descriptor.get("/MissingWidth", 0)) if isinstance(descriptor, Dictionary) else 0.0
    table = [missing * scale] * 256
    first = int(font.get("/FirstChar", 0))
    widths = font.get("/Widths")
    if isinstance(widths, Array):
        for i, w in enumerate(widths):
            if 0 <= first + i < 256:
                table[first + i] = float(w) * scale
    elif subtype != "/Type3":
        table = [0.5] * 256  # base-14 font without widths: an average advance is enough for positions
    ascent, descent = _metrics(descriptor, ascent, descent)
    return FontInfo(font_name(font), False, table, 0.5, ascent, descent, font)


def _metrics(descriptor: object, ascent: float, descent: float) -> tuple[float, float]:
    if isinstance(descriptor, Dictionary):
        a = float(descriptor.get("/Ascent", 0)) / 1000
        d = float(descriptor.get("/Descent", 0)) / 1000
        if 0 < a <= 1.5:
            ascent = a
        if -1 <= d < 0:
            descent = d
    return ascent, descent


def _cid_widths(w: object) -> dict[int, float]:
    """The /W array of a CIDFont: `c [w1 w2 …]` or `c_first c_last w` groups."""
    result: dict[int, float] = {}
    if not isinstance(w, Array):
        return result
    items = list(w)
    i = 0
    while i + 1 < len(items):
        start = int(items[i])
        nxt = items[i + 1]
        if isinstance(nxt, Array):
            for k, width in enumerate(nxt):
                result[start + k] = float(width) / 1000
            i += 2
        elif i + 2 < len(items):
            for c in range(start, int(nxt) + 1):
                result[c] = float(items[i + 2]) / 1000
            i += 3
        else:
            break
    return result


_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _utf16(hexdigits: bytes) -> str:
    raw = bytes.fromhex(hexdigits.decode("ascii"))
    return raw.decode("utf-16-be", "replace")


def _read_to_unicode(stream: object) -> dict[int, str]:
    """Parse the bfchar/bfrange sections of a ToUnicode CMap (enough for text in messages, not a full CMap)."""
    if not isinstance(stream, Stream):
        return {}
    try:
        data = budget.read(stream, "a ToUnicode map")
    except pikepdf.PdfError:
        return {}
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        tokens = [t.replace(b" ", b"").replace(b"\n", b"") for t in _HEX.findall(block)]
        for src, dst in zip(tokens[0::2], tokens[1::2], strict=False):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            lo, hi, dst = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
            if hi - lo > 65535:
                continue
            if dst.startswith(b"["):
                for k, item in enumerate(_HEX.findall(dst)):
                    mapping[lo + k] = _utf16(item)
            else:
                start = bytes.fromhex(dst[1:-1].decode("ascii"))
                base = int.from_bytes(start, "big")
                for k in range(hi - lo + 1):
                    value = (base + k).to_bytes(len(start), "big")
                    mapping[lo + k] = value.decode("utf-16-be", "replace")
    return mapping


def fonts_in(resources: Dictionary) -> list[tuple[str, Dictionary]]:
    fonts = resources.get("/Font")
    if not isinstance(fonts, Dictionary):
        return []
    return [(str(k), v) for k, v in fonts.items() if isinstance(v, Dictionary)]


__all__ = ["FontInfo", "font_info", "embedding_problem", "is_subset", "font_name", "fonts_in"]
