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


def test_an_over_long_name_stops_the_build_with_a_located_message(tmp_path: Path) -> None:
    extra = """  - id: too-long
    tradition: civic
    names: {de: "Ein Name der viel zu lang ist für jede Tageszelle auch in drei Zeilen bei kleinster Schrift
      Ein Name der viel zu lang ist für jede Tageszelle", en: Long}
    explanation: {de: Zu lang.}
    rule: fixed 9 jul
"""
    folder = data_folder(tmp_path, extra)
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(tmp_path / "o"),
                                       "--year", str(YEAR)])  # fmt: skip
    assert result.exit_code != 0
    assert "holidays.yaml:" in result.output and "too-long" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o" / str(YEAR) / f"kalender-{YEAR}-druck.pdf").exists()
