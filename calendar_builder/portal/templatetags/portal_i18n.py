"""Template filters for text of a known language: its writing direction, from the language code."""

from __future__ import annotations

from django import template

from calendar_builder.portal.languages import direction as _direction

register = template.Library()


@register.filter
def direction(code: str) -> str:
    """`ar` → `rtl`, `de` → `ltr`: for the `dir` attribute beside a `lang` attribute."""
    return _direction(str(code or ""))
