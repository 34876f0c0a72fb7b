"""Proof rounds read back: the change list between rounds, the review list, snapshots, colours, marks, forms."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from calendar_builder.build import build_proof
from calendar_builder.cli import main
from calendar_builder.proof.changes import DATES, FESTIVALS, NAMES, ORGANISATIONS
from calendar_builder.proof.rounds import ProofRound, data_version
from calendar_builder.proof.snapshots import load_snapshot
from calendar_builder.render.proof_pdf import APPENDIX, PROOF_MARK, printable
from calendar_builder.settings import Settings
from tests.printkit import FIXTURE, YEAR

EDITION = """\
proof_contact: "Eine-Welt-Zentrum, Redaktion Kalender, kalender@example.org"
proof_deadline: 2025-12-15
"""

ORGS_YAML = """\
organisations:
  - id: kulturverein
    name: Kulturverein Rhein-Neckar
    short_name: Kulturverein
    description: {de: Ein Verein für die Tests.}
    languages: [de, tr]
    events:
      - id: sommerfest
        title: {de: Sommerfest, tr: Yaz Şenliği}
        date: 2026-07-11
        time: "15:00"
        end_time: "20:00"
        location: Marktplatz
      - id: lesung
        title: {de: Lesung}
        date: 2026-03-05
        time: "19:30"
      - id: chor
        title: {de: Chorprobe}
        date: 2026-01-08
        time: "18:00"
        rrule: FREQ=WEEKLY;BYDAY=TH
  - id: probeverein
    name: Probeverein Beispiel
    short_name: Probeverein
    sample: true
    description: {de: Erfunden.}
    languages: [de]
    events:
      - id: treffen
        title: {de: Offenes Treffen}
        date: 2026-09-19
"""

#: the four changes between round 1 and round 2 (each replaces exactly one text in the data)
MOVE = ("rule: fixed 6 jan", "rule: fixed 7 jan")  # Heilige Drei Könige: 6 -> 7 January
RENAME = ("title: {de: Sommerfest, tr: Yaz Şenliği}", "title: {de: Sommerfest am Neckar, tr: Yaz Şenliği}")
REMOVE = (
    '      - id: lesung\n        title: {de: Lesung}\n        date: 2026-03-05\n        time: "19:30"\n',
    "",
)
ADD = (
    "      - id: chor\n",
    "      - id: tanzabend\n        title: {de: Tanzabend}\n        date: 2026-05-21\n      - id: chor\n",
)

#: round 3: two festivals and one organisation with a weekly series and a one-off event
NEW_FESTIVALS = """
  - id: test-erntefest
    tradition: {tradition}
    names: {{de: Erntefest der Probe, en: Test harvest festival}}
    explanation: {{de: Ein Fest für die Tests., en: A festival for the tests.}}
    rule: fixed 12 oct
  - id: test-lichterfest
    tradition: {tradition}
    names: {{de: Lichterfest der Probe, en: Test festival of lights}}
    explanation: {{de: Noch ein Fest für die Tests., en: Another festival for the tests.}}
    rule: fixed 3 nov
"""
NEW_ORGANISATION = """\
  - id: neuer-verein
    name: Neuer Verein Heidelberg
    short_name: Neuer Verein
    description: {de: Neu dabei.}
    languages: [de]
    events:
      - id: stammtisch
        title: {de: Stammtisch}
        date: 2026-02-03
        time: "19:00"
        rrule: FREQ=WEEKLY;BYDAY=TU
      - id: fest
        title: {de: Vereinsfest}
        date: 2026-06-20
"""


def pdftotext(path: Path, first: int | None = None, last: int | None = None, raw: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else [])]
    if first is not None:
        args += ["-f", str(first), "-l", str(last if last is not None else first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """Whitespace collapsed and ligatures (ﬀ, ﬁ) unfolded, as a reader's search does."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def labels(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as opened:
        return [str(pikepdf.Page(p).label) for p in opened.pages]


def section_text(pdf: Path, *prefixes: str) -> str:
    """The text of the pages whose label starts with one of the prefixes."""
    numbers = [n for n, label in enumerate(labels(pdf), 1) if label.startswith(prefixes)]
    return "\n".join(pdftotext(pdf, n) for n in numbers)


def fixture_data(root: Path, name: str = "data") -> Path:
    data = root / name
    data.mkdir(parents=True)
    (data / "holidays.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    (data / "organisations.yaml").write_text(ORGS_YAML, encoding="utf-8")
    (data / "edition.yaml").write_text(EDITION, encoding="utf-8")
    return data


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_two_festivals_and_an_organisation(data: Path) -> None:
    holidays = data / "holidays.yaml"
    tradition = re.search(r"^\s+tradition: ([\w-]+)", holidays.read_text(encoding="utf-8"), re.M)
    assert tradition is not None
    text = holidays.read_text(encoding="utf-8").rstrip("\n") + "\n"
    holidays.write_text(text + NEW_FESTIVALS.format(tradition=tradition.group(1)).lstrip("\n"), encoding="utf-8")
    organisations = data / "organisations.yaml"
    organisations.write_text(organisations.read_text(encoding="utf-8") + NEW_ORGANISATION, encoding="utf-8")


@dataclass(frozen=True)
class Rounds:
    data: Path
    out: Path
    first: ProofRound
    second: ProofRound
    third: ProofRound


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> Rounds:
    root = tmp_path_factory.mktemp("proof")
    data = fixture_data(root)
    settings = Settings(data_dir=data, out_dir=root / "out", year=YEAR)
    first = build_proof(settings, echo=lambda _: None)
    for path, (old, new) in (("holidays.yaml", MOVE), ("organisations.yaml", RENAME), ("organisations.yaml", REMOVE),
                             ("organisations.yaml", ADD)):  # fmt: skip
        replace_once(data / path, old, new)
    second = build_proof(settings, echo=lambda _: None)
    add_two_festivals_and_an_organisation(data)
    third = build_proof(settings, echo=lambda _: None)
    return Rounds(data, root / "out", first, second, third)


# --- rounds, snapshots and changes ----------------------------------------------------------------------------


def test_rounds_are_numbered_snapshots_live_in_the_data_and_out_holds_only_pdfs(rounds: Rounds) -> None:
    assert [r.number for r in (rounds.first, rounds.second, rounds.third)] == [1, 2, 3]
    assert rounds.first.snapshot == rounds.data / "proofs" / str(YEAR) / "korrektur-v1.json"
    assert rounds.first.pdf.name == f"kalender-{YEAR}-korrektur-v1.pdf"
    assert rounds.first.pdf_a4.name == f"kalender-{YEAR}-korrektur-v1-a4.pdf"
    assert {p.suffix for p in rounds.out.rglob("*") if p.is_file()} == {".pdf"}
    assert sorted(p.name for p in rounds.first.snapshot.parent.iterdir()) == [f"korrektur-v{n}.json" for n in (1, 2, 3)]
    assert rounds.first.changes is None
    assert set(load_snapshot(rounds.first.snapshot).things) == set(rounds.first.things)


def test_a_snapshot_is_small_readable_and_independent_of_the_checkout(rounds: Rounds) -> None:
    text = rounds.third.snapshot.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == 2 and data["year"] == YEAR and data["round"] == 3
    rows = [line for line in text.splitlines() if line.startswith('  {"key": ')]
    assert len(rows) == len(data["entries"]) == len(rounds.third.things), "one entry per line"
    assert rounds.data.name not in text.replace('"data', "") and str(rounds.data.parent) not in text
    assert "/" not in "".join(row["key"] + row["group"] for row in data["entries"])
    assert rounds.third.snapshot_bytes == rounds.third.snapshot.read_bytes()
    chor = next(row for row in data["entries"] if row["key"] == "event:kulturverein:chor")
    assert chor["kind"] == "series" and chor["rule"] == "jede Woche donnerstags" and len(chor["dates"]) >= 50


def test_second_round_lists_each_change_once_in_the_reviewers_order(rounds: Rounds) -> None:
    changes = rounds.second.changes
    assert changes is not None
    assert [(c.section, c.label) for c in changes.items] == [
        (DATES, "DATUM GEÄNDERT"),
        (NAMES, "UMBENANNT"),
        (ORGANISATIONS, "NEUER TERMIN"),
        (ORGANISATIONS, "TERMIN ENTFÄLLT"),
    ]
    moved, renamed, added, removed = changes.lines
    assert "Heilige Drei Könige" in moved and "Di 06.01.2026 → Mi 07.01.2026" in moved
    assert "„Sommerfest“ → „Sommerfest am Neckar“ (Kulturverein Rhein-Neckar)" in renamed
    assert "Tanzabend" in added and "Do 21.05.2026" in added
    assert "Lesung" in removed and "Do 05.03.2026" in removed
    assert changes.changed_days == {date(2026, 1, 6), date(2026, 1, 7), date(2026, 7, 11), date(2026, 5, 21),
                                    date(2026, 3, 5)}  # fmt: skip


def test_two_new_festivals_and_an_organisation_are_exactly_three_lines_festivals_first(rounds: Rounds) -> None:
    changes = rounds.third.changes
    assert changes is not None
    lines = changes.lines
    assert len(lines) <= 5
    assert [c.label for c in changes.items] == ["NEUES FEST", "NEUES FEST", "NEUER VEREIN"]
    assert [c.section for c in changes.items] == [FESTIVALS, FESTIVALS, ORGANISATIONS]
    assert "Erntefest der Probe" in lines[0] and "Mo 12.10.2026" in lines[0]
    assert "Lichterfest der Probe" in lines[1]
    assert "Neuer Verein Heidelberg" in lines[2] and "1 Einzeltermin, 1 Terminreihe" in lines[2]
    # the PDF's change list shows those lines and no other change
    text = squash(section_text(rounds.third.pdf, "Änderungen"))
    assert "Änderungen seit Korrekturabzug 2" in text
    assert len(re.findall(r"• [A-ZÄÖÜ ]+: ", text)) == 3
    for line in lines:
        assert squash(line) in text


def test_the_screen_proof_lists_changes_and_frames_changed_days_on_their_month_pages(rounds: Rounds) -> None:
    marker = re.compile(r"(^|\s)\.45 0 \.9 RG")
    with pikepdf.open(rounds.second.pdf) as second, pikepdf.open(rounds.first.pdf) as first:

        def sheet(pdf: pikepdf.Pdf, label: str) -> str:
            page = next(p for p in pdf.pages if p.label == label)
            return pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page.obj)).decode("latin-1")

        assert marker.search(sheet(second, "Januar")) and marker.search(sheet(second, "Mai"))
        assert not marker.search(sheet(second, "Februar"))
        assert not marker.search(sheet(first, "Januar"))
    assert "erster Korrekturabzug" in pdftotext(rounds.first.pdf)


# --- the review list ------------------------------------------------------------------------------------------


def test_a_weekly_series_is_one_row_with_its_rule_count_and_exceptions(rounds: Rounds) -> None:
    chor = [t for t in rounds.first.things if t.key == "event:kulturverein:chor"]
    assert len(chor) == 1
    listed = squash(section_text(rounds.first.pdf, "Prüfliste"))
    assert listed.count("Chorprobe") == 1
    dates = chor[0].dates
    assert f"{len(dates)} Termine" in listed and "jede Woche donnerstags" in listed
    assert dates[0][0] == date(2026, 1, 8) and dates[-1][0] == date(2026, 12, 31)


def test_every_entry_of_the_edition_is_a_row_with_its_rule_and_caveats(rounds: Rounds) -> None:
    listed = squash(section_text(rounds.second.pdf, "Prüfliste"))
    edition_keys = {t.key for t in rounds.second.things}
    assert len(edition_keys) == len(rounds.second.things)
    for thing in rounds.second.things:
        assert thing.name in listed, thing.name
        if thing.rule:
            assert squash(printable(thing.rule)) in listed, thing.rule
        for caveat in thing.caveats:
            assert squash(printable(caveat)) in listed, (thing.name, caveat)
    assert "Verein: Kulturverein Rhein-Neckar" in listed and "Verein: Probeverein Beispiel" in listed


def test_the_council_part_has_no_path_key_or_fingerprint_and_the_appendix_has_them(rounds: Rounds) -> None:
    for pdf in (rounds.third.pdf, rounds.third.pdf_a4):
        council = squash(section_text(pdf, *{label for label in labels(pdf) if not label.startswith(APPENDIX)}))
        assert_plain_german(council, rounds.data)
        appendix = squash(section_text(pdf, APPENDIX))
        assert f"{rounds.data.name}/holidays.yaml:" in appendix and "organisations.yaml:" in appendix
        assert data_version(rounds.data) in appendix and "sample: true" in appendix
        assert f"{rounds.data.name}/proofs/{YEAR}/korrektur-v3.json" in appendix
        assert str(rounds.data.parent) not in appendix, "files are named from the data folder, not the machine"


def yaml_keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return {str(k) for k in value} | {k for v in value.values() for k in yaml_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in yaml_keys(v)}
    return set()


def assert_plain_german(text: str, data: Path) -> None:
    """No file name or path, no YAML key as written in the data, no data fingerprint."""
    import yaml

    assert not re.search(r"[\w./-]+\.(ya?ml|json|py|csv|ics)\b", text), re.search(r"\S+\.(ya?ml|json|py)", text)
    assert not re.search(r"(^|\s)(/|\./|data/)[\w.-]+/", text)
    assert data_version(data) not in text and "Datenstand" not in text
    keys = set()
    for path in data.glob("*.yaml"):
        keys |= yaml_keys(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert "sample" in keys and "rrule" in keys
    for key in (k for k in keys if re.fullmatch(r"[a-z][a-z_]*", k)):
        pattern = rf"(?<![\w-]){re.escape(key)}(: |\.[a-z]{{2}}\b|=)" if "_" not in key else re.escape(key)
        found = re.search(pattern, text)
        assert not found, f"data key {key!r} in the council's part: {text[max(0, found.start() - 40) : found.end()]}"
    assert "FREQ=" not in text and "RRULE" not in text


def test_the_first_page_names_the_task_the_contact_and_the_deadline(rounds: Rounds) -> None:
    page_one = squash(pdftotext(rounds.second.pdf, 1))
    assert "Bitte bis Montag, 15. Dezember 2025 zurückschicken an: Eine-Welt-Zentrum, Redaktion Kalender, " \
           "kalender@example.org" in page_one  # fmt: skip
    for words in ("Was Sie prüfen", "Wie Sie Anmerkungen machen", "gelbes Feld", "Auf Papier", "-a4.pdf",
                  "Vor dem Druck zu entscheiden"):  # fmt: skip
        assert words in page_one, words
    decisions = squash(section_text(rounds.second.pdf, "Übersicht"))
    for heading in ("Erfundene Beispielvereine", "Adresse der Kalender-Abos", "Impressum", "Vorläufige Daten",
                    "an verschiedenen Tagen", "nicht alles ins Kästchen"):  # fmt: skip
        assert heading in decisions, heading
    assert "„Probeverein Beispiel“" in decisions
    assert "https://interkultureller-kalender.heidelberg.de/feeds/" in decisions


# --- the PDF: colours, marks, forms -----------------------------------------------------------------------------


def test_no_cmyk_in_the_proof(rounds: Rounds) -> None:
    with pikepdf.open(rounds.second.pdf) as pdf:
        colour_ops: set[str] = set()
        seen: set[tuple[int, int]] = set()

        def visit(owner: pikepdf.Object) -> None:
            for _, xobject in owner.get("/Resources", {}).get("/XObject", {}).items():
                assert xobject.get("/ColorSpace") != pikepdf.Name.DeviceCMYK
                if xobject.get("/Subtype") == pikepdf.Name.Form and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    scan(xobject)

        def scan(owner: pikepdf.Object) -> None:
            for instruction in pikepdf.parse_content_stream(owner):
                operator = str(instruction.operator)
                assert operator not in ("k", "K"), "CMYK colour operator in the proof"
                if operator in ("cs", "CS"):
                    assert instruction.operands[0] != pikepdf.Name.DeviceCMYK
                colour_ops.add(operator)
            visit(owner)

        for page in pdf.pages:
            scan(page.obj)
        assert {"rg", "RG"} <= colour_ops


def test_every_page_carries_the_mark_the_round_and_the_sample_warning(rounds: Rounds) -> None:
    for pdf in (rounds.second.pdf, rounds.second.pdf_a4):
        with pikepdf.open(pdf) as opened:
            count = len(opened.pages)
        for number in range(1, count + 1):
            text = squash(pdftotext(pdf, number, raw=True))
            assert PROOF_MARK in text and "Korrekturabzug 2" in text, number
            assert "erfundener Beispielverein ist noch im Kalender" in text, number


def test_labels_bookmarks_and_a_comment_field_on_every_council_page(rounds: Rounds) -> None:
    pages = labels(rounds.second.pdf)
    assert pages[0] == "Übersicht 1"
    index = pages.index("Titel")
    assert pages[index : index + 14] == ["Titel", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                                         "August", "September", "Oktober", "November", "Dezember",
                                         "Rückseite"]  # fmt: skip
    assert pages[index - 1].startswith("Prüfliste") and pages[index + 14] == f"{APPENDIX} 1"
    with pikepdf.open(rounds.second.pdf) as pdf:
        with pdf.open_outline() as outline:
            top = [item.title for item in outline.root]
            children = [c.title for item in outline.root for c in item.children]
        assert top[:4] == ["Übersicht", "Zu entscheiden", "Änderungen", "Prüfliste"] and top[-1] == APPENDIX
        assert children[:12] == ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                                 "September", "Oktober", "November", "Dezember"]  # fmt: skip
        pages_with_field = set()
        for field in pdf.Root.AcroForm.Fields:
            assert field.FT == pikepdf.Name.Tx
            assert int(field.Ff) & (1 << 12), "the comment field must be multi-line"
            widget = field if "/P" in field else field.Kids[0]
            pages_with_field.add(widget.P.objgen)
        council = {p.obj.objgen for p in pdf.pages if not str(p.label).startswith(APPENDIX)}
        assert pages_with_field == council


# --- errors ---------------------------------------------------------------------------------------------------


def run_proof(data: Path, out: Path) -> subprocess.CompletedProcess[str] | object:
    return CliRunner().invoke(main, ["proof", "--data", str(data), "--out", str(out), "--year", str(YEAR)])


@pytest.mark.parametrize("missing", ["proof_contact", "proof_deadline"])
def test_a_missing_contact_or_deadline_is_a_located_error(tmp_path: Path, missing: str) -> None:
    data = fixture_data(tmp_path)
    edition = data / "edition.yaml"
    edition.write_text("".join(line for line in EDITION.splitlines(True) if not line.startswith(missing)))
    result = CliRunner().invoke(main, ["proof", "--data", str(data), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{edition} [{missing}]: error: missing" in result.output
    assert not (tmp_path / "out").exists() and not (data / "proofs").exists()


def test_a_deadline_that_is_not_a_date_is_a_located_error(tmp_path: Path) -> None:
    data = fixture_data(tmp_path)
    (data / "edition.yaml").write_text(EDITION.replace("2025-12-15", "Mitte Dezember"))
    result = CliRunner().invoke(main, ["proof", "--data", str(data), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and f"{data / 'edition.yaml'}:2 [proof_deadline]" in result.output
    assert "YYYY-MM-DD" in result.output


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("{not json", "proofs/2026/korrektur-v1.json:1: the snapshot is damaged"),
        ('{"format": 1, "entries": []}', "proofs/2026/korrektur-v1.json: not a readable proof snapshot"),
        ("", "proofs/2026/korrektur-v1.json:1: the snapshot is damaged"),
    ],
)
def test_a_corrupt_snapshot_is_an_error_naming_the_file(tmp_path: Path, damage: str, expected: str) -> None:
    data = fixture_data(tmp_path)
    snapshot = data / "proofs" / str(YEAR) / "korrektur-v1.json"
    snapshot.parent.mkdir(parents=True)
    snapshot.write_text(damage)
    result = run_proof(data, tmp_path / "out")
    assert result.exit_code == 2 and "Traceback" not in result.output  # type: ignore[attr-defined]
    assert expected in result.output  # type: ignore[attr-defined]
    assert not (data / "proofs" / str(YEAR) / "korrektur-v2.json").exists()


def test_a_missing_snapshot_is_an_error_never_a_silent_round_one(tmp_path: Path) -> None:
    data = fixture_data(tmp_path)
    folder = data / "proofs" / str(YEAR)
    folder.mkdir(parents=True)
    (folder / "korrektur-v1.json").write_text("{}")
    (folder / "korrektur-v3.json").write_text("{}")
    result = run_proof(data, tmp_path / "out")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "data/proofs/2026/korrektur-v2.json: the snapshot of proof round 2 is missing" in result.output  # type: ignore[attr-defined]
    # a round's PDF in out/ without its snapshot (e.g. never committed): the same
    for name in ("korrektur-v1.json", "korrektur-v3.json"):
        (folder / name).unlink()
    (tmp_path / "out" / str(YEAR)).mkdir(parents=True)
    (tmp_path / "out" / str(YEAR) / f"kalender-{YEAR}-korrektur-v2.pdf").write_bytes(b"%PDF-1.4")
    result = run_proof(data, tmp_path / "out")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "data/proofs/2026/korrektur-v2.json: the snapshot of proof round 2 is missing" in result.output  # type: ignore[attr-defined]
    assert not list(folder.glob("*.json"))


def test_snapshots_left_in_out_are_named_with_where_they_belong(tmp_path: Path) -> None:
    data = fixture_data(tmp_path)
    old = tmp_path / "out" / str(YEAR) / f"kalender-{YEAR}-korrektur-v1.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    result = run_proof(data, tmp_path / "out")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert f"{old}: proof snapshots now live in data/proofs/{YEAR}/" in result.output  # type: ignore[attr-defined]


# --- a fresh clone continues the rounds --------------------------------------------------------------------------


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=Redaktion", "-c", "user.email=redaktion@example.org", *args], cwd=cwd,
                   check=True, capture_output=True)  # fmt: skip


def test_snapshots_round_trip_through_a_fresh_clone(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    data = fixture_data(origin)
    (origin / ".gitignore").write_text("out/\n")
    first = build_proof(Settings(data_dir=data, out_dir=origin / "out", year=YEAR), echo=lambda _: None)
    git("init", "-q", cwd=origin)
    git("add", "-A", cwd=origin)
    git("commit", "-qm", "Korrekturabzug 1", cwd=origin)
    clone = tmp_path / "clone"
    git("clone", "-q", str(origin), str(clone), cwd=tmp_path)
    assert (clone / "data" / "proofs" / str(YEAR) / "korrektur-v1.json").read_bytes() == first.snapshot_bytes
    assert not (clone / "out").exists()
    add_two_festivals_and_an_organisation(clone / "data")
    second = build_proof(Settings(data_dir=clone / "data", out_dir=clone / "out", year=YEAR), echo=lambda _: None)
    assert second.number == 2 and second.changes is not None
    assert [c.label for c in second.changes.items] == ["NEUES FEST", "NEUES FEST", "NEUER VEREIN"]
    # the next round's snapshot is as deterministic as the first: another checkout gives the same bytes
    again = fixture_data(tmp_path / "elsewhere", name="kalenderdaten")
    add_two_festivals_and_an_organisation(again)
    settings = Settings(data_dir=again, out_dir=tmp_path / "elsewhere" / "out", year=YEAR)
    elsewhere = build_proof(settings, echo=lambda _: None).snapshot_bytes
    assert second.snapshot_bytes.replace(b'"round": 2', b'"round": 1') == elsewhere
    assert b"kalenderdaten" not in elsewhere and str(tmp_path).encode() not in elsewhere


def test_cli_proof_reports_rounds_and_changes(tmp_path: Path) -> None:
    data = fixture_data(tmp_path)
    args = ["proof", "--data", str(data), "--out", str(tmp_path / "out"), "--year", str(YEAR)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "proof 1: first round" in result.output and "korrektur-v1-a4.pdf" in result.output
    replace_once(data / "holidays.yaml", *MOVE)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "proof 2: 1 change(s) since proof 1" in result.output
    assert "DATUM GEÄNDERT: „Heilige Drei Könige“" in result.output
    assert (tmp_path / "out" / str(YEAR) / f"kalender-{YEAR}-korrektur-v2.pdf").is_file()


def test_the_same_data_gives_the_same_proof_bytes_in_another_checkout(tmp_path: Path) -> None:
    made = []
    for place in ("one", "two"):
        data = fixture_data(tmp_path / place)
        made.append(
            build_proof(Settings(data_dir=data, out_dir=tmp_path / place / "out", year=YEAR), echo=lambda _: None)
        )
    first, second = made
    assert first.pdf.read_bytes() == second.pdf.read_bytes()
    assert first.pdf_a4.read_bytes() == second.pdf_a4.read_bytes()
    assert first.snapshot.read_bytes() == second.snapshot.read_bytes()
