"""The review list of an edition: every entry with its source and caveats, snapshots, and changes between proofs.

A proof round stores a snapshot (JSON) of its entries; the next round compares against it. An entry is
keyed by what it is (festival id, or organisation and event id) and its place in the year, so a moved
date shows as "moved" rather than as one removal and one addition.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from calendar_builder.calendars import registry
from calendar_builder.core.expand import expand_festival
from calendar_builder.core.model import Decision, Occurrence
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition.merge import Entry
from calendar_builder.edition.variant_words import night_phrase_de, variant_phrase_de
from calendar_builder.errors import CalendarError
from calendar_builder.organisations import EventOccurrence, Organisation
from calendar_builder.proof.rule_words import rule_in_words


@dataclass(frozen=True)
class ReviewEntry:
    """One line of the review list: enough to check the printed day cell against its source."""

    key: str
    kind: str  # "festival" or "event"
    date: str
    end: str
    name: str
    original_name: str
    group: str  # tradition id, or organisation id
    source: str
    caveats: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    added: tuple[ReviewEntry, ...]
    removed: tuple[ReviewEntry, ...]
    moved: tuple[tuple[ReviewEntry, ReviewEntry], ...]
    renamed: tuple[tuple[ReviewEntry, ReviewEntry], ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.renamed)

    @property
    def changed_days(self) -> frozenset[date]:
        """Days whose cells look different from the last proof (to be marked on the month pages)."""
        days = {date.fromisoformat(e.date) for e in self.added + self.removed}
        for old, new in self.moved + self.renamed:
            days |= {date.fromisoformat(old.date), date.fromisoformat(new.date)}
        return frozenset(days)


def festival_entries(occurrences: Iterable[Occurrence], options: ExpandOptions) -> list[ReviewEntry]:
    """Review entries for festival occurrences, with the rule in words and every caveat."""
    entries: list[ReviewEntry] = []
    counts: dict[tuple[str, int], int] = {}
    for occurrence in sorted(occurrences, key=lambda o: (o.start, o.festival.id)):
        festival = occurrence.festival
        ordinal = counts.get((festival.id, occurrence.start.year), 0) + 1
        counts[(festival.id, occurrence.start.year)] = ordinal
        caveats = []
        if festival.evening_before:
            caveats.append("beginnt am Vorabend")
        if occurrence.provisional:
            caveats.append("vorläufig: vom Veranstalter noch nicht angekündigt, nach Regel berechnet")
        if festival.night_before:
            caveats.append(
                f"{night_phrase_de(occurrence)}, gedruckt am Datum des Abends (wie im Kalender der Gemeinde)"
            )
        if occurrence.uncertain_days:
            caveats.append("kann um einen Tag abweichen")
        decision = occurrence.source.decision
        if decision is not Decision.RULE:
            caveats.append(f"Datum aus Tabelle, Quelle: {_table_source(occurrence)}")
        caveats += _other_authorities(occurrence, options)
        if occurrence.public_holiday:
            caveats.append("gesetzlicher Feiertag in Baden-Württemberg")
        variants = {v.rule.text: v for v in festival.variants}
        for variant in occurrence.variants:
            rules = [text for text, v in variants.items() if v.who_de == variant.who_de]
            how = f" ({rule_in_words(variants[rules[0]].rule, options.islamic_authority)})" if rules else ""
            caveats.append(f"abweichend {variant_phrase_de(variant)}{how}")
        if festival.authority:
            caveats.append(f"Regel folgt: {festival.authority}")
        source = (
            rule_in_words(festival.rule, options.islamic_authority)
            if decision is Decision.RULE
            else "Datum aus Tabelle"
        )
        entries.append(
            ReviewEntry(
                key=f"festival:{festival.id}:{occurrence.start.year}:{ordinal}",
                kind="festival",
                date=occurrence.start.isoformat(),
                end=occurrence.end.isoformat(),
                name=festival.name_de,
                original_name=festival.original_names[0][1] if festival.original_names else "",
                group=festival.tradition,
                source=f"{source} ({festival.file}:{festival.line})",
                caveats=tuple(caveats),
            )
        )
    return entries


def event_entries(events: Iterable[EventOccurrence], organisations: Iterable[Organisation] = ()) -> list[ReviewEntry]:
    """Review entries for organisation events: keyed by organisation, event and its date in the series.

    The key uses the recurrence id (the date the rule gives), so an occurrence moved to another day is
    reported as moved, not as removed and added.
    """
    names = {o.id: o for o in organisations}
    entries: list[ReviewEntry] = []
    for occurrence in sorted(events, key=lambda e: (e.start, e.organisation, e.event.id, e.recurrence_id)):
        event = occurrence.event
        organisation = names.get(occurrence.organisation)
        caveats: list[str] = []
        if organisation is not None and organisation.sample:
            caveats.append("ERFUNDENER Beispielverein – vor dem Druck entfernen")
        if occurrence.time is not None:
            end = f"–{occurrence.end_time:%H:%M}" if occurrence.end_time is not None else ""
            caveats.append(f"{occurrence.time:%H:%M}{end} Uhr")
        else:
            caveats.append("ganztägig")
        if occurrence.location:
            caveats.append(f"Ort: {occurrence.location}")
        if occurrence.moved_from is not None:
            caveats.append(f"verlegt vom {occurrence.moved_from:%d.%m.%Y}")
        who = organisation.name if organisation is not None else occurrence.organisation
        series = ", Terminreihe" if event.recurring else ""
        originals = [text for lang, text in event.title if lang != "de" and text != event.title_de]
        entries.append(
            ReviewEntry(
                key=f"event:{occurrence.organisation}:{event.id}:{occurrence.recurrence_id.isoformat()}",
                kind="event",
                date=occurrence.start.isoformat(),
                end=occurrence.end.isoformat(),
                name=event.title_de,
                original_name=originals[0] if originals else "",
                group=occurrence.organisation,
                source=f"Termin von {who}{series} ({event.file}:{event.line})",
                caveats=tuple(caveats),
            )
        )
    return entries


def edition_entries(
    merged: Iterable[Entry], organisations: Iterable[Organisation], options: ExpandOptions
) -> list[ReviewEntry]:
    """Every entry of an edition, festivals before events on the same day (the order of the review list)."""
    merged = tuple(merged)
    festivals = [e for e in merged if isinstance(e, Occurrence)]
    events = [e for e in merged if isinstance(e, EventOccurrence)]
    entries = festival_entries(festivals, options) + event_entries(events, organisations)
    return sorted(entries, key=lambda e: (e.date, e.kind != "festival", e.key))


def _table_source(occurrence: Occurrence) -> str:
    return occurrence.source.basis


def _other_authorities(occurrence: Occurrence, options: ExpandOptions) -> list[str]:
    """Where another authority of the rule's calendar gives another day, name both (reviewers decide)."""
    kind = occurrence.festival.rule.kind
    if not registry.is_calendar(kind):
        return []
    calendar = registry.calendar(kind)
    notes = []
    for authority in calendar.authorities:
        if authority == options.islamic_authority:
            continue
        try:
            others = expand_festival(occurrence.festival, occurrence.start.year, ExpandOptions(authority))
        except CalendarError:
            continue
        nearest = min((o.start for o in others), key=lambda d: abs((d - occurrence.start).days), default=None)
        if nearest is not None and nearest != occurrence.start:
            notes.append(f"nach {calendar.system(authority).authority_label}: {nearest:%d.%m.%Y}")
    return notes


def compare(old: Iterable[ReviewEntry], new: Iterable[ReviewEntry]) -> Changes:
    """What changed between two proofs: added, removed, moved (same entry, other date), renamed."""
    before = {e.key: e for e in old}
    after = {e.key: e for e in new}
    added = tuple(after[k] for k in sorted(after.keys() - before.keys()))
    removed = tuple(before[k] for k in sorted(before.keys() - after.keys()))
    common = sorted(before.keys() & after.keys())
    moved = tuple(
        (before[k], after[k]) for k in common if (before[k].date, before[k].end) != (after[k].date, after[k].end)
    )
    renamed = tuple(
        (before[k], after[k])
        for k in common
        if (before[k].name, before[k].original_name) != (after[k].name, after[k].original_name)
    )
    return Changes(added, removed, moved, renamed)


def snapshot_bytes(entries: Iterable[ReviewEntry]) -> bytes:
    """The snapshot as deterministic JSON bytes (the caller writes it atomically)."""
    rows = [asdict(e) for e in sorted(entries, key=lambda e: (e.date, e.key))]
    return (json.dumps({"format": 1, "entries": rows}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def load_snapshot(path: Path) -> list[ReviewEntry]:
    """Read a snapshot written by an earlier proof; a damaged one is a clear error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [ReviewEntry(**{**row, "caveats": tuple(row["caveats"])}) for row in data["entries"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CalendarError(f"{path}: cannot read the snapshot of the previous proof ({exc})") from None


def proof_paths(edition_dir: Path, year: int, number: int) -> tuple[Path, Path]:
    """The proof PDF and its snapshot for round `number`."""
    stem = edition_dir / f"kalender-{year}-korrektur-v{number}"
    return stem.with_suffix(".pdf"), stem.with_suffix(".json")


def last_proof_number(edition_dir: Path, year: int) -> int:
    """The highest proof round with a snapshot in the folder (0 before the first proof)."""
    numbers = [
        int(p.stem.rsplit("-v", 1)[1])
        for p in edition_dir.glob(f"kalender-{year}-korrektur-v*.json")
        if p.stem.rsplit("-v", 1)[1].isdigit()
    ]
    return max(numbers, default=0)
