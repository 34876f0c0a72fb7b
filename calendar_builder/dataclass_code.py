"""The compiled methods of dataclasses, kept between runs as Python keeps a module's bytecode.

Python 3.11 makes each method a dataclass gets (`__init__`, `__repr__`, `__eq__`, `__hash__` and, for a frozen
class, `__setattr__` and `__delattr__`) by compiling its source text with `exec`: about 0.7 ms a class. A command
creates 85 (`check`) to 110 (`build`) of the package's classes as it imports them, so this compiling is 60–80 ms
of every run, a tenth of a `check`.

`install` lets the `dataclasses` module find the code of a text it compiled in an earlier run: the texts and
their code objects are kept in one file beside the package's bytecode (`importlib.util.cache_from_source`, so
that `PYTHONPYCACHEPREFIX` applies), under the interpreter's bytecode magic number and checked by its SHA-256
before `marshal` reads it. A text not found is compiled as `exec` compiles it (no inherited `__future__` flags),
so every method is the same function as without the file. `update` gives the file's new contents when this
process compiled texts the file did not hold; `publish.keep_dataclass_code` writes them (a folder that cannot be
written, or `PYTHONDONTWRITEBYTECODE`, only costs the next run its time, as for bytecode).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import marshal
from pathlib import Path
from types import CodeType
from typing import Any

#: the file's first bytes: what it is and the bytecode format of the interpreter that wrote it
HEADER = b"calendar-builder dataclass methods\n" + importlib.util.MAGIC_NUMBER
_DIGEST_SIZE = 32
#: a larger file is not read (a few hundred texts of the package take about 0.6 MB)
MAX_FILE_BYTES = 16 * 1024 * 1024
#: texts kept beyond those this process used; past this, only this process's texts are written
MAX_TEXTS = 3000


class _Store:
    """The texts read from the file with their code (marshalled: a code object is only made for a text asked for),
    those found in it by this process and those it compiled."""

    def __init__(self, path: Path | None, known: dict[str, bytes]) -> None:
        self.path = path
        self.known = known
        self.found: set[str] = set()
        self.made: dict[str, CodeType] = {}

    def code(self, text: str) -> CodeType:
        kept = self.known.get(text)
        if kept is not None:
            try:
                code = marshal.loads(kept)
            except (EOFError, ValueError, TypeError):
                code = None
            if isinstance(code, CodeType):
                self.found.add(text)
                return code
        code = self.made.get(text)
        if code is None:
            code = self.made[text] = compile(text, "<string>", "exec", dont_inherit=True)
        return code


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


def read_codes(path: Path) -> dict[str, bytes]:
    """The texts and marshalled code objects of the file; none for a file that is missing, too large, from another
    interpreter, or damaged."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError:
        return {}
    return decode(data)


def decode(data: bytes) -> dict[str, bytes]:
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
    return {text: code for text, code in codes.items() if isinstance(text, str) and isinstance(code, bytes)}


def encode(codes: dict[str, bytes]) -> bytes:
    payload = marshal.dumps(codes)
    return HEADER + hashlib.sha256(payload).digest() + payload


def pending() -> bool:
    """Whether this process compiled texts that the file can keep."""
    return _store is not None and _store.path is not None and bool(_store.made)


def update() -> tuple[Path, bytes] | None:
    """Where and what to write when this process compiled texts the file did not hold; None otherwise."""
    if not pending() or _store is None or _store.path is None:
        return None
    made = {text: marshal.dumps(code) for text, code in _store.made.items()}
    used = {text: _store.known[text] for text in _store.found}
    kept = _store.known if len(_store.known) + len(made) <= MAX_TEXTS else used
    return _store.path, encode({**kept, **made})


__all__ = ["HEADER", "code_path", "decode", "encode", "install", "pending", "read_codes", "update"]
