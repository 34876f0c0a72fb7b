"""Keeps the Occurrence rows of an event in step with its rule: the core expands, the portal stores the days.

Called whenever an event is created, changed, restored or imported. Pages then read occurrences by date
with one indexed query, which keeps the month view and organisation pages fast with thousands of events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from calendar_builder.portal import core
from calendar_builder.portal.models import Event, Occurrence
from calendar_builder.portal.records import core_event, event_record

#: Open-ended series are expanded this many years past the current one (`portal refresh` moves it on).
HORIZON_YEARS = 3


def horizon() -> date:
    return date(timezone.localdate().year + HORIZON_YEARS, 12, 31)


def occurrences_of(event: Event) -> list[Occurrence]:
    if event.cancelled:
        return []
    found = core_event(event.organisation.slug, event_record(event))
    end = horizon()
    if event.last_day is not None:
        end = max(end, event.last_day)
    return [
        Occurrence(event=event, organisation_id=event.organisation_id, day=o.start, last=o.end, time=o.time,
                   end_time=o.end_time, location=o.location, moved_from=o.moved_from)
        for o in core.expand_event(found, found.start, end)
    ]  # fmt: skip


def refresh(events: Iterable[Event]) -> int:
    """Replace the stored occurrences of these events; returns how many were written."""
    events = list(events)
    Occurrence.objects.filter(event__in=[e.pk for e in events]).delete()
    rows = [row for event in events for row in occurrences_of(event)]
    Occurrence.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def refresh_all() -> int:
    return refresh(Event.objects.select_related("organisation"))
