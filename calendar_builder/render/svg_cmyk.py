"""SVG logos for the print canvas: svglib's Drawing with every colour made CMYK through the output profile.

An SVG's colours are sRGB; the press prints the edition's CMYK. Each colour goes through the ICC profile
(relative colorimetric, so a logo's flat colours stay as close to the designer's as the press can get),
partly transparent colours are first mixed with the paper white (PDF/X-1a allows no transparency), and the
opacity attributes are cleared so that ReportLab writes no transparency state. What cannot be converted is
an error rather than something drawn in RGB.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from PIL import ImageCms
from reportlab.graphics import renderPDF, shapes
from reportlab.graphics.shapes import Drawing, Group, Image, String
from reportlab.lib.colors import CMYKColor, Color

from calendar_builder.media.svg import SvgLogoError, load_drawing
from calendar_builder.render.icc_apply import apply_transform

_COLOUR_ATTRIBUTES = ("fillColor", "strokeColor")
_OPACITY_ATTRIBUTES = ("fillOpacity", "strokeOpacity")


@lru_cache(maxsize=4)
def _transform(profile: str) -> ImageCms.ImageCmsTransform:
    source = ImageCms.createProfile("sRGB")
    target = ImageCms.ImageCmsProfile(io.BytesIO(Path(profile).read_bytes()))  # in memory: safe across a fork
    return ImageCms.buildTransform(source, target, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)  # fmt: skip


@lru_cache(maxsize=4096)
def srgb_to_cmyk(rgb: tuple[int, int, int], profile: str) -> tuple[int, int, int, int]:
    """One 8-bit sRGB colour in the profile's CMYK (0-255 per ink), through a one-pixel image."""
    converted = apply_transform(PILImage.new("RGB", (1, 1), rgb), _transform(profile))
    pixel = converted.getpixel((0, 0))
    assert isinstance(pixel, tuple) and len(pixel) == 4
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]), int(pixel[3]))


def _channel(value: float) -> int:
    return max(0, min(255, round(value * 255)))


def cmyk_colour(colour: Color, profile: Path) -> CMYKColor:
    """The colour as opaque CMYK: alpha mixed with paper white first, then sRGB through the output profile."""
    alpha = colour.alpha if colour.alpha is not None else 1.0
    alpha = max(0.0, min(1.0, float(alpha)))
    if isinstance(colour, CMYKColor):
        # already ink amounts (an SVG written with device-cmyk): paper white is no ink, so scale the inks
        d = colour.density * alpha
        return CMYKColor(colour.cyan * d, colour.magenta * d, colour.yellow * d, colour.black * d)
    rgb = tuple(_channel(alpha * value + (1 - alpha)) for value in (colour.red, colour.green, colour.blue))
    c, m, y, k = srgb_to_cmyk((rgb[0], rgb[1], rgb[2]), str(profile))
    return CMYKColor(c / 255, m / 255, y / 255, k / 255)


def make_cmyk(node: Any, profile: Path) -> None:
    """Convert every colour of `node` and what it contains in place, and drop its opacity attributes."""
    for part in _parts(node):
        if isinstance(part, String | Image):
            raise SvgLogoError("text and raster images inside an SVG logo cannot be printed")
        _recolour_part(part, lambda colour: cmyk_colour(colour, profile))
        for attribute in _OPACITY_ATTRIBUTES:
            if getattr(part, attribute, None) is not None:
                setattr(part, attribute, None)


def recolour(node: Any, ink: Callable[[Color], Color]) -> None:
    """Pass every colour of `node` (made CMYK) and what it contains through `ink`, in place: the same places
    as `make_cmyk`, for the proof's screen colours."""
    for part in _parts(node):
        _recolour_part(part, ink)


def _parts(node: Any) -> Iterator[Any]:
    """The node, then its clip shape's parts, then its children's, depth first."""
    yield node
    clip = getattr(node, "_clip_shape", None)
    if clip is not None:
        yield from _parts(clip)
    if isinstance(node, Group):
        for child in node.contents:
            yield from _parts(child)


def _recolour_part(node: Any, ink: Callable[[Color], Color]) -> None:
    """One node's own colours through `ink`: its colour attributes and its gradient's stops."""
    for attribute in _COLOUR_ATTRIBUTES:
        value = getattr(node, attribute, None)
        if isinstance(value, Color):
            setattr(node, attribute, ink(value))
    stops = getattr(node, "_rl_colors", None)  # svglib's gradient shapes keep their stops' colours here
    if isinstance(stops, list):
        node._rl_colors = [ink(stop) if isinstance(stop, Color) else stop for stop in stops]


def cmyk_drawing(path: Path, profile: Path) -> Drawing:
    """The SVG's checked Drawing with CMYK colours only."""
    drawing = load_drawing(path)
    make_cmyk(drawing, profile)
    return drawing


def ready_drawing(path: Path, profile: Path, ink: Callable[[Color], Color], font: tuple[str, float]) -> Drawing:
    """The SVG's checked Drawing in CMYK, its colours then passed through `ink` (what the canvas gets), starting
    from `ink`'s black and the canvas's own font (name, size)."""
    drawing = cmyk_drawing(path, profile)
    recolour(drawing, ink)
    # ReportLab starts a drawing in its own default state (RGB black, Helvetica 10 pt), which would put an RGB
    # colour and an unembedded font on the page; start from CMYK black and the canvas's own (embedded) font
    black = ink(CMYKColor(0, 0, 0, 1))
    drawing.__dict__.update(initialFillColor=black, initialStrokeColor=black)  # not in Drawing's attribute map
    drawing.initialFontName, drawing.initialFontSize = font
    return drawing


def render_drawing(canvas: Any, drawing: Drawing) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Draw the drawing at the origin of the canvas's current space; gives the operators ReportLab's renderer
    wrote for it and the PDF features it asked the document for (a colour with an alpha, even an opaque one, asks
    for transparency, which raises the file's version), or None when the drawing holds anything but plain shapes
    (text, images, svglib's gradients drawn as shadings: these use the document's resources, not only the page's
    operators)."""
    document = canvas._doc
    asked: set[str] = set()
    ensure = document.ensureMinPdfVersion

    def ensure_and_note(*keys: str) -> None:
        asked.update(keys)
        ensure(*keys)

    start = len(canvas._code)  # the renderer starts with its own `q`, so it never merges into an earlier operator
    document.ensureMinPdfVersion = ensure_and_note
    try:
        renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)
    finally:
        del document.ensureMinPdfVersion  # the class's own again
    written = tuple(canvas._code[start:])
    return (written, tuple(sorted(asked))) if all(isinstance(part, _PLAIN) for part in _parts(drawing)) else None


#: the shapes ReportLab draws with path, colour and state operators alone
_PLAIN = (Group, shapes.Path, shapes.Rect, shapes.Circle, shapes.Ellipse, shapes.Line, shapes.PolyLine, shapes.Polygon,
          shapes.Wedge)  # fmt: skip
