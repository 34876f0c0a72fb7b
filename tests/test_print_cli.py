"""`build` writes the print PDF and says where."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from click.testing import CliRunner

from calendar_builder.cli import main
from tests.printkit import YEAR, data_folder


def test_build_writes_the_print_pdf(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(out), "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    pdf = out / str(YEAR) / f"kalender-{YEAR}-druck.pdf"
    assert f"wrote {pdf}" in result.output
    with pikepdf.open(pdf) as document:
        assert len(document.pages) == 14


#: a festival whose name fits no day cell, even alone in three lines at the smallest size
TOO_LONG = """  - id: too-long
    tradition: civic
    names: {de: "Ein Name der viel zu lang ist für jede Tageszelle auch in drei Zeilen bei kleinster Schrift
      Ein Name der viel zu lang ist für jede Tageszelle", en: Long}
    explanation: {de: Zu lang.}
    rule: fixed 9 jul
"""


def test_an_over_long_name_stops_the_build_with_a_located_message(tmp_path: Path) -> None:
    folder = data_folder(tmp_path, TOO_LONG)
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(tmp_path / "o"),
                                       "--year", str(YEAR)])  # fmt: skip
    assert result.exit_code != 0
    assert "holidays.yaml:" in result.output and "too-long" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o" / str(YEAR) / f"kalender-{YEAR}-druck.pdf").exists()


def test_check_lays_out_the_pages_so_it_refuses_what_build_would(tmp_path: Path) -> None:
    """A name that fits no day cell passes every per-field check, but not the layout: check must say so."""
    folder = data_folder(tmp_path, TOO_LONG)
    checked = CliRunner().invoke(main, ["check", "--data", str(folder), "--year", str(YEAR)])
    built = CliRunner().invoke(
        main, ["build", "--data", str(folder), "--out", str(tmp_path / "o"), "--year", str(YEAR)]
    )
    assert built.exit_code != 0
    assert checked.exit_code == 1, checked.output
    assert "cannot be laid out" in checked.output and "too-long" in checked.output
    assert "Traceback" not in checked.output


def test_check_says_when_there_is_no_organisations_file(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    result = CliRunner().invoke(main, ["check", "--data", str(folder), "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    assert f"note: {folder / 'organisations.yaml'} does not exist" in result.output
