"""The Chinese lunisolar calendar (also Korean Seollal/Chuseok, Vietnamese Tết), via lunardate."""

from __future__ import annotations

from datetime import date

import lunardate as _lunardate

from . import month_from_names

MONTHS = {str(n): n for n in range(1, 13)}

# lunardate returns wrong values instead of raising outside 1900-01-31 .. 2100-02-08.
_FIRST = date(1900, 1, 31)
_LAST = date(2100, 2, 8)


class ChineseCalendar:
    name = "Chinese"
    month_names = MONTHS

    def supported(self) -> tuple[date, date]:
        return _FIRST, _LAST

    def month_number(self, name_or_number: str, year: int) -> int | None:
        return month_from_names(self.name, MONTHS, name_or_number)

    def to_gregorian(self, year: int, month: int, day: int) -> date | None:
        try:
            solar = _lunardate.LunarDate(year, month, day).to_solar_date()
        except ValueError:
            return None
        # lunardate accepts day 30 of a 29-day month silently; a round trip exposes it.
        back = _lunardate.LunarDate.from_solar_date(solar.year, solar.month, solar.day)
        if (back.year, back.month, back.day, back.isLeapMonth) != (year, month, day, False):
            return None
        return date(solar.year, solar.month, solar.day)

    def year_of(self, day: date) -> int:
        return int(_lunardate.LunarDate.from_solar_date(day.year, day.month, day.day).year)


CHINESE = ChineseCalendar()
