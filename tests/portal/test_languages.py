"""Languages of the portal: complete catalogues, a right-to-left interface, texts that know their language, and
the filter by the language an event is held in."""

from __future__ import annotations

import gettext
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.portal import moderation
from calendar_builder.portal.interface import describe, discover, folder_to_code, is_rtl
from calendar_builder.portal.models import Organisation
from calendar_builder.portal.records import profile_record

from .conftest import ORG_A, ORG_B

PORTAL = Path(__file__).resolve().parents[2] / "calendar_builder" / "portal"
LOCALE = PORTAL / "locale"
SHIPPED = ("ar", "de", "en")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalogue(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _messages(catalogue: Catalog) -> list[Any]:
    return [m for m in catalogue if m.id]


# --- catalogues -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalogue_is_complete_without_fuzzy_entries(lang: str) -> None:
    catalogue = _catalogue(LOCALE / lang / "LC_MESSAGES" / "django.po", lang)
    assert not catalogue.fuzzy, f"{lang}: the header is marked fuzzy"
    messages = _messages(catalogue)
    assert len(messages) > 300
    untranslated = [m.id for m in messages if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"{lang}: untranslated {untranslated[:5]}"
    assert fuzzy == [], f"{lang}: fuzzy {fuzzy[:5]}"
    assert not list(catalogue.obsolete), f"{lang}: obsolete entries left in the catalogue"


@pytest.mark.parametrize("lang", SHIPPED)
def test_translations_keep_the_placeholders(lang: str) -> None:
    """A translation that drops or renames `%(name)s` would raise or show a wrong value at run time."""
    for message in _messages(_catalogue(LOCALE / lang / "LC_MESSAGES" / "django.po", lang)):
        if message.pluralizable:
            allowed = set(PLACEHOLDER.findall(message.id[0])) | set(PLACEHOLDER.findall(message.id[1]))
            for form in message.string:
                # Arabic's forms for 0, 1 and 2 may say the number in words, so a form may leave it out
                assert set(PLACEHOLDER.findall(form)) <= allowed, (lang, message.id, form)
            assert set(PLACEHOLDER.findall(message.string[-1])) == allowed, (lang, message.id)
        else:
            assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message.id)), (lang, message.id)


def test_arabic_has_its_six_plural_forms() -> None:
    catalogue = _catalogue(LOCALE / "ar" / "LC_MESSAGES" / "django.po", "ar")
    assert catalogue.num_plurals == 6
    plurals = [m for m in _messages(catalogue) if m.pluralizable]
    assert plurals and all(len(m.string) == 6 for m in plurals)


@pytest.mark.parametrize("lang", SHIPPED)
def test_compiled_catalogue_matches_its_source(lang: str) -> None:
    """The .mo Django reads says exactly what the .po says (a forgotten compilemessages fails here)."""
    folder = LOCALE / lang / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected: dict[Any, str] = {}
    for message in _messages(_catalogue(folder / "django.po", lang)):
        key = f"{message.context}\x04{message.id[0] if message.pluralizable else message.id}" if message.context \
            else (message.id[0] if message.pluralizable else message.id)  # fmt: skip
        if message.pluralizable:
            expected.update({(key, n): form for n, form in enumerate(message.string)})
        else:
            expected[key] = message.string
    actual = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert actual == expected


def test_every_string_of_the_code_is_in_the_catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """makemessages over a copy of the portal finds nothing new and nothing stale: no hard-coded strings were
    added without their translations, and the catalogues carry no leftovers."""
    copy = tmp_path / "portal"
    shutil.copytree(PORTAL, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=list(SHIPPED), add_location="file", no_obsolete=True, verbosity=0)
    for lang in SHIPPED:
        before = {m.id if isinstance(m.id, str) else m.id[0] for m in
                  _messages(_catalogue(LOCALE / lang / "LC_MESSAGES" / "django.po", lang))}  # fmt: skip
        after = _catalogue(copy / "locale" / lang / "LC_MESSAGES" / "django.po", lang)
        found = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages(after)}
        assert found - before == set(), f"{lang}: strings in the code missing from the catalogue"
        assert before - found == set(), f"{lang}: catalogue entries no code uses any more"
        assert [m.id for m in _messages(after) if m.fuzzy] == [], f"{lang}: a msgid changed; its translation is fuzzy"


# --- interface languages and direction --------------------------------------------------------------------


def test_interface_languages_are_the_catalogues_with_names_in_their_own_script() -> None:
    found = discover(LOCALE)
    assert [language.code for language in found] == ["de", "en", "ar"]
    assert [language.name for language in found] == ["Deutsch", "English", "العربية"]
    assert settings.LANGUAGES == [(language.code, language.name) for language in found]
    assert settings.LANGUAGES_BIDI == ["ar"]


def test_a_new_catalogue_folder_is_a_new_language_without_code(tmp_path: Path) -> None:
    for folder in ("de", "fa", "uk", "pt_BR", "tr", "ru"):
        (tmp_path / folder / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / folder / "LC_MESSAGES" / "django.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
        if folder != "ru":  # Russian is not compiled yet: not offered
            (tmp_path / folder / "LC_MESSAGES" / "django.mo").write_bytes(b"")
    (tmp_path / "empty" / "LC_MESSAGES").mkdir(parents=True)  # no catalogue: not a language
    found = discover(tmp_path)
    assert [language.code for language in found] == ["de", "fa", "pt-br", "tr", "uk"]
    assert {language.code: language.rtl for language in found} == {"de": False, "fa": True, "pt-br": False,
                                                                   "tr": False, "uk": False}  # fmt: skip
    assert describe("fa").name == "فارسی" and describe("uk").name == "Українська"


# Right-to-left languages by Unicode's CLDR (layout/characterOrder), checked by hand against the CLDR
# charts; the script subtag decides where a tag carries one.
RTL_TAGS = ("ar", "fa", "he", "ur", "ps", "ckb", "yi", "sd", "ug", "syr", "dv", "ku-Arab", "pa-Arab", "arc")
LTR_TAGS = ("de", "en", "tr", "ru", "uk", "ku", "ti", "am", "so", "ar-Latn", "fa-Latn", "zh", "el", "hy", "ka")


@pytest.mark.parametrize("tag", RTL_TAGS)
def test_right_to_left_languages(tag: str) -> None:
    assert is_rtl(tag)


@pytest.mark.parametrize("tag", LTR_TAGS)
def test_left_to_right_languages(tag: str) -> None:
    assert not is_rtl(tag)


@given(st.text(max_size=30))
def test_direction_of_any_tag_is_an_answer_never_an_error(tag: str) -> None:
    assert is_rtl(tag) in (True, False)
    assert folder_to_code(tag) == folder_to_code(tag).lower()


# --- pages in Arabic --------------------------------------------------------------------------------------


def _arabic_client() -> Client:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert response.status_code == 302
    return client


def test_language_switch_sets_only_the_language_cookie(db: Any) -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "ar", "next": reverse("portal:directory")})
    assert response["Location"] == reverse("portal:directory")
    assert set(response.cookies) == {settings.LANGUAGE_COOKIE_NAME}
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ar" and cookie["samesite"] == "Lax" and cookie["httponly"]


@pytest.mark.parametrize(
    "name, args",
    [("home", []), ("directory", []), ("organisation", [ORG_A]), ("month", [2026, 12]), ("festivals", []),
     ("legal", ["impressum"]), ("subscribe", []), ("login", [])],
)  # fmt: skip
def test_arabic_pages_are_right_to_left_with_a_switcher(loaded: None, name: str, args: list[Any]) -> None:
    html = _arabic_client().get(reverse(f"portal:{name}", args=args)).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    switcher = re.search(r'<form class="lang-switch"(.*?)</form>', html, re.S)
    assert switcher is not None and reverse("set_language") in switcher.group(0)
    options = switcher.group(1)
    assert '<span class="current" lang="ar" dir="rtl" aria-current="true">العربية</span>' in options
    assert '<button name="language" value="de" lang="de" dir="ltr">Deutsch</button>' in options
    assert '<button name="language" value="en" lang="en" dir="ltr">English</button>' in options
    # nothing inline that a strict Content-Security-Policy would block
    assert re.search(r"<[^>]*\sstyle=", html) is None
    # scripts come from the portal's own files (src=…); the only inline one is JSON-LD, which is data
    assert re.search(r"<script(?![^>]*(application/ld\+json|\ssrc=))", html) is None


def test_german_is_the_default_and_english_is_offered(loaded: None) -> None:
    html = Client().get(reverse("portal:home")).content.decode()
    assert '<html lang="de" dir="ltr">' in html
    assert "Diese Woche" in html
    english = Client(headers={"accept-language": "en"}).get(reverse("portal:home")).content.decode()
    assert '<html lang="en" dir="ltr">' in english and "This week" in english


def test_arabic_interface_texts_come_from_the_catalogue(loaded: None) -> None:
    html = _arabic_client().get(reverse("portal:directory")).content.decode()
    assert "<h1>المنظمات</h1>" in html  # "Organisations"
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert "هذا الأسبوع" in nav and "التقويم" in nav
    assert re.search("[A-Za-z]{3,}", re.sub(r"<[^>]+>", "", nav)) is None, "Latin words left in the Arabic menu"


# --- content texts carry their own language ---------------------------------------------------------------


def _publish_profile(accounts: dict[str, Any], **changes: Any) -> Organisation:
    org = accounts["org_a"]
    record = profile_record(org) | changes
    moderation.submit_profile(org, accounts["staff"], record)
    return Organisation.objects.get(pk=org.pk)


def _event(accounts: dict[str, Any], org: Organisation, slug: str, title: list[list[str]], day: str,
           languages: list[str]) -> None:  # fmt: skip
    record = {"slug": slug, "title": title, "description": [], "start": day, "end": day, "time": "18:00",
              "end_time": None, "location": "WeltHaus", "url": "", "rrule": "", "exdates": [], "moved": [],
              "languages": languages, "accessibility": "", "cancelled": False}  # fmt: skip
    moderation.submit_event(org, accounts["staff"], record)


def test_profile_texts_are_marked_with_their_language_and_direction(accounts: dict[str, Any]) -> None:
    _publish_profile(
        accounts,
        description=[["de", "Ein Verein für Kultur."], ["ar", "جمعية ثقافية في هايدلبرغ."]],
        own_names=[["ar", "الجمعية السورية"], ["ku", "Komeleya Sûrî"]],
        work=[["de", "Wir treffen uns."], ["ar", "نلتقي كل أسبوع."]],
    )
    url = reverse("portal:organisation", args=[ORG_A])
    german = Client().get(url).content.decode()
    assert '<span lang="ar" dir="rtl">الجمعية السورية</span>' in german
    assert '<span lang="ku" dir="ltr">Komeleya Sûrî</span>' in german
    assert '<dd lang="ar" dir="rtl">جمعية ثقافية في هايدلبرغ.</dd>' in german
    assert '<p class="lead" lang="de" dir="ltr">Ein Verein für Kultur.</p>' in german
    arabic = _arabic_client().get(url).content.decode()
    assert '<p class="lead" lang="ar" dir="rtl">جمعية ثقافية في هايدلبرغ.</p>' in arabic
    assert re.search(r'<div class="prose" lang="ar" dir="rtl">\s*<p>نلتقي كل أسبوع.</p>', arabic)
    # the organisation's (German) name keeps its language and direction inside the Arabic page
    assert re.search(r'<h1><span lang="de" dir="ltr">[^<]+</span></h1>', arabic)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', arabic, re.S).group(1))
    assert data["alternateName"] == ["الجمعية السورية", "Komeleya Sûrî"]


def test_event_titles_carry_their_language_everywhere(accounts: dict[str, Any]) -> None:
    org = Organisation.objects.get(slug=ORG_A)
    _event(accounts, org, "sprachcafe", [["de", "Sprachcafé"], ["ar", "مقهى اللغة"]], "2027-05-12", ["ar", "de"])
    arabic = _arabic_client()
    month = arabic.get(reverse("portal:month", args=[2027, 5])).content.decode()
    assert re.search(r'lang="ar" dir="rtl">مقهى اللغة</a>', month)
    german_month = Client().get(reverse("portal:month", args=[2027, 5])).content.decode()
    assert re.search(r'lang="de" dir="ltr">Sprachcafé</a>', german_month)
    page = arabic.get(reverse("portal:event", args=[ORG_A, "sprachcafe"])).content.decode()
    assert '<h1><span lang="ar" dir="rtl">مقهى اللغة</span></h1>' in page
    assert '<p class="own-name"><span lang="de" dir="ltr">Sprachcafé</span></p>' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["inLanguage"] == ["ar", "de"]


# --- filter by the language an event is held in -----------------------------------------------------------


def _titles(html: str) -> set[str]:
    return set(re.findall(r'<a href="/organisationen/[^"]+/termine/[^"]+/"[^>]*>([^<]+)</a>', html))


def test_events_are_filtered_by_the_language_they_are_held_in(accounts: dict[str, Any]) -> None:
    org_a, org_b = Organisation.objects.get(slug=ORG_A), Organisation.objects.get(slug=ORG_B)
    # texts in Arabic, held in Kurdish: a filter by Arabic must not show it
    _event(accounts, org_a, "kurdisch", [["de", "Abend auf Kurdisch"], ["ar", "أمسية بالكردية"]], "2027-05-03", ["ku"])
    _event(accounts, org_a, "arabisch", [["de", "Lesung auf Arabisch"]], "2027-05-04", ["ar"])
    _event(accounts, org_b, "zweisprachig", [["de", "Fest zweisprachig"]], "2027-05-05", ["ti", "ar"])
    _event(accounts, org_b, "ohne", [["de", "Treffen ohne Angabe"]], "2027-05-06", [])
    _event(accounts, org_b, "aramaeisch", [["de", "Gottesdienst"]], "2027-05-07", ["arc"])
    month = reverse("portal:month", args=[2027, 5])
    everything = _titles(Client().get(month).content.decode())
    assert {"Abend auf Kurdisch", "Lesung auf Arabisch", "Fest zweisprachig", "Treffen ohne Angabe",
            "Gottesdienst"} <= everything  # fmt: skip
    held_in_arabic = Client().get(month, {"sprache": "ar"}).content.decode()
    assert _titles(held_in_arabic) == {"Lesung auf Arabisch", "Fest zweisprachig"}
    # the month's links keep the filter, festivals stay on the page
    assert re.search(r'href="/kalender/2027/6/\?sprache=ar" rel="next"', held_in_arabic)
    assert "entry-festival" in held_in_arabic
    assert _titles(Client().get(month, {"sprache": "ku"}).content.decode()) == {"Abend auf Kurdisch"}
    # "ar" is an element of the list, never a part of another code ("arc")
    assert _titles(Client().get(month, {"sprache": "arc"}).content.decode()) == {"Gottesdienst"}
    # an unknown code is no filter at all
    assert _titles(Client().get(month, {"sprache": "xx"}).content.decode()) == everything
    day = Client().get(reverse("portal:day", args=[2027, 5, 5]), {"sprache": "ku"}).content.decode()
    assert "Fest zweisprachig" not in _titles(day)
    # the filter offers exactly the languages events are held in, named also in their own script
    options = re.findall(r'<option value="(\w+)"', re.search(r'<select id="sprache".*?</select>', held_in_arabic,
                                                              re.S).group(0))  # fmt: skip
    assert sorted(options) == ["ar", "arc", "ku", "ti"]
    assert "Arabisch – العربية" in held_in_arabic


def test_directory_filters_by_advice_language_separately(accounts: dict[str, Any]) -> None:
    org_a = _publish_profile(accounts, languages=["ar", "de"], advice_languages=["ar"])
    org_b = Organisation.objects.get(slug=ORG_B)
    org_b.languages, org_b.advice_languages = ["ti", "ar"], []
    org_b.save()
    directory = reverse("portal:directory")
    spoken = Client().get(directory, {"sprache": "ar"}).content.decode()
    assert org_a.name in spoken and org_b.name in spoken
    advice = Client().get(directory, {"beratung": "ar"}).content.decode()
    assert org_a.name in advice and org_b.name not in advice


def test_dates_in_arabic_pages_use_one_kind_of_digit(loaded: None) -> None:
    """Day numbers, times and years appear with the same (Western) digits as the times of events."""
    html = _arabic_client().get(reverse("portal:month", args=[2026, 12])).content.decode()
    assert re.search("[\u0660-\u0669\u06f0-\u06f9]", html) is None
    assert "2026" in html


def test_the_profile_form_shows_a_text_in_its_own_direction(accounts: dict[str, Any]) -> None:
    from .conftest import PASSWORD

    _publish_profile(accounts, description=[["de", "Ein Verein."], ["ar", "جمعية ثقافية."]])
    client = Client()
    assert client.login(username=accounts["a"].username, password=PASSWORD)
    html = client.get(reverse("portal:edit-profile", args=[ORG_A])).content.decode()
    textarea = re.search(r'<textarea[^>]*name="description_1"[^>]*>', html)
    assert textarea is not None and 'lang="ar"' in textarea.group(0) and 'dir="rtl"' in textarea.group(0)
    german = re.search(r'<textarea[^>]*name="description_de"[^>]*>', html)
    assert german is not None and 'lang="de"' in german.group(0)
