"""A passing check's report is given again from the build cache while nothing it read has changed, and only then."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder import check_verdict
from calendar_builder.cache import CACHE_FOLDER, pack_path, read_pack
from calendar_builder.check_verdict import NAMESPACE, Line, check_key, decode, encode
from calendar_builder.cli import main

ROOT = Path(__file__).resolve().parent.parent
YEAR = "2027"


def _check(*args: str, clock: str = "1767225600") -> tuple[int, str, str]:
    """check in its own process, as a user runs it, in the current folder (where its .cache is)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": clock, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    command = [sys.executable, str(ROOT / "cli.py"), "check", "--data", "data", "--year", YEAR, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=os.getcwd())
    return done.returncode, done.stdout, done.stderr


def _verdicts() -> dict[bytes, bytes]:
    path = pack_path(Path(CACHE_FOLDER), NAMESPACE)
    return read_pack(path.read_bytes()) if path.exists() else {}


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a copy of the shipped data, the current folder while the test runs."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _rename_epiphany(data: Path, suffix: str) -> None:
    path = data / "holidays.yaml"
    text = path.read_text(encoding="utf-8")
    marker = 'names: {de: "Heilige Drei Könige (Erscheinung des Herrn)'
    assert marker in text
    path.write_text(text.replace(marker, marker + suffix, 1), encoding="utf-8")


def test_an_unchanged_check_is_answered_from_the_cache_with_the_same_report(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = CliRunner().invoke(main, ["check", "--data", "data", "--year", YEAR])
    assert first.exit_code == 0 and first.stdout.startswith("ok: ")
    assert len(_verdicts()) == 1

    def no_reading(*_: object) -> None:
        raise AssertionError("the data were read again")

    # the second check reads no data file: loading it would fail here
    monkeypatch.setattr("calendar_builder.core.load.read_catalogue", no_reading)
    again = CliRunner().invoke(main, ["check", "--data", "data", "--year", YEAR])
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)


def test_the_kept_report_is_the_full_checks_report_line_for_line(scratch: Path) -> None:
    cold = _check()
    assert cold[0] == 0
    warm = _check()
    assert warm == cold
    shutil.rmtree(CACHE_FOLDER)
    assert _check() == cold


def test_any_change_to_the_data_is_checked_again(scratch: Path) -> None:
    passing = _check()
    assert passing[0] == 0
    holidays = scratch / "data" / "holidays.yaml"
    original = holidays.read_text(encoding="utf-8")
    # an error a passing report must not hide: a key twice in the same block
    holidays.write_text(original.replace("festivals:", "festivals:", 1) + "\ntraditions: []\n", encoding="utf-8")
    failing = _check()
    assert failing[0] == 1 and "appears twice" in failing[2]
    holidays.write_text(original, encoding="utf-8")
    assert _check() == passing

    _rename_epiphany(scratch / "data", " – neu")
    renamed = _check()
    assert renamed[0] == 0
    assert check_key(Path("data"), int(YEAR), Path(CACHE_FOLDER)) is not None
    assert len(_verdicts()) == 1  # the latest passing report only


def test_a_new_file_in_the_data_folder_and_another_year_are_other_keys(scratch: Path) -> None:
    data = Path("data")
    cache = Path(CACHE_FOLDER)
    before = check_key(data, 2027, cache)
    assert before is not None and before == check_key(data, 2027, cache)
    assert check_key(data, 2028, cache) != before
    (scratch / "data" / "events").mkdir(exist_ok=True)
    (scratch / "data" / "events" / "new.yaml").write_text("organisation: x\nevents: []\n", encoding="utf-8")
    assert check_key(data, 2027, cache) != before


def test_a_new_events_file_with_an_error_is_reported_after_a_passing_check(scratch: Path) -> None:
    assert _check()[0] == 0
    events = scratch / "data" / "events"
    events.mkdir(exist_ok=True)
    (events / "nobody.yaml").write_text("organisation: no-such-organisation\nevents: []\n", encoding="utf-8")
    code, _, err = _check()
    assert code == 1 and "no-such-organisation" in err


def test_the_engine_is_part_of_the_key(scratch: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A font replaced (or any file of the package changed) is another key."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    font = fonts / "Some.ttf"
    font.write_bytes(b"one")
    monkeypatch.setattr(check_verdict, "font_dir", lambda: fonts)
    before = check_key(Path("data"), 2027, Path(CACHE_FOLDER))
    font.write_bytes(b"three")
    assert check_key(Path("data"), 2027, Path(CACHE_FOLDER)) != before


def test_the_report_does_not_depend_on_the_clock(tmp_path: Path) -> None:
    """The key holds the year, not the moment: two clocks in different years give the same report for one year."""
    reports = []
    for folder, clock in (("a", "1767225600"), ("b", "1795000000")):  # 2026-01-01 and 2026-11-18
        here = tmp_path / folder
        shutil.copytree(ROOT / "data", here / "data")
        os.chdir(here)
        try:
            reports.append(_check(clock=clock))
        finally:
            os.chdir(ROOT)
    assert reports[0] == reports[1] and reports[0][0] == 0


def test_a_damaged_verdict_is_checked_again(scratch: Path) -> None:
    first = _check()
    path = pack_path(Path(CACHE_FOLDER), NAMESPACE)
    damaged = bytearray(path.read_bytes())
    damaged[-3] ^= 0x20
    path.write_bytes(bytes(damaged))
    assert _verdicts() == {}
    assert _check() == first
    assert len(_verdicts()) == 1


def test_a_linked_folder_in_the_data_is_never_cached(scratch: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (scratch / "data" / "linked").symlink_to(outside, target_is_directory=True)
    assert check_key(Path("data"), 2027, Path(CACHE_FOLDER)) is None
    assert _check()[0] == 0
    assert _verdicts() == {}


def test_a_folder_that_is_too_large_is_checked_in_full(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_verdict, "MAX_FILES", 3)
    assert check_key(Path("data"), 2027, Path(CACHE_FOLDER)) is None
    monkeypatch.setattr(check_verdict, "MAX_FILES", 10_000)
    monkeypatch.setattr(check_verdict, "MAX_BYTES", 1000)
    assert check_key(Path("data"), 2027, Path(CACHE_FOLDER)) is None


def test_a_pipe_or_a_device_in_the_data_folder_is_never_read(scratch: Path) -> None:
    """Reading a pipe without a writer, or /dev/zero, would never end: such a folder is not cached."""
    os.mkfifo(scratch / "data" / "pipe")
    assert check_key(Path("data"), 2027, Path(CACHE_FOLDER)) is None
    (scratch / "data" / "pipe").unlink()
    (scratch / "data" / "zero").symlink_to("/dev/zero")
    assert check_key(Path("data"), 2027, Path(CACHE_FOLDER)) is None


def test_a_missing_data_folder_has_no_key(tmp_path: Path) -> None:
    assert check_key(tmp_path / "none", 2027, tmp_path / CACHE_FOLDER) is None


@given(st.lists(st.tuples(st.text(), st.booleans()), min_size=1))
def test_a_report_survives_its_record(lines: list[tuple[str, bool]]) -> None:
    report = [Line(text, err) for text, err in lines]
    assert decode(encode(report)) == report


@settings(max_examples=300)
@given(st.binary())
def test_any_bytes_are_a_report_or_nothing(value: bytes) -> None:
    found = decode(value)
    assert found is None or all(isinstance(line, Line) for line in found)
