"""The build cache's layout namespaces (shaped text, printed QR codes, month names): builds and checks from a
cold, warm, damaged or deleted cache give the reference bytes and the same findings, and the QR runs read back are
the code's modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.cache import CACHE_FOLDER, PART, Memo, pack_path, read_pack
from calendar_builder.edition import month_name_cache
from calendar_builder.layout import qr_runs
from calendar_builder.text import shape_cache
from tests.build_hashes import EPOCH, HASH_FILE, ROOT, YEAR, build_and_hash

NAMESPACES = (shape_cache.NAMESPACE, qr_runs.NAMESPACE, month_name_cache.NAMESPACE)
ADDRESSES = ("https://example.org/", "https://www.beispielverein.de/termine?jahr=2027&sprache=de", "x" * 300)


def _matrix(url: str) -> list[list[bool]]:
    import qrcode
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def _painted(size: int, runs: tuple[tuple[int, int, int], ...]) -> list[list[bool]]:
    cells = [[False] * size for _ in range(size)]
    for row, start, length in runs:
        for column in range(start, start + length):
            assert not cells[row][column], "runs overlap"
            cells[row][column] = True
    return cells


@pytest.mark.parametrize("url", ADDRESSES)
def test_the_runs_paint_exactly_the_dark_modules(url: str) -> None:
    size, runs = qr_runs.make_runs(url)
    assert _painted(size, runs) == _matrix(url)
    assert qr_runs.decode(qr_runs.encode((size, runs))) == (size, runs)


@given(st.text(min_size=1, max_size=120))
def test_any_address_survives_the_record(url: str) -> None:
    made = qr_runs.make_runs(url)
    assert qr_runs.decode(qr_runs.encode(made)) == made


def test_a_record_that_cannot_be_a_code_is_refused() -> None:
    size, runs = qr_runs.make_runs(ADDRESSES[0])
    good = qr_runs.encode((size, runs))
    assert qr_runs.decode(good[:-1]) is None
    assert qr_runs.decode(b"") is None
    assert qr_runs.decode(qr_runs.encode((size, ((size, 0, 1),)))) is None  # a row outside the code
    assert qr_runs.decode(qr_runs.encode((size, ((0, size - 1, 2),)))) is None  # a run past the edge
    assert qr_runs.decode(qr_runs.encode((size, ((0, 0, 0),)))) is None  # an empty run


def _no_codes(url: str) -> NoReturn:
    raise AssertionError(f"made a code the cache holds: {url}")


def test_a_warm_memo_makes_no_code_and_a_bad_record_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    version = qr_runs.memo_version()
    cold = Memo(qr_runs.NAMESPACE, version)
    qr_runs.qr_runs.cache_clear()
    with qr_runs.runs_through(cold):
        made = [qr_runs.qr_runs(url) for url in ADDRESSES]
    assert (cold.hits, cold.misses) == (0, len(ADDRESSES))

    qr_runs.qr_runs.cache_clear()
    warm = Memo(qr_runs.NAMESPACE, version, read_pack(cold.pack()))
    with monkeypatch.context() as patch:
        patch.setattr(qr_runs, "make_runs", _no_codes)
        with qr_runs.runs_through(warm):
            assert [qr_runs.qr_runs(url) for url in ADDRESSES] == made
    assert (warm.hits, warm.misses, warm.changed) == (len(ADDRESSES), 0, False)

    qr_runs.qr_runs.cache_clear()
    key = warm.key((qr_runs.ERROR_CORRECTION, ADDRESSES[0]))
    bad = Memo(qr_runs.NAMESPACE, version, {key: b"\x01\x00\x00"})
    with qr_runs.runs_through(bad):
        assert qr_runs.qr_runs(ADDRESSES[0]) == made[0]
    assert read_pack(bad.pack()) == {key: qr_runs.encode(made[0])}
    qr_runs.qr_runs.cache_clear()
    assert qr_runs._slot.memo is None


def test_codes_made_ahead_are_taken_once_ready_and_only_those_asked_for_are_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ahead = qr_runs.runs_ahead(ADDRESSES)
    asked: list[bool] = []
    ready = [False]

    def take() -> dict[str, bytes] | None:
        asked.append(ready[0])
        return ahead if ready[0] else None

    qr_runs.qr_runs.cache_clear()
    memo = Memo(qr_runs.NAMESPACE, qr_runs.memo_version())
    with qr_runs.runs_through(memo), qr_runs.made_beside(take):
        first = qr_runs.qr_runs(ADDRESSES[0])  # not ready yet: made here
        ready[0] = True
        with monkeypatch.context() as patch:
            patch.setattr(qr_runs, "make_runs", _no_codes)
            second = qr_runs.qr_runs(ADDRESSES[1])  # ready: taken
    assert asked == [False, True]
    assert [first, second] == [qr_runs.decode(ahead[url]) for url in ADDRESSES[:2]]
    assert len(read_pack(memo.pack())) == 2, "the codes made ahead but never asked for are not kept"
    assert not qr_runs._ahead, "nothing is held once the block is left"
    qr_runs.qr_runs.cache_clear()


def _fresh_state(scratch: Path) -> None:
    shutil.copy2(ROOT / "data" / "feed-state.json", scratch / "data")


def _packs(scratch: Path) -> dict[str, bytes]:
    """The packs of the namespaces, and the parts a check or proof wrote beside them (`Memo.part_pack`)."""
    paths = [pack_path(scratch / CACHE_FOLDER, name + part) for name in NAMESPACES for part in ("", PART)]
    return {path.name: path.read_bytes() for path in paths if path.exists()}


def _records(scratch: Path) -> dict[str, dict[bytes, bytes]]:
    """Each namespace's records, as the next run reads them: its pack's and its part's."""
    folder = scratch / CACHE_FOLDER
    return {
        name: {
            key: value
            for path in (pack_path(folder, name), pack_path(folder, name + PART))
            if path.exists()
            for key, value in read_pack(path.read_bytes()).items()
        }
        for name in NAMESPACES
    }


def test_builds_from_a_cold_warm_damaged_and_deleted_cache_give_the_reference_bytes(tmp_path: Path) -> None:
    expected = HASH_FILE.read_text(encoding="utf-8")
    assert build_and_hash(tmp_path) == expected  # cold
    cold = _packs(tmp_path)
    assert len(read_pack(cold[f"{shape_cache.NAMESPACE}.pack"])) > 1000
    assert len(read_pack(cold[f"{qr_runs.NAMESPACE}.pack"])) > 1
    _fresh_state(tmp_path)
    assert build_and_hash(tmp_path) == expected  # warm
    assert _packs(tmp_path) == cold  # every line and code from the cache, none new, none dropped

    for name, pack in cold.items():
        damaged = bytearray(pack)
        for offset in range(len(damaged) // 7, len(damaged), len(damaged) // 7):
            damaged[offset] ^= 0x10
        (tmp_path / CACHE_FOLDER / name).write_bytes(bytes(damaged))
    _fresh_state(tmp_path)
    assert build_and_hash(tmp_path) == expected
    assert _packs(tmp_path) == cold  # the damaged records made again

    shutil.rmtree(tmp_path / CACHE_FOLDER)
    _fresh_state(tmp_path)
    assert build_and_hash(tmp_path) == expected
    assert _packs(tmp_path) == cold


def _check(scratch: Path) -> tuple[int, str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    command = [sys.executable, str(ROOT / "cli.py"), "check", "--data", str(scratch / "data"), "--year", str(YEAR)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=scratch)
    return done.returncode, done.stdout, done.stderr


def test_check_reads_and_keeps_the_builds_entries(tmp_path: Path) -> None:
    """check says the same with no cache, after a build and again; it keeps the entries only drawing needs, so the
    build after it finds them all."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    first = _check(tmp_path)
    assert first[0] == 0 and first[1].startswith("ok: ")
    shutil.rmtree(tmp_path / CACHE_FOLDER)
    expected = HASH_FILE.read_text(encoding="utf-8")
    assert build_and_hash(tmp_path) == expected
    built = _records(tmp_path)
    assert _check(tmp_path) == first
    after_check = _records(tmp_path)
    assert all(after_check[name].items() >= built[name].items() for name in NAMESPACES)
    assert _check(tmp_path) == first
    assert _records(tmp_path) == after_check
    _fresh_state(tmp_path)
    assert build_and_hash(tmp_path) == expected


def test_check_with_a_damaged_cache_says_the_same(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    first = _check(tmp_path)
    for name, pack in _packs(tmp_path).items():
        (tmp_path / CACHE_FOLDER / name).write_bytes(pack[: len(pack) // 2] + b"\xff" * 40)
    assert _check(tmp_path) == first


def test_a_check_that_finds_errors_writes_no_cache(tmp_path: Path) -> None:
    """An SVG logo with text is refused after the texts were shaped: check reports it and writes nothing."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    logo = tmp_path / "data" / "logos" / "beispielverein-syrien.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("</svg>", '<text x="1" y="9">Verein</text></svg>'))
    code, _, errors = _check(tmp_path)
    assert code == 1 and "beispielverein-syrien.svg" in errors and "<text>" in errors
    assert not (tmp_path / CACHE_FOLDER).exists()
