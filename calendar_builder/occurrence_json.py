"""The machine-readable shape of an occurrence, shared by `dates --json` and later outputs."""

from __future__ import annotations

from typing import Any

from .model import Occurrence


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
        "source": occurrence.source,
        "authority": festival.authority,
        "variants": [{"date": v.start.isoformat(), "who": v.who_de, "who_en": v.who_en} for v in occurrence.variants],
        "greetings": [
            {"lang": g.lang, "text": g.text, "transliteration": g.transliteration} for g in festival.greetings
        ],
    }
