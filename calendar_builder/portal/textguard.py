"""Every text a form takes is checked by the calendar's own rules before anything else sees it.

The core's text check (core/textcheck.py) refuses bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069),
control characters and line breaks in one-line fields; here it runs on every text field of a portal form, with
a message the reader can act on in their language. Text the browser sent in a broken encoding arrives as
U+FFFD and is refused too, and an over-long value is never echoed back whole into the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from calendar_builder.portal import core

#: What an undecodable byte sequence in a form post becomes (Django decodes with errors="replace").
REPLACEMENT = "\ufffd"


class TextGuard:
    """Mixin for forms: put it before `forms.Form`; it checks text fields in `clean()`, before the form's own."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    data: Any

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, field in self.fields.items():
            value = data.get(name)
            if isinstance(value, str) and value and not isinstance(field.widget, forms.PasswordInput):
                message = text_message(value, multiline=isinstance(field.widget, forms.Textarea))
                if message:
                    self.add_error(name, message)  # type: ignore[attr-defined]
        self._shorten_echo()
        return data

    def _shorten_echo(self) -> None:
        """Refused over-long input goes back into the form only up to the field's limit."""
        errors = getattr(self, "_errors", None) or {}
        too_long = {}
        for name in errors:
            field = self.fields.get(name)
            limit = getattr(field, "max_length", None)
            if limit and hasattr(self.data, "getlist"):
                values = self.data.getlist(name)
                if any(len(v) > limit for v in values if isinstance(v, str)):
                    too_long[name] = [v[:limit] for v in values]
        if too_long:
            self.data = self.data.copy()
            for name, values in too_long.items():
                self.data.setlist(name, values)


def text_message(text: str, multiline: bool) -> str:
    """Why the text cannot be taken ('' when it can), naming the character and where it stands."""
    if REPLACEMENT in text:
        return _("This text contains characters that could not be read (a broken encoding). Please type it again.")
    match = core.forbidden_character(text, multiline)
    if match is None:
        return ""
    char = match.group()
    if char == "\n":
        return _("Please write this on one line.")
    return _("The text contains the invisible control character %(char)s at position %(position)d; remove it.") % {
        "char": core.describe(char),
        "position": match.start() + 1,
    }
