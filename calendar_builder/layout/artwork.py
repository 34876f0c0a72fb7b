"""A generated artwork per page: a mosaic of geometric tiles in the month's palette, fixed by year and month.

It makes the default build look finished before any photographs or drawings are chosen, uses only opaque
CMYK fills (PDF/X-1a allows no transparency), and stays inside the clip box it is given.
"""

from __future__ import annotations

import math
import random

from calendar_builder.core.model import CMYK
from calendar_builder.layout.geometry import Box, Circle, Element, Fill, Group, Polygon, Wedge

SHAPES = ("quarter", "quarter", "half", "half", "circle", "ring", "triangle", "plain", "dots")


def mosaic(area: Box, palette: tuple[CMYK, ...], seed: int, columns: int) -> Group:
    """Tiles of equal size covering `area` (which may include the bleed), clipped to it."""
    rng = random.Random(seed)
    tile = area.w / columns
    rows = math.ceil(area.h / tile)
    elements: list[Element] = []
    for row in range(rows):
        for column in range(columns):
            x = area.x + column * tile
            y = area.top - (row + 1) * tile
            background, foreground = rng.sample(palette, 2)
            elements.append(Fill(Box(x, y, tile, tile), background))
            elements.extend(_shape(rng, Box(x, y, tile, tile), foreground, background))
    return Group(area, tuple(elements))


def _shape(rng: random.Random, box: Box, colour: CMYK, background: CMYK) -> list[Element]:
    kind = rng.choice(SHAPES)
    t = box.w
    corners = ((box.x, box.y), (box.right, box.y), (box.right, box.top), (box.x, box.top))
    if kind == "quarter":
        index = rng.randrange(4)
        cx, cy = corners[index]
        return [Wedge(cx, cy, t, 90 * index, 90, colour)]
    if kind == "half":
        side = rng.randrange(4)
        centres = ((box.x + t / 2, box.y), (box.right, box.y + t / 2), (box.x + t / 2, box.top), (box.x, box.y + t / 2))
        cx, cy = centres[side]
        return [Wedge(cx, cy, t / 2, 90 * side, 180, colour)]
    if kind == "circle":
        return [Circle(box.x + t / 2, box.y + t / 2, t * 0.42, colour)]
    if kind == "ring":
        return [Circle(box.x + t / 2, box.y + t / 2, t * 0.42, colour),
                Circle(box.x + t / 2, box.y + t / 2, t * 0.22, background)]  # fmt: skip
    if kind == "triangle":
        a, b, c, d = corners
        choice = rng.choice(((a, b, c), (b, c, d), (c, d, a), (d, a, b)))
        return [Polygon(choice, colour)]
    if kind == "dots":
        r = t * 0.07
        return [
            Circle(box.x + t * (i + 0.5) / 4, box.y + t * (j + 0.5) / 4, r, colour) for i in range(4) for j in range(4)
        ]
    return []
