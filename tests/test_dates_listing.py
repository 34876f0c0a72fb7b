"""`dates`: the rows made from templates and shared with a forked worker are exactly what encoding each entry's
record and sorting all entries together give."""

from __future__ import annotations

import io
import json
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder import dates_listing
from calendar_builder.cache import Memo, read_pack
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
    form = dates_listing.RowFormat("json", lambda: RowWriter().row)
    listing = dates_listing.list_dates(catalogue.festivals, lambda: organisations.events, years, options, form)
    rows = [row.decode("utf-8") for row in listing.rows]
    assert rows == reference_rows(shipped, years, options)
    assert any('"kind": "event"' in row for row in rows) and any('"variants": [{' in row for row in rows)


def test_shared_text_rows_equal_one_process(shipped: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue, organisations = shipped
    years, options = range(1990, 2051), ExpandOptions("diyanet")
    form = dates_listing.RowFormat("text", lambda: text_row)
    shared = dates_listing.list_dates(catalogue.festivals, lambda: organisations.events, years, options, form)
    shared_rows, shared_notices = list(shared.rows), shared.notices
    monkeypatch.setattr(dates_listing, "SHARE_FROM", 10**9)
    alone = dates_listing.list_dates(catalogue.festivals, lambda: organisations.events, years, options, form)
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
        out = io.BytesIO()
        write_rows((row.encode("utf-8") for row in rows), out)
    finally:
        dates_json.ROWS_PER_WRITE = original
    text = out.getvalue().decode("utf-8")
    assert json.loads(text) == [json.loads(row) for row in rows]
    assert text == "[" + ("\n" + ",\n".join(rows) if rows else "") + "\n]\n"


def _listing(shipped: tuple, memo: Memo, festivals: tuple | None = None) -> tuple[list[bytes], list[str]]:
    catalogue, organisations = shipped
    form = dates_listing.RowFormat("json", lambda: RowWriter().row)
    listing = dates_listing.list_dates(
        festivals or catalogue.festivals,
        lambda: organisations.events,
        range(2095, 2101),
        ExpandOptions("diyanet"),
        form,
        memo,
    )
    return list(listing.rows), [str(n) for n in listing.notices]


def _reopened(memo: Memo) -> Memo:
    """The memo as the next run reads it back from its pack."""
    return Memo(memo.namespace, memo.version, read_pack(memo.pack()))


def test_rows_read_from_the_cache_equal_rows_computed(shipped: tuple) -> None:
    cold = Memo("dates-json", dates_listing.memo_version())
    computed = _listing(shipped, cold)
    assert cold.hits == 0 and cold.misses > len(shipped[0].festivals)
    warm = _reopened(cold)
    assert _listing(shipped, warm) == computed
    assert warm.misses == 0 and warm.hits == cold.misses
    assert computed[1], "2100 lies beyond the East Asian date tables: the left-out years come from the cache too"


def test_a_damaged_cache_value_is_computed_again(shipped: tuple) -> None:
    cold = Memo("dates-json", dates_listing.memo_version())
    computed = _listing(shipped, cold)
    damaged = Memo(
        cold.namespace, cold.version, {key: b"x" + value[1:] for key, value in read_pack(cold.pack()).items()}
    )
    assert _listing(shipped, damaged) == computed


def test_a_changed_festival_is_computed_again_and_the_others_are_read(shipped: tuple) -> None:
    catalogue = shipped[0]
    cold = Memo("dates-json", dates_listing.memo_version())
    _listing(shipped, cold)
    renamed = tuple(
        replace(f, names=(("de", "Umbenannt"), *f.names[1:])) if f.id == "epiphany" else f for f in catalogue.festivals
    )
    warm = _reopened(cold)
    rows, _ = _listing(shipped, warm, renamed)
    assert warm.misses == 1
    assert rows == _listing(shipped, Memo("dates-json", "other version"), renamed)[0]
    assert sum(b'"name": "Umbenannt"' in row for row in rows) == 6


def test_another_engine_version_never_meets_old_rows(shipped: tuple) -> None:
    cold = Memo("dates-json", dates_listing.memo_version())
    _listing(shipped, cold)
    other = Memo("dates-json", "another version", read_pack(cold.pack()))
    _listing(shipped, other)
    assert other.hits == 0


@given(st.binary(max_size=200))
def test_any_bytes_decode_to_a_row_set_or_to_none(value: bytes) -> None:
    for candidate in (value, zlib.compress(value)):
        decoded = dates_listing.RowSet.decode(candidate)
        assert decoded is None or len(decoded.days) == len(decoded.moments) == len(decoded.rows)


def test_a_long_listing_keeps_its_rows_and_a_short_one_leaves_no_cache(
    small_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from calendar_builder.cli import main

    monkeypatch.chdir(tmp_path)
    short = CliRunner().invoke(main, ["dates", "--data", str(small_data), "--from", "2026", "--to", "2027", "--json"])
    assert short.exit_code == 0 and not (tmp_path / ".cache").exists()
    args = ["dates", "--data", str(small_data), "--from", "2020", "--to", "2040", "--json"]
    first = CliRunner().invoke(main, args)
    pack = tmp_path / ".cache" / "dates-json.pack"
    assert first.exit_code == 0 and read_pack(pack.read_bytes())
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and again.stdout_bytes == first.stdout_bytes
    assert json.loads(first.stdout) and first.stderr == again.stderr


@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 800_000),
            st.integers(0, 86_400_000_000),
            st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=20),
        ),
        max_size=30,
    ),
    left_out=st.lists(
        st.tuples(
            st.integers(1, 9999), st.text(st.characters(blacklist_characters="\n\t", blacklist_categories=("Cs",)))
        ),
        max_size=4,
    ),
)
def test_a_row_set_reads_back_as_it_was_written(rows: list[tuple[int, int, str]], left_out: list) -> None:
    """The worker sends its rows encoded; what the listing decodes is what the worker made."""
    row_set = dates_listing.RowSet(
        tuple(d for d, _, _ in rows),
        tuple(m for _, m, _ in rows),
        tuple(r.encode("utf-8") for _, _, r in rows),
        tuple(left_out),
    )
    value = row_set.encode()
    assert value is not None
    assert dates_listing.RowSet.decode(value) == row_set
