"""Imports land every event, time and recurrence on the dates an independent parser gives the source."""

from __future__ import annotations

import calendar
import csv
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from calendar_builder.cli import main
from calendar_builder.organisations import events_for_year, load_organisations
from calendar_builder.organisations.import_csv import parse_date, parse_time, sniff_delimiter
from tests.organisations_support import FIXTURES, data_folder, read_calendar, reference_occurrences, shown

YEAR = 2027
ORG = "beispielverein-kulturtreff-tr"


def _import(tmp_path: Path, command: str, fixture: str, *extra: str) -> tuple[Path, object]:
    folder = data_folder(tmp_path, copy_shipped=True)
    # the shipped file has hand-written events for this organisation; import into a fresh one
    result = CliRunner().invoke(
        main, [command, str(FIXTURES / fixture), "--organisation", ORG, "--data", str(folder), *extra]
    )
    return folder, result


def _imported(folder: Path, name: str = ORG) -> set[tuple[object, ...]]:
    catalogue = load_organisations(folder / "organisations.yaml")
    files = {str(folder / "events" / f"{name}.yaml")}
    expansion = events_for_year(catalogue, YEAR)
    return shown(o for o in expansion.occurrences if o.event.file in files)


@pytest.mark.parametrize("fixture", ["google-kulturtreff.ics", "outlook-frauentreff.ics"])
def test_ics_import_matches_the_source_expanded_by_recurring_ical_events(tmp_path: Path, fixture: str) -> None:
    folder, result = _import(tmp_path, "import-ics", fixture, "--year", str(YEAR))
    assert result.exit_code == 0, result.output
    expected = reference_occurrences(read_calendar(FIXTURES / fixture), YEAR)
    assert expected, "the fixture should have occurrences in the edition year"
    assert _imported(folder) == expected


def test_ics_import_keeps_rules_where_exact_and_explains_the_rest(tmp_path: Path) -> None:
    folder, result = _import(tmp_path, "import-ics", "outlook-frauentreff.ics", "--year", str(YEAR))
    assert result.exit_code == 0
    text = (folder / "events" / f"{ORG}.yaml").read_text(encoding="utf-8")
    # weekly in Berlin time, with its exceptions and the moved occurrence (RECURRENCE-ID) kept as a rule
    assert "rrule: FREQ=WEEKLY;UNTIL=20271220;BYDAY=MO" in text
    assert "from: 2027-10-04" in text
    assert "rrule: FREQ=MONTHLY;BYDAY=3TH" in text
    # a New York series whose Berlin time changes across the two daylight-saving dates is split up
    assert "Online-Treffen mit Partnerverein in New York': its rule does not give the same" in result.output
    assert "online-treffen-mit-partnerverein-in-new-20270313" in text


def test_google_import_handles_utc_cancelled_and_out_of_year_events(tmp_path: Path) -> None:
    folder, result = _import(tmp_path, "import-ics", "google-kulturtreff.ics", "--year", str(YEAR))
    assert result.exit_code == 0
    assert "'Jahresfeier 2025': no occurrence in 2027, not imported" in result.output
    assert "'Abgesagter Vortrag': cancelled in the source" in result.output
    occurrences = _imported(folder)
    # 16:30Z in June is 18:30 summer time in Heidelberg
    assert (date(2027, 6, 12), date(2027, 6, 12), "18:30", "22:00", "Beispielplatz", "Sommerkonzert im Freien") in (
        occurrences
    )
    assert not any(o[5] == "Abgesagter Vortrag" for o in occurrences)


def test_ics_import_reads_back_through_check(tmp_path: Path) -> None:
    folder, result = _import(tmp_path, "import-ics", "google-kulturtreff.ics", "--year", str(YEAR))
    assert result.exit_code == 0
    checked = CliRunner().invoke(main, ["check", "--data", str(folder), "--year", str(YEAR)])
    assert checked.exit_code == 0, checked.output


def test_import_refuses_to_overwrite_without_replace(tmp_path: Path) -> None:
    folder, first = _import(tmp_path, "import-ics", "google-kulturtreff.ics", "--year", str(YEAR))
    assert first.exit_code == 0
    again = CliRunner().invoke(
        main, ["import-ics", str(FIXTURES / "google-kulturtreff.ics"), "--organisation", ORG, "--data", str(folder)]
    )
    assert again.exit_code == 2
    assert "already exists" in again.output and "--replace" in again.output
    assert again.exception is None or isinstance(again.exception, SystemExit)


def test_import_names_an_unknown_organisation(tmp_path: Path) -> None:
    folder = data_folder(tmp_path, copy_shipped=True)
    result = CliRunner().invoke(
        main, ["import-csv", str(FIXTURES / "export-comma.csv"), "--organisation", "beispielverein-syrin",
               "--data", str(folder)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "unknown organisation 'beispielverein-syrin'" in result.output
    assert "did you mean 'beispielverein-syrien'?" in result.output
    assert not (folder / "events").exists()


def test_not_an_ics_file_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.ics"
    bad.write_text("Das ist kein Kalender\n", encoding="utf-8")
    folder = data_folder(tmp_path, copy_shipped=True)
    result = CliRunner().invoke(main, ["import-ics", str(bad), "--organisation", ORG, "--data", str(folder)])
    assert result.exit_code == 2
    assert "kaputt.ics: error: not an iCalendar file" in result.output
    assert "Traceback" not in result.output


# --- CSV ------------------------------------------------------------------------------------------------------

WEEKDAY = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonntag": 6}
NTH = {"1.": 1, "ersten": 1, "2.": 2, "3.": 3, "letzter": -1}


def _expected_days(row: dict[str, str]) -> list[date]:
    """The start days a row means, computed by brute force over the year (independent of the importer)."""
    start = _date(row["date"])
    repeat = row.get("repeat", "").strip().lower()
    until = _date(row["until"]) if row.get("until") else date(YEAR, 12, 31)
    except_days = {_date(x) for x in re.split(r"[,\s]+", row.get("except", "").strip()) if x}
    if not repeat:
        return [start]
    days = [start + timedelta(days=n) for n in range((date(YEAR, 12, 31) - start).days + 1)]
    if repeat == "wöchentlich":
        chosen = [d for d in days if d.weekday() == start.weekday()]
    elif repeat in ("alle 2 wochen", "14-tägig"):
        chosen = [d for d in days if (d - start).days % 14 == 0]
    elif match := (
        re.match(r"(?:monatlich am |jeden )(\S+) (\w+)", repeat) or re.match(r"(letzter) (\w+) im monat", repeat)
    ):
        nth, weekday = NTH[match[1]], WEEKDAY[match[2]]
        chosen = []
        for d in days:
            last_day = calendar.monthrange(d.year, d.month)[1]
            if d.weekday() == weekday and (
                (nth > 0 and (d.day - 1) // 7 + 1 == nth) or (nth == -1 and d.day > last_day - 7)
            ):
                chosen.append(d)
    elif repeat.startswith("freq=weekly;byday=tu;count="):
        count = int(repeat.rsplit("=", 1)[1])
        chosen = [d for d in days if d.weekday() == 1][:count]
    elif repeat.startswith("freq=weekly;byday=fr"):
        chosen = [d for d in days if d.weekday() == 4]
    else:
        raise AssertionError(f"test does not know {repeat!r}")
    return [d for d in chosen if d <= until and d not in except_days]


def _date(text: str) -> date:
    text = text.strip()
    if "-" in text:
        return date.fromisoformat(text)
    day, month, year = text.split(".")
    return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))


def _hhmm(text: str) -> str | None:
    text = text.strip().lower().replace(" uhr", "").replace(".", ":")
    if not text:
        return None
    hour, _, minute = text.partition(":")
    return f"{int(hour):02d}:{(minute or '00')[:2]}"


HEADERS = {"titel": "title", "title": "title", "datum": "date", "date": "date", "bis": "end", "end date": "end",
           "beginn": "time", "start time": "time", "ende": "end_time", "end time": "end_time", "ort": "location",
           "location": "location", "wiederholung": "repeat", "repeat": "repeat", "wiederholung bis": "until",
           "ausnahmen": "except"}  # fmt: skip


def _expected_csv(path: Path, encoding: str) -> set[tuple[object, ...]]:
    text = path.read_text(encoding=encoding)
    rows = list(csv.DictReader(text.splitlines(keepends=True), delimiter=sniff_delimiter(text.splitlines()[0])))
    expected: set[tuple[object, ...]] = set()
    for raw in rows:
        row = {HEADERS[k.strip().lower()]: v for k, v in raw.items() if k and k.strip().lower() in HEADERS}
        if not row.get("title", "").strip():
            continue
        length = (_date(row["end"]) - _date(row["date"])) if row.get("end") else timedelta(0)
        for day in _expected_days(row):
            expected.add((day, day + length, _hhmm(row.get("time", "")), _hhmm(row.get("end_time", "")),
                          row.get("location", "").strip(), row["title"].strip()))  # fmt: skip
    return expected


@pytest.mark.parametrize(
    ("fixture", "encoding"),
    [("excel-utf8-bom.csv", "utf-8-sig"), ("libreoffice-cp1252.csv", "cp1252"), ("export-comma.csv", "utf-8")],
)
def test_csv_import_lands_every_row_on_the_right_dates(tmp_path: Path, fixture: str, encoding: str) -> None:
    folder, result = _import(tmp_path, "import-csv", fixture)
    assert result.exit_code == 0, result.output
    assert _imported(folder) == _expected_csv(FIXTURES / fixture, encoding)


def test_windows_1252_umlauts_survive(tmp_path: Path) -> None:
    folder, result = _import(tmp_path, "import-csv", "libreoffice-cp1252.csv")
    assert "Windows-1252, semicolon-separated" in result.output
    text = (folder / "events" / f"{ORG}.yaml").read_text(encoding="utf-8")
    assert "Nähwerkstatt-Wochenende" in text and "Für Frauen aus Afghanistan und überall" in text
    assert "url: https://www.frauentreff.example.org" in text


def test_bad_csv_rows_are_all_reported_with_line_and_column(tmp_path: Path) -> None:
    folder, result = _import(tmp_path, "import-csv", "bad-rows.csv")
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = result.output
    expected = [
        "bad-rows.csv:2 [Datum (column B)]: error: '31.02.2027' is no day in the calendar",
        "bad-rows.csv:3 [Beginn (column D)]: error: expected a time like 19:30 or 19.30, not '25:00'",
        "bad-rows.csv:4 [Titel (column A)]: error: expected a title",
        "bad-rows.csv:5 [Datum (column B)]: error: 13.01.2027 (Mittwoch) is not a day of the repetition",
        "bad-rows.csv:6 [Wiederholung (column I)]: error: cannot read repetition 'jede zweite Woche irgendwie'",
        "bad-rows.csv:7 [Bis (column C)]: error: ends 08.05.2027 before it starts 10.05.2027",
        "bad-rows.csv:8 [Link (column H)]: error: expected a web address",
        "bad-rows.csv:9 [Ende (column E)]: error: ends 19:00 before it begins 20:00",
    ]
    for line in expected:
        assert line in out
    assert "8 problem(s) found; nothing was written." in out
    assert not (folder / "events").exists()


def test_unknown_csv_column_gets_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Titel;Datum;Beschreibng\nA;01.02.2027;x\n", encoding="utf-8")
    folder = data_folder(tmp_path, copy_shipped=True)
    result = CliRunner().invoke(main, ["import-csv", str(path), "--organisation", ORG, "--data", str(folder)])
    assert result.exit_code == 2
    assert "x.csv:1 [column C]: error: unknown column 'Beschreibng' (did you mean 'Beschreibung'?)" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [("24.12.2027", date(2027, 12, 24)), ("24.12.27", date(2027, 12, 24)), ("2027-12-24", date(2027, 12, 24)),
     ("1.2.2027", date(2027, 2, 1)), ("24.12.2027 00:00", date(2027, 12, 24))],
)  # fmt: skip
def test_dates_as_german_spreadsheets_write_them(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["19:30", "19.30", "19:30:00", "19:30 Uhr"])
def test_times_as_german_spreadsheets_write_them(text: str) -> None:
    assert f"{parse_time(text):%H:%M}" == "19:30"


@pytest.mark.parametrize(("command", "fixture"), [("import-ics", "google-kulturtreff.ics"),
                                                  ("import-csv", "excel-utf8-bom.csv")])  # fmt: skip
def test_imports_are_deterministic_and_can_be_previewed(tmp_path: Path, command: str, fixture: str) -> None:
    folder = data_folder(tmp_path, copy_shipped=True)
    args = [command, str(FIXTURES / fixture), "--organisation", ORG, "--data", str(folder), "--output", "-"]
    if command == "import-ics":
        args += ["--year", "2027"]
    runs = [CliRunner().invoke(main, args) for _ in range(2)]
    assert runs[0].exit_code == 0, runs[0].output
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stdout.splitlines()[3] == f"organisation: {ORG}"
    assert not (folder / "events").exists()


@pytest.mark.parametrize("command", ["import-ics", "import-csv"])
def test_an_import_of_a_device_is_refused_unread(tmp_path: Path, command: str) -> None:
    """/dev/zero never ends: the importer refuses it before reading, with the file named and exit code 2."""
    folder = data_folder(tmp_path, copy_shipped=True)
    source = tmp_path / "endless.ics"
    source.symlink_to("/dev/zero")
    year = ["--year", "2027"] if command == "import-ics" else []
    result = CliRunner().invoke(main, [command, str(source), "--organisation", ORG, *year, "--data", str(folder)])
    assert result.exit_code == 2, result.output
    assert f"{source}" in result.stderr and "is a pipe or a device, not a file" in result.stderr
