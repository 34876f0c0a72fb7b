"""The one spine: every output reads the edition's one merged list, and every command goes through the same checks.

These are the drifts the restructuring removed: the agenda left out the organisations' events, `proof` skipped
the glyph check `build` runs, and an invalid SOURCE_DATE_EPOCH was ignored in one place and replaced by "now"
in another.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from calendar_builder.build import load_edition
from calendar_builder.cli import main
from calendar_builder.core.model import Occurrence
from calendar_builder.edition.merge import entry_key
from calendar_builder.organisations import EventOccurrence
from calendar_builder.render.agenda import render_agenda
from calendar_builder.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
YEAR = 2027


@pytest.fixture(scope="module")
def shipped_edition():  # type: ignore[no-untyped-def]
    return load_edition(Settings(data_dir=DATA, year=YEAR))


def test_the_edition_holds_one_sorted_list_of_festivals_and_events(shipped_edition) -> None:  # type: ignore[no-untyped-def]
    entries = shipped_edition.entries
    assert any(isinstance(e, Occurrence) for e in entries) and any(isinstance(e, EventOccurrence) for e in entries)
    assert [entry_key(e) for e in entries] == sorted(entry_key(e) for e in entries)
    # the views the layout reads are the same list, filtered
    assert shipped_edition.occurrences == tuple(e for e in entries if isinstance(e, Occurrence))
    assert shipped_edition.events == tuple(e for e in entries if isinstance(e, EventOccurrence))


def test_the_agenda_lists_every_entry_including_the_organisations_events(shipped_edition) -> None:  # type: ignore[no-untyped-def]
    agenda = render_agenda(shipped_edition)
    lines = [line for line in agenda.splitlines() if line[:2] in ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")]
    assert len(lines) == len(shipped_edition.entries)
    names = {o.id: o.name for o in shipped_edition.organisations.organisations}
    for event in shipped_edition.events:
        expected = f"{event.start:%d.%m.%Y}"
        assert any(expected in line and event.event.title_de in line and names[event.organisation] in line
                   for line in lines), (event.event.id, event.start)  # fmt: skip
    for occurrence in shipped_edition.occurrences:
        assert any(occurrence.festival.name_de in line for line in lines), occurrence.festival.id


def test_proof_names_an_uncovered_character_with_file_line_entry_and_field(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    holidays = data / "holidays.yaml"
    text = holidays.read_text(encoding="utf-8")
    # Tibetan: no shipped font has it
    extra = """  - id: losar-test
    tradition: buddhist
    names: {de: Losar, en: Losar, bo: "ལོ་གསར་"}
    explanation: {de: Tibetisches Neujahr.}
    rule: fixed 9 feb
"""
    holidays.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    line = text.rstrip("\n").count("\n") + 2  # the line of "- id: losar-test"
    result = CliRunner().invoke(main, ["proof", "--data", str(data), "--out", str(tmp_path / "out"), "--year", "2027"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"holidays.yaml:{line} [names.bo]" in result.output
    assert "entry 'losar-test'" in result.output and "U+0F63 TIBETAN LETTER LA" in result.output
    assert not list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.parametrize("value", ["yesterday", "-1", "1e9", "99999999999999999999"])
@pytest.mark.parametrize("command", [["dates", "--year", "2027"], ["check"], ["build", "--year", "2027"]])
def test_an_invalid_source_date_epoch_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, command: list[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = CliRunner().invoke(main, [*command, "--data", str(DATA)] + (
        ["--out", str(tmp_path / "out")] if command[0] == "build" else []))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
