"""Organisation events in the feeds, read back by icalendar (+ recurring_ical_events), ical.js and libical.

What every parser must show for the edition year is taken from the organisations layer's own expansion
(`expand_event`, which is itself checked against recurring_ical_events and brute force in
test_organisations_model.py); the feeds must carry the same occurrences as a rule, exceptions and moved
occurrences, never as a list of single dates. The data is the shipped organisations.yaml plus
fixtures/feeds-organisation-extra.yaml with the cases a feed can get wrong.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from click.testing import CliRunner

from calendar_builder.build import build_feeds
from calendar_builder.cli import main
from calendar_builder.errors import CalendarError
from calendar_builder.feeds.organisations import event_uid, organisation_colour, organisation_groups
from calendar_builder.feeds.plan import UID_DOMAIN
from calendar_builder.organisations import (
    Contact,
    EventOccurrence,
    Organisation,
    OrganisationCatalogue,
    OrgEvent,
    expand_event,
    load_organisations,
)
from calendar_builder.settings import BuildClock, Settings
from tests.ics_parsers import ical_js, libical
from tests.organisations_support import data_folder
from tests.test_ics_feeds import EPOCH_1, EPOCH_2, YEAR, build

BERLIN = ZoneInfo("Europe/Berlin")
FIRST, LAST = date(YEAR, 1, 1), date(YEAR, 12, 31)
EXTRA = Path(__file__).parent / "fixtures" / "feeds-organisation-extra.yaml"
TEST_ORG = "testverein-feeds"

#: (uid, local start, local end, location): "YYYY-MM-DD" for all-day (end exclusive), else "YYYY-MM-DDTHH:MM:SS"
Row = tuple[str, str, str, str]


def make_data(tmp_path: Path) -> Path:
    folder = data_folder(tmp_path, copy_shipped=True)
    with (folder / "organisations.yaml").open("a", encoding="utf-8") as stream:
        stream.write("\n" + EXTRA.read_text(encoding="utf-8"))
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, OrganisationCatalogue]:
    root = tmp_path_factory.mktemp("org-feeds")
    data = make_data(root)
    with pytest.MonkeyPatch.context() as monkeypatch:
        build(data, root / "out", EPOCH_1, monkeypatch)
    return root / "out" / str(YEAR) / "feeds", load_organisations(data / "organisations.yaml")


def org_feeds(built: tuple[Path, OrganisationCatalogue]) -> list[Path]:
    folder, catalogue = built
    return [folder / f"organisation-{o.id}.ics" for o in catalogue.organisations if o.events]


# --- what the feeds must show, from the organisations layer --------------------------------------------


def local(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M:%S")
    return value.isoformat()


def occurrence_span(occurrence: EventOccurrence) -> tuple[date | datetime, date | datetime]:
    """How an occurrence is meant to appear in a calendar app (see calendar_builder/feeds/organisations.py)."""
    if occurrence.time is None:
        return occurrence.start, occurrence.end + timedelta(days=1)
    start = datetime.combine(occurrence.start, occurrence.time, tzinfo=BERLIN)
    if occurrence.end_time is not None:
        return start, datetime.combine(occurrence.end, occurrence.end_time, tzinfo=BERLIN)
    if occurrence.end == occurrence.start:
        return start, start
    return start, datetime.combine(occurrence.end + timedelta(days=1), time(), tzinfo=BERLIN)


def expected_rows(events: tuple[OrgEvent, ...]) -> list[Row]:
    rows = []
    for event in events:
        for occurrence in expand_event(event, FIRST, LAST):
            start, end = occurrence_span(occurrence)
            rows.append((event_uid(event), local(start), local(end), occurrence.location))
    return sorted(rows)


def touches_year(start: str, end: str) -> bool:
    """Whether a (start, end) in local text touches the edition year, with the same day rules as expand_event."""
    first = date.fromisoformat(start[:10])
    if len(end) == 10:  # all-day, exclusive end
        last = date.fromisoformat(end) - timedelta(days=1)
    else:
        last = date.fromisoformat(end[:10])
        if end[11:] == "00:00:00" and end > start:
            last -= timedelta(days=1)
    return first <= LAST and last >= FIRST


def org_uid(uid: str) -> bool:
    return "." in uid.split("@")[0]


# --- the parsers --------------------------------------------------------------------------------------


def icalendar_rows(paths: list[Path]) -> list[Row]:
    """icalendar parses, recurring_ical_events expands (RRULE, EXDATE and RECURRENCE-ID applied)."""
    rows = []
    for path in paths:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        for component in recurring_ical_events.of(calendar).between(
            FIRST - timedelta(days=40), LAST + timedelta(days=40)
        ):
            uid = str(component["UID"])
            start, end = local(component.start), local(component.end)
            if org_uid(uid) and touches_year(start, end):
                rows.append((uid, start, end, str(component.get("LOCATION", ""))))
    return sorted(rows)


def ical_js_rows(parsed: list[dict[str, Any]]) -> list[Row]:
    rows = []
    for feed in parsed:
        for uid, occurrences in feed["occurrences"].items():
            if not org_uid(uid):
                continue
            for o in occurrences:
                start, end = o["start"]["text"], o["end"]["text"]
                if touches_year(start, end):
                    rows.append((uid, start, end, o["location"] or ""))
    return sorted(rows)


def test_every_organisation_with_events_has_a_feed_and_is_in_alle(built: tuple[Path, OrganisationCatalogue]) -> None:
    folder, catalogue = built
    names = {p.name for p in folder.glob("organisation-*.ics")}
    assert names == {p.name for p in org_feeds(built)}
    assert "organisation-auslaenderrat-migrationsrat.ics" not in names, "no events, no feed (RFC 5545 wants one)"
    everything = (folder / "alle.ics").read_bytes()
    for event in catalogue.events:
        assert f"UID:{event_uid(event)}".encode()[:60] in everything.replace(b"\r\n ", b"")
    page = (folder / "index.html").read_text(encoding="utf-8")
    for path in org_feeds(built):
        assert f'id="feed-{path.stem}"' in page
        assert f"/feeds/{path.name}" in page
    assert "Vereine und Organisationen" in page


def test_recurring_events_are_written_as_rules_not_lists(built: tuple[Path, OrganisationCatalogue]) -> None:
    folder, catalogue = built
    calendar = icalendar.Calendar.from_ical((folder / f"organisation-{TEST_ORG}.ics").read_bytes())
    components: dict[str, list[icalendar.Event]] = {}
    for component in calendar.walk("VEVENT"):
        components.setdefault(str(component["UID"]), []).append(component)
    organisation = catalogue.by_id(TEST_ORG)
    assert organisation is not None
    assert set(components) == {event_uid(e) for e in organisation.events}
    for event in organisation.events:
        found = components[event_uid(event)]
        assert len(found) == 1 + len(event.moved), event.id
        master = next(c for c in found if "RECURRENCE-ID" not in c)
        if event.rrule:
            assert master["RRULE"].to_ical().decode() == _ics_rule(event)
        else:
            assert "RRULE" not in master
        exdates = [d.dt for prop in _as_list(master.get("EXDATE")) for d in prop.dts]
        want = [datetime.combine(d, event.time, tzinfo=BERLIN) if event.time else d for d in event.exdates]
        assert exdates == want, event.id
        ids = sorted(c.decoded("RECURRENCE-ID") for c in found if "RECURRENCE-ID" in c)
        assert ids == sorted(datetime.combine(m.original, event.time, tzinfo=BERLIN) if event.time else m.original
                             for m in event.moved), event.id  # fmt: skip
        start = master.decoded("DTSTART")
        if event.time is None:
            assert not isinstance(start, datetime) and master["DTSTART"].params.get("VALUE") == "DATE"
        else:
            assert str(master["DTSTART"].params["TZID"]) == "Europe/Berlin"
            assert start == datetime.combine(event.start, event.time, tzinfo=BERLIN)
        assert str(master["SUMMARY"]) == f"{event.title_de} · {organisation.short_name}"
        assert [str(c) for c in master["CATEGORIES"].cats] == [organisation.name]
        assert str(master["TRANSP"]) == "TRANSPARENT"
    course = next(c for c in components[f"{TEST_ORG}.abendkurs@{UID_DOMAIN}"] if "RECURRENCE-ID" not in c)
    assert str(course["DESCRIPTION"]) == (
        "Kostenlos. Bitte anmelden; Plätze begrenzt 🎓\n\nar: دورة مسائية – مجاناً\n\n"
        "Veranstalter: Testverein für Feeds; Heidelberg, Rhein-Neckar\nfeeds@testverein.example.org"
    )
    assert course["RRULE"]["UNTIL"] == [datetime(2027, 11, 30, 22, 59, 59, tzinfo=UTC)], "inclusive last day, in UTC"


def _ics_rule(event: OrgEvent) -> str:
    from calendar_builder.organisations import rrule_for_ics

    return str(icalendar.vRecur.from_ical(rrule_for_ics(event)).to_ical().decode())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def test_icalendar_shows_every_occurrence_of_the_year_as_the_organisations_layer(
    built: tuple[Path, OrganisationCatalogue],
) -> None:
    folder, catalogue = built
    want = expected_rows(catalogue.events)
    assert icalendar_rows(org_feeds(built)) == want
    assert icalendar_rows([folder / "alle.ics"]) == want


def test_ical_js_shows_every_occurrence_of_the_year_as_the_organisations_layer(
    built: tuple[Path, OrganisationCatalogue],
) -> None:
    folder, catalogue = built
    want = expected_rows(catalogue.events)
    parsed = ical_js([*org_feeds(built), folder / "alle.ics"], until=f"{YEAR + 1}-02-01")
    assert ical_js_rows(parsed[:-1]) == want
    assert ical_js_rows(parsed[-1:]) == want
    course = [o for o in parsed[-1]["occurrences"][f"{TEST_ORG}.abendkurs@{UID_DOMAIN}"]]
    clocks = Counter(o["local"][11:16] for o in course)
    assert set(clocks) == {"19:30", "18:00"} and clocks["18:00"] == 1, clocks
    offsets = {datetime.fromisoformat(o["local"]).replace(tzinfo=UTC).timestamp() - o["start"]["unix"] for o in course}
    assert offsets == {3600, 7200}, "the weekly course really crosses both clock changes and keeps 19:30"
    days = {o["local"][:10] for o in course}
    assert "2027-04-06" not in days and "2027-10-26" not in days and "2027-03-23" not in days
    assert {"2027-10-28", "2027-03-24"} <= days


def libical_expected(events: tuple[OrgEvent, ...]) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """libical expands the rule and applies EXDATE but leaves moved occurrences at their slot (clients merge
    the RECURRENCE-ID components). So: (uid, slot start, slot end) of every slot that starts in the year, and
    (uid, recurrence id, new start) of every moved occurrence that starts in the year."""
    slots, moved = [], []
    wide_first, wide_last = FIRST - timedelta(days=60), LAST + timedelta(days=60)
    for event in events:
        for occurrence in expand_event(event, wide_first, wide_last):
            slot = occurrence
            if occurrence.moved_from is not None:
                start, _ = occurrence_span(occurrence)
                if local(start)[:4] == str(YEAR):
                    rid = f"{occurrence.moved_from:%Y%m%d}" + (f"T{event.time:%H%M%S}" if event.time else "")
                    moved.append((event_uid(event), rid, local(start)))
                original = occurrence.moved_from
                slot = EventOccurrence(event, original, original + (event.end - event.start), event.time,
                                       event.end_time, event.location)  # fmt: skip
            start, end = occurrence_span(slot)
            if local(start)[:4] == str(YEAR):
                slots.append((event_uid(event), local(start), local(end) if event.time else ""))
    return sorted(slots), sorted(moved)


def _unix_local(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, BERLIN).strftime("%Y-%m-%dT%H:%M:%S")


def test_libical_shows_every_slot_and_moved_occurrence(built: tuple[Path, OrganisationCatalogue]) -> None:
    folder, catalogue = built
    parsed = libical([*org_feeds(built), folder / "alle.ics"], until=f"{YEAR + 1}-03-01")
    want_slots, want_moved = libical_expected(catalogue.events)
    for feeds in (parsed[:-1], parsed[-1:]):
        slots, moved = [], []
        for feed in feeds:
            assert feed["errors"] == [], feed["file"]
            timed = {e["uid"] for e in feed["events"] if not e["start"]["isDate"]}
            if timed:
                assert feed["timezones"] == 1
            for uid, spans in feed["occurrences"].items():
                if not org_uid(uid):
                    continue
                for start, end in spans:
                    if uid in timed:
                        slots.append((uid, _unix_local(start), _unix_local(end)))
                    else:  # libical gives an all-day slot as midnight UTC of its day
                        slots.append((uid, datetime.fromtimestamp(start, UTC).date().isoformat(), ""))
            for e in feed["events"]:
                if e["recurrenceId"] and org_uid(e["uid"]):
                    new = _unix_local(e["start"]["unix"]) if not e["start"]["isDate"] else e["start"]["text"]
                    if not e["start"]["isDate"]:
                        moved.append((e["uid"], e["recurrenceId"]["text"], new))
                    else:
                        moved.append((e["uid"], e["recurrenceId"]["text"], date.fromisoformat(
                            f"{new[:4]}-{new[4:6]}-{new[6:8]}").isoformat()))  # fmt: skip
        assert sorted(s for s in slots if s[1][:4] == str(YEAR)) == want_slots
        assert sorted(m for m in moved if m[2][:4] == str(YEAR)) == want_moved


def test_no_uid_appears_twice_in_a_feed(built: tuple[Path, OrganisationCatalogue]) -> None:
    folder, _ = built
    for path in folder.glob("*.ics"):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        keys = [(str(c["UID"]), str(c.get("RECURRENCE-ID", "").to_ical() if "RECURRENCE-ID" in c else ""))
                for c in calendar.walk("VEVENT")]  # fmt: skip
        assert len(keys) == len(set(keys)), path.name
        masters = [uid for uid, rid in keys if not rid]
        assert len(masters) == len(set(masters)), path.name


def vevents(data: bytes) -> dict[str, bytes]:
    blocks: dict[str, bytes] = {}
    for block in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, flags=re.S):
        uid = re.search(rb"\r\nUID:(.*?)\r\n(?! )", block.replace(b"\r\n ", b""))
        assert uid is not None
        key = uid.group(1).decode()
        blocks[key] = blocks.get(key, b"") + block
    return blocks


def test_a_rebuild_is_byte_identical_and_a_changed_event_gets_a_higher_sequence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_data(tmp_path)
    first = build(data, tmp_path / "out1", EPOCH_1, monkeypatch)
    again = build(data, tmp_path / "out1b", EPOCH_1 + 3600, monkeypatch)
    assert again == first, "a rebuild without changes must not change a byte"

    path = data / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("title: Lesung\n") == 1
    path.write_text(text.replace("title: Lesung\n", "title: Lesung mit Musik\n"), encoding="utf-8")
    second = build(data, tmp_path / "out2", EPOCH_2, monkeypatch)

    changed = f"{TEST_ORG}.lesung@{UID_DOMAIN}"
    assert sorted(first) == sorted(second)
    seen_change = 0
    for name in first:
        before, after = vevents(first[name]), vevents(second[name])
        assert set(before) == set(after), name
        if changed not in before:
            assert first[name] == second[name], f"{name} changed although none of its entries did"
            continue
        seen_change += 1
        for uid in before:
            if uid == changed:
                assert b"\r\nSEQUENCE:0\r\n" in before[uid] and b"\r\nSEQUENCE:1\r\n" in after[uid]
                assert b"\r\nLAST-MODIFIED:20260202T024000Z\r\n" in after[uid]
                assert b"Lesung mit Musik" in after[uid]
            else:
                assert before[uid] == after[uid], f"{uid} in {name} changed although its entry did not"
    assert seen_change == 2, "the changed event is in its organisation's feed and in alle.ics"
    third = build(data, tmp_path / "out3", EPOCH_2 + 86400, monkeypatch)
    assert third == second


# --- the adapter on its own ----------------------------------------------------------------------------


def _org(org_id: str, *events: OrgEvent) -> Organisation:
    return Organisation(id=org_id, name=f"Verein {org_id}", short_name=org_id[:18], description=(("de", "x"),),
                        languages=("de",), contact=Contact(), events=events)  # fmt: skip


def _event(org_id: str, event_id: str, day: date) -> OrgEvent:
    return OrgEvent(id=event_id, organisation=org_id, title=(("de", event_id),), start=day, end=day,
                    file="organisations.yaml", line=7)  # fmt: skip


def test_uids_and_colours_do_not_depend_on_other_organisations() -> None:
    one = organisation_groups(OrganisationCatalogue((_org("b", _event("b", "fest", date(2027, 5, 1))),)), "https://x/")
    two = organisation_groups(
        OrganisationCatalogue(
            (_org("a", _event("a", "fest", date(2027, 5, 1))), _org("b", _event("b", "fest", date(2027, 5, 1))))
        ),
        "https://x/",
    )
    assert one[0].items == two[1].items
    assert one[0].items[0].uid == f"b.fest@{UID_DOMAIN}" != two[0].items[0].uid
    assert one[0].colour == two[1].colour == organisation_colour("b")


def test_two_events_with_one_id_are_refused_with_both_places() -> None:
    org = _org("a", _event("a", "fest", date(2027, 5, 1)), _event("a", "fest", date(2027, 6, 1)))
    with pytest.raises(CalendarError) as caught:
        organisation_groups(OrganisationCatalogue((org,)), "https://x/")
    assert "organisations.yaml:7" in caught.value.message and "'a/fest'" in caught.value.message


def test_an_organisation_feed_too_large_for_google_is_reported_with_how_to_split(tmp_path: Path) -> None:
    events = [_event("gross", f"termin-{n}", date(2027, 1, 1) + timedelta(days=n % 365)) for n in range(1001)]
    groups = organisation_groups(OrganisationCatalogue((_org("gross", *events),)), "https://x/")
    folder = data_folder(tmp_path)
    lines: list[str] = []
    settings = Settings(data_dir=folder, out_dir=tmp_path / "out", year=YEAR,
                        clock=BuildClock.at(datetime(2026, 6, 1, tzinfo=UTC)))  # fmt: skip
    build_feeds(settings, echo=lines.append, organisations=groups)
    warning = next(line for line in lines if "organisation-gross.ics holds 1001 events" in line)
    assert "To split it:" in warning and "organisation ids" in warning
    assert (tmp_path / "out" / str(YEAR) / "feeds" / "organisation-gross.ics").is_file()


def test_build_writes_the_organisation_feeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = data_folder(tmp_path, copy_shipped=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH_1))
    args = ["build", "--year", str(YEAR), "--data", str(data), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    feeds = tmp_path / "out" / str(YEAR) / "feeds"
    catalogue = load_organisations(data / "organisations.yaml")
    for organisation in catalogue.organisations:
        assert (feeds / f"organisation-{organisation.id}.ics").is_file() == bool(organisation.events)
    shutil.rmtree(tmp_path / "out")


def test_no_event_ends_where_it_starts(built: tuple[Path, OrganisationCatalogue]) -> None:
    """RFC 5545 §3.6.1: DTEND must be later than DTSTART. An event with a start time and no end time has no
    DTEND (it then ends at its start), in every feed, as ical.js and libical read it."""
    folder, catalogue = built
    open_ended = {event_uid(e) for e in catalogue.events if e.time and not e.end_time and e.days == 1}
    assert open_ended, "the data must include timed events without an end time"
    feeds = [*org_feeds(built), folder / "alle.ics"]
    seen = set()
    for feed in ical_js(feeds, until=f"{YEAR + 1}-02-01"):
        for event in feed["events"]:
            if event["end"] is None:
                seen.add(event["uid"])
                continue
            if event["start"]["isDate"]:
                assert event["end"]["text"] > event["start"]["text"], event
            else:
                assert event["end"]["unix"] > event["start"]["unix"], event
    assert open_ended <= seen
    for feed in libical(feeds, until=f"{YEAR + 1}-02-01"):
        assert feed["errors"] == [], feed["file"]
