"""The machine-readable shape of the entries, for `dates --json`: a JSON array with one compact object per line.

The array is written entry by entry with the C encoder (no indenting), so 200 years of dates never exist as one
string in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from calendar_builder.core.model import Occurrence
from calendar_builder.edition.merge import Entry
from calendar_builder.edition.wording import source_de
from calendar_builder.organisations.commands import event_record


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


def write_records(entries: Iterable[Entry], stream: TextIO) -> None:
    """Write the entries as a JSON array, one object per line, festivals and events in the entries' order."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    stream.write("[")
    separator = "\n"
    for entry in entries:
        record = occurrence_record(entry) if isinstance(entry, Occurrence) else event_record(entry)
        stream.write(separator + encode(record))
        separator = ",\n"
    stream.write("\n]\n")
