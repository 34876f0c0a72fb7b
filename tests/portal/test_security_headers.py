"""Security headers and cookie attributes on every page type, for residents, members and staff.

The browser walk (test_privacy_browser.py) shows the policy holds in Chromium; this checks each header's
value on each kind of page, over HTTP and HTTPS, and the cookie settings the environment switches on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import ORG_A, PASSWORD, ROOT


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def _pages(accounts: dict[str, Any]) -> list[tuple[str, str]]:
    """(who, address) of every page type."""
    from calendar_builder.portal.models import Change, Event, GuestRequest

    event = Event.objects.filter(organisation__slug=ORG_A).first()
    assert event is not None
    change = Change.objects.create(organisation=accounts["org_a"], kind="profile", payload={"name": "x"},
                                   author=accounts["a"])  # fmt: skip
    guest = GuestRequest.objects.create(kind="join", organisation_name="V", email="v@example.net")
    public = [
        reverse("portal:home"), reverse("portal:directory"), reverse("portal:organisation", args=[ORG_A]),
        reverse("portal:event", args=[ORG_A, event.slug]), reverse("portal:month-now"),
        reverse("portal:day", args=[2027, 5, 1]), reverse("portal:festivals"), reverse("portal:legal",
        args=["datenschutz"]), reverse("portal:subscribe"), reverse("portal:guest-join"),
        reverse("portal:guest-propose"), reverse("portal:login"), "/gibt-es-nicht/",
    ]  # fmt: skip
    member = [reverse("portal:dashboard"), reverse("portal:edit-profile", args=[ORG_A]),
              reverse("portal:new-event", args=[ORG_A]), reverse("portal:import", args=[ORG_A])]  # fmt: skip
    staff = [reverse("portal:staff-queue"), reverse("portal:staff-review", args=[change.pk]),
             reverse("portal:staff-guest", args=[guest.pk]), reverse("portal:staff-history", args=[ORG_A]),
             reverse("portal:staff-consent", args=[ORG_A]), "/admin/"]  # fmt: skip
    return [("", p) for p in public] + [("a", p) for p in member] + [("staff", p) for p in staff]


def _client(accounts: dict[str, Any], who: str) -> Client:
    client = Client()
    if who:
        client.force_login(accounts[who])
    return client


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_every_page_type_carries_the_policy(accounts: dict[str, Any], secure: bool) -> None:
    for who, path in _pages(accounts):
        response = _client(accounts, who).get(path, secure=secure)
        assert response.status_code in (200, 404), (path, response.status_code)
        policy = _directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"], path
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive], path
        assert policy["frame-ancestors"] == ["'none'"] and response["X-Frame-Options"] == "DENY", path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert "geolocation=()" in response["Permissions-Policy"] and "camera=()" in response["Permissions-Policy"]
        if secure:
            assert response["Strict-Transport-Security"].startswith("max-age=31536000"), path
        else:
            assert "Strict-Transport-Security" not in response, path  # HSTS over plain HTTP means nothing


def test_only_the_embed_page_may_be_framed_and_an_svg_logo_is_sandboxed(loaded: None) -> None:
    embed = Client().get(reverse("portal:embed", args=[ORG_A]))
    assert _directives(embed["Content-Security-Policy"])["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in embed  # frame-ancestors decides; a DENY beside it would contradict it
    assert "<script" not in embed.content.decode() and "<form" not in embed.content.decode()
    logo = Client().get(reverse("portal:logo", args=[ORG_A]))
    assert logo["Content-Type"] == "image/svg+xml"
    policy = _directives(logo["Content-Security-Policy"])
    assert "sandbox" in policy and policy["default-src"] == ["'none'"] and "script-src" not in policy


def test_cookies_are_httponly_and_lax(accounts: dict[str, Any]) -> None:
    client = Client()
    response = client.post(reverse("portal:login"), {"username": "mitglied-a", "password": PASSWORD})
    assert response.status_code == 302
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.get(reverse("portal:edit-profile", args=[ORG_A]))
    assert set(client.cookies) == {"sessionid", "csrftoken", "django_language"}
    for morsel in client.cookies.values():
        assert morsel["httponly"] and morsel["samesite"] == "Lax", morsel.key
        assert not morsel["secure"]  # plain HTTP here; the HTTPS settings are checked below


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"PORTAL_HTTPS": "1"}, {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
                                 "LANGUAGE_COOKIE_SECURE": True, "SECURE_HSTS_SECONDS": 31536000,
                                 "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}),
        ({}, {"SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False, "LANGUAGE_COOKIE_SECURE": False,
              "SECURE_HSTS_SECONDS": 31536000, "SECURE_PROXY_SSL_HEADER": None}),
        ({"PORTAL_DEBUG": "1"}, {"SECURE_HSTS_SECONDS": 0}),
        ({"PORTAL_HSTS_SECONDS": "600"}, {"SECURE_HSTS_SECONDS": 600}),
    ],
    ids=["https", "plain", "debug", "short-hsts"],
)  # fmt: skip
def test_settings_from_the_environment(environment: dict[str, str], expected: dict[str, Any]) -> None:
    """The settings module read in a fresh interpreter with the given environment, as gunicorn would."""
    names = sorted(expected)
    code = ("import json, django.conf, calendar_builder.portal.settings as s; d = django.conf.global_settings; "
            f"print(json.dumps({{n: getattr(s, n, getattr(d, n)) for n in {names!r}}}))")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")} | environment
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                            check=True)  # fmt: skip
    assert json.loads(result.stdout) == expected
