"""An organisation's own calendar export (.ics) -> events in our model, rules kept where that is exact.

Recurrence (RRULE, EXDATE, RECURRENCE-ID) is expanded by `recurring_ical_events`, a maintained library,
and is the reference: a series is written back as one event with its rule only if our own expansion of
that rule gives exactly the same Berlin dates, times, places and titles for the edition year. Otherwise
(e.g. a weekly rule set in UTC, whose Berlin time moves with daylight saving) the year's occurrences are
written as single dated events, and the import says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from calendar_builder.core.limits import ICS_BYTES, ICS_EVENTS, MAX_YEAR, MIN_YEAR, SERIES_EXCEPTIONS, check_size
from calendar_builder.core.textcheck import text_problem
from calendar_builder.errors import DataError, Location, Problem
from calendar_builder.organisations.importing import IdAllocator, ImportResult, slugify
from calendar_builder.organisations.load import is_url
from calendar_builder.organisations.model import MovedOccurrence, OrgEvent
from calendar_builder.organisations.recurrence import BERLIN, RRuleError, expand_event, normalise_rrule, rule_dates

#: (first day, last day, time, end time, location, title): what a calendar cell shows of an occurrence
Shown = tuple[date, date, time | None, time | None, str, str]


@dataclass(frozen=True)
class _Span:
    start: date
    end: date
    start_time: time | None
    end_time: time | None


def import_ics(path: Path, organisation: str, year: int, taken: set[str] | None = None) -> ImportResult:
    """Read an .ics file and return the events that touch `year`, in Europe/Berlin wall-clock time."""
    calendar, raw_text = _read(path)
    lines = _event_lines(raw_text)
    masters: dict[str, Any] = {}
    master_lines: dict[str, int] = {}
    children: dict[str, list[Any]] = defaultdict(list)
    child_lines: dict[tuple[str, str], int] = {}
    order: dict[str, None] = {}
    problems: list[Problem] = []
    for number, component in enumerate(calendar.walk("VEVENT"), 1):
        line = lines[number - 1] if number <= len(lines) else 0
        if number > ICS_EVENTS:
            raise DataError([Problem(Location(str(path), line), f"more than {ICS_EVENTS:,} events; split the file")])
        uid = str(component.get("UID", "")) or f"(ohne UID Nr. {number})"
        refused = _component_problem(component, uid)
        if refused:
            problems.append(Problem(Location(str(path), line, refused[0]), refused[1]))
            continue
        order[uid] = None
        if "RECURRENCE-ID" in component:
            key = (uid, str(component["RECURRENCE-ID"].to_ical()))
            if key in child_lines:
                problems.append(_duplicate(path, uid, child_lines[key], line, component, "RECURRENCE-ID"))
                continue
            child_lines[key] = line
            children[uid].append(component)
        elif uid in masters:
            problems.append(_duplicate(path, uid, master_lines[uid], line, component, "UID"))
        else:
            masters[uid] = component
            master_lines[uid] = line
    if problems:
        raise DataError(problems)
    try:
        reference = _reference(calendar, year)
    except Exception as exc:  # recurring_ical_events and icalendar raise many kinds for a malformed rule or date
        why = f"the events cannot be expanded ({type(exc).__name__}: {str(exc)[:200]})"
        raise DataError([Problem(Location(str(path)), why)]) from None
    ids = IdAllocator(set(taken or ()))
    events: list[OrgEvent] = []
    notices: list[str] = []
    for uid in order:
        master = masters.get(uid)
        title = _title(master if master is not None else children[uid][0])
        shown = reference.get(uid, [])
        if master is not None and str(master.get("STATUS", "")).upper() == "CANCELLED":
            notices.append(f"'{title}': cancelled in the source (STATUS:CANCELLED), not imported")
            continue
        if not shown:
            notices.append(f"'{title}': no occurrence in {year}, not imported")
            continue
        base = slugify(title)
        if master is not None and "RRULE" in master:
            candidate, why = _series(master, children[uid], organisation, base, year)
            if candidate is not None and _shows(candidate, year) == sorted(shown):
                events.append(replace(candidate, id=ids.take(base)))
                continue
            notices.append(
                f"'{title}': {why or 'its rule does not give the same Berlin dates and times'}; "
                f"imported as {len(shown)} single dates for {year}"
            )
        template = master if master is not None else children[uid][0]
        split = len(shown) > 1 or (master is not None and "RRULE" in master)
        for item in sorted(shown):
            event_id = ids.take(f"{base}-{item[0]:%Y%m%d}" if split else base, f"{item[0]:%Y%m%d}")
            events.append(_single(template, item, organisation, event_id, notices))
    events.sort(key=lambda e: (e.start, e.time or time.min, e.id))
    return ImportResult(tuple(events), tuple(notices))


def _read(path: Path) -> tuple[Any, str]:
    check_size(path, ICS_BYTES, "the .ics file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(Location(str(path)), f"cannot read file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(Location(str(path)), f"not UTF-8 text ({exc.reason})")]) from None
    events = text.upper().count("BEGIN:VEVENT")
    if events > ICS_EVENTS:
        raise DataError([Problem(Location(str(path)), f"{events:,} events, more than the limit of {ICS_EVENTS:,} "
                                 "for one import; export a shorter period (e.g. one year)")])  # fmt: skip
    try:
        return icalendar.Calendar.from_ical(text), text
    except Exception as exc:  # icalendar raises ValueError, but also KeyError, IndexError, … for malformed lines
        reason = str(exc)[:200] or type(exc).__name__
        raise DataError([Problem(Location(str(path)), f"not an iCalendar file (.ics): {reason}")]) from None


def _event_lines(text: str) -> list[int]:
    """The line of each BEGIN:VEVENT, in file order (the order icalendar's walk gives the events)."""
    return [number for number, line in enumerate(text.splitlines(), 1) if line.strip().upper() == "BEGIN:VEVENT"]


def _component_problem(component: Any, uid: str) -> tuple[str, str] | None:
    """(property, why) for an event the import must refuse before expanding anything; None if it is fine."""
    if "DTSTART" not in component:
        return "DTSTART", f"event {uid[:80]} has no DTSTART"
    try:
        start = component.decoded("DTSTART")
    except Exception as exc:  # a value icalendar cannot decode
        return "DTSTART", f"event {uid[:80]}: DTSTART cannot be read ({str(exc)[:100]})"
    if not isinstance(start, date) or not MIN_YEAR <= start.year <= MAX_YEAR:
        return (
            "DTSTART",
            f"event {uid[:80]}: DTSTART {start!s:.40} lies outside the supported years {MIN_YEAR}–{MAX_YEAR}",
        )
    rules = component.get("RRULE")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        try:
            frequency = str((rule.get("FREQ") or [""])[0]).upper()
        except Exception as exc:  # icalendar hands back a "broken property" that raises on use
            return "RRULE", f"event {uid[:80]}: the RRULE cannot be read ({str(exc)[:120]})"
        if frequency in ("SECONDLY", "MINUTELY", "HOURLY"):
            return "RRULE", (
                f"event {uid[:80]}: FREQ={frequency} repeats within a day; the calendar shows days "
                "(expected DAILY, WEEKLY, MONTHLY or YEARLY)"
            )
    for name, multiline in (("SUMMARY", False), ("LOCATION", False), ("DESCRIPTION", True)):
        text = str(component.get(name, ""))
        why = text_problem(text.replace("\r\n", "\n") if multiline else " ".join(text.split()), multiline)
        if why:
            return name, f"event {uid[:80]}: {why}"
    for name in ("EXDATE", "RDATE"):
        values = component.get(name)
        try:
            count = sum(len(v.dts) for v in (values if isinstance(values, list) else [values])) if values else 0
        except Exception as exc:  # a broken property again
            return name, f"event {uid[:80]}: {name} cannot be read ({str(exc)[:120]})"
        if count > SERIES_EXCEPTIONS:
            return name, f"event {uid[:80]}: {count:,} {name} values; at most {SERIES_EXCEPTIONS} per series"
    return None


def _duplicate(path: Path, uid: str, first: int, line: int, component: Any, what: str) -> Problem:
    """Two events with the same UID (and RECURRENCE-ID): both named, neither kept silently."""
    return Problem(
        Location(str(path), line, what),
        f"event '{_title(component)}' has the same {what} as the event on line {first} ({uid[:80]}); an import "
        "cannot tell which one is meant: give each event its own UID in the calendar program and export again",
    )


def _reference(calendar: Any, year: int) -> dict[str, list[Shown]]:
    """The independent expansion: every occurrence touching the year, as Berlin wall-clock values."""
    query = recurring_ical_events.of(calendar)
    found: dict[str, set[Shown]] = defaultdict(set)
    for component in query.between(date(year - 1, 12, 1), date(year + 1, 2, 1)):
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        span = _span(component.start, component.end)
        if span.end < date(year, 1, 1) or span.start > date(year, 12, 31):
            continue
        found[str(component.get("UID", ""))].add(
            (span.start, span.end, span.start_time, span.end_time, _location(component), _title(component))
        )
    return {uid: sorted(items) for uid, items in found.items()}


def _berlin(value: datetime) -> datetime:
    """A date-time as Europe/Berlin wall-clock time; floating times are taken as Berlin already."""
    if value.tzinfo is None:
        return value
    return value.astimezone(BERLIN).replace(tzinfo=None)


def _minute(value: datetime) -> time:
    return value.time().replace(second=0, microsecond=0)


def _span(start: date | datetime, end: date | datetime | None) -> _Span:
    if isinstance(start, datetime):
        first = _berlin(start)
        last = _berlin(end) if isinstance(end, datetime) else first
        end_time = _minute(last) if last > first else None
        return _Span(first.date(), max(first.date(), last.date()), _minute(first), end_time)
    stop = end if isinstance(end, date) and not isinstance(end, datetime) else start + timedelta(days=1)
    return _Span(start, max(start, stop - timedelta(days=1)), None, None)


def _component_span(component: Any) -> _Span:
    return _span(component.start, component.end)


def _title(component: Any) -> str:
    return " ".join(str(component.get("SUMMARY", "")).split()) or "(ohne Titel)"


def _location(component: Any) -> str:
    return " ".join(str(component.get("LOCATION", "")).split())


def _description(component: Any) -> tuple[tuple[str, str], ...]:
    text = str(component.get("DESCRIPTION", "")).replace("\r\n", "\n").strip()
    return (("de", text),) if text else ()


def _dates(prop: Any) -> list[date | datetime]:
    """The values of a property that may occur several times, each with several values (EXDATE)."""
    if prop is None:
        return []
    items = prop if isinstance(prop, list) else [prop]
    return [d.dt for item in items for d in item.dts]


def _berlin_day(value: date | datetime) -> date:
    return _berlin(value).date() if isinstance(value, datetime) else value


def _series(master: Any, children: list[Any], organisation: str, base: str, year: int) -> tuple[OrgEvent | None, str]:
    """The master with its rule, exceptions and moved occurrences as one event; None with a reason if not."""
    if isinstance(master.get("RRULE"), list):
        return None, "it has several RRULEs"
    if "RDATE" in master:
        return None, "it has extra dates (RDATE)"
    span = _component_span(master)
    try:
        rule = normalise_rrule(master["RRULE"].to_ical().decode(), span.start_time)
    except RRuleError as exc:
        return None, f"its rule cannot be kept ({exc})"
    title = _title(master)
    location = _location(master)
    exdates = {_berlin_day(d) for d in _dates(master.get("EXDATE"))}
    moved: list[MovedOccurrence] = []
    for child in children:
        original = _berlin_day(child["RECURRENCE-ID"].dt)
        if str(child.get("STATUS", "")).upper() == "CANCELLED":
            exdates.add(original)
            continue
        if _title(child) != title:
            return None, f"the occurrence of {original} has another title"
        new = _component_span(child)
        if (new.end - new.start) != (span.end - span.start):
            return None, f"the occurrence of {original} lasts a different number of days"
        moved.append(
            MovedOccurrence(
                original,
                new.start,
                new.start_time if new.start_time != span.start_time else None,
                new.end_time if new.end_time != span.end_time else None,
                _location(child) if _location(child) != location else None,
            )
        )
    event = OrgEvent(
        id=base, organisation=organisation, title=(("de", title),), start=span.start, end=span.end,
        time=span.start_time, end_time=span.end_time, location=location, description=_description(master),
        url=_url(master), rrule=rule, exdates=tuple(sorted(exdates)),
        moved=tuple(sorted(moved, key=lambda m: m.original)),
    )  # fmt: skip
    # Start the series at its first day in the edition year, so the file shows this year's dates
    # (not possible with COUNT, which counts from the original start).
    length = event.end - event.start
    if "COUNT=" not in rule:
        upcoming = rule_dates(event, date(year, 1, 1) - length, date(year, 12, 31))
        if upcoming and upcoming[0] > event.start:
            event = replace(event, start=upcoming[0], end=upcoming[0] + length)
    # Keep only exceptions from the (new) first day on, dropping ones that are no day of the rule.
    known = set(rule_dates(event, event.start, date(year + 10, 12, 31)))
    event = replace(
        event,
        exdates=tuple(d for d in event.exdates if d in known),
        moved=tuple(m for m in event.moved if m.original in known),
    )
    return event, ""


def _url(component: Any) -> str:
    value = str(component.get("URL", "")).strip()
    return value if is_url(value) else ""


def _shows(event: OrgEvent, year: int) -> list[Shown]:
    return sorted(
        (o.start, o.end, o.time, o.end_time, o.location, event.title_de)
        for o in expand_event(event, date(year, 1, 1), date(year, 12, 31))
    )


def _single(template: Any, shown: Shown, organisation: str, event_id: str, notices: list[str]) -> OrgEvent:
    start, end, start_time, end_time, location, title = shown
    url = _url(template)
    if str(template.get("URL", "")).strip() and not url:
        notices.append(f"'{title}': URL {str(template['URL'])!r} is not a web address, left out")
    return OrgEvent(
        id=event_id, organisation=organisation, title=(("de", title),), start=start, end=end, time=start_time,
        end_time=end_time, location=location, description=_description(template), url=url,
    )  # fmt: skip
