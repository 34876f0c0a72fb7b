"""Removing everything active from an uploaded SVG logo, so that only its drawing is kept.

Two passes over parsed XML, never over text: Cloudflare's svg-hush (through py-svg-hush) drops scripts,
event handlers, foreign objects, entity declarations and links, and rewrites CSS; then an allowlist pass here
keeps only references inside the file (`#id`), only presentation properties in `style`, and no animation
(an `<animate>` or `<set>` can change an attribute after loading). What is left is checked for print by the
core's SVG reader. The portal serves the result with a sandboxing Content-Security-Policy as a second wall.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import xml.parsers.expat

import py_svg_hush

from calendar_builder.portal.core import SVG_ELEMENTS

SVG = "http://www.w3.org/2000/svg"
#: Logos nest groups a few levels deep; svg-hush indents its output by depth, so a small file nested
#: thousands deep would grow to gigabytes there. Refused before it gets that far.
MAX_DEPTH = 64
XLINK = "http://www.w3.org/1999/xlink"
#: Elements removed with everything inside them, whatever svg-hush kept.
REMOVED_ELEMENTS = frozenset({
    "script", "foreignObject", "iframe", "embed", "object", "handler", "listener",
    "animate", "animateMotion", "animateTransform", "animateColor", "set", "discard",
})  # fmt: skip
#: CSS properties a logo's `style` may set: how shapes are painted, nothing that loads or moves anything.
STYLE_PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity", "display",
    "visibility", "clip-path", "clip-rule", "stop-color", "stop-opacity", "color", "paint-order",
    "vector-effect", "shape-rendering", "color-interpolation", "color-interpolation-filters",
    "color-rendering", "isolation",
})  # fmt: skip


class SvgCleanError(ValueError):
    """The file is not an SVG that can be cleaned (not well-formed XML, or not SVG at all)."""


def clean_svg(data: bytes) -> bytes:
    """The SVG with nothing active left in it, as UTF-8 XML; SvgCleanError if it cannot be read as SVG."""
    _check_structure(data)
    try:
        filtered = py_svg_hush.filter_svg(data)
        root = ET.fromstring(filtered)  # svg-hush writes no DTD, so no entity can be declared here
    except (ValueError, ET.ParseError) as exc:
        raise SvgCleanError(f"not a well-formed SVG file ({exc})") from None
    if root.tag != f"{{{SVG}}}svg":
        raise SvgCleanError("the file's outer element is not <svg>")
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or _local(child.tag) in REMOVED_ELEMENTS:
                parent.remove(child)
    for element in root.iter():
        if _local(element.tag) == "a":
            element.tag = f"{{{SVG}}}g"  # a link in a logo leads nowhere; its drawing stays as a group
        _clean_attributes(element)
        if _local(element.tag) == "style" and not _safe_stylesheet(element.text or ""):
            element.text = ""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def _check_structure(data: bytes) -> None:
    """One streaming pass (expat) before anything builds a tree: well-formed, no entity declarations, not
    nested deeper than MAX_DEPTH, not more than SVG_ELEMENTS elements (the core's limit for print)."""
    parser = xml.parsers.expat.ParserCreate()
    depth, count = 0, 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth, count
        depth, count = depth + 1, count + 1
        if depth > MAX_DEPTH:
            raise SvgCleanError(f"elements nested more than {MAX_DEPTH} deep (line {parser.CurrentLineNumber})")
        if count > SVG_ELEMENTS:
            raise SvgCleanError(f"more than {SVG_ELEMENTS:,} elements; simplify the drawing")

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def entity(*args: object) -> None:
        raise SvgCleanError(f"declares XML entities (line {parser.CurrentLineNumber}); save it without a DOCTYPE")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        message = xml.parsers.expat.ErrorString(exc.code)
        raise SvgCleanError(f"not well-formed XML (line {exc.lineno}: {message})") from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _clean_attributes(element: ET.Element) -> None:
    for name, value in list(element.attrib.items()):
        local = _local(name).lower()
        lowered = value.strip().lower()
        if local.startswith("on") or lowered.startswith(("javascript:", "data:text", "vbscript:")):
            del element.attrib[name]
        elif local == "href" and not value.strip().startswith("#"):
            del element.attrib[name]
        elif local == "style":
            kept = _clean_style(value)
            if kept:
                element.attrib[name] = kept
            else:
                del element.attrib[name]
        elif "url(" in lowered and not _only_local_urls(value):
            del element.attrib[name]


def _clean_style(style: str) -> str:
    """The declarations of a style attribute that only paint, with no reference outside the file."""
    kept = []
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if colon and name in STYLE_PROPERTIES and value and _only_local_urls(value):
            kept.append(f"{name}:{value}")
    return ";".join(kept)


def _safe_stylesheet(css: str) -> bool:
    """A <style> element is kept only without at-rules (@import, @font-face) or references outside the file."""
    return "@" not in css and _only_local_urls(css)


def _only_local_urls(css: str) -> bool:
    """True when every url(…) in a CSS text points into the file itself (url(#id)); escapes count as unsafe."""
    if "\\" in css:
        return False
    lowered = css.lower()
    start = lowered.find("url(")
    while start != -1:
        end = css.find(")", start)
        target = css[start + 4 : end if end != -1 else len(css)].strip().strip("'\"").strip()
        if end == -1 or not target.startswith("#"):
            return False
        start = lowered.find("url(", end)
    return True
