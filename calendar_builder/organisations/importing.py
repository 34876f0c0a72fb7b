"""What the .ics and CSV imports share: ids, checking the organisation, and writing the events file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from calendar_builder.core.validate import suggest
from calendar_builder.core.yamlsource import LineDict, parse_yaml
from calendar_builder.errors import DataError, Location, Problem, ProblemCollector
from calendar_builder.organisations.load import EVENTS_DIR, _events, read_organisations
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.organisations.yamlwrite import events_file_text

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slugify(text: str, fallback: str = "termin", limit: int = 40) -> str:
    """A readable id from a title: 'Sprachcafé Deutsch–Türkisch' -> 'sprachcafe-deutsch-tuerkisch'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT).lower())
    kept = "".join(c if c.isascii() and c.isalnum() else "-" for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"-+", "-", kept).strip("-")
    return slug[:limit].rstrip("-") or fallback


@dataclass
class IdAllocator:
    """Gives each imported event an id unique within the organisation, deterministic for the same input."""

    taken: set[str] = field(default_factory=set)

    def take(self, base: str, day_suffix: str = "") -> str:
        candidate = base
        if candidate in self.taken and day_suffix:
            candidate = f"{base}-{day_suffix}"
        number = 2
        while candidate in self.taken:
            candidate = f"{base}-{number}"
            number += 1
        self.taken.add(candidate)
        return candidate


@dataclass(frozen=True)
class ImportResult:
    """Events ready to write, and notes for the person running the import (what was skipped and why)."""

    events: tuple[OrgEvent, ...]
    notices: tuple[str, ...]


def events_path(data_dir: Path, organisation: str) -> Path:
    return data_dir / EVENTS_DIR / f"{organisation}.yaml"


def existing_event_ids(data_dir: Path, organisation: str, replacing: Path | None) -> set[str]:
    """Ids the organisation already uses outside the file being replaced, so imports never collide."""
    problems = ProblemCollector()
    catalogue = read_organisations(data_dir / "organisations.yaml", problems)
    org = catalogue.by_id(organisation)
    if org is None:
        raise DataError([Problem(Location(str(data_dir / "organisations.yaml")), _unknown(organisation, catalogue))])
    own = str(replacing) if replacing is not None else ""
    return {e.id for e in org.events if e.file != own}


def _unknown(organisation: str, catalogue: object) -> str:
    ids = [o.id for o in getattr(catalogue, "organisations", ())]
    return (
        f"unknown organisation {organisation!r}; add it to organisations.yaml first, or use one of: "
        f"{', '.join(ids) or '(none)'}" + suggest(organisation, ids)
    )


def render_events_file(organisation: str, events: Iterable[OrgEvent], source: str, command: str) -> str:
    header = [
        f"Termine von '{organisation}', importiert mit: {command}",
        "Diese Datei darf von Hand bearbeitet werden (Schema: docs/organisations.md).",
        "Ein erneuter Import mit --replace überschreibt sie.",
    ]
    return events_file_text(organisation, list(events), source, header)


def check_events_text(text: str, organisation: str, label: str) -> None:
    """Read the generated file back through the normal loader; any problem is a bug worth stopping for."""
    data, found = parse_yaml(text, label)
    problems = ProblemCollector(list(found))
    if isinstance(data, LineDict):
        _events(data.get("events"), data.line_of("events"), True, label, organisation, problems, {})
    if problems.errors:
        raise DataError(problems.errors)


def refuse_overwrite(destination: Path, replace: bool) -> None:
    """An earlier import may hold hand edits: overwrite it only when told to."""
    if destination.exists() and not replace:
        raise DataError(
            [
                Problem(
                    Location(str(destination)),
                    "already exists (it may hold hand edits); import again with --replace to overwrite it, "
                    "or choose another file with --output",
                )
            ]
        )
