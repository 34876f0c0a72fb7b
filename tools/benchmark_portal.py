"""Benchmark of the portal with 200 organisations and 20,000 events (no timing assertions anywhere else).

Measures the server time of an organisation page and the month view (first request after a change, when
the caches are empty, and again with warm caches), and how many feed responses per second one process
serves. Uses a fresh SQLite database in a temporary folder unless DATABASE_URL is set.

    .venv/bin/python tools/benchmark_portal.py
    bash tools/with_postgres.sh .venv/bin/python tools/benchmark_portal.py    # the same on PostgreSQL
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def populate(organisations: int, events: int, year: int) -> None:
    from calendar_builder.portal import occurrences
    from calendar_builder.portal.models import Event, Organisation
    from calendar_builder.portal.publish import bump
    from calendar_builder.portal.records import core_event, event_record, last_day

    rng = random.Random(2027)
    orgs = Organisation.objects.bulk_create(
        Organisation(slug=f"verein-{n:03d}", position=n, state="active", name=f"Verein Nummer {n}",
                     short_name=f"Verein {n}", description=[["de", f"Beschreibung des Vereins {n}."]],
                     languages=["de", rng.choice(["ar", "tr", "uk", "fa"])])
        for n in range(organisations)
    )  # fmt: skip
    rows = []
    per_org = events // organisations
    for org in orgs:
        for n in range(per_org):
            start = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            event = Event(organisation=org, slug=f"termin-{n:03d}", position=n, title=[["de", f"Termin {n}"]],
                          start=start, end=start, location="WeltHaus")  # fmt: skip
            if n % 5 == 0:
                until = min(start + timedelta(days=180), date(year, 12, 31))
                event.rrule = f"FREQ=WEEKLY;UNTIL={until:%Y%m%d};BYDAY={WEEKDAYS[start.weekday()]}"
            event.last_day = last_day(core_event(org.slug, event_record(event)))
            rows.append(event)
    Event.objects.bulk_create(rows, batch_size=2000)
    occurrences.refresh(Event.objects.select_related("organisation"))
    bump()


def timed(client: object, url: str, repeat: int, cpu: list[float] | None = None) -> list[float]:
    """Wall times in ms; with `cpu`, the process's CPU times too (steadier than wall time on a busy machine)."""
    times = []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    os.environ.setdefault("PORTAL_HOME", folder)
    os.environ.setdefault("PORTAL_DATA_DIR", str(ROOT / "data"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calendar_builder.portal.settings")
    sys.path.insert(0, str(ROOT))
    from calendar_builder.portal.commands import migrate, setup_django

    setup_django()
    migrate()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from calendar_builder.portal.listing import festival_occurrences
    from calendar_builder.portal.publish import bump

    year = 2027
    started = time.perf_counter()
    populate(args.organisations, args.events, year)
    print(f"{connection.vendor}: {args.organisations} organisations, {args.events} events "
          f"created in {time.perf_counter() - started:.1f} s")  # fmt: skip
    festival_occurrences(year)  # festivals are expanded once per process, not per request
    client = Client(HTTP_HOST="localhost")
    pages = {"organisation page": "/organisationen/verein-100/", "month view": f"/kalender/{year}/6/"}
    print(f"{'':20} {'after a change (ms)':>22} {'warm (ms, median)':>20} {'warm p95':>10} {'warm CPU':>10}")
    for name, url in pages.items():
        cold = []
        for _ in range(5):
            bump()
            cache.clear()
            cold += timed(client, url, 1)
        cpu: list[float] = []
        warm = timed(client, url, args.repeat, cpu)
        p95 = sorted(warm)[int(len(warm) * 0.95) - 1]
        print(f"{name:20} {statistics.median(cold):22.1f} {statistics.median(warm):20.1f} {p95:10.1f} "
              f"{statistics.median(cpu):10.1f}")  # fmt: skip
    started = time.perf_counter()
    client.get("/feeds/alle.ics")
    print(f"feeds rendered after a change: {(time.perf_counter() - started):.2f} s (all feeds at once)")
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < 3:
        assert client.get("/feeds/organisation-verein-100.ics").status_code == 200
        count += 1
    print(f"feed responses per second (one process): {count / (time.perf_counter() - started):.0f}")


if __name__ == "__main__":
    main()
