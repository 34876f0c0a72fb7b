"""The Chinese lunisolar calendar (also Korean Seollal/Chuseok, Vietnamese Tết), from a month table.

The table (tables/chinese-months.csv) is generated from lunar-python by tools/generate_chinese_table.py.
lunardate was the first choice but disagrees with lunar-python and the `holidays` tables on four month
starts between 1900 and 2100 (1933, 1954, 1978, 2057); tests/test_chinese_table.py guards the table.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from typing import Final

from calendar_builder.calendars import Calendar, CalendarSystem
from calendar_builder.errors import OutOfRangeError

MONTHS: Final = {str(n): n for n in range(1, 13)}


@dataclass(frozen=True)
class LunarMonth:
    year: int
    month: int
    leap: bool
    first_day: date
    days: int


@cache
def month_table() -> tuple[LunarMonth, ...]:
    """Every lunar month of the table, in order (read once)."""
    text = files("calendar_builder.calendars").joinpath("tables/chinese-months.csv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            year, month, leap, first, days = line.split(",")
            rows.append(LunarMonth(int(year), int(month), leap == "1", date.fromisoformat(first), int(days)))
    return tuple(rows)


#: A leap month takes the number of the month it follows plus LEAP_OFFSET (leap 4 = 16), so that the
#: ordinary months keep their numbers 1-12, as the rules write them.
LEAP_OFFSET: Final = 12


@dataclass(frozen=True)
class _Index:
    by_month: dict[tuple[int, int], LunarMonth]
    starts: list[date]
    months: dict[int, tuple[int, ...]]


@cache
def _index() -> _Index:
    table = month_table()
    by_month = {(m.year, number(m)): m for m in table}
    months: dict[int, list[int]] = {}
    for month in table:
        months.setdefault(month.year, []).append(number(month))
    return _Index(by_month, [m.first_day for m in table], {y: tuple(ms) for y, ms in months.items()})


def number(month: LunarMonth) -> int:
    """The month number this module uses for a table month (leap months after LEAP_OFFSET)."""
    return month.month + LEAP_OFFSET if month.leap else month.month


@dataclass(frozen=True)
class ChineseCalendar(CalendarSystem):
    name = "Chinese"
    month_names = MONTHS
    words_de = "im chinesischen Mondkalender"

    def supported(self) -> tuple[date, date]:
        table = month_table()
        last = table[-1]
        return table[0].first_day, last.first_day + timedelta(days=last.days - 1)

    def months(self, year: int) -> tuple[int, ...]:
        found = _index().months.get(year)
        if found is None:
            first, last = month_table()[0].year, month_table()[-1].year
            raise OutOfRangeError(f"the Chinese month table covers the lunar years {first} to {last} only")
        return found

    def month_length(self, year: int, month: int) -> int:
        return _index().by_month[(year, month)].days

    def month_label_de(self, year: int, month: int) -> str:
        return f"Schaltmonat {month - LEAP_OFFSET}" if month > LEAP_OFFSET else str(month)

    def rule_in_words_de(self, day: int, month: str) -> str:
        return f"{day}. Tag des {month}. Monats {self.words_de}"

    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        return _index().by_month[(year, month)].first_day + timedelta(days=day - 1)

    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        position = bisect.bisect_right(_index().starts, day) - 1
        month = month_table()[position]
        return month.year, number(month), (day - month.first_day).days + 1


CHINESE: Final = ChineseCalendar()
CALENDAR: Final = Calendar("chinese", CHINESE)
