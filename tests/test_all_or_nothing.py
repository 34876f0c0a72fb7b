"""A build publishes the whole edition or nothing, and runs on one data folder take turns.

The kill test stops `build` with SIGKILL at 30 moments spread over a whole run and checks that out/<year>/ is
then either the old complete edition or the new complete one, never a mix, and never holds a print PDF that did
not pass the preflight; the next run cleans up whatever the killed one left.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.printkit import YEAR, data_folder

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
RENAMED = ("Neujahr", "Neujahrstag")


def _build(data: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "cli.py"), "build", "--data", str(data), "--out", str(out), "--year",
               str(YEAR)]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=ROOT)


def _snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under `folder` (hidden leftovers included)."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def _rename_a_festival(data: Path) -> None:
    holidays = data / "holidays.yaml"
    text = holidays.read_text(encoding="utf-8")
    assert f"de: {RENAMED[0]}," in text
    holidays.write_text(text.replace(f"de: {RENAMED[0]},", f"de: {RENAMED[1]},", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The old edition (data v1) and the new one (data v2, a festival renamed), each built once in full."""
    root = tmp_path_factory.mktemp("editions")
    (root / "v1").mkdir()
    old_data = data_folder(root / "v1")
    old_out = root / "v1" / "out"
    assert _build(old_data, old_out).returncode == 0
    new_data = root / "v2" / "data"
    shutil.copytree(old_data, new_data)  # with the feed state the old build left
    _rename_a_festival(new_data)
    new_out = root / "v2" / "out"
    started = time.monotonic()
    result = _build(new_data, new_out)
    duration = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    return {
        "old_data": old_data, "old_out": old_out, "new_data": new_data, "duration": duration,
        "old": _snapshot(old_out / str(YEAR)), "new": _snapshot(new_out / str(YEAR)),
        "old_state": (old_data / "feed-state.json").read_bytes(),
        "new_state": (new_data / "feed-state.json").read_bytes(),
    }  # fmt: skip


def _start_over(editions: dict[str, object], work: Path) -> tuple[Path, Path]:
    """A data folder at v2 whose feed state and out/ are those of the old edition, as before a real rebuild."""
    if work.exists():
        shutil.rmtree(work)
    data, out = work / "data", work / "out"
    shutil.copytree(editions["new_data"], data)  # type: ignore[arg-type]
    (data / "feed-state.json").write_bytes(editions["old_state"])  # type: ignore[arg-type]
    shutil.copytree(editions["old_out"], out)  # type: ignore[arg-type]
    return data, out


def test_the_two_editions_differ(editions: dict[str, object]) -> None:
    assert editions["old"] != editions["new"] and set(editions["old"]) == set(editions["new"])  # type: ignore[arg-type]


def test_a_kill_at_any_moment_leaves_the_old_or_the_new_edition(editions: dict[str, object], tmp_path: Path) -> None:
    moments = random.Random(20270101).sample(range(0, 1000), 30)
    duration = float(editions["duration"])  # type: ignore[arg-type]
    outcomes = {"old": 0, "new": 0}
    for step, permille in enumerate(sorted(moments)):
        data, out = _start_over(editions, tmp_path / f"run{step}")
        command = [sys.executable, str(ROOT / "cli.py"), "build", "--data", str(data), "--out", str(out),
                   "--year", str(YEAR)]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT)
        time.sleep(duration * 1.2 * permille / 1000)
        process.send_signal(signal.SIGKILL)
        process.wait()
        published = {k: v for k, v in _snapshot(out / str(YEAR)).items() if not Path(k).name.startswith(".")}
        state = (data / "feed-state.json").read_bytes()
        if published == editions["old"]:
            outcomes["old"] += 1
        else:
            assert published == editions["new"], f"a mix after a kill at {permille / 10:.1f} % of a build"
            outcomes["new"] += 1
            assert state in (editions["old_state"], editions["new_state"])
        if published == editions["old"]:
            assert state == editions["old_state"], "the feed state is written after the edition, never before"
        # the next run finishes the job and leaves nothing of the killed one behind
        assert _build(data, out).returncode == 0
        assert _snapshot(out / str(YEAR)) == editions["new"]
        assert sorted(p.name for p in out.iterdir()) == [str(YEAR)]
        assert not [p for p in data.rglob(".*.tmp")]
    assert outcomes["old"] > 0, outcomes  # some kills came before the edition was published


def test_a_failed_build_keeps_the_old_edition_and_state(editions: dict[str, object], tmp_path: Path) -> None:
    data, out = _start_over(editions, tmp_path / "damaged")
    (data / "feed-state.json").write_text('{"format": 1, "entries": {"x": {"hash": 1}}', encoding="utf-8")
    damaged = (data / "feed-state.json").read_bytes()
    result = _build(data, out)
    assert result.returncode == 2 and "feed-state.json" in result.stderr and "Traceback" not in result.stderr
    assert _snapshot(out / str(YEAR)) == editions["old"]
    assert (data / "feed-state.json").read_bytes() == damaged
    assert sorted(p.name for p in out.iterdir()) == [str(YEAR)]


def test_two_runs_on_one_data_folder_lose_nothing(tmp_path: Path) -> None:
    """ics for two years at the same time: the second waits for the first, and the state has both years."""
    data = data_folder(tmp_path)
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "cli.py"), "ics", "--data", str(data), "--out", str(out), "--year", str(year)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
            cwd=ROOT,
        )  # fmt: skip
        for year in (2035, 2040)
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    entries = json.loads((data / "feed-state.json").read_text(encoding="utf-8"))["entries"]
    years = {int(uid.rsplit("@", 1)[0].rsplit("-", 1)[-1]) for uid in entries if uid.rsplit("@", 1)[0][-4:].isdigit()}
    # each run writes the festivals of its year, the year before and two after
    assert {2034, 2035, 2036, 2037, 2039, 2040, 2041, 2042} <= years, sorted(years)
