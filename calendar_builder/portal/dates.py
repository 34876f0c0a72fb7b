"""Dates in the reader's language, by CLDR's patterns (Babel): "28. November" in German, "28 نوفمبر" in Arabic.

Templates name a style instead of a pattern, so a new interface language gets its own date order, month
names and separators without a line of code. Digits stay Western in every language, as the times are.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time
from django.utils import timezone, translation

#: style -> CLDR skeleton (the fields wanted; CLDR orders and punctuates them per language), or a named format
STYLES = {
    "day_month": "MMMMd",  # 28. November
    "date": "yMMMMd",  # 28. November 2026
    "weekday_date": "full",  # Samstag, 28. November 2026
    "short_weekday": "MMMEd",  # Sa., 28. Nov.
    "short_date": "yMMMd",  # 28. Nov. 2026
    "short_weekday_date": "yMMMEd",  # Sa., 28. Nov. 2026
    "month": "yMMMM",  # November 2026
    "weekday": "EEEE",  # Samstag
    "short_weekday_name": "EEE",  # Sa.
}


def locale(lang: str | None = None) -> Locale:
    """Babel's locale for a Django language code (the active one by default); German if CLDR lacks it."""
    code = lang or translation.get_language() or "de"
    try:
        return Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale("de")


def format_day(value: date | datetime, style: str, lang: str | None = None) -> str:
    """`value` in `style` (a key of STYLES), with the time (HH:mm, local) appended for a datetime."""
    where = locale(lang)
    clock = ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        clock = format_time(local, "HH:mm", locale=where)
        value = local.date()
    pattern = STYLES[style]
    if pattern == "full":
        text = format_date(value, "full", locale=where)
    elif pattern.startswith("E"):
        text = format_date(value, pattern, locale=where)
    else:
        text = format_skeleton(pattern, value, locale=where)
    return f"{text} {clock}" if clock else text
