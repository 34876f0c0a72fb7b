"""The print PDF: draws the decided pages in DeviceCMYK with embedded fonts, then makes the file PDF/X.

ReportLab draws; pikepdf then sets the exact TrimBox/BleedBox, the output intent with the ICC profile and the
PDF/X keys, and saves deterministically (fixed dates and document ID), so two builds give identical bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from PIL import ImageCms
from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.core.model import CMYK
from calendar_builder.edition.gates import DRAFT_MARK
from calendar_builder.edition.settings import DRAFT_KEY, MM, EditionSettings
from calendar_builder.errors import CalendarError
from calendar_builder.layout.geometry import (
    Box,
    Circle,
    Element,
    Fill,
    Group,
    Image,
    MoonIcon,
    Page,
    Polygon,
    QRCode,
    Rule,
    TextLine,
    VectorImage,
    Wedge,
)  # fmt: skip
from calendar_builder.render import textdraw
from calendar_builder.render.deflated import deflate_beside, deflating_beside_now, reportlab_streams
from calendar_builder.render.drawn_pages import LIVE, draw_page
from calendar_builder.render.icc_apply import apply_transform
from calendar_builder.render.pdfx import PRODUCER, DocumentInfo, ExactBoxes, OutputIntent, write_pdfx
from calendar_builder.render.raster_cache import ready_image
from calendar_builder.render.svg_ops import draw_svg

CROP_MARK_LENGTH = 6 * MM
CROP_MARK_GAP = 2 * MM  # between the bleed edge and the start of a mark
MOON_DARK = CMYK(0, 0, 0, 80)
AUTHOR = "Ausländerrat/Migrationsrat Heidelberg"


def marks_margin(settings: EditionSettings) -> float:
    """Extra media around the bleed that carries the crop marks (none without marks)."""
    return CROP_MARK_GAP + CROP_MARK_LENGTH + 1 * MM if settings.crop_marks else 0.0


def render_print_pdf(pages: tuple[Page, ...], settings: EditionSettings, title: str, created: datetime,
                     draft: bool = False) -> bytes:  # fmt: skip
    """The finished PDF/X file as bytes; `created` is its creation date (the build clock's document time).
    A draft says so in its title and in the key the preflight looks for (its pages carry the visible mark)."""
    if draft:
        title = f"{DRAFT_MARK}: {title}"
    raw = draw_pages(pages, settings, title)
    boxes = [ExactBoxes(*page_boxes(page, marks_margin(settings))) for page in pages]
    intent = OutputIntent(settings.icc_profile, settings.output_condition_identifier, settings.output_condition)
    extra = ((DRAFT_KEY, DRAFT_MARK),) if draft else ()
    info = DocumentInfo(title, created, author=AUTHOR, extra=extra)
    return write_pdfx(raw, settings.pdfx, intent, info, boxes)


class Inks:
    """What the renderer hands the canvas for the layout's CMYK: the press's own inks, unchanged. The proof's
    screen version draws the same pages with another set (render/screen_colour.py) that hands sRGB instead."""

    #: the canvas refuses any other colour space; black text overprints
    colour_space: str | None = "cmyk"
    overprint = True
    #: what tells these inks apart in the build cache's drawn logos (render/svg_ops.py), with the profile they
    #: convert through (none: the press's inks are the colours as they are)
    name = "press"
    profile: Path | None = None

    def colour(self, colour: CMYK) -> Color:
        return _colour(colour)

    def ink(self, colour: Color) -> Color:
        """An SVG logo's colour, already made CMYK through the output profile."""
        return colour

    def image(self, image: PILImage.Image) -> PILImage.Image:
        """A raster image, already made CMYK through the output profile."""
        return image


PRESS = Inks()


def draw_pages(pages: tuple[Page, ...], settings: EditionSettings, title: str, inks: Inks = PRESS) -> bytes:
    # Binary streams, not ASCII85 text: a third smaller and quicker to write (the file is never sent as 7-bit text).
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        with reportlab_streams():
            return _draw_pages(pages, settings, title, inks)
    finally:
        rl_config.useA85 = saved


def _canvas(buffer: io.BytesIO, size: tuple[float, float], inks: Inks) -> Canvas:
    """A canvas as every page is drawn on: deterministic, deflated, in the inks' colour space, starting in the
    shipped sans (no Helvetica)."""
    return Canvas(
        buffer,
        pagesize=size,
        invariant=1,
        pageCompression=1,
        enforceColorSpace=inks.colour_space,
        initialFontName=textdraw.register_fonts(),
        initialFontSize=10,
    )


def draw_svg_logos_ahead(paths: Iterable[Path], settings: EditionSettings) -> None:
    """Draw each SVG logo on a scratch canvas in each graphics state a page meets a logo in (overprint never set on
    the page, or set off again after black text), so that the build cache's drawn logos (render/svg_ops.py) hold
    what drawing the pages will ask for: what a worker does while the building process reads the data, sparing it
    svglib and the drawing (build.media_measured_beside). Drawing a logo does not depend on where it is placed."""
    canvas = _canvas(io.BytesIO(), (100.0, 100.0), PRESS)
    box = Box(0.0, 0.0, 100.0, 100.0)
    for path in paths:
        for overprint_set_off in (False, True):
            canvas.saveState()
            if overprint_set_off:
                canvas.setFillOverprint(True)
                canvas.setFillOverprint(False)
            try:
                draw_svg(canvas, path, box, settings.icc_profile, PRESS)
            except Exception:  # the pages' drawing meets it again and says what it is
                pass
            canvas.restoreState()


def _draw_pages(pages: tuple[Page, ...], settings: EditionSettings, title: str, inks: Inks) -> bytes:
    buffer = io.BytesIO()
    first = pages[0]
    offset = first.bleed + marks_margin(settings)
    canvas = _canvas(buffer, (first.width + 2 * offset, first.height + 2 * offset), inks)
    canvas.setTitle(title)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    # what a page's operators depend on besides the page and the document's state (render/drawn_pages.py): the
    # inks and the files they convert through, where the page sits on its sheet
    profiles = (settings.icc_profile, *([inks.profile] if inks.profile else []))
    drawn_with = (inks.name, offset, settings.crop_marks)
    for page in pages:
        canvas.setPageSize((page.width + 2 * offset, page.height + 2 * offset))
        draw_page(canvas, page, drawn_with, profiles, partial(_draw_page, canvas, page, settings, inks, offset),
                  partial(_draw_live, canvas, page, settings, inks))  # fmt: skip
        canvas.showPage()
        _deflate_shown_page(canvas)
    canvas.save()
    return buffer.getvalue()


def _deflate_shown_page(canvas: Any) -> None:
    """Deflate the operators of the page just shown in a thread while the next is drawn, in a build that lets
    it (render/deflated.py): they are final, and ReportLab's Flate filter gets them as UTF-8 when the file is
    written."""
    page = canvas._doc.Pages.pages[-1]
    if deflating_beside_now() and page.compression and isinstance(page.stream, str):
        deflate_beside(page.stream.encode("utf-8"))


def _draw_page(canvas: Any, page: Page, settings: EditionSettings, inks: Inks, offset: float,
               live: Callable[[int, bool, Callable[[], None]], None] | None) -> None:  # fmt: skip
    """Draw the page's elements in order (paper white needs no ink), each live element (see drawn_pages.LIVE)
    through `live` when given."""
    canvas.saveState()
    canvas.translate(offset, offset)
    pen = _Pen()
    for index, element in enumerate(page.elements):
        if live is not None and isinstance(element, LIVE):
            live(index, pen.overprinting, partial(_draw, canvas, element, settings, pen, inks))
        else:
            _draw(canvas, element, settings, pen, inks)
    pen.overprint(canvas, False)
    if settings.crop_marks:
        _crop_marks(canvas, page, inks)
    canvas.restoreState()


def _draw_live(canvas: Any, page: Page, settings: EditionSettings, inks: Inks, index: int, overprinting: bool) -> None:
    """Draw one live element of the page again, meeting the overprint flag it met when the page was drawn."""
    pen = _Pen()
    pen.overprinting = overprinting
    _draw(canvas, page.elements[index], settings, pen, inks)


def _colour(colour: CMYK) -> CMYKColor:
    return CMYKColor(colour.c / 100, colour.m / 100, colour.y / 100, colour.k / 100)


def _is_text_black(colour: CMYK) -> bool:
    return colour.c == colour.m == colour.y == 0 and colour.k == 100


class _Pen:
    """Graphics state the renderer tracks to avoid repeating it: the fill overprint flag, which is on for 100 % K
    text only (black text overprints; everything else knocks out)."""

    def __init__(self) -> None:
        self.overprinting = False

    def overprint(self, canvas: Any, on: bool) -> None:
        if on != self.overprinting:
            canvas.setFillOverprint(on)
            self.overprinting = on


def _draw(canvas: Any, element: Element, settings: EditionSettings, pen: _Pen, inks: Inks) -> None:
    if not isinstance(element, TextLine | Group):
        pen.overprint(canvas, False)
    if isinstance(element, Fill):
        canvas.setFillColor(inks.colour(element.colour))
        box = element.box
        if element.radius:
            canvas.roundRect(box.x, box.y, box.w, box.h, element.radius, stroke=0, fill=1)
        else:
            canvas.rect(box.x, box.y, box.w, box.h, stroke=0, fill=1)
    elif isinstance(element, Rule):
        canvas.setStrokeColor(inks.colour(element.colour))
        canvas.setLineWidth(element.width)
        canvas.line(element.x1, element.y1, element.x2, element.y2)
    elif isinstance(element, Circle):
        if element.fill is not None:
            canvas.setFillColor(inks.colour(element.fill))
        if element.stroke is not None:
            canvas.setStrokeColor(inks.colour(element.stroke))
            canvas.setLineWidth(element.stroke_width)
        canvas.circle(element.cx, element.cy, element.r, stroke=int(element.stroke is not None),
                      fill=int(element.fill is not None))  # fmt: skip
    elif isinstance(element, Wedge):
        canvas.setFillColor(inks.colour(element.colour))
        r = element.r
        canvas.wedge(element.cx - r, element.cy - r, element.cx + r, element.cy + r, element.start, element.extent,
                     stroke=0, fill=1)  # fmt: skip
    elif isinstance(element, Polygon):
        canvas.setFillColor(inks.colour(element.colour))
        path = canvas.beginPath()
        path.moveTo(*element.points[0])
        for point in element.points[1:]:
            path.lineTo(*point)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    elif isinstance(element, MoonIcon):
        _moon(canvas, element, inks)
    elif isinstance(element, TextLine):
        canvas.setFillColor(inks.colour(element.colour))
        pen.overprint(canvas, inks.overprint and _is_text_black(element.colour))
        textdraw.draw(canvas, element.text, element.x, element.baseline, element.size, element.bold)
    elif isinstance(element, QRCode):
        canvas.setFillColor(inks.colour(element.colour))
        module = element.box.w / element.size
        top = element.box.top
        for row, column, length in element.runs:
            canvas.rect(element.box.x + column * module, top - (row + 1) * module, length * module, module,
                        stroke=0, fill=1)  # fmt: skip
    elif isinstance(element, Image):
        _image(canvas, element, settings, inks)
    elif isinstance(element, VectorImage):
        draw_svg(canvas, Path(element.path), element.box, settings.icc_profile, inks)
    elif isinstance(element, Group):
        pen.overprint(canvas, False)
        canvas.saveState()
        _clip(canvas, element.clip)
        inner = _Pen()
        for child in element.elements:
            _draw(canvas, child, settings, inner, inks)
        canvas.restoreState()  # back to the state before the group: overprint off
    else:  # pragma: no cover - the Element union is closed
        raise TypeError(f"cannot draw {element!r}")


def _clip(canvas: Any, box: Box) -> None:
    path = canvas.beginPath()
    path.rect(box.x, box.y, box.w, box.h)
    canvas.clipPath(path, stroke=0, fill=0)


def _moon(canvas: Any, icon: MoonIcon, inks: Inks) -> None:
    """Dark = the unlit part: new moon filled, full moon open, quarters half filled (as seen from Europe)."""
    dark = inks.colour(MOON_DARK)
    canvas.setStrokeColor(dark)
    canvas.setLineWidth(max(0.5, icon.r * 0.12))
    canvas.setFillColor(inks.colour(CMYK(0, 0, 0, 0)))
    canvas.circle(icon.cx, icon.cy, icon.r, stroke=1, fill=1 if icon.phase != "new" else 0)
    canvas.setFillColor(dark)
    r = icon.r
    if icon.phase == "new":
        canvas.circle(icon.cx, icon.cy, r, stroke=0, fill=1)
    elif icon.phase == "first-quarter":  # right half lit
        canvas.wedge(icon.cx - r, icon.cy - r, icon.cx + r, icon.cy + r, 90, 180, stroke=0, fill=1)
    elif icon.phase == "last-quarter":  # left half lit
        canvas.wedge(icon.cx - r, icon.cy - r, icon.cx + r, icon.cy + r, -90, 180, stroke=0, fill=1)


#: Images far sharper than print can show are resampled down to this resolution at their printed size.
MAX_PPI = 450


def cmyk_image(path: Path, profile: Path, placed: tuple[float, float] | None = None) -> PILImage.Image:
    """The image in the output profile's CMYK: RGB (or grey) through ICC conversion, never sent as RGB.

    With `placed` (width, height in points) an image above 1.5 × MAX_PPI there is first resampled to MAX_PPI:
    a 600-pixel logo printed 2 cm wide carries three times the pixels the press can use.
    """
    try:
        with PILImage.open(path) as opened:
            image = opened.copy()
    except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
        # checked when the data was read; a file changed since then still gets a message naming it
        raise CalendarError(f"{path}: cannot read the image ({exc})") from None
    if placed is not None:
        # images are scaled to cover their box, so the larger ratio decides the printed resolution
        factor = max(placed[0] / 72 * MAX_PPI / image.width, placed[1] / 72 * MAX_PPI / image.height)
        if factor < 1 / 1.5:
            if image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
                image = image.convert("RGBA")
            size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
            image = image.resize(size, PILImage.Resampling.LANCZOS)
    if image.mode == "CMYK":
        return image
    embedded = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # PDF/X-1a allows no transparency: flatten onto paper white before converting
        rgba = image.convert("RGBA")
        image = PILImage.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    image = image.convert("RGB")
    return apply_transform(image, _to_cmyk(embedded, str(profile)))


@lru_cache(maxsize=16)
def _to_cmyk(embedded: bytes | None, profile: str) -> ImageCms.ImageCmsTransform:
    """The RGB -> output-CMYK transform, built once per source profile (building it costs more than applying it).

    The target profile is read into memory: opened by name, littleCMS keeps the file open and reads it lazily, and a
    forked worker (the proof's A4 version) would share that file offset with its parent."""
    source = ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded else ImageCms.createProfile("sRGB")
    target = ImageCms.ImageCmsProfile(io.BytesIO(Path(profile).read_bytes()))
    return ImageCms.buildTransform(source, target, "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)


def raster_images(pages: tuple[Page, ...], settings: EditionSettings) -> list[tuple[Path, Path, tuple[float, float]]]:
    """Each raster image the pages draw: its file, the profile it is converted through and its placed size."""
    return [
        (Path(element.path), settings.icc_profile, (element.box.w, element.box.h))
        for page in pages
        for element in page.walk()
        if isinstance(element, Image)
    ]


def converted_image(path: Path, profile: Path, placed: tuple[float, float], inks: Inks = PRESS) -> PILImage.Image:
    """The image as `inks` are handed it at its placed size."""
    return inks.image(cmyk_image(path, profile, placed))


def _image(canvas: Any, element: Image, settings: EditionSettings, inks: Inks) -> None:
    box = element.box
    path, profile, placed = Path(element.path), settings.icc_profile, (box.w, box.h)
    image = ready_image(path, profile, placed, inks, lambda: converted_image(path, profile, placed, inks))
    scale = max(box.w / image.width, box.h / image.height)
    w, h = image.width * scale, image.height * scale
    canvas.saveState()
    _clip(canvas, box)
    canvas.drawImage(ImageReader(image), box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)
    canvas.restoreState()


def _crop_marks(canvas: Any, page: Page, inks: Inks) -> None:
    """Thin 100 % K marks at the trim lines, starting outside the bleed so that none reaches the page."""
    canvas.setStrokeColor(inks.colour(CMYK(0, 0, 0, 100)))
    canvas.setLineWidth(0.25)
    start = page.bleed + CROP_MARK_GAP
    end = start + CROP_MARK_LENGTH
    for x in (0.0, page.width):
        for y in (0.0, page.height):
            sx = -1 if x == 0 else 1
            sy = -1 if y == 0 else 1
            canvas.line(x + sx * start, y, x + sx * end, y)
            canvas.line(x, y + sy * start, x, y + sy * end)


BOX_PLACES = Decimal("0.0001")


def page_boxes(page: Page, marks: float) -> tuple[list[Decimal], list[Decimal], list[Decimal]]:
    """MediaBox, BleedBox and TrimBox from the same four numbers (trim width and height, bleed, marks margin),
    each rounded once to 1/10000 pt and then only added: every box lies exactly within the next, digit for digit,
    as the file stores them."""
    width, height = (Decimal(repr(v)).quantize(BOX_PLACES) for v in (page.width, page.height))
    bleed = Decimal(repr(page.bleed)).quantize(BOX_PLACES)
    margin = Decimal(repr(marks)).quantize(BOX_PLACES)
    zero = Decimal("0")
    media = [zero, zero, width + 2 * (bleed + margin), height + 2 * (bleed + margin)]
    bleed_box = [margin, margin, margin + width + 2 * bleed, margin + height + 2 * bleed]
    trim = [margin + bleed, margin + bleed, margin + bleed + width, margin + bleed + height]
    return media, bleed_box, trim
