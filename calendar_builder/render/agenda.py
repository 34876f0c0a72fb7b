"""A plain-text agenda of the edition, month by month: the simplest complete view of every entry."""

from __future__ import annotations

from datetime import date

from calendar_builder.core.model import Occurrence
from calendar_builder.edition.model import Edition
from calendar_builder.edition.variant_words import night_phrase_de, variant_phrase_de
from calendar_builder.organisations import EventOccurrence

MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")  # fmt: skip
WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def render_agenda(edition: Edition) -> str:
    """Every entry of the edition (festivals and organisations' events), in the edition's order."""
    lines = [f"Interkultureller Kalender {edition.year}", ""]
    month = 0
    names = {o.id: o.name for o in edition.organisations.organisations}
    for entry in edition.entries:
        start = max(date(edition.year, 1, 1), entry.start)
        if start.month != month:
            month = start.month
            lines += ["", MONTHS_DE[month - 1], "-" * len(MONTHS_DE[month - 1])]
        span = f" bis {entry.end:%d.%m.}" if entry.end != entry.start else ""
        when = f"{WEEKDAYS_DE[entry.start.weekday()]} {entry.start:%d.%m.%Y}{span}"
        if isinstance(entry, Occurrence):
            lines.append(f"{when}  {_festival_text(entry)}")
        else:
            lines.append(f"{when}  {_event_text(entry, names.get(entry.organisation, entry.organisation))}")
    return "\n".join(lines).rstrip() + "\n"


def _festival_text(occurrence: Occurrence) -> str:
    festival = occurrence.festival
    original = " · ".join(text for _, text in festival.original_names[:1])
    # The same caveats as print, proof, feeds and `dates`: the night, the other conventions, provisional dates.
    notes = [
        note for flag, note in (
            (festival.night_before, f"{night_phrase_de(occurrence)}, gefeiert am Abend"),
            (festival.evening_before, "beginnt am Vorabend"),
            (occurrence.uncertain_days > 0, "kann um einen Tag abweichen"),
            (occurrence.provisional, "vorläufig: vom Veranstalter noch nicht angekündigt"),
            (occurrence.public_holiday, "gesetzlicher Feiertag in Baden-Württemberg"),
        ) if flag
    ]  # fmt: skip
    notes += [f"abweichend {variant_phrase_de(variant)}" for variant in occurrence.variants]
    return festival.name_de + (f" ({original})" if original else "") + (f" [{'; '.join(notes)}]" if notes else "")


def _event_text(occurrence: EventOccurrence, organisation: str) -> str:
    """E.g. "■ Filmabend – Kulturtreff e. V., 19:00–21:30, Bürgerhaus [verlegt vom 12.03.]"."""
    clock = ""
    if occurrence.time:
        clock = f", {occurrence.time:%H:%M}" + (f"–{occurrence.end_time:%H:%M}" if occurrence.end_time else "")
    place = f", {occurrence.location}" if occurrence.location else ""
    moved = f" [verlegt vom {occurrence.moved_from:%d.%m.}]" if occurrence.moved_from else ""
    return f"■ {occurrence.event.title_de} – {organisation}{clock}{place}{moved}"
