"""The build cache: results that are slow to make and repeat from build to build, kept in ./.cache/.

The folder is `.cache/` in the folder the command runs in (where `data/` and `out/` are by default). Each kind of
result (serialised feed entries, QR codes) is one namespace, stored as one pack file `.cache/<namespace>.pack`.
An entry is found by a key: the SHA-256 of everything its value depends on (the inputs, the namespace's version:
the source of the code that makes it and the versions of the libraries it calls). Each record stores its key and
the SHA-256 of key and value together, checked when the record is first asked for (a run asks for a fraction of
them): a damaged record, or a damaged or foreign pack, is ignored and made again, never trusted. Deleting the
folder at any time only costs the next build its time.

Nothing here writes: a Memo collects the entries a run used and made, and build.py writes the pack (atomically)
when it changed. Entries the run did not use are dropped from the pack, so it never grows beyond one build.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

#: the first bytes of every pack; another format (or a stray file) is ignored as a whole
MAGIC = b"calendar-builder cache pack 2\n"
#: key, SHA-256 of key + value, length of value
_RECORD = struct.Struct(">32s32sI")
#: the cache's folder, in the folder the command runs in; the README names it
CACHE_FOLDER = ".cache"

T = TypeVar("T")
K = TypeVar("K")


def library_version(name: str) -> str:
    """The installed version of a distribution, part of a version wherever a value may change with it."""
    from importlib.metadata import PackageNotFoundError, version  # when asked: it imports the email package

    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return f"{name} ?"


def code_version(*modules: str, libraries: tuple[str, ...] = ()) -> str:
    """A namespace's version: the SHA-256 of the source of the modules that make its values and the versions of the
    libraries they call, so that a changed renderer or an upgraded library never meets entries of the old one."""
    import importlib.util

    digest = hashlib.sha256()
    for module in modules:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None else None
        digest.update(module.encode("utf-8") + b"\0")
        digest.update(Path(origin).read_bytes() if origin else b"?")
    return "; ".join([digest.hexdigest()[:32], *(library_version(name) for name in libraries)])


#: the namespace of the digests of files read by earlier runs (see `file_digest`), and its version
DIGESTS_NAMESPACE = "file-digests"
DIGESTS_VERSION = "sha256 of the contents, by path, device, inode, size, mtime and ctime 1"
#: a file changed less than this long before its digest is made may change again within the same ctime tick
#: (the kernel's coarse clock), so its digest is not kept for later runs
RACY_NS = 2_000_000_000


def file_digest(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file (hex), read once per process while it stays the same, and while a command has opened the
    build cache's digests (`DIGESTS`) not read again in later runs while it stays the same.

    "The same" is the file's identity and status: path, device, inode, size, modification and change time. Any
    write to a file, or any setting of its times, moves its change time (ctime) to the present, which no program
    can set back; so a file with the status of a kept digest still has the contents it was read with (the way
    git's index and ccache's inode cache skip reading unchanged files). A digest is only kept when the file had not
    changed for RACY_NS before it was read, so that a change right after the reading cannot share its ctime.
    """
    return _file_digest(os.path.abspath(path), *_status(path))


@lru_cache(maxsize=1024)
def _file_digest(path: str, device: int, inode: int, size: int, modified: int, changed: int) -> str:
    memo = DIGESTS.memo
    parts = ("file", path, device, inode, size, modified, changed)
    if memo is not None:
        stored = memo.find(parts)
        if stored is not None and len(stored) == 64 and _is_hex(stored):
            return stored.decode("ascii")
    read = _read_beside(path, (device, inode, size, modified, changed))
    if read is not None:
        started, digest = read
    else:
        started, digest = _read_digest(path)
    if memo is not None and changed < started - RACY_NS:
        memo.keep(parts, digest.encode("ascii"))
    return digest


def _read_digest(path: str) -> tuple[int, str]:
    """When the reading started (ns) and the file's SHA-256."""
    started = time.time_ns()
    with open(path, "rb") as stream:
        return started, hashlib.file_digest(stream, "sha256").hexdigest()


def _status(path: str | os.PathLike[str]) -> tuple[int, int, int, int, int]:
    """The file's identity and status as its digest is kept by: device, inode, size, mtime and ctime."""
    stat = os.stat(path)
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


#: digests a thread read beside (see `digests_beside`): by path, the file's status while it was read, when the
#: reading started and the digest
_beside: dict[str, tuple[tuple[int, ...], int, str]] = {}
_beside_threads: dict[str, threading.Thread] = {}


def digests_beside(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Read the SHA-256 of these files in a thread, for `file_digest` to take when it is asked for one of them
    with the same status: reading and hashing let go of the interpreter, so a cold build has its fonts' digests
    (20 MB) made on the second core while it reads the data. A file whose status changed while it was read is
    left to `file_digest`."""
    wanted = [path for path in map(os.path.abspath, paths) if path not in _beside_threads]

    def read() -> None:
        for path in wanted:
            try:
                before = _status(path)
                started, digest = _read_digest(path)
                if _status(path) == before:
                    _beside[path] = (before, started, digest)
            except OSError:
                pass

    thread = threading.Thread(target=read, name="digests", daemon=True)
    try:
        thread.start()
    except RuntimeError:  # no thread to be had (a process limit): `file_digest` reads them when asked
        return
    for path in wanted:
        _beside_threads[path] = thread


def _read_beside(path: str, status: tuple[int, ...]) -> tuple[int, str] | None:
    """When the reading started and the digest a thread read for the file with this status, if it did (waiting
    for it; in a forked process, whose copy of the thread never runs, nothing)."""
    thread = _beside_threads.pop(path, None)
    if thread is None:
        return None
    thread.join()
    found = _beside.pop(path, None)
    return (found[1], found[2]) if found is not None and found[0] == status else None


_is_hex = re.compile(rb"[0-9a-f]*").fullmatch


def installed_folder(package: str) -> Path | None:
    """The folder of an installed top-level package, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    return Path(folders[0]) if folders else None


def package_sources(package: str, modules: tuple[str, ...]) -> str:
    """SHA-256 of the source of some modules of an installed top-level package, found without importing it (a
    library's code as part of a version where importing the library or asking its version would cost time)."""
    folder = installed_folder(package)
    digest = hashlib.sha256()
    for module in modules:
        path = folder / f"{module}.py" if folder is not None else None
        digest.update(module.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() if path is not None and path.is_file() else b"?")
    return f"{package} sources {digest.hexdigest()[:32]}"


def library_sources(package: str) -> str:
    """SHA-256 of every Python file of an installed package, found without importing it: a library's code as part
    of a version where importing it or asking its distribution's version would cost time."""
    folder = installed_folder(package)
    if folder is None:
        return f"{package} sources ?"
    files = _files_under(str(folder), "", (), lambda name: name.endswith(".py"))
    return f"{package} sources {_files_digest(files)}"


def package_files(skip: tuple[str, ...]) -> list[Path]:
    """Every file of this package but its bytecode and the skipped top-level folders, in path order."""
    return [Path(path) for _, path in _package_files(skip)]


def _package_files(skip: tuple[str, ...]) -> list[tuple[str, str]]:
    return _files_under(os.path.dirname(os.path.realpath(__file__)), "", skip, lambda _name: True)


def _files_under(
    folder: str, relative: str, skip: tuple[str, ...], wanted: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """(path relative to the top folder, with "/"; path) of the wanted files below `folder` but in __pycache__
    folders and the top-level entries named in `skip`, in path order (part by part, as pathlib orders paths), with
    one directory listing per folder and no further call per file."""
    found: list[tuple[tuple[str, ...], str, str]] = []
    stack = [(folder, relative, skip)]
    while stack:
        here, prefix, skipped = stack.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.name == "__pycache__" or entry.name in skipped:
                    continue
                name = f"{prefix}{entry.name}"
                if entry.is_dir():
                    stack.append((entry.path, f"{name}/", ()))
                elif entry.is_file() and wanted(entry.name):
                    found.append((tuple(name.split("/")), name, entry.path))
    found.sort()
    return [(name, path) for _, name, path in found]


def _files_digest(files: list[tuple[str, str]]) -> str:
    """SHA-256 of the files' relative paths and contents (through `file_digest`), as a version's part."""
    digest = hashlib.sha256()
    for name, path in files:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(bytes.fromhex(file_digest(path)))
    return digest.hexdigest()[:32]


def package_version(*, skip: tuple[str, ...] = ("portal", "profiles"), libraries: tuple[str, ...] = ()) -> str:
    """A namespace's version for values that depend on much of the package (a festival's dates: its rule, the
    calendars, their tables): the SHA-256 of every file of the package but the skipped subpackages, and the
    versions of the libraries, so that no change anywhere in the engine can meet an entry made before it."""
    return "; ".join([_files_digest(_package_files(skip)), *(library_version(name) for name in libraries)])


class Memo:
    """The entries of one namespace: what the last run stored, and what this one uses and makes."""

    def __init__(
        self,
        namespace: str,
        version: str,
        stored: dict[bytes, bytes] | None = None,
        remember_keys: bool = False,
        unchecked: dict[bytes, tuple[bytes, bytes]] | None = None,
        whole: dict[bytes, bytes] | None = None,
        part: dict[bytes, bytes] | None = None,
    ) -> None:
        self.namespace = namespace
        #: the values of the pack the last whole run wrote, and of the part a run since then added (see `part_pack`)
        self._whole = whole or {}
        self._part = part or {}
        #: the check (SHA-256 of key + value) of each stored record found sound on first use: a pack written again
        #: reuses it for the records that are still the same rather than hashing every value a second time
        self._checks: dict[bytes, bytes] = {}
        #: whether `key` remembers the keys of the objects it was asked for (see there)
        self.remember_keys = remember_keys
        self.version = version
        self._stored = stored or {}
        #: records read from the pack whose check is not yet made, (value, check) by key: each is checked when it is
        #: first asked for, and then moves to the stored records, or is dropped when it does not match its check
        self._unchecked = unchecked or {}
        self._used: dict[bytes, bytes] = {}
        self.hits = 0
        self.misses = 0
        self._keys: dict[int, tuple[object, bytes]] = {}
        #: the SHA-256 of the beginning every key's text shares (see `key`), made at the first key
        self._key_start: Any = None
        #: whether a stored entry was replaced by another value (its reader could not use it)
        self._replaced = False

    def _sound(self, key: bytes) -> bytes | None:
        """The stored value under the key, its record checked on first use; None when there is none or it does not
        match its check (then it is as if it were not there)."""
        value = self._stored.get(key)
        if value is None and key in self._unchecked:
            value, check = self._unchecked.pop(key)
            if hashlib.sha256(key + value).digest() != check:
                return None
            self._stored[key] = value
            self._checks[key] = check
        return value

    def key(self, parts: object) -> bytes:
        """SHA-256 of the namespace, its version and the inputs (their repr: frozen dataclasses, tuples, str).

        With `remember_keys` (a memo whose objects are asked for more than once: a feed entry is looked up, kept
        and then read), the key of each object is made once: it is remembered by the object's identity (inputs are
        frozen: never changed once asked for), and the object is held so that its id stays its own."""
        known = self._keys.get(id(parts)) if self.remember_keys else None
        if known is not None and known[0] is parts:
            return known[1]
        if self._key_start is None:
            # repr((namespace, version, parts)) begins with these bytes whatever the parts: hashed once
            self._key_start = hashlib.sha256(f"({self.namespace!r}, {self.version!r}, ".encode())
        made = self._key_start.copy()
        made.update(f"{parts!r})".encode())
        key = made.digest()
        if self.remember_keys:
            self._keys[id(parts)] = (parts, key)
        return key

    def get(self, parts: object, make: Callable[..., bytes], *args: Any) -> bytes:
        """The value stored for these inputs, or `make(*args)` (then kept for the next run)."""
        key = self.key(parts)
        value = self._used.get(key)
        if value is None:
            value = self._sound(key)
            if value is None:
                self.misses += 1
                value = make(*args)
            else:
                self.hits += 1
            self._used[key] = value
        return value

    def find(self, parts: object) -> bytes | None:
        """The value stored or made for these inputs, if any (counted as a hit); see `keep` for a miss."""
        key = self.key(parts)
        value = self._used.get(key)
        if value is None:
            value = self._sound(key)
            if value is None:
                return None
            self._used[key] = value
        self.hits += 1
        return value

    def keep(self, parts: object, value: bytes) -> None:
        """Keep a value made for these inputs (after `find` found none, or in place of a stored value its reader
        could not use) for the next run."""
        self.misses += 1
        key = self.key(parts)
        stored = self._sound(key)
        self._replaced |= stored is not None and stored != value
        self._used[key] = value

    def mark(self) -> int:
        """How many entries this run has used so far (see `used_since`)."""
        return len(self._used)

    def used_since(self, mark: int) -> tuple[bytes, ...]:
        """The keys of the entries this run used first after `mark`, in the order it used them: what a piece of
        work read or made here, for a record of another namespace made from them (see `reuse`)."""
        return tuple(islice(self._used, mark, None))

    def made_since(self, mark: int) -> dict[bytes, bytes]:
        """The entries this run used first after `mark`: what a forked worker sends back (see `adopt`)."""
        return {key: self._used[key] for key in self.used_since(mark)}

    def adopt(self, entries: dict[bytes, bytes]) -> None:
        """Use the entries a forked worker of this run used or made (see `made_since`), to keep them."""
        for key, value in entries.items():
            if key not in self._used:
                stored = self._sound(key)
                self._replaced |= stored is not None and stored != value
                self._used[key] = value

    def holds_any(self) -> bool:
        """Whether the last runs stored anything, or this one has used or made anything."""
        return bool(self._stored or self._unchecked or self._used)

    def holds(self, keys: Iterable[bytes]) -> bool:
        """Whether every one of these entries is stored or was used by this run (see `reuse`)."""
        return all(key in self._used or self._sound(key) is not None for key in keys)

    def reuse(self, keys: Iterable[bytes]) -> None:
        """Use the stored entries under these keys, as a run that made again what they were made for would (the
        record made from them was read instead: see `used_since`)."""
        for key in keys:
            if key not in self._used:
                value = self._sound(key)
                if value is not None:
                    self._used[key] = value

    def text(self, parts: object, make: Callable[..., str], *args: Any) -> str:
        return self.get(parts, lambda: make(*args).encode("utf-8")).decode("utf-8")

    @property
    def changed(self) -> bool:
        """Whether the pack on disk differs from what this run used (entries made, replaced or no longer used), or
        a part lies beside it (see `part_pack`), which the pack written takes in."""
        if self._part:
            return True
        if self._replaced or any(key not in self._used for key in self._stored):
            return True
        if any(key not in self._used and self._sound(key) is not None for key in list(self._unchecked)):
            return True  # a sound record this run did not use: the pack drops it
        return any(self._sound(key) is None for key in self._used)

    def pack(self) -> bytes:
        """The entries this run used, in key order (the same entries give the same bytes)."""
        return self._pack_of(self._used)

    def _added(self) -> list[bytes]:
        return [key for key, value in self._used.items() if self._whole.get(key) != value]

    @property
    def part_changed(self) -> bool:
        """Whether the part beside the whole pack differs from what this run added to that pack."""
        added = self._added()
        return len(added) != len(self._part) or any(self._part.get(key) != self._used[key] for key in added)

    def part_pack(self) -> bytes:
        """What a run that does part of a build's work (`check`, `proof`) writes beside the pack of the last whole
        run (`namespace.part.pack`): the entries it used or made that that pack does not hold as they are. The
        pack's entries it did not use stay, as they are the build's; the part replaces the part of the run before,
        so that runs of `check` after one another do not pile up what each made."""
        return self._pack_of(self._added())

    def _pack_of(self, keys: Iterable[bytes]) -> bytes:
        parts = [MAGIC]
        for key in sorted(keys):
            value = self._used[key]
            check = self._checks.get(key) if self._stored.get(key) is value else None
            parts.append(_RECORD.pack(key, check or hashlib.sha256(key + value).digest(), len(value)))
            parts.append(value)
        return b"".join(parts)


class Beside(Generic[K]):
    """Records of a namespace that another process makes while this one works (a worker forked beside the build),
    by key. While a block runs (`giving`), the first record this process lacks asks `take` for them (`take` waits
    for them or gives None while they are not there yet, to be asked again at the next); what it gives is held until
    each record is asked for (`pop`), so that the build cache keeps only the records the run used."""

    def __init__(self) -> None:
        self._take: Callable[[], Iterable[tuple[K, bytes]] | None] | None = None
        self._held: dict[K, bytes] = {}

    def __bool__(self) -> bool:
        """Whether anything is or may still be given."""
        return self._take is not None or bool(self._held)

    @contextmanager
    def giving(self, take: Callable[[], Iterable[tuple[K, bytes]] | None]) -> Iterator[None]:
        self._take = take
        try:
            yield
        finally:
            self._take = None
            self._held.clear()

    def pop(self, key: K) -> bytes | None:
        """The record given for the key (asking for them first, while they have not been given), once."""
        if self._take is not None:
            given = self._take()
            if given is not None:
                self._take = None
                self._held.update(given)
        return self._held.pop(key, None)


class MemoSlot:
    """Where a module finds the memo a command has opened for it while the command runs (`through`); None
    outside, where the module makes everything itself."""

    def __init__(self) -> None:
        self.memo: Memo | None = None

    @contextmanager
    def through(self, memo: Memo) -> Iterator[Memo]:
        """Read and add through the memo while the block runs."""
        self.memo = memo
        try:
            yield memo
        finally:
            self.memo = None


#: the build cache's digests of files, while a command has opened them (see `file_digest`)
DIGESTS = MemoSlot()


class DrawnRecords(Generic[T]):
    """The memo a drawing module reads through while a command has it open (`through`), and the records this
    process used or made while it was open: a forked worker that draws hands them back (`here`), and the command
    keeps them (`adopt`), since the worker's use of its copy of the memo is its own. `decode`: what a record
    holds, None for one the module cannot use."""

    def __init__(self, decode: Callable[[bytes], T | None]) -> None:
        self.decode = decode
        self.memo: Memo | None = None
        self._here: list[tuple[object, bytes]] = []

    @contextmanager
    def through(self, memo: Memo) -> Iterator[Memo]:
        """Read and add records through the memo while the block runs."""
        self.memo = memo
        self._here.clear()
        try:
            yield memo
        finally:
            self.memo = None
            self._here.clear()

    def find(self, key: object) -> T | None:
        """What the record stored for the key holds, if it is sound (then it counts as used here)."""
        stored = self.memo.find(key) if self.memo is not None else None
        value = self.decode(stored) if stored is not None else None
        if stored is not None and value is not None:
            self._here.append((key, stored))
        return value

    def used(self, key: object, value: bytes) -> None:
        """A stored record the caller found sound and used."""
        self._here.append((key, value))

    def keep(self, key: object, value: bytes) -> None:
        """A record made here, for the next run."""
        if self.memo is not None:
            self.memo.keep(key, value)
            self._here.append((key, value))

    def here(self) -> tuple[tuple[object, bytes], ...]:
        """The records this process used or made while the memo was open."""
        return tuple(self._here)

    def adopt(self, records: Iterable[tuple[object, bytes]]) -> None:
        """Count the sound records another process used or made (see `here`) as used here, for the next run."""
        memo = self.memo
        if memo is None:
            return
        for key, value in records:
            if memo.find(key) != value and self.decode(value) is not None:
                memo.keep(key, value)


def changed_packs(*memos: Memo) -> Iterator[tuple[str, bytes]]:
    """(namespace, pack) of each memo whose entries changed: what a run writes back. Each pack is made when it is
    asked for, so that a run writing them holds one at a time (a cold build's packs are some 5 MB together)."""
    return ((memo.namespace, memo.pack()) for memo in memos if memo.changed)


def changed_parts(*memos: Memo) -> Iterator[tuple[str, bytes]]:
    """(namespace's part, pack) of each memo whose part changed (see `Memo.part_pack`): what a run that does part
    of a build's work writes back."""
    return ((memo.namespace + PART, memo.part_pack()) for memo in memos if memo.part_changed)


#: what a namespace's part is named after (`month-pages.part.pack`); a whole pack written makes it void
PART = ".part"


def pack_path(folder: Path, namespace: str) -> Path:
    return folder / f"{namespace}.pack"


def read_pack(data: bytes) -> dict[bytes, bytes]:
    """The sound records of a pack: one whose key and value do not match its check is skipped, a cut-off end ends
    the reading, and a file that is no pack (or a pack of another format) gives nothing."""
    records = _records(data).items()
    return {key: value for key, (value, check) in records if hashlib.sha256(key + value).digest() == check}


def _records(data: bytes) -> dict[bytes, tuple[bytes, bytes]]:
    """Each record of a pack as (value, check) by key, not yet checked; a cut-off end ends the reading, and a file
    that is no pack (or a pack of another format) gives nothing. A key met again keeps its last sound record, as
    reading every record in order would (a later copy is checked at once: it only stands when it is sound)."""
    if not data.startswith(MAGIC):
        return {}
    entries: dict[bytes, tuple[bytes, bytes]] = {}
    offset = len(MAGIC)
    while offset + _RECORD.size <= len(data):
        key, digest, length = _RECORD.unpack_from(data, offset)
        offset += _RECORD.size
        value = data[offset : offset + length]
        offset += length
        if len(value) != length:
            break
        if key in entries and hashlib.sha256(key + value).digest() != digest:
            continue
        entries[key] = (value, digest)
    return entries


def open_memo(folder: Path | None, namespace: str, version: str, remember_keys: bool = False) -> Memo:
    """The namespace's memo with what the folder holds: the pack of the last whole run and the part added since
    (nothing when there is no folder or no readable pack); `remember_keys`: see `Memo.key`."""
    if folder is None:
        return Memo(namespace, version, remember_keys=remember_keys)
    whole = _read_records(pack_path(folder, namespace))
    part = _read_records(pack_path(folder, namespace + PART))
    return Memo(
        namespace, version, remember_keys=remember_keys, unchecked={**whole, **part},
        whole={key: value for key, (value, _) in whole.items()}, part={key: value for key, (value, _) in part.items()},
    )  # fmt: skip


def _read_records(path: Path) -> dict[bytes, tuple[bytes, bytes]]:
    try:
        return _records(path.read_bytes())
    except OSError:
        return {}


__all__ = [
    "CACHE_FOLDER",
    "DIGESTS",
    "DIGESTS_NAMESPACE",
    "DIGESTS_VERSION",
    "MAGIC",
    "PART",
    "Beside",
    "DrawnRecords",
    "Memo",
    "MemoSlot",
    "changed_packs",
    "changed_parts",
    "code_version",
    "file_digest",
    "installed_folder",
    "library_sources",
    "library_version",
    "open_memo",
    "pack_path",
    "package_files",
    "package_sources",
    "package_version",
    "read_pack",
]
