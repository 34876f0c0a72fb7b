"""What layout needs to know about the image files an edition prints: their size, read once by `media/`.

Layout places images without opening them: a raster's pixels give its effective resolution in a box, a
vector's own size its proportions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Raster:
    """A PNG or JPEG: its size in pixels."""

    pixels: tuple[int, int]


@dataclass(frozen=True)
class Vector:
    """An SVG drawing that passed the print checks: its own width and height in points."""

    width: float
    height: float


Medium = Raster | Vector


@dataclass(frozen=True)
class Media:
    """Every image file of the edition that was opened and checked, by its path as the data names it."""

    files: tuple[tuple[str, Medium], ...] = ()

    def of(self, path: Path | str) -> Medium | None:
        """The file's facts, or None when it was not read (a layout asking for it is a bug in the caller)."""
        return dict(self.files).get(str(path))
