"""Publishing an edition all or nothing, and one run at a time per data folder (the build's second half).

A build writes the whole edition into a staging folder beside `out/<year>/`, checks it there (the preflight
included), and only then puts it in place in one step: the two folders are exchanged atomically (Linux
`renameat2(RENAME_EXCHANGE)`), so a reader or a killed run sees either the old complete edition or the new
one, never a mix. `data/feed-state.json` is written after that, last. Leftovers of a killed run (staging
folders, temporary files) are removed by the next run.

Runs that share a data folder take turns: a lock file in the data folder (`.calendar-builder.lock`, held with
`flock`, which the system releases when a process dies, so a killed run's lock is simply taken over) makes a
second run wait briefly and then refuse, naming the run that holds it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from calendar_builder.durable import defer
from calendar_builder.errors import CalendarError

LOCK_FILE = ".calendar-builder.lock"
#: how long a second run on the same data folder waits for the first before it gives up
LOCK_WAIT_SECONDS = 60.0
_STAGING = ".staging-"
_RETIRED = ".retired-"


class LockedError(CalendarError):
    """Another run holds the data folder."""


@contextmanager
def data_lock(data_dir: Path, command: str, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the data folder for this run; wait up to `wait` seconds for another run, then refuse."""
    if not data_dir.is_dir():
        yield  # nothing to protect: the command reports the missing folder itself
        return
    path = data_dir / LOCK_FILE
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(handle, 500, 0).decode("utf-8", "replace").strip() or "another process"
                    raise LockedError(
                        f"{data_dir} is in use by another calendar-builder run ({holder}); waited {wait:.0f} s. "
                        "Run again when it has finished."
                    ) from None
                time.sleep(0.1)
        note = f"process {os.getpid()}: {command}".encode()
        os.ftruncate(handle, 0)
        os.pwrite(handle, note, 0)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def remove_leftovers(*folders: Path) -> list[Path]:
    """Temporary files and staging folders that a killed run left behind in `folders` (their own process is
    gone); only call this while holding the data folder's lock."""
    removed: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob(".*")):
            if path.is_file() and path.name.endswith(".tmp") and path.name.count(".") >= 3:
                path.unlink(missing_ok=True)
                removed.append(path)
        for path in sorted(folder.glob(".*")):
            if path.is_dir() and (_STAGING in path.name or _RETIRED in path.name) and not _alive(path):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def _alive(path: Path) -> bool:
    """Whether the process that named the folder (…-<pid>) still runs."""
    try:
        pid = int(path.name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A new, empty folder beside `target` to write an edition into; removed again unless `publish` used it."""
    stage = target.parent / f".{target.name}{_STAGING}{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    try:
        yield stage
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def publish(stage: Path, target: Path, carry_over: Callable[[Path], bool] = lambda _: False) -> None:
    """Put the staged edition in place of `target` in one step.

    Files of the old edition that the build does not make (`carry_over`, e.g. the proof PDFs) are linked into
    the staged edition first, so they stay. The old edition is removed afterwards.
    """
    if target.is_dir():
        for path in sorted(target.rglob("*")):
            relative = path.relative_to(target)
            if path.is_file() and carry_over(relative) and not (stage / relative).exists():
                (stage / relative).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, stage / relative)
                except OSError:
                    shutil.copy2(path, stage / relative)
        _exchange(stage, target)
        shutil.rmtree(stage, ignore_errors=True)  # now the old edition
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(stage, target)
    _sync_folder(target.parent)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically (renameat2 with RENAME_EXCHANGE); where the system cannot, two renames with
    the old folder kept aside until the new one is in place."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(b))
    retired = b.parent / f".{b.name}{_RETIRED}{os.getpid()}"
    os.rename(b, retired)
    os.rename(a, b)
    os.rename(retired, a)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def write_atomic(path: Path, data: bytes | str, durable: bool = True) -> Path:
    """Write to a temporary file beside `path`, then rename it over `path` in one step; `durable=False` skips
    the fsync (the build cache only: its entries are checked when read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    later = durable and defer(path)  # inside durable.one_sync: made durable with the others at the block's end
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            if durable and not later:
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def keep_dataclass_code() -> None:
    """Write the dataclass methods this run compiled beside the package's bytecode (dataclass_code.py), unless
    Python writes no bytecode; a folder that cannot be written only costs the next run its time."""
    from calendar_builder import dataclass_code

    if sys.dont_write_bytecode:
        return
    found = dataclass_code.update()
    if found is None:
        return
    path, data = found
    try:
        write_atomic(path, data, durable=False)
    except OSError:
        pass


def write_cache_packs(folder: Path | None, packs: Iterable[tuple[str, bytes]]) -> None:
    """Write the changed packs of the build cache, each atomically (entries are checked when read, so no fsync);
    a cache that cannot be written only costs the next run its time."""
    from calendar_builder.cache import PART, pack_path

    if folder is None:
        return
    for namespace, pack in packs:
        try:
            write_atomic(pack_path(folder, namespace), pack, durable=False)
            if not namespace.endswith(PART):  # a whole pack: what a part added is in it or no longer used
                pack_path(folder, namespace + PART).unlink(missing_ok=True)
        except OSError:
            pass
