"""The language codes an organisation's `languages:` are checked against: those CLDR names in English (Babel).

Babel gives them only with the English locale data, which it reads whole: about 20 ms of every build, check and proof.
While a command has opened the build cache's namespace `language-codes` (`codes_through`), the codes are read from
it and kept in it; the namespace's version is the source of this module and Babel's own version file (its CLDR data
comes with its version).
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from functools import cache

from calendar_builder.cache import Memo, MemoSlot, code_version, package_sources

#: the namespace of the language codes in the build cache (.cache/language-codes.pack)
NAMESPACE = "language-codes"
#: the one record's key: the locale whose names give the codes
KEY = "en"
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
    memo = _slot.memo
    if memo is None:
        return _from_babel()
    codes = decode(memo.get(KEY, lambda: encode(_from_babel())))
    if codes is None:  # a record that is not one (never expected: records are checked against their key)
        codes = _from_babel()
        memo.keep(KEY, encode(codes))
    return codes


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


__all__ = ["KEY", "NAMESPACE", "codes_through", "decode", "encode", "known_codes", "memo_version"]
