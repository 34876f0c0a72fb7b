"""The whole path in a real Chromium: invite, member edits in Arabic and German, events, approval, feeds, print.

Playwright drives Debian's chromium (no browser download). The live server runs in this process, so the
test also calls `portal export` and makes the print edition from the exported data directly.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from icalendar import Calendar

from .conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
ORG_NAME = "Arabisch-Deutscher Kulturverein Heidelberg"


def _page(browser: Any, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def _log_in(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/anmelden/")
    page.fill("[name=username]", name)
    page.fill("[name=password]", PASSWORD)
    page.click("main button")


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.mark.django_db(transaction=True)
def test_invite_edit_approve_publish_export_print(live_server: Any, browser: Any, data_copy: Path) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from calendar_builder.build import load_edition, write_print_pdf
    from calendar_builder.portal.exchange import export_data, import_data
    from calendar_builder.settings import Settings

    import_data(data_copy)
    get_user_model().objects.create_user("team", "team@example.org", PASSWORD, is_staff=True)
    base = live_server.url
    today = timezone.localdate()
    first = _weekday_on_or_after(today + timedelta(days=14), 3)  # a Thursday
    skipped = first + timedelta(days=14)
    until = first + timedelta(days=70)
    party = first + timedelta(days=40)

    # staff invite a new organisation
    staff = _page(browser)
    _log_in(staff, base, "team")
    staff.goto(f"{base}/team/einladen/")
    staff.fill("[name=new_name]", ORG_NAME)
    staff.fill("[name=email]", "vorstand@kulturverein.example.org")
    staff.click("main form button")
    link = staff.get_attribute("#invitation-link", "href")
    assert link and "/einladung/" in link

    # the member accepts, edits the profile in German and Arabic, adds a weekly and a one-off event
    member = _page(browser, 390)
    member.goto(link)
    member.fill("[name=username]", "kulturverein")
    member.fill("[name=password]", PASSWORD)
    member.click("main form button")
    member.wait_for_url(f"{base}/mein/")
    slug = member.get_attribute("a[href$='/profil/']", "href").split("/")[2]
    member.click("a[href$='/profil/']")
    member.fill("[name=short_name]", "AD Kulturverein")
    member.fill("[name=description_de]", "Kulturverein für arabisch- und deutschsprachige Familien in Heidelberg.")
    member.select_option("[name=description_lang_1]", "ar")
    member.fill("[name=description_1]", "جمعية ثقافية للعائلات الناطقة بالعربية والألمانية في هايدلبرغ.")
    member.select_option("[name=own_names_lang_1]", "ar")
    member.fill("[name=own_names_1]", "الجمعية الثقافية العربية الألمانية")
    member.fill("[name=languages]", "ar, de")
    member.fill("[name=email]", "info@kulturverein.example.org")
    member.click("main form button[type=submit], main form > p > button")
    member.wait_for_url(f"{base}/mein/")

    member.goto(f"{base}/mein/{slug}/termine/neu/")
    member.fill("[name=title_de]", "Sprachcafé Arabisch–Deutsch")
    member.select_option("[name=title_lang_1]", "ar")
    member.fill("[name=title_1]", "مقهى اللغة")
    member.fill("[name=start]", first.isoformat())
    member.fill("[name=time]", "18:00")
    member.fill("[name=end_time]", "20:00")
    member.select_option("[name=repeat]", "weekly")
    member.fill("[name=until]", until.isoformat())
    member.fill("[name=exdate_1]", skipped.isoformat())
    member.fill("[name=location]", "WeltHaus, Willy-Brandt-Platz 5")
    member.click("main form > p > button")
    member.wait_for_url(f"{base}/mein/")

    member.goto(f"{base}/mein/{slug}/termine/neu/")
    member.fill("[name=title_de]", "Sommerfest der Kulturen")
    member.fill("[name=start]", party.isoformat())
    member.fill("[name=time]", "15:00")
    member.click("main form > p > button")
    member.wait_for_url(f"{base}/mein/")
    assert member.locator(".status-pending").count() == 3

    # nothing is public before approval
    resident = _page(browser)
    assert resident.goto(f"{base}/organisationen/{slug}/").status == 404

    # staff approve all three
    staff.goto(f"{base}/team/")
    reviews = [a.get_attribute("href") for a in staff.locator("a[href^='/team/aenderungen/']").all()]
    assert len(reviews) == 3
    for href in reviews:
        staff.goto(base + href)
        staff.click("button[name=approve]")
        staff.wait_for_url(f"{base}/team/")

    # organisation page, month view and feed show the events; Arabic text is marked rtl
    resident.goto(f"{base}/organisationen/{slug}/")
    assert resident.locator("h1").inner_text() == ORG_NAME
    assert resident.locator("[lang=ar][dir=rtl]").count() >= 1
    body = resident.locator("main").inner_text()
    assert "Sprachcafé Arabisch–Deutsch" in body and "Sommerfest der Kulturen" in body
    resident.goto(f"{base}/kalender/{party.year}/{party.month}/")
    assert "Sommerfest der Kulturen" in resident.locator("main").inner_text()
    resident.goto(f"{base}/kalender/{skipped.year}/{skipped.month}/")
    cafe_days = resident.locator("td:has(a:text('Sprachcafé Arabisch–Deutsch')) .daynum").all_inner_texts()
    assert not any(text.strip().endswith(f" {skipped.day}") or text.strip() == str(skipped.day)
                   for text in cafe_days)  # fmt: skip
    response = resident.request.get(f"{base}/feeds/organisation-{slug}.ics")
    assert response.ok and response.headers["etag"]
    calendar = Calendar.from_ical(response.body())
    by_uid = {str(c["UID"]).split("@")[0]: c for c in calendar.walk("VEVENT")}
    cafe = by_uid[f"{slug}.sprachcafe-arabisch-deutsch"]
    assert "Sprachcafé Arabisch–Deutsch" in str(cafe["SUMMARY"])
    assert "FREQ=WEEKLY" in cafe["RRULE"].to_ical().decode()
    assert skipped.strftime("%Y%m%d") in cafe["EXDATE"].to_ical().decode()
    assert "Sommerfest der Kulturen" in str(by_uid[f"{slug}.sommerfest-der-kulturen"]["SUMMARY"])

    # export for print, then the edition of that year has the one-off event
    export_data(data_copy)
    exported = (data_copy / "organisations.yaml").read_text(encoding="utf-8")
    assert f"- id: {slug}" in exported and "Sommerfest der Kulturen" in exported
    edition = load_edition(Settings(data_dir=data_copy, out_dir=data_copy / "out", year=party.year),
                           leave_out_uncovered=True)  # fmt: skip
    printed = [(o.event.id, o.start) for o in edition.events if o.organisation == slug]
    assert ("sommerfest-der-kulturen", party) in printed
    if first.year == party.year:
        assert ("sprachcafe-arabisch-deutsch", first) in printed
    assert ("sprachcafe-arabisch-deutsch", skipped) not in printed

    # and the print PDF itself: the one-off event on its month's page, the weekly series as its "Regelmäßig" line
    pdf, _ = write_print_pdf(edition, Settings(data_dir=data_copy, out_dir=data_copy / "out", year=party.year),
                             echo=lambda _: None, draft=True, folder=data_copy)  # fmt: skip
    with pdfplumber.open(pdf) as document:
        pages = [" ".join((page.extract_text() or "").split()) for page in document.pages]
    month_page = pages[party.month]  # page 1 is the cover
    assert "Sommerfest der Kulturen" in month_page
    assert [i for i, text in enumerate(pages) if "Sommerfest der Kulturen" in text] == [party.month]
    line = "donnerstags 18:00 Sprachcafé Arabisch–Deutsch"
    # once in the back page's directory, under its organisation; besides only in a "Verein des Monats" box
    back = pages[-1]
    assert back.count(line) == 1, back[back.find("Sprachcaf") - 200 :][:400]
    before = back[: back.index(line)]
    assert before.rstrip().endswith("Regelmäßig:") and ("AD Kulturverein" in before or ORG_NAME in before)
    for text in pages[1:-1]:
        if line in text:
            assert text.count(line) == 1 and "VEREIN DES MONATS" in text.upper()
