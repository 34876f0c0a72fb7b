"""Logging in: password (throttled by django-axes), then the second factor for staff who set one up.

Axes counts failed logins per user name and client address and locks that pair out for a cool-off time; the
site itself and other accounts stay reachable. A staff account with a confirmed TOTP device (django-otp)
is logged in only after the password *and* a current code: the password step remembers the user in the
session for a few minutes and asks for the code on a second page; wrong codes count as failed logins.
"""

from __future__ import annotations

import time
from typing import Any

import django_otp
from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login, user_logged_in, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

#: How long the code page waits for the code after a correct password.
PENDING_SECONDS = 300
_PENDING = "portal-signin-pending"


class PortalAxesBackend(AxesStandaloneBackend):
    """Axes' check, skipped when no request is given: every login form passes one, code that checks a
    password without a request (management commands, the test client's `login`) is not a web login."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """Axes' answer to a locked-out user name from this address: the login page with a clear message."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "portal/locked_out.html", {"minutes": minutes}, status=429)


def confirmed_device(user: Any) -> TOTPDevice | None:
    """A staff account's confirmed TOTP device; members never need one."""
    if user is None or not user.is_staff:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class LoginView(auth_views.LoginView):
    """Django's login view; a staff account with a second factor is sent on to the code page."""

    template_name = "portal/login.html"
    form_class = AuthenticationForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[_PENDING] = {
            "user": user.pk, "backend": getattr(user, "backend", ""), "since": time.time(),
            "next": self.get_redirect_url(),
        }  # fmt: skip
        return redirect("portal:login-code")


def code(request: HttpRequest) -> HttpResponse:
    """Second step of a staff login: the current TOTP code of the device confirmed for the account."""
    pending = request.session.get(_PENDING)
    user = None
    if pending and time.time() - pending["since"] < PENDING_SECONDS:
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = confirmed_device(user)
    if user is None or device is None:
        request.session.pop(_PENDING, None)
        return redirect("portal:login")
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.session.pop(_PENDING, None)
        return lockout_response(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            request.session.pop(_PENDING, None)
            login(request, user, backend=pending["backend"] or None)
            django_otp.login(request, device)
            target = pending.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
                target = reverse(settings.LOGIN_REDIRECT_URL)
            return redirect(target)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(_PENDING, None)
            return lockout_response(request)
        form.add_error("code", _("This code is not right. Enter the code your app shows now."))
    return render(request, "portal/login_code.html", {"form": form})


def _forget_pending(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(_PENDING, None)


user_logged_in.connect(_forget_pending, dispatch_uid="portal-signin-forget-pending")


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer for every address: the mail goes only to an active account with that address."""

    template_name = "portal/password_reset.html"
    email_template_name = "portal/email/password_reset.txt"
    subject_template_name = "portal/email/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        # links in the mail point at the configured address, never at whatever Host header came in
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)

    def get_success_url(self) -> str:
        return reverse("portal:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"

    def get_success_url(self) -> str:
        return reverse("portal:password-reset-complete")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/password_reset_done.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/password_reset_complete.html"
