"""A plain-text agenda of the edition, month by month: the simplest complete view of every entry."""

from __future__ import annotations

from datetime import date

from calendar_builder.edition.model import Edition

MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")  # fmt: skip
WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def render_agenda(edition: Edition) -> str:
    lines = [f"Interkultureller Kalender {edition.year}", ""]
    month = 0
    for occurrence in edition.occurrences:
        start = max(date(edition.year, 1, 1), occurrence.start)
        if start.month != month:
            month = start.month
            lines += ["", MONTHS_DE[month - 1], "-" * len(MONTHS_DE[month - 1])]
        festival = occurrence.festival
        original = " · ".join(text for _, text in festival.original_names[:1])
        span = f" bis {occurrence.end:%d.%m.}" if occurrence.end != occurrence.start else ""
        notes = [
            note for flag, note in (
                (festival.evening_before, "beginnt am Vorabend"),
                (occurrence.uncertain_days > 0, "kann um einen Tag abweichen"),
                (occurrence.public_holiday, "gesetzlicher Feiertag in Baden-Württemberg"),
            ) if flag
        ]  # fmt: skip
        lines.append(
            f"{WEEKDAYS_DE[occurrence.start.weekday()]} {occurrence.start:%d.%m.%Y}{span}  {festival.name_de}"
            + (f" ({original})" if original else "")
            + (f" [{'; '.join(notes)}]" if notes else "")
        )
    return "\n".join(lines).rstrip() + "\n"
