"""The review list's rows, their words, snapshots and the comparison between proof rounds."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.build import load_edition
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.proof.changes import DATES, FESTIVALS, NAMES, ORGANISATIONS, compare
from calendar_builder.proof.series_words import ADVERBS, series_in_words
from calendar_builder.proof.snapshots import Snapshot, SnapshotError, load_snapshot, snapshot_bytes
from calendar_builder.proof.things import FESTIVAL, ReviewThing, review_things
from calendar_builder.settings import Settings
from tests.conftest import ROOT


def shipped_things(year: int = 2027) -> tuple[ReviewThing, ...]:
    edition = load_edition(Settings(data_dir=ROOT / "data", year=year))
    return review_things(edition, ExpandOptions())


def test_festival_rows_say_their_rule_in_words_with_every_caveat() -> None:
    things = {t.key: t for t in shipped_things()}
    eid = things["festival:eid-al-fitr"]
    assert eid.rule == "1. Schawwal nach Diyanet-Kriterium"
    assert "beginnt am Vorabend" in eid.caveats and "vorläufig: berechnet, kann um einen Tag abweichen" in eid.caveats
    assert things["festival:diwali"].rule.startswith("veröffentlicht: ")  # the published list wins over the panchang
    assert "(" not in things["festival:diwali"].rule, "the council sees the table's name, not the editors' notes"
    assert things["festival:easter-monday"].rule == "Ostersonntag + 1 Tag"
    assert all(t.rule for t in things.values() if t.kind == FESTIVAL)
    assert all(t.file.endswith(("holidays.yaml", "organisations.yaml")) and t.line > 0 for t in things.values())


def test_authorities_that_disagree_are_both_shown() -> None:
    rows = [t for year in range(2025, 2031) for t in shipped_things(year) if t.kind == FESTIVAL]
    both = [t for t in rows if any(c.startswith("andere Gemeinden (Umm-al-Qura-Kalender): ") for c in t.caveats)]
    assert both, "some Islamic dates differ between Diyanet and Umm al-Qura in 2025–2030"
    assert all("Diyanet" in t.rule for t in both)


@pytest.mark.parametrize(
    ("rule", "start", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TH", date(2027, 1, 7), "jede Woche donnerstags"),
        (
            "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270722",
            date(2027, 1, 5),
            "jede Woche dienstags und donnerstags, bis 22.07.2027",
        ),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", date(2027, 1, 6), "alle zwei Wochen mittwochs"),
        ("FREQ=MONTHLY;BYDAY=-1FR", date(2027, 1, 29), "jeden letzten Freitag im Monat"),
        ("FREQ=MONTHLY;BYDAY=1SU;COUNT=10", date(2027, 1, 3), "jeden 1. Sonntag im Monat, 10 Mal ab 03.01.2027"),
        ("FREQ=MONTHLY", date(2027, 1, 15), "am 15. jedes Monats"),
        ("FREQ=YEARLY", date(2027, 3, 21), "jedes Jahr am 21. März"),
        ("FREQ=DAILY;INTERVAL=3", date(2027, 1, 1), "alle 3 Tage"),
        ("FREQ=WEEKLY", date(2027, 1, 4), "jede Woche montags"),
    ],
)
def test_series_rules_in_words(rule: str, start: date, words: str) -> None:
    assert series_in_words(rule, start) == words


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@given(st.sets(st.integers(0, 6), min_size=1), st.integers(1, 4), st.dates(date(2026, 1, 1), date(2028, 12, 31)))
def test_weekly_words_name_exactly_the_days_dateutil_gives(days: set[int], interval: int, start: date) -> None:
    """Checked against dateutil's own expansion: the weekdays named are the weekdays the rule produces."""
    codes = ",".join(WEEKDAY_CODES[d] for d in sorted(days))
    rule = f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={codes}"
    words = series_in_words(rule, start)
    from datetime import datetime

    produced = {d.weekday() for d in rrulestr(f"RRULE:{rule}", dtstart=datetime.combine(start, datetime.min.time()))
                .between(datetime.combine(start, datetime.min.time()),
                         datetime.combine(start + timedelta(weeks=interval * 3), datetime.min.time()))}  # fmt: skip
    assert {i for i, adverb in enumerate(ADVERBS) if adverb in words} == produced
    assert ("jede Woche" in words) == (interval == 1)


def _thing(key: str, name: str, group: str, days: list[date], kind: str = FESTIVAL) -> ReviewThing:
    return ReviewThing(key, kind, name, "", group, tuple((d, d) for d in sorted(days)), "Regel", ())


thing_strategy = st.builds(
    _thing,
    key=st.sampled_from([f"festival:f{i}" for i in range(8)] + [f"event:o{i % 2}:e{i}" for i in range(6)]),
    name=st.sampled_from(["A", "B"]),
    group=st.just("g"),
    days=st.lists(st.dates(date(2027, 1, 1), date(2027, 12, 31)), min_size=1, max_size=4, unique=True),
)


def _fix_kind(thing: ReviewThing) -> ReviewThing:
    from dataclasses import replace

    if thing.key.startswith("event:"):
        return replace(thing, kind="event", group=thing.key.split(":")[1])
    return thing


@given(st.lists(thing_strategy, unique_by=lambda t: t.key), st.lists(thing_strategy, unique_by=lambda t: t.key))
def test_compare_accounts_for_every_row_once_in_order(old: list[ReviewThing], new: list[ReviewThing]) -> None:
    old, new = [_fix_kind(t) for t in old], [_fix_kind(t) for t in new]
    orgs = {"o0": "Verein Null", "o1": "Verein Eins"}
    changes = compare(Snapshot(2027, 1, orgs, tuple(old)), Snapshot(2027, 2, orgs, tuple(new)), {"g": "Gruppe"})
    assert [c.section for c in changes.items] == sorted(c.section for c in changes.items)
    before, after = {t.key: t for t in old}, {t.key: t for t in new}
    festivals_changed = {k for k in before.keys() ^ after.keys() if k.startswith("festival:")}
    assert sum(1 for c in changes.items if c.section == FESTIVALS) == len(festivals_changed)
    events_changed = {k for k in before.keys() ^ after.keys() if k.startswith("event:")}
    assert sum(1 for c in changes.items if c.section == ORGANISATIONS) == len(events_changed)
    moved = {k for k in before.keys() & after.keys() if before[k].dates != after[k].dates}
    assert sum(1 for c in changes.items if c.section == DATES) == len(moved)
    renamed = {k for k in before.keys() & after.keys() if before[k].name != after[k].name}
    assert sum(1 for c in changes.items if c.section == NAMES) == len(renamed)
    expected_days = set()
    for k in before.keys() ^ after.keys():
        expected_days |= (before.get(k) or after[k]).days
    for k in moved:
        expected_days |= before[k].days ^ after[k].days
    assert expected_days <= changes.changed_days
    assert compare(Snapshot(2027, 1, orgs, tuple(new)), Snapshot(2027, 2, orgs, tuple(new)), {}).empty


@given(st.lists(thing_strategy, unique_by=lambda t: t.key))
def test_snapshot_round_trip_is_stable(things: list[ReviewThing]) -> None:
    snapshot = Snapshot(2027, 3, {"o0": "Verein „Null“", "o1": "Eins"}, tuple(_fix_kind(t) for t in things))
    data = snapshot_bytes(snapshot)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "korrektur-v3.json"
        path.write_bytes(data)
        again = load_snapshot(path)
    assert set(again.things) == set(snapshot.things) and dict(again.organisations) == snapshot.organisations
    assert snapshot_bytes(again) == data
    reordered = Snapshot(
        2027, 3, dict(reversed(list(snapshot.organisations.items()))), tuple(reversed(snapshot.things))
    )
    assert snapshot_bytes(reordered) == data


def test_shipped_snapshot_round_trip(tmp_path: Path) -> None:
    things = shipped_things()
    path = tmp_path / "korrektur-v1.json"
    path.write_bytes(snapshot_bytes(Snapshot(2027, 1, {}, things)))
    again = load_snapshot(path)
    assert set(again.things) == set(things)
    assert compare(again, Snapshot(2027, 2, {}, things), {}).empty


def test_a_snapshot_with_a_row_without_dates_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "korrektur-v1.json"
    path.write_text('{"format": 2, "year": 2027, "round": 1, "organisations": {}, "entries": [{"key": "festival:x", '
                    '"kind": "festival", "name": "X", "original_name": "", "group": "g", "dates": [], "rule": "", '
                    '"caveats": []}]}')  # fmt: skip
    with pytest.raises(SnapshotError, match=r"korrektur-v1.json: not a readable proof snapshot .*festival:x"):
        load_snapshot(path)
