"""Timed and recurring entries (the shape organisation events take) through the feed writer and three parsers.

The items are built here as an organisation adapter would build them; what the parsers must read back is
computed independently with dateutil and zoneinfo (wall-clock recurrence in Europe/Berlin).
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import MONTHLY, SA, TH, TU, WEEKLY, rrule

from calendar_builder.build import build_feeds
from calendar_builder.errors import CalendarError
from calendar_builder.feeds.plan import UID_DOMAIN, FeedGroup, FeedItem, FeedOverride, FeedPlan
from calendar_builder.feeds.state import FeedState
from calendar_builder.render.ics import render_plan
from calendar_builder.settings import DEFAULT_FEEDS_BASE_URL, BuildClock, Settings
from tests.ics_parsers import ical_js, libical

BERLIN = ZoneInfo("Europe/Berlin")
FIXTURE = Path(__file__).parent / "fixtures" / "feeds-holidays.yaml"
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def uid(name: str) -> str:
    return f"test-verein-{name}@{UID_DOMAIN}"


# Deutschkurs: Thursdays 19:30–21:00 across the spring change (28 March 2027), until 6 May written as a plain
# date, 18 March cancelled, 8 April moved to Friday 9 April 20:00–21:30 in another room.
COURSE = FeedItem(
    uid=uid("deutschkurs"), summary="Deutschkurs, Stufe A1; offen für alle", start=berlin(2027, 3, 4, 19, 30),
    end=berlin(2027, 3, 4, 21, 0), location="Bergheimer Straße 69, 69115 Heidelberg",
    rrule="FREQ=WEEKLY;UNTIL=20270506",
    exdates=(berlin(2027, 3, 18, 19, 30),),
    overrides=(FeedOverride(recurrence_id=berlin(2027, 4, 8, 19, 30), start=berlin(2027, 4, 9, 20, 0),
                            end=berlin(2027, 4, 9, 21, 30), location="Raum 2"),),
    description="Kostenlos.\nBitte anmelden: kurs@example.org", categories=("Verein",), busy=True,
)  # fmt: skip
# Tuesdays 18:00 across the autumn change (31 October 2027), six times.
CHOIR = FeedItem(
    uid=uid("chor"), summary="Chorprobe 🎶", start=berlin(2027, 10, 19, 18, 0), end=berlin(2027, 10, 19, 19, 30),
    rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=6",
)  # fmt: skip
# First Saturday of the month, all day; August cancelled, May moved a week later.
MARKET = FeedItem(
    uid=uid("flohmarkt"), summary="Flohmarkt", start=date(2027, 1, 2), end=date(2027, 1, 3),
    rrule="FREQ=MONTHLY;BYDAY=1SA;COUNT=12", exdates=(date(2027, 8, 7),),
    overrides=(FeedOverride(recurrence_id=date(2027, 5, 1), start=date(2027, 5, 8), end=date(2027, 5, 9),
                            summary="Flohmarkt (verschoben)"),),
)  # fmt: skip
NEW_YEAR_PARTY = FeedItem(
    uid=uid("silvester-2027"), summary="Silvesterfeier", start=berlin(2027, 12, 31, 22, 0),
    end=berlin(2028, 1, 1, 1, 0),
)  # fmt: skip
FESTIVAL_WEEKEND = FeedItem(
    uid=uid("sommerfest-2027"), summary="Sommerfest", start=date(2027, 6, 11), end=date(2027, 6, 14),
)  # fmt: skip
WORKSHOP = FeedItem(  # over the night the clocks go back
    uid=uid("workshop-2027"), summary="Workshop", start=berlin(2027, 10, 30, 10, 0), end=berlin(2027, 10, 31, 18, 0),
)  # fmt: skip
ITEMS = (COURSE, CHOIR, MARKET, NEW_YEAR_PARTY, FESTIVAL_WEEKEND, WORKSHOP)


def expected_timed() -> dict[str, list[tuple[int, int, str]]]:
    """UID -> (UTC start, UTC end, local start) of every occurrence a client shows, from dateutil + zoneinfo."""
    course = [
        datetime(d.year, d.month, d.day, 19, 30, tzinfo=BERLIN)
        for d in rrule(WEEKLY, byweekday=TH, dtstart=datetime(2027, 3, 4), until=datetime(2027, 5, 6))
        if d.date() != date(2027, 3, 18)
    ]
    moved = (berlin(2027, 4, 9, 20), berlin(2027, 4, 9, 21, 30))
    course_rows = [(s, s + timedelta(minutes=90)) if s.date() != date(2027, 4, 8) else moved for s in course]
    choir = [
        datetime(d.year, d.month, d.day, 18, 0, tzinfo=BERLIN)
        for d in rrule(WEEKLY, byweekday=TU, count=6, dtstart=datetime(2027, 10, 19))
    ]
    rows = {
        COURSE.uid: course_rows,
        CHOIR.uid: [(s, s + timedelta(minutes=90)) for s in choir],
        NEW_YEAR_PARTY.uid: [(berlin(2027, 12, 31, 22), berlin(2028, 1, 1, 1))],
        WORKSHOP.uid: [(berlin(2027, 10, 30, 10), berlin(2027, 10, 31, 18))],
    }
    return {
        key: [(int(s.timestamp()), int(e.timestamp()), s.strftime("%Y-%m-%dT%H:%M:%S")) for s, e in value]
        for key, value in rows.items()
    }


def expected_all_day() -> dict[str, list[tuple[date, date]]]:
    market = [d.date() for d in rrule(MONTHLY, byweekday=SA(1), count=12, dtstart=datetime(2027, 1, 2))]
    market_rows = [
        (d, d + timedelta(days=1)) if d != date(2027, 5, 1) else (date(2027, 5, 8), date(2027, 5, 9))
        for d in market
        if d != date(2027, 8, 7)
    ]
    return {MARKET.uid: market_rows, FESTIVAL_WEEKEND.uid: [(date(2027, 6, 11), date(2027, 6, 14))]}


def test_expectations_cross_the_clock_changes() -> None:
    """Guard the test itself: the weekly events really straddle both daylight-saving changes."""
    offsets = {s - int(datetime.fromisoformat(local).replace(tzinfo=UTC).timestamp())
               for s, _, local in expected_timed()[COURSE.uid]}  # fmt: skip
    assert offsets == {-3600, -7200}
    offsets = {s - int(datetime.fromisoformat(local).replace(tzinfo=UTC).timestamp())
               for s, _, local in expected_timed()[CHOIR.uid]}  # fmt: skip
    assert offsets == {-3600, -7200}


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build with the festival fixture plus one organisation, as the orgs layer will plug in."""
    root = tmp_path_factory.mktemp("events")
    (root / "data").mkdir()
    shutil.copy(FIXTURE, root / "data" / "holidays.yaml")
    group = FeedGroup(
        slug="organisation-test-verein", name_de="Test-Verein Heidelberg", name_en="Test Association Heidelberg",
        description_de="Veranstaltungen des Test-Vereins.", description_en="Events of the test association.",
        colour="darkorange", colour_hex="#ff8c00", items=ITEMS, kind="organisation",
    )  # fmt: skip
    settings = Settings(data_dir=root / "data", out_dir=root / "out", year=2027, clock=BuildClock.at(NOW))
    build_feeds(settings, echo=lambda _: None, organisations=(group,))
    return root / "out" / "2027" / "feeds"


def test_organisation_feed_and_alle_hold_the_events_with_one_rule_based_timezone(feeds: Path) -> None:
    org = (feeds / "organisation-test-verein.ics").read_bytes()
    everything = (feeds / "alle.ics").read_bytes()
    for data in (org, everything):
        assert data.count(b"BEGIN:VTIMEZONE") == 1
        assert b"RDATE" not in data
        assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in data
        assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" in data
        assert b"DTSTART;TZID=Europe/Berlin:20270304T193000\r\n" in data
        assert b"RRULE:FREQ=WEEKLY;UNTIL=20270506T173000Z\r\n" in data, "a plain-date UNTIL becomes UTC"
        assert b"EXDATE;TZID=Europe/Berlin:20270318T193000\r\n" in data
        assert b"RECURRENCE-ID;TZID=Europe/Berlin:20270408T193000\r\n" in data
        assert b"RECURRENCE-ID;VALUE=DATE:20270501\r\n" in data
        assert b"EXDATE;VALUE=DATE:20270807\r\n" in data
    assert b"VTIMEZONE" not in (feeds / "tradition-jewish.ics").read_bytes()
    assert b"Deutschkurs" not in (feeds / "tradition-jewish.ics").read_bytes()
    assert b"Pessach" in everything


def test_the_vtimezone_agrees_with_the_tz_database_from_1996_to_2037(feeds: Path) -> None:
    calendar = icalendar.Calendar.from_ical((feeds / "alle.ics").read_bytes())
    zone = calendar.walk("VTIMEZONE")[0].to_tz()
    for year in range(1996, 2038):
        for month, day, hour in ((1, 15, 12), (3, 31, 3), (7, 1, 12), (10, 20, 12), (11, 2, 12)):
            moment = datetime(year, month, day, hour)
            assert moment.replace(tzinfo=zone).utcoffset() == moment.replace(tzinfo=BERLIN).utcoffset(), moment


def test_icalendar_reads_the_recurrence_as_written(feeds: Path) -> None:
    calendar = icalendar.Calendar.from_ical((feeds / "organisation-test-verein.ics").read_bytes())
    events = calendar.walk("VEVENT")
    by_uid: dict[str, list[icalendar.Event]] = {}
    for event in events:
        by_uid.setdefault(str(event["UID"]), []).append(event)
    assert set(by_uid) == {item.uid for item in ITEMS}
    course = by_uid[COURSE.uid]
    assert len(course) == 2
    master = next(e for e in course if "RECURRENCE-ID" not in e)
    moved = next(e for e in course if "RECURRENCE-ID" in e)
    assert master.decoded("DTSTART") == berlin(2027, 3, 4, 19, 30)
    assert str(master["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert master["RRULE"]["UNTIL"] == [datetime(2027, 5, 6, 17, 30, tzinfo=UTC)]
    assert str(master["TRANSP"]) == "OPAQUE"
    assert str(master["SUMMARY"]) == "Deutschkurs, Stufe A1; offen für alle"
    assert moved.decoded("RECURRENCE-ID") == berlin(2027, 4, 8, 19, 30)
    assert moved.decoded("DTSTART") == berlin(2027, 4, 9, 20, 0)
    assert str(moved["LOCATION"]) == "Raum 2" and str(moved["SUMMARY"]) == str(master["SUMMARY"])
    assert int(moved["SEQUENCE"]) == int(master["SEQUENCE"]) == 0
    assert moved.decoded("DTSTAMP") == master.decoded("DTSTAMP") == NOW


def test_ical_js_expands_every_occurrence_at_its_local_time(feeds: Path) -> None:
    [parsed] = ical_js([feeds / "organisation-test-verein.ics"], until="2029-01-01")
    occurrences = parsed["occurrences"]
    for key, rows in expected_timed().items():
        got = [(o["start"]["unix"], o["end"]["unix"], o["local"]) for o in occurrences[key]]
        assert got == rows, key
        assert all(o["start"]["tzid"] == "Europe/Berlin" for o in occurrences[key])
    for key, rows in expected_all_day().items():
        got = [(date.fromisoformat(o["start"]["text"]), date.fromisoformat(o["end"]["text"])) for o in occurrences[key]]
        assert got == rows, key
        assert all(o["start"]["isDate"] for o in occurrences[key])
    moved = next(o for o in occurrences[MARKET.uid] if o["start"]["text"] == "2027-05-08")
    assert moved["summary"] == "Flohmarkt (verschoben)"


def test_libical_expands_every_occurrence_at_its_local_time(feeds: Path) -> None:
    [parsed] = libical([feeds / "organisation-test-verein.ics"], until="2029-01-01")
    assert parsed["errors"] == []
    assert parsed["timezones"] == 1
    events = parsed["events"]
    overrides = {(e["uid"], e["recurrenceId"]["text"]): e for e in events if e["recurrenceId"]}
    # libical expands the rule and applies EXDATE; putting RECURRENCE-ID components in place is the client's
    # job, so the moved occurrence appears at its original slot here and as its own component.
    for key, rows in expected_timed().items():
        starts = [start for start, _ in parsed["occurrences"][key]]
        want = [s for s, _, _ in rows]
        if key == COURSE.uid:
            original, moved = int(berlin(2027, 4, 8, 19, 30).timestamp()), int(berlin(2027, 4, 9, 20).timestamp())
            want = sorted({*want, original} - {moved})
        assert starts == want, key
        spans = {s: e for s, e in parsed["occurrences"][key]}
        for start, end, _ in rows:
            if start in spans:
                assert spans[start] == end, key
    moved = overrides[(COURSE.uid, "20270408T193000")]
    assert moved["recurrenceId"]["tzid"] == "Europe/Berlin"
    assert moved["start"]["unix"] == int(berlin(2027, 4, 9, 20).timestamp())
    assert moved["location"] == "Raum 2"
    market = [datetime.fromtimestamp(s, UTC).date() for s, _ in parsed["occurrences"][MARKET.uid]]
    market_want = sorted({s for s, _ in expected_all_day()[MARKET.uid]} - {date(2027, 5, 8)} | {date(2027, 5, 1)})
    assert market == market_want
    assert overrides[(MARKET.uid, "20270501")]["start"]["text"] == "20270508"


def test_a_rebuild_keeps_the_events_bytes(tmp_path: Path, feeds: Path) -> None:
    group_file = (feeds / "organisation-test-verein.ics").read_bytes()
    state = FeedState.load(feeds.parent.parent.parent / "data" / "feed-state.json")
    group = FeedGroup("organisation-test-verein", "Test-Verein Heidelberg", "Test Association Heidelberg",
                      "Veranstaltungen des Test-Vereins.", "Events of the test association.", "darkorange", "#ff8c00",
                      ITEMS, kind="organisation")  # fmt: skip
    plan = FeedPlan(2027, DEFAULT_FEEDS_BASE_URL, (group,))
    again = render_plan(plan, state, NOW + timedelta(days=30)).files["organisation-test-verein.ics"]
    assert again == group_file


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"exdates": (berlin(2027, 3, 19, 19, 30),)}, "is not one the rule"),
        ({"overrides": (FeedOverride(berlin(2027, 3, 5, 19, 30), berlin(2027, 3, 6, 19), berlin(2027, 3, 6, 20)),)},
         "is not one the rule"),
        ({"rrule": "FREQ=SOMETIMES"}, "is not valid"),
        ({"rrule": "weekly please"}, "is not of the form"),
        ({"start": datetime(2027, 3, 4, 19, 30), "end": datetime(2027, 3, 4, 21)}, "floating times"),
        ({"end": berlin(2027, 3, 4, 18)}, "end lies before the start"),
        ({"start": date(2027, 3, 4)}, "both be dates"),
        ({"rrule": "", "exdates": (berlin(2027, 3, 11, 19, 30),), "overrides": ()}, "need a recurrence rule"),
    ],
)  # fmt: skip
def test_bad_entries_are_refused_with_the_entry_named(change: dict, message: str) -> None:  # type: ignore[type-arg]
    fields = {**COURSE.__dict__, **change}
    with pytest.raises(CalendarError) as caught:
        item = FeedItem(**fields)
        group = FeedGroup("g", "G", "G", "", "", "teal", "#008080", (item,), kind="organisation")
        render_plan(FeedPlan(2027, "https://example.org/", (group,)), FeedState(), NOW)
    assert message in caught.value.message
    assert COURSE.uid in caught.value.message


def test_an_organisation_without_events_gets_no_feed_but_a_notice(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURE, tmp_path / "data" / "holidays.yaml")
    empty = FeedGroup("organisation-leer", "Leer", "Empty", "", "", "teal", "#008080", (), kind="organisation")
    lines: list[str] = []
    settings = Settings(data_dir=tmp_path / "data", out_dir=tmp_path / "out", year=2027, clock=BuildClock.at(NOW))
    paths = build_feeds(settings, echo=lines.append, organisations=(empty,))
    assert not any(p.name == "organisation-leer.ics" for p in paths)
    assert "note: organisation-leer.ics not written: the organisation has no events" in lines
