"""The Julian calendar (Orthodox fixed feasts, the Yazidi Çarşema Sor), via convertdate."""

from __future__ import annotations

from datetime import date

from convertdate import julian as _julian

from calendar_builder.calendars import month_from_names

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}


class JulianCalendar:
    name = "Julian"
    month_names = MONTHS

    def supported(self) -> tuple[date, date]:
        return date(1, 1, 3), date(9999, 12, 31)

    def month_number(self, name_or_number: str, year: int) -> int | None:
        return month_from_names(self.name, MONTHS, name_or_number)

    def to_gregorian(self, year: int, month: int, day: int) -> date | None:
        if not 1 <= day <= _julian.month_length(year, month):
            return None
        return date(*_julian.to_gregorian(year, month, day))

    def year_of(self, day: date) -> int:
        return int(_julian.from_gregorian(day.year, day.month, day.day)[0])


JULIAN = JulianCalendar()
