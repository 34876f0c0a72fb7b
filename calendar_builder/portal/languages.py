"""Language names and codes for forms and pages, from Babel's CLDR data (the core validates with the same)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from calendar_builder.portal.interface import is_rtl

#: Offered first in the forms: the languages of Heidelberg's larger communities.
COMMON = ("de", "en", "ar", "tr", "ru", "uk", "pl", "ro", "it", "el", "fa", "ku", "ps", "ti", "am", "so",
          "fr", "es", "pt", "vi", "zh", "hr", "sr", "bs", "sq", "bg", "hu", "ur", "hi", "ta", "he", "wo")  # fmt: skip


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    return frozenset(str(code) for code in Locale("en").languages if "_" not in str(code))


def language_name(code: str, in_lang: str = "de") -> str:
    try:
        locale = Locale.parse(in_lang)
    except (ValueError, TypeError):
        locale = Locale("de")
    return str(locale.languages.get(code, code))


def native_name(code: str) -> str:
    """The language's name in itself; its code where CLDR knows the name but has no data of the language (arc)."""
    try:
        return str(Locale.parse(code).get_display_name(code) or code)
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        return code


def direction(code: str) -> str:
    """`rtl` or `ltr` for a text in language `code` (from CLDR, see interface.is_rtl)."""
    return "rtl" if is_rtl(code) else "ltr"


LANGUAGE_CHOICES = [(code, f"{native_name(code)} ({code})") for code in dict.fromkeys(COMMON)]
