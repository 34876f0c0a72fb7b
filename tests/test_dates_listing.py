"""`dates`: the rows made from templates and shared with a forked worker are exactly what encoding each entry's
record and sorting all entries together give."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder import dates_listing
from calendar_builder.core.expand import expand
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition.merge import merge
from calendar_builder.organisations import events_between, load_organisations
from calendar_builder.render import dates_json
from calendar_builder.render.dates_json import RowTemplate, RowWriter, event_record, occurrence_record, write_rows
from calendar_builder.render.dates_text import text_row

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def shipped() -> tuple:
    return load_catalogue(DATA / "holidays.yaml"), load_organisations(DATA / "organisations.yaml")


def reference_rows(shipped: tuple, years: range, options: ExpandOptions) -> list[str]:
    """Each entry's whole record encoded by the standard encoder, in the order of one sorted list."""
    catalogue, organisations = shipped
    expansion = expand(catalogue.festivals, years, options)
    events = events_between(organisations, date(years.start, 1, 1), date(years.stop - 1, 12, 31))
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    return [
        encode(occurrence_record(e) if hasattr(e, "festival") else event_record(e))
        for e in merge(expansion.occurrences, events)
    ]


@pytest.mark.parametrize("authority", ["diyanet", "umm-al-qura"])
def test_shared_json_rows_are_the_records_of_one_sorted_list(shipped: tuple, authority: str) -> None:
    years = range(2000, 2061)  # 61 years x ~190 festivals: shared with the worker
    options = ExpandOptions(authority)
    catalogue, organisations = shipped
    assert len(catalogue.festivals) * len(years) >= dates_listing.SHARE_FROM
    listing = dates_listing.list_dates(catalogue.festivals, organisations, years, options, lambda: RowWriter().row)
    rows = list(listing.rows)
    assert rows == reference_rows(shipped, years, options)
    assert any('"kind": "event"' in row for row in rows) and any('"variants": [{' in row for row in rows)


def test_shared_text_rows_equal_one_process(shipped: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue, organisations = shipped
    years, options = range(1990, 2051), ExpandOptions("diyanet")
    shared = dates_listing.list_dates(catalogue.festivals, organisations, years, options, lambda: text_row)
    shared_rows, shared_notices = list(shared.rows), shared.notices
    monkeypatch.setattr(dates_listing, "SHARE_FROM", 10**9)
    alone = dates_listing.list_dates(catalogue.festivals, organisations, years, options, lambda: text_row)
    assert shared_rows == list(alone.rows)
    assert [str(n) for n in shared_notices] == [str(n) for n in alone.notices]
    assert shared_notices, "the range reaches before the East Asian date tables, so some festivals are left out"


def test_a_text_holding_a_hole_marker_is_encoded_whole() -> None:
    record = {"kind": "festival", "name": "\x000\x00", "date": "x", "end": "y", "variants": []}
    assert RowTemplate.of(record, ("date", "end", "variants")) is None
    template = RowTemplate.of({**record, "name": "Fest"}, ("date", "end", "variants"))
    assert template is not None
    filled = template.fill(('"2027-01-01"', '"2027-01-02"', "[]"))
    assert json.loads(filled) == {**record, "name": "Fest", "date": "2027-01-01", "end": "2027-01-02"}


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.text(alphabet='ab"é{', max_size=5).map(json.dumps), max_size=9), batch=st.integers(1, 4))
def test_rows_written_in_batches_form_one_json_array(rows: list[str], batch: int) -> None:
    original = dates_json.ROWS_PER_WRITE
    dates_json.ROWS_PER_WRITE = batch
    try:
        out = io.StringIO()
        write_rows(iter(rows), out)
    finally:
        dates_json.ROWS_PER_WRITE = original
    assert json.loads(out.getvalue()) == [json.loads(row) for row in rows]
    assert out.getvalue() == "[" + ("\n" + ",\n".join(rows) if rows else "") + "\n]\n"
