"""How much of a PDF the preflight will decode: streams, image pixels, pages and operators, each with a limit.

A PDF is small on disk and can be huge inside: a 2 MB content stream may inflate to 1 GB, an image header may
claim 60,000 × 60,000 pixels, a file may hold 5,000 pages. The preflight measures before it decodes and, past
a limit, stops with "too large to check" and the limit, rather than running out of memory. The limits are
ten times or more what the calendar's own print PDF needs (14 pages, 1 MB of content, 64,000 operators).
"""

from __future__ import annotations

import base64
import binascii
import zlib
from typing import Any

import pikepdf
from pikepdf import Array, Name, Stream

from calendar_builder.core.limits import MB

#: pages of one PDF
MAX_PAGES = 200
#: decoded bytes of one stream read whole (font data, profile, lookup table) and of all content streams together
STREAM_BYTES = 32 * MB
CONTENT_BYTES = 64 * MB
#: content stream operators of the whole document (the calendar has 64,000)
MAX_OPERATORS = 2_000_000
#: pixels of one image the ink check decodes (A3 with bleed at 450 ppi: 40 million)
IMAGE_PIXELS = 60_000_000
#: how far a filter this module cannot measure may expand its input (LZW's worst case is about 1:3,600)
_UNMEASURED_EXPANSION = 4_000


_MEASURED = {"/FlateDecode", "/Fl", "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}


class TooLarge(Exception):
    """A limit was reached; the message names what and the limit."""


def decoded_size(stream: Stream, limit: int = STREAM_BYTES) -> int:
    """The stream's decoded length, measured without holding more than `limit` bytes; limit + 1 if larger.

    Flate (what every producer writes) is inflated in chunks and counted; ASCIIHex and ASCII85 only shrink;
    for other filters the worst case of their expansion is taken.
    """
    raw = bytes(stream.read_raw_bytes())
    data: bytes | None = raw
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, Array) else [str(filters)] if filters else []
    size = len(raw)
    for index, name in enumerate(names):
        if data is None:
            size *= _UNMEASURED_EXPANSION
            continue
        if name in ("/FlateDecode", "/Fl"):
            data, size = _inflate(data, limit, keep=index < len(names) - 1)
        elif name in ("/ASCIIHexDecode", "/AHx"):
            data = _ascii_hex(data)
            size = len(data)
        elif name in ("/ASCII85Decode", "/A85"):
            data = _ascii85(data)
            size = len(data)
        else:
            data = None
            size *= _UNMEASURED_EXPANSION
        if size > limit:
            return limit + 1
    return size


def read(stream: Stream, what: str, limit: int = STREAM_BYTES) -> bytes:
    """The decoded stream, or TooLarge if it would exceed `limit`."""
    size = decoded_size(stream, limit)
    if size > limit:
        raise TooLarge(f"{what} decodes to more than {limit // MB} MB (the limit)")
    return bytes(stream.read_bytes())


def check_image(image: Any, what: str) -> None:
    """Refuse an image whose header claims more pixels than IMAGE_PIXELS, or whose Flate data inflates to more
    than such an image holds, before it is decoded. (JPEG and the other image codecs decode to the size their
    header states, which the pixel count bounds.)"""
    try:
        width, height = int(image.get("/Width", 0)), int(image.get("/Height", 0))
    except (TypeError, ValueError):
        return
    if width * height > IMAGE_PIXELS:
        raise TooLarge(f"{what} has {width:,} × {height:,} pixels, more than the limit of {IMAGE_PIXELS:,}")
    filters = image.get("/Filter") if isinstance(image, Stream) else None
    names = {str(f) for f in filters} if isinstance(filters, Array) else {str(filters)} if filters else set()
    if isinstance(image, Stream) and names <= _MEASURED:
        limit = 4 * IMAGE_PIXELS
        if decoded_size(image, limit) > limit:
            raise TooLarge(f"{what}'s data decodes to more than {limit // MB} MB (the limit)")


def content_streams(obj: Any) -> list[Stream]:
    """The streams a page's /Contents (a stream or an array of them) or a form XObject consists of."""
    if isinstance(obj, pikepdf.Page):
        obj = obj.obj.get("/Contents")
    if isinstance(obj, Stream) and "/Contents" not in obj and obj.get("/Type") != Name.Page:
        return [obj]
    if isinstance(obj, Array):
        return [s for s in obj if isinstance(s, Stream)]
    return []


def _inflate(data: bytes, limit: int, keep: bool) -> tuple[bytes | None, int]:
    """Inflate at most limit + 1 bytes, counting them; kept only if another filter needs them (`keep`)."""
    inflater = zlib.decompressobj()
    chunks: list[bytes] = []
    size = 0
    try:
        pending = data
        while pending and size <= limit:
            chunk = inflater.decompress(pending, 1 * MB)
            size += len(chunk)
            if keep:
                chunks.append(chunk)
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # damaged data: pikepdf decides later how much of it can be read
    return (b"".join(chunks) if keep and size <= limit else None), size


def _ascii_hex(data: bytes) -> bytes:
    digits = bytes(c for c in data.split(b">")[0] if chr(c) in "0123456789abcdefABCDEF")
    try:
        return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
    except binascii.Error:
        return b""


def _ascii85(data: bytes) -> bytes:
    text = data.strip()
    text = text[2:] if text.startswith(b"<~") else text
    try:
        return base64.a85decode(text.split(b"~>")[0], ignorechars=b" \t\r\n\x0c")
    except ValueError:
        return b""
