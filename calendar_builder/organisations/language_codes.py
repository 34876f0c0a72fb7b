"""The language codes an organisation's `languages:` are checked against (those CLDR names in English), and their
German names, which the calendar prints (Babel).

Babel gives them only with the English and German locale data, each read whole: about 20 ms each in every build,
check and proof. While a command has opened the build cache's namespace `language-codes` (`codes_through`), the
codes and the names are read from it and kept in it; the namespace's version is the source of this module and
Babel's own version file (its CLDR data comes with its version).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import cache
from typing import Any, TypeVar, cast

from calendar_builder.cache import Memo, MemoSlot, code_version, package_sources

#: the namespace of the language codes in the build cache (.cache/language-codes.pack)
NAMESPACE = "language-codes"
#: the key of the codes' record: the locale whose names give them
KEY = "en"
#: the key of the German names' record
NAMES_KEY = "names de"
#: a CLDR language key: "ar", "ckb", "zh_Hant", "es_419"
_CODE = re.compile(r"[a-z]{2,8}(?:_[A-Za-z0-9]{2,8})*")

#: the memo of the running command (see `codes_through`); None: the codes are asked of Babel
_slot = MemoSlot()


def memo_version() -> str:
    return f"{code_version(__name__)}; {package_sources('babel', ('__init__', 'core', 'localedata'))}"


def codes_through(memo: Memo) -> AbstractContextManager[Memo]:
    """Read and keep the codes through the memo while the block runs."""
    return _slot.through(memo)


def known_codes() -> frozenset[str]:
    """Every language code CLDR names in English, from the build cache while a command has opened it."""
    return _through_memo(KEY, _from_babel, encode, decode)


def german_names() -> dict[str, str]:
    """The German name of every language CLDR names in German, by code, from the build cache while a command has
    opened it."""
    return _through_memo(NAMES_KEY, _names_from_babel, encode_names, decode_names)


T = TypeVar("T")
#: the value of each record as read for the memo last opened (each organisation asks again)
_read: dict[str, tuple[Memo, Any]] = {}


def _through_memo(
    key: str, make: Callable[[], T], encode: Callable[[T], bytes], decode: Callable[[bytes], T | None]
) -> T:
    memo = _slot.memo
    if memo is None:
        return make()
    known = _read.get(key)
    if known is not None and known[0] is memo:
        return cast(T, known[1])
    value = decode(memo.get(key, lambda: encode(make())))
    if value is None:  # a record that is not one (never expected: records are checked against their key)
        value = make()
        memo.keep(key, encode(value))
    _read[key] = (memo, value)
    return value


@cache
def _names_from_babel() -> dict[str, str]:
    from babel import Locale

    return dict(Locale("de").languages)


def encode_names(names: dict[str, str]) -> bytes:
    return "\n".join(f"{code}\t{name}" for code, name in sorted(names.items())).encode("utf-8")


def decode_names(data: bytes) -> dict[str, str] | None:
    """The names of a record; None for one that is not a list of codes and names."""
    try:
        lines = data.decode("utf-8").split("\n")
        pairs = [line.split("\t") for line in lines]
        names = dict((code, name) for code, name in pairs)
    except (UnicodeDecodeError, ValueError):
        return None
    codes = [code for code, _ in pairs]
    if len(names) < 100 or codes != sorted(names) or not all(_CODE.fullmatch(code) and names[code] for code in names):
        return None
    return names


@cache
def _from_babel() -> frozenset[str]:
    from babel import Locale

    return frozenset(Locale("en").languages)


def encode(codes: frozenset[str]) -> bytes:
    return "\n".join(sorted(codes)).encode("ascii")


def decode(data: bytes) -> frozenset[str] | None:
    """The codes of a record; None for one that is not a list of codes."""
    try:
        codes = data.decode("ascii").split("\n")
    except UnicodeDecodeError:
        return None
    if len(codes) < 100 or not all(_CODE.fullmatch(code) for code in codes) or codes != sorted(set(codes)):
        return None
    return frozenset(codes)


__all__ = [
    "KEY", "NAMES_KEY", "NAMESPACE", "codes_through", "decode", "decode_names", "encode", "encode_names",
    "german_names", "known_codes", "memo_version",
]  # fmt: skip
