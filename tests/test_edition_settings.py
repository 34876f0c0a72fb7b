"""data/edition.yaml: defaults without it, the shipped file equals the defaults, located errors."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from calendar_builder.edition.settings import EditionSettings, load_edition_settings
from calendar_builder.errors import DataError
from tests.printkit import ROOT


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    settings = load_edition_settings(tmp_path)
    assert settings.format == "a3-portrait" and settings.trim_mm == (297.0, 420.0)
    assert (settings.bleed_mm, settings.safe_mm, settings.binding_mm) == (3.0, 5.0, 20.0)
    assert settings.pdfx == "x-1a" and not settings.crop_marks


def test_shipped_file_states_the_defaults() -> None:
    shipped = load_edition_settings(ROOT / "data")
    # the proof's contact and deadline have no default (a proof needs real ones): the shipped ones are placeholders
    assert "PLATZHALTER" in shipped.proof_contact and shipped.proof_deadline is not None
    # the publishers' logos have no default either: the shipped ones are marked placeholders (a print gate)
    assert shipped.publisher_logos and all(logo.placeholder for logo in shipped.publisher_logos)
    assert replace(shipped, proof_contact="", proof_deadline=None, publisher_logos=()) == EditionSettings()
    assert shipped.icc_profile.is_file()


def test_errors_name_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "edition.yaml").write_text(
        "format: a2-poster\nbleed_mm: 40\nmonth_languages: [tr, xx-nonsense-code]\ncolour: red\n"
        "artwork: {13: missing.jpg}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_edition_settings(tmp_path)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "edition.yaml:1 [format]: error: unknown value 'a2-poster'; known: a3-portrait" in text
    assert "edition.yaml:2 [bleed_mm]" in text
    assert "edition.yaml:3 [month_languages]" in text
    assert "edition.yaml:4 [colour]: error: unknown setting" in text
    assert "[artwork.13]" in text


def test_other_format_and_profile(tmp_path: Path) -> None:
    (tmp_path / "icc").mkdir()
    shutil.copy(ROOT / "calendar_builder" / "profiles" / "ISOcoated_v2_300_bas.icc", tmp_path / "icc" / "other.icc")
    (tmp_path / "edition.yaml").write_text(
        "format: a3-landscape\nicc_profile: icc/other.icc\noutput_condition_identifier: FOGRA51\n", encoding="utf-8"
    )
    settings = load_edition_settings(tmp_path)
    assert settings.trim_mm == (420.0, 297.0)
    assert settings.icc_profile == tmp_path / "icc" / "other.icc"
    assert settings.output_condition_identifier == "FOGRA51"
