"""The interface languages: found in the locale folder, so that a new catalogue needs no code change.

A language is offered when `locale/<code>/LC_MESSAGES/django.po` exists and has been compiled (`django.mo`
beside it; without it Django could not switch to the language). Its name (in its own script) and its
writing direction come from the Unicode CLDR data that Babel ships, so Persian, Urdu or Pashto are laid out
right to left as soon as their catalogue is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

#: The portal's own language first, then English; every further language follows by code.
FIRST = ("de", "en")
#: Scripts written right to left (ISO 15924), for tags that name their script: `ku-Arab`, `pa-Arab`, `az-Arab`.
RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr", "mand", "yezi"})
#: Right-to-left languages CLDR has no data for: Aramaic and the Neo-Aramaic languages written in Syriac script.
RTL_WITHOUT_CLDR = frozenset({"arc", "aii", "cld", "syc", "tru"})


@dataclass(frozen=True)
class InterfaceLanguage:
    code: str  # Django's form: lower case, "-" between parts (pt-br)
    name: str  # in its own language and script
    rtl: bool


def folder_to_code(folder: str) -> str:
    """`pt_BR` (gettext's folder name) → `pt-br` (Django's language code)."""
    return folder.replace("_", "-").lower()


def describe(code: str) -> InterfaceLanguage:
    """Name and direction of a language from CLDR; an unknown code keeps its code as name, left to right."""
    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return InterfaceLanguage(code, code, False)
    name = locale.get_display_name(locale) or code
    return InterfaceLanguage(code, name[:1].upper() + name[1:], is_rtl(code))


@lru_cache(maxsize=512)
def is_rtl(tag: str) -> bool:
    """Whether text in the language `tag` (BCP 47: `ar`, `fa`, `ku-Arab`, `ar-Latn`) runs right to left.

    A script subtag decides where there is one (a transliteration `ar-Latn` runs left to right); otherwise
    CLDR's character order of the language. An unknown language runs left to right.
    """
    parts = [p for p in tag.replace("_", "-").split("-") if p]
    if not parts:
        return False
    scripts = [p.lower() for p in parts[1:] if len(p) == 4 and p.isalpha()]
    if scripts:
        return scripts[0] in RTL_SCRIPTS
    try:
        return bool(Locale.parse(parts[0].lower()).character_order == "right-to-left")
    except (UnknownLocaleError, ValueError):
        return parts[0].lower() in RTL_WITHOUT_CLDR


def discover(locale_dir: Path) -> list[InterfaceLanguage]:
    """Every language with a compiled catalogue under `locale_dir`, German and English first."""
    codes = sorted(
        folder_to_code(path.parent.parent.name)
        for path in locale_dir.glob("*/LC_MESSAGES/django.po")
        if path.is_file() and path.with_suffix(".mo").is_file()
    )
    ordered = [c for c in FIRST if c in codes] + [c for c in codes if c not in FIRST]
    return [describe(code) for code in ordered]


def switcher(request: object) -> dict[str, list[dict[str, str]]]:
    """Context processor: the languages of the switcher every page shows, each named in its own script."""
    from django.conf import settings

    bidi = set(settings.LANGUAGES_BIDI)
    languages = [{"code": code, "name": str(name), "dir": "rtl" if code in bidi else "ltr"}
                 for code, name in settings.LANGUAGES]  # fmt: skip
    return {"interface_languages": languages}
