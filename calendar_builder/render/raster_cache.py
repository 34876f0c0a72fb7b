"""Raster logos and artwork as the renderer hands them to ReportLab, kept in the build cache.

Every build opened each PNG or JPEG, resampled it to the press's resolution at its printed size and converted it
through the output profile (the proof on to screen colours): about 15 ms a logo, the same from build to build.
Of the image it is handed ReportLab reads only the mode, the size and the pixels (the image is drawn without a
mask), so a record holds exactly those, the pixels compressed, and an image made from a record prints byte for
byte like one converted afresh. While a command has opened the namespace for its inks (see `NAMESPACES` and
`images_through`), a record is found by the SHA-256 of the image file and of the output profile, the size the
image is placed at, the inks and their screen profile, and the namespace's version: the source of the modules
that convert and Pillow's and littleCMS's versions. A record that does not decode to pixels of the size it states
is converted afresh, and an image whose pixels exceed `RECORD_BYTES` is never recorded.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image as PILImage

from calendar_builder.cache import Beside, DrawnRecords, Memo, code_version, file_digest, package_sources

if TYPE_CHECKING:
    from calendar_builder.render.print_pdf import Inks

#: the namespaces of converted images in the build cache by inks (.cache/raster-press.pack, raster-screen.pack)
NAMESPACES = {"press": "raster-press", "screen": "raster-screen"}
#: the modes ReportLab takes as they are (anything else it converts itself, so is never recorded)
MODES = ("CMYK", "RGB", "L")
#: mode (index in MODES), width and height in pixels; the compressed pixels follow
_HEAD = struct.Struct("<BII")
#: the largest image recorded, in bytes of pixels: a logo is well under a megabyte, while a full-page artwork at
#: press resolution would make the pack that every build reads a hundred times larger
RECORD_BYTES = 32 * 1024 * 1024


def memo_version() -> str:
    """This module's source, the source of the modules that convert an image for the press or the screen, and
    Pillow's and littleCMS's versions."""
    from PIL import ImageCms

    modules = (
        "calendar_builder.render.raster_cache",
        "calendar_builder.render.print_pdf",
        "calendar_builder.render.screen_colour",
        "calendar_builder.render.icc_apply",
    )
    pillow = package_sources("PIL", ("_version", "Image", "ImageCms"))
    return "; ".join([code_version(*modules), pillow, f"littleCMS {ImageCms.core.littlecms_version}"])


def encode(image: PILImage.Image) -> bytes | None:
    """A record of the image; None for one that is never recorded (another mode, or too large)."""
    if image.mode not in MODES or image.width * image.height * len(image.mode) > RECORD_BYTES:
        return None
    return _HEAD.pack(MODES.index(image.mode), image.width, image.height) + zlib.compress(image.tobytes(), 1)


def decode(data: bytes) -> PILImage.Image | None:
    """The image a record holds; None for a record that is not a mode, a size and exactly its pixels."""
    if len(data) < _HEAD.size:
        return None
    mode_index, width, height = _HEAD.unpack_from(data)
    if mode_index >= len(MODES) or not 0 < width * height * len(MODES[mode_index]) <= RECORD_BYTES:
        return None
    mode = MODES[mode_index]
    expected = width * height * len(mode)
    inflate = zlib.decompressobj()
    try:
        pixels = inflate.decompress(data[_HEAD.size :], expected)
    except zlib.error:
        return None
    if len(pixels) != expected or inflate.unconsumed_tail or inflate.unused_data or not inflate.eof:
        return None
    return PILImage.frombytes(mode, (width, height), pixels)


#: the memo of the running command (see `images_through`; without one every image is converted here) and the
#: records this process used or made, for a worker to hand back (see `converted_here`)
_records = DrawnRecords(decode)
#: records (key, record) of images converted elsewhere
Records = tuple[tuple[object, bytes], ...]
#: an image still to be converted: its record's key, file, profile and placed size
Pending = tuple[object, Path, Path, tuple[float, float]]
#: the records a worker is converting, while `converted_beside` runs, by key
_ahead: Beside[object] = Beside()


def _key(path: Path, profile: Path, placed: tuple[float, float], inks: Inks) -> tuple[object, ...] | None:
    """Everything the converted image depends on; None when a file cannot be read (converting says why)."""
    try:
        screen = file_digest(inks.profile) if inks.profile is not None else None
        return ("raster", file_digest(path), file_digest(profile), placed, inks.name, screen)
    except OSError:
        return None


def ready_image(path: Path, profile: Path, placed: tuple[float, float], inks: Inks,
                convert: Callable[[], PILImage.Image]) -> PILImage.Image:  # fmt: skip
    """The image at `path` as `convert` makes it for `inks` at its printed size `placed` (points): from the build
    cache when it holds it, or from what a worker converted meanwhile (see `converted_beside`), else converted
    (and then recorded)."""
    key = _key(path, profile, placed, inks) if _records.memo is not None else None
    if key is not None:
        image = _records.find(key)
        given = _ahead.pop(key) if image is None and _ahead else None  # the first asks for (and waits for) them
        if given is not None:
            image = decode(given)
            if image is not None:
                _records.keep(key, given)
        if image is not None:
            return image
    image = convert()
    record = encode(image) if key is not None else None
    if record is not None:
        _records.keep(key, record)
    return image


@contextmanager
def images_through(memo: Memo) -> Iterator[Memo]:
    """Read and add converted images through the memo while the block runs."""
    with _records.through(memo):
        yield memo


def not_held(images: Iterable[tuple[Path, Path, tuple[float, float]]], inks: Inks) -> list[Pending]:
    """Each of the images (path, profile, placed size) whose record the open memo lacks, once, with its key; none
    without an open memo."""
    memo = _records.memo
    if memo is None:
        return []
    pending: dict[object, Pending] = {}
    for path, profile, placed in images:
        key = _key(path, profile, placed, inks)
        if key is not None and not memo.holds([memo.key(key)]):
            pending.setdefault(key, (key, path, profile, placed))
    return list(pending.values())


def convert_all(
    pending: Iterable[Pending], convert: Callable[[Path, Path, tuple[float, float]], PILImage.Image]
) -> Records:
    """The records of the images `not_held` gave, each converted by `convert` (in a forked worker, while the pages
    before them are drawn: see `converted_beside`)."""
    made = ((key, encode(convert(path, profile, placed))) for key, path, profile, placed in pending)
    return tuple((key, record) for key, record in made if record is not None)


def converted_beside(records: Callable[[], Records]) -> AbstractContextManager[None]:
    """While the block runs, the first image the build cache does not hold asks for `records` (what a worker
    converted, see `convert_all`), and each image the cache lacks is taken from them; waiting for them only then lets
    the worker convert while the pages before the first image are drawn."""
    return _ahead.giving(records)


def converted_here() -> tuple[tuple[object, bytes], ...]:
    """The records this process used or made while the memo was open (what a forked worker that draws hands
    back)."""
    return _records.here()


def keep_converted(records: tuple[tuple[object, bytes], ...]) -> None:
    """Count records another process used or made (see `converted_here`) as used here, for the next run."""
    _records.adopt(records)


__all__ = [
    "MODES",
    "NAMESPACES",
    "RECORD_BYTES",
    "Pending",
    "Records",
    "convert_all",
    "converted_beside",
    "converted_here",
    "decode",
    "encode",
    "images_through",
    "keep_converted",
    "memo_version",
    "not_held",
    "ready_image",
]
