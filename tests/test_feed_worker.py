"""The forked worker: its result, its messages and its errors come back as if it had run in the building
process, a failure there fails the build and leaves the published edition as it was, and a list of work shared
with it goes to whichever process is free."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from calendar_builder.errors import CalendarError, DataError, Location, Problem
from calendar_builder.feed_worker import WANTED_LAST_NICENESS, Job, Shares
from tests.printkit import YEAR, data_folder

ROOT = Path(__file__).resolve().parent.parent
Say = Callable[[str], None]
RESULT = {"alle.ics": b"BEGIN:VCALENDAR\r\n", "index.html": b"<html>"}


def _works(say: Say) -> dict[str, bytes]:
    say("warning: first")
    say("note: second")
    return RESULT


def _fails_with(error: BaseException) -> Callable[[Say], dict[str, bytes]]:
    def work(say: Say) -> dict[str, bytes]:
        say("warning: said before the error")
        raise error

    return work


class Unpicklable(Exception):
    def __init__(self, message: str, handle: object) -> None:
        super().__init__(message)
        self.handle = handle


def _outcome(work: Callable[[Say], dict[str, bytes]]) -> tuple[dict[str, bytes], list[str]]:
    said: list[str] = []
    job = Job.start(work)
    try:
        return job.result(said.append), said
    finally:
        job.stop()


def test_the_result_and_the_messages_in_order() -> None:
    result, said = _outcome(_works)
    assert result == RESULT
    assert said == ["warning: first", "note: second"]


def test_the_work_runs_in_another_process() -> None:
    result, _ = _outcome(lambda say: {"pid": str(os.getpid()).encode()})
    assert result["pid"] != str(os.getpid()).encode()


def test_a_located_error_comes_back_with_its_message() -> None:
    message = "data/organisations.yaml line 97: entry x: the cancelled occurrence 2027-12-24 is not one the rule makes"
    with pytest.raises(CalendarError) as raised:
        _outcome(_fails_with(CalendarError(message)))
    assert raised.value.message == message and type(raised.value) is CalendarError


def test_a_data_error_comes_back_with_every_problem() -> None:
    problems = [
        Problem(Location("data/holidays.yaml", 12, "names.de"), "expected German text"),
        Problem(Location("data/events/x.yaml", 3, "id"), "duplicate id", "warning"),
    ]
    with pytest.raises(DataError) as raised:
        _outcome(_fails_with(DataError(problems)))
    assert raised.value.problems == problems


def test_an_error_that_cannot_travel_becomes_its_message() -> None:
    with pytest.raises(CalendarError, match="cannot travel"):
        _outcome(_fails_with(Unpicklable("cannot travel", lambda: None)))


def test_the_messages_before_an_error_are_said() -> None:
    said: list[str] = []
    job = Job.start(_fails_with(CalendarError("stop")))
    try:
        with pytest.raises(CalendarError):
            job.result(said.append)
    finally:
        job.stop()
    assert said == ["warning: said before the error"]


def test_a_worker_that_dies_is_a_clear_error() -> None:
    def dies(say: Say) -> dict[str, bytes]:
        os._exit(3)

    with pytest.raises(CalendarError, match=r"ended without a result \(exit code 3\)"):
        _outcome(dies)


def test_stop_ends_a_worker_nobody_waits_for() -> None:
    def slow(say: Say) -> dict[str, bytes]:
        time.sleep(60)
        return RESULT

    job = Job.start(slow)
    process = job._process
    started = time.monotonic()
    job.stop()
    assert process is not None and not process.is_alive()
    assert time.monotonic() - started < 30


def test_a_worker_dies_with_its_building_process(tmp_path: Path) -> None:
    """A killed build must not leave its worker running: the worker shares the build's lock on the data folder."""
    program = f"""
import os, sys, time
sys.path.insert(0, {str(ROOT)!r})
from calendar_builder.feed_worker import Job

def work(say):
    print(os.getpid(), flush=True)
    time.sleep(600)

job = Job.start(work)
time.sleep(600)
"""
    parent = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 60
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(worker)


def _running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie, reaped by init later, counts as ended)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return status not in ("Z", "X")


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def test_a_failure_in_the_feeds_fails_the_build_and_keeps_the_old_edition(tmp_path: Path) -> None:
    """The feed state is read by the worker only: damaged, it stops the feeds while the print PDF is being made."""
    data = data_folder(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    command = [sys.executable, str(ROOT / "cli.py"), "build", "--data", str(data), "--out", str(out), "--year",
               str(YEAR)]  # fmt: skip
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    edition = out / str(YEAR)
    before = _tree(edition)
    assert any(name.startswith("feeds/") for name in before) and any(name.endswith(".pdf") for name in before)
    state = data / "feed-state.json"
    state.write_text('{"format": 1, "entries": {', encoding="utf-8")
    second = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert second.returncode == 2
    assert "feed-state.json" in second.stderr and "Traceback" not in second.stderr
    assert _tree(edition) == before
    assert state.read_text(encoding="utf-8") == '{"format": 1, "entries": {'
    assert sorted(p.name for p in out.iterdir()) == [str(YEAR)]


def _take(shares: Shares, seconds_each: float) -> Callable[[Say], list[int]]:
    def work(_say: Say) -> list[int]:
        taken = []
        for item in shares:
            taken.append(item)
            time.sleep(seconds_each)
        return taken

    return work


@pytest.mark.parametrize("worker_slow", [True, False])
def test_shares_give_each_item_to_one_process_and_the_faster_one_takes_more(worker_slow: bool) -> None:
    """Work of unequal cost: every item is taken exactly once, and the process whose items cost less takes the most
    (a split fixed in advance would leave it waiting), whichever of the two starts first."""
    shares = Shares.of(40)
    assert shares is not None
    job = Job.start(_take(shares, 0.3 if worker_slow else 0.0))
    try:
        mine = _take(shares, 0.0 if worker_slow else 0.1)(lambda _: None)
        theirs = job.result(lambda _: None)
    finally:
        job.stop()
    assert sorted(mine + theirs) == list(range(40))
    assert (len(mine) > len(theirs)) is worker_slow


def test_without_fork_the_starting_process_takes_every_item(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the work runs in `result` (no fork), the starting process has taken all items and the work finds none."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    shares = Shares.of(5)
    assert shares is not None
    job = Job.start(_take(shares, 0.0))
    mine = list(shares)
    assert mine == [0, 1, 2, 3, 4]
    assert job.result(lambda _: None) == []


def _hands(say: Say, hand: Callable[[object], None]) -> str:
    say("note: before handing")
    hand({"sizes": os.getpid()})
    hand(["names"])
    return "logos"


@pytest.mark.parametrize("fork", [True, False])
def test_values_handed_over_early_come_in_order_before_the_result(fork: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    if not fork:
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    said: list[str] = []
    job = Job.start_handing(_hands)
    try:
        first = job.early()
        assert (first["sizes"] != os.getpid()) is fork, "handed over by the worker, or made here without fork"
        assert job.early() == ["names"]
        assert job.result(said.append) == "logos"
    finally:
        job.stop()
    assert said == ["note: before handing"]


def test_the_result_passes_over_values_nobody_asked_for() -> None:
    job = Job.start_handing(_hands)
    try:
        assert job.early() is not None
        assert job.result(lambda _: None) == "logos"
    finally:
        job.stop()


def test_an_error_before_anything_is_handed_over_comes_back_at_once() -> None:
    def fails(say: Say, hand: Callable[[object], None]) -> None:
        raise CalendarError("data/organisations.yaml line 3: logo: not a file")

    job = Job.start_handing(fails)
    try:
        with pytest.raises(CalendarError, match="line 3: logo"):
            job.early()
        with pytest.raises(CalendarError, match="line 3: logo"):
            job.result(lambda _: None)
    finally:
        job.stop()
    quiet = Job.start_handing(lambda say, hand: None)
    try:
        with pytest.raises(CalendarError, match="handed nothing"):
            quiet.early()
    finally:
        quiet.stop()


def test_a_worker_whose_result_is_wanted_last_runs_at_a_lower_priority() -> None:
    """The feeds' worker yields the second core to the workers whose results the build asks for sooner."""
    here = os.nice(0)
    assert Job.start(lambda _say: os.nice(0)).result(lambda _: None) == here
    assert Job.start(lambda _say: os.nice(0), wanted_last=True).result(lambda _: None) == here + WANTED_LAST_NICENESS
