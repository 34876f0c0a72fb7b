"""Abuse protection: login throttling, the staff's second factor, password reset, guest-form limits, honeypot."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from calendar_builder.portal.models import GuestRequest
from tests.portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/anmelden/"


def _fail(client: Client, username: str, times: int) -> Any:
    response = None
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "wrong-password-123"})
    return response


def test_repeated_failures_pause_that_user_name_from_that_address_only(accounts: dict[str, Any]) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    assert _fail(attacker, "mitglied-a", limit - 1).status_code == 200
    locked = _fail(attacker, "mitglied-a", 1)
    assert locked.status_code == 429
    text = locked.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"{minutes} Minuten" in text and 'role="alert"' in text  # German by default, the cool-off named
    # even the right password is refused from there while the pause lasts
    assert attacker.post(LOGIN, {"username": "mitglied-a", "password": PASSWORD}).status_code == 429
    # the same account from another address, and another account from the same address, still log in
    for client, name in ((Client(REMOTE_ADDR="198.51.100.2"), "mitglied-a"), (attacker, "mitglied-b")):
        response = client.post(LOGIN, {"username": name, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("portal:dashboard"), name
    # and the public site is not affected
    assert attacker.get(reverse("portal:home")).status_code == 200


def test_lockout_message_is_translated(accounts: dict[str, Any]) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.8", HTTP_ACCEPT_LANGUAGE="en")
    attacker.cookies["django_language"] = "en"
    text = _fail(attacker, "mitglied-a", settings.AXES_FAILURE_LIMIT).content.decode()
    assert "too many failed attempts" in text and "Zu viele" not in text


def _totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _staff_with_device(accounts: dict[str, Any]) -> TOTPDevice:
    return TOTPDevice.objects.create(user=accounts["staff"], name="app", confirmed=True)


def test_staff_with_a_confirmed_device_needs_the_code(accounts: dict[str, Any]) -> None:
    device = _staff_with_device(accounts)
    client = Client()
    response = client.post(LOGIN, {"username": "team", "password": PASSWORD})
    assert response["Location"] == reverse("portal:login-code")
    # the password alone does not log in: the team pages still send to the login
    assert client.get(reverse("portal:staff-queue"))["Location"].startswith(reverse("portal:login"))
    wrong = client.post(reverse("portal:login-code"), {"code": "000000" if _totp_code(device) != "000000" else "1"})
    assert wrong.status_code == 200 and "nicht richtig" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's own back-off after a wrong code; not what is tested here
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post(reverse("portal:login-code"), {"code": _totp_code(device)})
    assert right.status_code == 302
    assert client.get(reverse("portal:staff-queue")).status_code == 200


def test_members_and_staff_without_device_log_in_with_the_password(accounts: dict[str, Any]) -> None:
    for name in ("team", "mitglied-a"):
        response = Client().post(LOGIN, {"username": name, "password": PASSWORD})
        assert response["Location"] == reverse("portal:dashboard"), name


def test_wrong_codes_count_as_failed_logins(accounts: dict[str, Any]) -> None:
    device = _staff_with_device(accounts)
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.post(LOGIN, {"username": "team", "password": PASSWORD})
    wrong = "000000" if _totp_code(device) != "000000" else "111111"
    statuses = [client.post(reverse("portal:login-code"), {"code": wrong}).status_code
                for _ in range(settings.AXES_FAILURE_LIMIT)]  # fmt: skip
    assert statuses[-1] == 429 and 429 not in statuses[:-1]
    # the pending login is gone: the code page sends back to the password
    assert client.get(reverse("portal:login-code"))["Location"] == reverse("portal:login")


def test_code_page_without_a_password_step_goes_to_login(accounts: dict[str, Any]) -> None:
    _staff_with_device(accounts)
    assert Client().post(reverse("portal:login-code"), {"code": "123456"})["Location"] == reverse("portal:login")


def test_admin_login_goes_through_the_portal_login(accounts: dict[str, Any]) -> None:
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == f"{reverse('portal:login')}?next=/admin/"


def test_twofactor_command_prints_the_secret_and_confirms_with_a_code(accounts: dict[str, Any]) -> None:
    from io import StringIO

    out = StringIO()
    call_command("twofactor", "add", "team", stdout=out)
    text = out.getvalue()
    uri = re.search(r"otpauth://totp/\S+", text)
    assert uri and "secret=" in uri.group() and "issuer=" in uri.group()
    assert "█" in text or "▀" in text or "▄" in text  # the QR code as text
    device = TOTPDevice.objects.get(user=accounts["staff"])
    assert not device.confirmed
    # not yet active: the password still suffices
    assert Client().post(LOGIN, {"username": "team", "password": PASSWORD})["Location"] == reverse("portal:dashboard")
    with pytest.raises(Exception, match="does not match"):
        call_command("twofactor", "confirm", "team", "12345x", stdout=StringIO())
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    call_command("twofactor", "confirm", "team", _totp_code(device), stdout=StringIO())
    assert Client().post(LOGIN, {"username": "team", "password": PASSWORD})["Location"] == reverse("portal:login-code")
    out = StringIO()
    call_command("twofactor", "remove", "team", stdout=out)
    assert "password only" in out.getvalue() and not TOTPDevice.objects.exists()


def test_twofactor_is_for_staff_accounts(accounts: dict[str, Any]) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a staff account"):
        call_command("twofactor", "add", "mitglied-a")
    with pytest.raises(CommandError, match="no account"):
        call_command("twofactor", "add", "niemand")


@pytest.fixture
def locmem_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://kalender.example.org"


def test_password_reset_reveals_nothing_about_addresses(accounts: dict[str, Any], locmem_mail: None) -> None:
    url = reverse("portal:password-reset")
    known = Client().post(url, {"email": "mitglied-a@example.org"})
    unknown = Client().post(url, {"email": "nobody-here@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("portal:password-reset-done")
    pages = [Client().get(r["Location"]).content.decode() for r in (known, unknown)]
    assert len({re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page) for page in pages}) == 1
    assert [m.to for m in mail.outbox] == [["mitglied-a@example.org"]]
    body = mail.outbox[0].body
    link = re.search(r"https://kalender\.example\.org(/passwort/neu/\S+/)", body)
    assert link, body
    assert "mitglied-a" in body


def test_password_reset_link_sets_a_new_password(accounts: dict[str, Any], locmem_mail: None) -> None:
    client = Client()
    client.post(reverse("portal:password-reset"), {"email": "mitglied-a@example.org"})
    link = re.search(r"https://kalender\.example\.org(/passwort/neu/\S+/)", mail.outbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new = "ein-ganz-neues-passwort-42"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("portal:password-reset-complete")
    assert Client().post(LOGIN, {"username": "mitglied-a", "password": new})["Location"] == reverse("portal:dashboard")
    # the link works once
    assert "nicht mehr gültig" in client.get(link.group(1), follow=True).content.decode()


JOIN = {"organisation_name": "Verein", "contact_name": "B", "email": "b@example.org", "message": "Hallo"}


def test_guest_forms_are_limited_per_address(loaded: None) -> None:
    per_address = settings.PORTAL_GUEST_LIMIT_PER_ADDRESS.count
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(per_address):
        assert client.post(reverse("portal:guest-join"), JOIN).status_code == 302
    refused = client.post(reverse("portal:guest-propose"), {**JOIN, "title": "Fest", "day": "2027-06-01"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(settings.PORTAL_GUEST_LIMIT_PER_ADDRESS.seconds)
    assert "Zu viele Anfragen" in refused.content.decode()
    assert GuestRequest.objects.count() == per_address
    # another address still gets through
    assert Client(REMOTE_ADDR="192.0.2.11").post(reverse("portal:guest-join"), JOIN).status_code == 302


def test_guest_forms_are_limited_overall(loaded: None, settings: Any) -> None:
    from calendar_builder.portal.guard import Limit

    settings.PORTAL_GUEST_LIMIT_OVERALL = Limit(count=7, seconds=3600)
    statuses = [Client(REMOTE_ADDR=f"192.0.2.{n}").post(reverse("portal:guest-join"), JOIN).status_code
                for n in range(20, 30)]  # fmt: skip
    assert statuses == [302] * 7 + [429] * 3
    assert GuestRequest.objects.count() == 7


def test_proxy_address_is_used_only_when_configured(loaded: None, settings: Any) -> None:
    from django.test import RequestFactory

    from calendar_builder.portal.guard import client_address

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.99")
    assert client_address(request) == "10.0.0.1"
    settings.PORTAL_PROXY_COUNT = 1
    assert client_address(request) == "192.0.2.99"  # what the trusted proxy saw, not the client's own claim


def test_invalid_posts_do_not_use_up_the_limit(loaded: None) -> None:
    client = Client(REMOTE_ADDR="192.0.2.40")
    for _ in range(settings.PORTAL_GUEST_LIMIT_PER_ADDRESS.count + 2):
        assert client.post(reverse("portal:guest-join"), {**JOIN, "email": "no"}).status_code == 200
    assert client.post(reverse("portal:guest-join"), JOIN).status_code == 302


def test_honeypot_is_hidden_labelled_and_drops_bots_quietly(loaded: None, caplog: Any) -> None:
    page = Client().get(reverse("portal:guest-join")).content.decode()
    box = re.search(r'<div class="hp" aria-hidden="true">(.*?)</div>', page, re.S)
    assert box, "the honeypot is hidden from assistive technology"
    assert 'name="website"' in box.group(1) and 'tabindex="-1"' in box.group(1)
    assert 'autocomplete="off"' in box.group(1) and "leer" in box.group(1)  # a human who finds it is told
    css = (settings.PACKAGE_DIR / "static/portal/portal.css").read_text(encoding="utf-8")
    # hidden in place (1 px, clipped), not pushed off screen, which would make right-to-left pages scroll sideways
    rule = next(m for m in re.finditer(r"([^{}]*)\{([^}]*)\}", css) if re.search(r"(^|[\s,])\.hp\b", m.group(1)))
    assert "position: absolute" in rule.group(2) and "width: 1px" in rule.group(2) and "clip-path" in rule.group(2)
    with caplog.at_level(logging.WARNING, logger="calendar_builder.portal.guard"):
        for url, extra in ((reverse("portal:guest-join"), {}),
                           (reverse("portal:guest-propose"), {"title": "Spam", "day": "2027-06-01"})):  # fmt: skip
            response = Client().post(url, {**JOIN, **extra, "website": "https://spam.example"})
            assert response.status_code == 302 and response["Location"] == reverse("portal:guest-thanks")
    assert not GuestRequest.objects.exists()
    assert sum("honeypot" in r.getMessage() for r in caplog.records) == 2
