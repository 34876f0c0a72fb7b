"""The calendars the rule grammar knows, by the name a rule uses ('hebrew 15 nisan' -> calendars/hebrew.py).

A calendar named N is the module `calendar_builder.calendars.N` exposing `CALENDAR`, a `Calendar`. The
module is imported on first use, so a command that expands no rule loads no calendar library.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Final

from calendar_builder.calendars import Calendar, CalendarSystem

#: Adding a calendar: write its module, add its name here, test it (see docs/architecture.md).
NAMES: Final = ("julian", "hebrew", "hijri", "chinese", "persian", "bahai", "ethiopian")


_KNOWN: Final = frozenset(NAMES)


def is_calendar(name: str) -> bool:
    return name in _KNOWN


@cache
def calendar(name: str) -> Calendar:
    """The registered calendar of a rule name; ValueError listing the known names otherwise."""
    if name not in NAMES:
        raise ValueError(f"unknown calendar {name!r}; known: {', '.join(NAMES)}")
    found = getattr(import_module(f"{__package__}.{name}"), "CALENDAR", None)
    if not isinstance(found, Calendar) or found.name != name:
        raise TypeError(f"calendar_builder.calendars.{name} must define CALENDAR = Calendar({name!r}, ...)")
    return found


def calendar_system(name: str, authority: str = "") -> CalendarSystem:
    """The system behind a rule name, as `authority` decides it where the calendar has several."""
    return calendar(name).system(authority)
