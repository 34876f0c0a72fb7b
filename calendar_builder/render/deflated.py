"""Deflated bytes kept in the build cache: zlib's default level, as ReportLab and qpdf deflate a stream.

A print PDF deflates some 10 MB each build (each page's operators, each font subset and its character map, the
raster images, the output profile's megabyte), about 0.15 s, though after a small change almost all of it is as
before: the pages written again (render/drawn_pages.py), the font subsets, the images and the profile. While a
build has the namespace open (`deflated_through`), `deflate` gives the deflated bytes kept under the SHA-256 of
the input, and `reportlab_streams` has ReportLab deflate through it. The bytes are the ones `zlib.compress`
gives: the namespace's version is zlib's.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from reportlab.pdfbase import pdfdoc

from calendar_builder.cache import Memo, MemoSlot

NAMESPACE = "deflated"
_slot = MemoSlot()


def memo_version() -> str:
    """What deflated bytes depend on besides the input: zlib and its level."""
    return f"zlib {zlib.ZLIB_RUNTIME_VERSION}, level {zlib.Z_DEFAULT_COMPRESSION}"


def deflated_through(memo: Memo) -> AbstractContextManager[Memo]:
    """Take deflated bytes from the memo, and keep those made, while the block runs."""
    return _slot.through(memo)


def deflate(data: bytes) -> bytes:
    """`zlib.compress(data)`, from the build cache while one is open."""
    memo = _slot.memo
    if memo is None:
        return zlib.compress(data)
    key = hashlib.sha256(data).hexdigest()
    found = memo.find(key)
    if found is None:
        found = zlib.compress(data)
        memo.keep(key, found)
    return found


class _KeptZlib:
    """What ReportLab's pdfdoc sees as its `zlib` while `reportlab_streams` runs: `compress` through `deflate`,
    everything else zlib's own."""

    def compress(self, data: bytes) -> bytes:
        return deflate(data)

    def __getattr__(self, name: str) -> object:
        return getattr(zlib, name)


@contextmanager
def reportlab_streams() -> Iterator[None]:
    """While the block runs (a canvas drawing and saving its file), what ReportLab deflates goes through
    `deflate`: its Flate filter (page operators, font subsets, their character maps, when the file is written)
    and raster images (when they are placed) call the `zlib` of pdfdoc's module, which this stands in for."""
    own = pdfdoc.zlib
    pdfdoc.zlib = _KeptZlib()
    try:
        yield
    finally:
        pdfdoc.zlib = own


__all__ = ["NAMESPACE", "deflate", "deflated_through", "memo_version", "reportlab_streams"]
