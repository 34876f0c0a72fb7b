"""The one seam between layout/rendering and the text layer: measure, check and draw a line of text.

Layout measures with `measure`, the renderer draws with `draw`; nothing else in the print code touches fonts.
This implementation serves the scripts that need neither shaping nor bidi (Latin, Greek, Cyrillic) with
Noto Sans, plus single symbol characters from the Noto symbol fonts. `SHAPING` says whether complex and
right-to-left scripts can be drawn; `renderable` tells the layout which strings it may place, so the
month pages keep those names out until a shaping text layer serves them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import CalendarError

NOTO = Path("/usr/share/fonts/truetype/noto")

#: Whether strings in scripts that need shaping or bidi (Arabic, Hebrew, Indic, ...) can be drawn correctly.
SHAPING = False

#: Registered name -> file for the two text weights; symbols fall back along SYMBOL_FONTS.
TEXT_FONTS = {"CalSans": "NotoSans-Regular.ttf", "CalSans-Bold": "NotoSans-Bold.ttf"}
SYMBOL_FONTS = {
    "CalSymbols": "NotoSansSymbols-Regular.ttf",
    "CalSymbols2": "NotoSansSymbols2-Regular.ttf",
    "CalMath": "NotoSansMath-Regular.ttf",
    "CalDevanagari": "NotoSansDevanagari-Regular.ttf",  # single symbols such as U+0950 OM need no shaping
}
#: Scripts drawn correctly glyph by glyph, without shaping or reordering.
SIMPLE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")

#: The font every canvas starts with, so that no page refers to an unembedded Helvetica.
BASE_FONT = "CalSans"


@dataclass(frozen=True)
class Run:
    """A stretch of text drawn in one font."""

    text: str
    font: str


@cache
def register_fonts() -> tuple[str, ...]:
    """Register the TrueType fonts with ReportLab once per process; they embed as subsets."""
    names = []
    for name, filename in {**TEXT_FONTS, **SYMBOL_FONTS}.items():
        pdfmetrics.registerFont(TTFont(name, str(NOTO / filename)))
        names.append(name)
    return tuple(names)


@cache
def _cmap(font: str) -> frozenset[int]:
    register_fonts()
    face: Any = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)


def _text_font(bold: bool) -> str:
    return "CalSans-Bold" if bold else "CalSans"


def _needs_shaping(char: str) -> bool:
    if unicodedata.bidirectional(char) in ("R", "AL", "AN"):
        return True
    name = unicodedata.name(char, "")
    if not name or unicodedata.category(char).startswith(("P", "Z", "N", "S", "C")):
        return False
    return not name.startswith(SIMPLE_SCRIPTS) and unicodedata.category(char).startswith(("L", "M"))


def renderable(text: str) -> bool:
    """True if every character of `text` can be drawn correctly by this text layer.

    A single character (a tradition's symbol) needs no shaping or reordering, whatever its script.
    """
    if not SHAPING and len(text) > 1 and any(_needs_shaping(c) for c in text):
        return False
    return all(_font_for(c, False) is not None for c in text)


def _font_for(char: str, bold: bool) -> str | None:
    main = _text_font(bold)
    if ord(char) in _cmap(main):
        return main
    for name in SYMBOL_FONTS:
        if ord(char) in _cmap(name):
            return name
    return None


def runs(text: str, bold: bool = False) -> list[Run]:
    """Split text into runs by font; a character no font covers is an error, never a silent gap."""
    found: list[Run] = []
    for char in text:
        font = _font_for(char, bold)
        if font is None:
            raise MissingGlyphError(text, char)
        if found and found[-1].font == font:
            found[-1] = Run(found[-1].text + char, font)
        else:
            found.append(Run(char, font))
    return found


class MissingGlyphError(CalendarError):
    """No font of the chain covers a character; the message names it and the fonts tried."""

    def __init__(self, text: str, char: str) -> None:
        name = unicodedata.name(char, "unnamed")
        tried = ", ".join([*TEXT_FONTS.values(), *SYMBOL_FONTS.values()])
        super().__init__(f"no font covers U+{ord(char):04X} {name} in {text!r} (fonts tried: {tried})")
        self.text = text
        self.char = char


@lru_cache(maxsize=1 << 16)
def measure(text: str, size: float, bold: bool = False) -> float:
    """Advance width of `text` in points at `size` (cached: layout measures the same words many times)."""
    return sum(pdfmetrics.stringWidth(run.text, run.font, size) for run in runs(text, bold))


def ascent(size: float) -> float:
    """Height of capitals and ascenders above the baseline (Noto Sans: 0.714 em for caps, 0.76 em ascender)."""
    return 0.76 * size


def descent(size: float) -> float:
    """Depth of descenders below the baseline."""
    return 0.24 * size


def draw(canvas: Any, text: str, x: float, y: float, size: float, bold: bool = False, align: str = "left") -> None:
    """Draw one line with its baseline at y; `align` says whether x is the left, centre or right edge."""
    width = measure(text, size, bold)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    for run in runs(text, bold):
        canvas.setFont(run.font, size)
        canvas.drawString(x, y, run.text)
        x += pdfmetrics.stringWidth(run.text, run.font, size)
