"""Records: the JSON form of a profile or an event, used for pending changes, history and core conversion.

A record holds exactly the fields a member edits; applying a record to a model and reading it back gives
the same record. Conversion to the core's frozen dataclasses goes through records too, so the portal, the
export and the feeds see one shape.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from calendar_builder.portal import core
from calendar_builder.portal.models import Event, Organisation

Record = dict[str, Any]

PROFILE_FIELDS = (
    "name", "short_name", "description", "languages", "address", "email", "phone", "website", "logo_alt",
    "own_names", "work", "advice_languages", "categories", "district", "meeting_places", "regular_meetings",
    "social_links", "accessibility", "contact_person", "festivals",
)  # fmt: skip
EVENT_FIELDS = (
    "slug", "title", "description", "start", "end", "time", "end_time", "location", "url", "rrule", "exdates",
    "moved", "languages", "accessibility", "cancelled",
)  # fmt: skip


def _pairs(value: Any) -> list[list[str]]:
    return [[str(lang), str(text)] for lang, text in (value or [])]


def profile_record(org: Organisation) -> Record:
    record: Record = {name: getattr(org, name) for name in PROFILE_FIELDS}
    for name in ("description", "own_names", "work"):
        record[name] = _pairs(record[name])
    return record


def apply_profile(org: Organisation, record: Record) -> None:
    for name in PROFILE_FIELDS:
        if name in record:
            setattr(org, name, record[name])
    upload = record.get("logo_upload")
    if upload:
        import base64

        org.logo = base64.b64decode(upload["data"])
        org.logo_type = upload["type"]
        org.logo_path = f"logos/{org.slug}{upload['suffix']}"


def _hhmm(value: time | None) -> str | None:
    return f"{value:%H:%M}" if value is not None else None


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def event_record(event: Event) -> Record:
    return {
        "slug": event.slug,
        "title": _pairs(event.title),
        "description": _pairs(event.description),
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "time": _hhmm(event.time),
        "end_time": _hhmm(event.end_time),
        "location": event.location,
        "url": event.url,
        "rrule": event.rrule,
        "exdates": list(event.exdates),
        "moved": [dict(m) for m in event.moved],
        "languages": list(event.languages),
        "accessibility": event.accessibility,
        "cancelled": event.cancelled,
    }


def apply_event(event: Event, record: Record) -> None:
    event.slug = record["slug"]
    event.title = _pairs(record["title"])
    event.description = _pairs(record.get("description"))
    event.start = date.fromisoformat(record["start"])
    event.end = date.fromisoformat(record.get("end") or record["start"])
    event.time = _time(record.get("time"))
    event.end_time = _time(record.get("end_time"))
    event.location = record.get("location", "")
    event.url = record.get("url", "")
    event.rrule = record.get("rrule", "")
    event.exdates = sorted(record.get("exdates", []))
    event.moved = [dict(m) for m in record.get("moved", [])]
    event.languages = list(record.get("languages", []))
    event.accessibility = record.get("accessibility", "")
    event.cancelled = bool(record.get("cancelled", False))
    event.last_day = last_day(core_event(event.organisation.slug, record))


def core_event(organisation: str, record: Record) -> core.OrgEvent:
    """The record as the core's OrgEvent (the feeds, expansion and export use it)."""
    moved = tuple(
        core.MovedOccurrence(
            original=date.fromisoformat(m["from"]),
            date=date.fromisoformat(m.get("date") or m["from"]),
            time=_time(m.get("time")),
            end_time=_time(m.get("end_time")),
            location=m.get("location"),
        )
        for m in record.get("moved", [])
    )
    start = date.fromisoformat(record["start"])
    return core.OrgEvent(
        id=record["slug"],
        organisation=organisation,
        title=tuple((lang, text) for lang, text in record["title"]),
        start=start,
        end=date.fromisoformat(record.get("end") or record["start"]),
        time=_time(record.get("time")),
        end_time=_time(record.get("end_time")),
        location=record.get("location", ""),
        description=tuple((lang, text) for lang, text in record.get("description") or []),
        url=record.get("url", ""),
        rrule=record.get("rrule", ""),
        exdates=tuple(date.fromisoformat(d) for d in record.get("exdates", [])),
        moved=moved,
    )


def record_from_core(event: core.OrgEvent) -> Record:
    """A core OrgEvent (from the data files or an import) as a record with the portal's fields empty."""
    return {
        "slug": event.id,
        "title": [list(p) for p in event.title],
        "description": [list(p) for p in event.description],
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "time": _hhmm(event.time),
        "end_time": _hhmm(event.end_time),
        "location": event.location,
        "url": event.url,
        "rrule": event.rrule,
        "exdates": [d.isoformat() for d in event.exdates],
        "moved": [_moved_record(m) for m in event.moved],
        "languages": [],
        "accessibility": "",
        "cancelled": False,
    }


def _moved_record(moved: core.MovedOccurrence) -> dict[str, Any]:
    record: dict[str, Any] = {"from": moved.original.isoformat(), "date": moved.date.isoformat()}
    if moved.time is not None:
        record["time"] = _hhmm(moved.time)
    if moved.end_time is not None:
        record["end_time"] = _hhmm(moved.end_time)
    if moved.location is not None:
        record["location"] = moved.location
    return record


def last_day(event: core.OrgEvent) -> date | None:
    """The last day an occurrence touches, or None for a rule without UNTIL or COUNT."""
    span = timedelta(days=event.days - 1)
    moved = [m.date + span for m in event.moved]
    if not event.rrule:
        return event.end
    if "UNTIL=" in event.rrule:
        until = core.until_date(event.rrule.split("UNTIL=")[1].split(";")[0], event.time)
        return max([until + span, event.start + span, *moved])
    if "COUNT=" not in event.rrule:
        return None
    occurrences = core.expand_event(event, event.start, date(event.start.year + 100, 12, 31))
    return max([o.end for o in occurrences] + [event.start + span, *moved])


def core_organisation(org: Organisation, events: list[Event]) -> core.Organisation:
    """The organisation with its public events as the core's Organisation (what print and feeds read)."""
    return core.Organisation(
        id=org.slug,
        name=org.name,
        short_name=org.short_name or org.name,
        description=tuple((lang, text) for lang, text in org.description),
        languages=tuple(org.languages),
        contact=core.Contact(address=org.address, email=org.email, phone=org.phone, website=org.website),
        logo=org.logo_path,
        featured_month=org.featured_month,
        sample=org.sample,
        partner=org.partner,
        events=tuple(core_event(org.slug, event_record(e)) for e in events),
    )


def now_stamp() -> str:
    return datetime.now().isoformat(timespec="seconds")
