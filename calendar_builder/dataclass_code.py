"""The compiled methods of dataclasses, kept between runs as Python keeps a module's bytecode.

Python 3.11 makes each method a dataclass gets (`__init__`, `__repr__`, `__eq__`, `__hash__` and, for a frozen
class, `__setattr__` and `__delattr__`) by compiling its source text with `exec`: about 0.7 ms a class. A command
creates 85 (`check`) to 110 (`build`) of the package's classes as it imports them, so this compiling is 60–80 ms
of every run, a tenth of a `check`.

`install` lets the `dataclasses` module find the code of a text it compiled in an earlier run: the code objects
are kept, marshalled and compressed under the SHA-256 of their texts, in one file beside the package's bytecode
(`importlib.util.cache_from_source`, so that `PYTHONPYCACHEPREFIX` applies), under the interpreter's bytecode magic
number and checked by its SHA-256 before `marshal` reads it. A text not found is compiled as `exec` compiles it
(no inherited `__future__` flags), so every method is the same function as without the file. `update` gives the
file's new contents when this process compiled texts the file did not hold; `publish.keep_dataclass_code` writes
them (a folder that cannot be written, or `PYTHONDONTWRITEBYTECODE`, only costs the next run its time, as for
bytecode).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import marshal
import zlib
from pathlib import Path
from types import CodeType
from typing import Any

#: the file's first bytes: what it is and the bytecode format of the interpreter that wrote it
HEADER = b"calendar-builder dataclass methods 2\n" + importlib.util.MAGIC_NUMBER
_DIGEST_SIZE = 32
#: a larger file is not read (the package's six hundred methods take about 0.3 MB)
MAX_FILE_BYTES = 16 * 1024 * 1024
#: texts kept beyond those this process used; past this, only this process's texts are written
MAX_TEXTS = 3000


class _Store:
    """The code of the texts the file holds, by each text's SHA-256 (kept small, as a process holds it to its end:
    marshalled and compressed, a code object made only for a text asked for), the texts found in it by this process
    and those it compiled."""

    def __init__(self, path: Path | None, known: dict[bytes, bytes]) -> None:
        self.path = path
        self.known = known
        self.found: set[bytes] = set()
        self.made: dict[bytes, CodeType] = {}

    def code(self, text: str) -> CodeType:
        key = text_key(text)
        kept = self.known.get(key)
        code = unpacked(kept) if kept is not None else None
        if code is not None:
            self.found.add(key)
            return code
        code = self.made.get(key)
        if code is None:
            code = self.made[key] = compile(text, "<string>", "exec", dont_inherit=True)
        return code


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def packed(code: CodeType) -> bytes:
    return zlib.compress(marshal.dumps(code))


def unpacked(data: bytes) -> CodeType | None:
    """The code object of a packed value; None for one that is not."""
    try:
        code = marshal.loads(zlib.decompress(data))
    except (zlib.error, EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


_store: _Store | None = None


def code_path() -> Path | None:
    """Where the file is kept: beside this module's bytecode; None where Python keeps no bytecode."""
    try:
        bytecode = importlib.util.cache_from_source(__file__)
    except NotImplementedError:  # sys.implementation.cache_tag is None
        return None
    return Path(bytecode).with_suffix(".methods")


def install() -> None:
    """Have `dataclasses` take the code of texts it compiled before from the file (once per process; nothing is
    changed if something else already gave that module its own `exec`)."""
    global _store
    if _store is not None or "exec" in vars(dataclasses):
        return
    path = code_path()
    _store = _Store(path, read_codes(path) if path is not None else {})
    dataclasses.exec = _exec  # type: ignore[attr-defined]


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **options: Any) -> None:
    """`exec` as `dataclasses` calls it, with a text's code found or compiled once (never compiled here with
    this module's `__future__` flags, which `exec` of a text would inherit)."""
    if isinstance(source, str):
        source = _store.code(source) if _store is not None else compile(source, "<string>", "exec", dont_inherit=True)
    exec(source, globals, locals, **options)


def read_codes(path: Path) -> dict[bytes, bytes]:
    """The packed code objects of the file by their texts' SHA-256; none for a file that is missing, too large, from
    another interpreter, or damaged."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError:
        return {}
    return decode(data)


def decode(data: bytes) -> dict[bytes, bytes]:
    start = len(HEADER) + _DIGEST_SIZE
    if len(data) > MAX_FILE_BYTES or not data.startswith(HEADER):
        return {}
    payload = memoryview(data)[start:]
    if hashlib.sha256(payload).digest() != data[len(HEADER) : start]:
        return {}
    try:
        codes = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(codes, dict):
        return {}
    return {
        key: code
        for key, code in codes.items()
        if isinstance(key, bytes) and len(key) == 32 and isinstance(code, bytes)
    }


def encode(codes: dict[bytes, bytes]) -> bytes:
    payload = marshal.dumps(codes)
    return HEADER + hashlib.sha256(payload).digest() + payload


def pending() -> bool:
    """Whether this process compiled texts that the file can keep."""
    return _store is not None and _store.path is not None and bool(_store.made)


def update() -> tuple[Path, bytes] | None:
    """Where and what to write when this process compiled texts the file did not hold; None otherwise."""
    if not pending() or _store is None or _store.path is None:
        return None
    made = {key: packed(code) for key, code in _store.made.items()}
    used = {key: _store.known[key] for key in _store.found}
    kept = _store.known if len(_store.known) + len(made) <= MAX_TEXTS else used
    return _store.path, encode({**kept, **made})


__all__ = [
    "HEADER", "code_path", "decode", "encode", "install", "packed", "pending", "read_codes", "text_key", "unpacked",
    "update",
]  # fmt: skip
