"""The machine-readable shape of an occurrence, shared by `dates --json` and later outputs."""

from __future__ import annotations

from typing import Any

from calendar_builder.core.model import Occurrence
from calendar_builder.edition.wording import source_de


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
        "uncertain_days": occurrence.uncertain_days,
        "public_holiday": occurrence.public_holiday,
        "rest_day": festival.rest_day,
        "fast_day": festival.fast_day,
        "source": source_de(occurrence.source),
        "decided_by": occurrence.source.decision.value,
    }
