"""Page geometry as plain data: boxes, fills, shapes and fitted text lines that a renderer only has to draw.

Coordinates are PostScript points in the trim box of the page: origin at the lower-left trim corner, y up.
The bleed lies outside (negative coordinates and beyond the trim size); only elements whose role is
"background" may go there or into the binding band at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from calendar_builder.core.model import CMYK

BACKGROUND = "background"


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: lower-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def contains(self, other: Box, tolerance: float = 0.01) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.top <= self.top + tolerance
        )

    def intersects(self, other: Box) -> bool:
        return other.x < self.right and other.right > self.x and other.y < self.top and other.top > self.y

    def inset(self, left: float, bottom: float | None = None, right: float | None = None,
              top: float | None = None) -> Box:  # fmt: skip
        bottom = left if bottom is None else bottom
        right = left if right is None else right
        top = bottom if top is None else top
        return Box(self.x + left, self.y + bottom, self.w - left - right, self.h - bottom - top)


@dataclass(frozen=True)
class Fill:
    """A filled rectangle (backgrounds, cell tints, colour swatches, span bars)."""

    box: Box
    colour: CMYK
    role: str = BACKGROUND
    radius: float = 0.0

    @property
    def bounds(self) -> Box:
        return self.box


@dataclass(frozen=True)
class Rule:
    """A straight line (grid lines, separators)."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: CMYK
    width: float
    role: str = "rule"

    @property
    def bounds(self) -> Box:
        return Box(min(self.x1, self.x2), min(self.y1, self.y2), abs(self.x2 - self.x1), abs(self.y2 - self.y1))


@dataclass(frozen=True)
class Circle:
    """A filled and/or stroked circle (artwork, legend dots)."""

    cx: float
    cy: float
    r: float
    fill: CMYK | None
    stroke: CMYK | None = None
    stroke_width: float = 0.0
    role: str = BACKGROUND

    @property
    def bounds(self) -> Box:
        return Box(self.cx - self.r, self.cy - self.r, 2 * self.r, 2 * self.r)


@dataclass(frozen=True)
class Wedge:
    """A filled circle sector, angles in degrees counter-clockwise from the x axis (artwork)."""

    cx: float
    cy: float
    r: float
    start: float
    extent: float
    colour: CMYK
    role: str = BACKGROUND

    @property
    def bounds(self) -> Box:
        return Box(self.cx - self.r, self.cy - self.r, 2 * self.r, 2 * self.r)


@dataclass(frozen=True)
class Polygon:
    """A filled closed polygon (artwork)."""

    points: tuple[tuple[float, float], ...]
    colour: CMYK
    role: str = BACKGROUND

    @property
    def bounds(self) -> Box:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


@dataclass(frozen=True)
class MoonIcon:
    """One of the four principal moon phases, drawn as a small disc."""

    cx: float
    cy: float
    r: float
    phase: str  # new | first-quarter | full | last-quarter
    role: str = "icon"

    @property
    def bounds(self) -> Box:
        return Box(self.cx - self.r, self.cy - self.r, 2 * self.r, 2 * self.r)


@dataclass(frozen=True)
class TextLine:
    """One line of text at a fitted size; `x` is its left edge, `width` its measured (shaped) advance.

    `container` is the box the line belongs to (a day cell, the strip, a panel); layout guarantees that the
    line's bounds stay inside it, and tests check that.
    """

    text: str
    x: float
    baseline: float
    size: float
    width: float
    colour: CMYK
    container: Box
    bold: bool = False
    role: str = "text"
    ascent: float = 0.0
    descent: float = 0.0

    @property
    def bounds(self) -> Box:
        return Box(self.x, self.baseline - self.descent, self.width, self.ascent + self.descent)


@dataclass(frozen=True)
class Image:
    """A raster image placed (and clipped) to a box; `ppi` is its effective resolution there."""

    path: str
    box: Box
    ppi: float
    role: str = BACKGROUND

    @property
    def bounds(self) -> Box:
        return self.box


@dataclass(frozen=True)
class VectorImage:
    """A vector drawing (an SVG logo) fitted to a box with its proportions kept; it has no resolution to check."""

    path: str
    box: Box
    role: str = BACKGROUND

    @property
    def bounds(self) -> Box:
        return self.box


@dataclass(frozen=True)
class QRCode:
    """A QR code as dark modules: one (row, first column, run length) per horizontal run."""

    box: Box
    size: int
    runs: tuple[tuple[int, int, int], ...]
    colour: CMYK
    role: str = "code"

    @property
    def bounds(self) -> Box:
        return self.box


@dataclass(frozen=True)
class Group:
    """Elements clipped to a box (artwork that must not spill out of its area)."""

    clip: Box
    elements: tuple[Element, ...]
    role: str = BACKGROUND

    @property
    def bounds(self) -> Box:
        return self.clip


Element = Fill | Rule | Circle | Wedge | Polygon | MoonIcon | TextLine | Image | VectorImage | QRCode | Group


@dataclass(frozen=True)
class Cell:
    """A day cell of the month grid and what layout decided to show in it."""

    day: int
    box: Box
    shown: tuple[str, ...]  # festival ids whose names are printed in the cell
    hidden: tuple[str, ...]  # festival ids summarised as "+N"
    size: float  # fitted size of the festival names
    shown_events: tuple[str, ...] = ()  # "organisation/event" ids of the events printed in the cell
    hidden_events: tuple[str, ...] = ()  # events summarised as "+N" (listed in full in the strip)


@dataclass(frozen=True)
class Page:
    """One page of the print PDF, fully decided: its trim size, zones and elements in drawing order."""

    number: int
    kind: str  # cover | month | back
    width: float
    height: float
    bleed: float
    #: where text and logos may go: trim minus the safe margin at the sides and bottom and the binding band
    safe: Box
    #: the band at the top reserved for binding and hanger: nothing but background
    binding: Box
    elements: tuple[Element, ...]
    cells: tuple[Cell, ...] = field(default=())
    #: month pages: ("organisation/event@first day", "cell" | "month list" | "feeds only") per event occurrence
    placements: tuple[tuple[str, str], ...] = field(default=())

    @property
    def trim(self) -> Box:
        return Box(0, 0, self.width, self.height)

    @property
    def bleed_box(self) -> Box:
        return Box(-self.bleed, -self.bleed, self.width + 2 * self.bleed, self.height + 2 * self.bleed)

    def walk(self) -> list[Element]:
        """Every element, with the members of groups, in drawing order."""
        found: list[Element] = []
        stack = list(reversed(self.elements))
        while stack:
            element = stack.pop()
            found.append(element)
            if isinstance(element, Group):
                stack.extend(reversed(element.elements))
        return found
