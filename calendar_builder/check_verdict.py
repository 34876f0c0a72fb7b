"""A passing `check`'s report, kept in the build cache and given again while nothing it read has changed.

`check` is run again and again on data nobody touched (before every build, from an editor, in a hook); like a
linter's cache, the build cache's namespace `check-verdicts` keeps the last passing report under a key of
everything the report depends on:

- the data folder: the path and the SHA-256 of the contents of every file below it (the data cannot point
  outside it, core/inputfiles.py), so an edit, a new events file or a replaced logo is another key;
- the engine: the path, size and modification time of every file of the package but the portal (its code, the
  calendar tables, the ICC profiles), of every font file, and the names (with versions) of the installed
  distributions on the import path, as Python's own bytecode cache recognises a changed source; and the Python
  version;
- the command: the edition year, the data folder as given (the report names it) and the working folder.

The run's clock decides only the default year, which is part of the key (`tests/test_check_verdict.py` checks
that the report does not change with the clock). A data folder the key cannot cover cheaply (a link to a folder,
more than MAX_FILES files and folders or MAX_BYTES bytes, a pipe or a device) is never cached: `check` then runs
in full. Only a passing report is kept, and only if the key is the same after the check as before it (nothing
changed while it ran).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from calendar_builder.cache import package_files
from calendar_builder.resources import font_dir

#: the namespace of the build cache (.cache/check-verdicts.pack)
NAMESPACE = "check-verdicts"
#: the format of a record; another format is another key
VERSION = "1"
#: a data folder larger than this is checked in full every time rather than hashed
MAX_FILES = 4000
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Line:
    """One line of the report, on standard error (problems, notices) or standard output (the verdict)."""

    text: str
    err: bool


def check_key(data_dir: Path, year: int, cache_dir: Path) -> str | None:
    """The SHA-256 of everything a check's report depends on (see the module docstring), or None when the data
    folder cannot be covered (then nothing is read from or kept in the cache)."""
    try:
        data = _data_digest(data_dir, cache_dir)
    except OSError:
        return None  # a folder that cannot be listed: the check says what is wrong with it
    if data is None:
        return None
    digest = hashlib.sha256()
    for part in (VERSION, sys.version, str(year), str(data_dir), os.getcwd(), data, _engine_digest()):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def encode(lines: Sequence[Line]) -> bytes:
    return json.dumps([[line.text, line.err] for line in lines], ensure_ascii=False).encode("utf-8")


def decode(value: bytes) -> list[Line] | None:
    """The report a record holds, or None for bytes that are no report (then the check runs)."""
    try:
        items = json.loads(value.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(items, list) or not items:
        return None
    lines = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], bool)):
            return None
        lines.append(Line(item[0], item[1]))
    return lines


def _data_digest(folder: Path, cache_dir: Path) -> str | None:
    digest = hashlib.sha256()
    entries = 0
    size = 0
    skip = _resolved(cache_dir)
    for root, folders, names in os.walk(folder, onerror=_raise):
        here = Path(root)
        entries += len(folders) + len(names)
        if entries > MAX_FILES or any((here / name).is_symlink() for name in folders):
            return None  # too many to hash quickly; or a linked folder, whose files could change unseen
        folders[:] = sorted(name for name in folders if _resolved(here / name) != skip)
        for name in sorted(names):
            path = here / name
            try:
                stat = path.stat()
                if not S_ISREG(stat.st_mode):
                    return None  # a pipe or a device (perhaps behind a link) is never read here
                size += stat.st_size
                if size > MAX_BYTES:
                    return None
                content = _contents_digest(path, stat.st_size)
            except OSError:
                content = "unreadable"  # the check reports it; the key still says what was there
            if content is None:
                return None
            digest.update(f"{path.relative_to(folder).as_posix()}\0{content}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _contents_digest(path: Path, size: int) -> str | None:
    """SHA-256 of a regular file of `size` bytes, or None if it holds more (it is being written)."""
    digest = hashlib.sha256()
    left = size + 1
    with path.open("rb") as stream:
        while left > 0:
            chunk = stream.read(min(left, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            left -= len(chunk)
    return None if left <= 0 else digest.hexdigest()


def _raise(error: OSError) -> None:
    raise error


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _engine_digest() -> str:
    digest = hashlib.sha256()
    fonts = sorted(path for path in font_dir().rglob("*") if path.is_file())
    for path in (*package_files(skip=("portal",)), *fonts):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    for name in _distributions(sys.path):
        digest.update(name.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def _distributions(paths: Iterable[str]) -> list[str]:
    """The metadata folders (name and version) of the installed distributions on the import path."""
    found: list[str] = []
    for entry in paths:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.extend(f"{entry}/{name}" for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


__all__ = ["MAX_BYTES", "MAX_FILES", "NAMESPACE", "Line", "check_key", "decode", "encode"]
