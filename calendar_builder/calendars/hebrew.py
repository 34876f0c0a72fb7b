"""The Hebrew calendar, via pyluach; "adar" follows the festival convention (Adar II in leap years)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final

from pyluach import dates as _dates
from pyluach import hebrewcal as _hebrewcal

from calendar_builder.calendars import Calendar, CalendarSystem, month_from_names

# pyluach numbers months from Nisan (1) to Adar (12) and Adar II (13); the year turns at Tishrei (7).
MONTHS: Final = {
    "nisan": 1, "iyar": 2, "sivan": 3, "tammuz": 4, "av": 5, "elul": 6, "tishrei": 7, "cheshvan": 8,
    "kislev": 9, "tevet": 10, "shevat": 11, "adar": 12, "adar-i": 12, "adar-ii": 13,
}  # fmt: skip
ADAR: Final = 12
ADAR_II: Final = 13
#: German words for the rule's month slugs (proof).
MONTH_WORDS_DE: Final = {
    "tishrei": "Tischri", "cheshvan": "Cheschwan", "kislev": "Kislew", "tevet": "Tewet", "shevat": "Schwat",
    "adar": "Adar (im Schaltjahr Adar II)", "adar-i": "Adar I", "adar-ii": "Adar II", "nisan": "Nisan",
    "iyar": "Ijar", "sivan": "Siwan", "tammuz": "Tammus", "av": "Aw", "elul": "Elul",
}  # fmt: skip
#: German display names by pyluach month number (calendar page); month 12 is Adar I in a leap year.
MONTH_LABELS_DE: Final = {
    1: "Nisan", 2: "Ijar", 3: "Siwan", 4: "Tammus", 5: "Aw", 6: "Elul", 7: "Tischri", 8: "Cheschwan",
    9: "Kislew", 10: "Tewet", 11: "Schwat", 12: "Adar", 13: "Adar II",
}  # fmt: skip
#: the most days each month can have, by pyluach's numbers (Nisan = 1): Cheshvan (8) and Kislev (9) have 30 in a
#: complete year, Adar I (12) 30 in a leap year (Calendrical Calculations, Dershowitz & Reingold, ch. 8); a test
#: checks the table against pyluach's month lengths over four centuries
LONGEST_MONTH: Final = {1: 30, 2: 29, 3: 30, 4: 29, 5: 30, 6: 29, 7: 30, 8: 30, 9: 30, 10: 29, 11: 30, 12: 30, 13: 29}
_COMMON_YEAR: Final = (7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
_LEAP_YEAR: Final = (7, 8, 9, 10, 11, 12, 13, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class HebrewCalendar(CalendarSystem):
    name = "Hebrew"
    month_names = MONTHS
    words_de = "im jüdischen Kalender"
    month_words_de = MONTH_WORDS_DE
    month_labels_de = MONTH_LABELS_DE

    def supported(self) -> tuple[date, date]:
        return date(1, 1, 1), date(9999, 12, 31)

    def months(self, year: int) -> tuple[int, ...]:
        return _LEAP_YEAR if is_leap(year) else _COMMON_YEAR

    def month_length(self, year: int, month: int) -> int:
        return _month_length(year, month)

    def month_number(self, name_or_number: str, year: int) -> int | None:
        key = name_or_number.strip().lower()
        number = month_from_names(self.name, MONTHS, key)
        leap = is_leap(year)
        if key == "adar":
            # Purim and the other Adar days move to Adar II in a leap year.
            return ADAR_II if leap else ADAR
        if key in ("adar-i", "adar-ii", "13") and not leap:
            return None
        return number

    def longest_month(self, month: int) -> int:
        return LONGEST_MONTH[month]

    def month_label_de(self, year: int, month: int) -> str:
        if month == ADAR and is_leap(year):  # pyluach's month 12 is Adar I in a leap year
            return "Adar I"
        return MONTH_LABELS_DE[month]

    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        return _dates.HebrewDate(year, month, day).to_pydate()

    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        hebrew = _dates.HebrewDate.from_pydate(day)
        return int(hebrew.year), int(hebrew.month), int(hebrew.day)


@cache
def is_leap(year: int) -> bool:
    return bool(_hebrewcal.Year(year).leap)


@cache
def _month_length(year: int, month: int) -> int:
    # Cheshvan and Kislev vary with the year type; pyluach does not reject day 30 of a 29-day month.
    following = _hebrewcal.Month(year, month) + 1
    return int(_dates.HebrewDate(following.year, following.month, 1) - _dates.HebrewDate(year, month, 1))


HEBREW: Final = HebrewCalendar()
CALENDAR: Final = Calendar("hebrew", HEBREW)
