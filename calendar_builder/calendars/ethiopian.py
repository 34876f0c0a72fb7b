"""The Ethiopian calendar: the Coptic calendar's months and leap rule with the year 276 higher (convertdate)."""

from __future__ import annotations

from datetime import date

from convertdate import coptic as _coptic

from calendar_builder.calendars import month_from_names

MONTHS = {
    name: number
    for number, name in enumerate(
        ("meskerem", "tikimt", "hidar", "tahsas", "tir", "yekatit", "megabit", "miyazya", "ginbot",
         "sene", "hamle", "nehase", "pagume"),
        start=1,
    )
}  # fmt: skip

# Ethiopian year (Amätä Məhrät) = Coptic year (Anno Martyrum) + 276.
_YEAR_OFFSET = 276


class EthiopianCalendar:
    name = "Ethiopian"
    month_names = MONTHS

    def supported(self) -> tuple[date, date]:
        return date(300, 1, 1), date(9999, 12, 31)

    def month_number(self, name_or_number: str, year: int) -> int | None:
        return month_from_names(self.name, MONTHS, name_or_number)

    def to_gregorian(self, year: int, month: int, day: int) -> date | None:
        coptic_year = year - _YEAR_OFFSET
        if not 1 <= day <= _coptic.month_length(coptic_year, month):
            return None
        return date(*_coptic.to_gregorian(coptic_year, month, day))

    def year_of(self, day: date) -> int:
        return int(_coptic.from_gregorian(day.year, day.month, day.day)[0]) + _YEAR_OFFSET


ETHIOPIAN = EthiopianCalendar()
