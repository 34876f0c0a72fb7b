"""Each rule kind checked against an independent source (another library or a published algorithm), 1900–2100."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import holidays
import pytest
from convertdate import holidays as cd_holidays
from dateutil.relativedelta import FR, MO, SU, WE, relativedelta
from holidays.calendars.hebrew import _HebrewLunisolar
from hypothesis import given
from hypothesis import strategies as st
from lunar_python import Lunar

from calendar_builder.core.rules import WEEKDAYS, ExpandOptions, RuleSyntaxError, expand_rule, parse_rule
from calendar_builder.errors import OutOfRangeError

YEARS = range(1900, 2101)
OPTIONS = ExpandOptions()
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def days(rule: str, year: int) -> list[date]:
    return expand_rule(parse_rule(rule), year, OPTIONS)


def julian_to_gregorian(year: int, month: int, day: int) -> date:
    """Julian calendar -> Gregorian via the Julian Day Number (Meeus, Astronomical Algorithms, ch. 7)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return date.fromordinal(jdn - 1721425)


def orthodox_easter_meeus(year: int) -> date:
    """Julian Easter by Meeus' Julian algorithm, mapped to the Gregorian calendar."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return julian_to_gregorian(year, month, day + 1)


def test_western_easter_matches_convertdate() -> None:
    for year in YEARS:
        assert days("easter", year) == [date(*cd_holidays.easter(year))]


def test_orthodox_easter_matches_meeus_and_holidays_ethiopia() -> None:
    for year in YEARS:
        assert days("orthodox-easter", year) == [orthodox_easter_meeus(year)]
    for year in range(holidays.Ethiopia.start_year, 2101):
        ethiopian = {d for d, name in holidays.Ethiopia(years=year).items() if "Easter Sunday" in name}
        assert set(days("orthodox-easter", year)) == ethiopian, year


@pytest.mark.parametrize(("rule", "offset"), [("easter - 2", -2), ("easter + 49", 49), ("easter - 46", -46)])
def test_easter_offsets(rule: str, offset: int) -> None:
    for year in YEARS:
        assert days(rule, year) == [date(*cd_holidays.easter(year)) + timedelta(days=offset)]


def test_julian_fixed_day_matches_jdn_formula() -> None:
    for year in YEARS:
        # Orthodox Christmas: 25 December Julian; in Gregorian year Y it is the Julian Christmas of Y - 1.
        assert days("julian 25 dec", year) == [julian_to_gregorian(year - 1, 12, 25)]
        assert days("julian 1 apr", year) == [julian_to_gregorian(year, 4, 1)]


def test_julian_nth_weekday_is_first_wednesday_of_julian_april() -> None:
    for year in YEARS:
        first = julian_to_gregorian(year, 4, 1)
        expected = first + relativedelta(weekday=WE(+1))
        assert days("julian-nth 1 wed apr", year) == [expected]


def test_nth_and_last_weekday_match_relativedelta() -> None:
    for year in YEARS:
        assert days("nth 2 sun may", year) == [date(year, 5, 1) + relativedelta(weekday=SU(+2))]
        assert days("last sun sep", year) == [date(year, 9, 30) + relativedelta(weekday=SU(-1))]
        assert days("nth 4 mon jan", year) == [date(year, 1, 1) + relativedelta(weekday=MO(+4))]


def test_fifth_weekday_is_missing_in_short_months() -> None:
    found = [year for year in YEARS if days("nth 5 fri feb", year)]
    assert found and all(date(y, 2, 29).weekday() == 4 for y in found if calendar.isleap(y))
    assert all(date(y, 2, 1).weekday() == 4 and calendar.isleap(y) for y in found)


def test_weekday_shift_first_advent() -> None:
    for year in YEARS:
        # The first Sunday of Advent is the fourth Sunday before Christmas Day.
        christmas = date(year, 12, 25)
        expected = christmas + relativedelta(weekday=SU(-1)) - timedelta(weeks=3)
        if christmas.weekday() == 6:
            expected = christmas - timedelta(weeks=4)
        assert days("fixed 27 nov; sun on-or-after", year) == [expected]


def test_buss_und_bettag_is_the_wednesday_before_23_november() -> None:
    for year in YEARS:
        expected = date(year, 11, 22) + relativedelta(weekday=WE(-1))
        assert days("fixed 23 nov; wed before", year) == [expected]


def test_29_february_only_in_leap_years() -> None:
    for year in YEARS:
        assert days("fixed 29 feb", year) == ([date(year, 2, 29)] if calendar.isleap(year) else [])


HEBREW_ORACLES = {
    "hebrew 15 nisan": ("passover", "passover_date"),
    "hebrew 1 tishrei": ("rosh_hashanah", "rosh_hashanah_date"),
    "hebrew 10 tishrei": ("yom_kippur", "yom_kippur_date"),
    "hebrew 15 tishrei": ("sukkot", "sukkot_date"),
    "hebrew 6 sivan": ("shavuot", "shavuot_date"),
    "hebrew 25 kislev": ("hanukkah", "hanukkah_date"),
    "hebrew 14 adar": ("purim", "purim_date"),
}


@pytest.mark.parametrize("rule", sorted(HEBREW_ORACLES))
def test_hebrew_days_match_convertdate_and_holidays_tables(rule: str) -> None:
    convertdate_name, table_name = HEBREW_ORACLES[rule]
    table = _HebrewLunisolar()
    for year in YEARS:
        ours = days(rule, year)
        if rule != "hebrew 25 kislev":  # convertdate gives one Hanukkah per year; 2 can fall in one year
            assert ours == [date(*getattr(cd_holidays, convertdate_name)(year))], (rule, year)
        if year >= 1947:
            expected = getattr(table, table_name)(year)
            expected = expected if isinstance(expected, set) else {expected}
            assert set(ours) == {d for d in expected if d.year == year}, (rule, year)


def test_adar_i_exists_only_in_leap_years() -> None:
    from pyluach.hebrewcal import Year

    for year in YEARS:
        found = days("hebrew 14 adar-i", year)
        # Purim Katan: the Hebrew year beginning in autumn of year-1 is the one containing this Adar.
        assert len(found) == int(Year(year + 3760).leap), year


def test_chinese_rules_use_the_month_table() -> None:
    for year in YEARS:
        assert [d.isoformat() for d in days("chinese 15 8", year)] == [Lunar.fromYmd(year, 8, 15).getSolar().toYmd()]


def test_chinese_calendar_refuses_years_it_cannot_cover() -> None:
    with pytest.raises(OutOfRangeError, match="Chinese calendar is only supported from"):
        days("chinese 1 1", 1898)


def test_ethiopian_days_match_holidays_ethiopia() -> None:
    for year in range(holidays.Ethiopia.start_year, 2101):
        named = holidays.Ethiopia(years=year)
        assert days("ethiopian 1 meskerem", year) == named.get_named("Ethiopian New Year"), year
        assert days("ethiopian 17 meskerem", year) == named.get_named("Finding of True Cross"), year
        assert days("ethiopian 11 tir", year) == named.get_named("Epiphany"), year


def test_offsets_can_cross_new_year() -> None:
    for year in range(1901, 2100):
        new_year_eve = days("fixed 1 jan - 1", year)
        assert new_year_eve == [date(year, 12, 31)]


@given(
    st.integers(min_value=1900, max_value=2100),
    st.sampled_from(MONTHS),
    st.sampled_from(sorted(WEEKDAYS)),
    st.integers(min_value=1, max_value=4),
)
def test_nth_weekday_properties(year: int, month: str, weekday: str, nth: int) -> None:
    (found,) = days(f"nth {nth} {weekday} {month}", year)
    assert found.weekday() == WEEKDAYS[weekday]
    assert found.month == MONTHS.index(month) + 1
    assert (found.day - 1) // 7 == nth - 1


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(sorted(WEEKDAYS)),
    st.sampled_from(["on-or-after", "after", "on-or-before", "before"]),
)
def test_weekday_shift_properties(day: date, weekday: str, mode: str) -> None:
    rule = f"fixed {day.day} {MONTHS[day.month - 1]}; {weekday} {mode}"
    found = [d for y in (day.year - 1, day.year, day.year + 1) if 1900 <= y <= 2100 for d in days(rule, y)]
    candidates = [d for d in found if abs((d - day).days) <= 7]
    assert len(candidates) == 1
    (shifted,) = candidates
    gap = (shifted - day).days
    assert shifted.weekday() == WEEKDAYS[weekday]
    expected_range = {"on-or-after": (0, 6), "after": (1, 7), "on-or-before": (-6, 0), "before": (-7, -1)}[mode]
    assert expected_range[0] <= gap <= expected_range[1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot read rule"),
        ("fixed 3", "takes 2 argument"),
        ("fixed 3 oktober", "unknown month 'oktober'"),
        ("nth 6 sun may", "N must be 1 to 5"),
        ("last sonntag sep", "unknown weekday 'sonntag'"),
        ("twin-holy-birthday 3", "takes 1 or 2"),
        ("ethiopian 7 pagume", "day 7 does not exist"),
        ("chinese 31 1", "day 31 does not exist"),
    ],
)
def test_rule_syntax_errors(text: str, message: str) -> None:
    with pytest.raises(RuleSyntaxError, match=message):
        parse_rule(text)


def test_friday_offsets_from_sunday() -> None:
    for year in YEARS:
        (start,) = days("fixed 21 sep; sun on-or-after", year)
        assert days("fixed 21 sep; sun on-or-after + 5", year) == [start + relativedelta(weekday=FR(+1))]
