"""Benchmark: expand every festival of the shipped data for 1900–2100 (target: under one second).

    python tools/benchmark.py [--data data] [--repeat 5]

Reports the first run (as a build sees it) and the best of several.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calendar_builder.core.expand import expand  # noqa: E402
from calendar_builder.core.load import load_catalogue  # noqa: E402
from calendar_builder.core.rules import ExpandOptions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    catalogue = load_catalogue(args.data / "holidays.yaml")
    loaded = time.perf_counter() - started
    years = range(1900, 2101)
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = expand(catalogue.festivals, years, ExpandOptions())
        timings.append(time.perf_counter() - started)
    print(f"load holidays.yaml ({len(catalogue.festivals)} festivals): {loaded * 1000:.0f} ms")
    print(
        f"expand 1900–2100: first run {timings[0] * 1000:.0f} ms (tables loaded, nothing cached), "
        f"best {min(timings) * 1000:.0f} ms of {args.repeat} runs, "
        f"{len(result.occurrences)} occurrences, {len(result.notices)} festival-years out of range"
    )


if __name__ == "__main__":
    main()
