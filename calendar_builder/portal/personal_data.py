"""Everything the portal stores about one organisation or one person: exported as JSON, or deleted (DSGVO Art. 15, 17).

Rows are exported field by field from the models themselves, so a field added later is exported without a
change here. A deletion runs in one transaction; a dry run makes the very same deletion and rolls it back, so
the listing shown before `--yes` is exactly what `--yes` does. Nothing is kept back: no record the portal holds
is under a legal duty to be kept (docs/portal.md, "Privacy").
"""

from __future__ import annotations

import base64
import difflib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q

from calendar_builder.portal import publish
from calendar_builder.portal.models import (
    Change,
    Consent,
    Event,
    GuestRequest,
    Invitation,
    Membership,
    Organisation,
    Revision,
)

#: Fields of a user account that are never exported (a salted hash is of no use to anyone but an attacker).
SECRET_FIELDS = frozenset({"password"})


class PersonalDataError(ValueError):
    """The organisation or address asked for is not known; the message lists what is."""


@dataclass
class Deletion:
    """What a deletion removed or blanked, one line each, in the order it happened."""

    subject: str
    dry_run: bool
    lines: list[str] = field(default_factory=list)

    def note(self, what: str, count: int | None = None) -> None:
        """One line: `what` alone, or with its count when there were any."""
        if count is None:
            self.lines.append(what)
        elif count:
            self.lines.append(f"{what}: {count}")


# --- export -----------------------------------------------------------------------------------------------------


def export_organisation(slug: str) -> dict[str, Any]:
    """Profile, members, invitations, events, pending and decided changes, history, consents, guest requests."""
    org = _organisation(slug)
    events = list(Event.objects.filter(organisation=org).order_by("start", "slug"))
    members = [m.user for m in Membership.objects.filter(organisation=org).select_related("user").order_by("id")]
    return {
        "subject": {"organisation": org.slug},
        "profile": row(org),
        "members": [_account(user) for user in members],
        "invitations": rows(Invitation.objects.filter(organisation=org)),
        "events": rows(Event.objects.filter(pk__in=[e.pk for e in events])),
        "changes": rows(Change.objects.filter(organisation=org)),
        "history": rows(Revision.objects.filter(organisation=org)),
        "consents": rows(Consent.objects.filter(organisation=org)),
        "guest_requests": rows(_guest_requests_of(org)),
        "admin_log": rows(_admin_log_of(org)),
    }


def export_person(email: str) -> dict[str, Any]:
    """Accounts with this address (and what they did), invitations, guest requests, and where the address or
    the person's name appears in organisations' profiles, pending changes, history and consent records."""
    address = _address(email)
    users = list(get_user_model().objects.filter(email__iexact=address).order_by("pk"))
    names = _names(address, users)
    return {
        "subject": {"email": address, "names": sorted(names)},
        "accounts": [_account(user, with_activity=True) for user in users],
        "invitations": rows(Invitation.objects.filter(email__iexact=address)),
        "guest_requests": rows(GuestRequest.objects.filter(email__iexact=address)),
        "organisations": [
            {"organisation": org.slug, "fields": fields}
            for org in Organisation.objects.order_by("slug")
            if (fields := _fields_naming(row(org), address, names))
        ],
        "changes": [
            {"id": c.pk, "organisation": c.organisation.slug, "fields": f}
            for c in Change.objects.select_related("organisation").order_by("pk")
            if (f := _fields_naming(c.payload, address, names))
        ],  # fmt: skip
        "history": [
            {"id": r.pk, "organisation": r.organisation.slug, "created_at": _value(r.created_at), "fields": f}
            for r in Revision.objects.select_related("organisation").order_by("pk")
            if (f := _fields_naming(r.snapshot, address, names))
        ],  # fmt: skip
        "consents": rows(Consent.objects.filter(_name_query("person", names))),
    }


def _account(user: Any, with_activity: bool = False) -> dict[str, Any]:
    data = row(user, exclude=SECRET_FIELDS | {"groups", "user_permissions"})
    data["password"] = "stored only as a salted hash; not exported" if user.has_usable_password() else "none"
    data["organisations"] = sorted(m.organisation.slug for m in user.memberships.select_related("organisation"))
    if with_activity:
        data["changes_written"] = rows(Change.objects.filter(author=user))
        data["changes_decided"] = [c.pk for c in Change.objects.filter(decided_by=user).order_by("pk")]
        data["history_entries"] = [{"id": r.pk, "organisation": r.organisation.slug, "note": r.note,
                                    "created_at": _value(r.created_at)}
                                   for r in Revision.objects.filter(author=user).select_related("organisation")
                                   .order_by("pk")]  # fmt: skip
        data["consents_recorded"] = [c.pk for c in Consent.objects.filter(recorded_by=user).order_by("pk")]
        data["guest_requests_decided"] = [g.pk for g in GuestRequest.objects.filter(decided_by=user).order_by("pk")]
        data["invitations_sent"] = [i.pk for i in Invitation.objects.filter(invited_by=user).order_by("pk")]
        data["admin_log"] = rows(LogEntry.objects.filter(user=user))
        data["sessions"] = len(_sessions_of(user))
    return data


def rows(queryset: models.QuerySet[Any]) -> list[dict[str, Any]]:
    return [row(item) for item in queryset.order_by("pk")]


def row(item: models.Model, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every stored field of one row, as JSON values; a reference to an account is its user name."""
    data: dict[str, Any] = {}
    for model_field in item._meta.concrete_fields:
        if model_field.name in exclude:
            continue
        if isinstance(model_field, models.ForeignKey):
            related = getattr(item, model_field.name)
            data[model_field.name] = _reference(related)
        else:
            data[model_field.name] = _value(getattr(item, model_field.attname))
    return data


def _reference(related: models.Model | None) -> Any:
    if related is None:
        return None
    if isinstance(related, get_user_model()):
        return related.get_username()
    return getattr(related, "slug", None) or str(related.pk)


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")} if value else ""
    return value


# --- deletion ---------------------------------------------------------------------------------------------------


def delete_organisation(slug: str, dry_run: bool) -> Deletion:
    """The organisation with its events, history, consents and invitations; its members' accounts unless they
    belong to another organisation or are staff; guest requests and admin log entries about it."""
    org = _organisation(slug)
    done = Deletion(f"organisation '{org.slug}' ({org.name})", dry_run)
    with transaction.atomic():
        only_here = [
            m.user for m in Membership.objects.filter(organisation=org).select_related("user")
            if not m.user.is_staff and not Membership.objects.filter(user=m.user).exclude(organisation=org).exists()
        ]  # fmt: skip
        done.note("guest requests", _guest_requests_of(org).delete()[0])
        done.note("admin log entries", _admin_log_of(org).delete()[0])
        done.note("events", Event.objects.filter(organisation=org).count())
        done.note("pending or decided changes", Change.objects.filter(organisation=org).count())
        done.note("history entries", Revision.objects.filter(organisation=org).count())
        done.note("consent records", Consent.objects.filter(organisation=org).count())
        done.note("invitations", Invitation.objects.filter(organisation=org).count())
        org.delete()
        done.note(f"organisation profile ({org.slug})")
        for user in only_here:
            done.note(f"sessions of account '{user.get_username()}'", _delete_sessions(user))
            user.delete()
            done.note(f"member account '{user.get_username()}' ({user.email or 'no e-mail'})")
        done.note("feed entries' revision numbers", _forget_feed_entries(org.slug))
        publish.bump()
        if dry_run:
            transaction.set_rollback(True)
    return done


def delete_person(email: str, dry_run: bool) -> Deletion:
    """Accounts with this address, its invitations and guest requests; the address and the person's name
    blanked wherever an organisation's profile, a pending change or the history names them; their consents."""
    address = _address(email)
    users = list(get_user_model().objects.filter(email__iexact=address).order_by("pk"))
    names = _names(address, users)
    done = Deletion(f"person <{address}>", dry_run)
    with transaction.atomic():
        for user in users:
            done.note(f"sessions of account '{user.get_username()}'", _delete_sessions(user))
            user.delete()  # memberships and admin log entries go with it; authorship in history becomes empty
            done.note(f"account '{user.get_username()}' with its memberships")
        done.note("invitations", Invitation.objects.filter(email__iexact=address).delete()[0])
        done.note("guest requests", GuestRequest.objects.filter(email__iexact=address).delete()[0])
        done.note("consent records given", Consent.objects.filter(_name_query("person", names)).delete()[0])
        for org in Organisation.objects.order_by("slug"):
            blanked = _blank(org, address, names)
            if blanked:
                org.save()
                done.note(f"profile of '{org.slug}': {', '.join(blanked)} blanked")
        for change in Change.objects.order_by("pk"):
            if _blank_record(change.payload, address, names):
                change.save(update_fields=["payload"])
                done.note(f"change {change.pk}: blanked")
        history = 0
        for revision in Revision.objects.order_by("pk"):
            if _blank_record(revision.snapshot, address, names):
                revision.save(update_fields=["snapshot"])
                history += 1
        done.note("history entries blanked", history)
        publish.bump()
        if dry_run:
            transaction.set_rollback(True)
    return done


def forget_expired(now: datetime) -> Deletion:
    """Invitations never accepted within their validity: the link no longer works, the address is not needed.

    Run daily (`portal purge`, docs/portal.md "Regular jobs"); expired sessions go with `clearsessions`.
    """
    from datetime import timedelta

    from calendar_builder.portal.views.accounts import VALID_DAYS

    done = Deletion("expired data", dry_run=False)
    expired = Invitation.objects.filter(accepted_at__isnull=True, created_at__lt=now - timedelta(days=VALID_DAYS + 1))
    done.note("invitations not accepted in time", expired.delete()[0])
    done.note("addresses of accepted invitations", Invitation.objects.filter(accepted_at__isnull=False)
              .exclude(email="").update(email=""))  # fmt: skip
    return done


# --- helpers ----------------------------------------------------------------------------------------------------

#: Fields of a profile (model or record) that can hold a person's address or name.
PERSONAL_FIELDS = ("email", "contact_person")


def _organisation(slug: str) -> Organisation:
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        known = list(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        close = difflib.get_close_matches(slug, known, n=5) or known[:10]
        raise PersonalDataError(f"unknown organisation '{slug}'; known IDs include: {', '.join(close)}")
    return org


def _address(email: str) -> str:
    address = email.strip()
    if "@" not in address or len(address) > 254:
        raise PersonalDataError(f"'{email}' is not an e-mail address (expected name@example.org)")
    return address


def _names(address: str, users: list[Any]) -> set[str]:
    """The names this person is known by: their accounts' full names and the names given in guest requests."""
    names = {u.get_full_name().strip() for u in users}
    names |= set(GuestRequest.objects.filter(email__iexact=address).values_list("contact_name", flat=True))
    return {n for n in names if n}


def _name_query(field_name: str, names: set[str]) -> Q:
    query = Q(pk__in=[])
    for name in names:
        query |= Q(**{f"{field_name}__iexact": name})
    return query


def _matches(value: Any, address: str, names: set[str]) -> bool:
    text = str(value or "").strip().casefold()
    return bool(text) and (text == address.casefold() or text in {n.casefold() for n in names})


def _fields_naming(record: dict[str, Any], address: str, names: set[str]) -> list[str]:
    return [name for name in PERSONAL_FIELDS if _matches(record.get(name), address, names)]


def _blank(org: Organisation, address: str, names: set[str]) -> list[str]:
    found = [name for name in PERSONAL_FIELDS if _matches(getattr(org, name), address, names)]
    for name in found:
        setattr(org, name, "")
    return found


def _blank_record(record: dict[str, Any], address: str, names: set[str]) -> bool:
    found = _fields_naming(record, address, names)
    for name in found:
        record[name] = ""
    return bool(found)


def _guest_requests_of(org: Organisation) -> models.QuerySet[GuestRequest]:
    found = GuestRequest.objects.filter(Q(organisation_name__iexact=org.name) | Q(result_event__organisation=org))
    return GuestRequest.objects.filter(pk__in=list(found.values_list("pk", flat=True)))


def _admin_log_of(org: Organisation) -> models.QuerySet[LogEntry]:
    organisation_type = ContentType.objects.get_for_model(Organisation)
    event_type = ContentType.objects.get_for_model(Event)
    event_ids = [str(pk) for pk in Event.objects.filter(organisation=org).values_list("pk", flat=True)]
    return LogEntry.objects.filter(
        Q(content_type=organisation_type, object_id=str(org.pk)) | Q(content_type=event_type, object_id__in=event_ids)
    )


def _forget_feed_entries(slug: str) -> int:
    """The feeds keep a SEQUENCE per UID (`<organisation>.<event>@…`) even for entries that left; not these."""
    from calendar_builder.portal.feeds import _feed_state

    feed_state = _feed_state(publish.state().feed_state)
    gone = [uid for uid in feed_state.entries if uid.startswith(f"{slug}.")]
    for uid in gone:
        del feed_state.entries[uid]
    if gone:
        publish.save_feed_state(feed_state.to_json())
    return len(gone)


def _sessions_of(user: Any) -> list[Session]:
    """Sessions store the account's id inside their encoded data, so they are read one by one."""
    key = str(user.pk)
    return [s for s in Session.objects.all() if str(s.get_decoded().get("_auth_user_id", "")) == key]


def _delete_sessions(user: Any) -> int:
    found = _sessions_of(user)
    Session.objects.filter(pk__in=[s.pk for s in found]).delete()
    return len(found)
