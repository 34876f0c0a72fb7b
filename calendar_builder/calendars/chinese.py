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

from calendar_builder.calendars import month_from_names

MONTHS = {str(n): n for n in range(1, 13)}


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


@cache
def _index() -> tuple[dict[tuple[int, int], LunarMonth], list[date]]:
    table = month_table()
    return {(m.year, m.month): m for m in table if not m.leap}, [m.first_day for m in table]


class ChineseCalendar:
    name = "Chinese"
    month_names = MONTHS

    def supported(self) -> tuple[date, date]:
        table = month_table()
        last = table[-1]
        return table[0].first_day, last.first_day + timedelta(days=last.days - 1)

    def month_number(self, name_or_number: str, year: int) -> int | None:
        return month_from_names(self.name, MONTHS, name_or_number)

    def to_gregorian(self, year: int, month: int, day: int) -> date | None:
        found = _index()[0].get((year, month))
        if found is None or not 1 <= day <= found.days:
            return None
        return found.first_day + timedelta(days=day - 1)

    def year_of(self, day: date) -> int:
        starts = _index()[1]
        position = bisect.bisect_right(starts, day) - 1
        if position < 0:
            raise ValueError(f"{day} lies before the Chinese month table")
        return month_table()[position].year


CHINESE = ChineseCalendar()
