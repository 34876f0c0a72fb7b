"""The Julian calendar (Orthodox fixed feasts, the Yazidi Çarşema Sor), via convertdate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Final

from calendar_builder.calendars import GREGORIAN_MONTH_WORDS_DE, GREGORIAN_MONTHS, Calendar, CalendarSystem

MONTHS: Final = GREGORIAN_MONTHS
_LONGEST: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class JulianCalendar(CalendarSystem):
    name = "Julian"
    month_names = MONTHS
    words_de = "im julianischen Kalender"
    month_words_de = GREGORIAN_MONTH_WORDS_DE

    def supported(self) -> tuple[date, date]:
        return date(1, 1, 3), date(9999, 12, 31)

    def months(self, year: int) -> tuple[int, ...]:
        return tuple(range(1, 13))

    def month_length(self, year: int, month: int) -> int:
        return int(_julian().month_length(year, month))

    def longest_month(self, month: int) -> int:
        return _LONGEST[month - 1]

    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        return date(*_julian().to_gregorian(year, month, day))

    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        year, month, dom = _julian().from_gregorian(day.year, day.month, day.day)
        return int(year), int(month), int(dom)


def _julian() -> ModuleType:
    """convertdate's julian module, imported when a date is first converted: the package imports all its calendars
    (8 ms), and reading rules or a run whose dates come from the build cache converts none."""
    from convertdate import julian

    return julian


JULIAN: Final = JulianCalendar()
CALENDAR: Final = Calendar("julian", JULIAN)
