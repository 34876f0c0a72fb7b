"""Rules for Yom haShoah, Tisha be-Av, Qingming and Dongzhi against independent sources across two centuries:
pyluach's fast days, the Knesset's rule worked through convertdate, lunar-python's solar-term tables and
China's public holidays (`holidays`)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays
import pytest
from convertdate import hebrew
from lunar_python import Solar
from pyluach import dates as hdates

from calendar_builder.calendars import solar_terms
from calendar_builder.core.expand import expand_festival
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Festival
from calendar_builder.core.rules import ExpandOptions, RuleSyntaxError, parse_rule
from calendar_builder.proof.rule_words import rule_in_words
from tests.conftest import ROOT

OPTIONS = ExpandOptions()
YEARS = range(1901, 2100)


@cache
def festivals() -> dict[str, Festival]:
    return {f.id: f for f in load_catalogue(ROOT / "data" / "holidays.yaml").festivals}


def dates_of(festival_id: str, year: int) -> list[date]:
    return [o.start for o in expand_festival(festivals()[festival_id], year, OPTIONS)]


def test_tisha_be_av_equals_pyluachs_fast_day_1901_2099() -> None:
    for year in YEARS:
        hebrew_year = year + 3760
        fast = [
            d.to_pydate() for d in (hdates.HebrewDate(hebrew_year, 5, 9), hdates.HebrewDate(hebrew_year, 5, 10))
            if d.holiday() == "9 of Av"
        ]  # fmt: skip
        assert dates_of("tischa-be-aw", year) == fast, year


def _yom_hashoah(year: int) -> date:
    """The Knesset's rule, worked independently: 27 Nisan by convertdate, Friday → Thursday, Sunday → Monday."""
    day = date(*hebrew.to_gregorian(year + 3760, 1, 27))
    return day + timedelta(days={4: -1, 6: 1}.get(day.weekday(), 0))


def test_yom_hashoah_by_the_knesset_rule_1951_2099() -> None:
    for year in range(1951, 2100):
        assert dates_of("jom-haschoa", year) == [_yom_hashoah(year)], year


@pytest.mark.parametrize("day", [date(2021, 4, 8), date(2024, 5, 6), date(2025, 4, 24), date(2027, 5, 4)])
def test_yom_hashoah_on_the_published_days(day: date) -> None:
    """hebcal.com's dates: moved from Friday (2021) and from Sunday (2024)."""
    assert dates_of("jom-haschoa", day.year) == [day]


@cache
def lunar_python_term(year: int, name: str) -> date:
    table = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()
    solar = table[name]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@pytest.mark.parametrize(("festival_id", "name"), [("qingming", "清明"), ("dongzhi", "DONG_ZHI")])
def test_solar_terms_equal_lunar_python_1901_2099(festival_id: str, name: str) -> None:
    assert [y for y in YEARS if dates_of(festival_id, y) != [lunar_python_term(y, name)]] == []


def test_every_solar_term_instant_reaches_its_longitude_1900_2100() -> None:
    """The search stops at steps under a second: each instant is within ephem's own precision (single precision,
    2.7e-5° near 360°) of its term's longitude, 5e-5° or 4 seconds of the sun's motion."""
    misses = [
        (year, term)
        for year in range(solar_terms.FIRST_YEAR, solar_terms.LAST_YEAR + 1)
        for term, longitude in solar_terms.TERMS.items()
        if abs((solar_terms.sun_longitude(solar_terms.term_instant(year, term)) - longitude + 180) % 360 - 180) > 5e-5
    ]
    assert misses == []


def test_qingming_is_chinas_tomb_sweeping_holiday_2008_2050() -> None:
    for year in range(2008, 2051):
        published = [d for d, n in holidays.China(years=year).items() if n == "Tomb-Sweeping Day"]
        assert dates_of("qingming", year) == published, year


def test_move_clauses_read_and_refuse_clearly() -> None:
    rule = parse_rule("hebrew 27 nisan; if fri -1; if sun +1")
    assert rule.moves == ((4, -1), (6, 1)) and rule.kind == "hebrew"
    words = rule_in_words(rule)
    assert "fällt er auf einen Freitag, 1 Tag früher" in words and "Sonntag, 1 Tag später" in words
    for bad, expected in (("hebrew 9 av; if sat", "if WEEKDAY -N"), ("hebrew 9 av; if sat +9", "1 to 6 days"),
                          ("hebrew 9 av; if caturday +1", "unknown weekday"),
                          ("solar-term lichun2", "unknown solar term")):  # fmt: skip
        with pytest.raises(RuleSyntaxError, match=expected):
            parse_rule(bad)
