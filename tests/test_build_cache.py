"""The build cache: a warm, damaged, foreign or deleted cache gives the bytes of a cold build, and no entry is used
unless its key and value pass the check."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.cache import (
    _RECORD,
    CACHE_FOLDER,
    MAGIC,
    Beside,
    Memo,
    code_version,
    open_memo,
    pack_path,
    read_pack,
)
from tests.build_hashes import HASH_FILE, build_and_hash

NAMESPACES = ("ics-entries", "subscribe-qr")


def _filled(values: dict[str, bytes], version: str = "v1", namespace: str = "test") -> Memo:
    memo = Memo(namespace, version)
    for text, value in values.items():
        memo.get(text, lambda value=value: value)
    return memo


@given(st.dictionaries(st.text(max_size=20), st.binary(max_size=200), max_size=12))
def test_a_pack_gives_back_every_entry(values: dict[str, bytes]) -> None:
    again = Memo("test", "v1", read_pack(_filled(values).pack()))
    for text, value in values.items():
        assert again.get(text, lambda: b"made again") == value
    assert (again.hits, again.misses) == (len(values), 0)
    assert not again.changed


def test_the_same_entries_give_the_same_pack() -> None:
    values = {f"key {n}": bytes([n]) * n for n in range(30)}
    assert _filled(values).pack() == _filled(dict(reversed(list(values.items())))).pack()


@given(
    st.dictionaries(st.text(max_size=8), st.binary(max_size=40), max_size=10),
    st.dictionaries(st.text(max_size=8), st.binary(max_size=40), max_size=10),
)
def test_a_pack_written_again_is_the_pack_made_afresh(old: dict[str, bytes], new: dict[str, bytes]) -> None:
    """A memo opened from a pack reuses the checks reading it computed; the pack it writes, with entries kept,
    replaced, added and dropped, is byte for byte the pack of a memo that never read one."""
    with tempfile.TemporaryDirectory() as scratch:
        pack_path(Path(scratch), "test").write_bytes(_filled(old).pack())
        reopened = open_memo(Path(scratch), "test", "v1")
    kept = {text: value for n, (text, value) in enumerate(old.items()) if n % 2 == 0}  # every other one used again
    for text, value in kept.items():
        assert reopened.get(text, lambda: b"never made") == value
    for text, value in new.items():
        reopened.keep(text, value)
    assert reopened.pack() == _filled({**kept, **new}).pack()


def test_another_code_version_or_namespace_finds_nothing() -> None:
    stored = read_pack(_filled({"qr": b"old drawing"}, version="v1").pack())
    for memo in (Memo("test", "v2", stored), Memo("other", "v1", stored)):
        assert memo.get("qr", lambda: b"new drawing") == b"new drawing"
        assert memo.misses == 1


def test_the_version_follows_the_code() -> None:
    assert code_version("calendar_builder.render.ics") != code_version("calendar_builder.render.subscribe_page")
    assert code_version("calendar_builder.render.ics", libraries=("icalendar",)).endswith("icalendar " + _icalendar())


def _icalendar() -> str:
    from importlib.metadata import version

    return version("icalendar")


def test_a_damaged_entry_is_made_again_and_the_others_kept() -> None:
    pack = bytearray(_filled({"a": b"first value", "b": b"second value", "c": b"third value"}).pack())
    pack[pack.index(b"second value")] ^= 0xFF
    memo = Memo("test", "v1", read_pack(bytes(pack)))
    assert memo.get("b", lambda: b"second value") == b"second value"
    assert (memo.hits, memo.misses) == (0, 1)
    assert memo.get("a", lambda: b"x") == b"first value" and memo.get("c", lambda: b"x") == b"third value"


def test_a_value_moved_to_another_key_is_not_trusted() -> None:
    """Each record's check covers its key: a value filed under another key (a foreign or tampered record)
    fails it, even with the check of the value's own record."""
    memo = _filled({"a": b"first value", "b": b"second value"})
    pack = memo.pack()
    records = read_pack(pack)
    key_a, key_b = memo.key("a"), memo.key("b")
    assert records == {key_a: b"first value", key_b: b"second value"}
    start = pack.index(key_a)
    tampered = pack[:start] + key_b + pack[start + len(key_b) :]
    assert read_pack(tampered) == {key_b: b"second value"}
    _, digest, length = _RECORD.unpack_from(pack, start)
    forged = MAGIC + _RECORD.pack(key_b, digest, length) + b"first value"
    assert read_pack(forged) == {}


def test_a_cut_off_or_foreign_pack_is_not_trusted() -> None:
    pack = _filled({"a": b"first value", "b": b"second value"}).pack()
    assert read_pack(pack[:-3]).keys() < read_pack(pack).keys()
    assert read_pack(b"not a pack at all") == {}
    assert read_pack(MAGIC + b"\0" * 10) == {}
    assert read_pack(pack.replace(MAGIC, b"calendar-builder cache pack 1\n")) == {}


def test_warm_damaged_foreign_and_deleted_caches_give_the_reference_bytes(tmp_path: Path) -> None:
    """A cold build, a warm one, one from damaged packs (a value altered, a pack cut short, a pack of another
    namespace in the place of one), and one after the folder was deleted: each gives the recorded bytes."""
    expected = HASH_FILE.read_text(encoding="utf-8")
    cache = tmp_path / CACHE_FOLDER

    def fresh_state() -> None:
        shutil.copy2(Path(__file__).resolve().parent.parent / "data" / "feed-state.json", tmp_path / "data")

    assert build_and_hash(tmp_path) == expected  # cold
    packs = {name: pack_path(cache, name) for name in NAMESPACES}
    assert all(read_pack(path.read_bytes()) for path in packs.values())
    cold = {name: path.read_bytes() for name, path in packs.items()}
    fresh_state()
    assert build_and_hash(tmp_path) == expected  # warm: every entry from the cache
    assert {name: path.read_bytes() for name, path in packs.items()} == cold  # all used, nothing new

    entries = bytearray(cold["ics-entries"])
    entries[len(entries) // 2] ^= 0x01
    packs["ics-entries"].write_bytes(bytes(entries))
    packs["subscribe-qr"].write_bytes(cold["subscribe-qr"][: len(cold["subscribe-qr"]) // 3])
    fresh_state()
    assert build_and_hash(tmp_path) == expected
    assert {name: path.read_bytes() for name, path in packs.items()} == cold  # repaired

    packs["subscribe-qr"].write_bytes(cold["ics-entries"])  # sound records, but none is a QR code's
    fresh_state()
    assert build_and_hash(tmp_path) == expected
    assert packs["subscribe-qr"].read_bytes() == cold["subscribe-qr"]

    shutil.rmtree(cache)
    fresh_state()
    assert build_and_hash(tmp_path) == expected
    assert {name: path.read_bytes() for name, path in packs.items()} == cold


def _eager(data: bytes) -> Memo:
    """A memo with every record checked as the pack is read (as the cache read packs before records were checked
    on first use)."""
    return Memo("test", "v1", read_pack(data))


@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.binary(max_size=30), max_size=8),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=4),
    st.lists(st.integers(0, 8), max_size=6),
    st.lists(st.tuples(st.sampled_from(["find", "holds", "reuse", "keep", "get"]), st.sampled_from("abcdefghij"))),
)
def test_records_checked_on_first_use_behave_as_records_checked_when_read(
    values: dict[str, bytes], flips: list[tuple[int, int]], copies: list[int], steps: list[tuple[str, str]]
) -> None:
    """A pack with damaged bytes and records repeated (a record of another key copied in, a sound copy, a damaged
    copy), used in any order: a memo that checks each record on first use finds, holds, keeps and writes exactly
    what one that checked every record when reading does."""
    pack = bytearray(_filled(values).pack())
    records = []
    offset = len(MAGIC)
    while offset < len(pack):
        _, _, length = _RECORD.unpack_from(pack, offset)
        records.append(bytes(pack[offset : offset + _RECORD.size + length]))
        offset += _RECORD.size + length
    for index in copies:
        if records:
            record = records[index % len(records)]
            damaged = record[:-1] + bytes([record[-1] ^ 1]) if len(record) > _RECORD.size else record
            pack += record if index % 3 else damaged  # a sound copy, or a damaged one
    for position, bit in flips:
        if len(pack) > len(MAGIC):
            pack[len(MAGIC) + position % (len(pack) - len(MAGIC))] ^= bit or 1
    data = bytes(pack)
    with tempfile.TemporaryDirectory() as scratch:
        pack_path(Path(scratch), "test").write_bytes(data)
        lazy = open_memo(Path(scratch), "test", "v1")
    eager = _eager(data)
    for step, text in steps:
        assert _step(lazy, step, text) == _step(eager, step, text), (step, text)
    assert lazy.changed == eager.changed
    assert lazy.pack() == eager.pack()
    assert (lazy.hits, lazy.misses) == (eager.hits, eager.misses)


def _step(memo: Memo, step: str, text: str) -> object:
    if step == "find":
        return memo.find(text)
    if step == "holds":
        return memo.holds([memo.key(text)])
    if step == "reuse":
        return memo.reuse([memo.key(text)])
    if step == "keep":
        return memo.keep(text, text.encode() * 3)
    return memo.get(text, lambda: b"made")


def test_records_given_beside_are_asked_for_at_the_first_record_and_taken_once_each() -> None:
    """cache.Beside: `take` is asked at the first `pop` and again while it gives None; each record is given once;
    nothing is held once the block is left."""
    asked: list[int] = []
    answers: list[dict[str, bytes] | None] = [None, {"a": b"1", "b": b"2"}]
    beside: Beside[str] = Beside()
    assert not beside
    with beside.giving(lambda: asked.append(1) or answers.pop(0)):
        assert beside
        assert beside.pop("a") is None and len(asked) == 1, "not there yet: made here"
        assert beside.pop("a") == b"1" and len(asked) == 2
        assert beside.pop("a") is None and len(asked) == 2, "each record once, and take is not asked again"
        assert beside
    assert not beside and beside.pop("b") is None, "the rest let go when the block is left"
