"""Names of a Gregorian month: German, the CLDR names in other languages, and the months of other calendars.

CLDR month names come from Babel, so no language's spelling is typed by hand here. The Hebrew, Islamic and
Persian month names are German transliterations (Duden/DMG-style common spellings) of the calendar's months.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import get_month_names
from hijridate import Gregorian
from pyluach import dates as hebrew_dates
from pyluach import hebrewcal

from calendar_builder.calendars.persian import nowruz

MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")  # fmt: skip

#: pyluach numbering: Nisan = 1 ... Adar = 12, Adar II = 13
HEBREW_MONTHS_DE = {
    1: "Nisan", 2: "Ijar", 3: "Siwan", 4: "Tammus", 5: "Aw", 6: "Elul", 7: "Tischri", 8: "Cheschwan",
    9: "Kislew", 10: "Tewet", 11: "Schwat", 12: "Adar", 13: "Adar II",
}  # fmt: skip
HIJRI_MONTHS_DE = ("Muharram", "Safar", "Rabi al-awwal", "Rabi al-achir", "Dschumada l-ula", "Dschumada l-achira",
                   "Radschab", "Schaban", "Ramadan", "Schawwal", "Dhu l-qada", "Dhu l-hiddscha")  # fmt: skip
PERSIAN_MONTHS_DE = ("Farwardin", "Ordibehescht", "Chordad", "Tir", "Mordad", "Schahriwar", "Mehr", "Aban", "Azar",
                     "Dey", "Bahman", "Esfand")  # fmt: skip


@dataclass(frozen=True)
class MonthSpan:
    """The months of another calendar that a Gregorian month touches, e.g. 'Tewet – Schwat 5786'."""

    calendar: str  # German name of the calendar
    label: str


def cldr_month_name(month: int, language: str) -> str:
    """The stand-alone wide month name from CLDR, first letter capitalised as on a calendar page."""
    name = str(get_month_names("wide", "stand-alone", locale=language)[month])
    return name[:1].upper() + name[1:]


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


def hebrew_year_is_leap(year: int) -> bool:
    return bool(hebrewcal.Year(year).leap)


def hebrew_months(year: int, month: int) -> str:
    parts = []
    for day in _days(year, month):
        h = hebrew_dates.HebrewDate.from_pydate(day)
        name = HEBREW_MONTHS_DE[h.month]
        if h.month == 12 and hebrew_year_is_leap(h.year):  # pyluach's month 12 is Adar I in a leap year
            name = "Adar I"
        parts.append((name, h.year))
    return _span(_distinct(parts))


def islamic_months(year: int, month: int) -> str:
    """Islamic months after the Umm al-Qura calendar; in Germany a month may begin a day earlier or later."""
    parts = []
    for day in _days(year, month):
        h = Gregorian(day.year, day.month, day.day).to_hijri()
        parts.append((HIJRI_MONTHS_DE[h.month - 1], h.year))
    return _span(_distinct(parts))


def _nowruz(persian_year: int) -> date:
    # The project's own astronomical Nowruz (calendars/persian.py, cached per year): convertdate recomputes the
    # equinox with a slow series on every call. tests/test_monthnames.py still checks against convertdate.
    return nowruz(persian_year + 621)


def _persian_date(day: date) -> tuple[int, int, int]:
    year = day.year - 621
    if day < _nowruz(year):
        year -= 1
    offset = (day - _nowruz(year)).days
    lengths = [31] * 6 + [30] * 5 + [(_nowruz(year + 1) - _nowruz(year)).days - 336]
    for number, length in enumerate(lengths, start=1):
        if offset < length:
            return year, number, offset + 1
        offset -= length
    raise AssertionError(f"{day} beyond the Persian year {year}")


def persian_months(year: int, month: int) -> str:
    parts = []
    for day in _days(year, month):
        py, pm, _ = _persian_date(day)
        parts.append((PERSIAN_MONTHS_DE[pm - 1], py))
    return _span(_distinct(parts))


def other_calendar_months(year: int, month: int) -> list[MonthSpan]:
    return list(_other_calendar_months(year, month))


@cache
def _other_calendar_months(year: int, month: int) -> tuple[MonthSpan, ...]:
    """Computed once per month: the layout asks again for each geometry it tries."""
    return (
        MonthSpan("Jüdisch", hebrew_months(year, month)),
        MonthSpan("Islamisch", islamic_months(year, month)),
        MonthSpan("Persisch", persian_months(year, month)),
    )
