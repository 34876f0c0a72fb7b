"""Data minimisation and the rights of the people concerned: guest addresses go after the decision, contact
persons need their own consent, and staff can export or delete everything about an organisation or a person.

Whether something is gone is checked against a dump of the whole database (`dumpdata`), not against the
fields the code under test happens to clear.
"""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from calendar_builder.cli import main
from calendar_builder.portal.models import Change, Consent, Event, GuestRequest, Invitation, Membership, Organisation

from .conftest import ORG_A, ORG_B, PASSWORD

GUEST = "guest.person@example.net"


def _dump() -> str:
    out = StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _guest_join(name: str = "Verein der Gäste") -> GuestRequest:
    data = {"organisation_name": name, "contact_name": "Gast Person", "email": GUEST, "message": "Hallo"}
    assert Client().post(reverse("portal:guest-join"), data).status_code == 302
    return GuestRequest.objects.latest("id")


def test_an_accepted_join_request_leaves_the_guest_address_only_on_the_account(accounts: dict[str, Any]) -> None:
    item = _guest_join()
    assert GUEST in _dump()
    staff = _client(accounts["staff"])
    staff.post(reverse("portal:staff-guest", args=[item.pk]), {"accept": "1"})
    item.refresh_from_db()
    assert (item.status, item.email, item.contact_name) == ("accepted", "", "")
    invitation = Invitation.objects.get(email=GUEST)  # the invitation must reach the guest, so it holds the address
    from calendar_builder.portal.views.staff import new_token

    token, digest = new_token()
    invitation.token_hash = digest
    invitation.save()
    newcomer = Client()
    newcomer.post(reverse("portal:accept", args=[token]), {"username": "gast-neu", "password": "lange-genug-123"})
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.email == ""
    assert get_user_model().objects.get(username="gast-neu").email == GUEST
    assert _dump().count(GUEST) == 1  # only the account, which needs it for password resets


def test_a_decided_event_proposal_keeps_no_address_and_no_name(accounts: dict[str, Any]) -> None:
    data = {"organisation_name": "Verein", "contact_name": "Gast Person", "email": GUEST, "title": "Fest",
            "day": "2027-06-12"}  # fmt: skip
    assert Client().post(reverse("portal:guest-propose"), data).status_code == 302
    item = GuestRequest.objects.get()
    _client(accounts["staff"]).post(reverse("portal:staff-guest", args=[item.pk]),
                                    {"accept": "1", "organisation": accounts["org_a"].pk})  # fmt: skip
    dump = _dump()
    assert GUEST not in dump and "Gast Person" not in dump


@pytest.mark.parametrize(
    ("person", "fields", "shown"),
    [
        (None, None, False),
        ("Fatima Beispiel", ["phone"], False),
        ("Jemand Anderes", ["contact_person"], False),
        ("fatima beispiel ", ["contact_person", "phone"], True),
    ],
    ids=["no-consent", "other-field", "other-person", "own-consent"],
)
def test_a_contact_person_is_shown_only_with_that_persons_consent(
    accounts: dict[str, Any], person: str | None, fields: list[str] | None, shown: bool
) -> None:
    org = accounts["org_a"]
    org.contact_person = "Fatima Beispiel"
    org.save()
    if person is not None:
        Consent.objects.create(organisation=org, person=person, given_on=date(2027, 1, 5), fields=fields)
    page = Client().get(reverse("portal:organisation", args=[org.slug])).content.decode()
    assert ("Fatima Beispiel" in page) is shown
    assert "Fatima" not in page.split('type="application/ld+json">')[1].split("</script>")[0]


def _cli(*args: str) -> Any:
    result = CliRunner().invoke(main, ["portal", *args])
    return result


def _history_for(org: Organisation, user: Any) -> None:
    """A pending change, a history entry, a consent and a guest request that belong to the organisation."""
    from calendar_builder.portal import moderation
    from calendar_builder.portal.records import profile_record

    record = profile_record(org) | {"contact_person": "Fatima Beispiel"}
    moderation.submit_profile(org, user, record)
    change = Change.objects.filter(organisation=org).latest("id")
    moderation.approve(change, get_user_model().objects.get(username="team"), "ok")
    Consent.objects.create(organisation=org, person="Fatima Beispiel", given_on=date(2027, 1, 5),
                           fields=["contact_person"])  # fmt: skip
    GuestRequest.objects.create(kind="join", organisation_name=org.name, email="vorstand@example.net")


def test_export_personal_of_an_organisation_holds_everything_and_is_repeatable(accounts: dict[str, Any]) -> None:
    org = accounts["org_a"]
    _history_for(org, accounts["a"])
    result = _cli("export-personal", "--organisation", ORG_A)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["subject"] == {"organisation": ORG_A}
    assert data["profile"]["name"] == org.name and data["profile"]["contact_person"] == "Fatima Beispiel"
    assert data["profile"]["logo"]["base64"]  # the shipped sample organisation has a logo
    assert [m["username"] for m in data["members"]] == ["mitglied-a"]
    assert all("pbkdf2" not in json.dumps(m) for m in data["members"])
    slugs = set(Event.objects.filter(organisation=org).values_list("slug", flat=True))
    assert {e["slug"] for e in data["events"]} == slugs
    assert data["changes"][-1]["author"] == "mitglied-a" and data["changes"][-1]["decided_by"] == "team"
    assert any(r["author"] == "mitglied-a" and r["snapshot"]["contact_person"] for r in data["history"])
    assert [c["person"] for c in data["consents"]] == ["Fatima Beispiel"]
    assert [g["email"] for g in data["guest_requests"]] == ["vorstand@example.net"]
    assert ORG_B not in result.output
    assert _cli("export-personal", "--organisation", ORG_A).output == result.output


def test_export_personal_of_a_person_finds_account_requests_and_profile_mentions(accounts: dict[str, Any]) -> None:
    user = accounts["b"]
    user.first_name, user.last_name, user.email = "Fatima", "Beispiel", "fatima@example.net"
    user.save()
    _history_for(accounts["org_a"], accounts["a"])
    org_b = accounts["org_b"]
    org_b.email = "Fatima@Example.net"
    org_b.save()
    GuestRequest.objects.create(kind="event", organisation_name="X", contact_name="Fatima Beispiel",
                                email="fatima@example.net")  # fmt: skip
    result = _cli("export-personal", "--email", "fatima@example.net")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [a["username"] for a in data["accounts"]] == ["mitglied-b"]
    assert data["accounts"][0]["organisations"] == [ORG_B]
    assert len(data["guest_requests"]) == 1
    assert {(o["organisation"], tuple(o["fields"])) for o in data["organisations"]} == {
        (ORG_B, ("email",)), (ORG_A, ("contact_person",))}  # fmt: skip
    assert data["history"] and [c["person"] for c in data["consents"]] == ["Fatima Beispiel"]


def test_delete_personal_lists_first_then_deletes_an_organisation(accounts: dict[str, Any]) -> None:
    org = accounts["org_a"]
    _history_for(org, accounts["a"])
    shared = get_user_model().objects.create_user("in-beiden", "beide@example.org", PASSWORD)
    Membership.objects.create(user=shared, organisation=org)
    Membership.objects.create(user=shared, organisation=accounts["org_b"])
    _client(accounts["a"])  # a session of the member
    before = _dump()
    listing = _cli("delete-personal", "--organisation", ORG_A)
    assert listing.exit_code == 0, listing.output
    assert "would delete" in listing.output and "member account 'mitglied-a'" in listing.output
    assert "in-beiden" not in listing.output and "nothing was changed" in listing.output
    assert _dump() == before
    done = _cli("delete-personal", "--organisation", ORG_A, "--yes")
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[1:] == listing.output.splitlines()[1:-1]  # the listing was the deletion
    assert "sessions of account 'mitglied-a': 1" in done.output
    dump = _dump()
    assert ORG_A not in dump and "Fatima Beispiel" not in dump and "vorstand@example.net" not in dump
    assert not get_user_model().objects.filter(username="mitglied-a").exists()
    assert get_user_model().objects.filter(username__in=["in-beiden", "team", "mitglied-b"]).count() == 3
    assert Client().get(reverse("portal:organisation", args=[ORG_A])).status_code == 404
    assert f"organisation-{ORG_A}" not in Client().get("/feeds/").content.decode()


def test_delete_personal_of_a_person_blanks_every_mention(accounts: dict[str, Any]) -> None:
    user = accounts["b"]
    user.first_name, user.last_name, user.email = "Fatima", "Beispiel", "fatima@example.net"
    user.save()
    _history_for(accounts["org_a"], accounts["a"])
    org_b = accounts["org_b"]
    org_b.email = "fatima@example.net"
    org_b.save()
    Invitation.objects.create(organisation=org_b, email="FATIMA@example.net", token_hash="x" * 64)
    GuestRequest.objects.create(kind="join", organisation_name="Y", contact_name="F", email="fatima@example.net")
    assert "fatima@example.net" in _dump().lower()
    listing = _cli("delete-personal", "--email", "fatima@example.net")
    assert "account 'mitglied-b'" in listing.output and "profile of 'beispielverein-habesha': email blanked" in (
        listing.output)  # fmt: skip
    assert "fatima@example.net" in _dump().lower()
    done = _cli("delete-personal", "--email", "fatima@example.net", "--yes")
    assert done.exit_code == 0, done.output
    dump = _dump()
    assert "fatima@example.net" not in dump.lower() and "Fatima Beispiel" not in dump
    assert Organisation.objects.filter(slug=ORG_B).exists()  # the organisation itself stays


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "beispielverein-syrie"], "unknown organisation 'beispielverein-syrie'; known IDs "
                                                     "include: beispielverein-syrien"),
        (["--email", "keine-adresse"], "'keine-adresse' is not an e-mail address"),
        ([], "give either --organisation ID or --email ADDRESS"),
        (["--organisation", ORG_A, "--email", "a@example.org"], "give either --organisation ID or --email ADDRESS"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["export-personal", "delete-personal"])
def test_personal_commands_explain_bad_arguments(loaded: None, command: str, args: list[str], message: str) -> None:
    result = _cli(command, *args)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


def test_purge_deletes_invitations_not_accepted_in_time(accounts: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    org = accounts["org_a"]
    old = Invitation.objects.create(organisation=org, email="alt@example.net", token_hash="a" * 64)
    Invitation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    Invitation.objects.create(organisation=org, email="neu@example.net", token_hash="b" * 64)
    accepted = Invitation.objects.create(organisation=org, email="ja@example.net", token_hash="c" * 64,
                                         accepted_at=timezone.now())  # fmt: skip
    result = _cli("purge")
    assert result.exit_code == 0, result.output
    assert "invitations not accepted in time: 1" in result.output
    assert "addresses of accepted invitations: 1" in result.output
    assert sorted(Invitation.objects.values_list("email", flat=True)) == ["", "neu@example.net"]
    accepted.refresh_from_db()
    assert accepted.email == ""
    assert "nothing to delete" in _cli("purge").output
