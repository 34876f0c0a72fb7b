"""Every registered calendar system through the one interface: round trips over its whole supported range,
month lengths against consecutive month starts, and each conversion against an independent source."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import lunardate
import pytest
from convertdate import bahai as cd_bahai
from convertdate import hebrew as cd_hebrew
from convertdate import persian as cd_persian
from hijridate import Gregorian
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.calendars import CalendarSystem, registry
from calendar_builder.core.rules import ISLAMIC_AUTHORITIES, RULE_KINDS, parse_rule
from calendar_builder.errors import OutOfRangeError
from calendar_builder.proof.rule_words import rule_in_words
from tests.test_chinese_table import LUNARDATE_DIFFERENCES
from tests.test_rules import julian_to_gregorian

CALENDARS = Path(__file__).resolve().parent.parent / "calendar_builder" / "calendars"
#: Every system: each registered calendar, and each authority's version where it has several.
SYSTEMS: dict[str, CalendarSystem] = {
    f"{name}:{authority}" if authority else name: registry.calendar(name).system(authority)
    for name in registry.NAMES
    for authority in (registry.calendar(name).authorities or ("",))
}


def _days_of(system: CalendarSystem) -> st.SearchStrategy[date]:
    first, last = system.supported()
    return st.dates(min_value=first, max_value=last)


def _next_month(system: CalendarSystem, year: int, month: int) -> tuple[int, int]:
    months = system.months(year)
    position = months.index(month)
    if position + 1 < len(months):
        return year, months[position + 1]
    return year + 1, system.months(year + 1)[0]


def test_registry_names_resolve_to_their_own_calendar() -> None:
    for name in registry.NAMES:
        calendar = registry.calendar(name)
        assert calendar.name == name
        assert calendar.default in calendar.by_authority.values() or not calendar.by_authority
        assert name in RULE_KINDS
    with pytest.raises(ValueError, match="known: julian, hebrew"):
        registry.calendar("mayan")


def test_islamic_authorities_of_the_command_line_are_the_hijri_calendars() -> None:
    assert ISLAMIC_AUTHORITIES == registry.calendar("hijri").authorities
    with pytest.raises(ValueError, match="valid: diyanet, umm-al-qura"):
        registry.calendar_system("hijri", "isna")


def test_calendar_modules_import_only_errors_and_astronomy() -> None:
    allowed = {"calendar_builder.errors", "calendar_builder.calendars", "calendar_builder.calendars.astro"}
    for name in (*registry.NAMES, "astro"):
        tree = ast.parse((CALENDARS / f"{name}.py").read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        ours = {module for module in imported if module.startswith("calendar_builder")}
        assert ours <= allowed, (name, ours - allowed)


@pytest.mark.parametrize("key", sorted(SYSTEMS))
def test_round_trip_over_the_whole_supported_range(key: str) -> None:
    system = SYSTEMS[key]

    @settings(max_examples=150, deadline=None)
    @given(_days_of(system))
    def check(day: date) -> None:
        year, month, dom = system.from_gregorian(day)
        assert month in system.months(year)
        assert 1 <= dom <= system.month_length(year, month) <= system.longest_month(month)
        assert system.to_gregorian(year, month, dom) == day
        assert system.year_of(day) == year

    check()


@pytest.mark.parametrize("key", sorted(SYSTEMS))
def test_range_ends_round_trip_and_beyond_is_a_clear_error(key: str) -> None:
    system = SYSTEMS[key]
    first, last = system.supported()
    for day in (first, last):
        assert system.to_gregorian(*system.from_gregorian(day)) == day
    outside = [day + timedelta(days=step) for day, step in ((first, -1), (last, 1)) if date.min < day < date.max]
    for day in outside:
        with pytest.raises(OutOfRangeError, match=f"only supported from {first.isoformat()} to {last.isoformat()}"):
            system.from_gregorian(day)


@pytest.mark.parametrize("key", sorted(SYSTEMS))
def test_month_lengths_agree_with_consecutive_month_starts(key: str) -> None:
    system = SYSTEMS[key]
    first, last = system.supported()

    @settings(max_examples=150, deadline=None)
    @given(_days_of(system))
    def check(day: date) -> None:
        year, month, dom = system.from_gregorian(day)
        start = day - timedelta(days=dom - 1)
        end = start + timedelta(days=system.month_length(year, month) - 1)
        if start < first or end >= last:
            return  # the month is cut by the range's end
        assert system.from_gregorian(start) == (year, month, 1)
        assert system.from_gregorian(end) == (year, month, system.month_length(year, month))
        assert system.from_gregorian(end + timedelta(days=1)) == (*_next_month(system, year, month), 1)

    check()


@pytest.mark.parametrize("key", sorted(SYSTEMS))
def test_months_in_year_add_up_to_the_year(key: str) -> None:
    system = SYSTEMS[key]
    first, last = system.supported()
    first_year, last_year = system.year_of(first) + 1, system.year_of(last) - 1

    @settings(max_examples=40, deadline=None)
    @given(st.integers(min_value=first_year, max_value=min(last_year, first_year + 8000)))
    def check(year: int) -> None:
        months = system.months(year)
        assert system.months_in_year(year) == len(months) == len(set(months))
        start = system.to_gregorian(year, months[0], 1)
        following = system.to_gregorian(year + 1, system.months(year + 1)[0], 1)
        assert start is not None and following is not None
        assert sum(system.month_length(year, m) for m in months) == (following - start).days

    check()


@pytest.mark.parametrize("key", sorted(SYSTEMS))
def test_a_day_past_the_end_of_a_month_does_not_exist(key: str) -> None:
    system = SYSTEMS[key]
    year = system.year_of(date(2026, 6, 1))
    for month in system.months(year):
        assert system.to_gregorian(year, month, system.month_length(year, month) + 1) is None
        assert system.to_gregorian(year, month, 0) is None
        assert system.month_label_de(year, month)


# --- each conversion against an independent source ---------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(100, 1, 1), max_value=date(9999, 12, 31)))
def test_hebrew_against_convertdate(day: date) -> None:
    """pyluach (the system) against convertdate.hebrew, an independent implementation, same month numbers."""
    assert registry.calendar_system("hebrew").from_gregorian(day) == cd_hebrew.from_gregorian(
        day.year, day.month, day.day
    )


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(100, 1, 1), max_value=date(9999, 12, 1)))
def test_julian_against_the_julian_day_number_formula(day: date) -> None:
    year, month, dom = registry.calendar_system("julian").from_gregorian(day)
    assert julian_to_gregorian(year, month, dom) == day


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(300, 1, 1), max_value=date(9999, 12, 31)))
def test_ethiopian_against_calendrical_calculations(day: date) -> None:
    """Reingold & Dershowitz: fixed(y, m, d) = epoch - 1 + 365(y-1) + y//4 + 30(m-1) + d, epoch R.D. 2796."""
    year, month, dom = registry.calendar_system("ethiopian").from_gregorian(day)
    assert 2796 - 1 + 365 * (year - 1) + year // 4 + 30 * (month - 1) + dom == day.toordinal()


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_persian_against_convertdate(day: date) -> None:
    assert registry.calendar_system("persian").from_gregorian(day) == cd_persian.from_gregorian(
        day.year, day.month, day.day
    )


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2014, 3, 21), max_value=date(2100, 12, 31)))
def test_bahai_against_convertdate_since_the_reform(day: date) -> None:
    """From Naw-Rúz 2014 on convertdate's equinox rule and the World Centre's table agree on every Naw-Rúz
    (before, the West kept 21 March, which convertdate does not model)."""
    assert registry.calendar_system("bahai").from_gregorian(day) == cd_bahai.from_gregorian(
        day.year, day.month, day.day
    )


def _near_a_documented_difference(day: date) -> bool:
    return any(abs((day - start).days) <= 31 for pair in LUNARDATE_DIFFERENCES.values() for start in pair)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1900, 2, 1), max_value=date(2099, 12, 31)))
def test_chinese_against_lunardate(day: date) -> None:
    """lunardate carries its own table; it differs from ours on four documented month starts only."""
    if _near_a_documented_difference(day):
        return
    chinese = registry.calendar_system("chinese")
    year, month, dom = chinese.from_gregorian(day)
    theirs = lunardate.LunarDate.from_solar_date(day.year, day.month, day.day)
    leap = month > 12
    assert (year, month - 12 if leap else month, dom, leap) == (
        theirs.year,
        theirs.month,
        theirs.day,
        bool(theirs.isLeapMonth),
    )


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1945, 12, 5), max_value=date(2077, 11, 16)))
def test_diyanet_months_against_umm_al_qura_mid_month(day: date) -> None:
    """The Diyanet table and hijridate's Umm al-Qura months start at most two days apart, so in the middle of
    an Umm al-Qura month both name the same month."""
    reference = Gregorian(day.year, day.month, day.day).to_hijri()
    if not 4 <= reference.day <= 26:
        return
    year, month, _ = registry.calendar_system("hijri", "diyanet").from_gregorian(day)
    assert (year, month) == (reference.year, reference.month)


# --- the rule grammar and the proof words come from the registry -----------------------------------------


@pytest.mark.parametrize("name", registry.NAMES)
def test_every_month_name_of_every_calendar_parses_and_has_words(name: str) -> None:
    for authority in registry.calendar(name).authorities or ("diyanet",):
        system = registry.calendar_system(name, authority)
        for month, number in system.month_names.items():
            rule = parse_rule(f"{name} 1 {month}")
            assert rule.kind == name and rule.month == month
            words = rule_in_words(rule, authority)
            assert words.startswith("1. ") and system.words_de in words
            longest = system.longest_month(number)
            parse_rule(f"{name} {longest} {month}")
            with pytest.raises(ValueError, match=f"does not exist in {name} month"):
                parse_rule(f"{name} {longest + 1} {month}")


def test_the_hebrew_longest_months_are_pyluachs_over_four_centuries() -> None:
    """The table of the most days each month can have equals the longest of pyluach's month lengths in 5600–6000
    (every year type occurs many times)."""
    from pyluach import dates, hebrewcal

    from calendar_builder.calendars import hebrew

    longest: dict[int, int] = {}
    for year in range(5600, 6001):
        for month in hebrew.HEBREW.months(year):
            following = hebrewcal.Month(year, month) + 1
            days = int(dates.HebrewDate(following.year, following.month, 1) - dates.HebrewDate(year, month, 1))
            longest[month] = max(longest.get(month, 0), days)
    assert longest == hebrew.LONGEST_MONTH
