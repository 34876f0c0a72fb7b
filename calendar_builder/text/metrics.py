"""What layout needs to know about a line of text: whether it prints, and how wide and high it is.

Layout measures here and the renderer draws the same shaped lines (`render/textdraw.py`); both go through
`text.shaping`, so a width decided in layout is the width that prints.
"""

from __future__ import annotations

from functools import lru_cache

from calendar_builder.text import shaping
from calendar_builder.text.fonts import FontBook


def style_of(bold: bool) -> str:
    return "bold" if bold else "sans"


@lru_cache(maxsize=1 << 16)
def renderable(line: str, bold: bool = False) -> bool:
    """True if every character has a shipped font (coverage errors are reported before layout); the proof asks
    this of every line it measures and draws, twice (screen and A4)."""
    book = FontBook.default()
    return all(book.covers(char, style_of(bold)) for char in line)


def measure(line: str, size: float, bold: bool = False) -> float:
    """Advance width of the shaped line in points (layout measures the same words at many sizes)."""
    return em_width(line, bold) * size


@lru_cache(maxsize=1 << 16)
def em_width(line: str, bold: bool = False) -> float:
    """Advance width of the shaped line at 1 pt."""
    return shaping.em_width(line, style_of(bold))


def ascent(size: float) -> float:
    """Height of capitals and ascenders above the baseline (Noto Sans: 0.714 em for caps, 0.76 em ascender)."""
    return 0.76 * size


def descent(size: float) -> float:
    """Depth of descenders below the baseline."""
    return 0.24 * size
