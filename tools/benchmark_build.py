"""Wall time, peak memory and file size of the default print build (targets: < 3 s, < 400 MB, < 8 MB).

Usage: python tools/benchmark_build.py [--data data] [--year 2027]
Runs the build in a fresh child process so that peak memory (ru_maxrss) belongs to the build alone.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 3.0
TARGET_MB = 400
TARGET_PDF_MB = 8

CHILD = """
import sys
from pathlib import Path
from calendar_builder.edition import make_edition, write_print_pdf
from calendar_builder.settings import Settings, default_year
data, out, year = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) or default_year()
settings = Settings(data_dir=data, out_dir=out, year=year)
print(write_print_pdf(make_edition(settings, leave_out_uncovered=True), settings, echo=lambda _: None))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--year", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", CHILD, str(args.data), out, str(args.year)],
                                capture_output=True, text=True)  # fmt: skip
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return result.returncode
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        pdf = Path(result.stdout.strip().splitlines()[-1])
        size_mb = pdf.stat().st_size / 1024 / 1024
    rows = [
        ("wall time (incl. interpreter start)", f"{seconds:.2f} s", seconds < TARGET_SECONDS, f"< {TARGET_SECONDS} s"),
        ("peak memory", f"{peak_mb:.0f} MB", peak_mb < TARGET_MB, f"< {TARGET_MB} MB"),
        ("print PDF size", f"{size_mb:.2f} MB", size_mb < TARGET_PDF_MB, f"< {TARGET_PDF_MB} MB"),
    ]
    for label, value, ok, target in rows:
        print(f"{label:<38} {value:>10}   target {target:<9} {'ok' if ok else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
