"""Many written files made durable with one filesystem sync, instead of one fsync each.

An edition is some sixty files (print PDF, agenda, feeds, subscribe page, QR codes) written into a staging folder
and published together. An fsync per file makes ext4 commit its journal once per file (about 4 ms each, a quarter
of a second per build); inside `one_sync` the build's atomic writes skip their own fsync and the block ends with
one `syncfs` of the filesystem they are on (Linux), or an fsync of each file where there is none. The guarantee
stays the one publishing needs: when the block has ended, every file written in it is on disk, before the staging
folder takes the edition's place.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

_pending: ContextVar[list[Path] | None] = ContextVar("calendar_builder_pending_sync", default=None)


def defer(path: Path) -> bool:
    """Take a just-written file into the running `one_sync` block; False when there is none (sync it now)."""
    pending = _pending.get()
    if pending is None:
        return False
    pending.append(path)
    return True


@contextlib.contextmanager
def one_sync() -> Iterator[None]:
    """Files written by `build.write_atomic` inside the block are all on disk when it ends (also when it raises:
    what was written, e.g. a failed print file kept for a look, is kept properly)."""
    pending: list[Path] = []
    token = _pending.set(pending)
    try:
        yield
    except BaseException:
        _pending.reset(token)
        with contextlib.suppress(OSError):
            sync_files(pending)
        raise
    _pending.reset(token)
    sync_files(pending)


def sync_files(paths: list[Path]) -> None:
    """Make the files durable: one syncfs per filesystem among them where the system has it, else fsync each."""
    by_device: dict[int, list[Path]] = {}
    for path in paths:
        try:
            device = path.stat().st_dev
        except FileNotFoundError:
            continue  # replaced or removed since (publishing moves nothing before the block ends)
        by_device.setdefault(device, []).append(path)
    for files in by_device.values():
        if not _syncfs(files[0].parent):
            for path in files:
                _fsync(path)


def _syncfs(folder: Path) -> bool:
    """syncfs(2) on the filesystem holding `folder` (Linux); False where it is missing or fails."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        return False
    handle = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(handle) == 0)
    finally:
        os.close(handle)


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


__all__ = ["defer", "one_sync", "sync_files"]
