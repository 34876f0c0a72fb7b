"""How a festival's other conventions and its night are said to readers: 'in tamilischen Gemeinden am 28.10.',
'Nacht zum 23.1.'."""

from __future__ import annotations

from datetime import timedelta

from calendar_builder.core.model import Occurrence, VariantDate


def night_phrase_de(occurrence: Occurrence) -> str:
    """'Nacht zum 23.1.' for a night observance dated by its evening, else ''."""
    if not occurrence.festival.night_before:
        return ""
    day = occurrence.start + timedelta(days=1)
    return f"Nacht zum {day.day}.{day.month}."


def variant_phrase_de(variant: VariantDate) -> str:
    """E.g. 'in tamilischen und südindischen Gemeinden am 28.10.'."""
    return f"{variant.who_de} am {variant.start.day}.{variant.start.month}."


def variants_sentence_de(occurrence: Occurrence) -> str:
    """All variants of an occurrence as one German sentence, or '' when there are none."""
    if not occurrence.variants:
        return ""
    return "Abweichend: " + "; ".join(variant_phrase_de(v) for v in occurrence.variants) + "."
