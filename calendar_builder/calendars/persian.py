"""Solar Hijri (Persian) calendar: Nowruz from the computed March equinox, then fixed month lengths.

Rule (law of 31 March 1925, as Iran's calendar authority applies it): 1 Farvardin is the day on which the
March equinox falls if it falls before true (apparent) solar noon on the meridian of Iran Standard Time,
52.5° E (UTC+3:30); otherwise the following day. Months 1–6 have 31 days, 7–11 have 30, Esfand 29 or 30
(whatever is left until the next Nowruz). Supported: Gregorian 1900-01-01 to 2100-12-31.

Where the equinox falls within minutes of that noon, conventions (true vs. mean noon, ephemeris) can
disagree; `marginal_years` lists those years so that tests and proofs can show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

from calendar_builder.calendars import Calendar, CalendarSystem, astro

IRST_MERIDIAN: Final = 52.5
IRST_OFFSET_HOURS: Final = 3.5
#: Gregorian year in which Solar Hijri year 1 would begin: SH year y starts in Gregorian y + 621.
YEAR_OFFSET: Final = 621
FIRST_DAY: Final = date(1900, 1, 1)
LAST_DAY: Final = date(2100, 12, 31)

MONTH_NAMES: Final = {
    name: number
    for number, name in enumerate(
        (
            "farvardin",
            "ordibehesht",
            "khordad",
            "tir",
            "mordad",
            "shahrivar",
            "mehr",
            "aban",
            "azar",
            "dey",
            "bahman",
            "esfand",
        ),
        start=1,
    )
}
_MONTHS: Final = tuple(range(1, 13))
#: German words for the rule's month slugs (proof).
MONTH_WORDS_DE: Final = {
    "farvardin": "Farwardin", "ordibehesht": "Ordibehescht", "khordad": "Chordad", "tir": "Tir",
    "mordad": "Mordad", "shahrivar": "Schahriwar", "mehr": "Mehr", "aban": "Aban", "azar": "Azar", "dey": "Dey",
    "bahman": "Bahman", "esfand": "Esfand",
}  # fmt: skip
#: German display names by month number (calendar page).
MONTH_LABELS_DE: Final = {number: MONTH_WORDS_DE[name] for name, number in MONTH_NAMES.items()}


@lru_cache(maxsize=512)
def nowruz(gregorian_year: int) -> date:
    """1 Farvardin in a Gregorian year (computed once per year, cached)."""
    equinox = astro.march_equinox(gregorian_year)
    local = (equinox + timedelta(hours=IRST_OFFSET_HOURS)).date()
    noon = astro.solar_transit(local, IRST_MERIDIAN, IRST_OFFSET_HOURS)
    return local if equinox < noon else local + timedelta(days=1)


def equinox_minutes_from_noon(gregorian_year: int) -> float:
    """Minutes from true noon (52.5° E) to the equinox on its IRST day; negative = before noon."""
    equinox = astro.march_equinox(gregorian_year)
    local = (equinox + timedelta(hours=IRST_OFFSET_HOURS)).date()
    noon = astro.solar_transit(local, IRST_MERIDIAN, IRST_OFFSET_HOURS)
    return (equinox - noon).total_seconds() / 60.0


def marginal_years(first: int = 1900, last: int = 2100, minutes: float = 15.0) -> list[int]:
    """Years whose equinox falls within `minutes` of the deciding noon (where conventions may differ)."""
    return [y for y in range(first, last + 1) if abs(equinox_minutes_from_noon(y)) <= minutes]


def _month_offset(month: int) -> int:
    return (month - 1) * 31 if month <= 6 else 186 + (month - 7) * 30


@dataclass(frozen=True)
class PersianCalendar(CalendarSystem):
    """The Solar Hijri calendar behind the CalendarSystem interface."""

    name = "persian"
    month_names = MONTH_NAMES
    words_de = "im iranischen Sonnenkalender"
    month_words_de = MONTH_WORDS_DE
    month_labels_de = MONTH_LABELS_DE

    def supported(self) -> tuple[date, date]:
        return FIRST_DAY, LAST_DAY

    def months(self, year: int) -> tuple[int, ...]:
        return _MONTHS

    def month_length(self, year: int, month: int) -> int:
        if month <= 6:
            return 31
        if month <= 11:
            return 30
        start = nowruz(year + YEAR_OFFSET)
        return (nowruz(year + YEAR_OFFSET + 1) - start).days - 336

    def longest_month(self, month: int) -> int:
        return 31 if month <= 6 else 30

    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        return nowruz(year + YEAR_OFFSET) + timedelta(days=_month_offset(month) + day - 1)

    def year_of(self, day: date) -> int:
        return day.year - YEAR_OFFSET if day >= nowruz(day.year) else day.year - YEAR_OFFSET - 1

    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        year = self.year_of(day)
        days = (day - nowruz(year + YEAR_OFFSET)).days
        if days < 186:
            return year, days // 31 + 1, days % 31 + 1
        month = min((days - 186) // 30 + 7, 12)
        return year, month, days - _month_offset(month) + 1


PERSIAN: Final = PersianCalendar()
CALENDAR: Final = Calendar("persian", PERSIAN)
