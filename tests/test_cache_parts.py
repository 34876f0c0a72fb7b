"""A run that does part of a build's work (`check`, `proof`) writes what it added beside the build's packs, as a part
that replaces the part before it: runs of `check` after one another do not pile up what each made, and the build's
records stay as they are."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.cache import PART, Memo, changed_packs, changed_parts, open_memo, pack_path, read_pack
from calendar_builder.publish import write_cache_packs

ROOT = Path(__file__).resolve().parent.parent


def _whole(folder: Path, values: dict[str, bytes]) -> None:
    memo = Memo("test", "v1")
    for text, value in values.items():
        memo.keep(text, value)
    write_cache_packs(folder, changed_packs(memo))


def _part(folder: Path) -> dict[bytes, bytes]:
    path = pack_path(folder, "test" + PART)
    return read_pack(path.read_bytes()) if path.exists() else {}


def test_a_part_holds_only_what_the_run_added_and_the_next_run_finds_both(tmp_path: Path) -> None:
    _whole(tmp_path, {"a": b"A", "b": b"B", "c": b"C"})
    whole = pack_path(tmp_path, "test").read_bytes()
    run = open_memo(tmp_path, "test", "v1")
    assert run.find("a") == b"A"
    run.keep("d", b"D")
    run.keep("b", b"B2")  # a value its reader could not use, made again
    write_cache_packs(tmp_path, changed_parts(run))
    assert pack_path(tmp_path, "test").read_bytes() == whole
    assert _part(tmp_path) == {run.key("d"): b"D", run.key("b"): b"B2"}
    after = open_memo(tmp_path, "test", "v1")
    assert [after.find(text) for text in "abcd"] == [b"A", b"B2", b"C", b"D"]


def test_a_part_replaces_the_part_before_it(tmp_path: Path) -> None:
    _whole(tmp_path, {"a": b"A"})
    for number in range(5):
        run = open_memo(tmp_path, "test", "v1")
        assert run.find("a") == b"A"
        run.keep(f"made {number}", b"x" * 100)
        write_cache_packs(tmp_path, changed_parts(run))
        assert list(_part(tmp_path)) == [run.key(f"made {number}")]


def test_a_part_the_run_used_as_it_was_is_not_written_again(tmp_path: Path) -> None:
    _whole(tmp_path, {"a": b"A"})
    first = open_memo(tmp_path, "test", "v1")
    first.keep("d", b"D")
    write_cache_packs(tmp_path, changed_parts(first))
    second = open_memo(tmp_path, "test", "v1")
    assert second.find("d") == b"D" and second.find("a") == b"A"
    assert not second.part_changed and list(changed_parts(second)) == []


@pytest.mark.parametrize("whole", [{"a": b"A", "old": b"O"}, {"a": b"A"}])
def test_a_whole_pack_written_takes_what_the_part_held_and_removes_it(tmp_path: Path, whole: dict[str, bytes]) -> None:
    """Also when the whole run used every record of the pack and the part as they were (nothing else changed)."""
    _whole(tmp_path, whole)
    check = open_memo(tmp_path, "test", "v1")
    check.find("a")
    check.keep("new", b"N")
    write_cache_packs(tmp_path, changed_parts(check))
    build = open_memo(tmp_path, "test", "v1")
    assert build.find("a") == b"A" and build.find("new") == b"N"
    write_cache_packs(tmp_path, changed_packs(build))
    assert not pack_path(tmp_path, "test" + PART).exists()
    assert read_pack(pack_path(tmp_path, "test").read_bytes()) == {build.key("a"): b"A", build.key("new"): b"N"}
    assert open_memo(tmp_path, "test", "v1").find("new") == b"N"


def test_a_damaged_part_record_is_made_again(tmp_path: Path) -> None:
    _whole(tmp_path, {"a": b"A"})
    check = open_memo(tmp_path, "test", "v1")
    check.keep("d", b"DDDD")
    write_cache_packs(tmp_path, changed_parts(check))
    path = pack_path(tmp_path, "test" + PART)
    path.write_bytes(path.read_bytes()[:-1] + b"X")
    again = open_memo(tmp_path, "test", "v1")
    assert again.find("d") is None and again.find("a") == b"A"


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdef"), st.binary(min_size=1, max_size=8), min_size=1, max_size=6),
    st.lists(st.lists(st.tuples(st.booleans(), st.sampled_from("abcdefghijkl")), max_size=8), min_size=1, max_size=6),
)
def test_runs_in_a_row_keep_the_whole_pack_and_only_the_last_runs_additions(
    whole: dict[str, bytes], runs: list[list[tuple[bool, str]]]
) -> None:
    """Any partial runs after a whole one: the whole pack's bytes never change, the part holds exactly what the last
    run used or made beyond the whole pack, and the run after finds every record the last one used or made."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        _whole(folder, whole)
        whole_bytes = pack_path(folder, "test").read_bytes()
        for steps in runs:
            run = open_memo(folder, "test", "v1")
            seen: dict[str, bytes] = {}
            for making, text in steps:
                found = run.find(text)
                if making or found is None:
                    value = f"{text} {len(steps)}".encode()
                    run.keep(text, value)
                    seen[text] = value
                else:
                    seen[text] = found
            write_cache_packs(folder, changed_parts(run))
            assert pack_path(folder, "test").read_bytes() == whole_bytes
            expected = {run.key(text): value for text, value in seen.items() if whole.get(text) != value}
            assert _part(folder) == expected
            after = open_memo(folder, "test", "v1")
            assert all(after.find(text) == value for text, value in seen.items())


def _run(command: str, folder: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), command, "--data", "data", "--year", "2027"],
        capture_output=True, text=True, env=env, cwd=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _rename_epiphany(data: Path, suffix: str) -> None:
    path = data / "holidays.yaml"
    text = path.read_text(encoding="utf-8")
    marker = 'names: {de: "Heilige Drei Könige (Erscheinung des Herrn)'
    path.write_text(text.replace(marker, marker + suffix, 1), encoding="utf-8")


def test_checks_after_a_build_leave_its_packs_and_a_later_build_writes_what_a_fresh_one_does(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    _run("build", tmp_path)
    cache = tmp_path / ".cache"
    packs = {path.name: path.read_bytes() for path in cache.glob("*.pack")}
    sizes = []
    for number in range(3):
        _rename_epiphany(tmp_path / "data", f" {number}")
        _run("check", tmp_path)
        # check's own namespace (its passing report) aside, the build's packs are as the build wrote them
        assert {
            path.name: path.read_bytes()
            for path in cache.glob("*.pack")
            if PART not in path.name and path.name != "check-verdicts.pack"
        } == packs
        sizes.append(len(read_pack(pack_path(cache, "month-pages" + PART).read_bytes())))
    assert sizes[0] >= 1 and sizes[1] == sizes[2] == sizes[0]  # January's page of the last check, not all of them
    _run("build", tmp_path)
    assert not list(cache.glob(f"*{PART}.pack"))
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copytree(tmp_path / "data", fresh / "data")
    _run("build", fresh)
    for name in ("month-pages.pack", "festival-dates.pack"):
        assert (cache / name).read_bytes() == (fresh / ".cache" / name).read_bytes(), name
