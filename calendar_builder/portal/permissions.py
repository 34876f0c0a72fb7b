"""Who may do what, decided here and nowhere else: views ask these functions, never check roles themselves."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from calendar_builder.portal.models import Change, Event, Organisation


def is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def member_organisations(user: Any) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(memberships__user=user).exclude(state=Organisation.State.ARCHIVED))


def can_edit(user: Any, organisation: Organisation) -> bool:
    """Staff edit everything; a member edits only their own organisation, never an archived one."""
    if is_staff(user):
        return True
    if not user.is_authenticated or organisation.state == Organisation.State.ARCHIVED:
        return False
    return organisation.memberships.filter(user=user).exists()


def editable_organisation(user: Any, slug: str) -> Organisation:
    """The organisation if the user may edit it; 404 otherwise, so that nobody learns what exists."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not can_edit(user, organisation):
        raise Http404
    return organisation


def editable_event(user: Any, organisation: Organisation, event_id: int) -> Event:
    """An event of this organisation (an ID of another organisation's event is a 404, not a way in)."""
    event = Event.objects.filter(pk=event_id, organisation=organisation).first()
    if event is None:
        raise Http404
    return event


def visible_change(user: Any, organisation: Organisation, change_id: int) -> Change:
    change = Change.objects.filter(pk=change_id, organisation=organisation).first()
    if change is None or not can_edit(user, organisation):
        raise Http404
    return change


def is_public(organisation: Organisation) -> bool:
    return organisation.state == Organisation.State.ACTIVE
