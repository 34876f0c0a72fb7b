"""A printed QR code as its dark runs of modules: made by the qrcode library, or read back from the build cache.

The qrcode library tries all eight masks in pure Python, about 16 ms per code; the calendar prints one per
featured organisation and one for the subscribe page, the same from build to build. While a command has opened
the build cache's namespace `qr-runs` (see `runs_through`), codes are read from it and new ones added to it; a
record is keyed by the address and the error correction, and its namespace's version is the source of this
module and of the qrcode library's own modules.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from functools import cache

from calendar_builder.cache import Beside, Memo, MemoSlot, code_version, package_sources

#: the namespace of QR runs in the build cache (.cache/qr-runs.pack)
NAMESPACE = "qr-runs"
#: the error correction of every printed code (15 % of the modules may be lost)
ERROR_CORRECTION = "M"

#: size in modules, then per run: row, first column, length
_SIZE = struct.Struct("<I")
_RUN = struct.Struct("<III")

Runs = tuple[int, tuple[tuple[int, int, int], ...]]

#: the qrcode modules whose code decides the modules of a code
_QRCODE_MODULES = ("main", "base", "util", "constants", "LUT", "exceptions")

#: the memo of the running command (see `runs_through`); None: every code is made here
_slot = MemoSlot()


def memo_version() -> str:
    """This module's source and the source of the qrcode modules that choose the version, mask and modules (read
    without importing qrcode, which a warm cache never needs)."""
    return f"{code_version('calendar_builder.layout.qr_runs')}; {package_sources('qrcode', _QRCODE_MODULES)}"


def make_runs(url: str) -> Runs:
    """The code's size in modules and its dark runs, row by row, left to right."""
    import qrcode
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs: list[tuple[int, int, int]] = []
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if cells[column]:
                start = column
                while column < len(cells) and cells[column]:
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1
    return len(matrix), tuple(runs)


def encode(runs: Runs) -> bytes:
    size, dark = runs
    return _SIZE.pack(size) + b"".join(_RUN.pack(*run) for run in dark)


def decode(data: bytes) -> Runs | None:
    """The runs a record holds; None for a record that cannot be a code's (then the code is made afresh)."""
    if len(data) < _SIZE.size or (len(data) - _SIZE.size) % _RUN.size:
        return None
    (size,) = _SIZE.unpack_from(data)
    dark = tuple(_RUN.iter_unpack(data[_SIZE.size :]))
    if not all(row < size and start + length <= size and length > 0 for row, start, length in dark):
        return None
    return size, dark


#: codes a worker made ahead (see `made_beside`), by address, each taken into the memo when layout asks for it
_ahead: Beside[str] = Beside()


@cache
def qr_runs(url: str) -> Runs:
    """The code for an address, once per process (layout may try several boxes), from the cache when it has it."""
    memo = _slot.memo
    if memo is None:
        return make_runs(url)
    parts = (ERROR_CORRECTION, url)
    if _ahead and not memo.holds((memo.key(parts),)):
        made = _ahead.pop(url)
        if made is not None and decode(made) is not None:
            memo.keep(parts, made)
    runs = decode(memo.get(parts, lambda: encode(make_runs(url))))
    if runs is None:
        runs = make_runs(url)
        memo.keep(parts, encode(runs))
    return runs


def runs_ahead(urls: Iterable[str]) -> dict[str, bytes]:
    """The records of the codes for these addresses: what a worker makes while the building process reads its
    data (see `made_beside`)."""
    return {url: encode(make_runs(url)) for url in dict.fromkeys(urls)}


def made_beside(take: Callable[[], dict[str, bytes] | None]) -> AbstractContextManager[None]:
    """While the block runs, a code the memo lacks is taken from what `take` gives (a worker's `runs_ahead`; None
    while it has not made them, and the code is then made here), and kept for the next run."""
    return _ahead.giving(lambda: None if (given := take()) is None else given.items())


def runs_through(memo: Memo) -> AbstractContextManager[Memo]:
    """Read and add QR codes through the memo while the block runs."""
    return _slot.through(memo)


__all__ = [
    "NAMESPACE",
    "decode",
    "encode",
    "made_beside",
    "make_runs",
    "memo_version",
    "qr_runs",
    "runs_ahead",
    "runs_through",
]
