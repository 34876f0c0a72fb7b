"""Accepting an invitation: the invited person chooses a user name and password and becomes a member."""

from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from calendar_builder.portal.forms import AcceptInvitationForm
from calendar_builder.portal.models import Invitation, Membership

#: An invitation link works for this many days.
VALID_DAYS = 30


def accept(request: HttpRequest, token: str) -> HttpResponse:
    digest = hashlib.sha256(token.encode()).hexdigest()
    invitation = Invitation.objects.filter(token_hash=digest, accepted_at__isnull=True).first()
    if invitation is None or (timezone.now() - invitation.created_at).days > VALID_DAYS:
        raise Http404
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                form.cleaned_data["username"], invitation.email, form.cleaned_data["password"]
            )
            Membership.objects.create(user=user, organisation=invitation.organisation)
            invitation.accepted_at = timezone.now()
            invitation.email = ""  # the account holds the address now; the invitation need not
            invitation.save(update_fields=["accepted_at", "email"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("portal:dashboard")
    return render(request, "portal/accept.html", {"form": form, "org": invitation.organisation})
