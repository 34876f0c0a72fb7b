"""Every festival occurrence of the year is named inside its own day cell, read from the layout data and back from
the built PDF's text positions (pdfplumber), for the shipped data in several years and for a day far busier than
any the data holds today."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner

from calendar_builder.build import load_edition
from calendar_builder.cli import main
from calendar_builder.core.model import Occurrence
from calendar_builder.edition.model import Edition
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.layout.geometry import Cell, Page, TextLine
from calendar_builder.layout.month import RUN_IN_SEPARATOR, short_name
from calendar_builder.layout.pages import layout_edition
from calendar_builder.layout.style import FESTIVAL_SECONDARY_SIZE
from calendar_builder.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
YEARS = (2026, 2027, 2028, 2030)


def festivals_of(edition: Edition, month: int, day: int) -> list[Occurrence]:
    """The festivals a day cell names: those starting that day, and on the 1st those continuing into it."""
    when = date(edition.year, month, day)
    return [o for o in edition.occurrences if o.start == when or (day == 1 and o.start < when <= o.end)]


def name_words(occurrence: Occurrence) -> list[str]:
    """The words a cell must show: the German name without a closing gloss in brackets (a run-in may drop it;
    the strip has it), without the marks."""
    return [word.strip("*±…") for word in short_name(occurrence.festival.name_de).split() if word.strip("*±…")]


def cell_text(page: Page, cell: Cell) -> str:
    lines = [e for e in page.walk() if isinstance(e, TextLine) and e.container == cell.box]
    return " ".join(line.text for line in lines)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2009", " "))


def assert_every_festival_in_its_cell(edition: Edition, pages: tuple[Page, ...]) -> int:
    """Layout data: each cell lists exactly its day's festivals as shown, none sent away, every line inside the
    cell, each name's words in the cell's text. Returns the number of occurrences checked."""
    checked = 0
    for page in pages[1:13]:
        month = page.number - 1
        for cell in page.cells:
            expected = festivals_of(edition, month, cell.day)
            assert set(cell.shown) == {o.id for o in expected}, (month, cell.day, cell.shown)
            assert not cell.hidden, (month, cell.day, cell.hidden)
            lines = [e for e in page.walk() if isinstance(e, TextLine) and e.container == cell.box]
            for line in lines:
                assert cell.box.contains(line.bounds), (month, cell.day, line.text)
            text = normalised(cell_text(page, cell))
            for occurrence in expected:
                for word in name_words(occurrence):
                    assert word in text, (month, cell.day, occurrence.id, word, text)
                checked += 1
    return checked


@pytest.fixture(scope="module", params=YEARS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Edition, tuple[Page, ...],
                                                                                              Path]:  # fmt: skip
    year = request.param
    out = tmp_path_factory.mktemp(f"crowded-{year}")
    data = out / "data"  # a copy: a build records its feeds' state in the data folder
    shutil.copytree(DATA, data)
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out), "--year", str(year)])
    assert result.exit_code == 0, result.output
    edition = load_edition(Settings(data_dir=data, year=year))
    pages = layout_edition(edition, load_edition_settings(data), draft=True)
    return edition, pages, out / str(year) / f"kalender-{year}-entwurf.pdf"


def test_every_festival_is_in_its_day_cell_in_the_layout(built: tuple[Edition, tuple[Page, ...], Path]) -> None:
    edition, pages, _ = built
    starting = sum(1 for o in edition.occurrences if o.start.year == edition.year)
    # every occurrence starting in the year, and those continuing into a month, named on its 1st
    assert assert_every_festival_in_its_cell(edition, pages) >= starting > 100


def test_every_festival_is_in_its_day_cell_in_the_pdf(built: tuple[Edition, tuple[Page, ...], Path]) -> None:
    """The PDF as a reader sees it: the words of every festival's name are printed inside its cell's rectangle,
    at 8 pt or more."""
    edition, pages, pdf = built
    with pikepdf.open(pdf) as document:
        offset = float(document.pages[0].obj.TrimBox[0])
    checked = 0
    with pdfplumber.open(pdf) as document:
        for page in pages[1:13]:
            plumber = document.pages[page.number - 1]
            height = float(plumber.height)
            for cell in page.cells:
                box = cell.box
                bbox = (offset + box.x, height - offset - box.top, offset + box.right, height - offset - box.y)
                words = plumber.within_bbox(bbox).extract_words(extra_attrs=["size"])
                text = normalised(" ".join(str(w["text"]) for w in words))
                for occurrence in festivals_of(edition, page.number - 1, cell.day):
                    for word in name_words(occurrence):
                        found = [w for w in words if word in normalised(str(w["text"]))]
                        assert found, (page.number - 1, cell.day, occurrence.id, word, text)
                        assert max(float(w["size"]) for w in found) >= FESTIVAL_SECONDARY_SIZE - 0.01
                    checked += 1
    assert checked == sum(len(c.shown) for p in pages[1:13] for c in p.cells)


def test_the_busiest_days_run_in_without_a_mark_or_separator_starting_a_line() -> None:
    """In a run-in a line may break between the words of a name, never before a mark or a separator."""
    edition = load_edition(Settings(data_dir=DATA, year=2027))
    pages = layout_edition(edition, load_edition_settings(DATA))
    for page in pages[1:13]:
        for cell in page.cells:
            for line in (e for e in page.walk() if isinstance(e, TextLine) and e.container == cell.box):
                assert not line.text.lstrip().startswith(("*", "±", RUN_IN_SEPARATOR.strip(), "·")), line.text


# --- a day far busier than today's data -----------------------------------------------------------------------

#: festivals of several traditions with names of every length, all moved to one day
CROWD = ("palm-sunday", "nevruz-ali", "bahai-naw-ruz", "newroz", "nowruz", "day-against-racism", "holi")


def crowded_edition(year: int, when: date, ids: tuple[str, ...]) -> Edition:
    edition = load_edition(Settings(data_dir=DATA, year=year))
    chosen = {o.id: o for o in edition.occurrences if o.id in ids}
    assert set(chosen) == set(ids)
    moved = tuple(replace(chosen[i], start=when, end=when + (chosen[i].end - chosen[i].start)) for i in ids)
    kept = tuple(e for e in edition.entries if not (isinstance(e, Occurrence) and e.id in ids))
    return replace(edition, entries=kept + moved)


# 21 March already has six of them; 19 May lies in a month of six weeks (the smallest cells); 11 August has
# nothing else; the 31st of May is the last row of its page
@pytest.mark.parametrize("when", [date(2027, 3, 21), date(2027, 5, 19), date(2027, 8, 11), date(2027, 5, 31)])
def test_a_day_with_seven_festivals_names_every_one_in_its_cell(when: date) -> None:
    edition = crowded_edition(2027, when, CROWD)
    on_the_day = festivals_of(edition, when.month, when.day)
    others = [o for o in on_the_day if o.id not in CROWD]
    assert len(on_the_day) == 7 + len(others)
    pages = layout_edition(edition, load_edition_settings(DATA))
    page = pages[when.month]
    cell = next(c for c in page.cells if c.day == when.day)
    assert len(cell.shown) == len(on_the_day) and not cell.hidden
    assert_every_festival_in_its_cell(edition, pages)
