"""The proof of the shipped 2027 edition as the council gets it: short enough for one evening, readable on A4."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from calendar_builder.build import build_proof, load_edition
from calendar_builder.calendars.monthnames import MONTHS_DE
from calendar_builder.layout.geometry import Page
from calendar_builder.layout.pages import layout_edition
from calendar_builder.proof.rounds import ProofRound
from calendar_builder.proof.things import SERIES, day_label
from calendar_builder.render.proof_pdf import APPENDIX, MIN_PRINTED_PT, a4_bands, a4_scale
from calendar_builder.settings import Settings
from tests.conftest import ROOT
from tests.pdf_text_sizes import text_runs
from tests.test_proof import assert_plain_german, labels, section_text, squash

YEAR = 2027
A4 = (595.28, 841.89)
#: the parts the council reads before the calendar pages
REVIEW_PART = ("Übersicht", "Änderungen", "Prüfliste")


@dataclass(frozen=True)
class Shipped:
    data: Path
    proof: ProofRound
    pages: tuple[Page, ...]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Shipped:
    root = tmp_path_factory.mktemp("shipped")
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    settings = Settings(data_dir=data, out_dir=root / "out", year=YEAR)
    proof = build_proof(settings, echo=lambda _: None)
    edition = load_edition(settings)
    return Shipped(data, proof, layout_edition(edition, settings.edition_settings))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    with pikepdf.open(pdf) as opened:
        return [(float(p.mediabox[2]), float(p.mediabox[3])) for p in opened.pages]


def is_a4(size: tuple[float, float]) -> bool:
    return sorted(round(v, 1) for v in size) == [round(v, 1) for v in A4]


def test_the_review_part_of_the_default_edition_fits_thirty_a4_pages(shipped: Shipped) -> None:
    for pdf in (shipped.proof.pdf, shipped.proof.pdf_a4):
        names = labels(pdf)
        sizes = page_sizes(pdf)
        review = [n for n, label in enumerate(names) if label.startswith(REVIEW_PART)]
        assert review == list(range(len(review))), "the review part comes first"
        assert 0 < len(review) <= 30, len(review)
        assert all(is_a4(sizes[n]) for n in review)


def test_every_series_of_the_default_edition_is_one_row(shipped: Shipped) -> None:
    series = [t for t in shipped.proof.things if t.kind == SERIES]
    weekly = [t for t in series if t.rule.startswith("jede Woche")]
    assert weekly and all(len(t.dates) >= 20 for t in weekly)
    listed = squash(section_text(shipped.proof.pdf, "Prüfliste"))
    for thing in series:
        assert listed.count(f"{thing.name} ") + listed.count(f"{thing.name}\n") >= 1, thing.name
        assert f"{len(thing.dates)} Termine erster: {day_label(thing.first)} letzter: {day_label(thing.last)}" in listed
    for organisation in shipped.proof.organisations.values():
        listed = listed.replace(organisation, "")  # the group rows name the organisations
    names = [t.name for t in shipped.proof.things]
    for thing in weekly:
        if names.count(thing.name) == 1:
            assert listed.count(thing.name) == 1, f"{thing.name} is listed in more than one row"


def test_the_council_part_of_the_default_edition_speaks_plain_german(shipped: Shipped) -> None:
    for pdf in (shipped.proof.pdf, shipped.proof.pdf_a4):
        council = [label for label in labels(pdf) if not label.startswith(APPENDIX)]
        assert_plain_german(squash(section_text(pdf, *set(council))), shipped.data)
        assert labels(pdf)[-1].startswith(APPENDIX), "the appendix comes last"


def test_every_overflowing_cell_is_named_on_the_decisions_page(shipped: Shipped) -> None:
    edition = load_edition(Settings(data_dir=shipped.data, year=YEAR))
    festivals = {o.festival.id: o.festival.name_de for o in edition.occurrences}
    events = {f"{e.organisation}/{e.event.id}": e.event.title_de for e in edition.events}
    decisions = squash(section_text(shipped.proof.pdf, "Übersicht"))
    decisions = decisions[decisions.index("Tage, an denen nicht alles ins Kästchen passt") :]
    months = [page for page in shipped.pages if page.kind == "month"]
    overflowing = 0
    for month, page in enumerate(months, start=1):
        for cell in page.cells:
            hidden = [festivals[i] for i in cell.hidden] + [events[k] for k in cell.hidden_events]
            if not hidden:
                continue
            overflowing += 1
            line = decisions[decisions.index(day_label(date(YEAR, month, cell.day))) :][:400]
            assert f"„+{len(hidden)}“" in line, (MONTHS_DE[month - 1], cell.day)
            for name in hidden:
                assert f"„{name}“" in line, (cell.day, name)
    assert overflowing >= 1, "the shipped edition has crowded days; the check must see them"
    assert f"nicht alles ins Kästchen passt ({overflowing})" in decisions


def test_the_a4_version_has_no_text_below_six_points_and_the_screen_version_keeps_full_pages(shipped: Shipped) -> None:
    runs = text_runs(shipped.proof.pdf_a4)
    assert len(runs) > 1000
    smallest = min(runs, key=lambda run: run[1])
    assert smallest[1] >= MIN_PRINTED_PT - 1e-6, smallest
    assert all(is_a4(size) for size in page_sizes(shipped.proof.pdf_a4))
    # the calendar pages themselves are on A4 (not only the lists): their smallest text is there too
    names = labels(shipped.proof.pdf_a4)
    january = [n + 1 for n, label in enumerate(names) if label.startswith("Januar ")]
    assert len(january) >= 2 and any(page in january for page, _, _ in runs)
    screen = page_sizes(shipped.proof.pdf)
    sheet = screen[labels(shipped.proof.pdf).index("Januar")]
    assert sheet[0] > 297 * 72 / 25.4 and sheet[1] > 420 * 72 / 25.4, "the screen version shows the whole A3 page"


def test_bands_cover_each_page_once_and_cut_between_week_rows(shipped: Shipped) -> None:
    for page in shipped.pages:
        bands = a4_bands(page, a4_scale(page))
        assert bands[0][1] == page.height and bands[-1][0] == 0.0
        assert all(upper[0] == lower[1] for upper, lower in zip(bands, bands[1:], strict=False))
        rows = {round(c.box.y, 2) for c in page.cells} | {round(c.box.top, 2) for c in page.cells}
        for bottom, _ in bands[:-1]:
            if page.cells:
                assert round(bottom, 2) in rows, (page.number, bottom)
