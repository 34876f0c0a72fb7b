"""The human-readable shape of the entries, for `dates`: one line per entry, German, aligned in columns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from calendar_builder.core.model import Occurrence
from calendar_builder.edition.merge import Entry
from calendar_builder.edition.variant_words import night_phrase_de, variant_phrase_de

WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def text_row(entry: Entry) -> str:
    """E.g. "Mi 10.03.2027         islam                Ramadan-Beginn (Vorabend) (±1 Tag)"."""
    span = f"–{entry.end:%d.%m.}" if entry.end != entry.start else ""
    day = f"{WEEKDAYS_DE[entry.start.weekday()]} {entry.start:%d.%m.%Y}{span:<8}"
    if isinstance(entry, Occurrence):
        festival = entry.festival
        marks = "".join(
            mark for flag, mark in (
                (festival.evening_before, " (Vorabend)"), (entry.uncertain_days > 0, " (±1 Tag)"),
                (entry.public_holiday, " [Feiertag BW]"),
            ) if flag
        )  # fmt: skip
        night = f" ({night_phrase_de(entry)})" if festival.night_before else ""
        night += " (vorläufig)" if entry.provisional else ""
        variants = night + "".join(f" [{variant_phrase_de(v)}]" for v in entry.variants)
        return f"{day} {festival.tradition:<20} {festival.name_de}{marks}{variants}"
    clock = f" {entry.time:%H:%M}" if entry.time else ""
    return f"{day} {entry.organisation:<20} {entry.event.title_de}{clock}"


#: lines joined into one write
LINES_PER_WRITE = 2000


def write_lines(rows: Iterable[bytes], stream: BinaryIO) -> None:
    """Write UTF-8 rows one per line, in batches."""
    batch: list[bytes] = []
    for row in rows:
        batch.append(row)
        if len(batch) == LINES_PER_WRITE:
            stream.write(b"\n".join(batch) + b"\n")
            batch = []
    if batch:
        stream.write(b"\n".join(batch) + b"\n")
