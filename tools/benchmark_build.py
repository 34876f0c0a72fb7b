"""Wall time and peak memory of the print PDF with its preflight, and of the whole `build` (not a timed test).

Targets for the print PDF with its preflight on a 2-core machine: under 3 s and 400 MB; the file (without
photographs) under 8 MB. Each measurement runs in a fresh child process, so that the wall time includes the
interpreter start and the peak memory (ru_maxrss of that child alone) belongs to that run alone.

The capacity fixture of the tests (tests/capacity.py: 60 organisations, 500 one-off events, 100 series) is
built once more with `build`; its time and memory are reported, without a target.

Usage: python tools/benchmark_build.py [--data data] [--year 2027] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 3.0
TARGET_MB = 400
TARGET_PDF_MB = 8
ROOT = Path(__file__).resolve().parent.parent

PRINT_CHILD = """
import sys
from pathlib import Path
from calendar_builder.build import load_edition, preflight_print_pdf, write_print_pdf
from calendar_builder.edition.model import make_edition
from calendar_builder.settings import BuildClock, Settings
data, out, year = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) or BuildClock.now().default_year
settings = Settings(data_dir=data, out_dir=out, year=year)
pdf, _ = write_print_pdf(load_edition(settings, leave_out_uncovered=True), settings, echo=lambda _: None)
preflight_print_pdf(pdf, settings, echo=lambda _: None)
print(pdf)
"""


def run_child(args: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak MB, stdout) of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(args, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        sys.stderr.write(stderr)
        raise SystemExit(child.returncode)
    return seconds, usage.ru_maxrss / 1024, stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--year", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; the best one counts")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        runs = [run_child([sys.executable, "-c", PRINT_CHILD, str(args.data), tmp, str(args.year)])
                for _ in range(args.runs)]  # fmt: skip
        seconds = min(r[0] for r in runs)
        peak_mb = max(r[1] for r in runs)
        pdf = Path(runs[0][2].strip().splitlines()[-1])
        size_mb = pdf.stat().st_size / 1024 / 1024
        year = ["--year", str(args.year)] if args.year else []
        build = [run_child([sys.executable, str(ROOT / "cli.py"), "build", "--data", str(args.data),
                            "--out", tmp, *year]) for _ in range(args.runs)]  # fmt: skip
        # the capacity fixture of the tests: 60 organisations, 500 one-off events, 100 series (one run: it is slow)
        sys.path.insert(0, str(ROOT))
        from tests.capacity import capacity_data

        capacity = capacity_data(Path(tmp) / "capacity")
        large = run_child([sys.executable, str(ROOT / "cli.py"), "build", "--data", str(capacity), "--out",
                           str(Path(tmp) / "capacity-out"), "--year", "2027"])  # fmt: skip
    rows.append(("print PDF + preflight: wall time", f"{seconds:.2f} s", seconds < TARGET_SECONDS,
                 f"< {TARGET_SECONDS} s"))  # fmt: skip
    rows.append(("print PDF + preflight: peak memory", f"{peak_mb:.0f} MB", peak_mb < TARGET_MB, f"< {TARGET_MB} MB"))
    rows.append(("print PDF size", f"{size_mb:.2f} MB", size_mb < TARGET_PDF_MB, f"< {TARGET_PDF_MB} MB"))
    whole_s, whole_mb = min(r[0] for r in build), max(r[1] for r in build)
    rows.append(("whole build (PDF, agenda, feeds): wall", f"{whole_s:.2f} s", True, "-"))
    rows.append(("whole build: peak memory", f"{whole_mb:.0f} MB", True, "-"))
    rows.append(("capacity fixture build: wall (1 run)", f"{large[0]:.2f} s", True, "-"))
    rows.append(("capacity fixture build: peak memory", f"{large[1]:.0f} MB", True, "-"))
    print(f"best of {args.runs} runs each, interpreter start included")
    for label, value, ok, target in rows:
        verdict = "" if target == "-" else ("ok" if ok else "OVER")
        print(f"{label:<40} {value:>10}   target {target:<9} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
