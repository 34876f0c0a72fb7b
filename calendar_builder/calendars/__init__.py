"""Calendar systems behind one small interface: (year, month, day) in that calendar <-> Gregorian date.

Each module in this package wraps a well-kept library (or a table computed from one) and declares the
Gregorian range it supports. The rule engine only ever talks to the `CalendarSystem` protocol, so a
system can be swapped or cross-checked without touching the rules.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from functools import cache
from typing import Protocol

from calendar_builder.errors import OutOfRangeError


class CalendarSystem(Hashable, Protocol):
    """A calendar that the rule engine can map onto Gregorian days."""

    name: str
    #: Names (lowercase ASCII slugs) accepted in rules for each month, mapped to month numbers.
    month_names: dict[str, int]

    def supported(self) -> tuple[date, date]:
        """First and last Gregorian day this system converts reliably."""
        ...

    def month_number(self, name_or_number: str, year: int) -> int | None:
        """The month a rule means in calendar `year`; None if it does not exist that year."""
        ...

    def to_gregorian(self, year: int, month: int, day: int) -> date | None:
        """Gregorian date of a calendar day; None if that day does not exist (e.g. 30 of a 29-day month)."""
        ...

    def year_of(self, day: date) -> int:
        """The calendar year in which a Gregorian day falls."""
        ...


def check_supported(system: CalendarSystem, year: int) -> None:
    """Refuse a Gregorian year the system does not fully cover, naming its range."""
    first, last = system.supported()
    if not (first <= date(year, 1, 1) and date(year, 12, 31) <= last):
        raise OutOfRangeError(
            f"the {system.name} calendar is only supported from {first.isoformat()} to {last.isoformat()}"
        )


def days_in_gregorian_year(system: CalendarSystem, month: str, day: int, year: int) -> list[date]:
    """Every Gregorian day in `year` that is `day` of `month` in `system` (0, 1 or 2 of them)."""
    check_supported(system, year)
    found: list[date] = []
    for cal_year in _calendar_years(system, year):
        number = system.month_number(month, cal_year)
        if number is None:
            continue
        result = system.to_gregorian(cal_year, number, day)
        if result is not None and result.year == year:
            found.append(result)
    return sorted(found)


@cache
def _calendar_years(system: CalendarSystem, year: int) -> range:
    """The calendar years that overlap a Gregorian year (cached: every festival of a system asks again)."""
    return range(system.year_of(date(year, 1, 1)), system.year_of(date(year, 12, 31)) + 1)


def month_from_names(system_name: str, names: dict[str, int], name_or_number: str) -> int:
    """Resolve a month name or number against a fixed table; raise ValueError listing the choices."""
    key = name_or_number.strip().lower()
    if key.isdigit() and int(key) in names.values():
        return int(key)
    if key in names:
        return names[key]
    raise ValueError(f"unknown {system_name} month {name_or_number!r}; known: {', '.join(names)}")
