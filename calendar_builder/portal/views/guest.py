"""Forms for people without an account: ask to join, propose one event. Both only reach the staff's queue."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from calendar_builder.portal.forms import GuestEventForm, GuestJoinForm
from calendar_builder.portal.guard import caught_in_honeypot, over_limit, too_many
from calendar_builder.portal.models import GuestRequest


def _notify() -> None:
    if settings.STAFF_NOTIFY:
        send_mail(_("New request in the portal"), _("A new request waits in the queue."), settings.DEFAULT_FROM_EMAIL,
                  settings.STAFF_NOTIFY, fail_silently=True)  # fmt: skip


def join(request: HttpRequest) -> HttpResponse:
    form = GuestJoinForm(request.POST or None)
    if request.method == "POST" and caught_in_honeypot(request, "join"):
        return redirect("portal:guest-thanks")
    if request.method == "POST" and form.is_valid():
        if over_limit(request, "join"):
            return too_many(request)
        data = form.cleaned_data
        GuestRequest.objects.create(kind=GuestRequest.Kind.JOIN, organisation_name=data["organisation_name"],
                                    contact_name=data["contact_name"], email=data["email"],
                                    message=data.get("message", ""))  # fmt: skip
        _notify()
        return redirect("portal:guest-thanks")
    return render(request, "portal/guest_form.html", {"form": form, "kind": "join"})


def propose(request: HttpRequest) -> HttpResponse:
    form = GuestEventForm(request.POST or None)
    if request.method == "POST" and caught_in_honeypot(request, "propose"):
        return redirect("portal:guest-thanks")
    if request.method == "POST" and form.is_valid():
        if over_limit(request, "propose"):
            return too_many(request)
        data = form.cleaned_data
        payload = {
            "title": [["de", data["title"].strip()]], "description": [], "start": data["day"].isoformat(),
            "end": data["day"].isoformat(), "time": f"{data['time']:%H:%M}" if data.get("time") else None,
            "end_time": f"{data['end_time']:%H:%M}" if data.get("end_time") else None,
            "location": data.get("location", ""), "url": "", "rrule": "", "exdates": [], "moved": [],
            "languages": [], "accessibility": "", "cancelled": False,
        }  # fmt: skip
        GuestRequest.objects.create(kind=GuestRequest.Kind.EVENT, organisation_name=data["organisation_name"],
                                    contact_name=data["contact_name"], email=data["email"],
                                    message=data.get("message", ""), payload=payload)  # fmt: skip
        _notify()
        return redirect("portal:guest-thanks")
    return render(request, "portal/guest_form.html", {"form": form, "kind": "event"})


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/guest_thanks.html")
