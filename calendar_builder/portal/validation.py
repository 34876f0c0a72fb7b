"""Checks a proposed profile or event with the core's own loader, so the portal accepts what `build` accepts.

The record is written as a data file into a temporary folder and read back by the core; each located
problem comes back with the field it names (e.g. `title.de`, `rrule`, `contact.email`), which the forms map
onto their own fields.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from calendar_builder.portal import core
from calendar_builder.portal.records import Record, core_event
from calendar_builder.portal.yamlout import organisations_text


def event_problems(organisation: str, record: Record) -> list[tuple[str, str]]:
    """(field, message) for every error the core finds in the event."""
    try:
        event = core_event(organisation, record)
    except (ValueError, KeyError) as exc:
        return [("", str(exc))]
    text = core.events_file_text(organisation, [event], "portal", [])
    try:
        core.check_events_text(text, organisation, "event.yaml")
    except core.DataError as exc:
        return [(p.location.field, _message(p.message)) for p in exc.problems]
    return []


def profile_problems(slug: str, yaml_record: dict[str, object]) -> list[tuple[str, str]]:
    """(field, message) for every error the core finds in the profile (logo checked separately)."""
    text = organisations_text("", [("", yaml_record)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "organisations.yaml"
        path.write_text(text, encoding="utf-8")
        problems = core.ProblemCollector()
        core.read_organisations(path, problems)
    return [(p.location.field, _message(p.message)) for p in problems.errors]


def _message(text: str) -> str:
    """The core's message without the record label the form already shows ("event 'x/y': …")."""
    head, sep, rest = text.partition(": ")
    if sep and (head.startswith("event '") or head.startswith("organisation '") or head == "organisation"):
        return rest
    return text
