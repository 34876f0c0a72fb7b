"""Pages for organisation members: their dashboard, profile, events, imports; every change goes to moderation."""

from __future__ import annotations

import tempfile
import urllib.request
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from calendar_builder.portal import core, moderation
from calendar_builder.portal.forms import EventForm, ImportForm, ProfileForm
from calendar_builder.portal.listing import festival_catalogue
from calendar_builder.portal.logos import LogoError, check_logo_upload, read_upload
from calendar_builder.portal.models import Change, Event, Organisation
from calendar_builder.portal.permissions import (
    editable_event,
    editable_organisation,
    is_staff,
    member_organisations,
    visible_change,
)
from calendar_builder.portal.records import event_record, profile_record, record_from_core


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if is_staff(request.user) and not member_organisations(request.user):
        return redirect("portal:staff-queue")
    organisations = member_organisations(request.user)
    blocks = []
    for org in organisations:
        changes = Change.objects.filter(organisation=org).exclude(status=Change.Status.WITHDRAWN)[:20]
        events = Event.objects.filter(organisation=org).order_by("start")
        blocks.append({"org": org, "changes": changes, "events": events})
    return render(request, "portal/dashboard.html", {"blocks": blocks})


def _festival_choices() -> list[tuple[str, str]]:
    return [(f.id, f.name_de) for f in festival_catalogue().festivals]


@login_required
def edit_profile(request: HttpRequest, slug: str) -> HttpResponse:
    org = editable_organisation(request.user, slug)
    pending = Change.objects.filter(organisation=org, kind="profile", status=Change.Status.PENDING).first()
    record = pending.payload if pending else profile_record(org)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, organisation=org, festival_choices=_festival_choices())
        if form.is_valid():
            new = form.record
            upload = form.cleaned_data.get("logo")
            if upload:
                try:
                    checked = check_logo_upload(read_upload(upload))
                except LogoError as exc:
                    form.add_error("logo", str(exc))
                else:
                    if not new["logo_alt"]:
                        form.add_error("logo_alt", _("Describe the logo for people who cannot see it."))
                    new |= {"logo_upload": checked.as_record()}
            elif record.get("logo_upload"):
                new["logo_upload"] = record["logo_upload"]
            if not form.errors:
                change = moderation.submit_profile(org, request.user, new)
                if change.status == Change.Status.APPROVED:
                    messages.success(request, _("The profile is saved and public."))
                else:
                    messages.success(request, _("Thank you. The staff will check the changes and publish them."))
                return redirect("portal:dashboard")
    else:
        form = ProfileForm(organisation=org, record=record, festival_choices=_festival_choices())
    return render(request, "portal/profile_form.html", {"form": form, "org": org, "pending": pending})


@login_required
def edit_event(request: HttpRequest, slug: str, event_id: int | None = None) -> HttpResponse:
    org = editable_organisation(request.user, slug)
    event = editable_event(request.user, org, event_id) if event_id is not None else None
    pending = Change.objects.filter(event=event, status=Change.Status.PENDING).first() if event else None
    record = pending.payload if pending else (event_record(event) if event else None)
    if request.method == "POST":
        form = EventForm(request.POST, organisation=org, event=event, record=record)
        if form.is_valid():
            change = moderation.submit_event(org, request.user, form.record, event)
            if change.status == Change.Status.APPROVED:
                messages.success(request, _("The event is saved and public."))
            else:
                messages.success(request, _("Thank you. The staff will check the event and publish it."))
            return redirect("portal:dashboard")
    else:
        form = EventForm(organisation=org, event=event, record=record)
    return render(request, "portal/event_form.html", {"form": form, "org": org, "event": event, "pending": pending})


@login_required
@require_POST
def confirm(request: HttpRequest, slug: str) -> HttpResponse:
    org = editable_organisation(request.user, slug)
    moderation.confirm(org)
    messages.success(request, _("Thank you: the profile is confirmed as current for another year."))
    return redirect("portal:dashboard")


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, change_id: int) -> HttpResponse:
    org = editable_organisation(request.user, slug)
    change = visible_change(request.user, org, change_id)
    if change.status == Change.Status.PENDING:
        change.status = Change.Status.WITHDRAWN
        change.save(update_fields=["status"])
    return redirect("portal:dashboard")


@login_required
def import_events(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's own calendar (.ics file or address) or spreadsheet (.csv) as proposed events."""
    org = editable_organisation(request.user, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        if upload:
            suffix = ".csv" if upload.name.lower().endswith(".csv") else ".ics"
            data, name = upload.read(5_000_001), upload.name
        else:
            suffix, name = ".ics", form.cleaned_data["url"]
            try:
                data = _fetch(name)
            except (OSError, core.CalendarError) as exc:
                form.add_error("url", _("The calendar could not be read: %(error)s") % {"error": exc})
                return render(request, "portal/import_form.html", {"form": form, "org": org})
            org.calendar_url = name
            org.save(update_fields=["calendar_url"])
        error = _import(request, org, data, suffix, name)
        if error:
            form.add_error(None, error)
            return render(request, "portal/import_form.html", {"form": form, "org": org})
        return redirect("portal:dashboard")
    return render(request, "portal/import_form.html", {"form": form, "org": org})


@login_required
@require_POST
def recheck(request: HttpRequest, slug: str) -> HttpResponse:
    """Read the organisation's calendar address again; only events not yet known become proposals."""
    org = editable_organisation(request.user, slug)
    if not org.calendar_url:
        return redirect("portal:import", org.slug)
    try:
        data = _fetch(org.calendar_url)
    except (OSError, core.CalendarError) as exc:
        messages.error(request, _("The calendar could not be read: %(error)s") % {"error": exc})
        return redirect("portal:dashboard")
    error = _import(request, org, data, ".ics", org.calendar_url)
    if error:
        messages.error(request, error)
    return redirect("portal:dashboard")


def _import(request: HttpRequest, org: Organisation, data: bytes, suffix: str, name: str) -> str:
    """Run the core's importer; new events become proposals, ones already known are left out. Returns an error."""
    events = Event.objects.filter(organisation=org)
    pending = Change.objects.filter(organisation=org, kind=Change.Kind.EVENT, status=Change.Status.PENDING)
    taken = set(events.values_list("slug", flat=True)) | {c.payload.get("slug") for c in pending}
    known = {(dict(e.title).get("de", ""), e.start.isoformat()) for e in events}
    known |= {(dict(c.payload.get("title", [])).get("de", ""), c.payload.get("start")) for c in pending}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"import{suffix}"
        path.write_bytes(data[:5_000_000])
        try:
            if suffix == ".csv":
                result = core.import_csv(path, org.slug, taken)
            else:
                result = core.import_ics(path, org.slug, core.default_year(), taken)
        except core.CalendarError as exc:
            return _("The file could not be read: %(error)s") % {"error": exc.message.replace(str(path), name)}
    added = 0
    for event in result.events:
        record = record_from_core(event)
        if (dict(record["title"]).get("de", ""), record["start"]) in known:
            continue
        moderation.submit_event(org, request.user, record)
        added += 1
    text = ngettext("%(count)s event imported for checking.", "%(count)s events imported for checking.", added)
    messages.success(request, text % {"count": added})
    for notice in result.notices:
        messages.info(request, notice)
    return ""


def _fetch(url: str) -> bytes:
    if not url.startswith("https://"):
        raise core.CalendarError(_("Only https:// addresses can be read."))
    with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - https only, checked above
        return bytes(response.read(5_000_001))
