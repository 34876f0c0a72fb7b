"""Template filters for languages: the writing direction of a language code, dates in the reader's language."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from calendar_builder.portal.dates import STYLES, format_day
from calendar_builder.portal.languages import direction as _direction

register = template.Library()


@register.filter
def direction(code: str) -> str:
    """`ar` → `rtl`, `de` → `ltr`: for the `dir` attribute beside a `lang` attribute."""
    return _direction(str(code or ""))


@register.filter
def localdate(value: date | datetime | None, style: str) -> str:
    """`{{ day|localdate:"day_month" }}`: the date in the active language (styles in dates.STYLES)."""
    if value is None or value == "":
        return ""
    if style not in STYLES:
        raise template.TemplateSyntaxError(f"unknown date style {style!r}; known: {', '.join(sorted(STYLES))}")
    return format_day(value, style)
