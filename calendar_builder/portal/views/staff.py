"""Pages for the staff: the queue, approving or returning changes, history and restore, freshness, invitations."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calendar_builder.portal import core, moderation
from calendar_builder.portal.exchange import export_files
from calendar_builder.portal.forms import ConsentForm, InviteForm, ReviewForm, unique_event_slug
from calendar_builder.portal.models import Change, Consent, Event, GuestRequest, Invitation, Organisation, Revision
from calendar_builder.portal.permissions import is_staff
from calendar_builder.portal.records import event_record, profile_record

#: A profile or series not confirmed for this long is listed as stale.
STALE_AFTER = timedelta(days=365)


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    changes = Change.objects.filter(status=Change.Status.PENDING).select_related("organisation", "event", "author")
    guests = GuestRequest.objects.filter(status=GuestRequest.Status.PENDING)
    return render(request, "portal/staff/queue.html", {"changes": changes, "guests": guests})


def _diff(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    keys = [k for k in after if k != "logo_upload"] + [k for k in before if k not in after]
    rows = [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
    if after.get("logo_upload"):
        rows.append(("logo", "", _("new logo uploaded")))
    return rows


@staff_required
def review(request: HttpRequest, change_id: int) -> HttpResponse:
    change = get_object_or_404(Change, pk=change_id)
    if change.kind == Change.Kind.PROFILE:
        before = profile_record(change.organisation)
    else:
        before = event_record(change.event) if change.event else {}
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and change.status == Change.Status.PENDING:
        comment = form.cleaned_data["comment"]
        if "approve" in request.POST:
            moderation.approve(change, request.user, comment)
            messages.success(request, _("Approved and published."))
        else:
            moderation.return_change(change, request.user, comment)
            messages.info(request, _("Returned to the organisation."))
        return redirect("portal:staff-queue")
    return render(request, "portal/staff/review.html", {"change": change, "form": form,
                                                        "rows": _diff(before, change.payload)})  # fmt: skip


@staff_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    revisions = Revision.objects.filter(organisation=org).select_related("author", "event")[:200]
    return render(request, "portal/staff/history.html", {"org": org, "revisions": revisions})


@staff_required
@require_POST
def restore(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = get_object_or_404(Revision, pk=revision_id)
    moderation.restore(revision, request.user)
    messages.success(request, _("The earlier version is current again."))
    return redirect("portal:staff-history", revision.organisation.slug)


@staff_required
def freshness(request: HttpRequest) -> HttpResponse:
    limit = timezone.now() - STALE_AFTER
    today = timezone.localdate()
    organisations = Organisation.objects.filter(state="active").exclude(confirmed_at__gte=limit)
    series = Event.objects.filter(state="published").exclude(rrule="").exclude(confirmed_at__gte=limit)
    ended = Event.objects.filter(state="published", last_day__lt=today).exclude(rrule="")
    return render(request, "portal/staff/freshness.html", {"organisations": organisations, "series": series,
                                                           "ended": ended})  # fmt: skip


@staff_required
@require_POST
def archive(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "organisation":
        target: Organisation | Event = get_object_or_404(Organisation, pk=pk)
    else:
        target = get_object_or_404(Event, pk=pk)
    moderation.set_state(target, "archived" if "archive" in request.POST else
                         ("active" if kind == "organisation" else "published"), request.user)  # fmt: skip
    return redirect(request.POST.get("next") or "portal:staff-freshness")


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hashlib.sha256(token.encode()).hexdigest()


def new_organisation(name: str) -> Organisation:
    """An organisation that is not public until staff approve its first profile."""
    base = core.slugify(name, "organisation", 60)
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    last = Organisation.objects.order_by("-position").values_list("position", flat=True).first() or 0
    return Organisation.objects.create(slug=slug, name=name.strip(), position=last + 1,
                                       state=Organisation.State.HIDDEN)  # fmt: skip


def _send_invitation(request: HttpRequest, org: Organisation, email: str) -> str:
    token, digest = new_token()
    Invitation.objects.create(organisation=org, email=email, token_hash=digest, invited_by=request.user)
    link = request.build_absolute_uri(reverse("portal:accept", args=[token]))
    send_mail(
        _("Invitation to the Intercultural Calendar portal"),
        _("You are invited to keep the entry of %(org)s current. Open this link to choose your password:\n\n"
          "%(link)s\n") % {"org": org.name, "link": link},
        settings.DEFAULT_FROM_EMAIL, [email],
    )  # fmt: skip
    return link


@staff_required
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    link = ""
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            org = form.cleaned_data["organisation"] or new_organisation(form.cleaned_data["new_name"])
            link = _send_invitation(request, org, form.cleaned_data["email"])
        messages.success(request, _("Invitation sent."))
    return render(request, "portal/staff/invite.html", {"form": form, "link": link})


@staff_required
def guest_request(request: HttpRequest, request_id: int) -> HttpResponse:
    item = get_object_or_404(GuestRequest, pk=request_id)
    organisations = Organisation.objects.exclude(state="archived").order_by("name")
    if request.method == "POST" and item.status == GuestRequest.Status.PENDING:
        accepted = "accept" in request.POST
        with transaction.atomic():
            if accepted and item.kind == GuestRequest.Kind.EVENT:
                org = get_object_or_404(Organisation, pk=request.POST.get("organisation"))
                record = dict(item.payload)
                record["slug"] = unique_event_slug(org, record["title"][0][1])
                change = moderation.submit_event(org, request.user, record)
                item.result_event = change.event
            elif accepted and item.email:
                org = new_organisation(item.organisation_name)
                _send_invitation(request, org, item.email)
            item.status = GuestRequest.Status.ACCEPTED if accepted else GuestRequest.Status.DECLINED
            item.decided_by, item.decided_at = request.user, timezone.now()
            item.email, item.contact_name = "", ""  # decided: the guest's address is not kept
            item.save()
        messages.success(request, _("Decided; the guest's e-mail address has been deleted."))
        return redirect("portal:staff-queue")
    return render(request, "portal/staff/guest.html", {"item": item, "organisations": organisations})


@staff_required
def consent(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Consent.objects.create(organisation=org, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, _("Consent recorded."))
        return redirect("portal:staff-consent", org.slug)
    return render(request, "portal/staff/consent.html", {"org": org, "form": form, "consents": org.consents.all()})


@staff_required
@require_POST
def trust(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    org.trusted = "trust" in request.POST
    org.save(update_fields=["trusted"])
    return redirect("portal:staff-history", org.slug)


@staff_required
def export(request: HttpRequest) -> HttpResponse:
    """The print data as a zip (what `portal export` writes), for the person who builds the calendar."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive_file:
        for path, data in sorted(export_files().items()):
            info = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))
            archive_file.writestr(info, data)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="kalender-daten.zip"'
    return response
