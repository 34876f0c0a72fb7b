"""Accounts: accepting an invitation (the invited person chooses a user name and password), resetting a password."""

from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model, login
from django.contrib.auth.views import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
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
            invitation.save(update_fields=["accepted_at"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("portal:dashboard")
    return render(request, "portal/accept.html", {"form": form, "org": invitation.organisation})


#: Password reset by e-mail with Django's views: the same answer whether or not an address is known.
password_reset = PasswordResetView.as_view(
    template_name="portal/password_reset.html",
    email_template_name="portal/password_reset_email.txt",
    success_url=reverse_lazy("portal:password-reset-done"),
)
password_reset_done = PasswordResetDoneView.as_view(template_name="portal/password_reset_done.html")
password_reset_confirm = PasswordResetConfirmView.as_view(
    template_name="portal/password_reset_confirm.html", success_url=reverse_lazy("portal:password-reset-complete")
)
password_reset_complete = PasswordResetCompleteView.as_view(template_name="portal/password_reset_complete.html")
