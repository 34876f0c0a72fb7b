"""The shipped Chinese month table against lunar-python (its generator), lunardate and the holidays tables."""

from __future__ import annotations

from datetime import date, timedelta

import lunardate
import pytest
from holidays.calendars.chinese import _ChineseLunisolar
from lunar_python import Lunar

from calendar_builder.calendars.chinese import CHINESE, month_table

# lunardate's own table differs from lunar-python (and, where it covers them, the holidays package) on these
# month starts: (lunar year, month) -> (lunardate's first day, the table's first day).
LUNARDATE_DIFFERENCES = {
    (1933, 6): (date(1933, 7, 22), date(1933, 7, 23)),
    (1954, 11): (date(1954, 11, 26), date(1954, 11, 25)),
    (1978, 8): (date(1978, 9, 2), date(1978, 9, 3)),
    (2057, 9): (date(2057, 9, 28), date(2057, 9, 29)),
}


def test_table_is_continuous_and_months_are_29_or_30_days() -> None:
    table = month_table()
    for before, after in zip(table, table[1:], strict=False):
        assert before.first_day + timedelta(days=before.days) == after.first_day
        assert before.days in (29, 30)


def test_table_matches_lunar_python_every_month() -> None:
    for month in month_table():
        if month.leap:
            continue
        solar = Lunar.fromYmd(month.year, month.month, 1).getSolar()
        assert date(solar.getYear(), solar.getMonth(), solar.getDay()) == month.first_day, month


def test_table_matches_lunardate_except_the_documented_months() -> None:
    for month in month_table():
        if month.leap or not 1900 <= month.year <= 2099:
            continue
        theirs = lunardate.LunarDate(month.year, month.month, 1).to_solar_date()
        if (month.year, month.month) in LUNARDATE_DIFFERENCES:
            assert (theirs, month.first_day) == LUNARDATE_DIFFERENCES[(month.year, month.month)]
        else:
            assert theirs == month.first_day, month


@pytest.mark.parametrize(
    ("month", "day", "oracle"), [(1, 1, "lunar_new_year_date"), (5, 5, "dragon_boat_date"), (8, 15, "mid_autumn_date")]
)
def test_festival_days_match_the_holidays_package(month: int, day: int, oracle: str) -> None:
    table = _ChineseLunisolar()
    differences = []
    for year in range(1901, 2100):
        expected, _estimated = getattr(table, oracle)(year)
        if CHINESE.to_gregorian(year, month, day) != expected:
            differences.append(year)
    # The holidays package puts the 1916 New Year on 4 February; lunar-python and lunardate agree on
    # 3 February 1916 (the new moon fell on 3 February, China time).
    assert differences == ([1916] if oracle == "lunar_new_year_date" else [])


def test_year_of_round_trips() -> None:
    for month in month_table()[12:-12]:
        assert CHINESE.year_of(month.first_day) == month.year
        assert CHINESE.year_of(month.first_day + timedelta(days=month.days - 1)) == month.year
