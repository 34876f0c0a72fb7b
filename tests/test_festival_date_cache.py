"""Each festival's dates in an edition's year through the build cache (edition/festival_dates.py): the same
occurrences, verdicts and notices as expanding and confirming all festivals at once, read back from records, and
computed again for any record that is not one."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.cache import Memo, read_pack
from calendar_builder.core.authorities import ISLAMIC_AUTHORITIES
from calendar_builder.core.confirm import confirm
from calendar_builder.core.expand import expand
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Catalogue
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition import festival_dates
from calendar_builder.edition.festival_dates import Dated, dates_through, edition_dates

ROOT = Path(__file__).resolve().parent.parent


@cache
def _shipped() -> Catalogue:
    return load_catalogue(ROOT / "data" / "holidays.yaml")


@pytest.fixture
def catalogue() -> Catalogue:
    return _shipped()


def _all_at_once(catalogue: Catalogue, year: int, options: ExpandOptions) -> Dated:
    """What make_edition did before the cache: every festival expanded together, then those touching the year."""
    result = expand(catalogue.festivals, range(year - 1, year + 1), options)
    touching = tuple(o for o in result.occurrences if o.end.year >= year and o.start.year <= year)
    return confirm(touching, options), tuple(n for n in result.notices if n.year == year)


@pytest.mark.parametrize("authority", ISLAMIC_AUTHORITIES)
@pytest.mark.parametrize("year", [1990, 2026, 2027, 2050, 2099])
def test_cold_and_warm_give_the_dates_of_all_festivals_expanded_at_once(
    catalogue: Catalogue, year: int, authority: str
) -> None:
    options = ExpandOptions(authority)
    expected = _all_at_once(catalogue, year, options)
    assert edition_dates(catalogue.festivals, year, options) == expected  # no cache
    memo = Memo(festival_dates.NAMESPACE, "v")
    with dates_through(memo):
        assert edition_dates(catalogue.festivals, year, options) == expected
    assert memo.misses == len(catalogue.festivals) and memo.hits == 0
    again = Memo(festival_dates.NAMESPACE, "v", read_pack(memo.pack()))
    with dates_through(again):
        assert edition_dates(catalogue.festivals, year, options) == expected
    assert again.hits == len(catalogue.festivals) and again.misses == 0


def test_a_renamed_festival_alone_is_dated_again(catalogue: Catalogue) -> None:
    options = ExpandOptions()
    memo = Memo(festival_dates.NAMESPACE, "v")
    with dates_through(memo):
        edition_dates(catalogue.festivals, 2027, options)
    first = catalogue.festivals[0]
    renamed = (replace(first, names=(("de", "Umbenannt"), *first.names[1:])), *catalogue.festivals[1:])
    again = Memo(festival_dates.NAMESPACE, "v", read_pack(memo.pack()))
    with dates_through(again):
        found = edition_dates(renamed, 2027, options)
    assert again.misses == 1 and again.hits == len(renamed) - 1
    assert found == _all_at_once(replace(catalogue, festivals=renamed), 2027, options)
    assert all(o.festival is renamed[0] for o in found[0] if o.id == first.id)


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=1900, max_value=2100), st.sampled_from(ISLAMIC_AUTHORITIES))
def test_every_festivals_record_reads_back_as_its_dates(year: int, authority: str) -> None:
    options = ExpandOptions(authority)
    for festival in _shipped().festivals:
        dated = festival_dates.festival_dates(festival, year, options)
        assert festival_dates.decode(festival_dates.encode(dated), festival) == dated


def _a_record(catalogue: Catalogue) -> tuple[list[object], object]:
    """The decoded JSON of a record with occurrences, variants and a confirmation, and its festival."""
    options = ExpandOptions()
    for festival in catalogue.festivals:
        dated = festival_dates.festival_dates(festival, 2027, options)
        if dated[0] and dated[0][0].variants and dated[0][0].confirmation is not None:
            return json.loads(festival_dates.encode(dated)), festival
    raise AssertionError("the shipped data has a festival with variants")


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.pop(),  # no notices
        lambda r: r[0][0].__setitem__(0, "738000"),  # a day as text
        lambda r: r[0][0].__setitem__(0, 0),  # no such day
        lambda r: r[0][0].__setitem__(0, 10**20),  # beyond any date
        lambda r: r[0][0].__setitem__(2, True),  # a flag for a number
        lambda r: r[0][0].__setitem__(3, "guessed"),  # no such decision
        lambda r: r[0][0].__setitem__(6, 1),  # a number for a flag
        lambda r: r[0][0].__setitem__(7, [[1, "a"]]),  # a variant without its English words
        lambda r: r[0][0].__setitem__(7, "none"),
        lambda r: r[0][0].__setitem__(9, ["method", "perhaps", None]),  # no such verdict
        lambda r: r[0][0].__setitem__(9, "agrees"),
        lambda r: r[0][0].append(None),  # a field too many
        lambda r: r[1].append([2027]),  # a notice without its reason
        lambda r: r[1].append("ab"),  # a notice as text
        lambda r: r.__setitem__(1, ""),  # no list of notices
        lambda r: r.__setitem__(0, ""),  # no list of occurrences
        lambda r: r[0][0][7].__setitem__(0, "abc"),  # a variant as text
        lambda r: r[0][0].__setitem__(9, "abc"),  # a confirmation as text
    ],
)
def test_a_record_that_is_not_one_is_dated_again(catalogue: Catalogue, change: object) -> None:
    record, festival = _a_record(catalogue)
    change(record)  # type: ignore[operator]
    data = json.dumps(record).encode("utf-8")
    assert festival_dates.decode(data, festival) is None  # type: ignore[arg-type]
    memo = Memo(festival_dates.NAMESPACE, "v")
    memo.keep((festival, 2027, ExpandOptions()), data)
    with dates_through(memo):
        found = edition_dates((festival,), 2027, ExpandOptions())  # type: ignore[arg-type]
    assert found == festival_dates.festival_dates(festival, 2027, ExpandOptions())  # type: ignore[arg-type]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=11),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_is_a_record_or_refused_without_an_error(value: object) -> None:
    festival = _shipped().festivals[0]
    found = festival_dates.decode(json.dumps(value).encode("utf-8"), festival)
    assert found is None or festival_dates.encode(found) == json.dumps(
        value, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    assert festival_dates.decode(b"\xff" + json.dumps(value).encode("utf-8"), festival) is None
