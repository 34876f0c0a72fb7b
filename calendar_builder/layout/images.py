"""Artwork images: their effective resolution where they are placed, checked before anything is drawn."""

from __future__ import annotations

from pathlib import Path

from calendar_builder.edition.media import Media, Raster
from calendar_builder.layout.fit import LayoutError
from calendar_builder.layout.geometry import Box, Image

MIN_PPI = 150  # below this the print would look blurred: refuse
GOOD_PPI = 300  # below this: warn


def placed_image(path: Path, box: Box, media: Media) -> Image:
    """The image scaled to cover `box` (cropped, never distorted), with its effective ppi there."""
    found = media.of(path)
    if not isinstance(found, Raster):
        raise LayoutError(f"{path}: the artwork image was not read before layout")
    width, height = found.pixels
    scale = max(box.w / width, box.h / height)  # points per pixel
    ppi = 72 / scale
    if ppi < MIN_PPI:
        raise LayoutError(
            f"{path}: {width}×{height} pixels give only {ppi:.0f} ppi at the printed size "
            f"({box.w / 72 * 25.4:.0f}×{box.h / 72 * 25.4:.0f} mm); at least {MIN_PPI} ppi are needed, "
            f"{GOOD_PPI} ppi for sharp print"
        )
    return Image(str(path), box, round(ppi, 1))
