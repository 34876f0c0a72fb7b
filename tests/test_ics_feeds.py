"""The festival feeds, read back by icalendar, ical.js and libical, and their stability across rebuilds."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ImageColor

from calendar_builder.cli import main
from calendar_builder.core.expand import expand
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import DateSource, Decision, Occurrence
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.feeds.plan import UID_DOMAIN, FeedGroup, FeedItem, FeedPlan, festival_description
from calendar_builder.feeds.state import FeedState
from calendar_builder.render.ics import clean_text, render_plan
from tests.ics_parsers import ical_js, libical, unescape_text

FIXTURE = Path(__file__).parent / "fixtures" / "feeds-holidays.yaml"
YEAR = 2027
FEED_YEARS = range(YEAR - 1, YEAR + 3)
EPOCH_1 = 1767225600  # 2026-01-01T00:00:00Z
EPOCH_2 = 1770000000  # 2026-02-02T02:40:00Z
CSS3_NAMES = set(ImageColor.colormap) - {"rebeccapurple"}
RAW_TEXT = ("name", "x-wr-calname", "description", "x-wr-caldesc")


def build(data: Path, out: Path, epoch: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = CliRunner().invoke(main, ["ics", "--year", str(YEAR), "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / str(YEAR) / "feeds"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.ics"))}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("feeds")
    (root / "data").mkdir()
    shutil.copy(FIXTURE, root / "data" / "holidays.yaml")
    with pytest.MonkeyPatch.context() as monkeypatch:
        files = build(root / "data", root / "out", EPOCH_1, monkeypatch)
    return root / "out" / str(YEAR) / "feeds", files


@pytest.fixture(scope="module")
def expected() -> dict[str, Occurrence]:
    """UID -> occurrence, computed from the rule engine and the UID scheme written out independently."""
    catalogue = load_catalogue(FIXTURE)
    occurrences = expand(catalogue.festivals, FEED_YEARS, ExpandOptions()).occurrences
    by_year: dict[tuple[str, int], list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        by_year[(occurrence.festival.id, occurrence.start.year)].append(occurrence)
    result = {}
    for (festival_id, year), items in by_year.items():
        for index, occurrence in enumerate(sorted(items, key=lambda o: o.start)):
            suffix = f"-{index + 1}" if index else ""
            result[f"{festival_id}-{year}{suffix}@{UID_DOMAIN}"] = occurrence
    return result


def expected_for(feed: str, expected: dict[str, Occurrence]) -> dict[str, Occurrence]:
    if feed == "alle.ics":
        return expected
    tradition = feed.removeprefix("tradition-").removesuffix(".ics")
    return {uid: o for uid, o in expected.items() if o.festival.tradition == tradition}


def vevents(data: bytes) -> dict[str, bytes]:
    """UID -> the raw bytes of its VEVENT block(s)."""
    blocks: dict[str, bytes] = defaultdict(bytes)
    for block in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, flags=re.S):
        uid = re.search(rb"\r\nUID:(.*?)\r\n", block)
        assert uid is not None
        blocks[uid.group(1).decode()] += block
    return dict(blocks)


def test_the_feeds_are_alle_and_one_per_tradition_with_festivals(built: tuple[Path, dict[str, bytes]]) -> None:
    folder, files = built
    assert sorted(files) == [
        "alle.ics", "tradition-chinese.ics", "tradition-christian-orthodox.ics",
        "tradition-christian-western.ics", "tradition-ethiopian.ics", "tradition-jewish.ics",
        "tradition-testing.ics",
    ]  # fmt: skip
    assert (folder / "index.html").exists()


def test_every_feed_is_well_formed_at_the_byte_level(built: tuple[Path, dict[str, bytes]]) -> None:
    for name, data in built[1].items():
        assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), name
        assert data.endswith(b"END:VCALENDAR\r\n"), name
        assert b"\n" not in data.replace(b"\r\n", b""), f"{name}: bare line feed"
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, f"{name}: line longer than 75 octets: {line!r}"
            line.decode("utf-8")  # folding never splits a UTF-8 sequence
        assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in data
        assert b"X-PUBLISHED-TTL:P1D\r\n" in data
        assert b"METHOD:" not in data
        assert b"VTIMEZONE" not in data, "festival feeds are all-day only and need no time zone"


def test_an_entry_has_the_same_uid_and_bytes_in_every_feed(built: tuple[Path, dict[str, bytes]]) -> None:
    files = built[1]
    everything = vevents(files["alle.ics"])
    for name, data in files.items():
        for uid, block in vevents(data).items():
            assert everything[uid] == block, f"{uid} differs between alle.ics and {name}"


@pytest.mark.parametrize("parser", ["icalendar", "ical.js", "libical"])
def test_every_festival_comes_back_as_intended(
    parser: str, built: tuple[Path, dict[str, bytes]], expected: dict[str, Occurrence]
) -> None:
    folder, files = built
    paths = [folder / name for name in files]
    parsed = {Path(d["file"]).name: d for d in _parse(parser, paths)}
    for name in files:
        want = expected_for(name, expected)
        events = {e["uid"]: e for e in parsed[name]["events"]}
        assert set(events) == set(want), name
        for uid, occurrence in want.items():
            event, festival = events[uid], occurrence.festival
            assert event["start"]["isDate"] and event["end"]["isDate"], uid
            assert _day(event["start"]["text"]) == occurrence.start, uid
            assert _day(event["end"]["text"]) == occurrence.end + timedelta(days=1), f"{uid}: end is exclusive"
            assert event["summary"].startswith(festival.name_de), uid
            assert event["description"] == festival_description(occurrence), uid
            assert event["categories"] == [_tradition_name(festival.tradition)], uid
            assert event["transp"] == "TRANSPARENT", uid
            assert event["sequence"] == 0
            assert event["rrule"] is None and event["recurrenceId"] is None
        header = parsed[name]["calendar"]
        # NAME and the X-WR-* names are TEXT, written escaped; some parsers hand some of them back raw
        # (ical.js: NAME, X-WR-*; libical 3.0: NAME and, via its string form, DESCRIPTION; icalendar:
        # X-WR-*), so compare unescaped.
        header = {k: unescape_text(v) if k in RAW_TEXT else v for k, v in header.items()}
        assert header["x-wr-calname"] == header["name"]
        assert header["x-wr-caldesc"] == header["description"]
        assert header["color"] in CSS3_NAMES
        assert header["refresh-interval"] == "P1D" and header["x-published-ttl"] == "P1D"
        if parser == "libical":
            assert parsed[name]["errors"] == [], f"libical inserted X-LIC-ERROR into {name}"


def test_names_with_commas_and_semicolons_are_escaped_in_the_calendar_header(
    built: tuple[Path, dict[str, bytes]],
) -> None:
    data = built[1]["tradition-testing.ics"]
    unfolded = data.replace(b"\r\n ", b"").decode()
    escaped = "Test\\, Tradition\\; mit Sonderzeichen · Interkultureller Kalender"
    assert f"\r\nX-WR-CALNAME:{escaped}\r\n" in unfolded
    assert f"\r\nNAME:{escaped}\r\n" in unfolded
    # icalendar (like ical.js) hands X-WR-CALNAME back raw; the escaping itself is what RFC 5545 asks for
    calendar = icalendar.Calendar.from_ical(data)
    name = "Test, Tradition; mit Sonderzeichen · Interkultureller Kalender"
    assert unescape_text(str(calendar["X-WR-CALNAME"])) == name


def test_a_feed_name_that_some_apps_would_show_with_backslashes_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURE, tmp_path / "data" / "holidays.yaml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH_1))
    args = ["ics", "--year", str(YEAR), "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "warning: tradition-testing.ics: the calendar name contains" in result.output
    assert result.output.count("the calendar name contains") == 1


def test_summary_carries_the_original_script_name(built: tuple[Path, dict[str, bytes]]) -> None:
    calendar = icalendar.Calendar.from_ical(built[1]["tradition-jewish.ics"])
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries == {"Pessach · פסח", "Chanukka · חֲנֻכָּה", "Jom Kippur · יוֹם כִּפּוּר"}


def test_two_occurrences_in_one_year_get_distinct_stable_uids(built: tuple[Path, dict[str, bytes]]) -> None:
    uids = set(vevents(built[1]["tradition-testing.ics"]))
    assert {f"test-table-fest-2026@{UID_DOMAIN}", f"test-table-fest-2026-2@{UID_DOMAIN}"} <= uids


def test_caveats_are_in_the_description() -> None:
    catalogue = load_catalogue(FIXTURE)
    festival = next(f for f in catalogue.festivals if f.id == "yom-kippur")
    source = DateSource(Decision.RULE, "test")
    occurrence = Occurrence(festival, date(2027, 10, 11), date(2027, 10, 11), 1, source, False)
    text = festival_description(occurrence)
    assert "Beginnt am Vorabend (10.10.2027) bei Sonnenuntergang." in text
    assert "Kann um einen Tag abweichen." in text
    assert "Fastentag." in text
    assert "Gesetzlicher Feiertag" not in text
    holiday = replace(occurrence, public_holiday=True, uncertain_days=0)
    assert "Gesetzlicher Feiertag in Baden-Württemberg." in festival_description(holiday)
    assert "abweichen" not in festival_description(holiday)


def test_an_unrelated_change_leaves_every_other_entry_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, data / "holidays.yaml")
    first = build(data, tmp_path / "out1", EPOCH_1, monkeypatch)

    text = (data / "holidays.yaml").read_text(encoding="utf-8")
    text = text.replace('explanation: {de: "Nationalfeiertag."}', 'explanation: {de: "Nationalfeiertag seit 1990."}')
    text = text.replace("2027: 2027-06-01,", "2027: 2027-06-02,")  # a table date moves by one day
    (data / "holidays.yaml").write_text(text, encoding="utf-8")
    second = build(data, tmp_path / "out2", EPOCH_2, monkeypatch)

    changed = {f"german-unity-day-{y}@{UID_DOMAIN}" for y in FEED_YEARS} | {f"test-table-fest-2027@{UID_DOMAIN}"}
    assert sorted(first) == sorted(second)
    for name in first:
        before, after = vevents(first[name]), vevents(second[name])
        assert set(before) == set(after), f"{name}: UIDs changed"
        for uid in before:
            if uid in changed:
                assert before[uid] != after[uid]
                assert b"\r\nSEQUENCE:1\r\n" in after[uid] and b"\r\nSEQUENCE:0\r\n" in before[uid]
                assert b"\r\nLAST-MODIFIED:20260202T024000Z\r\n" in after[uid]
                assert b"\r\nDTSTAMP:20260202T024000Z\r\n" in after[uid]
            else:
                assert before[uid] == after[uid], f"{uid} in {name} changed although its entry did not"
    for name in ("tradition-jewish.ics", "tradition-chinese.ics", "tradition-ethiopian.ics"):
        assert first[name] == second[name]
    moved = icalendar.Calendar.from_ical(second["tradition-testing.ics"])
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in moved.walk("VEVENT")}
    assert starts[f"test-table-fest-2027@{UID_DOMAIN}"] == date(2027, 6, 2)

    third = build(data, tmp_path / "out3", EPOCH_2 + 86400, monkeypatch)
    assert third == second, "a rebuild without changes must not change a byte"


def test_state_file_is_deterministic_and_damage_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, data / "holidays.yaml")
    build(data, tmp_path / "out", EPOCH_1, monkeypatch)
    state_text = (data / "feed-state.json").read_text(encoding="utf-8")
    loaded = FeedState.load(data / "feed-state.json")
    assert loaded.to_json() == state_text
    assert not list(data.glob(".*.tmp")), "no temporary file is left behind"

    (data / "feed-state.json").write_text('{"format": 1, "entries": {"x": {"hash": 1}}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["ics", "--year", str(YEAR), "--data", str(data), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "feed state file is damaged" in result.output
    assert "Traceback" not in result.output


def test_a_feed_too_large_for_google_is_reported_with_how_to_split() -> None:
    items = tuple(
        FeedItem(uid=f"big-{n}@{UID_DOMAIN}", summary=f"Treffen {n}", start=date(2027, 1, 1) + timedelta(days=n),
                 end=date(2027, 1, 2) + timedelta(days=n))
        for n in range(1001)
    )  # fmt: skip
    group = FeedGroup("organisation-big", "Groß", "Big", "", "", "teal", "#008080", items, kind="organisation")
    plan = FeedPlan(YEAR, "https://example.org/feeds/", (group,))
    rendered = render_plan(plan, FeedState(), datetime(2026, 1, 1, tzinfo=UTC))
    assert len(rendered.warnings) == 1
    warning = rendered.warnings[0]
    assert "organisation-big.ics holds 1001 events" in warning and "To split it:" in warning
    assert "RRULE" in warning


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=200
).filter(lambda s: clean_text(s).strip() != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=TEXT, description=TEXT, location=TEXT, category=TEXT)
def test_any_text_survives_escaping_and_folding(summary: str, description: str, location: str, category: str) -> None:
    item = FeedItem(uid=f"text@{UID_DOMAIN}", summary=summary, start=date(2027, 5, 1), end=date(2027, 5, 2),
                    description=description, location=location, categories=(category,))  # fmt: skip
    group = FeedGroup("t", "T", "T", "", "", "teal", "#008080", (item,))
    data = render_plan(FeedPlan(YEAR, "https://example.org/", (group,)), FeedState(), datetime(2026, 1, 1, tzinfo=UTC))
    raw = data.files["t.ics"]
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == clean_text(summary)
    assert str(event["DESCRIPTION"]) == clean_text(description)
    assert str(event["LOCATION"]) == clean_text(location)
    assert [str(c) for c in event["CATEGORIES"].cats] == [clean_text(category)]


def _parse(parser: str, paths: list[Path]) -> list[dict]:  # type: ignore[type-arg]
    if parser == "ical.js":
        return ical_js(paths)
    if parser == "libical":
        return libical(paths)
    return [_icalendar_dump(p) for p in paths]


def _icalendar_dump(path: Path) -> dict:  # type: ignore[type-arg]
    calendar = icalendar.Calendar.from_ical(path.read_bytes())

    def when(event: icalendar.Event, key: str) -> dict | None:  # type: ignore[type-arg]
        if key not in event:
            return None
        value = event.decoded(key)
        is_date = not isinstance(value, datetime)
        return {"text": value.isoformat(), "isDate": is_date}

    events = [
        {
            "uid": str(e["UID"]),
            "summary": str(e["SUMMARY"]),
            "description": str(e.get("DESCRIPTION", "")),
            "categories": [str(c) for c in e["CATEGORIES"].cats] if "CATEGORIES" in e else [],
            "transp": str(e["TRANSP"]),
            "sequence": int(e["SEQUENCE"]),
            "start": when(e, "DTSTART"),
            "end": when(e, "DTEND"),
            "rrule": e.get("RRULE"),
            "recurrenceId": when(e, "RECURRENCE-ID"),
        }
        for e in calendar.walk("VEVENT")
    ]
    header = {k.lower(): v.to_ical().decode() if hasattr(v, "to_ical") else str(v) for k, v in calendar.items()}
    header["description"] = str(calendar["DESCRIPTION"])
    return {"file": str(path), "calendar": header, "events": events}


def _day(text: str) -> date:
    """A date from any of the parsers' spellings (2027-03-10, 20270310)."""
    digits = re.sub(r"\D", "", text)[:8]
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def _tradition_name(tradition_id: str) -> str:
    return {t.id: t.name_de for t in load_catalogue(FIXTURE).traditions}[tradition_id]


def test_build_writes_the_feeds_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").mkdir()
    # The print PDF refuses characters no shipped font has (the emoji this fixture carries for the feeds).
    printable = re.sub("[\U0001f000-\U0001faff\u200d\ufe0f]", "", FIXTURE.read_text(encoding="utf-8"))
    (tmp_path / "data" / "holidays.yaml").write_text(printable, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH_1))
    args = ["build", "--year", str(YEAR), "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / str(YEAR) / "feeds" / "alle.ics").is_file()
    assert (tmp_path / "out" / str(YEAR) / "feeds" / "index.html").is_file()
