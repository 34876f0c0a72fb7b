"""`calendar-builder portal manage twofactor`: set up, confirm, show or remove a staff account's second factor.

The secret is shown once, as an otpauth:// address and as a QR code drawn with text characters, so that it
can be scanned from the terminal; the device counts only after one code from the app has been confirmed.
"""

from __future__ import annotations

import io
from typing import Any

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator app"


class Command(BaseCommand):
    help = (
        "Second factor (TOTP app) for a staff account. "
        "add USER: new secret, printed as otpauth address and QR code; confirm USER CODE: activate it with a code "
        "from the app; status USER; remove USER (e.g. after a lost phone)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["add", "confirm", "status", "remove"])
        parser.add_argument("username")
        parser.add_argument("code", nargs="?", default="", help="for confirm: the six digits the app shows now")

    def handle(self, *args: Any, action: str, username: str, code: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account named '{username}'")
        if not user.is_staff and action in ("add", "confirm"):
            raise CommandError(f"'{username}' is not a staff account; the second factor is for staff accounts")
        devices = TOTPDevice.objects.filter(user=user)
        if action == "add":
            devices.filter(confirmed=False).delete()
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
            self.stdout.write(f"Scan this with the authenticator app of '{username}' (or type in the address):\n")
            self.stdout.write(qr_text(device.config_url))
            self.stdout.write(device.config_url + "\n")
            self.stdout.write(f"\nThen: calendar-builder portal manage twofactor confirm {username} CODE\n")
        elif action == "confirm":
            device = devices.filter(confirmed=False).order_by("-id").first()
            if device is None:
                raise CommandError(f"nothing to confirm for '{username}'; run 'twofactor add {username}' first")
            if not code or not device.verify_token(code.replace(" ", "")):
                raise CommandError("that code does not match; enter the code the app shows now")
            devices.filter(confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            self.stdout.write(f"'{username}' now logs in with password and code\n")
        elif action == "status":
            confirmed = devices.filter(confirmed=True).exists()
            self.stdout.write(f"'{username}': {'password and code' if confirmed else 'password only'}\n")
        else:
            count = devices.count()
            devices.delete()
            self.stdout.write(f"'{username}': second factor removed ({count} device(s)); password only\n")


def qr_text(data: str) -> str:
    """The QR code in block characters, dark on light, as most terminals show it scannably."""
    code = qrcode.QRCode(border=2)
    code.add_data(data)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
