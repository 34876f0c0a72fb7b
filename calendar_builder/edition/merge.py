"""Merging: festivals and organisation events into the one sorted list an edition's outputs read.

On a day, festivals come first (by id), then events by time, organisation and id: the order of a day cell,
the agenda, the review list and `dates`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from calendar_builder.core.model import Occurrence
from calendar_builder.organisations.model import EventOccurrence

#: one dated entry of an edition
Entry = Occurrence | EventOccurrence


def entry_key(entry: Entry) -> tuple[date, int, time, str, str]:
    """Day, festivals before events, then time, owner (tradition or organisation) and id."""
    if isinstance(entry, Occurrence):
        return (entry.start, 0, time.min, "", entry.festival.id)
    return (entry.start, 1, entry.time or time.min, entry.organisation, entry.event.id)


def merge(festivals: Iterable[Occurrence], events: Iterable[EventOccurrence]) -> tuple[Entry, ...]:
    """One list, sorted by `entry_key` (stable: equal keys keep the order they came in)."""
    return tuple(sorted([*festivals, *events], key=entry_key))
