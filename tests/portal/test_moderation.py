"""Moderation, history and restore, trusted organisations, feeds with ETag, and the public pages' data."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from PIL import Image

from calendar_builder.portal import moderation
from calendar_builder.portal.logos import LogoError, check_logo_upload
from calendar_builder.portal.models import Change, Event, Revision
from calendar_builder.portal.records import event_record, profile_record
from calendar_builder.portal.text import markdown_html

from .conftest import ORG_A, PASSWORD
from .test_permissions import event_form_data

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_weekly_series_with_exception_and_move_expands_through_the_core(accounts: dict[str, Any]) -> None:
    client = _login(accounts["a"])
    data = event_form_data(title="Nachbarschaftscafé", start="2027-03-04", repeat="weekly", until="2027-06-24",
                           exdate_1="2027-03-18", moved_from_1="2027-04-01", moved_date_1="2027-04-02",
                           moved_time_1="17:00", title_lang_1="ar", title_1="مقهى الجيران")  # fmt: skip
    assert client.post(reverse("portal:new-event", args=[ORG_A]), data).status_code == 302
    change = Change.objects.get(status="pending")
    assert change.payload["rrule"] == "FREQ=WEEKLY;UNTIL=20270624;BYDAY=TH"
    moderation.approve(change, accounts["staff"], "")
    event = Event.objects.get(organisation__slug=ORG_A, slug="nachbarschaftscafe")
    page = Client().get(reverse("portal:month", args=[2027, 3])).content.decode()
    # 4, 11 and 25 March (the 18th is cancelled), and 2 April (moved from 1 April) in the grid's last week
    assert page.count("Nachbarschaftscafé") == 4
    april = Client().get(reverse("portal:month", args=[2027, 4])).content.decode()
    assert "17:00" in april
    feed = Calendar.from_ical(Client().get("/feeds/organisation-beispielverein-syrien.ics").content)
    vevents = [c for c in feed.walk("VEVENT") if str(c["UID"]).startswith(f"{ORG_A}.nachbarschaftscafe@")]
    assert len(vevents) == 2  # the series and its moved occurrence
    master = next(c for c in vevents if "RECURRENCE-ID" not in c)
    assert "BYDAY=TH" in master["RRULE"].to_ical().decode()
    assert event.last_day.isoformat() == "2027-06-24"


def test_invalid_event_gets_the_core_s_message_on_the_field(accounts: dict[str, Any]) -> None:
    client = _login(accounts["a"])
    data = event_form_data(title="Falsch", start="2027-03-04", repeat="custom", rrule="FREQ=WEEKLY;BYDAY=FR",
                           until="2027-05-01")  # fmt: skip
    response = client.post(reverse("portal:new-event", args=[ORG_A]), data)
    assert response.status_code == 200
    assert "is not a day of rule" in response.content.decode()
    data = event_form_data(title="Endlos", start="2027-03-04", repeat="weekly")
    assert "braucht ihr Enddatum" in client.post(reverse("portal:new-event", args=[ORG_A]), data).content.decode()
    english = client.post(reverse("portal:new-event", args=[ORG_A]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert "needs its last date" in english.content.decode()
    assert not Change.objects.exists()


def test_returned_change_stays_private_and_carries_the_comment(accounts: dict[str, Any]) -> None:
    client = _login(accounts["a"])
    client.post(reverse("portal:new-event", args=[ORG_A]), event_form_data(title="Entwurf Basar"))
    change = Change.objects.get()
    _login(accounts["staff"]).post(reverse("portal:staff-review", args=[change.pk]),
                                   {"return": "1", "comment": "Bitte Ort angeben"})  # fmt: skip
    change.refresh_from_db()
    assert change.status == "returned"
    assert "Bitte Ort angeben" in client.get(reverse("portal:dashboard")).content.decode()
    assert "Entwurf Basar" not in Client().get(reverse("portal:month", args=[2027, 5])).content.decode()


def test_trusted_organisation_publishes_event_edits_at_once(accounts: dict[str, Any]) -> None:
    org = accounts["org_a"]
    org.trusted = True
    org.save()
    _login(accounts["a"]).post(reverse("portal:new-event", args=[ORG_A]), event_form_data(title="Sofort da"))
    assert Change.objects.get().status == "approved"
    assert "Sofort da" in Client().get(reverse("portal:month", args=[2027, 5])).content.decode()


def test_profile_edit_waits_then_history_restores(accounts: dict[str, Any]) -> None:
    org = accounts["org_a"]
    record = profile_record(org)
    old_description = record["description"]
    record["description"] = [["de", "Neue Beschreibung"], ["ar", "وصف جديد"]]
    change = moderation.submit_profile(org, accounts["a"], record)
    assert change.status == "pending"
    assert "Neue Beschreibung" not in Client().get(reverse("portal:organisation", args=[ORG_A])).content.decode()
    moderation.approve(change, accounts["staff"], "")
    page = Client().get(reverse("portal:organisation", args=[ORG_A])).content.decode()
    assert "Neue Beschreibung" in page
    assert re.search(r'<dd lang="ar" dir="rtl">[^\n]*وصف جديد', page)
    first = Revision.objects.filter(organisation=org, kind="profile").order_by("id").first()
    response = _login(accounts["staff"]).post(reverse("portal:staff-restore", args=[first.pk]))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.description == old_description
    assert Revision.objects.filter(organisation=org, note=f"restored version {first.pk}").exists()


def test_feed_answers_conditional_requests(loaded: None) -> None:
    client = Client()
    response = client.get("/feeds/alle.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/feeds/alle.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/feeds/alle.ics", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/feeds/nicht-da.ics").status_code == 404
    uids = {str(c["UID"]) for c in Calendar.from_ical(response.content).walk("VEVENT")}
    assert f"{ORG_A}.familientreffen@interkultureller-kalender.heidelberg.de" in uids


def test_feed_uids_are_the_ones_build_writes(loaded: None, tmp_path: Any) -> None:
    """The portal serves the same UIDs and rules as the static feeds from the same data."""
    from calendar_builder.feeds.organisations import organisation_groups
    from calendar_builder.organisations import load_organisations
    from calendar_builder.settings import Settings

    from .conftest import DATA

    settings = Settings(data_dir=DATA)
    catalogue = load_organisations(settings.organisations_file)
    groups = [g for g in organisation_groups(catalogue, settings.feeds_base_url) if g.items]  # no events, no feed
    expected = {item.uid: item.rrule for group in groups for item in group.items}
    served = {}
    for group in groups:
        calendar = Calendar.from_ical(Client().get(f"/feeds/{group.slug}.ics").content)
        for component in calendar.walk("VEVENT"):
            if "RECURRENCE-ID" not in component:
                rule = component.get("RRULE")
                served[str(component["UID"])] = rule.to_ical().decode() if rule else ""
    assert served.keys() == expected.keys()


def test_pages_carry_schema_org_and_language_marks(loaded: None) -> None:
    page = Client().get(reverse("portal:organisation", args=[ORG_A])).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])
    assert data["@type"] == "Organization" and data["name"].startswith("Beispielverein Syrische")
    event_page = Client().get(reverse("portal:event", args=[ORG_A, "familientreffen"])).content.decode()
    event = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', event_page, re.S)[1])
    assert event["@type"] == "Event" and event["organizer"]["name"].startswith("Beispielverein")
    assert 'lang="ar" dir="rtl"' in event_page
    embed = Client().get(reverse("portal:embed", args=[ORG_A]))
    assert "<script" not in embed.content.decode() and "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "unsafe-inline" not in Client().get("/").headers["Content-Security-Policy"]


def test_freshness_lists_unconfirmed_profiles_and_archive_hides_them(accounts: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    org = accounts["org_b"]
    org.confirmed_at = timezone.now() - timedelta(days=400)
    org.save()
    staff = _login(accounts["staff"])
    assert org.name in staff.get(reverse("portal:staff-freshness")).content.decode()
    staff.post(reverse("portal:staff-archive", args=["organisation", org.pk]), {"archive": "1"})
    assert Client().get(reverse("portal:organisation", args=[org.slug])).status_code == 404
    assert "organisation-beispielverein-habesha.ics" not in str(Client().get("/feeds/").content)


def test_logo_upload_checks_content_and_strips_metadata() -> None:
    image = Image.new("RGB", (400, 400), "teal")
    exif = Image.Exif()
    exif[0x010E] = "Privat: Vorstand Name"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    checked = check_logo_upload(buffer.getvalue())
    assert checked.type == "image/png" and b"Vorstand" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as out:
        assert not out.getexif()
    small = io.BytesIO()
    Image.new("RGB", (100, 100)).save(small, format="PNG")
    for bad in (small.getvalue(), b"GIF89a" + b"\0" * 100, b"<svg onload='alert(1)'></svg>",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'):  # fmt: skip
        with pytest.raises(LogoError):
            check_logo_upload(bad)


def test_markdown_is_sanitised() -> None:
    html = markdown_html("**fett** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>")
    assert "<strong>fett</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_event_record_survives_apply(accounts: dict[str, Any]) -> None:
    event = Event.objects.filter(organisation__slug=ORG_A).exclude(moved=[]).first() or Event.objects.first()
    record = event_record(event)
    moderation.submit_event(accounts["org_a"], accounts["staff"], record, event)
    event.refresh_from_db()
    assert event_record(event) == record


def test_a_crowded_day_shows_a_cell_full_and_links_the_rest(accounts: dict[str, Any]) -> None:
    for number in range(9):
        record = event_form_data(title=f"Gedränge {number}", start="2027-05-12", time=f"{10 + number}:00")
        assert _login(accounts["staff"]).post(reverse("portal:new-event", args=[ORG_A]), record).status_code == 302
    month = Client().get(reverse("portal:month", args=[2027, 5])).content.decode()
    day_url = reverse("portal:day", args=[2027, 5, 12])
    assert day_url in month
    shown = re.findall(r"Gedränge (\d)", month)
    assert shown == ["0", "1", "2", "3", "4"]  # the earliest five, then "+ 4 more"
    day = Client().get(day_url).content.decode()
    assert sorted(re.findall(r"Gedränge (\d)", day)) == [str(n) for n in range(9)]
    total = day.count('<li class="entry ')  # ours and whatever else the shipped data has that day
    assert re.search(rf'href="{day_url}">\+ {total - 5} ', month)


def test_feeds_continue_the_sequence_numbers_build_published(loaded: None) -> None:
    from calendar_builder.feeds.state import FeedState

    from .conftest import DATA

    published = FeedState.load(DATA / "feed-state.json").entries
    calendar = Calendar.from_ical(Client().get("/feeds/alle.ics").content)
    checked = 0
    for component in calendar.walk("VEVENT"):
        uid = str(component["UID"])
        if uid in published and "RECURRENCE-ID" not in component:
            assert int(component["SEQUENCE"]) >= published[uid][1].sequence
            checked += 1
    assert checked


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Verein//DE
BEGIN:VEVENT
UID:abend-1@verein.example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:20270305T190000
DTEND;TZID=Europe/Berlin:20270305T210000
SUMMARY:Kulturabend
END:VEVENT
{extra}END:VCALENDAR
"""
EXTRA = """BEGIN:VEVENT
UID:lesung-1@verein.example.org
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Berlin:20270412T180000
SUMMARY:Lesung
END:VEVENT
"""


def test_calendar_address_is_read_again_on_demand(accounts: dict[str, Any], monkeypatch: Any) -> None:
    from calendar_builder.portal.views import member

    feed = {"text": ICS.format(extra="")}
    monkeypatch.setattr(member, "_fetch", lambda url: feed["text"].replace("\n", "\r\n").encode())
    client = _login(accounts["a"])
    url = "https://verein.example.org/kalender.ics"
    assert client.post(reverse("portal:import", args=[ORG_A]), {"url": url}).status_code == 302
    assert [c.payload["title"] for c in Change.objects.all()] == [[["de", "Kulturabend"]]]
    client.post(reverse("portal:recheck", args=[ORG_A]))
    assert Change.objects.count() == 1  # nothing new: no second proposal
    feed["text"] = ICS.format(extra=EXTRA)
    client.post(reverse("portal:recheck", args=[ORG_A]))
    assert sorted(c.payload["title"][0][1] for c in Change.objects.all()) == ["Kulturabend", "Lesung"]
    assert _login(accounts["b"]).post(reverse("portal:recheck", args=[ORG_A])).status_code == 404


def test_a_festival_page_shows_its_greetings_in_their_script(loaded: None) -> None:
    page = Client().get(reverse("portal:festival", args=["eid-al-fitr"])).content.decode()
    assert '<span lang="ar" dir="rtl">عيد مبارك</span>' in page and "Eid Mubarak" in page
    assert "Man wünscht sich" in page  # the German interface's word for the greetings
