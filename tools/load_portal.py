"""Load test of the portal: gunicorn on PostgreSQL, 100 concurrent clients for a minute (not a test; CI skips it).

Fills a fresh database with the benchmark's data (200 organisations, 20,000 events; tools/benchmark_portal.py),
starts gunicorn on it, and lets N client threads request the month view, an organisation page and that
organisation's feed in turn, each as fast as the server answers. Prints requests, errors and the p50/p95/p99
latency per page.

    bash tools/with_postgres.sh .venv/bin/python tools/load_portal.py
    bash tools/with_postgres.sh .venv/bin/python tools/load_portal.py --clients 100 --seconds 60 --workers 4
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2027
PAGES = {
    "month view": f"/kalender/{YEAR}/6/",
    "organisation page": "/organisationen/verein-100/",
    "organisation feed": "/feeds/organisation-verein-100.ics",
}


def prepare(organisations: int, events: int) -> None:
    """Migrate and fill the database named by DATABASE_URL (in this process, before gunicorn starts)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tools"))
    from benchmark_portal import populate  # type: ignore[import-not-found]

    from calendar_builder.portal.commands import migrate, setup_django

    setup_django()
    migrate()
    started = time.perf_counter()
    populate(organisations, events, YEAR)
    print(f"{organisations} organisations, {events} events created in {time.perf_counter() - started:.0f} s")


def client(base: str, stop: float, results: dict[str, list[float]], errors: dict[str, int], kinds: dict[str, int],
           lock: threading.Lock, offset: int) -> None:  # fmt: skip
    names = list(PAGES)
    n = offset
    while time.perf_counter() < stop:
        name = names[n % len(names)]
        n += 1
        started = time.perf_counter()
        problem = ""
        try:
            with urllib.request.urlopen(base + PAGES[name], timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            problem = type(getattr(exc, "reason", exc)).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            if not problem:
                results[name].append(elapsed)
            else:
                errors[name] += 1
                kinds[problem] = kinds.get(problem, 0) + 1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("runs against PostgreSQL: bash tools/with_postgres.sh .venv/bin/python tools/load_portal.py")
    home = tempfile.mkdtemp(prefix="portal-load-")
    os.environ |= {"PORTAL_HOME": home, "PORTAL_DATA_DIR": str(ROOT / "data"), "PORTAL_LOG_LEVEL": "ERROR",
                   "DJANGO_SETTINGS_MODULE": "calendar_builder.portal.settings"}  # fmt: skip
    prepare(args.organisations, args.events)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "calendar_builder.portal.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
         "--log-level", "warning", "--graceful-timeout", "5"],
        cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.3)
        # fill every worker's caches, as a running portal has them: each worker keeps its own (in memory), and
        # sequential requests land on the workers in turn, so a few rounds reach all of them
        for _ in range(3 * args.workers):
            for path in PAGES.values():
                urllib.request.urlopen(base + path, timeout=120).read()
        results: dict[str, list[float]] = {name: [] for name in PAGES}
        errors = dict.fromkeys(PAGES, 0)
        kinds: dict[str, int] = {}
        lock = threading.Lock()
        stop = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=client, args=(base, stop, results, errors, kinds, lock, n))
                   for n in range(args.clients)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"{args.clients} clients, {args.seconds} s, gunicorn {args.workers} workers × {args.threads} threads, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'page':20} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name in PAGES:
        times = results[name]
        if not times:
            print(f"{name:20} {0:9} {errors[name]:7}")
            continue
        print(f"{name:20} {len(times):9} {errors[name]:7} {len(times) / args.seconds:7.1f} "
              f"{statistics.median(times):8.0f} {percentile(times, 95):8.0f} {percentile(times, 99):8.0f}")  # fmt: skip
    if kinds:
        print("errors: " + ", ".join(f"{kind} × {count}" for kind, count in sorted(kinds.items())))


if __name__ == "__main__":
    main()
