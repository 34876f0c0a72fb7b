"""SVG logos on a canvas, and the operators a drawn logo writes, kept in the build cache.

Drawing an SVG logo means svglib and ReportLab's graphics (about 0.4 s to import), a parse, a CMYK conversion of
every colour through the output profile and ReportLab's renderer, and a logo is the same from build to build. What
the renderer writes for a logo of plain shapes is only path, colour and graphics-state operators on the page,
drawn at the origin of the space the logo is placed in; while a command has opened the build cache's namespace
for its inks (see `NAMESPACES` and `ops_through`), those operators are kept with the logo's size and the PDF
features the drawing asked the document for (an opaque colour's alpha raises the raw file's version), and written
again with `addLiteral`, which puts the same bytes into the page. A record is keyed by all that the operators
depend on: the SHA-256 of the SVG file and of the output profile, the inks (the press's CMYK, or the proof's screen
colours and their profile), the canvas's font, graphics-state values and invariance. Not by the box: placing
(clip, move, scale) is drawn here each time. The namespaces' version is the source of the modules that read,
convert and draw an SVG and of the library modules they call, read without importing them.

A logo that uses the document's resources (text, images, svglib's gradients drawn as shadings) is never recorded,
nor is an SVG that refers to another file (which could change on its own): those are drawn afresh every time. A
record is used only if it decodes to operators of the kinds recorded, with their operands and balanced saves.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from calendar_builder.cache import Beside, DrawnRecords, Memo, code_version, file_digest, package_sources
from calendar_builder.core.limits import SVG_BYTES, SVG_POINTS
from calendar_builder.layout.geometry import Box
from calendar_builder.media.image_sizes import refers_outside

if TYPE_CHECKING:
    from calendar_builder.render.print_pdf import Inks

#: the namespaces of drawn SVG logos in the build cache by inks (.cache/svg-ops-press.pack, svg-ops-screen.pack): a
#: build draws in the press's inks and a proof in screen colours, and each keeps only the records it used
NAMESPACES = {"press": "svg-ops-press", "screen": "svg-ops-screen"}
#: the drawing's width and height in points and the PDF features it needs (bits of _FEATURES); the operators
#: follow, one per line, in ASCII
_HEAD = struct.Struct("<ddB")
#: what a plain drawing may ask of the document (ReportLab's keys for the lowest PDF version that has them)
_FEATURES = ("transparency",)
#: the operators a plain drawing writes, with the number of operands each takes (a dash array counts as one)
_OPERANDS = {
    "q": 0, "Q": 0, "cm": 6, "w": 1, "J": 1, "j": 1, "M": 1, "d": 2,
    "k": 4, "K": 4, "rg": 3, "RG": 3, "g": 1, "G": 1,
    "m": 2, "l": 2, "c": 6, "v": 4, "y": 4, "h": 0, "re": 4,
    "f": 0, "F": 0, "f*": 0, "S": 0, "s": 0, "B": 0, "B*": 0, "b": 0, "b*": 0, "n": 0, "W": 0, "W*": 0,
}  # fmt: skip
#: a number as ReportLab writes it (PDF has no exponents)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")


T = TypeVar("T")


@dataclass(frozen=True)
class DrawnLogo:
    """What the renderer wrote for a logo at the origin, the PDF features it asked the document for, and the logo's
    own size in points."""

    width: float
    height: float
    ops: str
    features: tuple[str, ...] = ()


def memo_version() -> str:
    """This module's source, the source of the modules that read, convert and draw an SVG, and of svglib's and
    ReportLab's drawing modules, ReportLab's number formatting (rl_accel) and Pillow's colour management (read
    without importing them, which a warm cache never needs)."""
    modules = (
        "calendar_builder.render.svg_ops",
        "calendar_builder.render.svg_cmyk",
        "calendar_builder.render.screen_colour",
        "calendar_builder.render.print_pdf",
        "calendar_builder.render.icc_apply",
        "calendar_builder.media.svg",
        "calendar_builder.media.image_sizes",
        "calendar_builder.core.limits",
        "_rl_accel",
    )
    reportlab = ("__init__", "rl_config", "rl_settings", "graphics/shapes", "graphics/renderbase",
                 "graphics/renderPDF", "graphics/transform", "pdfgen/canvas", "pdfgen/pathobject",
                 "pdfgen/textobject", "lib/colors", "lib/rl_accel")  # fmt: skip
    libraries = (
        package_sources("svglib", ("__init__", "svglib", "utils", "fonts")),
        package_sources("reportlab", reportlab),
        package_sources("PIL", ("_version", "ImageCms")),
        package_sources("lxml", ("__init__",)),
    )
    return "; ".join([code_version(*modules), *libraries])


def encode(logo: DrawnLogo) -> bytes:
    flags = sum(1 << _FEATURES.index(feature) for feature in logo.features)
    return _HEAD.pack(logo.width, logo.height, flags) + logo.ops.encode("ascii")


@lru_cache(maxsize=256)
def decode(data: bytes) -> DrawnLogo | None:
    """The logo a record holds; None for a record that is not a size and operators a plain drawing writes (then
    the logo is drawn afresh)."""
    if len(data) <= _HEAD.size:
        return None
    width, height, flags = _HEAD.unpack_from(data)
    if not (0 < width <= SVG_POINTS and 0 < height <= SVG_POINTS) or flags >> len(_FEATURES):
        return None
    try:
        ops = data[_HEAD.size :].decode("ascii")
    except UnicodeDecodeError:
        return None
    features = tuple(feature for bit, feature in enumerate(_FEATURES) if flags >> bit & 1)
    return DrawnLogo(width, height, ops, features) if plain_operators(ops) else None


#: the memo of the running command (see `ops_through`; without one every logo is drawn here) and the records this
#: process used or made, for a worker to hand back (see `drawn_here`)
_records = DrawnRecords(decode)


def plain_operators(ops: str) -> bool:
    """Whether the text is a sequence of the operators a plain drawing writes, each with its operands, that saves
    and restores the graphics state in pairs (so it leaves the page's state as it found it) and ends with an
    operator; nothing of the document (fonts, images, shadings, graphics-state dictionaries) is named."""
    operands = 0
    depth = 0
    in_array = False
    for token in ops.replace("[", " [ ").replace("]", " ] ").split():
        if token == "[":
            if in_array:
                return False
            in_array = True
        elif token == "]":
            if not in_array:
                return False
            in_array = False
            operands += 1
        elif _NUMBER.fullmatch(token):
            if not in_array:
                operands += 1
        elif in_array or _OPERANDS.get(token) != operands:
            return False
        else:
            operands = 0
            depth += token == "q"
            depth -= token == "Q"
            if depth < 0:
                return False
    return depth == 0 and operands == 0 and not in_array and bool(ops.strip())


def _place(canvas: Any, box: Box, width: float, height: float, draw: Callable[[], T]) -> T:
    """Run `draw` (which draws at the origin) with the logo scaled to fit `box` (proportions kept, centred),
    clipped to it as SVG clips its viewport."""
    scale = min(box.w / width, box.h / height)
    w, h = width * scale, height * scale
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(box.x, box.y, box.w, box.h)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.translate(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2)
    canvas.scale(scale, scale)
    try:
        return draw()
    finally:
        canvas.restoreState()


def _key(canvas: Any, path: Path, profile: Path, inks: Inks) -> tuple[object, ...] | None:
    """Everything the operators of this logo depend on; None for an SVG that is never recorded."""
    from reportlab import rl_config

    try:
        if path.stat().st_size > SVG_BYTES:
            return None  # refused when drawn, with its message
        data = path.read_bytes()
        if refers_outside(data):
            return None
        screen = file_digest(inks.profile) if inks.profile is not None else None
        # the renderer sets the overprint state only where it differs from the canvas's (a `gs` that is never
        # recorded), so the canvas's graphics-state values are part of the key
        state = tuple(sorted(canvas._extgstate._d.items()))
        return ("svg", hashlib.sha256(data).hexdigest(), file_digest(profile), inks.name, screen,
                canvas._fontname, canvas._fontsize, state, bool(rl_config.invariant))  # fmt: skip
    except OSError:
        return None  # reported when drawn


def draw_svg(canvas: Any, path: Path, box: Box, profile: Path, inks: Inks) -> None:
    """Draw the SVG logo scaled to fit `box` (proportions kept, centred), clipped to it, its CMYK colours made
    what `inks` hands the canvas; from the build cache when it holds this logo, else drawn (and then recorded)."""
    key = _key(canvas, path, profile, inks) if _records.memo is not None else None
    if key is not None:
        logo = _records.find(key)
        given = _ahead.pop(key) if logo is None and _ahead else None
        if given is not None:
            logo = decode(given)
            if logo is not None:
                _records.keep(key, given)
        if logo is not None:
            if logo.features:
                canvas._doc.ensureMinPdfVersion(*logo.features)
            _place(canvas, box, logo.width, logo.height, lambda: canvas.addLiteral(logo.ops))
            return
    from calendar_builder.render.svg_cmyk import ready_drawing, render_drawing

    drawing = ready_drawing(path, profile, inks.ink, (canvas._fontname, canvas._fontsize))
    width, height = float(drawing.width), float(drawing.height)
    written = _place(canvas, box, width, height, lambda: render_drawing(canvas, drawing))
    if key is None or written is None or not set(written[1]) <= set(_FEATURES):
        return
    made = DrawnLogo(width, height, "\n".join(written[0]), written[1])
    if decode(encode(made)) == made:
        _records.keep(key, encode(made))


#: drawn logos a worker made ahead of the pages (see `drawn_beside`), by key
_ahead: Beside[object] = Beside()


@contextmanager
def ops_through(memo: Memo) -> Iterator[Memo]:
    """Read and add drawn logos through the memo while the block runs."""
    with _records.through(memo):
        yield memo


def drawn_beside(take: Callable[[], tuple[tuple[object, bytes], ...]]) -> AbstractContextManager[None]:
    """While the block runs, the first logo the memo lacks asks `take` for the logos a worker drew ahead of the
    pages, in every state a page may meet them in (print_pdf.draw_svg_logos_ahead; waited for only then); a page
    that draws one takes its record into the build cache, which so keeps only the records the pages used."""
    return _ahead.giving(take)


def drawn_here() -> tuple[tuple[object, bytes], ...]:
    """The records this process used or made while the memo was open: what a forked worker that draws hands back,
    as its memo's use is its own."""
    return _records.here()


def keep_drawn(records: tuple[tuple[object, bytes], ...]) -> None:
    """Count records another process used or made (see `drawn_here`) as used here, for the next run."""
    _records.adopt(records)


__all__ = ["NAMESPACES", "DrawnLogo", "decode", "draw_svg", "drawn_beside", "drawn_here", "encode", "keep_drawn",
           "memo_version", "ops_through", "plain_operators"]  # fmt: skip
