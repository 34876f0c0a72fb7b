"""Solar Hijri calendar against convertdate.persian (Meeus via pymeeus, true noon at 52.5° E) and the
`holidays` package's Iranian Nowruz, plus round trips."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from convertdate import persian as reference
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.calendars import days_in_gregorian_year
from calendar_builder.calendars.persian import PERSIAN, marginal_years, nowruz


def test_nowruz_matches_convertdate_every_year() -> None:
    # convertdate recomputes the equinox on every call (~19 ms): one call per year only
    for year in range(1900, 2101):
        assert nowruz(year) == date(*reference.to_gregorian(year - 621, 1, 1)), year


@pytest.mark.parametrize("year", range(1900, 2101, 10))
def test_other_days_match_convertdate(year: int) -> None:
    sh_year = year - 621
    for month, day in ((2, 31), (6, 31), (7, 1), (11, 30), (12, 1)):
        assert PERSIAN.to_gregorian(sh_year, month, day) == date(*reference.to_gregorian(sh_year, month, day))
    length = PERSIAN.month_length(sh_year, 12)
    assert length == reference.month_length(sh_year, 12)


def test_nowruz_matches_holidays_iran() -> None:
    checked = 0
    for year in range(1980, 2101):
        found = [d for d, name in holidays.Iran(years=year).items() if d.month == 3 and "Nowruz" in name]
        if not found:
            continue
        assert nowruz(year) == min(found), year
        checked += 1
    assert checked > 100


def test_marginal_years_are_few_and_named() -> None:
    # equinox within 15 minutes of true noon at 52.5° E: where a mean-noon reading could differ
    assert marginal_years(minutes=15) == [1930, 1992, 2091]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_round_trip(day: date) -> None:
    year, month, dom = PERSIAN.from_gregorian(day)
    assert 1 <= month <= 12 and 1 <= dom <= PERSIAN.month_length(year, month)
    assert PERSIAN.to_gregorian(year, month, dom) == day


def test_every_year_is_365_or_366_days_and_esfand_29_or_30() -> None:
    for year in range(1900 - 621, 2100 - 621):
        assert PERSIAN.month_length(year, 12) in (29, 30)
        assert PERSIAN.to_gregorian(year, 12, 31) is None


def test_rule_helper_finds_nowruz_once_a_year() -> None:
    for year in (1900, 2025, 2100):
        assert days_in_gregorian_year(PERSIAN, "farvardin", 1, year) == [nowruz(year)]
        assert nowruz(year) - timedelta(days=1) == PERSIAN.to_gregorian(
            year - 622, 12, PERSIAN.month_length(year - 622, 12)
        )
