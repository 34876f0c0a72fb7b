"""The print file as a reader and the print shop see it, read back from the PDF with pdfplumber: the type scale,
festivals in their cells, one ink for small text, marks bound to their words, the draft mark and the print
gates, boxes that nest exactly, and an edition at the size the calendar should reach."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner

from calendar_builder.build import load_edition
from calendar_builder.cli import main
from calendar_builder.core.model import Occurrence
from calendar_builder.edition.gates import DRAFT_MARK
from calendar_builder.edition.model import Edition
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.layout.geometry import Page
from calendar_builder.layout.month import SPILL_MARK
from calendar_builder.layout.pages import layout_edition
from calendar_builder.layout.placement import PLACES, placement_report
from calendar_builder.layout.style import FESTIVAL_SECONDARY_SIZE, MIN_TEXT_SIZE, ONE_INK_BELOW
from calendar_builder.preflight import preflight
from calendar_builder.settings import Settings
from tests.capacity import ONE_OFF, ORGANISATIONS, SERIES, capacity_data
from tests.printkit import YEAR, data_folder

ROOT = Path(__file__).resolve().parent.parent
MARKS = set("*±")


@dataclass(frozen=True)
class Built:
    folder: Path
    pdf: Path
    stdout: str
    stderr: str
    pages: tuple[Page, ...]
    edition: Edition | None = None

    def festivals_of(self, month: int, day: int) -> list[Occurrence]:
        """The festivals a day cell names: those starting that day, and on the 1st those continuing into it."""
        assert self.edition is not None
        when = date(self.edition.year, month, day)
        return [o for o in self.edition.occurrences if o.start == when or (day == 1 and o.start < when <= o.end)]


def run_build(folder: Path, out: Path, year: int) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(out), "--year", str(year)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The print fixture as a clean edition: real-looking settings, no sample organisations, no provisional date."""
    tmp = tmp_path_factory.mktemp("clean")
    folder = data_folder(tmp)
    code, out, err = run_build(folder, tmp / "out", YEAR)
    assert code == 0, out + err
    edition = load_edition(Settings(data_dir=folder, year=YEAR))
    pages = layout_edition(edition, load_edition_settings(folder))
    return Built(folder, tmp / "out" / str(YEAR) / f"kalender-{YEAR}-druck.pdf", out, err, pages, edition)


def chars(pdf: Path) -> Iterator[tuple[int, dict[str, object]]]:
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for char in page.chars:
                yield number, char


def trim_offset(pdf: Path) -> float:
    with pikepdf.open(pdf) as document:
        return float(document.pages[0].obj.TrimBox[0])


# --- the clean edition and its print file ----------------------------------------------------------------------


def test_a_clean_edition_writes_the_print_file_and_no_draft(clean: Built) -> None:
    assert clean.pdf.exists()
    assert not clean.pdf.with_name(f"kalender-{YEAR}-entwurf.pdf").exists()
    assert "DRAFT" not in clean.stderr
    text = "".join(str(c["text"]) for _, c in chars(clean.pdf))
    assert "ENTWURF" not in text
    assert preflight(clean.pdf).ok
    assert "print placement of" in clean.stdout


def test_nothing_on_the_month_pages_below_the_minimum_size(clean: Built) -> None:
    sizes = {number: float(c["size"]) for number, c in chars(clean.pdf) if 2 <= number <= 13 and str(c["text"]).strip()}
    smallest = min(sizes.values())
    assert smallest >= MIN_TEXT_SIZE - 0.01, smallest


def test_every_festival_of_the_year_is_named_in_its_day_cell_at_8_pt_or_more(clean: Built) -> None:
    offset = trim_offset(clean.pdf)
    with pdfplumber.open(clean.pdf) as document:
        for page in clean.pages[1:13]:
            plumber = document.pages[page.number - 1]
            height = float(plumber.height)
            for cell in page.cells:
                box = cell.box
                bbox = (offset + box.x, height - offset - box.top, offset + box.right, height - offset - box.y)
                inside = plumber.within_bbox(bbox)
                words = inside.extract_words(extra_attrs=["size"])
                text = " ".join(w["text"] for w in words)
                for occurrence in clean.festivals_of(page.number - 1, cell.day):
                    if occurrence.id in cell.shown:
                        first = occurrence.festival.name_de.split()[0]
                        found = [w for w in words if first.rstrip("*±") in w["text"]]
                        assert found, (page.number, cell.day, occurrence.id, text)
                        assert min(float(w["size"]) for w in found) >= FESTIVAL_SECONDARY_SIZE - 0.01
                    else:
                        assert occurrence.id in cell.hidden and SPILL_MARK in text, (page.number, cell.day, text)


def test_text_below_12_pt_is_set_in_one_ink(clean: Built) -> None:
    for number, char in chars(clean.pdf):
        if float(char["size"]) >= ONE_INK_BELOW or not str(char["text"]).strip():
            continue
        colour = tuple(float(v) for v in char["non_stroking_color"] or ())  # type: ignore[union-attr]
        assert len(colour) in (1, 4), (number, char["text"], colour)
        inks = [v for v in colour if v > 0]
        white = len(colour) == 4 and not inks
        assert white or (len(inks) == 1 and inks[0] == pytest.approx(1.0)), (number, char["text"], colour)


def test_no_mark_stands_alone_on_a_line(clean: Built) -> None:
    """Every '*' or '±' follows its word on the same line; only a key or legend entry starts with its mark,
    followed by its explanation."""
    explanations = ("beginnt", "kann", "Datum")
    with pdfplumber.open(clean.pdf) as document:
        for page in document.pages:
            words = page.extract_words(keep_blank_chars=False, x_tolerance=1.5)
            for word in words:
                if not set(word["text"]) <= MARKS:
                    continue
                same_line = [w for w in words if w is not word and abs(w["bottom"] - word["bottom"]) < 1.0]
                before = [w for w in same_line if word["x0"] - 4 <= w["x1"] <= word["x0"] + 0.5]
                explained = [w for w in same_line if 0 <= w["x0"] - word["x1"] <= 40 and w["text"] in explanations]
                assert before or explained, (page.page_number, word)


def test_boxes_nest_exactly_as_stored(clean: Built) -> None:
    with pikepdf.open(clean.pdf) as document:
        for page in document.pages:
            trim, bleed, media = ([Decimal(str(v)) for v in page.obj[key]] for key in ("/TrimBox", "/BleedBox",
                                                                                         "/MediaBox"))  # fmt: skip
            for inner, outer in ((trim, bleed), (bleed, media)):
                assert inner[0] >= outer[0] and inner[1] >= outer[1]
                assert inner[2] <= outer[2] and inner[3] <= outer[3]


def test_the_preflight_reports_a_box_outside_its_parent_however_small(clean: Built, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(clean.pdf) as document:
        for page in document.pages:
            x1, y1 = (Decimal(str(v)) for v in list(page.obj.BleedBox)[2:])
            # the rounding the issue found: a BleedBox 0.000038 pt beyond the MediaBox
            page.obj.MediaBox = pikepdf.Array([0, 0, x1 - Decimal("0.000038"), y1])
        document.save(broken)
    report = preflight(broken)
    found = [f for f in report.errors if f.check == "boxes" and "BleedBox lies outside the MediaBox" in f.message]
    assert found and "0.000038" in found[0].message


# --- the shipped sample data is a draft -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("sample")
    folder = tmp / "data"  # a copy: a build updates its data folder's feed state
    shutil.copytree(ROOT / "data", folder)
    code, out, err = run_build(folder, tmp / "out", 2027)
    assert code == 0, out + err  # the README's first command keeps working on the sample data
    return Built(folder, tmp / "out" / "2027" / "kalender-2027-entwurf.pdf", out, err, ())


def test_sample_data_writes_the_draft_and_never_the_print_file(sample: Built) -> None:
    assert sample.pdf.exists()
    assert not sample.pdf.with_name("kalender-2027-druck.pdf").exists()


def test_the_draft_lists_every_blocker_with_file_line_and_field(sample: Built) -> None:
    err = sample.stderr
    assert "DRAFT:" in err
    assert "data/organisations.yaml:" in err and "[sample]" in err
    assert "edition.yaml:" in err and "[feeds_base_url_confirmed]" in err
    for field in ("publisher", "responsible", "printer", "print_run", "published"):
        assert f"[imprint.{field}]" in err
    for line in err.splitlines()[1:]:
        if line.startswith("  "):
            location = line.split()[0]
            assert location.count(":") >= 1 and location.split(":")[1].isdigit() and int(location.split(":")[1]) > 0


def test_every_draft_page_carries_the_mark_inside_the_trim(sample: Built) -> None:
    offset = trim_offset(sample.pdf)
    with pdfplumber.open(sample.pdf) as document:
        assert len(document.pages) == 14
        for page in document.pages:
            trim = (offset, offset, float(page.width) - offset, float(page.height) - offset)
            inside = page.within_bbox(trim).extract_text() or ""
            assert DRAFT_MARK in " ".join(inside.split()), page.page_number


def test_the_preflight_flags_a_draft_as_not_for_print(sample: Built) -> None:
    report = preflight(sample.pdf)
    assert not report.ok
    assert [f.check for f in report.errors] == ["draft"]
    result = CliRunner().invoke(main, ["preflight", str(sample.pdf), "--data", str(ROOT / "data")])
    assert result.exit_code != 0 and "draft" in result.output


# --- capacity -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capacity(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("capacity")
    folder = capacity_data(tmp / "data")
    code, out, err = run_build(folder, tmp / "out", 2027)
    assert code == 0, out + err  # never refused because of event volume
    edition = load_edition(Settings(data_dir=folder, year=2027))
    pages = layout_edition(edition, load_edition_settings(folder))
    return Built(folder, tmp / "out" / "2027" / "kalender-2027-entwurf.pdf", out, err, pages, edition)


def test_capacity_fixture_has_the_size_of_a_successful_calendar(capacity: Built) -> None:
    edition = load_edition(Settings(data_dir=capacity.folder, year=2027))
    orgs = edition.organisations.organisations
    assert len(orgs) == ORGANISATIONS
    events = [e for o in orgs for e in o.events]
    assert sum(1 for e in events if not e.recurring) == ONE_OFF
    assert sum(1 for e in events if e.recurring) == SERIES


def test_capacity_every_festival_is_in_its_cell_or_sent_to_the_strip(capacity: Built) -> None:
    for page in capacity.pages[1:13]:
        for cell in page.cells:
            expected = {o.id for o in capacity.festivals_of(page.number - 1, cell.day)}
            assert set(cell.shown) | set(cell.hidden) == expected
            # the festivals keep their cell: events give way first
            assert not cell.hidden or not cell.shown_events


def test_capacity_report_accounts_for_every_event(capacity: Built) -> None:
    edition = capacity.edition
    assert edition is not None
    report = placement_report(edition, capacity.pages)
    assert len(report.placed) == len(edition.events)
    assert len({p.key for p in report.placed}) == len(report.placed)
    assert all(p.place in PLACES for p in report.placed)
    assert report.count("cell") > 0 and report.count("month list") > 0
    listed = (capacity.pdf.parent / "kalender-2027-platzierung.txt").read_text(encoding="utf-8").splitlines()
    assert len([line for line in listed if not line.startswith("#")]) == len(edition.events)
    assert report.summary() in capacity.stdout


# --- the cover ------------------------------------------------------------------------------------------------


def test_partners_logos_are_on_the_cover_svg_as_vectors(tmp_path: Path) -> None:
    import shutil

    from calendar_builder.layout.geometry import Image, VectorImage

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    orgs = data / "organisations.yaml"
    text = orgs.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: auslaenderrat-migrationsrat\n",
        "  - id: auslaenderrat-migrationsrat\n    logo: logos/beispielverein-syrien.svg\n",
        1,
    )
    text = text.replace("  - id: eine-welt-zentrum\n",
                        "  - id: eine-welt-zentrum\n    logo: logos/beispielverein-habesha.png\n", 1)  # fmt: skip
    orgs.write_text(text, encoding="utf-8")
    edition = load_edition(Settings(data_dir=data, year=2027))
    cover = layout_edition(edition, load_edition_settings(data))[0]
    logos = [e for e in cover.elements if isinstance(e, Image | VectorImage) and e.role == "logo"]
    assert any(isinstance(e, VectorImage) and e.path.endswith("beispielverein-syrien.svg") for e in logos)
    assert any(isinstance(e, Image) and e.path.endswith("beispielverein-habesha.png") for e in logos)
    for logo in logos:
        assert cover.safe.contains(logo.bounds)
    # the shipped partners have no logo yet: the cover shows only the publishers' marked placeholders
    shipped = layout_edition(load_edition(Settings(data_dir=ROOT / "data", year=2027)),
                             load_edition_settings(ROOT / "data"))[0]  # fmt: skip
    shipped_logos = [e for e in shipped.elements if isinstance(e, Image | VectorImage) and e.role == "logo"]
    assert shipped_logos and all(e.path.endswith("logo-platzhalter.svg") for e in shipped_logos)
