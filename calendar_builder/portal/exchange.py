"""The data files <-> the portal: `portal import` and `portal export`.

Import reads organisations.yaml and events/*.yaml through the core loader (so the portal accepts exactly what
`build` accepts) and keeps what the loader drops but a person wrote: the file header, the comment above each
organisation, and which events file an imported event came from. Export writes the public data back in
that layout, deterministically, so that importing the shipped data and exporting it gives the same bytes
and the event IDs (the feed UIDs) never change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from calendar_builder.portal import core, occurrences
from calendar_builder.portal.models import DataFile, Event, EventsFile, Organisation, Revision
from calendar_builder.portal.publish import bump
from calendar_builder.portal.records import apply_event, profile_record, record_from_core
from calendar_builder.portal.yamlout import Flow, FlowMap, Texts, organisations_text

ORGANISATIONS_FILE = "organisations.yaml"
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
_ITEM = re.compile(r"^  - ")


@dataclass(frozen=True)
class ImportSummary:
    organisations: int
    events: int
    untouched: tuple[str, ...]


def file_comments(text: str) -> tuple[str, dict[int, str]]:
    """The header (everything before `organisations:`) and, per line number of an item, its comment block."""
    lines = text.split("\n")
    header: list[str] = []
    for line in lines:
        if line.startswith("organisations:"):
            break
        header.append(line)
    while header and not header[-1].strip():
        header.pop()
    comments: dict[int, str] = {}
    for number, line in enumerate(lines, start=1):
        if not _ITEM.match(line):
            continue
        block: list[str] = []
        index = number - 2
        while index >= 0 and lines[index].lstrip().startswith("#") and lines[index].startswith("  #"):
            block.insert(0, lines[index].strip()[1:].removeprefix(" "))
            index -= 1
        comments[number] = "\n".join(block)
    return "\n".join(header), comments


def _events_file_header(text: str) -> str:
    header = []
    for line in text.split("\n"):
        if not line.startswith("#"):
            break
        header.append(line[1:].removeprefix(" "))
    return "\n".join(header)


@transaction.atomic
def import_data(data_dir: Path, user: Any = None) -> ImportSummary:
    """Load the data folder into the portal; organisations and events are matched by their IDs."""
    path = data_dir / ORGANISATIONS_FILE
    catalogue = core.load_organisations(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    header, comments = file_comments(text)
    DataFile.objects.update_or_create(name=ORGANISATIONS_FILE, defaults={"header": header})
    files: dict[str, EventsFile] = {}
    now = timezone.now()
    event_count = 0
    saved: list[Event] = []
    for position, item in enumerate(catalogue.organisations):
        org, _ = Organisation.objects.get_or_create(slug=item.id, defaults={"position": position})
        org.position = position
        org.state = Organisation.State.ACTIVE
        org.name = item.name
        org.short_name = item.short_name if item.short_name != item.name else ""
        org.description = [list(p) for p in item.description]
        org.languages = list(item.languages)
        org.address, org.email = item.contact.address, item.contact.email
        org.phone, org.website = item.contact.phone, item.contact.website
        org.featured_month, org.sample, org.partner = item.featured_month, item.sample, item.partner
        org.data_comment = comments.get(item.line, "")
        org.logo_path = item.logo
        if item.logo:
            logo = data_dir / item.logo
            org.logo = logo.read_bytes()
            org.logo_type = LOGO_TYPES.get(logo.suffix.lower(), "")
            if not org.logo_alt:
                org.logo_alt = f"Logo: {item.name}"
        org.confirmed_at = org.confirmed_at or now
        org.save()
        Revision.objects.create(organisation=org, kind="profile", snapshot=profile_record(org), author=user,
                                note=f"import {path}")  # fmt: skip
        for number, event in enumerate(item.events):
            events_file = None
            if event.file != str(path):
                relative = Path(event.file).relative_to(data_dir).as_posix()
                if relative not in files:
                    source_text = Path(event.file).read_text(encoding="utf-8")
                    source = (yaml.safe_load(source_text) or {}).get("source", "")
                    files[relative], _ = EventsFile.objects.update_or_create(
                        path=relative,
                        defaults={"organisation": org, "source": source, "header": _events_file_header(source_text)},
                    )
                events_file = files[relative]
            row = Event.objects.filter(organisation=org, slug=event.id).first() or Event(organisation=org)
            row.position = number
            row.events_file = events_file
            row.state = Event.State.PUBLISHED
            record = record_from_core(event)
            if row.pk:  # keep what only the portal knows about an event the data files do not describe
                record |= {k: getattr(row, k) for k in ("languages", "accessibility")}
            apply_event(row, record)
            row.confirmed_at = row.confirmed_at or now
            row.save()
            saved.append(row)
            Revision.objects.create(organisation=org, kind="event", event=row, snapshot=record, author=user,
                                    note=f"import {event.file}")  # fmt: skip
            event_count += 1
    occurrences.refresh(saved)
    _seed_feed_state(data_dir)
    known = {o.id for o in catalogue.organisations}
    untouched = tuple(Organisation.objects.exclude(slug__in=known).values_list("slug", flat=True))
    bump()
    return ImportSummary(len(catalogue.organisations), event_count, untouched)


def _seed_feed_state(data_dir: Path) -> None:
    """Start from the SEQUENCE numbers `build` has published (data/feed-state.json), so that calendar apps
    subscribed to the static feeds accept the portal's updates; a portal that has its own state keeps it."""
    from calendar_builder.portal.publish import save_feed_state, state

    path = data_dir / "feed-state.json"
    if path.is_file() and not state().feed_state:
        core.FeedState.load(path)  # refuses a damaged file with a clear message
        save_feed_state(path.read_text(encoding="utf-8"))


def _texts(pairs: list[list[str]], keyed: bool = False) -> Texts:
    return Texts(tuple((lang, text) for lang, text in pairs), keyed)


def event_yaml(event: Event) -> dict[str, object]:
    """The event in the key order of the data files, empty fields left out."""
    out: dict[str, object] = {"id": event.slug, "title": _texts(event.title), "date": event.start}
    if event.end != event.start:
        out["end"] = event.end
    if event.time is not None:
        out["time"] = event.time
    if event.end_time is not None:
        out["end_time"] = event.end_time
    if event.rrule:
        out["rrule"] = event.rrule
    if event.exdates:
        out["exdates"] = Flow(tuple(core_date(d) for d in sorted(event.exdates)))
    if event.moved:
        moved = []
        for m in sorted(event.moved, key=lambda m: m["from"]):
            pairs: list[tuple[str, object]] = [("from", core_date(m["from"])), ("date", core_date(m["date"]))]
            pairs += [(k, _clock(m[k])) for k in ("time", "end_time") if m.get(k)]
            if m.get("location") is not None:
                pairs.append(("location", m["location"]))
            moved.append(FlowMap(tuple(pairs)))
        out["moved"] = moved
    if event.location:
        out["location"] = event.location
    if event.description:
        out["description"] = _texts(event.description)
    if event.url:
        out["url"] = event.url
    return out


def core_date(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def _clock(text: str) -> Any:
    from datetime import time

    return time.fromisoformat(text)


def organisation_yaml(org: Organisation, events: list[Event]) -> dict[str, object]:
    out: dict[str, object] = {"id": org.slug, "name": org.name}
    if org.short_name and org.short_name != org.name:
        out["short_name"] = org.short_name
    for flag in ("partner", "sample"):
        if getattr(org, flag):
            out[flag] = True
    if org.featured_month:
        out["featured_month"] = org.featured_month
    if org.description:
        out["description"] = _texts(org.description, keyed=True)
    if org.languages:
        out["languages"] = Flow(tuple(org.languages))
    contact = {k: getattr(org, k) for k in ("address", "email", "phone", "website") if getattr(org, k)}
    if contact:
        out["contact"] = contact
    if org.logo_path:
        out["logo"] = org.logo_path
    if events:
        out["events"] = [event_yaml(e) for e in events]
    return out


def exported_organisations() -> list[Organisation]:
    return list(Organisation.objects.filter(state=Organisation.State.ACTIVE).order_by("position", "slug"))


def exported_events(org: Organisation) -> list[Event]:
    rows = Event.objects.filter(organisation=org, state=Event.State.PUBLISHED, cancelled=False)
    return list(rows.select_related("events_file").order_by("position", "id"))


def export_files() -> dict[str, bytes]:
    """Relative path -> bytes of every file export writes (organisations.yaml, events/*.yaml, logos)."""
    header_row = DataFile.objects.filter(name=ORGANISATIONS_FILE).first()
    entries = []
    files: dict[str, bytes] = {}
    by_file: dict[str, tuple[EventsFile, list[Event]]] = {}
    for org in exported_organisations():
        events = exported_events(org)
        inline = [e for e in events if e.events_file is None]
        for event in events:
            if event.events_file is not None:
                by_file.setdefault(event.events_file.path, (event.events_file, []))[1].append(event)
        entries.append((org.data_comment, organisation_yaml(org, inline)))
        if org.logo_path and org.logo:
            files[org.logo_path] = bytes(org.logo)
    files[ORGANISATIONS_FILE] = organisations_text(header_row.header if header_row else "", entries).encode("utf-8")
    for path, (events_file, events) in sorted(by_file.items()):
        header = events_file.header.split("\n") if events_file.header else []
        core_events = [core_event_of(e) for e in events]
        text = core.events_file_text(events_file.organisation.slug, core_events, events_file.source, header)
        files[path] = text.encode("utf-8")
    return files


def core_event_of(event: Event) -> core.OrgEvent:
    from calendar_builder.portal.records import core_event, event_record

    return core_event(event.organisation.slug, event_record(event))


def export_data(data_dir: Path) -> list[Path]:
    """Write the export into the data folder; files whose bytes are unchanged are left alone."""
    written = []
    for relative, data in sorted(export_files().items()):
        target = data_dir / relative
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
        written.append(target)
    return written
