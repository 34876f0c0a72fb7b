"""Images measured from their header before their pixels are decoded.

A 100-byte PNG can claim 60,000 × 60,000 pixels (a "decompression bomb") and take gigabytes once decoded, and a
truncated file fails half-way through drawing a page; both are found here, with a message for the person who
supplied the file.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from calendar_builder.core.limits import megabytes


def image_problem(path: Path, max_pixels: int, max_bytes: int, decode: bool = True) -> str:
    """Why the image cannot be used ('' if it can): too large a file, too many pixels, unreadable or damaged.

    The pixel count comes from the header, before decoding; only an image within the limit is decoded, so
    that damage (a truncated file) is found here rather than half-way through drawing a page. Without
    `decode` (artwork: tens of megapixels, read by every command) damage is looked for without decoding:
    PNG chunk checksums, and the end marker a complete JPEG has.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size > max_bytes:
        return f"the file is {megabytes(size)}, more than the limit of {megabytes(max_bytes)}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > max_pixels:
                    return too_many_pixels(width, height, max_pixels)
                if decode:
                    image.load()
                elif image.format == "JPEG" and not _ends_like_jpeg(path):
                    return "is damaged (the JPEG data ends early: the file is truncated)"
                else:
                    image.verify()
    except Image.DecompressionBombError:
        return f"claims more pixels than any print needs (over {max_pixels:,}); not decoded"
    except UnidentifiedImageError:
        return "is not an image PIL can read (expected PNG or JPEG)"
    except (OSError, ValueError, SyntaxError) as exc:
        return f"is damaged ({exc})"
    return ""


def too_many_pixels(width: int, height: int, limit: int) -> str:
    return (
        f"has {width:,} × {height:,} = {width * height:,} pixels, more than the limit of {limit:,}; "
        "scale it down to the printed size at 300–400 ppi"
    )


def _ends_like_jpeg(path: Path) -> bool:
    """A complete JPEG ends with the EOI marker FF D9 (some writers pad a few bytes after it)."""
    with path.open("rb") as stream:
        stream.seek(max(0, path.stat().st_size - 64))
        return b"\xff\xd9" in stream.read()
