"""The size of a logo that passed the checks, kept in the build cache by the file's contents.

Reading an SVG means ReportLab's graphics and svglib (a fifth of a second to import) and a parse, and checking a
PNG or JPEG logo means Pillow and decoding every pixel, only to learn that the logo prints and how large it is:
`check` keeps that verdict in the build cache's namespace `image-sizes`, keyed by the SHA-256 of the file (and,
for pixels, the limits it was checked against). The namespace's version is the source of the checks
(media/svg.py, media/guard.py, the limits, this module) and of svglib, ReportLab's version file and Pillow's image
modules. A logo that fails a check is never recorded, so its problem is found and reported afresh every time; an
SVG that refers to another file (an href that is not `#…`) is never recorded either, as that file could change on
its own.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable
from pathlib import Path

from calendar_builder.cache import Memo, code_version, package_sources
from calendar_builder.core.limits import SVG_BYTES, SVG_POINTS

#: the namespace of image sizes in the build cache (.cache/image-sizes.pack)
NAMESPACE = "image-sizes"
#: an SVG's width and height in points
_SIZE = struct.Struct("<dd")
#: an image's width and height in pixels
_PIXELS = struct.Struct("<II")
#: a reference to another file (not to an element of the SVG itself)
_OUTSIDE = re.compile(rb"""href\s*=\s*["'](?!#)""")


def refers_outside(svg: bytes) -> bool:
    """Whether the SVG refers to another file (an href that is not `#…`): what it draws can then change while its
    own bytes stay the same, so nothing made from it is kept in the build cache."""
    return _OUTSIDE.search(svg) is not None


def memo_version() -> str:
    modules = (
        "calendar_builder.media.svg",
        "calendar_builder.media.guard",
        "calendar_builder.media.image_sizes",
        "calendar_builder.core.limits",
    )
    libraries = (
        package_sources("svglib", ("svglib", "utils")),
        package_sources("reportlab", ("__init__",)),
        package_sources("PIL", ("_version", "Image", "ImageFile", "PngImagePlugin", "JpegImagePlugin")),
    )
    return "; ".join([code_version(*modules), *libraries])


def _read(path: Path) -> tuple[float, float]:
    from calendar_builder.media.svg import load_drawing

    drawing = load_drawing(path)
    return float(drawing.width), float(drawing.height)


def svg_size(path: Path, memo: Memo | None = None) -> tuple[float, float]:
    """Width and height in points of an SVG that passes the checks (SvgLogoError says why one does not), from the
    memo when it holds this file's contents."""
    if memo is None or path.stat().st_size > SVG_BYTES:
        return _read(path)  # a file over the limit is refused there, without being read here
    data = path.read_bytes()
    if refers_outside(data):
        return _read(path)
    parts = ("svg", hashlib.sha256(data).hexdigest())
    value = memo.get(parts, lambda: _SIZE.pack(*_read(path)))
    width, height = _SIZE.unpack(value) if len(value) == _SIZE.size else (0.0, 0.0)
    if not (0 < width <= SVG_POINTS and 0 < height <= SVG_POINTS):  # not a size the checks pass: read again
        width, height = _read(path)
        memo.keep(parts, _SIZE.pack(width, height))
    return float(width), float(height)


class _Refused(Exception):
    """The image failed a check (reported by the measuring function): nothing is recorded."""


def raster_size(
    path: Path,
    max_pixels: int,
    max_bytes: int,
    measure: Callable[[], tuple[int, int] | None],
    memo: Memo | None = None,
) -> tuple[int, int] | None:
    """Width and height in pixels of a PNG or JPEG that passes the checks, from the memo when it holds this file's
    contents checked against these limits; else `measure()`, which runs the checks, reports what fails them and
    gives None for such an image."""
    try:
        if memo is None or path.stat().st_size > max_bytes:
            return measure()  # a file over the limit is refused there, without being read here
        data = path.read_bytes()
    except OSError:
        return measure()  # an unreadable file is reported there
    parts = ("pixels", hashlib.sha256(data).hexdigest(), max_pixels, max_bytes)

    def measured() -> bytes:
        pixels = measure()
        if pixels is None:
            raise _Refused
        return _PIXELS.pack(*pixels)

    try:
        value = memo.get(parts, measured)
    except _Refused:
        return None
    width, height = _PIXELS.unpack(value) if len(value) == _PIXELS.size else (0, 0)
    if not (0 < width * height <= max_pixels):  # not a size the checks pass: check again
        pixels = measure()
        if pixels is not None:
            memo.keep(parts, _PIXELS.pack(*pixels))
        return pixels
    return int(width), int(height)


__all__ = ["NAMESPACE", "memo_version", "raster_size", "svg_size"]
