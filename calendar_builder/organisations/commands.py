"""The plain functions behind the organisation commands of the CLI: imports and JSON rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calendar_builder.organisations.import_csv import import_csv
from calendar_builder.organisations.import_ics import import_ics
from calendar_builder.organisations.importing import (
    ImportResult,
    check_events_text,
    events_path,
    existing_event_ids,
    refuse_overwrite,
    render_events_file,
)
from calendar_builder.organisations.model import EventOccurrence

STDOUT = Path("-")


@dataclass(frozen=True)
class ImportRun:
    result: ImportResult
    text: str
    #: where the events file goes (written by the build module); None when it is printed instead
    destination: Path | None


def run_import(
    kind: str, source: Path, organisation: str, data_dir: Path, year: int, output: Path | None, replace: bool
) -> ImportRun:
    """Read an .ics or CSV file as the events file for data/events/<organisation>.yaml (or `output`; '-' for
    standard output), checked through the normal loader; the caller writes it."""
    destination = output if output is not None else events_path(data_dir, organisation)
    replacing = destination if destination != STDOUT and destination.exists() else None
    taken = existing_event_ids(data_dir, organisation, replacing)
    if kind == "ics":
        result = import_ics(source, organisation, year, taken)
        command = f"calendar-builder import-ics {source.name} --organisation {organisation} --year {year}"
    else:
        result = import_csv(source, organisation, taken)
        command = f"calendar-builder import-csv {source.name} --organisation {organisation}"
    text = render_events_file(organisation, result.events, source.name, command)
    check_events_text(text, organisation, destination.name)
    if destination == STDOUT:
        return ImportRun(result, text, None)
    refuse_overwrite(destination, replace)
    return ImportRun(result, text, destination)


def event_record(occurrence: EventOccurrence) -> dict[str, Any]:
    """One occurrence as a row of `dates --json`, beside the festivals' rows."""
    event = occurrence.event
    return {
        "kind": "event",
        "id": event.id,
        "organisation": event.organisation,
        "date": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
        "time": f"{occurrence.time:%H:%M}" if occurrence.time else None,
        "end_time": f"{occurrence.end_time:%H:%M}" if occurrence.end_time else None,
        "timezone": "Europe/Berlin",
        "title": event.title_de,
        "titles": dict(event.title),
        "location": occurrence.location,
        "url": event.url,
        "recurring": event.recurring,
        "moved_from": occurrence.moved_from.isoformat() if occurrence.moved_from else None,
    }
