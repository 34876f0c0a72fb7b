"""The Ethiopian calendar: the Coptic calendar's months and leap rule with the year 276 higher (convertdate)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Final

from calendar_builder.calendars import Calendar, CalendarSystem

MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("meskerem", "tikimt", "hidar", "tahsas", "tir", "yekatit", "megabit", "miyazya", "ginbot",
         "sene", "hamle", "nehase", "pagume"),
        start=1,
    )
}  # fmt: skip
MONTH_WORDS_DE: Final = {
    "meskerem": "Meskerem", "tikimt": "Tikimt", "hidar": "Hidar", "tahsas": "Tahsas", "tir": "Tir",
    "yekatit": "Yekatit", "megabit": "Megabit", "miyazya": "Miyazya", "ginbot": "Ginbot", "sene": "Sene",
    "hamle": "Hamle", "nehase": "Nehase", "pagume": "Pagume",
}  # fmt: skip
PAGUME: Final = 13

# Ethiopian year (Amätä Məhrät) = Coptic year (Anno Martyrum) + 276.
_YEAR_OFFSET = 276


@dataclass(frozen=True)
class EthiopianCalendar(CalendarSystem):
    name = "Ethiopian"
    month_names = MONTHS
    words_de = "im äthiopischen Kalender"
    month_words_de = MONTH_WORDS_DE

    def supported(self) -> tuple[date, date]:
        return date(300, 1, 1), date(9999, 12, 31)

    def months(self, year: int) -> tuple[int, ...]:
        return tuple(range(1, 14))

    def month_length(self, year: int, month: int) -> int:
        return int(_coptic().month_length(year - _YEAR_OFFSET, month))

    def longest_month(self, month: int) -> int:
        return 6 if month == PAGUME else 30

    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        return date(*_coptic().to_gregorian(year - _YEAR_OFFSET, month, day))

    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        year, month, dom = _coptic().from_gregorian(day.year, day.month, day.day)
        return int(year) + _YEAR_OFFSET, int(month), int(dom)


def _coptic() -> ModuleType:
    """convertdate's coptic module, imported when a date is first converted: the package imports all its calendars
    (8 ms), and reading rules or a run whose dates come from the build cache converts none."""
    from convertdate import coptic

    return coptic


ETHIOPIAN: Final = EthiopianCalendar()
CALENDAR: Final = Calendar("ethiopian", ETHIOPIAN)
