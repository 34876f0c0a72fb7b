"""RRULE checking and expansion: an event's rule, exceptions and moved occurrences -> dated occurrences.

Rules are expanded on dates (DTSTART at midnight) and every occurrence takes the event's wall-clock time
in Europe/Berlin; that is what a person means by "every Thursday at 19:00", across daylight-saving changes.
"""

from __future__ import annotations

import datetime as _datetime_module
import difflib
import types
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import dateutil.rrule
from dateutil.rrule import rrule, rrulestr

from calendar_builder.core.limits import MAX_YEAR, MIN_YEAR, SERIES_OCCURRENCES
from calendar_builder.organisations.model import TIMEZONE, EventOccurrence, OrganisationCatalogue, OrgEvent

#: INTERVAL above this is no calendar series (every 1,000 days, weeks, months or years)
MAX_INTERVAL = 1_000
#: the last year dateutil's rule iteration may reach (see _bound_rule_iteration)
ITERATION_LAST_YEAR = MAX_YEAR + 1


class _BoundedDatetime(types.ModuleType):
    """The datetime module with MAXYEAR lowered, as seen by dateutil.rrule."""

    MAXYEAR = ITERATION_LAST_YEAR

    def __getattr__(self, name: str) -> Any:
        return getattr(_datetime_module, name)


def _bound_rule_iteration() -> None:
    """Make dateutil stop iterating a rule after ITERATION_LAST_YEAR instead of year 9999.

    dateutil ends a rule with no occurrences at all (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30, or a BYSETPOS past
    the set) only when it passes datetime.MAXYEAR, testing every day on the way: seconds per rule, per call.
    No date in the data lies after MAX_YEAR and no window reaches past the next year, so nothing is lost. The .ics
    importer's reference expansion (recurring_ical_events) uses the same dateutil and gains the same bound.
    """
    if not isinstance(getattr(dateutil.rrule, "datetime", None), _BoundedDatetime):
        setattr(dateutil.rrule, "datetime", _BoundedDatetime("datetime"))  # noqa: B010 - not a public attribute


_bound_rule_iteration()

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RRULE_PARTS = (
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYWEEKNO",
    "BYYEARDAY",
    "WKST",
)
BERLIN = ZoneInfo(TIMEZONE)


class RRuleError(ValueError):
    """An RRULE the calendar cannot use; the message says what was expected."""


def normalise_rrule(text: str, start_time: time | None = None) -> str:
    """Check an RRULE value and return it in canonical form with UNTIL as a date (YYYYMMDD).

    UNTIL given as a date-time (UTC with Z, or local) becomes the last Berlin day that still has an
    occurrence at `start_time`, so that expansion on dates keeps RFC 5545's inclusive UNTIL.
    """
    value = text.strip()
    if value.upper().startswith("RRULE:"):
        value = value[6:]
    parts: dict[str, str] = {}
    for piece in value.split(";"):
        if not piece.strip():
            continue
        if "=" not in piece:
            raise RRuleError(f"{piece!r} is not NAME=VALUE; expected e.g. 'FREQ=WEEKLY;BYDAY=TH'")
        name, _, part = piece.partition("=")
        name = name.strip().upper()
        if name in parts:
            raise RRuleError(f"{name} appears twice")
        if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            raise RRuleError(f"{name} is not supported: the calendar shows days; put the time in 'time'")
        if name not in RRULE_PARTS:
            close = difflib.get_close_matches(name, RRULE_PARTS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise RRuleError(f"unknown RRULE part {name!r}{hint}; known: {', '.join(RRULE_PARTS)}")
        parts[name] = part.strip().upper()
    if "FREQ" not in parts:
        raise RRuleError("FREQ is missing; expected e.g. 'FREQ=WEEKLY;BYDAY=TH'")
    if parts["FREQ"] not in FREQUENCIES:
        raise RRuleError(f"FREQ={parts['FREQ']} is not supported; expected one of {', '.join(FREQUENCIES)}")
    if "UNTIL" in parts and "COUNT" in parts:
        raise RRuleError("UNTIL and COUNT exclude each other (RFC 5545); keep one")
    for name, low, high in (("COUNT", 1, SERIES_OCCURRENCES), ("INTERVAL", 1, MAX_INTERVAL)):
        if name in parts and not (parts[name].isdigit() and low <= int(parts[name]) <= high):
            raise RRuleError(f"{name}={parts[name][:20]} is not a whole number from {low} to {high:,}")
    # Defaults spelled out by some exporters (Outlook) add nothing for a reader.
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    if parts.get("WKST") == "MO":
        del parts["WKST"]
    if "UNTIL" in parts:
        parts["UNTIL"] = f"{until_date(parts['UNTIL'], start_time):%Y%m%d}"
    canonical = ";".join(f"{name}={parts[name]}" for name in RRULE_PARTS if name in parts)
    try:
        rule = rrulestr(f"RRULE:{canonical}", dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise RRuleError(f"cannot read {canonical!r}: {exc}") from None
    if not isinstance(rule, rrule):
        raise RRuleError("expected a single RRULE")
    return canonical


def until_date(text: str, start_time: time | None) -> date:
    """The last day (Europe/Berlin) an UNTIL value lets through."""
    try:
        if len(text) == 8:
            moment = datetime.strptime(text, "%Y%m%d")
        elif text.endswith("Z"):
            moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).astimezone(BERLIN)
        else:
            moment = datetime.strptime(text, "%Y%m%dT%H%M%S").replace(tzinfo=BERLIN)
    except (ValueError, OverflowError):
        raise RRuleError(f"UNTIL={text[:30]} is not a date (YYYYMMDD) or UTC date-time (YYYYMMDDTHHMMSSZ)") from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise RRuleError(f"UNTIL={text[:30]} lies outside the supported years {MIN_YEAR}–{MAX_YEAR}")
    if len(text) == 8:
        return moment.date()
    if start_time is not None and moment.time().replace(tzinfo=None) < start_time:
        return moment.date() - timedelta(days=1)
    return moment.date()


def build_rule(event: OrgEvent) -> rrule:
    """dateutil's rule for an event, anchored at midnight of its first day."""
    rule = rrulestr(f"RRULE:{event.rrule}", dtstart=datetime.combine(event.start, time()))
    assert isinstance(rule, rrule)
    return rule


def rule_dates(event: OrgEvent, first: date, last: date) -> list[date]:
    """The start days the rule alone gives in [first, last], before exceptions and moves.

    The work is bounded by the window, not by the age of the series: a daily or weekly rule without COUNT
    is started again a whole number of periods before `first` (the same days follow), so that a series
    begun in 1900 costs the same as one begun last month.
    """
    if not event.rrule:
        return [event.start] if first <= event.start <= last else []
    if last < first or last < event.start:
        return []
    rule = build_rule(event)
    period = _period_days(event.rrule)
    if period and first - event.start > timedelta(days=2 * period):
        skipped = ((first - event.start).days // period - 1) * period
        rule = rule.replace(dtstart=datetime.combine(event.start + timedelta(days=skipped), time()))
    return [d.date() for d in rule.between(datetime.combine(first, time()), datetime.combine(last, time()), inc=True)]


def _period_days(rule_text: str) -> int:
    """Days in one period of a DAILY or WEEKLY rule without COUNT (0 for other rules: restart not exact)."""
    parts = dict(part.partition("=")[::2] for part in rule_text.split(";"))
    if "COUNT" in parts:
        return 0
    interval = int(parts.get("INTERVAL", "1"))
    return {"DAILY": interval, "WEEKLY": 7 * interval}.get(parts.get("FREQ", ""), 0)


def is_rule_date(event: OrgEvent, day: date) -> bool:
    return day in rule_dates(event, day, day)


def rule_date_set(event: OrgEvent, days: Iterable[date]) -> set[date]:
    """Which of `days` the rule gives, in one pass over the rule (not one pass per day: 5,000 exceptions)."""
    wanted = set(days)
    if not wanted:
        return set()
    return wanted & set(rule_dates(event, min(wanted), max(wanted)))


def expand_event(event: OrgEvent, first: date, last: date) -> list[EventOccurrence]:
    """Occurrences that touch [first, last] (inclusive), exceptions removed and moved ones in place."""
    span = timedelta(days=event.days - 1)
    excluded = set(event.exdates) | {m.original for m in event.moved}
    result = [
        EventOccurrence(event, day, day + span, event.time, event.end_time, event.location)
        for day in rule_dates(event, first - span, last)
        if day not in excluded
    ]
    valid = rule_date_set(event, (m.original for m in event.moved))
    exdates = set(event.exdates)
    for moved in event.moved:
        if moved.original in exdates or moved.original not in valid:
            continue
        new_start = moved.date
        if new_start + span < first or new_start > last:
            continue
        result.append(
            EventOccurrence(
                event,
                new_start,
                new_start + span,
                moved.time if moved.time is not None else event.time,
                moved.end_time if moved.end_time is not None else event.end_time,
                moved.location if moved.location is not None else event.location,
                moved_from=moved.original,
            )
        )
    result.sort(key=occurrence_key)
    return result


def occurrence_key(occurrence: EventOccurrence) -> tuple[date, time, str, str]:
    return (occurrence.start, occurrence.time or time.min, occurrence.organisation, occurrence.event.id)


@dataclass(frozen=True)
class EventNotice:
    """An event with no occurrence in the edition year: left out of print, still in the .ics feed."""

    event: OrgEvent
    year: int

    def __str__(self) -> str:
        e = self.event
        return (
            f"{e.file}:{e.line}: notice: event '{e.organisation}/{e.id}' ({e.start.isoformat()}) has no occurrence "
            f"in {self.year}; left out of print, still exported to .ics"
        )


@dataclass(frozen=True)
class EventExpansion:
    occurrences: tuple[EventOccurrence, ...]
    notices: tuple[EventNotice, ...]


def events_between(catalogue: OrganisationCatalogue, first: date, last: date) -> list[EventOccurrence]:
    """Every occurrence of every organisation's event touching [first, last], sorted by day and time."""
    result = [o for event in catalogue.events for o in expand_event(event, first, last)]
    result.sort(key=occurrence_key)
    return result


def events_for_year(catalogue: OrganisationCatalogue, year: int) -> EventExpansion:
    """The print view of a year: occurrences touching it, and a notice for each event that has none."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    occurrences: list[EventOccurrence] = []
    notices: list[EventNotice] = []
    for event in catalogue.events:
        found = expand_event(event, first, last)
        if not found:
            notices.append(EventNotice(event, year))
        occurrences.extend(found)
    occurrences.sort(key=occurrence_key)
    return EventExpansion(tuple(occurrences), tuple(notices))


def rrule_for_ics(event: OrgEvent) -> str:
    """The event's RRULE as an .ics file must carry it (RFC 5545 §3.3.10).

    In our data UNTIL is a day, inclusive. In iCalendar, UNTIL must have DTSTART's value type, and for a
    DTSTART with a time zone it must be UTC: a bare date would be read as midnight and drop the last
    occurrence. So timed events get the end of that Berlin day in UTC; all-day events keep the date.
    """
    if not event.rrule or event.time is None:
        return event.rrule
    parts = []
    for part in event.rrule.split(";"):
        name, _, value = part.partition("=")
        if name == "UNTIL":
            last = datetime.combine(datetime.strptime(value, "%Y%m%d").date(), time(23, 59, 59), tzinfo=BERLIN)
            value = f"{last.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        parts.append(f"{name}={value}")
    return ";".join(parts)
