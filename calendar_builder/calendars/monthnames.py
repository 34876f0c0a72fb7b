"""Names of a Gregorian month: German, the CLDR names in other languages, and the months of other calendars.

CLDR month names come from Babel, so no language's spelling is typed by hand here. The months of other
calendars come from their calendar systems (German transliterations, Duden/DMG-style common spellings).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final, Protocol

from calendar_builder.calendars import CalendarSystem
from calendar_builder.calendars.registry import calendar_system

MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")  # fmt: skip

#: The other calendars whose months the page header names: (German label, rule name, authority). The Islamic
#: months follow Umm al-Qura here, whichever authority decides the festival dates.
PAGE_CALENDARS: Final = (("Jüdisch", "hebrew", ""), ("Islamisch", "hijri", "umm-al-qura"), ("Persisch", "persian", ""))


@dataclass(frozen=True)
class MonthSpan:
    """The months of another calendar that a Gregorian month touches, e.g. 'Tewet – Schwat 5786'."""

    calendar: str  # German name of the calendar
    label: str


class NameStore(Protocol):
    """Where a language's month names from an earlier run are kept (the build cache: see
    `edition/month_name_cache.py`); `make` gives them when it has none."""

    def names(self, language: str, make: Callable[[], tuple[str, ...]]) -> tuple[str, ...]: ...


#: the store of the running command, set by `use_store` (None: every language is read from Babel's CLDR data)
_store: NameStore | None = None


def use_store(store: NameStore | None) -> None:
    """Take month names from `store` from now on (None: from Babel); the command that opened it saves it."""
    global _store
    _store = store


def cldr_month_name(month: int, language: str) -> str:
    """The stand-alone wide month name from CLDR, first letter capitalised as on a calendar page."""
    return _cldr_names(language)[month - 1]


@cache
def _cldr_names(language: str) -> tuple[str, ...]:
    if _store is not None:
        return _store.names(language, lambda: babel_month_names(language))
    return babel_month_names(language)


def babel_month_names(language: str) -> tuple[str, ...]:
    """January to December in the language (Babel loads the whole locale for them: a tenth of a second for the
    nine languages of the default edition)."""
    from babel.dates import get_month_names

    names = get_month_names("wide", "stand-alone", locale=language)
    return tuple(str(names[month])[:1].upper() + str(names[month])[1:] for month in range(1, 13))


def cldr_month_names(month: int, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(language, cldr_month_name(month, language)) for language in languages]


def _days(year: int, month: int) -> list[date]:
    return [date(year, month, day) for day in range(1, calendar.monthrange(year, month)[1] + 1)]


def _span(parts: list[tuple[str, int]]) -> str:
    """'A – B 5786' if one year, 'A 5786 – B 5787' across a year boundary; parts are (month, year) in order."""
    if len(parts) == 1:
        return f"{parts[0][0]} {parts[0][1]}"
    if len({y for _, y in parts}) == 1:
        return " – ".join(m for m, _ in parts) + f" {parts[0][1]}"
    return " – ".join(f"{m} {y}" for m, y in parts)


def _distinct(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for item in items:
        if not found or found[-1] != item:
            found.append(item)
    return found


def month_span(system: CalendarSystem, year: int, month: int) -> str:
    """The months of `system` that Gregorian `month` touches, e.g. 'Tewet – Schwat 5786'."""
    parts = []
    for day in _days(year, month):
        cal_year, cal_month, _ = system.from_gregorian(day)
        parts.append((system.month_label_de(cal_year, cal_month), cal_year))
    return _span(_distinct(parts))


def hebrew_months(year: int, month: int) -> str:
    return month_span(calendar_system("hebrew"), year, month)


def islamic_months(year: int, month: int) -> str:
    """Islamic months after the Umm al-Qura calendar; in Germany a month may begin a day earlier or later."""
    return month_span(calendar_system("hijri", "umm-al-qura"), year, month)


def persian_months(year: int, month: int) -> str:
    return month_span(calendar_system("persian"), year, month)


def other_calendar_months(year: int, month: int) -> list[MonthSpan]:
    return list(_other_calendar_months(year, month))


@cache
def _other_calendar_months(year: int, month: int) -> tuple[MonthSpan, ...]:
    """Computed once per month: the layout asks again for each geometry it tries."""
    return tuple(
        MonthSpan(label, month_span(calendar_system(name, authority), year, month))
        for label, name, authority in PAGE_CALENDARS
    )
