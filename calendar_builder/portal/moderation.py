"""Published content changes only here: members propose, staff approve or return, history records each step.

Staff edits and a trusted organisation's event edits apply at once; everything else waits as a pending
`Change` (one per profile or event: a new proposal replaces the previous pending one). Applying writes a
`Revision` with the whole record and raises the publish counter, so pages and feeds show it immediately.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from calendar_builder.portal import occurrences
from calendar_builder.portal.models import Change, Event, Organisation, Revision
from calendar_builder.portal.permissions import is_staff
from calendar_builder.portal.publish import bump
from calendar_builder.portal.records import Record, apply_event, apply_profile, event_record, profile_record


@transaction.atomic
def submit_profile(organisation: Organisation, user: Any, record: Record) -> Change:
    """A profile edit: applied for staff, pending for members."""
    change = _pending(organisation, Change.Kind.PROFILE, None, user, record)
    if is_staff(user):
        approve(change, user, "")
    return change


@transaction.atomic
def submit_event(organisation: Organisation, user: Any, record: Record, event: Event | None = None) -> Change:
    """An event edit or a new event: applied for staff and trusted organisations, pending otherwise."""
    change = _pending(organisation, Change.Kind.EVENT, event, user, record)
    if is_staff(user) or (organisation.trusted and organisation.state == Organisation.State.ACTIVE):
        approve(change, user, "")
    return change


def _pending(organisation: Organisation, kind: Any, event: Event | None, user: Any, record: Record) -> Change:
    pending = Change.objects.filter(organisation=organisation, kind=kind, status=Change.Status.PENDING)
    if kind == Change.Kind.PROFILE:
        change = pending.first()
    elif event is not None:
        change = pending.filter(event=event).first()
    else:
        change = None  # every proposed new event is a change of its own
    if change is None:
        change = Change(organisation=organisation, kind=kind, event=event)
    change.payload = record
    change.author = user if user.is_authenticated else None
    change.save()
    return change


@transaction.atomic
def approve(change: Change, staff: Any, comment: str) -> Event | None:
    """Apply the change and record it; returns the event it created or changed."""
    if change.status != Change.Status.PENDING:
        raise ValueError(f"change {change.pk} is already {change.status}")
    organisation = change.organisation
    event = None
    if change.kind == Change.Kind.PROFILE:
        apply_profile(organisation, change.payload)
        if organisation.state == Organisation.State.HIDDEN:
            organisation.state = Organisation.State.ACTIVE
        organisation.confirmed_at = timezone.now()
        organisation.save()
        _revision(organisation, None, profile_record(organisation), change.author, f"change {change.pk}")
    else:
        event = change.event or new_event(organisation)
        apply_event(event, change.payload)
        event.confirmed_at = timezone.now()
        event.save()
        occurrences.refresh([event])
        change.event = event
        _revision(organisation, event, event_record(event), change.author, f"change {change.pk}")
    change.status = Change.Status.APPROVED
    change.staff_comment = comment
    change.decided_by = staff if staff.is_authenticated else None
    change.decided_at = timezone.now()
    change.save()
    bump()
    return event


@transaction.atomic
def return_change(change: Change, staff: Any, comment: str) -> None:
    """Send a change back with a comment; nothing public changes."""
    if change.status != Change.Status.PENDING:
        raise ValueError(f"change {change.pk} is already {change.status}")
    change.status = Change.Status.RETURNED
    change.staff_comment = comment
    change.decided_by = staff
    change.decided_at = timezone.now()
    change.save()


def new_event(organisation: Organisation) -> Event:
    last = Event.objects.filter(organisation=organisation, events_file__isnull=True).aggregate(Max("position"))
    return Event(organisation=organisation, position=(last["position__max"] or 0) + 1)


def _revision(organisation: Organisation, event: Event | None, record: Record, author: Any, note: str) -> None:
    Revision.objects.create(organisation=organisation, kind="event" if event else "profile", event=event,
                            snapshot=record, author=author, note=note)  # fmt: skip


@transaction.atomic
def restore(revision: Revision, staff: Any) -> None:
    """Make an earlier version current again (itself recorded as a new version)."""
    organisation = revision.organisation
    if revision.kind == Change.Kind.PROFILE:
        apply_profile(organisation, revision.snapshot)
        organisation.save()
        _revision(organisation, None, profile_record(organisation), staff, f"restored version {revision.pk}")
    else:
        event = revision.event
        if event is None:
            raise ValueError("the event of this version no longer exists")
        apply_event(event, revision.snapshot)
        event.save()
        occurrences.refresh([event])
        _revision(organisation, event, event_record(event), staff, f"restored version {revision.pk}")
    bump()


@transaction.atomic
def set_state(target: Organisation | Event, state: str, staff: Any) -> None:
    """Archive or re-publish an organisation or an event (freshness: unconfirmed for a year)."""
    target.state = state
    target.save()
    bump()


@transaction.atomic
def confirm(target: Organisation | Event) -> None:
    """An organisation says its profile (or a series) is still current."""
    target.confirmed_at = timezone.now()
    target.save(update_fields=["confirmed_at"])
