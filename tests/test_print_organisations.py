"""The print edition with the shipped data: organisation events in the day cells, the "Verein des Monats" box,
the directory, the glyph coverage check before drawing, and the preflight as the last step of `build`."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from calendar_builder.build import load_edition, write_print_pdf
from calendar_builder.calendars.monthnames import MONTHS_DE
from calendar_builder.cli import main
from calendar_builder.edition.model import Edition
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.layout.geometry import Box, Image, Page, QRCode, TextLine, VectorImage
from calendar_builder.layout.orgbox import FEATURED_HEADING, PARTNERS_HEADING, contact_lines, language_names
from calendar_builder.layout.pages import layout_edition
from calendar_builder.layout.placement import placement_report
from calendar_builder.organisations.series_words import series_line
from calendar_builder.render import print_pdf
from calendar_builder.settings import Settings
from tests.printkit import YEAR, data_folder

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REAL_YEAR = 2027  # the year the shipped sample events are written for


@pytest.fixture(scope="module")
def real() -> tuple[Edition, tuple[Page, ...]]:
    edition = load_edition(Settings(data_dir=DATA, year=REAL_YEAR))
    return edition, layout_edition(edition, load_edition_settings(DATA))


def texts(page: Page, inside: Box | None = None) -> str:
    lines = [e for e in page.walk() if isinstance(e, TextLine) and (inside is None or inside.contains(e.bounds))]
    # column by column (each line's container), then top to bottom, then left to right
    order = sorted(lines, key=lambda t: (round(t.container.x), -round(t.container.top), -round(t.baseline, 1), t.x))
    return " ".join(line.text for line in order)


def words_of(text: str) -> list[str]:
    return text.split()


def test_fourteen_pages_with_the_real_data(real: tuple[Edition, tuple[Page, ...]]) -> None:
    _, pages = real
    assert [p.kind for p in pages] == ["cover"] + ["month"] * 12 + ["back"]


def test_one_off_events_go_to_their_cell_or_the_month_list_and_series_are_named_once(
    real: tuple[Edition, tuple[Page, ...]],
) -> None:
    edition, pages = real
    assert len(edition.events) >= 40
    report = placement_report(edition, pages)
    assert len(report.placed) == len(edition.events)  # every occurrence is accounted for
    places = {item.key: item.place for item in report.placed}
    back = texts(pages[13])
    for occurrence in edition.events:
        event = occurrence.event
        key = f"{occurrence.organisation}/{event.id}"
        place = places[f"{key}@{occurrence.start.isoformat()}"]
        if event.recurring and not event.print_in_cells:
            # a series never fills the cells: it is one "Regelmäßig" line of its organisation
            assert place in ("Regelmäßig", "feeds only")
            for page in pages[1:13]:
                assert all(key not in cell.shown_events + cell.hidden_events for cell in page.cells)
            if place == "Regelmäßig":
                assert series_line(event) in " ".join(back.split()), key
            continue
        first = max(occurrence.start, date(REAL_YEAR, 1, 1))
        page = pages[first.month]
        cell = next(c for c in page.cells if c.day == first.day)
        assert key in cell.shown_events + cell.hidden_events, (first, key)
        if place == "cell":
            cell_text = texts(page, cell.box)
            assert all(word in cell_text for word in words_of(event.title_de)), (first, key, cell_text)
        elif place == "month list":
            page_text = texts(page)
            assert f"Weitere Termine im {MONTHS_DE[first.month - 1]}" in page_text
            assert f"{first.day}.{first.month}." in page_text


def test_event_lines_are_one_ink_beside_the_events_coloured_marker(real: tuple[Edition, tuple[Page, ...]]) -> None:
    from calendar_builder.layout import style
    from calendar_builder.layout.geometry import Fill

    edition, pages = real
    found = 0
    for page in pages[1:13]:
        for cell in page.cells:
            if not cell.shown_events:
                continue
            inside = [e for e in page.walk() if e.bounds.y >= cell.box.y - 0.01 and cell.box.contains(e.bounds)]
            assert any(isinstance(e, Fill) and e.colour == style.EVENT for e in inside)
            assert all(e.colour == style.BLACK for e in inside if isinstance(e, TextLine) and e.size < 12
                       and e.text[:1].isdigit() and ":" in e.text)  # fmt: skip
            found += 1
    assert found >= 10


def test_featured_box_on_every_month(real: tuple[Edition, tuple[Page, ...]]) -> None:
    edition, pages = real
    partners = [o for o in edition.organisations.organisations if o.partner]
    featured_months = 0
    for month in range(1, 13):
        page = pages[month]
        org = edition.featured_in(month)
        text = texts(page)
        if org is None:
            assert PARTNERS_HEADING.upper() in text
            for partner in partners:
                assert partner.name in text
            continue
        featured_months += 1
        assert FEATURED_HEADING.upper() in text
        assert all(word in text for word in words_of(org.name))
        assert all(word in text for word in words_of(org.describe("de")))
        assert language_names(org.languages) in text.replace("Sprachen: ", "")
        for contact in contact_lines(org):
            assert contact in text, contact
        codes = [e for e in page.walk() if isinstance(e, QRCode)]
        assert len(codes) == (1 if org.contact.website else 0)
        assert all(page.safe.contains(code.box) for code in codes)
        logos = [e for e in page.walk() if isinstance(e, Image | VectorImage) and e.role == "logo"]
        assert len(logos) == (1 if org.logo else 0)
        for logo in logos:
            assert isinstance(logo, VectorImage) == org.logo.endswith(".svg")
            assert (isinstance(logo, VectorImage) or logo.ppi >= 300) and page.safe.contains(logo.box)
    assert any(isinstance(e, VectorImage) for page in pages for e in page.walk())  # the sample SVG logo
    assert featured_months >= 9


def test_language_names_come_from_cldr_in_german() -> None:
    assert language_names(["tr", "ar", "ku", "de"]) == "Türkisch, Arabisch, Kurdisch, Deutsch"


def test_directory_lists_every_organisation_partners_first(real: tuple[Edition, tuple[Page, ...]]) -> None:
    edition, pages = real
    back = texts(pages[-1])
    assert "Organisationen und Kontakte" in back
    for org in edition.organisations.organisations:
        assert org.name in back, org.name
        for contact in contact_lines(org):
            assert contact in back, contact
    orgs = edition.organisations.organisations
    last_partner = max(back.index(o.name) for o in orgs if o.partner)
    first_other = min(back.index(o.name) for o in orgs if not o.partner)
    assert last_partner < first_other
    assert "Partner" in back
    assert "folgt hier" not in back  # the old placeholder is gone


def test_two_builds_with_the_real_data_are_byte_identical(tmp_path: Path) -> None:
    settings = Settings(data_dir=DATA, out_dir=tmp_path / "a", year=REAL_YEAR)
    first = write_print_pdf(load_edition(settings), settings, echo=lambda _: None)[0].read_bytes()
    settings = Settings(data_dir=DATA, out_dir=tmp_path / "b", year=REAL_YEAR)
    second = write_print_pdf(load_edition(settings), settings, echo=lambda _: None)[0].read_bytes()
    assert first == second
    with pikepdf.open(tmp_path / "a" / str(REAL_YEAR) / f"kalender-{REAL_YEAR}-druck.pdf") as pdf:
        assert len(pdf.pages) == 14


def test_a_character_no_font_has_fails_the_build_naming_file_entry_field_and_fonts(tmp_path: Path) -> None:
    extra = """  - id: losar-test
    tradition: civic
    names: {de: Losar-Test, en: Losar test, bo: "ལོ་གསར་"}
    explanation: {de: Tibetisches Neujahr (Test).}
    rule: fixed 9 jul
"""
    folder = data_folder(tmp_path, extra)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(out), "--year", str(YEAR)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    line = next(x for x in result.output.splitlines() if "U+0F63" in x)
    assert f"{folder / 'holidays.yaml'}:" in line and "[names.bo]" in line
    assert "entry 'losar-test'" in line
    assert "U+0F63 TIBETAN LETTER LA" in line
    assert "tried: Noto Sans Regular" in line and "Droid Sans Fallback" in line
    assert not (out / str(YEAR) / f"kalender-{YEAR}-druck.pdf").exists()


def test_an_emoji_in_an_event_title_is_refused_with_its_location(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    shutil.copytree(DATA / "logos", folder / "logos")
    text = (DATA / "organisations.yaml").read_text(encoding="utf-8")
    (folder / "organisations.yaml").write_text(text.replace("title: Kinderfest zum 23. April",
                                                            "title: Kinderfest 🎈"), encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(tmp_path / "o"), "--year", "2027"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "organisations.yaml:" in result.output and "[title]" in result.output
    assert "beispielverein-kulturtreff-tr/kinderfest" in result.output and "U+1F388 BALLOON" in result.output


def test_build_runs_the_preflight_last(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(out), "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("preflight passed:")


def test_a_planted_fault_in_the_print_pdf_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An RGB rectangle slipped into page 2 after drawing: the preflight at the end of `build` must refuse it."""
    original = print_pdf.write_pdfx

    def with_rgb(raw: bytes, *args: object, **kwargs: object) -> bytes:
        import io

        pdf = pikepdf.open(io.BytesIO(raw))
        pdf.pages[1].contents_add(pdf.make_stream(b"q 1 0 0 rg 100 100 50 50 re f Q"))
        buffer = io.BytesIO()
        pdf.save(buffer)
        return original(buffer.getvalue(), *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(print_pdf, "write_pdfx", with_rgb)
    folder = data_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(out), "--year", str(YEAR)])
    assert result.exit_code == 1, result.output
    assert "failed the preflight" in result.output and "[colour]" in result.output and "page 2" in result.output
    assert "Traceback" not in result.output
    assert not (out / str(YEAR)).exists(), "nothing is published"
    assert (out / f"kalender-{YEAR}-druck.preflight-failed.pdf").exists(), "the failed file is kept for a look"
    assert [p.name for p in out.iterdir()] == [f"kalender-{YEAR}-druck.preflight-failed.pdf"], "no staging left"
