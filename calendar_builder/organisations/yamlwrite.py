"""Imported events -> a YAML events file a person can read and edit (data/events/<organisation>.yaml)."""

from __future__ import annotations

from datetime import time
from typing import Any

import yaml

from calendar_builder.organisations.model import OrgEvent


class _Quoted(str):
    """A string always written in double quotes: times, so that YAML 1.1 never reads 19:30 as a number."""


class _Dumper(yaml.SafeDumper):
    pass


def _quoted(dumper: yaml.SafeDumper, value: _Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(_Quoted, _quoted)
_Dumper.add_representer(str, _text)


def _hhmm(value: time) -> _Quoted:
    return _Quoted(f"{value:%H:%M}")


def _texts(values: tuple[tuple[str, str], ...]) -> str | dict[str, str]:
    if len(values) == 1 and values[0][0] == "de":
        return values[0][1]
    return dict(values)


def event_record(event: OrgEvent) -> dict[str, Any]:
    """The event in the schema of organisations.yaml, keys in the documented order, empty fields left out."""
    record: dict[str, Any] = {"id": event.id, "title": _texts(event.title), "date": event.start}
    if event.end != event.start:
        record["end"] = event.end
    if event.time is not None:
        record["time"] = _hhmm(event.time)
    if event.end_time is not None:
        record["end_time"] = _hhmm(event.end_time)
    if event.location:
        record["location"] = event.location
    if event.description:
        record["description"] = _texts(event.description)
    if event.url:
        record["url"] = event.url
    if event.rrule:
        record["rrule"] = event.rrule
    if event.exdates:
        record["exdates"] = list(event.exdates)
    if event.moved:
        moved = []
        for m in event.moved:
            entry: dict[str, Any] = {"from": m.original, "date": m.date}
            if m.time is not None:
                entry["time"] = _hhmm(m.time)
            if m.end_time is not None:
                entry["end_time"] = _hhmm(m.end_time)
            if m.location is not None:
                entry["location"] = m.location
            moved.append(entry)
        record["moved"] = moved
    return record


def events_file_text(organisation: str, events: list[OrgEvent], source: str, header: list[str]) -> str:
    """The whole events file: a comment header, then organisation, source and events."""
    body = {"organisation": organisation, "source": source, "events": [event_record(e) for e in events]}
    text = yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return comments + text
