"""Every view that changes data, tried by the wrong people: anonymous, a member of another organisation, a guest."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from calendar_builder.portal.models import Change, Event, GuestRequest, Organisation

from .conftest import ORG_A, ORG_B, PASSWORD

pytestmark = pytest.mark.django_db


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def _event(slug: str) -> Event:
    return Event.objects.filter(organisation__slug=slug).order_by("id").first()  # type: ignore[return-value]


def editing_urls(org: str, event: Event, change_id: int) -> list[str]:
    return [
        reverse("portal:edit-profile", args=[org]),
        reverse("portal:new-event", args=[org]),
        reverse("portal:edit-event", args=[org, event.pk]),
        reverse("portal:import", args=[org]),
        reverse("portal:recheck", args=[org]),
        reverse("portal:confirm", args=[org]),
        reverse("portal:withdraw", args=[org, change_id]),
        reverse("portal:dashboard"),
    ]


STAFF_URLS = ["portal:staff-queue", "portal:staff-invite", "portal:staff-freshness", "portal:staff-export"]


def _pending_change_of_b(accounts: dict[str, Any]) -> Change:
    client = _client(accounts["b"])
    event = _event(ORG_B)
    form = event_form_data(title="Geheimer Entwurf von B", start="2027-05-05")
    response = client.post(reverse("portal:new-event", args=[ORG_B]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    del event
    return Change.objects.get(organisation__slug=ORG_B, status="pending")


def event_form_data(**values: str) -> dict[str, str]:
    data = {"title_de": values.get("title", "Termin"), "start": values.get("start", "2027-05-05"),
            "time": values.get("time", "18:00"), "end_time": values.get("end_time", "20:00"),
            "repeat": values.get("repeat", ""), "until": values.get("until", "")}  # fmt: skip
    data |= {k: v for k, v in values.items() if k not in ("title", "start", "time", "end_time", "repeat", "until")}
    return data


def test_anonymous_reaches_no_editing_page(accounts: dict[str, Any]) -> None:
    change = _pending_change_of_b(accounts)
    client = Client()
    for url in editing_urls(ORG_B, _event(ORG_B), change.pk):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 405), url
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("portal:login")), url
    for name in STAFF_URLS:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    assert client.get("/admin/").status_code == 302


def test_member_of_a_cannot_reach_b_by_url(accounts: dict[str, Any]) -> None:
    change = _pending_change_of_b(accounts)
    client = _client(accounts["a"])
    before = Event.objects.filter(organisation__slug=ORG_B).count()
    for url in editing_urls(ORG_B, _event(ORG_B), change.pk)[:-1]:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, event_form_data(title="Übernahme")).status_code == 404, url
    assert Event.objects.filter(organisation__slug=ORG_B).count() == before
    assert Change.objects.get(pk=change.pk).status == "pending"
    assert not any("Übernahme" in str(c.payload) for c in Change.objects.all())
    for name in STAFF_URLS:
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("portal:staff-review", args=[change.pk])).status_code == 404
    assert client.get(reverse("portal:staff-history", args=[ORG_B])).status_code == 404
    assert client.get("/admin/").status_code == 302  # members never see the admin


def test_member_of_a_cannot_swap_ids(accounts: dict[str, Any]) -> None:
    """A's own URLs with B's event or change ID, and B's ID in a form field, reach nothing of B's."""
    change = _pending_change_of_b(accounts)
    client = _client(accounts["a"])
    event_b = _event(ORG_B)
    title_b = list(event_b.title)
    assert client.get(reverse("portal:edit-event", args=[ORG_A, event_b.pk])).status_code == 404
    response = client.post(reverse("portal:edit-event", args=[ORG_A, event_b.pk]), event_form_data(title="X"))
    assert response.status_code == 404
    assert client.post(reverse("portal:withdraw", args=[ORG_A, change.pk])).status_code == 404
    assert Change.objects.get(pk=change.pk).status == "pending"
    # extra fields naming B are ignored: the organisation comes from the URL and the membership only
    own = _event(ORG_A)
    data = event_form_data(title="Eigener Termin", organisation=str(accounts["org_b"].pk), slug=event_b.slug,
                           organisation_id=str(accounts["org_b"].pk), event=str(event_b.pk))  # fmt: skip
    assert client.post(reverse("portal:edit-event", args=[ORG_A, own.pk]), data).status_code == 302
    submitted = Change.objects.filter(organisation__slug=ORG_A).latest("id")
    assert submitted.event == own and submitted.payload["slug"] == own.slug
    event_b.refresh_from_db()
    assert event_b.title == title_b


def test_member_of_a_never_sees_b_s_pending_changes(accounts: dict[str, Any]) -> None:
    _pending_change_of_b(accounts)
    client = _client(accounts["a"])
    for url in (reverse("portal:dashboard"), reverse("portal:organisation", args=[ORG_B]),
                reverse("portal:month", args=[2027, 5]), "/feeds/alle.ics"):  # fmt: skip
        assert "Geheimer Entwurf" not in client.get(url).content.decode(), url


def test_pending_edits_are_not_public_until_approved(accounts: dict[str, Any]) -> None:
    change = _pending_change_of_b(accounts)
    anonymous = Client()
    assert "Geheimer Entwurf" not in anonymous.get("/feeds/organisation-beispielverein-habesha.ics").content.decode()
    staff = _client(accounts["staff"])
    assert staff.post(reverse("portal:staff-review", args=[change.pk]), {"approve": "1"}).status_code == 302
    assert "Geheimer Entwurf" in anonymous.get(reverse("portal:month", args=[2027, 5])).content.decode()
    assert "Geheimer Entwurf" in anonymous.get("/feeds/organisation-beispielverein-habesha.ics").content.decode()


def test_guest_proposal_is_never_public_before_approval(accounts: dict[str, Any]) -> None:
    guest = Client()
    data = {"organisation_name": "Neuer Verein", "contact_name": "Amal", "email": "amal@example.org",
            "title": "Gastvorschlag Sommerfest", "day": "2027-06-19", "time": "15:00", "location": "Park"}  # fmt: skip
    assert guest.post(reverse("portal:guest-propose"), data).status_code == 302
    item = GuestRequest.objects.get()
    for url in (reverse("portal:home"), reverse("portal:month", args=[2027, 6]), "/feeds/alle.ics",
                reverse("portal:directory") + "?q=Neuer"):  # fmt: skip
        assert "Gastvorschlag" not in guest.get(url).content.decode(), url
    assert _client(accounts["a"]).get(reverse("portal:staff-guest", args=[item.pk])).status_code == 404
    staff = _client(accounts["staff"])
    org = Organisation.objects.get(slug=ORG_A)
    assert (
        staff.post(reverse("portal:staff-guest", args=[item.pk]), {"accept": "1", "organisation": org.pk}).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.email == "" and item.contact_name == "" and item.status == "accepted"
    assert "Gastvorschlag Sommerfest" in guest.get(reverse("portal:month", args=[2027, 6])).content.decode()


def test_guest_form_honeypot_and_decline_delete_the_address(accounts: dict[str, Any]) -> None:
    guest = Client()
    data = {"organisation_name": "Verein", "contact_name": "B", "email": "b@example.org", "website": "spam"}
    # a filled-in honeypot is thanked like a person and dropped (tests/portal/test_abuse.py has the details)
    assert guest.post(reverse("portal:guest-join"), data)["Location"] == reverse("portal:guest-thanks")
    assert not GuestRequest.objects.exists()
    del data["website"]
    assert guest.post(reverse("portal:guest-join"), data).status_code == 302
    item = GuestRequest.objects.get()
    staff = _client(accounts["staff"])
    staff.post(reverse("portal:staff-guest", args=[item.pk]), {"decline": "1"})
    item.refresh_from_db()
    assert (item.status, item.email, item.contact_name) == ("declined", "", "")


def test_member_cannot_restore_archive_or_trust(accounts: dict[str, Any]) -> None:
    from calendar_builder.portal.models import Revision

    client = _client(accounts["a"])
    revision = Revision.objects.filter(organisation__slug=ORG_A).first()
    org_a = accounts["org_a"]
    assert client.post(reverse("portal:staff-restore", args=[revision.pk])).status_code == 404
    assert (
        client.post(reverse("portal:staff-archive", args=["organisation", org_a.pk]), {"archive": "1"}).status_code
        == 404
    )
    assert client.post(reverse("portal:staff-trust", args=[ORG_A]), {"trust": "1"}).status_code == 404
    assert client.post(reverse("portal:staff-consent", args=[ORG_A]), {}).status_code == 404
    org_a.refresh_from_db()
    assert org_a.state == "active" and not org_a.trusted
