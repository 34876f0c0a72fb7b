"""The CLDR month names of the edition's languages, kept in the build cache.

Babel loads and merges a language's whole locale data to give its twelve month names: a tenth of a second, with
its import, for the nine languages of the default edition, in every build and check. The names are kept in the
build cache's namespace `month-names`, keyed by the language; the namespace's version is the source of the code
that asks for them and Babel's own version file (its CLDR data comes with its version).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial

from calendar_builder.cache import Beside, Memo, code_version, package_sources
from calendar_builder.calendars import monthnames

#: the namespace of month names in the build cache (.cache/month-names.pack)
NAMESPACE = "month-names"


def memo_version() -> str:
    modules = ("calendar_builder.calendars.monthnames", "calendar_builder.edition.month_name_cache")
    return f"{code_version(*modules)}; {package_sources('babel', ('__init__', 'dates', 'core', 'localedata'))}"


def encode(names: tuple[str, ...]) -> bytes:
    return "\n".join(names).encode("utf-8")


def decode(data: bytes) -> tuple[str, ...] | None:
    """Twelve names, or None for a record that cannot be (then the names are read from Babel again)."""
    try:
        names = tuple(data.decode("utf-8").split("\n"))
    except UnicodeDecodeError:
        return None
    return names if len(names) == 12 and all(names) else None


class MonthNameStore:
    """The month names of one run, read from and collected into a build cache memo (see `monthnames.NameStore`)."""

    def __init__(self, memo: Memo) -> None:
        self.memo = memo

    def names(self, language: str, make: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
        if _ahead:
            key = self.memo.key(language)
            given = _ahead.pop(key) if not self.memo.holds((key,)) else None
            if given is not None:
                self.memo.adopt({key: given})
        names = decode(self.memo.get(language, lambda: encode(make())))
        if names is None:
            names = make()
            self.memo.keep(language, encode(names))
        return names


#: what a worker read ahead, by memo key (see `names_beside`)
_ahead: Beside[bytes] = Beside()


@contextmanager
def names_through(memo: Memo) -> Iterator[MonthNameStore]:
    """Take month names through the memo while the block runs."""
    store = MonthNameStore(memo)
    monthnames.use_store(store)
    try:
        yield store
    finally:
        monthnames.use_store(None)


def names_beside(take: Callable[[], dict[bytes, bytes]]) -> AbstractContextManager[None]:
    """While the block runs, the first month name the memo lacks asks `take` (a worker's `names_ahead`, waited for
    only then) for them; each name the memo lacks is then taken from them, used and kept for the next run."""
    return _ahead.giving(lambda: take().items())


def names_ahead(languages: tuple[str, ...]) -> dict[bytes, bytes]:
    """The month names of the languages, read from Babel into a memo of their own: what a worker hands the
    building process (see `names_beside`) so that it loads no locale data for them."""
    from calendar_builder.cache import open_memo

    memo = open_memo(None, NAMESPACE, memo_version())
    store = MonthNameStore(memo)
    for language in languages:
        store.names(language, partial(monthnames.babel_month_names, language))
    return memo.made_since(0)


__all__ = [
    "NAMESPACE",
    "MonthNameStore",
    "decode",
    "encode",
    "memo_version",
    "names_ahead",
    "names_beside",
    "names_through",
]
