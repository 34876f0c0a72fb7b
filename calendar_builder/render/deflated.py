"""Deflated bytes kept in the build cache: zlib's default level, as ReportLab and qpdf deflate a stream.

A print PDF deflates some 10 MB each build (each page's operators, each font subset and its character map, the
raster images, the output profile's megabyte), about 0.15 s, though after a small change almost all of it is as
before: the pages written again (render/drawn_pages.py), the font subsets, the images and the profile. While a
build has the namespace open (`deflated_through`), `deflate` gives the deflated bytes kept under the SHA-256 of
the input, and `reportlab_streams` has ReportLab deflate through it. The bytes are the ones `zlib.compress`
gives: the namespace's version is zlib's.

What a build must deflate and has early (the output profile while the data is read, a page's operators once
it is shown) can be deflated beside (`deflate_beside`, while a build is inside `deflating_beside`): zlib lets go
of the interpreter while it compresses, so a thread does it on the second core and `deflate` takes the result.
The bytes are the same either way.
"""

from __future__ import annotations

import hashlib
import threading
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
    """`zlib.compress(data)`, from the build cache while one is open, or from a thread deflating it beside."""
    memo = _slot.memo
    if memo is None and not _beside:
        return zlib.compress(data)
    key = hashlib.sha256(data).hexdigest()
    found = memo.find(key) if memo is not None else None
    if found is None:
        pending = _beside.pop(key, None)
        found = pending.result(data) if pending is not None else zlib.compress(data)
        if memo is not None:
            memo.keep(key, found)
    return found


class _Deflating:
    """One deflate running in a thread of its own."""

    def __init__(self, data: bytes) -> None:
        self.out: bytes | None = None
        self.thread = threading.Thread(target=self._run, args=(data,), name="deflate", daemon=True)
        self.thread.start()

    def _run(self, data: bytes) -> None:
        self.out = zlib.compress(data)

    def result(self, data: bytes) -> bytes:
        self.thread.join()
        # a forked process has the entry but not the thread (Python marks it stopped): deflate here
        return self.out if self.out is not None else zlib.compress(data)


#: the deflates running beside, by the SHA-256 of their input
_beside: dict[str, _Deflating] = {}


def deflate_beside(data: bytes) -> None:
    """Start deflating `data` in a thread, for a later `deflate` of the same bytes to take: inside
    `deflating_beside` only, and not when the open build cache holds it."""
    if not _beside_open:
        return
    key = hashlib.sha256(data).hexdigest()
    memo = _slot.memo
    if key not in _beside and not (memo is not None and memo.holds((memo.key(key),))):
        try:
            _beside[key] = _Deflating(data)
        except RuntimeError:  # no thread to be had (a process limit): `deflate` deflates it when asked
            pass


_beside_open = False


def deflating_beside_now() -> bool:
    """Whether `deflate_beside` starts threads (the build is inside `deflating_beside`)."""
    return _beside_open


@contextmanager
def deflating_beside() -> Iterator[None]:
    """Let `deflate_beside` start threads while the block runs; every one has ended when it is left (a process
    forked meanwhile that meets an entry whose thread it does not have deflates the bytes itself)."""
    global _beside_open
    _beside_open = True
    try:
        yield
    finally:
        _beside_open = False
        for pending in _beside.values():
            pending.thread.join()
        _beside.clear()


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


__all__ = [
    "NAMESPACE",
    "deflate",
    "deflate_beside",
    "deflated_through",
    "deflating_beside",
    "memo_version",
    "reportlab_streams",
]
