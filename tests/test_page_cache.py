"""Month pages in the build cache (layout/page_cache.py): every page survives its record exactly, any other bytes
give nothing, keys are the same in every process and differ for any other input, a month is laid out from its
slice of the year as from the whole year, and builds from a cold, warm or damaged cache, or after one festival was
renamed, give the bytes of a build from none (laying out again only the renamed festival's month)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.build import layout_caches, load_edition, save_cache
from calendar_builder.cache import CACHE_FOLDER, Memo, changed_packs, pack_path, read_pack
from calendar_builder.calendars import monthnames
from calendar_builder.core.model import CMYK
from calendar_builder.layout import page_cache, pages, qr_runs
from calendar_builder.layout.fit import LayoutError
from calendar_builder.layout.frame import Frame
from calendar_builder.layout.geometry import Box, Cell, Circle, Fill, Group, Page, QRCode, Rule, TextLine
from calendar_builder.layout.month import MonthInput, layout_month
from calendar_builder.layout.pages import check_layout, layout_edition
from calendar_builder.settings import Settings
from calendar_builder.text import metrics
from tests.build_hashes import EPOCH, HASH_FILE, ROOT, YEAR, build_and_hash

#: Epiphany's German name in data/holidays.yaml (tools/benchmark_all.py renames it the same way)
EPIPHANY = re.compile(r'(names: \{de: "Heilige Drei Könige \(Erscheinung des Herrn\))[^"]*(")')
#: the page number of January (the cover is page 1)
JANUARY = 2


@pytest.fixture(scope="module")
def default_layout() -> tuple[tuple[Page, ...], list[tuple[Frame, MonthInput, int, Any, Any]]]:
    """The default edition's pages, laid out without a cache, and the arguments of every month layout tried."""
    calls: list[tuple[Frame, MonthInput, int, Any, Any]] = []
    real = page_cache.month_page

    def month_page(frame: Frame, data: MonthInput, number: int, arts: Any, stages: Any) -> Page:
        calls.append((frame, data, number, arts, stages))
        return real(frame, data, number, arts, stages)

    settings_ = Settings(data_dir=ROOT / "data", year=YEAR)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "month_page", month_page)
        laid_out = layout_edition(load_edition(settings_, leave_out_uncovered=True), settings_.edition_settings)
    return laid_out, calls


# --- records ---------------------------------------------------------------------------------------------------


def test_every_page_of_the_default_edition_survives_its_record(default_layout: Any) -> None:
    laid_out, _ = default_layout
    keys = ((hashlib.sha256(b"a").digest(),), (), (hashlib.sha256(b"b").digest(), hashlib.sha256(b"c").digest()))
    for page in laid_out:
        found = page_cache.decode(page_cache.encode(page, keys))
        assert found is not None, page.number
        assert found == (page, keys), page.number
        # the same types too (an int stays an int, a float a float): the canonical text tells them apart
        assert page_cache.canonical(found[0]) == page_cache.canonical(page)
    message = "the strip of März does not fit"
    failed = page_cache.decode(page_cache.encode(LayoutError(message), ()))
    assert failed is not None and type(failed[0]) is LayoutError and failed[0].message == message


def test_the_classes_a_record_builds_set_nothing_beyond_their_fields() -> None:
    """Records are read into objects field by field, bypassing __init__: right only for plain frozen dataclasses."""
    for cls in page_cache.CLASSES.values():
        assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__"), cls
        assert cls.__dataclass_params__.frozen, cls  # type: ignore[attr-defined]


def _small_page() -> Page:
    box = Box(0, 1.5, -0.0, 1e-300)
    colour = CMYK(0, 100.0, 0.5, 7)
    inner = (
        Fill(box, colour, radius=0.25),
        Rule(1, 2.5, 3, 4, colour, 0.5),
        Circle(1.0, 2.0, 3.0, None),
        Fill(Box(0.0, 1.5, 0.0, 1e-300), CMYK(0.0, 100, 0.5, 7.0), radius=0.25),
    )  # equal, but not the same
    return Page(
        3, "month", 841.89, 1190.55, 8.5, box, box,
        (Group(box, (Group(box, inner),)), TextLine("Ḥanukka ☪ 🕎", 1.0, 2.0, 9.5, 40.125, colour, box, True),
         QRCode(box, 21, ((0, 1, 2), (20, 0, 21)), colour)),
        (Cell(1, box, ("epiphany",), (), 8.0, ("verein/treff",)),), (("verein/treff@2027-01-06", "cell"),),
    )  # fmt: skip


def test_a_record_of_odd_values_survives() -> None:
    page = _small_page()
    found = page_cache.decode(page_cache.encode(page))
    assert found == (page, ())
    assert page_cache.canonical(found[0]) == page_cache.canonical(page)  # -0.0 stays -0.0, 0 stays an int


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_damaged_record_gives_the_stored_page_or_nothing(data: st.DataObject) -> None:
    page = _small_page()
    record = bytearray(page_cache.encode(page, ((b"\x01" * 32,),)))
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, len(record)))
        action = data.draw(st.sampled_from(("flip", "cut", "insert")))
        if action == "flip" and where < len(record):
            record[where] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del record[where : where + data.draw(st.integers(1, 40))]
        else:
            record[where:where] = data.draw(st.binary(min_size=1, max_size=8))
    found = page_cache.decode(bytes(record))
    assert found is None or found == (page, ((b"\x01" * 32,),))


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False) | st.text(max_size=6)
    | st.sampled_from(sorted(page_cache.CLASSES)),
    lambda inner: st.lists(inner, max_size=6),
    max_leaves=40,
)  # fmt: skip


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sealed(tree: object) -> bytes:
    """A record of [outcome, used keys] as `encode` lays it out (the keys' line, then the outcome), behind its own
    SHA-256; any other value as one line of JSON."""
    if isinstance(tree, list) and len(tree) == 2:
        text = f"{_dumps(tree[1])}\n{_dumps(tree[0])}".encode()
    else:
        text = _dumps(tree).encode("utf-8")
    return hashlib.sha256(text).digest() + text


def _tree(page: Page) -> Any:
    """[outcome, used keys] of the page's record."""
    keys, outcome = page_cache.encode(page)[32:].split(b"\n")
    return [json.loads(outcome), json.loads(keys)]


def _replace_somewhere(tree: Any, path: list[int], value: Any) -> Any:
    if not path or not isinstance(tree, list) or not tree:
        return value
    index = path[0] % len(tree)
    return [*tree[:index], _replace_somewhere(tree[index], path[1:], value), *tree[index + 1 :]]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(0, 50), max_size=8), _json, st.binary(max_size=64))
def test_any_sealed_record_gives_exactly_what_it_says_or_nothing(path: list[int], value: Any, junk: bytes) -> None:
    """A record whose own SHA-256 holds (a foreign or forged one) is read only when it is exactly what `encode`
    makes of the page it gives: a value of the wrong type anywhere in it gives nothing, never an exception."""
    for record in (_sealed(_replace_somewhere(_tree(_small_page()), path, value)), _sealed(value), junk):
        found = page_cache.decode(record)
        if found is not None:
            assert page_cache.encode(*found) == record


def test_a_value_of_the_wrong_type_gives_nothing() -> None:
    tree = _tree(_small_page())
    box = tree[0][6]
    assert box[0] == "Box"
    for wrong in ("1.5", None, True, [1.5], {"x": 1}):
        bad = [[*tree[0][:6], ["Box", wrong, *box[2:]], *tree[0][7:]], tree[1]]
        assert page_cache.decode(_sealed(bad)) is None, wrong
    assert page_cache.decode(_sealed([["Page", *tree[0][1:-1]], tree[1]])) is None  # a field short
    assert page_cache.decode(_sealed([tree[0], [["00" * 31]]])) is None  # a key that is no SHA-256


# --- keys ------------------------------------------------------------------------------------------------------


def test_the_canonical_text_tells_every_value_apart() -> None:
    values = [1, 1.0, True, "1", b"1", None, (1,), [1], {1}, frozenset({1}), {1: 1}, 0.0, -0.0, date(2027, 1, 1),
              datetime(2027, 1, 1), timedelta(1), Path("1"), CMYK(1, 1, 1, 1), CMYK(1.0, 1, 1, 1), (1, (2,)), ((1, 2),),
              {"a": 1, "b": 2}, {"b": 2, "a": 1}, "a,b", ("a", "b")]  # fmt: skip
    texts = [page_cache.canonical(value) for value in values]
    assert len(set(texts)) == len(values)


def test_sets_are_written_in_one_order_whatever_their_own() -> None:
    days = [date(2027, 1, 1) + timedelta(n * 7) for n in range(60)]
    assert page_cache.canonical(frozenset(days)) == page_cache.canonical(frozenset(reversed(days)))
    assert page_cache.canonical({"b", "a", "c"}) == page_cache.canonical({"c", "b", "a"})


def test_a_value_of_an_unknown_type_has_no_key() -> None:
    with pytest.raises(page_cache.Uncacheable):
        page_cache.canonical((1, object()))


_DIGESTS = """
from pathlib import Path
from calendar_builder.build import load_edition
from calendar_builder.cache import Memo
from calendar_builder.layout import page_cache
from calendar_builder.layout.pages import layout_edition
from calendar_builder.settings import Settings
from calendar_builder.text import metrics
settings = Settings(data_dir=Path({data!r}), year={year})
with page_cache.pages_through(Memo(page_cache.NAMESPACE, "")) as store:
    layout_edition(load_edition(settings, leave_out_uncovered=True), settings.edition_settings)
    print(sorted(key.hex() for key in store.memo._used))
"""


def test_the_keys_are_the_same_in_every_process() -> None:
    """Sets and frozensets iterate in the order of the hash seed, which changes from process to process."""
    script = _DIGESTS.format(data=str(ROOT / "data"), year=YEAR)
    found = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        found.append(done.stdout)
    assert found[0] == found[1] and found[0].count("'") >= 24  # every month laid out at least once, each a key


def test_a_month_is_laid_out_from_its_slice_as_from_the_whole_year(default_layout: Any) -> None:
    _, calls = default_layout
    assert {number for _, _, number, _, _ in calls} == set(range(2, 14))
    for frame, data, number, arts, stages in calls:
        part = page_cache.month_slice(data)
        assert len(part.occurrences) < len(data.occurrences) and len(part.events) < len(data.events)
        first, last = date(data.year, data.month, 1), date(data.year, data.month, 28)
        while (last + timedelta(1)).month == data.month:
            last += timedelta(1)
        left_out = set(data.occurrences) - set(part.occurrences)
        assert all(o.end < first or o.start > last for o in left_out)
        assert replace(part, occurrences=data.occurrences, events=data.events) == data
        outcomes: list[Page | str] = []
        for month_input in (data, part):
            try:
                outcomes.append(layout_month(frame, month_input, number, arts, stages))
            except LayoutError as exc:
                outcomes.append(exc.message)
        assert outcomes[0] == outcomes[1], number


# --- through the build cache -----------------------------------------------------------------------------------


def _rename_epiphany(data: Path, version: int) -> None:
    path = data / "holidays.yaml"
    text, count = EPIPHANY.subn(rf"\1 – Fassung {version}\2", path.read_text(encoding="utf-8"), count=1)
    assert count == 1
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def laid_out_months(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The page numbers of the month layouts done, not read from the cache."""
    numbers: list[int] = []
    real = page_cache.layout_month

    def counted(frame: Frame, data: MonthInput, number: int, *rest: Any) -> Page:
        numbers.append(number)
        return real(frame, data, number, *rest)

    monkeypatch.setattr(page_cache, "layout_month", counted)
    yield numbers


def _layout(data: Path, cache: Path | None) -> tuple[Page, ...]:
    """The edition's pages through the build cache in `cache` (as build, check and proof do), which is saved; in a
    fresh process's state (the widths, month names and codes a process keeps are forgotten, as a new command's)."""
    for kept in (metrics.em_width, metrics.renderable, monthnames._cldr_names, qr_runs.qr_runs):
        kept.cache_clear()
    settings_ = Settings(data_dir=data, year=YEAR, cache_dir=cache)
    edition = load_edition(settings_, leave_out_uncovered=True)
    with layout_caches(settings_) as memos:
        laid_out = layout_edition(edition, settings_.edition_settings)
    save_cache(settings_, changed_packs(*memos))
    return laid_out


def test_only_the_renamed_festivals_month_is_laid_out_again(tmp_path: Path, laid_out_months: list[int]) -> None:
    data, cache = tmp_path / "data", tmp_path / CACHE_FOLDER
    shutil.copytree(ROOT / "data", data)
    cold = _layout(data, cache)
    assert set(laid_out_months) == set(range(2, 14))
    pack = pack_path(cache, page_cache.NAMESPACE).read_bytes()

    laid_out_months.clear()
    assert _layout(data, cache) == cold
    assert laid_out_months == []
    assert pack_path(cache, page_cache.NAMESPACE).read_bytes() == pack  # every record used, none made

    _rename_epiphany(data, 2)
    renamed = _layout(data, cache)
    assert set(laid_out_months) == {JANUARY}
    assert any("Fassung 2" in line.text for line in renamed[1].walk() if isinstance(line, TextLine))
    laid_out_months.clear()
    assert _layout(data, None) == renamed  # as laid out without a cache
    assert set(laid_out_months) == set(range(2, 14))


def test_a_check_of_the_layout_builds_no_stored_page_and_meets_what_does_not_fit(
    tmp_path: Path, laid_out_months: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check` asks only whether the months fit: a stored page is not built again from its record, a stored
    failure is raised as it is, and a month not stored is laid out and kept for the build."""
    data, cache = tmp_path / "data", tmp_path / CACHE_FOLDER
    shutil.copytree(ROOT / "data", data)
    cold = _layout(data, cache)
    built: list[object] = []
    real = page_cache._reader

    def counted(cls: Any) -> Any:
        built.append(cls)
        return real(cls)

    monkeypatch.setattr(page_cache, "_reader", counted)
    settings_ = Settings(data_dir=data, year=YEAR, cache_dir=cache)
    edition = load_edition(settings_, leave_out_uncovered=True)
    _rename_epiphany(data, 3)
    renamed = load_edition(settings_, leave_out_uncovered=True)
    laid_out_months.clear()
    with layout_caches(settings_) as memos:
        check_layout(edition, settings_.edition_settings)
        assert built == [] and laid_out_months == []
        check_layout(renamed, settings_.edition_settings)
        assert built == [] and set(laid_out_months) == {JANUARY}
        assert layout_edition(edition, settings_.edition_settings) == cold, "outside the check, pages are built"
        assert built
    save_cache(settings_, changed_packs(*memos))
    stored = read_pack(pack_path(cache, page_cache.NAMESPACE).read_bytes())
    failed = _sealed([[page_cache.NO_FIT, "the month does not fit"], []])
    forged = Memo(page_cache.NAMESPACE, "")
    forged.adopt(dict.fromkeys(stored, failed))
    pack_path(cache, page_cache.NAMESPACE).write_bytes(forged.pack())
    outcomes = []
    for lay_out in (layout_edition, check_layout):
        built.clear()
        try:
            with layout_caches(settings_):
                lay_out(edition, settings_.edition_settings)
            outcomes.append("fits")
        except LayoutError as exc:
            outcomes.append(exc.message)
    assert outcomes[0] == outcomes[1], "the stored failures are met as the build meets them"
    assert laid_out_months.count(JANUARY) > 1, "January was laid out at the heights not stored"


def _forge(cache: Path, value: Callable[[bytes], bytes]) -> int:
    """Replace the value of every month-page record, with a sound pack check (so that only the record's own
    check can refuse it); gives the number of records."""
    path = pack_path(cache, page_cache.NAMESPACE)
    records = read_pack(path.read_bytes())
    forged = Memo(page_cache.NAMESPACE, "")
    forged.adopt({key: value(record) for key, record in records.items()})
    path.write_bytes(forged.pack())
    return len(records)


def test_a_forged_or_undecodable_record_is_laid_out_again(tmp_path: Path, laid_out_months: list[int]) -> None:
    data, cache = tmp_path / "data", tmp_path / CACHE_FOLDER
    shutil.copytree(ROOT / "data", data)
    cold = _layout(data, cache)
    pack = pack_path(cache, page_cache.NAMESPACE).read_bytes()
    for damage in (lambda record: record[:-1], lambda record: b"", lambda record: _sealed([["Page"], []])):
        count = _forge(cache, damage)
        laid_out_months.clear()
        assert _layout(data, cache) == cold
        assert len(laid_out_months) == count
        assert pack_path(cache, page_cache.NAMESPACE).read_bytes() == pack  # each record made again as it was


def test_a_month_whose_shaped_text_is_gone_is_laid_out_again(tmp_path: Path, laid_out_months: list[int]) -> None:
    """A record lists the shaped-text records its layout made: read back without them, the shaped-text cache would
    lose them; so the month is laid out again and they are made again."""
    data, cache = tmp_path / "data", tmp_path / CACHE_FOLDER
    shutil.copytree(ROOT / "data", data)
    cold = _layout(data, cache)
    packs = {name: pack_path(cache, name).read_bytes() for name in ("shaped-text", page_cache.NAMESPACE)}
    pack_path(cache, "shaped-text").unlink()
    laid_out_months.clear()
    assert _layout(data, cache) == cold
    assert set(laid_out_months) == set(range(2, 14))
    assert {name: pack_path(cache, name).read_bytes() for name in packs} == packs


# --- whole builds ----------------------------------------------------------------------------------------------


def _out(scratch: Path) -> dict[str, bytes]:
    out = scratch / "out"
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def test_builds_from_a_cold_warm_and_damaged_page_cache_give_the_reference_bytes(tmp_path: Path) -> None:
    expected = HASH_FILE.read_text(encoding="utf-8")
    state = tmp_path / "data" / "feed-state.json"
    assert build_and_hash(tmp_path) == expected
    cache = tmp_path / CACHE_FOLDER
    pack = pack_path(cache, page_cache.NAMESPACE).read_bytes()
    assert len(read_pack(pack)) >= 12
    for damage in (
        None,  # warm
        lambda: _forge(cache, lambda record: record[:40] + bytes([record[40] ^ 1]) + record[41:]),  # its own check
        lambda: pack_path(cache, page_cache.NAMESPACE).write_bytes(pack[: len(pack) // 2]),  # a pack cut short
    ):  # fmt: skip
        if damage is not None:
            damage()
        shutil.copy2(ROOT / "data" / "feed-state.json", state)
        assert build_and_hash(tmp_path) == expected
        assert pack_path(cache, page_cache.NAMESPACE).read_bytes() == pack


def test_a_build_after_a_rename_equals_a_build_from_no_cache(tmp_path: Path) -> None:
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    build_and_hash(warm)
    _rename_epiphany(warm / "data", 2)
    shutil.copytree(warm / "data", cold / "data")  # with the feed state the first build left
    build_and_hash(warm)
    build_and_hash(cold)
    assert _out(warm) == _out(cold)
    assert (warm / "data" / "feed-state.json").read_bytes() == (cold / "data" / "feed-state.json").read_bytes()
    assert EPOCH and YEAR  # the build clock and year of the reference build


def _digests(data: Path, cache: Path, draft: bool = False) -> tuple[tuple[Page, ...], list[bytes | None]]:
    """The pages laid out through the cache, and the record digest of each while the cache is open."""
    for kept in (metrics.em_width, metrics.renderable, monthnames._cldr_names, qr_runs.qr_runs):
        kept.cache_clear()
    settings_ = Settings(data_dir=data, year=YEAR, cache_dir=cache)
    edition = load_edition(settings_, leave_out_uncovered=True)
    with layout_caches(settings_) as memos:
        laid_out = layout_edition(edition, settings_.edition_settings, draft=draft)
        digests = [page_cache.record_digest(page) for page in laid_out]
    save_cache(settings_, changed_packs(*memos))
    assert page_cache.record_digest(laid_out[1]) is None, "only while the cache is open"
    return laid_out, digests


def test_a_month_page_has_the_digest_of_its_record_laid_out_or_read_back(tmp_path: Path) -> None:
    """The drawn pages' key names a month page by its record (render/drawn_pages.py): a month laid out and kept
    and the same month read back have the same digest, and another month's page another one; the cover and the
    back page, which have no record, none. A draft's pages have digests of their own."""
    data, cache = tmp_path / "data", tmp_path / CACHE_FOLDER
    shutil.copytree(ROOT / "data", data)
    cold_pages, cold = _digests(data, cache)
    warm_pages, warm = _digests(data, cache)
    assert warm_pages == cold_pages and warm == cold
    assert cold[0] is None and cold[-1] is None
    months = cold[1:-1]
    assert all(digest is not None and len(digest) == 32 for digest in months) and len(set(months)) == 12
    records = read_pack(pack_path(cache, page_cache.NAMESPACE).read_bytes()).values()
    assert set(months) <= {record[:32] for record in records}
    draft_pages, draft = _digests(data, cache, draft=True)
    assert draft[0] is None and all(d is not None for d in draft[1:-1]) and not set(draft) & set(months)
    assert _digests(data, cache, draft=True)[1] == draft
    _rename_epiphany(data, 3)
    renamed = _digests(data, cache)[1]
    assert renamed[1] != cold[1] and renamed[3:] == cold[3:]


def test_elements_added_to_a_page_give_a_digest_of_the_page_and_the_elements(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / CACHE_FOLDER
    shutil.copytree(ROOT / "data", data)
    settings_ = Settings(data_dir=data, year=YEAR, cache_dir=cache)
    edition = load_edition(settings_, leave_out_uncovered=True)
    mark = Fill(Box(1, 2, 3, 4), CMYK(0, 100, 100, 0))
    other = Fill(Box(1, 2, 3, 5), CMYK(0, 100, 100, 0))
    with layout_caches(settings_):
        laid_out = layout_edition(edition, settings_.edition_settings)
        january, february = laid_out[1], laid_out[2]
        marked = page_cache.extended(january, (mark,))
        assert marked.elements == january.elements + (mark,)
        digests = {page_cache.record_digest(page) for page in (
            january, february, marked, page_cache.extended(january, (mark,)), page_cache.extended(january, (other,)),
            page_cache.extended(february, (mark,)))}  # fmt: skip
        assert len(digests) == 5 and None not in digests
        assert page_cache.record_digest(page_cache.extended(laid_out[0], (mark,))) is None  # the cover has none
        assert page_cache.record_digest(replace(january)) is None  # an equal page made elsewhere: not this one


def test_a_build_after_a_build_draws_no_month_again_and_after_a_rename_only_its_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drawn pages are found by their month's record digest: a build after a cold build (whose months were
    laid out, not read back) draws no page afresh; after a rename, only the renamed festival's month is drawn
    afresh. Each PDF equals one built from no cache."""
    from click.testing import CliRunner

    from calendar_builder.cli import main
    from calendar_builder.render import print_pdf

    drawn: list[int] = []
    real = print_pdf._draw_page

    def counted(canvas: Any, page: Page, *rest: Any) -> None:
        drawn.append(page.number)
        real(canvas, page, *rest)

    monkeypatch.setattr(print_pdf, "_draw_page", counted)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "edition"
    shutil.copytree(ROOT / "data", folder / "data")
    monkeypatch.chdir(folder)
    pdf = folder / "out" / str(YEAR) / f"kalender-{YEAR}-entwurf.pdf"

    def build() -> bytes:
        drawn.clear()
        result = CliRunner().invoke(main, ["build", "--year", str(YEAR)])
        assert result.exit_code == 0, result.output
        return pdf.read_bytes()

    cold = build()
    assert sorted(drawn) == list(range(1, 15))
    assert build() == cold and drawn == []
    _rename_epiphany(folder / "data", 4)
    renamed = build()
    assert drawn == [2]
    shutil.rmtree(folder / CACHE_FOLDER)
    assert build() == renamed
