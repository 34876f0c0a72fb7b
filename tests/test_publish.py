"""Publishing all or nothing, and one run at a time per data folder (calendar_builder/publish.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from calendar_builder.publish import LOCK_FILE, LockedError, data_lock, publish, remove_leftovers, staging

HOLD = """
import sys, time
from pathlib import Path
from calendar_builder.publish import data_lock
with data_lock(Path(sys.argv[1]), "build --year 2027 (test)"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(folder: Path, seconds: float) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(folder), str(seconds)], stdout=subprocess.PIPE,
                               text=True, cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def test_a_second_run_waits_then_refuses_naming_the_first(tmp_path: Path) -> None:
    holder = _holder(tmp_path, 30)
    try:
        started = time.monotonic()
        with pytest.raises(LockedError) as caught, data_lock(tmp_path, "ics", wait=0.5):
            pass
        assert time.monotonic() - started >= 0.5
        assert f"process {holder.pid}: build --year 2027 (test)" in caught.value.message
        assert "in use by another calendar-builder run" in caught.value.message
    finally:
        holder.kill()
        holder.wait()


def test_a_second_run_goes_on_when_the_first_finishes_in_time(tmp_path: Path) -> None:
    holder = _holder(tmp_path, 1.0)
    started = time.monotonic()
    with data_lock(tmp_path, "ics", wait=20):
        assert time.monotonic() - started > 0.5  # it waited for the first run
        assert (tmp_path / LOCK_FILE).read_text(encoding="utf-8") == f"process {os.getpid()}: ics"
    holder.wait()


def test_the_lock_of_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    holder = _holder(tmp_path, 60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert (tmp_path / LOCK_FILE).read_text(encoding="utf-8").startswith(f"process {holder.pid}")
    with data_lock(tmp_path, "build", wait=2):
        assert (tmp_path / LOCK_FILE).read_text(encoding="utf-8") == f"process {os.getpid()}: build"
    assert (tmp_path / LOCK_FILE).read_text(encoding="utf-8") == ""


def test_publishing_exchanges_the_whole_folder_and_keeps_what_the_build_does_not_make(tmp_path: Path) -> None:
    target = tmp_path / "out" / "2027"
    (target / "feeds").mkdir(parents=True)
    (target / "kalender-2027-druck.pdf").write_text("old pdf")
    (target / "feeds" / "alle.ics").write_text("old feed")
    (target / "feeds" / "organisation-gone.ics").write_text("a feed the new edition no longer has")
    (target / "kalender-2027-korrektur-v1.pdf").write_text("proof, not made by the build")
    with staging(target) as stage:
        (stage / "feeds").mkdir()
        (stage / "kalender-2027-druck.pdf").write_text("new pdf")
        (stage / "feeds" / "alle.ics").write_text("new feed")
        publish(stage, target, carry_over=lambda relative: "korrektur" in relative.name)
    files = {p.relative_to(target).as_posix(): p.read_text() for p in target.rglob("*") if p.is_file()}
    assert files == {
        "kalender-2027-druck.pdf": "new pdf",
        "feeds/alle.ics": "new feed",
        "kalender-2027-korrektur-v1.pdf": "proof, not made by the build",
    }
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2027"]  # no staging or old folder left


def test_a_failed_build_leaves_the_old_edition_and_no_staging_folder(tmp_path: Path) -> None:
    target = tmp_path / "out" / "2027"
    target.mkdir(parents=True)
    (target / "kalender-2027-druck.pdf").write_text("old pdf")
    with pytest.raises(RuntimeError), staging(target) as stage:
        (stage / "kalender-2027-druck.pdf").write_text("new pdf that failed the preflight")
        raise RuntimeError("preflight failed")
    assert (target / "kalender-2027-druck.pdf").read_text() == "old pdf"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2027"]


def test_leftovers_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "2027" / "feeds").mkdir(parents=True)
    leftover_tmp = out / "2027" / "feeds" / ".alle.ics.k2j3h4.tmp"
    leftover_tmp.write_text("half a feed")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".2027.staging-{dead.pid}"
    stale.mkdir()
    (stale / "kalender-2027-druck.pdf").write_text("half an edition")
    live = out / f".2028.staging-{os.getppid()}"  # a folder of a process that still runs stays
    live.mkdir()
    keep = out / "2027" / ".hidden-but-not-ours"
    keep.write_text("a user's file")
    removed = remove_leftovers(out)
    assert set(removed) == {leftover_tmp, stale}
    assert not leftover_tmp.exists() and not stale.exists() and live.exists() and keep.exists()
