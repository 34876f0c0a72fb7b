"""The agenda says what print, proof, feeds and `dates` say about a date: the night it is kept, the other
conventions with the communities that keep them, and provisional dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_builder.core.model import Occurrence
from calendar_builder.edition.model import Edition, make_edition
from calendar_builder.edition.variant_words import night_phrase_de, variant_phrase_de
from calendar_builder.render.agenda import render_agenda
from calendar_builder.settings import Settings
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def edition() -> Edition:
    return make_edition(Settings(data_dir=ROOT / "data", year=2027))


def _line(agenda: str, name: str, day: str) -> str:
    (line,) = [line for line in agenda.splitlines() if day in line and name in line]
    return line


def _festival_line(agenda: str, occurrence: Occurrence) -> str:
    festival = occurrence.festival
    original = f" ({festival.original_names[0][1]})" if festival.original_names else ""
    text = f"  {festival.name_de}{original}"
    day = f"{occurrence.start:%d.%m.%Y}"
    (line,) = [line for line in agenda.splitlines() if day in line and (line.endswith(text) or f"{text} [" in line)]
    return line


def test_every_variant_night_and_provisional_date_is_in_the_agenda(edition: Edition) -> None:
    agenda = render_agenda(edition)
    checked = 0
    for occurrence in edition.occurrences:
        line = _festival_line(agenda, occurrence)
        for variant in occurrence.variants:
            assert f"abweichend {variant_phrase_de(variant)}" in line
            checked += 1
        if occurrence.festival.night_before:
            assert night_phrase_de(occurrence) in line and "beginnt am Vorabend" not in line
            checked += 1
        assert ("vorläufig" in line) == occurrence.provisional
        checked += occurrence.provisional
    assert checked >= 15  # the shipped 2027 edition has variants, nights and provisional dates


def test_the_agenda_names_deepavali_berat_and_the_ikw_as_readers_need_them(edition: Edition) -> None:
    agenda = render_agenda(edition)
    assert "in tamilischen und südindischen Gemeinden am 28.10." in _line(agenda, "Diwali", "29.10.2027")
    assert "Nacht zum 23.1." in _line(agenda, "Berat", "22.01.2027")
    assert "vorläufig" in _line(agenda, "Interkulturelle Woche", "2027")


def test_a_data_folder_without_variants_keeps_its_agenda_plain(tmp_path: Path) -> None:
    from tests.printkit import data_folder

    folder = data_folder(tmp_path)
    agenda = render_agenda(make_edition(Settings(data_dir=folder, year=2026)))
    assert "abweichend" not in agenda and "Nacht zum" not in agenda
