"""The review list and the comparison between proof rounds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.build import load_edition
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.proof.review import (
    ReviewEntry,
    compare,
    festival_entries,
    last_proof_number,
    load_snapshot,
    proof_paths,
    snapshot_bytes,
)
from calendar_builder.settings import Settings
from tests.conftest import ROOT


def shipped_entries(year: int = 2027) -> list[ReviewEntry]:
    edition = load_edition(Settings(data_dir=ROOT / "data", year=year))
    return festival_entries(edition.occurrences, ExpandOptions())


def test_every_entry_has_source_and_the_islamic_caveats() -> None:
    entries = shipped_entries()
    assert all(e.source and "holidays.yaml:" in e.source for e in entries)
    eid = next(e for e in entries if e.key.startswith("festival:eid-al-fitr:2027"))
    assert "kann um einen Tag abweichen" in eid.caveats and "beginnt am Vorabend" in eid.caveats
    assert "Schawwal nach Diyanet-Kriterium" in eid.source
    diwali = next(e for e in entries if e.key.startswith("festival:diwali:2027"))
    assert any(c.startswith("Datum aus Tabelle, Quelle:") for c in diwali.caveats)
    easter_monday = next(e for e in entries if e.key.startswith("festival:easter-monday:2027"))
    assert easter_monday.source.startswith("Ostersonntag + 1 Tag")


def test_authorities_that_disagree_are_both_shown() -> None:
    entries = [e for year in range(2025, 2031) for e in shipped_entries(year) if e.key.startswith("festival:")]
    both = [e for e in entries if any(c.startswith("nach Umm al-Qura:") for c in e.caveats)]
    assert both, "some Islamic dates differ between Diyanet and Umm al-Qura in 2025–2030"
    assert all("Diyanet" in e.source for e in both)


def test_snapshot_round_trip_and_no_changes(tmp_path: Path) -> None:
    entries = shipped_entries()
    path = tmp_path / "snap.json"
    path.write_bytes(snapshot_bytes(entries))
    again = load_snapshot(path)
    assert sorted(again, key=lambda e: e.key) == sorted(entries, key=lambda e: e.key)
    assert compare(entries, again).empty
    assert snapshot_bytes(entries) == snapshot_bytes(reversed(entries))


entry_strategy = st.builds(
    ReviewEntry,
    key=st.sampled_from([f"festival:f{i}:2027:1" for i in range(12)]),
    kind=st.just("festival"),
    date=st.sampled_from(["2027-01-05", "2027-03-09", "2027-12-24"]),
    end=st.just("2027-12-31"),
    name=st.sampled_from(["A", "B"]),
    original_name=st.just(""),
    group=st.just("x"),
    source=st.just("s"),
    caveats=st.just(()),
)


@given(st.lists(entry_strategy, unique_by=lambda e: e.key), st.lists(entry_strategy, unique_by=lambda e: e.key))
def test_compare_accounts_for_every_key(old: list[ReviewEntry], new: list[ReviewEntry]) -> None:
    changes = compare(old, new)
    old_keys, new_keys = {e.key for e in old}, {e.key for e in new}
    assert {e.key for e in changes.added} == new_keys - old_keys
    assert {e.key for e in changes.removed} == old_keys - new_keys
    for before, after in changes.moved:
        assert before.key == after.key and before.date != after.date
    for before, after in changes.renamed:
        assert before.key == after.key and before.name != after.name
    same = {e.key for e in old} & {e.key for e in new}
    unchanged = same - {b.key for b, _ in changes.moved} - {b.key for b, _ in changes.renamed}
    by_key_old, by_key_new = {e.key: e for e in old}, {e.key: e for e in new}
    assert all((by_key_old[k].date, by_key_old[k].name) == (by_key_new[k].date, by_key_new[k].name) for k in unchanged)


def test_proof_numbering(tmp_path: Path) -> None:
    assert last_proof_number(tmp_path, 2027) == 0
    for number in (1, 2):
        proof_paths(tmp_path, 2027, number)[1].write_text("{}")
    assert last_proof_number(tmp_path, 2027) == 2
    assert proof_paths(tmp_path, 2027, 3)[0].name == "kalender-2027-korrektur-v3.pdf"
