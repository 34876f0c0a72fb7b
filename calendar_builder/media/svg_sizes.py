"""The printed size of an SVG logo that passed the checks, kept in the build cache by the SVG's contents.

Reading an SVG means ReportLab's graphics and svglib (a fifth of a second to import) and a parse, only to learn
that the logo prints and how large it is: `check` keeps that verdict in the build cache's namespace `svg-sizes`,
keyed by the SHA-256 of the file. The namespace's version is the source of the checks (media/svg.py and the
limits) and of svglib and ReportLab's version file. An SVG that fails a check is never recorded, so its problem is
found and reported afresh every time; an SVG that refers to another file (an href that is not `#…`) is never
recorded either, as that file could change on its own.
"""

from __future__ import annotations

import hashlib
import re
import struct
from pathlib import Path

from calendar_builder.cache import Memo, code_version, package_sources
from calendar_builder.core.limits import SVG_BYTES, SVG_POINTS

#: the namespace of SVG sizes in the build cache (.cache/svg-sizes.pack)
NAMESPACE = "svg-sizes"
#: width and height in points
_SIZE = struct.Struct("<dd")
#: a reference to another file (not to an element of the SVG itself)
_OUTSIDE = re.compile(rb"""href\s*=\s*["'](?!#)""")


def memo_version() -> str:
    modules = ("calendar_builder.media.svg", "calendar_builder.media.svg_sizes", "calendar_builder.core.limits")
    libraries = (package_sources("svglib", ("svglib", "utils")), package_sources("reportlab", ("__init__",)))
    return "; ".join([code_version(*modules), *libraries])


def _read(path: Path) -> tuple[float, float]:
    from calendar_builder.media.svg import load_drawing

    drawing = load_drawing(path)
    return float(drawing.width), float(drawing.height)


def checked_size(path: Path, memo: Memo | None = None) -> tuple[float, float]:
    """Width and height in points of an SVG that passes the checks (SvgLogoError says why one does not), from the
    memo when it holds this file's contents."""
    if memo is None or path.stat().st_size > SVG_BYTES:
        return _read(path)  # a file over the limit is refused there, without being read here
    data = path.read_bytes()
    if _OUTSIDE.search(data):
        return _read(path)
    parts = hashlib.sha256(data).hexdigest()
    value = memo.get(parts, lambda: _SIZE.pack(*_read(path)))
    width, height = _SIZE.unpack(value) if len(value) == _SIZE.size else (0.0, 0.0)
    if not (0 < width <= SVG_POINTS and 0 < height <= SVG_POINTS):  # not a size the checks pass: read again
        width, height = _read(path)
        memo.put(parts, _SIZE.pack(width, height))
    return float(width), float(height)


__all__ = ["NAMESPACE", "checked_size", "memo_version"]
