"""Baden-Württemberg's school holidays: the table in data/ is consistent with the calendar facts it rests on, its
days show as a band in the grid and the year overview, and a year outside the table gets a warning, no band."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.easter import easter

from calendar_builder.build import load_edition
from calendar_builder.edition.school_holidays import SCHOOL_HOLIDAYS_FILE, load_school_holidays
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.errors import DataError
from calendar_builder.layout import style
from calendar_builder.layout.geometry import Fill
from calendar_builder.layout.pages import layout_edition
from calendar_builder.settings import Settings
from tests.printkit import data_folder

ROOT = Path(__file__).resolve().parent.parent
TABLE = load_school_holidays(ROOT / "data")


def test_the_table_names_its_source_and_covers_whole_years() -> None:
    assert "Kultus" in TABLE.source
    for year in TABLE.covers:
        # every covered year has its Christmas, Easter, Whitsun, summer and autumn holidays
        names = {h.name for h in TABLE.holidays if h.start.year == year or h.end.year == year}
        assert {"Weihnachtsferien", "Osterferien", "Pfingstferien", "Sommerferien", "Herbstferien"} <= names


@pytest.mark.parametrize("holiday", [h for h in TABLE.holidays if h.name.startswith("Gründonnerstag")])
def test_maundy_thursday_is_three_days_before_easter(holiday) -> None:  # type: ignore[no-untyped-def]
    assert holiday.start == holiday.end == easter(holiday.start.year) - timedelta(days=3)


def test_easter_and_whitsun_holidays_lie_around_their_feasts() -> None:
    for year in TABLE.covers:
        easter_day = easter(year)
        whitsun = easter_day + timedelta(days=49)
        (spring,) = [h for h in TABLE.holidays if h.name == "Osterferien" and h.start.year == year]
        (pentecost,) = [h for h in TABLE.holidays if h.name == "Pfingstferien" and h.start.year == year]
        assert spring.start - timedelta(days=7) <= easter_day <= spring.end + timedelta(days=7)
        assert pentecost.start - timedelta(days=1) <= whitsun + timedelta(days=1) <= pentecost.end + timedelta(days=14)


def test_summer_holidays_are_six_weeks_and_a_bit_from_late_july() -> None:
    for holiday in (h for h in TABLE.holidays if h.name == "Sommerferien"):
        assert (holiday.end - holiday.start).days + 1 == 45
        assert holiday.start.month == 7 and holiday.start.day >= 20


def test_every_school_day_off_has_its_band_in_the_grid() -> None:
    settings = Settings(data_dir=ROOT / "data", year=2027)
    edition = load_edition(settings)
    assert edition.school_notice is None
    pages = layout_edition(edition, load_edition_settings(ROOT / "data"))
    for page in pages[1:13]:
        month = page.number - 1
        bands = [
            e for e in page.walk() if isinstance(e, Fill) and e.colour == style.SCHOOL_HOLIDAY and e.role == "cell"
        ]
        banded = {cell.day for cell in page.cells for band in bands if cell.box.contains(band.box)}
        expected = {d.day for d in edition.school_days if d.month == month}
        assert banded == expected, month
    assert date(2027, 8, 15) in edition.school_days and date(2027, 9, 12) not in edition.school_days


def test_a_year_outside_the_table_is_a_warning_and_no_band(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    shutil.copy(ROOT / "data" / SCHOOL_HOLIDAYS_FILE, folder / SCHOOL_HOLIDAYS_FILE)
    edition = load_edition(Settings(data_dir=folder, year=2026))
    assert edition.school_days and edition.school_notice is None
    later = load_school_holidays(folder)
    assert later.days_in(2031) == frozenset()
    notice = later.notice(2031)
    assert notice is not None and "2031" in notice and "no school holiday band" in notice


def test_overlapping_periods_are_a_located_error(tmp_path: Path) -> None:
    (tmp_path / SCHOOL_HOLIDAYS_FILE).write_text(
        "source: Test\ncovers: [2027]\nholidays:\n  - {name: A, start: 2027-07-01, end: 2027-07-10}\n"
        "  - {name: B, start: 2027-07-05, end: 2027-07-20}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_school_holidays(tmp_path)
    assert "overlaps" in str(caught.value) and SCHOOL_HOLIDAYS_FILE in str(caught.value)
