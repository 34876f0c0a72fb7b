"""The one seam between layout/rendering and the text layer: measure, check and draw a line of text.

Layout measures with `measure`, the renderer draws with `draw`; nothing else in the print code touches
fonts. Both go through `calendar_builder.text`, which splits runs by script and direction, picks a shipped
font, shapes with HarfBuzz and orders runs visually, so Arabic, Hebrew and Indic names print correctly.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from calendar_builder import text
from calendar_builder.fonts import FontBook


def _style(bold: bool) -> str:
    return "bold" if bold else "sans"


def register_fonts() -> str:
    """Load the shipped fonts once; returns the name to start every canvas with (no Helvetica)."""
    return FontBook.default().initial_font_name()


def renderable(line: str, bold: bool = False) -> bool:
    """True if every character has a shipped font (coverage errors are reported before layout)."""
    book = FontBook.default()
    return all(book.covers(char, _style(bold)) for char in line)


def measure(line: str, size: float, bold: bool = False) -> float:
    """Advance width of the shaped line in points (layout measures the same words at many sizes)."""
    return em_width(line, bold) * size


@lru_cache(maxsize=1 << 16)
def em_width(line: str, bold: bool = False) -> float:
    """Advance width of the shaped line at 1 pt."""
    return text.em_width(line, _style(bold))


def ascent(size: float) -> float:
    """Height of capitals and ascenders above the baseline (Noto Sans: 0.714 em for caps, 0.76 em ascender)."""
    return 0.76 * size


def descent(size: float) -> float:
    """Depth of descenders below the baseline."""
    return 0.24 * size


def draw(canvas: Any, line: str, x: float, y: float, size: float, bold: bool = False, align: str = "left") -> None:
    """Draw one shaped line with its baseline at y; `align` says whether x is the left, centre or right edge."""
    text.draw(canvas, text.shape(line, size, _style(bold)), x, y, "centre" if align == "center" else align)
