"""Fitting text into boxes: measure, wrap at word boundaries, shrink down to a minimum size, or refuse."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from calendar_builder.core.model import CMYK
from calendar_builder.errors import CalendarError
from calendar_builder.layout.geometry import Box, TextLine
from calendar_builder.layout.style import text_ink
from calendar_builder.text import metrics

T = TypeVar("T")

#: Sizes are tried in steps of this many points, from the largest down.
STEP = 0.25


class LayoutError(CalendarError):
    """Something does not fit the page even at the smallest allowed size; the message says what and where."""


def measure(text: str, size: float, bold: bool = False) -> float:
    return metrics.measure(text, size, bold)


def line(text: str, x: float, baseline: float, size: float, colour: CMYK, container: Box, bold: bool = False,
         align: str = "left", role: str = "text") -> TextLine:  # fmt: skip
    """A placed line; `x` is the left, centre or right edge depending on `align`."""
    width = measure(text, size, bold)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    return TextLine(text, x, baseline, size, width, text_ink(colour, size), container, bold, role,
                    metrics.ascent(size), metrics.descent(size))  # fmt: skip


def sizes(largest: float, smallest: float) -> list[float]:
    """Candidate sizes from largest to smallest in STEP increments (both ends included)."""
    found = []
    size = largest
    while size >= smallest - 1e-9:
        found.append(round(size, 2))
        size -= STEP
    if found[-1] != smallest:
        found.append(smallest)
    return found


def largest_fitting(candidates: list[float], attempt: Callable[[float], T | None]) -> tuple[float, T] | None:
    """The largest candidate size (given largest first) at which `attempt` succeeds, with its result.

    Tries the largest, then the smallest, then halves the range: fitting text is monotone in the size (a smaller
    size never needs more room), so this finds what a size-by-size search would in a few attempts.
    """
    first = attempt(candidates[0])
    if first is not None:
        return candidates[0], first
    low = len(candidates) - 1  # index of a size known to fit
    found = attempt(candidates[low])
    if found is None:
        return None
    high = 0  # index of a size known not to fit
    while low - high > 1:
        middle = (low + high) // 2
        result = attempt(candidates[middle])
        if result is None:
            high = middle
        else:
            low, found = middle, result
    return candidates[low], found


def fit_size(text: str, max_width: float, largest: float, smallest: float, bold: bool = False) -> float | None:
    """The largest size at which `text` fits on one line of `max_width`, or None below `smallest`."""
    for size in sizes(largest, smallest):
        if measure(text, size, bold) <= max_width:
            return size
    return None


class Token:
    """A word with its style, for paragraphs that mix bold, regular and coloured words."""

    __slots__ = ("text", "bold", "colour", "glue")

    def __init__(self, text: str, bold: bool, colour: CMYK, glue: bool = False) -> None:
        self.text = text
        self.bold = bold
        self.colour = colour
        #: no space before this token (a mark attached to the previous word)
        self.glue = glue


def words(text: str, bold: bool, colour: CMYK) -> list[Token]:
    return [Token(word, bold, colour) for word in text.split()]


def address_tokens(url: str, bold: bool, colour: CMYK) -> list[Token]:
    """A web address that may break after '/' or '.' (glued pieces: no space appears where it does not break)."""
    pieces = [piece for piece in re.split(r"(?<=[/.])(?!/)", url) if piece]
    return [Token(piece, bold, colour, glue=index > 0) for index, piece in enumerate(pieces)]


def paragraph(tokens: list[Token], x: float, baseline: float, width: float, size: float, leading: float,
              container: Box, indent: float = 0.0, max_lines: int | None = None) -> list[TextLine] | None:  # fmt: skip
    """Lay tokens out in lines (first line from x, later ones from x + indent); None if a word is too wide, or if
    the tokens need more than `max_lines` lines (known before any line is made: fitting tries many sizes).

    Neighbouring tokens of the same style on a line become one TextLine, so the PDF stays compact.
    """
    em = metrics.em_width
    space_regular, space_bold = em(" ", False) * size, em(" ", True) * size
    row: list[tuple[Token, float, float]] = []  # (token, offset, width) per token of the line being filled
    placed = [row]
    cursor = 0.0
    line_start = 0.0  # the first line starts at x, later ones at x + indent
    for token in tokens:
        token_width = em(token.text, token.bold) * size
        gap = 0.0 if (not row or token.glue) else (space_bold if token.bold else space_regular)
        if row and line_start + cursor + gap + token_width > width:
            if max_lines is not None and len(placed) >= max_lines:
                return None
            # a glued token (a mark such as '*' or '±') never starts a line: its word goes down with it
            carried = [row.pop()] if token.glue and len(row) > 1 else []
            row = []
            placed.append(row)
            cursor = 0.0
            gap = 0.0
            line_start = indent
            for previous, _, previous_width in carried:
                row.append((previous, line_start, previous_width))
                cursor = previous_width
            gap = 0.0 if not row else (space_bold if token.bold else space_regular)
            if token.glue:
                gap = 0.0
        if line_start + token_width > width:
            return None
        row.append((token, line_start + cursor + gap, token_width))
        cursor += gap + token_width
    result: list[TextLine] = []
    ascent, descent = metrics.ascent(size), metrics.descent(size)
    for number, row in enumerate(placed):
        row_baseline = baseline - number * leading
        merged: list[tuple[str, bool, CMYK, float, float]] = []
        last_rtl = False
        for token, offset, token_width in row:
            end = offset + token_width
            last = merged[-1] if merged else None
            rtl = _right_to_left(token.text)
            # a right-to-left run stays a line of its own: merged, bidi would reorder its neighbours around it
            if (last is not None and last[1] == token.bold and (last[2] is token.colour or last[2] == token.colour)
                    and not rtl and not last_rtl):  # fmt: skip
                text, bold, colour, start, _ = merged[-1]
                merged[-1] = (text + ("" if token.glue else " ") + token.text, bold, colour, start, end)
            else:
                merged.append((token.text, token.bold, token.colour, offset, end))
            last_rtl = rtl
        # The width of a merged line is where its last word ends: words are shaped one by one (and cached), so
        # trying many sizes and line breaks never shapes a line that will not be printed.
        for text, bold, colour, start, end in merged:
            result.append(TextLine(text, x + start, row_baseline, size, end - start, text_ink(colour, size), container,
                                   bold, "text",
                                   ascent, descent))  # fmt: skip
    return result


@lru_cache(maxsize=65536)
def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def line_count(lines: list[TextLine]) -> int:
    return len({round(item.baseline, 3) for item in lines})
