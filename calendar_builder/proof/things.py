"""The review list as a council member checks it: one row per festival, per event series and per one-off event.

A weekly meeting is one row (its rule in words, how many dates, the first and the last, the exceptions), not 52;
a festival is one row with its date(s) in the year and every caveat. Each row keeps the data file and line it
comes from, for the editorial team's appendix only: the council's pages never show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from calendar_builder.calendars import registry
from calendar_builder.core.expand import expand_festival
from calendar_builder.core.model import Decision, Occurrence
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition.model import Edition
from calendar_builder.edition.variant_words import night_phrase_de, variant_phrase_de
from calendar_builder.edition.wording import source_de
from calendar_builder.errors import CalendarError
from calendar_builder.organisations import EventOccurrence, Organisation
from calendar_builder.proof.rule_words import rule_in_words
from calendar_builder.proof.series_words import series_in_words

FESTIVAL, SERIES, EVENT = "festival", "series", "event"
AUTHORITY_NAMES = {"diyanet": "Diyanet-Kriterium", "umm-al-qura": "Umm-al-Qura-Kalender"}
WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


@dataclass(frozen=True)
class ReviewThing:
    """One row of the review list, and one record of the snapshot the next round compares against."""

    #: festival:<festival id> or event:<organisation id>:<event id>; never changes when a name does
    key: str
    kind: str  # festival | series | event
    name: str
    original_name: str
    #: tradition id (festivals) or organisation id (events)
    group: str
    #: first and last day (inclusive) of each date in the year, in order
    dates: tuple[tuple[date, date], ...]
    #: how the date is decided, in German words (the rule, the table's source, the series' repeat rule)
    rule: str
    caveats: tuple[str, ...]
    #: where the entry is written, for the editorial team only (not part of the snapshot, not compared)
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def first(self) -> date:
        return self.dates[0][0]

    @property
    def last(self) -> date:
        return self.dates[-1][1]

    def month(self, year: int) -> int:
        """The month the row is listed under: that of its first day in the year (a span from December: January)."""
        return self.first.month if self.first.year == year else 1

    @property
    def days(self) -> frozenset[date]:
        """The first day of each date: the cells the row appears in on the month pages."""
        return frozenset(start for start, _ in self.dates)


def review_things(edition: Edition, options: ExpandOptions) -> tuple[ReviewThing, ...]:
    """Every row of the edition's review list, festivals first, then by date and key."""
    festivals: dict[str, list[Occurrence]] = {}
    events: dict[tuple[str, str], list[EventOccurrence]] = {}
    for entry in edition.entries:
        if isinstance(entry, Occurrence):
            festivals.setdefault(entry.festival.id, []).append(entry)
        else:
            events.setdefault((entry.organisation, entry.event.id), []).append(entry)
    organisations = {o.id: o for o in edition.organisations.organisations}
    things = [festival_thing(occurrences, options) for occurrences in festivals.values()]
    things += [
        event_thing(occurrences, organisations.get(org), edition.year) for (org, _), occurrences in events.items()
    ]
    return tuple(sorted(things, key=lambda t: (t.kind != FESTIVAL, t.first, t.key)))


def festival_thing(occurrences: Iterable[Occurrence], options: ExpandOptions) -> ReviewThing:
    """A festival's row: its dates in the year, how they are decided and what a reviewer must know about them."""
    ordered = sorted(occurrences, key=lambda o: o.start)
    first = ordered[0]
    festival = first.festival
    caveats: list[str] = []
    if festival.evening_before:
        caveats.append("beginnt am Vorabend")
    if any(o.provisional for o in ordered):
        caveats.append("vorläufig: vom Veranstalter noch nicht angekündigt, nach Regel berechnet")
    if festival.night_before:
        caveats.append(f"{night_phrase_de(first)}, gedruckt am Datum des Abends (wie im Kalender der Gemeinde)")
    if any(o.uncertain_days for o in ordered):
        caveats.append(
            "vorläufig: berechnet, kann um einen Tag abweichen"
            if first.source.decision is Decision.RULE
            else "kann um einen Tag abweichen"
        )
    conventions = {v.who_de: v for v in festival.variants}
    for occurrence in ordered:
        for variant in occurrence.variants:
            convention = conventions.get(variant.who_de)
            how = f" ({rule_in_words(convention.rule, options.islamic_authority)})" if convention else ""
            caveats.append(f"abweichend {variant_phrase_de(variant)}{how}")
        caveats += [f"andere Gemeinden ({name}): {_day(day)}" for name, day in other_authorities(occurrence, options)]
    if any(o.public_holiday for o in ordered):
        caveats.append("gesetzlicher Feiertag in Baden-Württemberg")
    if festival.authority:
        caveats.append(f"Regel folgt: {festival.authority}")
    if first.source.decision is Decision.RULE:
        rule = rule_in_words(festival.rule, options.islamic_authority)
    else:
        rule = source_de(replace(first.source, basis=short_source(first.source.basis)))
    return ReviewThing(
        key=f"festival:{festival.id}",
        kind=FESTIVAL,
        name=festival.name_de,
        original_name=festival.original_names[0][1] if festival.original_names else "",
        group=festival.tradition,
        dates=tuple((o.start, o.end) for o in ordered),
        rule=rule,
        caveats=tuple(caveats),
        file=festival.file,
        line=festival.line,
    )


def event_thing(occurrences: Iterable[EventOccurrence], organisation: Organisation | None, year: int) -> ReviewThing:
    """A one-off event's row, or a series' row with its rule, its exceptions and its moved dates."""
    ordered = sorted(occurrences, key=lambda o: (o.start, o.recurrence_id))
    first = ordered[0]
    event = first.event
    caveats: list[str] = []
    if organisation is not None and organisation.sample:
        caveats.append("ERFUNDENER Beispielverein – vor dem Druck entfernen")
    # the time written with the event; occurrences at another time (usually moved ones) are named one by one
    usual = (event.time, event.end_time)
    caveats.append(_time(*usual))
    locations = sorted({o.location for o in ordered if o.location})
    if locations:
        caveats.append("Ort: " + "; ".join(locations))
    skipped = [d for d in event.exdates if d.year == year]
    if skipped:
        caveats.append("entfällt am " + ", ".join(f"{d:%d.%m.}" for d in sorted(skipped)))
    for occurrence in ordered:
        at = (occurrence.time, occurrence.end_time)
        other_time = f", {_time(*at)}" if at != usual else ""
        if occurrence.moved_from is not None:
            caveats.append(f"verlegt vom {occurrence.moved_from:%d.%m.} auf {_day(occurrence.start)}{other_time}")
        elif other_time:
            caveats.append(f"am {_day(occurrence.start)}{other_time}")
    originals = [text for lang, text in event.title if lang != "de" and text != event.title_de]
    return ReviewThing(
        key=f"event:{first.organisation}:{event.id}",
        kind=SERIES if event.recurring else EVENT,
        name=event.title_de,
        original_name=originals[0] if originals else "",
        group=first.organisation,
        dates=tuple((o.start, o.end) for o in ordered),
        rule=series_in_words(event.rrule, event.start) if event.recurring else "",
        caveats=tuple(caveats),
        file=event.file,
        line=event.line,
    )


def other_conventions(occurrence: Occurrence, options: ExpandOptions) -> list[tuple[str, date]]:
    """Where another community keeps another day: who and which day (the council decides what to print).

    These are the festival's own variants (e.g. Tamil Deepavali, the Shia date) and, for a calendar with several
    authorities (the Islamic months: Diyanet, Umm al-Qura), the other authority's day.
    """
    return [(variant.who_de, variant.start) for variant in occurrence.variants] + other_authorities(occurrence, options)


def other_authorities(occurrence: Occurrence, options: ExpandOptions) -> list[tuple[str, date]]:
    """For a calendar with several authorities (the Islamic months: Diyanet, Umm al-Qura), the other one's day."""
    found: list[tuple[str, date]] = []
    kind = occurrence.festival.rule.kind
    if not registry.is_calendar(kind) or occurrence.source.decision is not Decision.RULE:
        return found
    calendar = registry.calendar(kind)
    for authority in calendar.authorities:
        if authority == options.islamic_authority:
            continue
        try:
            others = expand_festival(occurrence.festival, occurrence.start.year, ExpandOptions(authority))
        except CalendarError:
            continue
        nearest = min((o.start for o in others), key=lambda d: abs((d - occurrence.start).days), default=None)
        if nearest is not None and nearest != occurrence.start:
            found.append((AUTHORITY_NAMES.get(authority, calendar.system(authority).authority_label), nearest))
    return found


def short_source(basis: str) -> str:
    """A table's source as the council reads it: its name, without the editors' notes on how it was checked
    (those stay in the data file, which the appendix names)."""
    name = re.split(r"\s[(;]|;|\. ", basis.strip(), maxsplit=1)[0].rstrip(".,")
    return name if len(name) <= 90 else name[:89].rstrip() + "…"


def _time(start: object, end: object) -> str:
    if start is None:
        return "ganztägig"
    return f"{start:%H:%M}" + (f"–{end:%H:%M}" if end is not None else "") + " Uhr"


def _day(day: date) -> str:
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day:%d.%m.%Y}"


def day_label(day: date) -> str:
    return _day(day)


def dates_in_words(thing: ReviewThing) -> str:
    """'Mi 06.01.2027', 'Do 15.04.–Do 22.04.2027', or for a series '50 Termine, 05.01.–28.12.2027'."""
    if thing.kind == SERIES:
        count = len(thing.dates)
        noun = "Termin" if count == 1 else "Termine"
        return f"{count} {noun}: {_day(thing.first)} bis {_day(thing.last)}"
    parts = []
    for start, end in thing.dates:
        parts.append(_day(start) if start == end else f"{_day(start)} bis {_day(end)}")
    return "; ".join(parts)
