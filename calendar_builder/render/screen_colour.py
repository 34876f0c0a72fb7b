"""Screen colours for proofs: the print renderer's CMYK colours and images handed to the canvas as sRGB, converted
through the output profile as they are drawn.

Reviewers look at proofs on screens and office printers, which guess badly at raw CMYK. Converting through
the print shop's profile (relative colorimetric, paper white -> screen white) shows the colours as the press
will print them. The proof draws the print pages itself with these inks, so the print PDF is never touched and
no page is read back to be converted.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageCms
from reportlab.lib.colors import CMYKColor, Color

from calendar_builder.core.model import CMYK
from calendar_builder.render.icc_apply import apply_transform
from calendar_builder.render.print_pdf import Inks


class ScreenColours:
    """CMYK -> sRGB through one ICC output profile, with a cache for the few dozen colours a calendar uses."""

    def __init__(self, profile: Path) -> None:
        cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile.read_bytes()))  # in memory: safe across a fork
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        self._transform = ImageCms.buildTransform(
            cmyk, srgb, "CMYK", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
        )
        self._colour = lru_cache(maxsize=4096)(self._convert_colour)

    def _convert_colour(self, c: int, m: int, y: int, k: int) -> tuple[float, float, float]:
        converted = apply_transform(PILImage.new("CMYK", (1, 1), (c, m, y, k)), self._transform)
        r, g, b = converted.getpixel((0, 0))  # type: ignore[misc]
        return round(r / 255, 4), round(g / 255, 4), round(b / 255, 4)

    def colour(self, c: float, m: float, y: float, k: float) -> tuple[float, float, float]:
        """sRGB (0..1) for a CMYK colour given as ink amounts 0..1 (8 bits per ink, as the PDF carries them)."""
        return self._colour(*(max(0, min(255, round(v * 255))) for v in (c, m, y, k)))

    def image(self, image: PILImage.Image) -> PILImage.Image:
        return apply_transform(image.convert("CMYK"), self._transform)


class ScreenInks(Inks):
    """The print renderer's inks for the proof: every colour and image in sRGB, no overprinting (a screen has
    no separations to overprint)."""

    colour_space = None
    overprint = False
    name = "screen"

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        self._colours = ScreenColours(profile)
        self._made: dict[tuple[float, float, float], Color] = {}

    def _rgb(self, c: float, m: float, y: float, k: float) -> Color:
        rgb = self._colours.colour(c, m, y, k)
        made = self._made.get(rgb)
        if made is None:
            made = self._made[rgb] = Color(*rgb)
        return made

    def colour(self, colour: CMYK) -> Color:
        return self._rgb(colour.c / 100, colour.m / 100, colour.y / 100, colour.k / 100)

    def ink(self, colour: Color) -> Color:
        if not isinstance(colour, CMYKColor):  # the SVG converter makes every colour CMYK
            raise TypeError(f"expected a CMYK colour, got {colour!r}")
        return self._rgb(colour.cyan, colour.magenta, colour.yellow, colour.black)

    def image(self, image: PILImage.Image) -> PILImage.Image:
        return self._colours.image(image)
