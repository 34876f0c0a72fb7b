"""The year's moon phases through the build cache (layout/moon_cache.py): the same phases as ephem's search, read
back from a record, and found again for any record that is not one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.cache import Memo
from calendar_builder.calendars import astro
from calendar_builder.layout import moon_cache


@pytest.mark.parametrize("year", [1900, 2000, 2026, 2027, 2100])
def test_phases_read_back_are_those_found(year: int) -> None:
    memo = Memo(moon_cache.NAMESPACE, moon_cache.memo_version())
    with moon_cache.phases_through(memo):
        made = moon_cache.moon_phases(year)
        read = moon_cache.moon_phases(year)
    assert made == read == astro.moon_phases(year)
    assert 48 <= len(made) <= 52 and memo.find(year) == moon_cache.encode(made)
    assert moon_cache.moon_phases(year) == made  # and without the cache


@pytest.mark.parametrize(
    "record",
    [b"", b"\xff", b"2027-01-07 new", b"2027-13-01 new\n", b"2027-01-07 blue\n", b"2027-02-01 new\n2027-01-07 full\n",
     b"2027-01-07  new\n", b"2027-01-07 new\n\n"],
)  # fmt: skip
def test_a_record_that_is_no_list_of_phases_is_found_again(record: bytes) -> None:
    memo = Memo(moon_cache.NAMESPACE, moon_cache.memo_version())
    memo.keep(2027, record)
    with moon_cache.phases_through(memo):
        assert moon_cache.moon_phases(2027) == astro.moon_phases(2027)
    assert memo.find(2027) == moon_cache.encode(astro.moon_phases(2027))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.sampled_from(astro.PHASE_KINDS)), min_size=1))
def test_encode_and_decode_are_inverse(phases: list[tuple[date, str]]) -> None:
    phases.sort(key=lambda phase: phase[0])
    assert moon_cache.decode(moon_cache.encode(phases)) == phases


def test_the_version_names_ephem_and_the_code() -> None:
    version = moon_cache.memo_version()
    assert "__init__.py" in version and "_libastro" in version
