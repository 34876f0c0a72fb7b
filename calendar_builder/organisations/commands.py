"""The plain functions behind the organisation commands of the CLI: importing events files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
