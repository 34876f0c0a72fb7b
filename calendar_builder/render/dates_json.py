"""The machine-readable shape of the entries, for `dates --json`: a JSON array with one compact object per line.

The array is written entry by entry with the C encoder (no indenting), so 200 years of dates never exist as one
string in memory. Most of a row is the same for every year of a festival or every occurrence of an event, so
each is encoded once as a `RowTemplate` with holes for what differs (the dates, the variants, a moved
occurrence's place); a row is then a join of the template's pieces and the encoded values, byte for byte
what encoding the whole record gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from calendar_builder.core.model import DateSource, Occurrence
from calendar_builder.edition.merge import Entry
from calendar_builder.edition.wording import source_de
from calendar_builder.organisations.model import EventOccurrence

_encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

#: the fields of a festival's row that differ between its occurrences (the rest is the festival's)
FESTIVAL_HOLES = ("date", "end", "variants")
#: the fields of an event's row that differ between its occurrences
EVENT_HOLES = ("date", "end", "time", "end_time", "location", "moved_from")


def occurrence_record(occurrence: Occurrence) -> dict[str, Any]:
    festival = occurrence.festival
    return {
        "kind": "festival",
        "id": festival.id,
        "date": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
        "tradition": festival.tradition,
        "name": festival.name_de,
        "name_en": festival.name("en"),
        "original_names": dict(festival.original_names),
        "evening_before": festival.evening_before,
        "night_before": festival.night_before,
        "uncertain_days": occurrence.uncertain_days,
        "provisional": occurrence.provisional,
        "public_holiday": occurrence.public_holiday,
        "rest_day": festival.rest_day,
        "fast_day": festival.fast_day,
        "source": source_de(occurrence.source),
        "decided_by": occurrence.source.decision.value,
        "authority": festival.authority,
        "variants": [{"date": v.start.isoformat(), "who": v.who_de, "who_en": v.who_en} for v in occurrence.variants],
        "greetings": [
            {"lang": g.lang, "text": g.text, "transliteration": g.transliteration} for g in festival.greetings
        ],
    }


def event_record(occurrence: EventOccurrence) -> dict[str, Any]:
    """An organisation event's occurrence as a row, beside the festivals' rows."""
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


@dataclass(frozen=True)
class RowTemplate:
    """An encoded row split at its holes: `pieces[0] + value[0] + pieces[1] + … + pieces[-1]`."""

    pieces: tuple[str, ...]

    @staticmethod
    def of(record: dict[str, Any], holes: Sequence[str]) -> RowTemplate | None:
        """The record encoded with a marker in each hole; None if a marker is not found exactly once (then the
        row is encoded whole, so a text that happened to contain a marker can never corrupt a row)."""
        marked = dict(record)
        for number, hole in enumerate(holes):
            marked[hole] = f"\x00{number}\x00"
        rest = _encode(marked)
        pieces = []
        for number in range(len(holes)):
            marker = _encode(f"\x00{number}\x00")
            if rest.count(marker) != 1:
                return None
            before, rest = rest.split(marker)
            pieces.append(before)
        pieces.append(rest)
        return RowTemplate(tuple(pieces))

    def fill(self, values: Sequence[str]) -> str:
        parts = [self.pieces[0]]
        for value, piece in zip(values, self.pieces[1:], strict=True):
            parts.append(value)
            parts.append(piece)
        return "".join(parts)


class RowWriter:
    """Encodes rows from templates made on first use, one per festival and its year-independent facts, and one
    per event."""

    def __init__(self) -> None:
        self._festival_rows: dict[tuple[int, int, bool, bool, DateSource], RowTemplate | None] = {}
        self._event_rows: dict[int, RowTemplate | None] = {}
        self._keep: list[object] = []  # what the id() keys point to stays alive, so an id is never reused

    def row(self, entry: Entry) -> str:
        if isinstance(entry, Occurrence):
            return self._festival_row(entry)
        return self._event_row(entry)

    def _festival_row(self, occurrence: Occurrence) -> str:
        key = (
            id(occurrence.festival), occurrence.uncertain_days, occurrence.provisional, occurrence.public_holiday,
            occurrence.source,
        )  # fmt: skip
        if key not in self._festival_rows:
            self._keep.append(occurrence.festival)
            self._festival_rows[key] = RowTemplate.of(occurrence_record(occurrence), FESTIVAL_HOLES)
        template = self._festival_rows[key]
        if template is None:
            return _encode(occurrence_record(occurrence))
        variants = (
            _encode([{"date": v.start.isoformat(), "who": v.who_de, "who_en": v.who_en} for v in occurrence.variants])
            if occurrence.variants
            else "[]"
        )
        return template.fill(
            (f'"{occurrence.start.isoformat()}"', f'"{occurrence.end.isoformat()}"', variants)
        )  # fmt: skip

    def _event_row(self, occurrence: EventOccurrence) -> str:
        key = id(occurrence.event)
        if key not in self._event_rows:
            self._keep.append(occurrence.event)
            self._event_rows[key] = RowTemplate.of(event_record(occurrence), EVENT_HOLES)
        template = self._event_rows[key]
        if template is None:
            return _encode(event_record(occurrence))
        return template.fill(
            (
                f'"{occurrence.start.isoformat()}"',
                f'"{occurrence.end.isoformat()}"',
                f'"{occurrence.time:%H:%M}"' if occurrence.time else "null",
                f'"{occurrence.end_time:%H:%M}"' if occurrence.end_time else "null",
                _encode(occurrence.location),
                f'"{occurrence.moved_from.isoformat()}"' if occurrence.moved_from else "null",
            )
        )


#: rows joined into one write: few enough writes to be cheap, small enough to keep memory flat
ROWS_PER_WRITE = 2000


def write_rows(rows: Iterable[bytes], stream: BinaryIO) -> None:
    """Write UTF-8 rows as a JSON array, one object per line, in batches (few writes, flat memory)."""
    batch: list[bytes] = []
    stream.write(b"[")
    separator = b"\n"
    for row in rows:
        batch.append(row)
        if len(batch) == ROWS_PER_WRITE:
            stream.write(separator + b",\n".join(batch))
            batch, separator = [], b",\n"
    if batch:
        stream.write(separator + b",\n".join(batch))
    stream.write(b"\n]\n")
