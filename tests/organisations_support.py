"""Shared helpers for the organisation tests: a small data folder and an independent .ics expansion."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")

HOLIDAYS = """\
traditions:
  - id: christian
    name: {de: Christentum, en: Christianity}
    colour: [0, 0, 0, 100]
    symbol: "+"
festivals:
  - id: christmas
    tradition: christian
    names: {de: Weihnachten, en: Christmas}
    explanation: {de: Geburt Jesu}
    rule: fixed 25 dec
"""

ONE_ORG = """\
organisations:
  - id: verein-a
    name: Verein A
    description: {de: Ein Verein.}
    languages: [de, ar]
    contact:
      email: info@verein-a.example.org
      website: https://verein-a.example.org
    events:
      - id: treff
        title: Treff
        date: 2027-01-07
        time: "19:00"
        rrule: FREQ=WEEKLY;BYDAY=TH
"""


def data_folder(tmp_path: Path, organisations: str | None = None, copy_shipped: bool = False) -> Path:
    """A data folder with a one-festival holidays.yaml and the given (or shipped) organisations."""
    folder = tmp_path / "data"
    if copy_shipped:
        shutil.copytree(DATA, folder)
    else:
        folder.mkdir()
    (folder / "holidays.yaml").write_text(HOLIDAYS, encoding="utf-8")
    if organisations is not None:
        (folder / "organisations.yaml").write_text(organisations, encoding="utf-8")
    return folder


Shown = tuple[date, date, str | None, str | None, str, str]


def _berlin(value: datetime) -> datetime:
    return value.astimezone(BERLIN).replace(tzinfo=None) if value.tzinfo else value


def reference_occurrences(calendar: Any, year: int) -> set[Shown]:
    """recurring_ical_events' expansion of a calendar, as Berlin days and HH:MM, cancelled ones left out."""
    found: set[Shown] = set()
    for component in recurring_ical_events.of(calendar).between(date(year - 1, 12, 1), date(year + 1, 2, 1)):
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start, end = component.start, component.end
        if isinstance(start, datetime):
            first, last = _berlin(start), _berlin(end)
            begin, finish = first.date(), last.date()
            clock = f"{first:%H:%M}"
            end_clock = f"{last:%H:%M}" if last > first else None
        else:
            begin, finish = start, max(start, end - timedelta(days=1))
            clock = end_clock = None
        if finish < date(year, 1, 1) or begin > date(year, 12, 31):
            continue
        title = " ".join(str(component.get("SUMMARY", "")).split())
        location = " ".join(str(component.get("LOCATION", "")).split())
        found.add((begin, finish, clock, end_clock, location, title))
    return found


def shown(occurrences: Any) -> set[Shown]:
    """Our occurrences in the same shape as reference_occurrences."""
    return {
        (
            o.start,
            o.end,
            f"{o.time:%H:%M}" if o.time else None,
            f"{o.end_time:%H:%M}" if o.end_time else None,
            o.location,
            o.event.title_de,
        )
        for o in occurrences
    }


def read_calendar(path: Path) -> Any:
    return icalendar.Calendar.from_ical(path.read_bytes())
