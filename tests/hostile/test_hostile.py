"""Every hostile case, run as its own process under a 1 GB address-space limit and a timeout.

Each case asserts: exit code 1 or 2; a message naming the file (and line and field where they apply, or the
option or variable); no traceback; under 10 s of processor time and 500 MB; and every earlier output and data
file byte-identical afterwards. Processor time, not wall-clock time, because CI machines are shared; a case that
loops forever is still caught by the wall-clock timeout (a hang). The cases run in parallel (one process per
core) once per session and the tests read their results. The corpus's figures (cases, located errors,
tracebacks, hangs, worst peak memory) are printed at the end of the run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .cases import BASE, CASES, EPOCH, Case

ROOT = Path(__file__).resolve().parents[2]
LIMITED = Path(__file__).with_name("limited.py")
MEMORY_LIMIT = 1 << 30  # address space of each case's process
TIMEOUT = 60.0  # wall-clock seconds before a case is killed and counted as a hang
MAX_CPU_SECONDS = 10.0
MAX_PEAK_MB = 500
#: the corpus in figures, printed at the end of the test run (conftest.py)
SUMMARY: list[str] = []


@dataclass(frozen=True)
class Outcome:
    case: Case
    code: int | None
    hung: bool
    seconds: float
    cpu: float
    peak_mb: float
    output: str
    changed: tuple[str, ...]


def _write(folder: Path, files: dict[str, Any]) -> None:
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content() if callable(content) else content)


def _snapshot(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _environment(case: Case) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update({"SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1", "TZ": "UTC"})
    env.update(case.env)
    return env


def _base(folder: Path) -> Path:
    """The data folder every case starts from, with earlier outputs of a real run beside it."""
    base = folder / "base"
    _write(base, BASE)
    env = _environment(Case("base", ()))
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "ics", "--year", "2027"], cwd=base, env=env, check=True,
                   capture_output=True)  # fmt: skip
    _write(base, {"out/2027/kalender-2027-druck.pdf": b"%PDF-1.4 earlier print file\n"})
    return base


def _run(case: Case, base: Path, folder: Path) -> Outcome:
    work = folder / case.name
    shutil.copytree(base, work, symlinks=True)
    _write(work, case.files)
    for link, target in case.links.items():
        path = work / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        path.symlink_to(target)
    before = _snapshot(work)
    result_file = folder / f"{case.name}.json"
    command = [sys.executable, str(LIMITED), str(result_file), str(TIMEOUT), str(MEMORY_LIMIT),
               sys.executable, str(ROOT / "cli.py"), *case.args]  # fmt: skip
    subprocess.run(command, cwd=work, env=_environment(case), check=True)
    result = json.loads(result_file.read_text(encoding="utf-8"))
    after = _snapshot(work)
    changed = tuple(sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)))
    outcome = Outcome(case, result["code"], result["hung"], result["seconds"], result["cpu"], result["peak_kb"] / 1024,
                      result["stdout"] + result["stderr"], changed)  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    return outcome


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    folder = tmp_path_factory.mktemp("hostile")
    base = _base(folder)
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = {o.case.name: o for o in pool.map(lambda c: _run(c, base, folder), CASES)}
    yield results
    _summary(results)


def _summary(results: dict[str, Outcome]) -> None:
    worst = max(results.values(), key=lambda o: o.peak_mb)
    slowest = max(results.values(), key=lambda o: o.cpu)
    located = sum(1 for o in results.values() if o.code in (1, 2) and all(e in o.output for e in o.case.expect))
    lines = [
        f"hostile corpus: {len(results)} cases, {located} located errors, "
        f"{sum('Traceback' in o.output for o in results.values())} tracebacks, "
        f"{sum(o.hung for o in results.values())} hangs, "
        f"peak memory {worst.peak_mb:.0f} MB ({worst.case.name}), "
        f"slowest {slowest.cpu:.1f} s processor time ({slowest.case.name})"
    ]
    report = os.environ.get("HOSTILE_REPORT")
    if report:
        rows = [{"case": o.case.name, "code": o.code, "seconds": round(o.seconds, 2), "cpu": round(o.cpu, 2),
                 "peak_mb": round(o.peak_mb),
                 "output": o.output[-400:]} for o in results.values()]  # fmt: skip
        Path(report).write_text(json.dumps({"summary": lines[0], "cases": rows}, indent=1), encoding="utf-8")
    SUMMARY[:] = lines


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 150
    assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_refused_with_a_located_message(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    assert not outcome.hung, f"hung (killed after {TIMEOUT:g} s)"
    assert "Traceback" not in outcome.output, outcome.output[-2000:]
    assert outcome.code in (1, 2), f"exit code {outcome.code}\n{outcome.output[-1500:]}"
    for expected in case.expect:
        assert expected in outcome.output, f"{expected!r} not in the message:\n{outcome.output[-1500:]}"
    assert outcome.cpu < MAX_CPU_SECONDS, f"took {outcome.cpu:.1f} s of processor time"
    assert outcome.peak_mb < MAX_PEAK_MB, f"peak memory {outcome.peak_mb:.0f} MB"
    assert outcome.changed == (), f"files changed: {outcome.changed}"
