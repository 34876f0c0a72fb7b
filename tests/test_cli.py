"""The command line as a user drives it: dates as JSON and table, build, refusal of uncovered years."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from dateutil.easter import easter

from calendar_builder.cli import main

FIELDS = {
    "id", "date", "end", "tradition", "name", "evening_before", "uncertain_days", "public_holiday", "source", "kind",
}  # fmt: skip


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_dates_json_has_the_documented_fields(small_data: Path) -> None:
    code, out, err = invoke("dates", "--data", str(small_data), "--from", "2026", "--to", "2027", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and all(FIELDS <= set(row) for row in rows)
    easters = [row for row in rows if row["id"] == "easter"]
    assert [row["date"] for row in easters] == [easter(2026).isoformat(), easter(2027).isoformat()]
    hanukkah = [row for row in rows if row["id"] == "hanukkah"]
    assert hanukkah[0]["end"] == "2026-12-12" and hanukkah[0]["evening_before"] is True
    assert all(row["kind"] == "festival" for row in rows)
    assert "diwali" not in err


def test_dates_warns_about_uncovered_years_and_lists_the_rest(small_data: Path) -> None:
    code, out, err = invoke("dates", "--data", str(small_data), "--from", "2025", "--to", "2029", "--json")
    assert code == 0
    assert "diwali" in err and "2025, 2028–2029" in err and "covers only 2026–2027" in err
    ids = {row["id"] for row in json.loads(out)}
    assert {"easter", "advent-1", "hanukkah", "diwali"} == ids


def test_dates_table_is_readable(small_data: Path) -> None:
    code, out, _ = invoke("dates", "--data", str(small_data), "--year", "2027")
    assert code == 0
    assert "So 28.03.2027" in out and "Ostersonntag" in out
    assert "Chanukka (Vorabend)" in out


def test_build_refuses_an_uncovered_year_unless_told(small_data: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, _, err = invoke("build", "--data", str(small_data), "--out", str(out_dir), "--year", "2028")
    assert code == 2
    assert "diwali" in err and "--leave-out-uncovered" in err
    assert not out_dir.exists()
    code, out, _ = invoke(
        "build", "--data", str(small_data), "--out", str(out_dir), "--year", "2028", "--leave-out-uncovered"
    )
    assert code == 0 and "wrote" in out


def test_every_command_explains_itself_with_an_example() -> None:
    for command in ("build", "dates", "check", "ics", "import-ics", "import-csv", "proof", "preflight"):
        code, out, _ = invoke(command, "--help")
        assert code == 0 and "Example" in out and "--data" in out, command


def test_an_output_folder_that_cannot_be_written_is_a_message(small_data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = invoke("build", "--data", str(small_data), "--out", str(blocker / "out"), "--year", "2027")
    assert code == 2
    assert err.splitlines()[-1].startswith("error: cannot use") and str(blocker) in err


def test_check_covers_edition_settings_and_printable_glyphs(tmp_path: Path) -> None:
    from tests.conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    holidays = data / "holidays.yaml"
    text = holidays.read_text(encoding="utf-8")
    holidays.write_text(text.replace('names: {de: "Purim",', 'names: {de: "Purim ལོ",', 1), encoding="utf-8")
    (data / "edition.yaml").write_text("format: a5\n", encoding="utf-8")
    code, _, err = invoke("check", "--data", str(data))
    assert code == 1
    assert "edition.yaml:1 [format]: error: unknown value 'a5'" in err
    (data / "edition.yaml").write_text("format: a4-portrait\n", encoding="utf-8")
    code, _, err = invoke("check", "--data", str(data))
    assert code == 1
    assert "[names.de]: error: entry 'purim': character U+0F63 TIBETAN LETTER LA" in err


def test_one_feeds_address_for_the_feeds_the_subscribe_page_and_the_back_page(tmp_path: Path) -> None:
    import subprocess

    from tests.conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    edition = data / "edition.yaml"
    edition.write_text(
        edition.read_text(encoding="utf-8").replace(
            'feeds_base_url: "https://interkultureller-kalender.heidelberg.de/feeds/"',
            'feeds_base_url: "https://example.org/kalender/feeds/"',
        ),
        encoding="utf-8",
    )
    code, _, err = invoke("build", "--data", str(data), "--out", str(tmp_path / "out"), "--year", "2027")
    assert code == 0, err
    feeds = tmp_path / "out" / "2027" / "feeds"
    assert "SOURCE;VALUE=URI:https://example.org/kalender/feeds/alle.ics" in (feeds / "alle.ics").read_text()
    assert "webcal://example.org/kalender/feeds/alle.ics" in (feeds / "index.html").read_text()
    pdf = tmp_path / "out" / "2027" / "kalender-2027-entwurf.pdf"  # the sample data is a draft
    back_page = subprocess.run(
        ["pdftotext", "-f", "14", "-l", "14", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "https://example.org/kalender/feeds/" in back_page.replace("\n", "")
