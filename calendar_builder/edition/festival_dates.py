"""Each festival's dates in an edition's year, with their second-method verdicts, kept in the build cache.

Dating the festivals of the default data for a year and checking each date by its second method reads the
calendars' tables (Hijri, Chinese, Panchang) and runs their conversions and astronomy: about 50 ms of every build,
check and proof, for dates that change only when a festival, the engine or a calendar library does. While a
command has opened the namespace `festival-dates` (`dates_through`), each festival's occurrences and range notices
for the year are read from it and kept in it, keyed by the festival as read (every field, its file and line
included), the year and the options; the namespace's version is made from every file of the package but the portal
and the source files of the calendar libraries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date

from calendar_builder.cache import Memo, MemoSlot, library_sources, package_version
from calendar_builder.calendars import LIBRARY_PACKAGES
from calendar_builder.core.confirm import confirm
from calendar_builder.core.expand import RangeNotice, expand
from calendar_builder.core.model import (
    Agreement,
    Confirmation,
    DateSource,
    Decision,
    Festival,
    Occurrence,
    VariantDate,
)
from calendar_builder.core.rules import ExpandOptions

#: the namespace of festival dates in the build cache (.cache/festival-dates.pack)
NAMESPACE = "festival-dates"

#: the memo of the running command (see `dates_through`); None: every festival is dated here
_slot = MemoSlot()

#: one festival's dates in a year: its occurrences that touch the year, confirmed, and its range notice
Dated = tuple[tuple[Occurrence, ...], tuple[RangeNotice, ...]]


def memo_version() -> str:
    # the libraries by their source files (through the build cache's file digests), not their distributions'
    # versions: asking those would import importlib.metadata and the email package
    return "; ".join([package_version(), *map(library_sources, LIBRARY_PACKAGES)])


def dates_through(memo: Memo) -> AbstractContextManager[Memo]:
    """Read and keep festival dates through the memo while the block runs."""
    return _slot.through(memo)


def edition_dates(festivals: Sequence[Festival], year: int, options: ExpandOptions) -> Dated:
    """Every occurrence of the festivals that touches `year` (spans begun late in the year before included),
    sorted by first day then id, each with its second method's verdict; and the festivals left out of `year`."""
    memo = _slot.memo
    occurrences: list[Occurrence] = []
    notices: list[RangeNotice] = []
    for festival in festivals:
        found = None
        if memo is not None:
            stored = memo.find((festival, year, options))
            found = decode(stored, festival) if stored is not None else None
        if found is None:
            found = festival_dates(festival, year, options)
            if memo is not None:
                memo.keep((festival, year, options), encode(found))
        occurrences.extend(found[0])
        notices.extend(found[1])
    # each festival's own occurrences are in date order: the same stable sort as of all festivals expanded at once
    occurrences.sort(key=lambda o: (o.start, o.festival.id))
    return tuple(occurrences), tuple(notices)


def festival_dates(festival: Festival, year: int, options: ExpandOptions) -> Dated:
    """One festival's dates in the year, computed."""
    expansion = expand((festival,), range(year - 1, year + 1), options)
    touching = (o for o in expansion.occurrences if o.end.year >= year and o.start.year <= year)
    return confirm(touching, options), tuple(n for n in expansion.notices if n.year == year)


# --- records -----------------------------------------------------------------------------------------------------


def encode(dated: Dated) -> bytes:
    occurrences, notices = dated
    rows = [[_occurrence(o) for o in occurrences], [[n.year, n.reason] for n in notices]]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _occurrence(o: Occurrence) -> list[object]:
    c = o.confirmation
    return [
        o.start.toordinal(), o.end.toordinal(), o.uncertain_days,
        o.source.decision.value, o.source.basis, o.source.authority, o.public_holiday,
        [[v.start.toordinal(), v.who_de, v.who_en] for v in o.variants], o.provisional,
        None if c is None else [c.method, c.agreement.value, None if c.second is None else c.second.toordinal()],
    ]  # fmt: skip


def decode(data: bytes, festival: Festival) -> Dated | None:
    """The festival's dates of a record; None for one that is not such a record (then they are computed)."""
    try:
        rows, notes = _list(json.loads(data))
        occurrences = tuple(_made(_list(row), festival) for row in _list(rows))
        notices = tuple(RangeNotice(festival, _int(y), _str(reason)) for y, reason in map(_list, _list(notes)))
    except (ValueError, TypeError, OverflowError):  # also json's and unpacking's errors, which are ValueErrors
        return None
    return occurrences, notices


def _made(row: list[object], festival: Festival) -> Occurrence:
    start, end, uncertain, decision, basis, authority, holiday, variants, provisional, checked = row
    confirmation = None
    if checked is not None:
        method, agreement, second = _list(checked)
        confirmation = Confirmation(_str(method), Agreement(_str(agreement)), None if second is None else _day(second))
    source = DateSource(Decision(_str(decision)), _str(basis), _str(authority))
    others = tuple(VariantDate(_day(d), _str(de), _str(en)) for d, de, en in map(_list, _list(variants)))
    return Occurrence(
        festival, _day(start), _day(end), _int(uncertain), source, _bool(holiday), others, _bool(provisional),
        confirmation,
    )  # fmt: skip


def _list(value: object) -> list[object]:
    if type(value) is not list:
        raise TypeError(f"not a list: {value!r}")
    return value


def _day(value: object) -> date:
    return date.fromordinal(_int(value))


def _int(value: object) -> int:
    if type(value) is not int:
        raise TypeError(f"not a number: {value!r}")
    return value


def _str(value: object) -> str:
    if type(value) is not str:
        raise TypeError(f"not a text: {value!r}")
    return value


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise TypeError(f"not true or false: {value!r}")
    return value


__all__ = ["NAMESPACE", "Dated", "dates_through", "decode", "edition_dates", "encode", "festival_dates", "memo_version"]
