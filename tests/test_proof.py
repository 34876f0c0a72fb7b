"""Proof rounds read back: change list between rounds, review list against the print PDF, colours, marks, forms."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from calendar_builder.build import build_proof, load_edition
from calendar_builder.cli import main
from calendar_builder.layout.pages import layout_edition
from calendar_builder.proof.problems import find_problems
from calendar_builder.proof.review import load_snapshot
from calendar_builder.proof.rounds import ProofRound, data_version
from calendar_builder.render.print_pdf import render_print_pdf
from calendar_builder.render.proof_pdf import PROOF_MARK, change_lines, printable
from calendar_builder.settings import Settings
from tests.printkit import FIXTURE, YEAR, look

ORGANISATIONS = """\
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
        rrule: FREQ=MONTHLY;COUNT=3
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


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first is not None:
        args += ["-f", str(first), "-l", str(last if last is not None else first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """Whitespace collapsed and ligatures (ﬀ, ﬁ) unfolded, as a reader's search does."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


CREATED = datetime(YEAR - 1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Rounds:
    folder: Path
    data: Path
    first: ProofRound
    second: ProofRound
    print_pdf: Path


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> Rounds:
    root = tmp_path_factory.mktemp("proof")
    data = root / "data"
    data.mkdir()
    (data / "holidays.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    (data / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    settings = Settings(data_dir=data, out_dir=root / "out", year=YEAR)
    first = build_proof(settings, echo=lambda _: None)
    edition = load_edition(settings)
    print_pdf = root / "druck.pdf"
    print_pdf.write_bytes(render_print_pdf(layout_edition(edition, look()), look(), "Kalender", CREATED))
    for path, (old, new) in (("holidays.yaml", MOVE), ("organisations.yaml", RENAME), ("organisations.yaml", REMOVE),
                             ("organisations.yaml", ADD)):  # fmt: skip
        text = (data / path).read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        (data / path).write_text(text.replace(old, new), encoding="utf-8")
    second = build_proof(settings, echo=lambda _: None)
    return Rounds(root, data, first, second, print_pdf)


def test_rounds_are_numbered_and_keep_their_snapshots(rounds: Rounds) -> None:
    assert rounds.first.number == 1 and rounds.second.number == 2
    assert rounds.first.pdf.name == f"kalender-{YEAR}-korrektur-v1.pdf"
    assert rounds.second.snapshot.name == f"kalender-{YEAR}-korrektur-v2.json"
    assert rounds.first.changes is None
    assert {e.key for e in load_snapshot(rounds.first.snapshot)} == {e.key for e in rounds.first.entries}


def test_second_round_names_exactly_the_four_changes(rounds: Rounds) -> None:
    changes = rounds.second.changes
    assert changes is not None
    assert [e.key for e in changes.added] == ["event:kulturverein:tanzabend:2026-05-21"]
    assert [e.key for e in changes.removed] == ["event:kulturverein:lesung:2026-03-05"]
    assert [(a.date, b.date, b.name) for a, b in changes.moved] == [("2026-01-06", "2026-01-07", "Heilige Drei Könige")]
    assert [(a.name, b.name) for a, b in changes.renamed] == [("Sommerfest", "Sommerfest am Neckar")]
    assert changes.changed_days == {date(2026, 5, 21), date(2026, 3, 5), date(2026, 1, 6), date(2026, 1, 7),
                                    date(2026, 7, 11)}  # fmt: skip


def test_the_pdf_change_list_shows_those_four_and_nothing_else(rounds: Rounds) -> None:
    text = pdftotext(rounds.second.pdf)
    start = text.index("Änderungen seit Korrekturabzug 1")
    end = text.index(f"Januar {YEAR} –", start)
    section = text[start:end]
    found = re.findall(r"^(NEU|ENTFERNT|VERSCHOBEN|UMBENANNT): (.*)$", section, flags=re.MULTILINE)
    assert [kind for kind, _ in found] == ["NEU", "ENTFERNT", "VERSCHOBEN", "UMBENANNT"]
    lines = dict(found)
    assert "Tanzabend" in lines["NEU"] and "Do 21.05.2026" in lines["NEU"]
    assert "Lesung" in lines["ENTFERNT"] and "Do 05.03.2026" in lines["ENTFERNT"]
    assert "Heilige Drei Könige" in lines["VERSCHOBEN"] and "Di 06.01.2026 → Mi 07.01.2026" in lines["VERSCHOBEN"]
    assert "„Sommerfest“ → „Sommerfest am Neckar“" in lines["UMBENANNT"]
    first = pdftotext(rounds.first.pdf)
    assert "erster Korrekturabzug" in first and not re.search(r"^(NEU|ENTFERNT|VERSCHOBEN|UMBENANNT):", first, re.M)


def test_change_lines_prefixes_are_one_per_change(rounds: Rounds) -> None:
    assert rounds.second.changes is not None
    assert len(change_lines(rounds.second.changes, {})) == 4


def _list_pages_text(pdf: Path) -> str:
    with pikepdf.open(pdf) as opened:
        numbers = [n for n, page in enumerate(opened.pages, 1) if str(page.label).startswith("Prüfliste")]
    return squash(pdftotext(pdf, numbers[0], numbers[-1]))


def test_every_printed_entry_is_in_the_review_list_with_source_and_caveats(rounds: Rounds) -> None:
    printed = squash(pdftotext(rounds.print_pdf))
    listed = _list_pages_text(rounds.first.pdf)
    events = 0
    for entry in rounds.first.entries:
        # festivals and organisation events alike: on the calendar pages and in the review list
        assert entry.name in printed, entry.name
        events += entry.kind == "event"
        assert entry.name in listed, entry.name
        assert printable(entry.source) in listed, entry.source
        for caveat in entry.caveats:
            assert printable(caveat) in listed, (entry.name, caveat)
        if entry.original_name:
            assert entry.original_name in listed or entry.original_name[::-1] in listed, entry.original_name
    assert events > 0


def test_no_cmyk_in_the_proof(rounds: Rounds) -> None:
    with pikepdf.open(rounds.second.pdf) as pdf:
        streams: list[pikepdf.Object] = []
        for page in pdf.pages:
            streams.append(page.obj)
            for _, xobject in page.obj.Resources.get("/XObject", {}).items():
                assert xobject.get("/ColorSpace") != pikepdf.Name.DeviceCMYK
                if xobject.get("/Subtype") == pikepdf.Name.Form:
                    streams.append(xobject)
                    for _, inner in xobject.get("/Resources", {}).get("/XObject", {}).items():
                        assert inner.get("/ColorSpace") != pikepdf.Name.DeviceCMYK
                        assert inner.get("/Subtype") != pikepdf.Name.Form
        colour_ops = set()
        for owner in streams:
            for instruction in pikepdf.parse_content_stream(owner):
                operator = str(instruction.operator)
                assert operator not in ("k", "K"), "CMYK colour operator in the proof"
                if operator in ("cs", "CS"):
                    assert instruction.operands[0] != pikepdf.Name.DeviceCMYK
                colour_ops.add(operator)
        assert {"rg", "RG"} <= colour_ops


def test_print_pdf_never_carries_the_proof_mark_and_every_proof_page_does(rounds: Rounds) -> None:
    assert "KORREKTURABZUG" not in pdftotext(rounds.print_pdf)
    with pikepdf.open(rounds.first.pdf) as pdf:
        count = len(pdf.pages)
    version = data_version(rounds.data)
    for number in range(1, count + 1):
        text = squash(pdftotext(rounds.second.pdf, number))
        assert PROOF_MARK in text, number
        assert "Korrektur 2" in text and f"Datenstand {version}" in text
        assert "BEISPIELDATEN" in text, f"sample banner missing on page {number}"


def test_labels_bookmarks_and_one_comment_field_per_page(rounds: Rounds) -> None:
    with pikepdf.open(rounds.second.pdf) as pdf:
        labels = [pikepdf.Page(p).label for p in pdf.pages]
        assert labels[0] == "Zu entscheiden 1"
        index = labels.index("Titel")
        assert labels[index : index + 14] == ["Titel", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                                              "August", "September", "Oktober", "November", "Dezember",
                                              "Rückseite"]  # fmt: skip
        assert labels[index + 14] == "Prüfliste 1"
        with pdf.open_outline() as outline:
            top = [item.title for item in outline.root]
            children = [c.title for item in outline.root for c in item.children]
        assert top[:2] == ["Zu entscheiden", "Titel"] and top[-2:] == ["Rückseite", "Prüfliste"]
        assert children[0] == "Änderungen" and children[1:] == top[2:14]
        fields = pdf.Root.AcroForm.Fields
        pages_with_field = set()
        for field in fields:
            assert field.FT == pikepdf.Name.Tx
            assert int(field.Ff) & (1 << 12), "the comment field must be multi-line"
            widget = field if "/P" in field else field.Kids[0]
            pages_with_field.add(widget.P.objgen)
        assert len(fields) == len(pdf.pages)
        assert pages_with_field == {p.obj.objgen for p in pdf.pages}


def test_changed_days_are_marked_only_on_their_month_pages(rounds: Rounds) -> None:
    marker = re.compile(r"(^|\s)\.45 0 \.9 RG")
    with pikepdf.open(rounds.second.pdf) as second, pikepdf.open(rounds.first.pdf) as first:

        def sheet(pdf: pikepdf.Pdf, label: str) -> str:
            page = next(p for p in pdf.pages if p.label == label)
            return pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page.obj)).decode("latin-1")

        assert marker.search(sheet(second, "Januar")) and marker.search(sheet(second, "Mai"))
        assert not marker.search(sheet(second, "Februar"))
        assert not marker.search(sheet(first, "Januar"))


def test_problems_name_the_crowded_day_the_ending_table_and_the_sample(rounds: Rounds) -> None:
    settings = Settings(data_dir=rounds.data, year=YEAR)
    edition = load_edition(settings)
    problems = {p.heading: p.findings for p in find_problems(edition, layout_edition(edition, look()))}
    flat = {heading.split(" (")[0]: findings for heading, findings in problems.items()}
    assert any("Probeverein Beispiel" in f for f in flat["Erfundene Beispielvereine noch enthalten"])
    assert any("Do 14.05.2026" in f and "→" in f for f in flat["Tage mit mehr Einträgen als Platz im Kästchen"])
    assert any("Diwali" in f and "2027" in f for f in flat["Daten aus Tabellen, die bald enden"])
    assert any("englische Erklärung" in f for f in flat["Feste mit fehlenden Texten oder Namen"])
    page_one = pdftotext(rounds.first.pdf, 1)
    assert "Vor dem Druck zu entscheiden" in page_one and "Probeverein Beispiel" in page_one


def test_cli_proof_counts_rounds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "holidays.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["proof", "--data", str(data), "--out", str(tmp_path / "out"), "--year", str(YEAR)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "proof 1: first round" in result.output
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "proof 2: 0 added, 0 removed, 0 moved, 0 renamed since proof 1" in result.output
    assert (tmp_path / "out" / str(YEAR) / f"kalender-{YEAR}-korrektur-v2.pdf").is_file()
