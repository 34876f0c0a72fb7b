"""Every speed figure of the command line with its target (not a timed test: figures depend on the machine).

    python tools/benchmark_all.py [--runs 3] [--only build-cold,check] [--python PATH] [--root PATH]

Each command runs as its own process, as a user starts it (`python cli.py …`), in a scratch folder with a
copy of data/. For each: the best wall time of --runs runs, the best CPU time (user + system, of the command
and the processes it waits for; less disturbed than the wall time on a busy machine) and the peak resident
memory of any of its processes (ru_maxrss from wait4). The load average is printed before and after:
compare figures only from a quiet machine, or compare CPU times.

If `remind` (with rem2pdf) and `pcal` with ghostscript's `ps2pdf` are installed (Debian:
`apt-get install remind pcal ghostscript`), a year's calendar from each is timed the same way and the ratios
to `build` printed. --root and --python measure another checkout (e.g. an older commit) the same way.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2027
#: 2026-01-01T00:00:00Z: a fixed build clock, so that every run does the same work
EPOCH = "1767225600"
EXTRA_EVENTS = 10_000


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    wall_target: float | None
    mb_target: float | None
    #: the command line after `python cli.py`, with {data} and {out} filled in
    command: tuple[str, ...]
    #: run before each timed run, in the scratch folder (not timed)
    before_each: Callable[[Path, int], None] | None = None
    #: run once before the runs (not timed)
    before_all: Callable[[Path, list[str]], None] | None = None


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Wall time, CPU time and peak memory of one process and what it waited for."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace")[-3000:])
            raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def fresh_build_folder(scratch: Path, _: int) -> None:
    """A cold build: no output, no cache, the feed state as shipped."""
    for name in ("out", ".cache"):
        shutil.rmtree(scratch / name, ignore_errors=True)
    shutil.copy2(scratch / "data.orig" / "feed-state.json", scratch / "data" / "feed-state.json")


RENAMED = re.compile(r'(names: \{de: "Heilige Drei Könige \(Erscheinung des Herrn\))[^"]*(")')


def rename_a_festival(scratch: Path, run: int) -> None:
    """One festival's German name changed (Epiphany's), so its dates' entries must be made again."""
    path = scratch / "data" / "holidays.yaml"
    text, count = RENAMED.subn(rf"\1 – Fassung {run + 1}\2", path.read_text(encoding="utf-8"), count=1)
    if count != 1:
        raise SystemExit("tools/benchmark_all.py: Epiphany's name not found in holidays.yaml")
    path.write_text(text, encoding="utf-8")


def no_cache(scratch: Path, _: int) -> None:
    """A cold run: the build cache (./.cache) deleted."""
    shutil.rmtree(scratch / ".cache", ignore_errors=True)


def warm_up(scratch: Path, command: list[str]) -> None:
    """One run first, which fills the cache."""
    subprocess.run(command, cwd=scratch, env=environment(), check=True, capture_output=True)


def add_events(scratch: Path, _: list[str]) -> None:
    """EXTRA_EVENTS more one-off events, spread over the organisations as imported events files."""
    import yaml

    data = scratch / "data"
    organisations = [o["id"] for o in yaml.safe_load((data / "organisations.yaml").read_text("utf-8"))["organisations"]]
    per = -(-EXTRA_EVENTS // len(organisations))
    (data / "events").mkdir(exist_ok=True)
    made = 0
    for number, organisation in enumerate(organisations):
        lines = [f"organisation: {organisation}", "events:"]
        for n in range(min(per, EXTRA_EVENTS - made)):
            day = 1 + (n * 7 + number) % 365
            month, mday = _month_day(day)
            lines += [f"  - id: benchmark-{n}", f'    title: "Treffen {n} ({organisation})"',
                      f"    date: {YEAR}-{month:02d}-{mday:02d}", f'    time: "{10 + n % 9}:00"',
                      f'    end_time: "{11 + n % 9}:30"', f"    location: Raum {n % 40}"]  # fmt: skip
            made += 1
        (data / "events" / f"{organisation}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _month_day(day_of_year: int) -> tuple[int, int]:
    import datetime

    day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=day_of_year - 1)
    return day.month, day.day


def environment() -> dict[str, str]:
    """The commands' environment: a fixed clock and locale, and bytecode caching on, as an installed package has it
    (an inherited PYTHONDONTWRITEBYTECODE would make every run compile the package's sources again)."""
    inherited = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**inherited, "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC", "LC_ALL": "C.UTF-8"}


def compile_sources(python: str, root: Path) -> None:
    """Write the bytecode of the package once before timing, as `pip install` does for a wheel."""
    subprocess.run(
        [python, "-m", "compileall", "-q", str(root / "calendar_builder"), str(root / "cli.py")],
        env=environment(), check=True, capture_output=True,
    )  # fmt: skip


BUILD = ("build", "--year", str(YEAR), "--data", "{data}", "--out", "{out}")
CHECK = ("check", "--data", "{data}", "--year", str(YEAR))
DATES_JSON = ("dates", "--data", "{data}", "--from", "1900", "--to", "2100", "--json")
CASES = (
    Case("build-cold", "build, cold (no output, no cache)", 1.5, 150, BUILD, fresh_build_folder),
    Case(
        "build-warm", "build again after one festival renamed, cache warm", 0.8, None, BUILD, rename_a_festival, warm_up
    ),  # fmt: skip
    Case("proof", "proof", 1.5, None, ("proof", "--year", str(YEAR), "--data", "{data}", "--out", "{out}")),
    Case("help", "--help", 0.12, None, ("--help",)),
    Case("check", "check, data unchanged since the last check", 0.35, None, CHECK),
    Case(
        "check-changed", "check after one festival renamed, cache warm", 0.35, None, CHECK, rename_a_festival, warm_up
    ),  # fmt: skip
    Case("dates", "dates --from 1900 --to 2100 --json, cache warm", 0.8, 120, DATES_JSON, None, warm_up),
    Case("dates-cold", "dates --from 1900 --to 2100 --json, cold (no cache)", 0.8, 120, DATES_JSON, no_cache),
    Case("dates-text", "dates --from 1900 --to 2100, cache warm", 1.0, None, DATES_JSON[:-1], None, warm_up),
    Case("dates-text-cold", "dates --from 1900 --to 2100, cold (no cache)", 1.0, None, DATES_JSON[:-1], no_cache),
    Case(
        "ics-10000",
        f"ics with {EXTRA_EVENTS:,} more events",
        5.0,
        200,
        ("ics", "--year", str(YEAR), "--data", "{data}", "--out", "{out}"),
        no_cache,
        add_events,
    ),  # fmt: skip
    Case(
        "ics-10000-warm",
        f"ics with {EXTRA_EVENTS:,} more events, cache warm",
        5.0,
        200,
        ("ics", "--year", str(YEAR), "--data", "{data}", "--out", "{out}"),
        None,
        lambda scratch, command: (add_events(scratch, command), warm_up(scratch, command)),
    ),  # fmt: skip
)


def measure(case: Case, python: str, root: Path, runs: int) -> list[Run]:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        shutil.copytree(root / "data", scratch / "data")
        shutil.copytree(root / "data", scratch / "data.orig")
        fill = {"data": str(scratch / "data"), "out": str(scratch / "out")}
        command = [python, str(root / "cli.py"), *(part.format(**fill) for part in case.command)]
        if case.before_all:
            case.before_all(scratch, command)
        results = []
        for run in range(runs):
            if case.before_each:
                case.before_each(scratch, run)
            results.append(timed(command, scratch, environment()))
        return results


def others(runs: int) -> list[tuple[str, list[Run]]]:
    """remind | rem2pdf and pcal | ps2pdf for a year, when installed."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        if all(shutil.which(tool) for tool in ("remind", "rem2pdf")):
            (scratch / "reminders").write_text(
                "\n".join(f"REM {d} {m} MSG Eintrag {d}.{m}." for m in ("Jan Apr Jul Oct".split()) for d in (1, 15))
                + "\n", encoding="utf-8",
            )  # fmt: skip
            script = f"remind -pp12 reminders 1 Jan {YEAR} | rem2pdf > remind.pdf"
            found.append(("remind -pp12 | rem2pdf (12 months)", [_shell(script, scratch) for _ in range(runs)]))
        if all(shutil.which(tool) for tool in ("pcal", "ps2pdf")):
            script = f"pcal -E 1 {YEAR} 12 > pcal.ps && ps2pdf pcal.ps pcal.pdf"  # -E: no date file; 12 months
            found.append(("pcal | ps2pdf (12 months)", [_shell(script, scratch) for _ in range(runs)]))
    return found


def _shell(script: str, cwd: Path) -> Run:
    return timed(["/bin/sh", "-c", script], cwd, environment())


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPU(s)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command; the best one counts")
    parser.add_argument("--only", default="", help="comma-separated case names: " + ", ".join(c.name for c in CASES))
    parser.add_argument("--python", default=sys.executable, help="the interpreter to run cli.py with")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose cli.py and data/ to measure")
    args = parser.parse_args()
    chosen = [c for c in CASES if not args.only or c.name in args.only.split(",")]
    print(f"{args.root}: best of {args.runs} run(s) each, interpreter start included; {_load()}")
    compile_sources(args.python, args.root)
    print(f"{'command':<52} {'wall':>8} {'target':>8} {'cpu':>8} {'peak':>8} {'target':>8}")
    walls: dict[str, float] = {}
    cpus: dict[str, float] = {}
    for case in chosen:
        results = measure(case, args.python, args.root, args.runs)
        wall = min(r.wall for r in results)
        cpu = min(r.cpu for r in results)
        peak = max(r.peak_mb for r in results)
        walls[case.name] = wall
        cpus[case.name] = cpu
        wall_t = f"≤{case.wall_target:g} s" if case.wall_target else "-"
        mb_t = f"≤{case.mb_target:g} MB" if case.mb_target else "-"
        over = [w for w, bad in (("wall", case.wall_target and wall > case.wall_target),
                                 ("memory", case.mb_target and peak > case.mb_target)) if bad]  # fmt: skip
        verdict = "over: " + ", ".join(over) if over else "ok"
        print(f"{case.what:<52} {wall:>6.2f} s {wall_t:>8} {cpu:>6.2f} s {peak:>5.0f} MB {mb_t:>8}  {verdict}",
              flush=True)  # fmt: skip
    compared = others(args.runs)
    for label, results in compared:
        wall, cpu = min(r.wall for r in results), min(r.cpu for r in results)
        ratio = ""
        if "build-cold" in walls:
            times = walls["build-cold"] / wall, cpus["build-cold"] / cpu
            ratio = f"; build-cold: {times[0]:.1f}× its wall, {times[1]:.1f}× its CPU time"
        print(f"{label:<52} {wall:>6.2f} s {'':>8} {cpu:>6.2f} s {max(r.peak_mb for r in results):>5.0f} MB{ratio}")
    if not compared:
        print("remind/rem2pdf and pcal/ps2pdf not installed (apt-get install remind pcal ghostscript): no comparison")
    print(_load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
