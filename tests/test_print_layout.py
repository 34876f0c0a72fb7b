"""Layout invariants checked on the page data alone, without drawing a PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.dates import get_month_names

from calendar_builder.build import load_edition
from calendar_builder.calendars.monthnames import cldr_month_name
from calendar_builder.edition.settings import FORMATS
from calendar_builder.layout import pages as layout_pages
from calendar_builder.layout.fit import LayoutError
from calendar_builder.layout.geometry import BACKGROUND, Group, Page, TextLine
from calendar_builder.layout.month import EVENING_MARK, SPILL_MARK
from calendar_builder.layout.style import FESTIVAL_SECONDARY_SIZE, FINE_PRINT_SIZE, MIN_TEXT_SIZE
from calendar_builder.settings import Settings
from calendar_builder.text import metrics
from tests.printkit import YEAR, data_folder, edition, pages

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=sorted(FORMATS))
def layout(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Page, ...]:
    return pages(data_folder(tmp_path_factory.mktemp("layout")), format=request.param)


def test_fourteen_pages_in_binding_order(layout: tuple[Page, ...]) -> None:
    assert [p.kind for p in layout] == ["cover"] + ["month"] * 12 + ["back"]
    assert [p.number for p in layout] == list(range(1, 15))


def test_every_text_line_stays_in_its_box_and_the_safe_zone(layout: tuple[Page, ...]) -> None:
    for page in layout:
        for element in page.walk():
            if isinstance(element, TextLine):
                assert element.container.contains(element.bounds), (page.number, element.text)
                assert page.safe.contains(element.bounds), (page.number, element.text)


def test_nothing_but_background_in_the_binding_band_or_outside_the_safe_zone(layout: tuple[Page, ...]) -> None:
    for page in layout:
        assert page.binding.h == pytest.approx(20 / 25.4 * 72)
        for element in page.elements:
            if element.role == BACKGROUND:
                continue
            assert not element.bounds.intersects(page.binding), (page.number, element)
            assert page.trim.contains(element.bounds), (page.number, element)
            if element.role != "cell":
                assert page.safe.contains(element.bounds), (page.number, element)


def test_backgrounds_cover_their_bleed_but_groups_are_clipped_to_it(layout: tuple[Page, ...]) -> None:
    for page in layout:
        for element in page.elements:
            if isinstance(element, Group):
                assert page.bleed_box.contains(element.clip)
        art = [e for e in page.elements if isinstance(e, Group)]
        assert any(e.clip.top == pytest.approx(page.bleed_box.top) for e in art), "artwork runs into the top bleed"


def test_type_scale_holds_on_every_page(layout: tuple[Page, ...]) -> None:
    """Month pages: nothing below 7.5 pt, festival names in cells at 8 pt or more; the back page: fine print
    (the imprint) at 6 pt or more, everything else at 7 pt or more."""
    for page in layout:
        for cell in page.cells:
            assert cell.size >= FESTIVAL_SECONDARY_SIZE
        for element in page.walk():
            if not isinstance(element, TextLine):
                continue
            if page.kind == "month":
                assert element.size >= MIN_TEXT_SIZE, (page.number, element.text)
            elif page.kind == "back":
                assert element.size >= FINE_PRINT_SIZE, (page.number, element.text)


def test_every_festival_is_named_in_its_cell_or_sent_to_the_strip_with_an_arrow(layout: tuple[Page, ...],
                                                                               tmp_path: Path) -> None:  # fmt: skip
    ed = edition(data_folder(tmp_path))
    for page in layout[1:13]:
        month = page.number - 1
        texts = " ".join(e.text for e in page.walk() if isinstance(e, TextLine))
        for cell in page.cells:
            day = date(YEAR, month, cell.day)
            expected = {o.id for o in ed.occurrences if o.start == day or (o.start < day.replace(day=1) <= o.end
                                                                             and cell.day == 1)}  # fmt: skip
            assert set(cell.shown) | set(cell.hidden) == expected
            cell_text = " ".join(e.text for e in page.walk() if isinstance(e, TextLine) and e.container == cell.box)
            for festival_id in cell.shown:
                name = next(o for o in ed.occurrences if o.id == festival_id).festival.name_de
                assert name.split()[0] in cell_text, (day, festival_id)
            if cell.hidden:  # a spill is never a silent count: the cell points to the strip, the strip has arrows
                assert f"{SPILL_MARK} " in cell_text and "unten" in cell_text, (day, cell_text)
                assert texts.count(SPILL_MARK) >= len(cell.hidden) + 1
        for occurrence in ed.occurrences:
            if occurrence.start.month == month and occurrence.start.year == YEAR:
                assert occurrence.festival.name_de.split()[0] in texts


def test_crowded_day_keeps_its_festivals_first_at_the_secondary_size(tmp_path: Path) -> None:
    may = pages(data_folder(tmp_path))[5]
    cell = next(c for c in may.cells if c.day == 14)
    assert cell.shown
    assert cell.size == FESTIVAL_SECONDARY_SIZE
    assert len(cell.shown) + len(cell.hidden) == 7


def test_no_mark_stands_alone_on_a_line(layout: tuple[Page, ...]) -> None:
    for page in layout:
        lines: dict[tuple[float, float, float], list[TextLine]] = {}
        for element in page.walk():
            if isinstance(element, TextLine):
                key = (round(element.container.x, 1), round(element.container.y, 1), round(element.baseline, 2))
                lines.setdefault(key, []).append(element)
        for row in lines.values():
            text = " ".join(e.text for e in sorted(row, key=lambda e: e.x)).replace("\u2009", " ").strip()
            assert text.strip("*± ") or not text, (page.number, text)


def test_evening_mark_follows_festivals_that_begin_the_evening_before(tmp_path: Path) -> None:
    september = pages(data_folder(tmp_path))[9]
    texts = [e.text for e in september.walk() if isinstance(e, TextLine)]
    assert any(text.endswith(EVENING_MARK) and "Schana" in text for text in texts)


def test_sundays_and_public_holidays_are_highlighted(tmp_path: Path) -> None:
    january = pages(data_folder(tmp_path))[1]
    red_numbers = {
        e.text
        for e in january.walk()
        if isinstance(e, TextLine) and e.text.isdigit() and e.size >= 20 and e.colour.m > 50
    }
    assert red_numbers == {"1", "4", "6", "11", "18", "25"}  # Neujahr, Epiphanias and the Sundays of January 2026


def test_iso_week_numbers(tmp_path: Path) -> None:
    january = pages(data_folder(tmp_path))[1]
    weeks = [e.text for e in january.walk() if isinstance(e, TextLine) and e.container.w < 30 and e.text.isdigit()]
    assert weeks == [str(date(YEAR, 1, d).isocalendar()[1]) for d in (1, 5, 12, 19, 26)]


def test_month_names_come_from_cldr(tmp_path: Path) -> None:
    page = pages(data_folder(tmp_path), month_languages=("tr", "pl", "el", "ru"))[3]
    texts = [e.text for e in page.walk() if isinstance(e, TextLine)]
    line = next(t for t in texts if "·" in t and "Mart" in t)
    for language in ("tr", "pl", "el", "ru"):
        name = str(get_month_names("wide", "stand-alone", locale=language)[3])
        assert cldr_month_name(3, language).lower() == name.lower()
        assert cldr_month_name(3, language) in line


def test_every_script_of_the_month_names_is_renderable() -> None:
    for name in ("Ocak", "Μάρτιος", "Март", "ॐ", "مارس", "مارس", "מרץ", "三月"):
        assert metrics.renderable(name), name
    assert not metrics.renderable("\U0001f9e7")  # an emoji: no shipped font has it


def test_a_name_too_long_for_any_cell_is_a_build_error(tmp_path: Path) -> None:
    long_name = " ".join(["Überlangername"] * 10)
    extra = f"""  - id: too-long
    tradition: civic
    names: {{de: "{long_name}", en: Long}}
    explanation: {{de: Zu lang.}}
    rule: fixed 9 jul
"""
    with pytest.raises(LayoutError, match=r"holidays.yaml:\d+ \[names.de\].*'too-long'.*does not fit a day cell"):
        pages(data_folder(tmp_path, extra))


def test_first_sentence_ends_at_a_real_sentence_end() -> None:
    from calendar_builder.layout.month import first_sentence

    assert (
        first_sentence("Fest der Rettung, z. B. im Buch Ester. Zweiter Satz.")
        == "Fest der Rettung, z. B. im Buch Ester."
    )
    assert first_sentence("Seit 1995. Danach mehr.") == "Seit 1995."
    assert first_sentence("Kein Ende") == "Kein Ende"


@pytest.mark.parametrize("year", [2026, 2028, 2030])
def test_the_shipped_data_lays_out_in_other_years_too(year: int) -> None:
    """Crowded months give up words, never type size: the shipped data fits every month of these years."""
    from calendar_builder.build import load_edition
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.settings import Settings

    settings = Settings(data_dir=Path(__file__).resolve().parent.parent / "data", year=year)
    assert len(layout_edition(load_edition(settings, leave_out_uncovered=True), settings.edition_settings)) == 14


def test_month_pages_are_the_same_whichever_month_is_tried_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The busiest month is tried first only so that a height some month does not take is given up early: the
    pages of the shipped data are those of any other order, and no order lays out fewer months."""
    settings = Settings(data_dir=ROOT / "data", year=2027)
    shipped = load_edition(settings)
    tried: list[int] = []
    month_page = layout_pages.month_page

    def counted(*args: object) -> Page:
        tried.append(1)
        return month_page(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(layout_pages, "month_page", counted)
    outcomes = {}
    for name, estimate in (("busiest", layout_pages.busiest_day), ("january", lambda data: data.month),
                           ("december", lambda data: -data.month)):  # fmt: skip
        monkeypatch.setattr(layout_pages, "busiest_day", estimate)
        tried.clear()
        outcomes[name] = (layout_pages.layout_edition(shipped, settings.edition_settings), len(tried))
    assert outcomes["busiest"][0] == outcomes["january"][0] == outcomes["december"][0]
    assert outcomes["busiest"][1] <= min(outcomes["january"][1], outcomes["december"][1])
