"""Dated entries for pages: festival occurrences and event occurrences between two days, from the core.

Festivals come from the data folder's holidays.yaml (expanded once per process and year); events from the
published rows, expanded by the core's `expand_event`. Results are cached per publish version, so a page
view after a change shows it and otherwise costs a cache look-up.
"""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from calendar_builder.portal import core, held_in
from calendar_builder.portal.models import Event, Occurrence, Organisation
from calendar_builder.portal.publish import cache_key


@dataclass(frozen=True)
class Entry:
    """One line on a day: a festival or an event occurrence, ready for a template."""

    day: date
    last: date
    kind: str  # festival | event
    key: str  # festival id, or organisation slug/event slug
    title: str
    lang: str
    time: str = ""
    end_time: str = ""
    organisation: str = ""
    organisation_name: str = ""
    colour: str = ""
    location: str = ""
    event_pk: int = 0
    uncertain: bool = False
    moved_from: date | None = None

    @property
    def event_slug(self) -> str:
        return self.key.partition("/")[2]


@lru_cache(maxsize=1)
def festival_catalogue() -> core.Catalogue:
    return core.load_catalogue(settings.DATA_DIR / "holidays.yaml")


@lru_cache(maxsize=16)
def festival_occurrences(year: int) -> tuple[core.Occurrence, ...]:
    """Every festival occurrence touching `year` (spans from December of the year before included)."""
    catalogue = festival_catalogue()
    result = core.expand(catalogue.festivals, range(year - 1, year + 1), core.Settings().expand_options)
    return tuple(o for o in result.occurrences if o.end.year >= year and o.start.year <= year)


def colours_css() -> str:
    """CSS classes for the colour of each tradition (as printed) and each organisation feed colour."""
    rules = [f".t-{t.id}{{--c:{core.colour_hex(t.colour)}}}" for t in festival_catalogue().traditions]
    rules += [f".o-{name}{{--c:{name}}}" for name in core.ORGANISATION_COLOURS]
    return "\n".join(rules) + "\n"


def festival_entries(first: date, last: date, lang: str) -> list[Entry]:
    entries = []
    for year in range(first.year, last.year + 1):
        for occurrence in festival_occurrences(year):
            if occurrence.end < first or occurrence.start > last or occurrence.start.year != year:
                continue
            festival = occurrence.festival
            name = festival.name(lang) or festival.name_de
            entries.append(
                Entry(occurrence.start, occurrence.end, "festival", festival.id, name, lang if festival.name(lang)
                      else "de", colour=f"t-{festival.tradition}",
                      uncertain=occurrence.uncertain_days > 0)
            )  # fmt: skip
    return entries


def public_occurrences(first: date, last: date) -> QuerySet[Occurrence]:
    return Occurrence.objects.filter(day__lte=last, last__gte=first, event__state=Event.State.PUBLISHED,
                                     organisation__state=Organisation.State.ACTIVE)  # fmt: skip


def event_entries(
    first: date, last: date, lang: str, organisation: Organisation | None = None, held_in_lang: str = ""
) -> list[Entry]:
    """Occurrences of public events touching [first, last] (held in `held_in_lang` if given), from the stored ones."""
    key = cache_key(f"events:{first}:{last}:{lang}:{organisation.pk if organisation else ''}:{held_in_lang}")
    cached = cache.get(key)
    if cached is not None:
        return list(cached)
    rows = held_in.restrict(public_occurrences(first, last), held_in_lang)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    entries = _entries(rows, lang)
    cache.set(key, entries, 3600)
    return entries


def _entries(rows: QuerySet[Occurrence], lang: str) -> list[Entry]:
    fields = ("day", "last", "time", "end_time", "location", "moved_from", "event_id", "event__slug", "event__title",
              "organisation__slug", "organisation__short_name", "organisation__name")  # fmt: skip
    colours: dict[str, str] = {}
    entries = []
    for row in rows.values_list(*fields):
        day, end, clock, end_clock, location, moved_from, pk, slug, title, org, short, name = row
        pairs = dict((p[0], p[1]) for p in title)
        title_lang = lang if pairs.get(lang) else "de" if pairs.get("de") else title[0][0]
        if org not in colours:
            colours[org] = f"o-{core.organisation_colour(org)}"
        entries.append(
            Entry(day, end, "event", f"{org}/{slug}", pairs[title_lang], title_lang,
                  f"{clock:%H:%M}" if clock else "", f"{end_clock:%H:%M}" if end_clock else "",
                  org, short or name, colours[org], location, pk, False, moved_from)
        )  # fmt: skip
    entries.sort(key=lambda e: (e.day, e.time or "", e.key))
    return entries


def entries_between(first: date, last: date, lang: str, held_in_lang: str = "") -> list[Entry]:
    both = festival_entries(first, last, lang) + event_entries(first, last, lang, None, held_in_lang)
    return sorted(both, key=lambda e: (e.day, e.kind != "festival", e.time or "", e.key))


#: A day cell of the month view lists this many entries and links the rest, as the wall calendar's "+N".
DAY_CELL_MAX = 6


@dataclass(frozen=True)
class Day:
    day: date
    in_month: bool
    entries: tuple[Entry, ...]
    more: int = 0


def month_weeks(year: int, month: int, lang: str, held_in_lang: str = "") -> list[list[Day]]:
    """Weeks (Monday first) covering the month, each day with what fits in its cell and how many more there are.

    The database hands over at most a cell's worth of one-day occurrences per day (a window query) and the
    number of the rest, so a month with thousands of entries costs as little as a quiet one.
    """
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    by_day: dict[date, list[Entry]] = {}
    for entry in festival_entries(first, last, lang):
        _spread(by_day, entry, first, last)
    public = held_in.restrict(public_occurrences(first, last), held_in_lang)
    single = public.filter(last=F("day"), day__gte=first)
    numbered = single.annotate(
        number=Window(RowNumber(), partition_by=[F("day")], order_by=[F("time").asc(nulls_first=True), F("id")])
    )
    for entry in _entries(numbered.filter(number__lte=DAY_CELL_MAX), lang):
        by_day.setdefault(entry.day, []).append(entry)
    for entry in _entries(public.filter(Q(last__gt=F("day")) | Q(day__lt=first)), lang):
        _spread(by_day, entry, first, last)
    counts = dict(single.values_list("day").annotate(n=Count("id")).order_by())
    days = []
    for week in weeks:
        row = []
        for day in week:
            entries = sorted(by_day.get(day, []), key=lambda e: (e.kind != "festival", e.time or "", e.key))
            total = len(entries) + counts.get(day, 0) - sum(1 for e in entries if e.kind == "event" and e.last == day
                                                              and e.day == day)  # fmt: skip
            shown = entries[: DAY_CELL_MAX - 1] if total > DAY_CELL_MAX else entries
            row.append(Day(day, day.month == month, tuple(shown), total - len(shown)))
        days.append(row)
    return days


def _spread(by_day: dict[date, list[Entry]], entry: Entry, first: date, last: date) -> None:
    day = max(entry.day, first)
    while day <= min(entry.last, last):
        by_day.setdefault(day, []).append(entry)
        day += timedelta(days=1)


def day_entries(day: date, lang: str, held_in_lang: str = "") -> list[Entry]:
    return entries_between(day, day, lang, held_in_lang)
