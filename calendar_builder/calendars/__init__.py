"""Calendar systems behind one two-way interface: a day in that calendar <-> a Gregorian date.

Each module in this package wraps a well-kept library (or a table computed from one), declares the Gregorian
range it supports and registers itself in `registry`. The rule engine, the month names of the calendar page
and the rule words of the proof only ever talk to `CalendarSystem`, so a system can be added, swapped or
cross-checked without touching them. Modules here import nothing of the package but `errors` and `astro`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import ClassVar, Final

from calendar_builder.errors import OutOfRangeError

#: the libraries whose answers are in a festival's dates (calendar conversions, astronomy, Easter and recurrence),
#: by the packages they install: their source files are part of the version of every cache of dates (`dates`' rows,
#: an edition's festival dates), hashed without importing anything
LIBRARY_PACKAGES: Final = ("pyluach", "hijridate", "convertdate", "ephem", "dateutil", "pymeeus")

#: Gregorian (and Julian) month names as rules write them.
GREGORIAN_MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
#: German names of the Gregorian months, by rule slug.
GREGORIAN_MONTH_WORDS_DE: Final = {
    "jan": "Januar", "feb": "Februar", "mar": "März", "apr": "April", "may": "Mai", "jun": "Juni",
    "jul": "Juli", "aug": "August", "sep": "September", "oct": "Oktober", "nov": "November", "dec": "Dezember",
}  # fmt: skip


class CalendarSystem(ABC):
    """One calendar system (or one authority's version of it), converting both ways against the Gregorian one.

    Months are numbered as the wrapped library numbers them; `months(year)` gives them in calendar order.
    `supported()` is the range the system vouches for: `from_gregorian` raises OutOfRangeError outside it,
    `to_gregorian` wherever its source cannot answer (a table's end), and `check_supported` refuses a
    Gregorian year not wholly inside it, which is what the rules use.
    """

    #: how messages name the system, e.g. "Hebrew" or "hijri (Diyanet)"
    name: ClassVar[str]
    #: month names (lowercase ASCII slugs) accepted in rules, mapped to month numbers
    month_names: ClassVar[Mapping[str, int]]
    #: days either way a community may observe a date (sighting of the moon); printed as "±1 Tag"
    uncertain_days: ClassVar[int] = 0
    #: who decides the dates, where a calendar has several authorities (shown after the rule), else ""
    authority_label: ClassVar[str] = ""
    #: German: where a rule's day lies, e.g. "im jüdischen Kalender" (proof words)
    words_de: ClassVar[str]
    #: German words for the rules' month slugs; a missing slug is shown capitalised
    month_words_de: ClassVar[Mapping[str, str]] = {}
    #: German display names of month numbers for the calendar page, where the module has them
    month_labels_de: ClassVar[Mapping[int, str]] = {}

    @abstractmethod
    def supported(self) -> tuple[date, date]:
        """First and last Gregorian day this system converts reliably."""

    @abstractmethod
    def months(self, year: int) -> tuple[int, ...]:
        """The month numbers of calendar `year` in calendar order; OutOfRangeError if unknowable."""

    @abstractmethod
    def month_length(self, year: int, month: int) -> int:
        """Days in a month that exists in `year`."""

    @abstractmethod
    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        """The conversion itself, for a day known to exist."""

    @abstractmethod
    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        """The conversion itself, for a day known to lie in the supported range."""

    def to_gregorian(self, year: int, month: int, day: int) -> date | None:
        """Gregorian date of a calendar day; None if that day does not exist (e.g. 30 of a 29-day month).

        A day just past `supported()` is still answered where the source can (the last month of a range),
        so that a calendar year overlapping the range's edge converts whole.
        """
        if month not in self.months(year) or not 1 <= day <= self.month_length(year, month):
            return None
        return self._to_gregorian(year, month, day)

    def from_gregorian(self, day: date) -> tuple[int, int, int]:
        """(year, month, day) in this calendar of a Gregorian date; the inverse of `to_gregorian`."""
        self.check_day(day)
        return self._from_gregorian(day)

    def year_of(self, day: date) -> int:
        """The calendar year in which a Gregorian day falls."""
        return self.from_gregorian(day)[0]

    def months_in_year(self, year: int) -> int:
        return len(self.months(year))

    def month_number(self, name_or_number: str, year: int) -> int | None:
        """The month a rule means in calendar `year`; None if it does not exist that year."""
        return month_from_names(self.name, self.month_names, name_or_number)

    def longest_month(self, month: int) -> int:
        """The most days a month can have in any year, to reject an impossible rule when the file is read."""
        return 30

    def month_label_de(self, year: int, month: int) -> str:
        """German display name of a month in a given year (the page header's months of other calendars)."""
        return self.month_labels_de.get(month, str(month))

    def rule_in_words_de(self, day: int, month: str) -> str:
        """A rule's base day in German, e.g. '15. Nisan im jüdischen Kalender'."""
        return f"{day}. {self.month_words_de.get(month, month.capitalize())} {self.words_de}"

    def check_day(self, day: date) -> None:
        first, last = self.supported()
        if not first <= day <= last:
            raise OutOfRangeError(
                f"the {self.name} calendar is only supported from {first.isoformat()} to {last.isoformat()}"
            )


@dataclass(frozen=True)
class Calendar:
    """A calendar as the rule grammar names it, with the system of each authority that can decide its dates.

    Most calendars have one system. The Islamic one has several (Diyanet, Umm al-Qura); the edition's
    options choose, and the proof compares them.
    """

    name: str
    default: CalendarSystem
    by_authority: Mapping[str, CalendarSystem] = field(default_factory=dict)

    @property
    def authorities(self) -> tuple[str, ...]:
        return tuple(self.by_authority)

    def system(self, authority: str = "") -> CalendarSystem:
        """The system of an authority (ignored by one-system calendars); ValueError naming the choices."""
        if not self.by_authority or not authority:
            return self.default
        if authority in self.by_authority:
            return self.by_authority[authority]
        key = authority.strip().lower().replace("_", "-").replace(" ", "-")
        if key not in self.by_authority:
            raise ValueError(f"unknown {self.name} authority {authority!r}; valid: {', '.join(self.by_authority)}")
        return self.by_authority[key]


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
        result = _calendar_day(system, month, day, cal_year)
        if result is not None and result.year == year:
            found.append(result)
    return sorted(found)


@cache
def _calendar_day(system: CalendarSystem, month: str, day: int, cal_year: int) -> date | None:
    """A rule's day in one calendar year (cached: a calendar year overlaps two Gregorian ones)."""
    number = system.month_number(month, cal_year)
    if number is None:
        return None
    try:
        return system.to_gregorian(cal_year, number, day)
    except OutOfRangeError:
        return None  # beyond the system's range, so outside the Gregorian year, which lies fully inside it


@cache
def _calendar_years(system: CalendarSystem, year: int) -> range:
    """The calendar years that overlap a Gregorian year (cached: every festival of a system asks again)."""
    return range(system.year_of(date(year, 1, 1)), system.year_of(date(year, 12, 31)) + 1)


def month_from_names(system_name: str, names: Mapping[str, int], name_or_number: str) -> int:
    """Resolve a month name or number against a fixed table; raise ValueError listing the choices."""
    key = name_or_number.strip().lower()
    if key.isdigit() and int(key) in names.values():
        return int(key)
    if key in names:
        return names[key]
    raise ValueError(f"unknown {system_name} month {name_or_number!r}; known: {', '.join(names)}")
