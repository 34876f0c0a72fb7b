"""The Hebrew calendar, via pyluach; "adar" follows the festival convention (Adar II in leap years)."""

from __future__ import annotations

from datetime import date
from functools import cache

from pyluach import dates as _dates
from pyluach import hebrewcal as _hebrewcal

from calendar_builder.calendars import month_from_names

# pyluach numbers months from Nisan (1) to Adar (12) and Adar II (13); the year turns at Tishrei (7).
MONTHS = {
    "nisan": 1, "iyar": 2, "sivan": 3, "tammuz": 4, "av": 5, "elul": 6, "tishrei": 7, "cheshvan": 8,
    "kislev": 9, "tevet": 10, "shevat": 11, "adar": 12, "adar-i": 12, "adar-ii": 13,
}  # fmt: skip


class HebrewCalendar:
    name = "Hebrew"
    month_names = MONTHS

    def supported(self) -> tuple[date, date]:
        return date(1, 1, 1), date(9999, 12, 31)

    def month_number(self, name_or_number: str, year: int) -> int | None:
        key = name_or_number.strip().lower()
        number = month_from_names(self.name, MONTHS, key)
        leap = _hebrewcal.Year(year).leap
        if key == "adar":
            # Purim and the other Adar days move to Adar II in a leap year.
            return 13 if leap else 12
        if key in ("adar-i", "adar-ii", "13") and not leap:
            return None
        return number

    def to_gregorian(self, year: int, month: int, day: int) -> date | None:
        if not 1 <= day <= _month_length(year, month):
            return None
        return _dates.HebrewDate(year, month, day).to_pydate()

    def year_of(self, day: date) -> int:
        return int(_dates.HebrewDate.from_pydate(day).year)


@cache
def _month_length(year: int, month: int) -> int:
    # Cheshvan and Kislev vary with the year type; pyluach does not reject day 30 of a 29-day month.
    following = _hebrewcal.Month(year, month) + 1
    return int(_dates.HebrewDate(following.year, following.month, 1) - _dates.HebrewDate(year, month, 1))


HEBREW = HebrewCalendar()
