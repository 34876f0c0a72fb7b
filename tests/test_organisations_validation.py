"""Every bad input in organisations.yaml gives a located message and exit code 1 from `check`, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from calendar_builder.cli import main
from tests.organisations_support import ONE_ORG, data_folder


def check(folder: Path, *extra: str) -> Result:
    result = CliRunner().invoke(main, ["check", "--data", str(folder), "--year", "2027", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def line_of(text: str, marker: str, after: int = 0) -> int:
    """1-based line of the first `marker` at or after character `after`: where a message must point."""
    return text[: text.index(marker, after)].count("\n") + 1


def org_file(tmp_path: Path, text: str) -> tuple[Path, str]:
    folder = data_folder(tmp_path, text)
    return folder, str(folder / "organisations.yaml")


def test_the_minimal_file_is_valid(tmp_path: Path) -> None:
    folder, _ = org_file(tmp_path, ONE_ORG)
    result = check(folder)
    assert result.exit_code == 0, result.output
    assert "1 organisations with 1 events" in result.output


CASES = [
    # (what, replace this, with this, text on the line the message must name, expected message)
    ("unknown key with suggestion", "    languages: [de, ar]\n", "    languages: [de, ar]\n    feautured_month: 3\n",
     "feautured_month", "[feautured_month]: error: unknown key 'feautured_month' in organisation; allowed: id, name, "
     "short_name, description, languages, contact, logo, featured_month, sample, partner, events (did you mean "
     "'featured_month'?)"),
    ("unknown event key", "        title: Treff\n", "        titel: Treff\n", "titel:",
     "[titel]: error: unknown key 'titel' in event; allowed: id, title, date, end, time, end_time, location, "
     "description, url, rrule, exdates, moved, print_in_cells (did you mean 'title'?)"),
    ("impossible date", "date: 2027-01-07", "date: 2027-02-30", "date:",
     "error: impossible date '2027-02-30': no such day in the calendar"),
    ("german date", "date: 2027-01-07", "date: 07.01.2027", "date:",
     "[date]: error: event 'verein-a/treff': expected a date YYYY-MM-DD, not '07.01.2027' (write 2027-01-07)"),
    ("invalid rrule part", "BYDAY=TH", "BYDAY=TH;BYDAYS=FR", "rrule:",
     "[rrule]: error: event 'verein-a/treff': invalid RRULE 'FREQ=WEEKLY;BYDAY=TH;BYDAYS=FR': unknown RRULE part "
     "'BYDAYS' (did you mean BYDAY?)"),
    ("invalid rrule value", "BYDAY=TH", "BYDAY=XX", "rrule:",
     "[rrule]: error: event 'verein-a/treff': invalid RRULE 'FREQ=WEEKLY;BYDAY=XX': cannot read"),
    ("rrule not matching the date", "BYDAY=TH", "BYDAY=FR", "date:",
     "[date]: error: event 'verein-a/treff': date 2027-01-07 (Thursday) is not a day of rule FREQ=WEEKLY;BYDAY=FR; "
     "expected the first occurrence, e.g. 2027-01-08"),
    ("unquoted time", 'time: "19:00"', "time: 19:00", "time:",
     "[time]: error: event 'verein-a/treff': expected a time \"HH:MM\"; write it in quotes: time: \"19:00\""),
    ("malformed email", "info@verein-a.example.org", "info(at)verein-a.example.org", "email:",
     "[contact.email]: error: organisation 'verein-a': 'info(at)verein-a.example.org' is not an e-mail address"),
    ("malformed url", "https://verein-a.example.org", "www.verein-a.example.org", "website:",
     "[contact.website]: error: organisation 'verein-a': 'www.verein-a.example.org' is not a web address; expected "
     "https://…; did you mean 'https://www.verein-a.example.org'?"),
    ("missing logo", "    languages: [de, ar]\n", "    languages: [de, ar]\n    logo: logos/fehlt.png\n", "logo:",
     "[logo]: error: organisation 'verein-a': logo file"),
    ("logo leaves the data folder", "    languages: [de, ar]\n", "    languages: [de, ar]\n    logo: ../geheim.png\n",
     "logo:", "[logo]: error: organisation 'verein-a': logo path '../geheim.png' leaves the data folder"),
    ("absolute logo path", "    languages: [de, ar]\n", "    languages: [de, ar]\n    logo: /etc/passwd\n", "logo:",
     "[logo]: error: organisation 'verein-a': logo path '/etc/passwd' leaves the data folder"),
    ("duplicate event id", "        rrule: FREQ=WEEKLY;BYDAY=TH\n",
     "        rrule: FREQ=WEEKLY;BYDAY=TH\n      - id: treff\n        title: Noch ein Treff\n"
     "        date: 2027-03-01\n",
     "id: treff\n        title: Noch", "[id]: error: duplicate event id 'treff' in organisation 'verein-a', first used "
     "on line 10"),
    ("unknown language", "[de, ar]", "[de, arabisch]", "languages:",
     "[languages]: error: organisation 'verein-a': unknown language code 'arabisch'"),
    ("exdate not a rule day", "        rrule: FREQ=WEEKLY;BYDAY=TH\n",
     "        rrule: FREQ=WEEKLY;BYDAY=TH\n        exdates: [2027-03-05]\n", "exdates:",
     "[exdates]: error: event 'verein-a/treff': exdate 2027-03-05 (Friday) is not a day of rule"),
    ("featured month out of range", "    languages: [de, ar]\n", "    languages: [de, ar]\n    featured_month: 13\n",
     "featured_month:", "[featured_month]: error: organisation 'verein-a': expected a month 1 to 12, not 13"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "old", "new", "marker", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(tmp_path: Path, what: str, old: str, new: str, marker: str, message: str) -> None:
    assert old in ONE_ORG, what
    text = ONE_ORG.replace(old, new, 1)
    line = line_of(text, marker)
    folder, file = org_file(tmp_path, text)
    result = check(folder)
    assert result.exit_code == 1, result.output
    assert f"{file}:{line} [" in result.output or f"{file}:{line}: " in result.output
    assert message in result.output, result.output


def test_duplicate_organisation_ids(tmp_path: Path) -> None:
    twice = ONE_ORG + ONE_ORG.split("organisations:\n", 1)[1].split("    events:")[0]
    folder, file = org_file(tmp_path, twice)
    result = check(folder)
    assert result.exit_code == 1
    second = line_of(twice, "- id: verein-a", twice.index("- id: verein-a") + 1)
    assert f"{file}:{second} [id]: error: duplicate organisation id 'verein-a', first used on line 2" in result.output


def test_two_organisations_claiming_one_month_are_both_named(tmp_path: Path) -> None:
    second = ONE_ORG.split("organisations:\n", 1)[1].split("    events:")[0].replace("verein-a", "verein-b")
    text = ONE_ORG.replace("    languages:", "    featured_month: 5\n    languages:", 1) + second.replace(
        "    languages:", "    featured_month: 5\n    languages:"
    )
    folder, file = org_file(tmp_path, text)
    result = check(folder)
    assert result.exit_code == 1
    line = line_of(text, "- id: verein-b")
    assert (
        f"{file}:{line} [featured_month]: error: organisations 'verein-a' (line 2) and 'verein-b' both claim "
        "featured_month 5"
    ) in result.output


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = ONE_ORG.replace("info@", "info(at)").replace("https://verein", "verein").replace("BYDAY=TH", "BYDAY=XX")
    folder, _ = org_file(tmp_path, text)
    result = check(folder)
    assert result.exit_code == 1
    assert "3 error(s)" in result.output


def test_event_outside_the_edition_year_is_a_notice_not_an_error(tmp_path: Path) -> None:
    text = ONE_ORG + "      - id: alt\n        title: Altes Fest\n        date: 2026-05-01\n"
    folder, file = org_file(tmp_path, text)
    result = check(folder)
    assert result.exit_code == 0
    assert (
        f"{file}:{line_of(text, '- id: alt')}: notice: event 'verein-a/alt' (2026-05-01) has no occurrence in "
        "2027; left out of print, still exported to .ics"
    ) in result.output


def _logo(folder: Path, pixels: int) -> None:
    (folder / "logos").mkdir(exist_ok=True)
    Image.new("RGB", (pixels, pixels), "red").save(folder / "logos" / "a.png")


@pytest.mark.parametrize(
    ("pixels", "exit_code", "message"),
    [
        (600, 0, None),  # 610 ppi at 25 mm
        (296, 0, None),  # 300.7 ppi: just enough
        (200, 0, "warning: organisation 'verein-a': logo logos/a.png has only 203 ppi"),
        (120, 1, "error: organisation 'verein-a': logo logos/a.png has 122 ppi"),
    ],
)
def test_logo_resolution_at_printed_size(tmp_path: Path, pixels: int, exit_code: int, message: str | None) -> None:
    text = ONE_ORG.replace("    languages:", "    logo: logos/a.png\n    languages:")
    folder, file = org_file(tmp_path, text)
    _logo(folder, pixels)
    result = check(folder)
    assert result.exit_code == exit_code, result.output
    if message:
        assert f"{file}:{line_of(text, 'logo:')} [logo]: {message}" in result.output
    else:
        assert "[logo]" not in result.output


def test_a_broken_events_file_is_located(tmp_path: Path) -> None:
    folder, _ = org_file(tmp_path, ONE_ORG)
    (folder / "events").mkdir()
    path = folder / "events" / "verein-a.yaml"
    path.write_text("organisation: verein-x\nevents: []\n", encoding="utf-8")
    result = check(folder)
    assert result.exit_code == 1
    assert f"{path}:1 [organisation]: error: unknown organisation 'verein-x'" in result.output


def test_dates_refuses_broken_organisations_without_traceback(tmp_path: Path) -> None:
    folder, _ = org_file(tmp_path, ONE_ORG.replace("BYDAY=TH", "BYDAY=XX"))
    result = CliRunner().invoke(main, ["dates", "--data", str(folder), "--year", "2027"])
    assert result.exit_code == 2
    assert "invalid RRULE" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
