"""SVG logos: the checks that keep an SVG printable, and its reading into a ReportLab Drawing with svglib.

The print file is PDF/X-1a: every font embedded, no transparency, nothing but CMYK. An SVG can break each of
these in ways svglib would pass over silently (text set in a stand-in Helvetica, `opacity` ignored, masks and
filters dropped), so such SVGs are refused here with the line of the element, before anything is laid out.
Colours are made CMYK later, by the print renderer, through the edition's output profile.
"""

from __future__ import annotations

import logging
import re
import xml.parsers.expat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from calendar_builder.core.limits import SVG_BYTES, SVG_ELEMENTS, SVG_POINTS, megabytes

if TYPE_CHECKING:  # ReportLab's graphics are imported where an SVG is read: `check` with a warm cache never does
    from reportlab.graphics.shapes import Drawing

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

#: Elements svglib cannot turn into embedded-font, opaque, CMYK vectors, with what to do instead.
REFUSED_ELEMENTS = {
    "text": "text in an SVG would be set in a substitute font that is not embedded; convert text to paths "
    "(Inkscape: Path ▸ Object to Path; Illustrator: Type ▸ Create Outlines) and save the SVG again",
    "image": "an SVG with an embedded raster image; use the PNG itself as the logo, or a pure vector SVG",
    "foreignObject": "<foreignObject> cannot be printed; save the logo as plain SVG paths",
    "mask": "masks are transparency, which print (PDF/X-1a) does not allow; flatten the mask in the drawing "
    "program and save the SVG again",
    "filter": "filters (blur, shadow) cannot be drawn as vectors; remove the filter or send the logo as PNG",
    "pattern": "pattern fills cannot be printed from an SVG; expand the pattern to paths or send a PNG",
}
_OPACITY_IN_STYLE = re.compile(r"(?:^|[;\s{])opacity\s*:\s*([0-9.eE+-]+%?)")
_LENGTH = re.compile(r"\s*[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?\s*(?:px|pt|pc|mm|cm|in)?\s*")
#: points per unit of an SVG length (CSS units; a bare number is a px)
_UNIT_PT = {"px": 0.75, "pt": 1.0, "pc": 12.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_NUMBER = re.compile(r"[+-]?(?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][+-]?[0-9]+)?")


class SvgLogoError(Exception):
    """Why an SVG logo cannot be printed; `line` is the line in the SVG file (0 when not tied to one)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def located(self, path: Path) -> str:
        """The message with the SVG file (and its line) in front."""
        where = f"{path}, line {self.line}" if self.line else str(path)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class _Element:
    name: str
    line: int
    attributes: dict[str, str]


def _opacity(value: str) -> float | None:
    value = value.strip()
    try:
        return float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        return None


def _scan(path: Path) -> tuple[_Element, list[_Element], list[tuple[int, str]]]:
    """The root element, every element in the SVG namespace (or none) and the text of <style> elements."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    elements: list[_Element] = []
    styles: list[tuple[int, str]] = []
    in_style: list[int] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if len(elements) >= SVG_ELEMENTS:
            line = parser.CurrentLineNumber
            raise SvgLogoError(f"has more than {SVG_ELEMENTS:,} elements; simplify the drawing", line)
        namespace, _, name = tag.rpartition(" ")
        if namespace not in ("", SVG_NAMESPACE):
            name = f"{{{namespace}}}{name}"
        elements.append(_Element(name, parser.CurrentLineNumber, attributes))
        if name == "style":
            in_style.append(parser.CurrentLineNumber)
            styles.append((parser.CurrentLineNumber, ""))

    def end(tag: str) -> None:
        if tag.rpartition(" ")[2] == "style" and in_style:
            in_style.pop()

    def text(data: str) -> None:
        if in_style:
            line, css = styles[-1]
            styles[-1] = (line, css + data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        size = path.stat().st_size
        if size > SVG_BYTES:
            raise SvgLogoError(f"is {megabytes(size)}, more than the limit of {megabytes(SVG_BYTES)} for an SVG logo")
        parser.Parse(path.read_bytes(), True)
    except xml.parsers.expat.ExpatError as exc:
        raise SvgLogoError(f"not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)})", exc.lineno) from None
    except OSError as exc:
        raise SvgLogoError(f"cannot be read ({exc.strerror or exc})") from None
    if not elements:
        raise SvgLogoError("holds no XML element")
    return elements[0], elements, styles


def _check_size(root: _Element) -> None:
    view_box = root.attributes.get("viewBox")
    if view_box is not None:
        numbers = [float(n) for n in _NUMBER.findall(view_box)]
        if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
            raise SvgLogoError(f"viewBox {view_box[:80]!r} is not 'min-x min-y width height' with a positive size",
                               root.line)  # fmt: skip
        if not all(abs(n) <= SVG_POINTS for n in numbers):
            raise SvgLogoError(f"viewBox {view_box[:80]!r} is larger than {SVG_POINTS:,.0f} units; save the logo "
                               "at a normal size", root.line)  # fmt: skip
    width, height = root.attributes.get("width"), root.attributes.get("height")
    if view_box is not None:
        width, height = width or "1", height or "1"
    if width is None or height is None:
        raise SvgLogoError("the <svg> element has neither a viewBox nor both width and height, so its size is "
                           "unknown; save it with a viewBox", root.line)  # fmt: skip
    for name, value in (("width", width), ("height", height)):
        if view_box is None and (not _LENGTH.fullmatch(value) or not float(_NUMBER.findall(value)[0]) > 0):
            raise SvgLogoError(f"{name}={value[:80]!r} is not an absolute length and there is no viewBox; "
                               "save the SVG with a viewBox", root.line)  # fmt: skip
        numbers = _NUMBER.findall(value)
        unit = value.strip()[-2:].lower()
        if numbers and not abs(float(numbers[0])) * _UNIT_PT.get(unit, 1.0) <= SVG_POINTS:
            raise SvgLogoError(f"{name}={value[:80]!r} is larger than {SVG_POINTS:,.0f} pt; save the logo at a "
                               "normal size", root.line)  # fmt: skip


def load_drawing(path: Path) -> Drawing:
    """The SVG as a fresh Drawing (the caller may change its colours), after the checks; SvgLogoError says why
    and where an SVG cannot be printed as embedded-font, opaque vectors."""
    root, elements, styles = _scan(path)
    if root.name != "svg":
        raise SvgLogoError(f"is XML but not SVG (root element <{root.name}>)", root.line)
    _check_size(root)
    for element in elements:
        if element.name.startswith("{"):
            continue  # editor metadata (Inkscape, Illustrator): not drawn
        advice = REFUSED_ELEMENTS.get(element.name)
        if advice is not None:
            raise SvgLogoError(f"<{element.name}>: {advice}", element.line)
        values = [element.attributes.get("opacity", "")]
        values += _OPACITY_IN_STYLE.findall(element.attributes.get("style", ""))
        _check_opacity(element.name, values, element.line)
    for line, css in styles:
        _check_opacity("style", _OPACITY_IN_STYLE.findall(css), line)
    drawing = _svg2rlg(path)
    if not (0 < drawing.width <= SVG_POINTS and 0 < drawing.height <= SVG_POINTS):
        raise SvgLogoError(f"is {drawing.width:g} × {drawing.height:g} pt; expected a positive size up to "
                           f"{SVG_POINTS:,.0f} pt", root.line)  # fmt: skip
    _check_shapes(drawing)
    return drawing


def _check_opacity(name: str, values: list[str], line: int) -> None:
    for value in values:
        if not value:
            continue
        opacity = _opacity(value)
        if opacity is None or opacity < 1:
            raise SvgLogoError(f"<{name}> has opacity {value.strip()}: group and element opacity cannot be "
                               "printed from an SVG (only fill-opacity and stroke-opacity, which print mixes with "
                               "the paper white); set the colours themselves and save again", line)  # fmt: skip


def _check_shapes(node: object) -> None:
    """svglib's result, in case the element checks missed a way in: no text, no raster images."""
    from reportlab.graphics.shapes import Group, Image, String

    if isinstance(node, String):
        raise SvgLogoError(f"<text> {node.text!r}: {REFUSED_ELEMENTS['text']}")
    if isinstance(node, Image):
        raise SvgLogoError(REFUSED_ELEMENTS["image"])
    if isinstance(node, Group):
        for child in node.contents:
            _check_shapes(child)


def _svg2rlg(path: Path) -> Drawing:
    from svglib.svglib import svg2rlg

    # svglib reports what it skips through logging; the checks above already refuse what matters for print
    logger = logging.getLogger("svglib.svglib")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        drawing = svg2rlg(path, external_reference_root=str(path.parent))
    except Exception as exc:  # svglib raises many kinds for malformed SVG; each becomes a message
        raise SvgLogoError(f"svglib cannot read it ({type(exc).__name__}: {exc})") from None
    finally:
        logger.setLevel(level)
    if drawing is None:
        raise SvgLogoError("svglib cannot read it")
    return drawing


def svg_size(path: Path) -> tuple[float, float]:
    """The SVG's own width and height in points, checked; layout asks several times while fitting a box."""
    stat = path.stat()
    return _size(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _size(path: str, _mtime: int, _bytes: int) -> tuple[float, float]:
    drawing = load_drawing(Path(path))
    return float(drawing.width), float(drawing.height)
