"""What goes into the subscribable feeds: neutral FeedItems (from festivals, later organisation events) and feeds.

Every source of calendar entries turns its entries into `FeedItem`s; the .ics writer only knows FeedItems.
Festivals are adapted here (`festival_items`); an organisation layer plugs in by producing a `FeedGroup` of
FeedItems per organisation (timed, recurring, with exceptions and moved occurrences), and gets its own feed
plus a place in `alle.ics` from the same code.

UIDs: one per festival per Gregorian year, ``<festival-id>-<year>@interkultureller-kalender.heidelberg.de``
(``-2``, ``-3`` … for a second or third occurrence in the same year, which Islamic festivals have about
every 33 years). A UID per *date* would look more natural, but the dates of moon-sighting festivals move:
an authority announces Eid a day later than calculated, a table is corrected, the build switches between
Diyanet and Umm al-Qura. With a per-date UID every such correction deletes the event in the subscriber's
calendar and creates a new one (and duplicates it for anyone who imported the file instead of subscribing).
With a per-year UID the same event moves: the client sees the same UID with a higher SEQUENCE and updates
it in place. The year is the Gregorian year of the festival's first day, which a one-day move changes only
across New Year's Eve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from calendar_builder.core.model import CMYK, Catalogue, Occurrence, Tradition
from calendar_builder.edition.variant_words import night_phrase_de, variants_sentence_de
from calendar_builder.edition.wording import source_de
from calendar_builder.errors import CalendarError

#: Part of every UID; never derived from where the feeds are hosted, so moving the site changes no UID.
UID_DOMAIN = "interkultureller-kalender.heidelberg.de"
#: Where the contents of out/<year>/feeds/ are published. Deliberately without a year: subscriptions live
#: for years, so next year's build is published at the same address and subscribers simply get more events.
#: The build keeps SEQUENCE and LAST-MODIFIED of every UID here, next to the data (commit it with the data).
FEED_STATE_FILE = "feed-state.json"
BERLIN = ZoneInfo("Europe/Berlin")
#: Festivals cover the previous year, the edition year and the two years after it.
FESTIVAL_YEARS_BEFORE = 1
FESTIVAL_YEARS_AFTER = 2
#: Google silently drops events beyond about 1 MB or about 1,100 events per feed; warn well before that.
MAX_FEED_EVENTS = 1000
MAX_FEED_BYTES = 1_000_000
ALL_FEED_SLUG = "alle"
ALL_FEED_COLOUR = "teal"

DateOrTime = date | datetime


@dataclass(frozen=True)
class FeedOverride:
    """One moved or changed occurrence of a recurring item, written as a RECURRENCE-ID component."""

    #: the start the occurrence would have had by the rule (a date for all-day items, else a Berlin datetime)
    recurrence_id: DateOrTime
    start: DateOrTime
    end: DateOrTime
    #: empty strings mean "as the series"
    summary: str = ""
    description: str = ""
    location: str = ""


@dataclass(frozen=True)
class FeedItem:
    """One calendar entry as the feeds see it, independent of where it came from.

    `start`/`end` are both dates (all-day; `end` exclusive, so a one-day entry ends the next day) or both
    time-zone-aware datetimes (timed; written in Europe/Berlin). `rrule` is an RFC 5545 RRULE value without
    the ``RRULE:`` prefix; `exdates` are cancelled occurrence starts; `overrides` are moved occurrences.
    """

    uid: str
    summary: str
    start: DateOrTime
    end: DateOrTime
    description: str = ""
    categories: tuple[str, ...] = ()
    url: str = ""
    location: str = ""
    #: RFC 7986 COLOR: a CSS3 colour name
    colour: str = ""
    rrule: str = ""
    exdates: tuple[DateOrTime, ...] = ()
    overrides: tuple[FeedOverride, ...] = ()
    #: False = TRANSP:TRANSPARENT (shows as free, blocks no agenda); festivals are never busy
    busy: bool = False

    def __post_init__(self) -> None:
        problems = _item_problems(self)
        if problems:
            raise CalendarError(f"calendar entry {self.uid!r} cannot be written to a feed: {'; '.join(problems)}")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def sort_key(self) -> tuple[date, str, str]:
        """Feeds list entries by first day, then time, then UID, so that the order never depends on input order."""
        if isinstance(self.start, datetime):
            local = self.start.astimezone(BERLIN)
            return (local.date(), local.strftime("%H:%M"), self.uid)
        return (self.start, "", self.uid)


@dataclass(frozen=True)
class FeedGroup:
    """A named set of items that gets a feed of its own (a tradition, an organisation)."""

    #: file name without ".ics"; part of the subscription URL, so it must never change
    slug: str
    name_de: str
    name_en: str
    description_de: str
    description_en: str
    #: RFC 7986 COLOR (CSS3 colour name) and the same colour as #rrggbb for Apple's calendar colour
    colour: str
    colour_hex: str
    items: tuple[FeedItem, ...]
    kind: str = "tradition"  # all | tradition | organisation


@dataclass(frozen=True)
class FeedPlan:
    """Every feed of an edition, the first one being the feed with everything."""

    year: int
    base_url: str
    feeds: tuple[FeedGroup, ...]
    notices: tuple[str, ...] = field(default=())
    #: expected situations worth a line but not a warning (an organisation without events has no feed)
    notes: tuple[str, ...] = field(default=())

    def url(self, feed: FeedGroup) -> str:
        return feed_url(self.base_url, feed.slug)


def feed_url(base_url: str, slug: str) -> str:
    return base_url.rstrip("/") + f"/{slug}.ics"


def festival_years(year: int) -> range:
    return range(year - FESTIVAL_YEARS_BEFORE, year + FESTIVAL_YEARS_AFTER + 1)


def festival_uids(occurrences: Iterable[Occurrence]) -> dict[tuple[str, date], str]:
    """UID for every (festival id, first day): one per festival and Gregorian year (see module docstring)."""
    uids: dict[tuple[str, date], str] = {}
    count: dict[tuple[str, int], int] = {}
    for occurrence in sorted(occurrences, key=lambda o: (o.festival.id, o.start)):
        key = (occurrence.festival.id, occurrence.start.year)
        count[key] = count.get(key, 0) + 1
        suffix = "" if count[key] == 1 else f"-{count[key]}"
        uids[(occurrence.festival.id, occurrence.start)] = f"{key[0]}-{key[1]}{suffix}@{UID_DOMAIN}"
    return uids


def festival_items(occurrences: Sequence[Occurrence], traditions: dict[str, Tradition], url: str) -> list[FeedItem]:
    """Festival occurrences as all-day, transparent FeedItems; a multi-day festival is one item over its span."""
    uids = festival_uids(occurrences)
    items = []
    for occurrence in occurrences:
        festival = occurrence.festival
        tradition = traditions[festival.tradition]
        items.append(
            FeedItem(
                uid=uids[(festival.id, occurrence.start)],
                summary=festival_summary(occurrence),
                start=occurrence.start,
                end=occurrence.end + timedelta(days=1),
                description=festival_description(occurrence),
                categories=(tradition.name_de,),
                url=url,
                colour=css_colour_name(tradition.colour),
            )
        )
    return sorted(items, key=lambda i: i.sort_key)


def festival_summary(occurrence: Occurrence) -> str:
    """German name, then the main original-script name where it adds something."""
    festival = occurrence.festival
    originals = [text for _, text in festival.original_names if text and text not in festival.name_de]
    return f"{festival.name_de} · {originals[0]}" if originals else festival.name_de


def festival_description(occurrence: Occurrence) -> str:
    """Explanation, caveats and facts, in German, with the English name and explanation at the end."""
    festival = occurrence.festival
    lines = [festival.explanation_de.strip()] if festival.explanation_de.strip() else []
    facts = []
    if festival.evening_before:
        eve = occurrence.start - timedelta(days=1)
        facts.append(f"Beginnt am Vorabend ({_de_date(eve)}) bei Sonnenuntergang.")
    if festival.night_before:
        facts.append(f"{night_phrase_de(occurrence)}: die Nacht beginnt am Abend des {_de_date(occurrence.start)}.")
    if occurrence.provisional:
        facts.append(f"Vorläufiges Datum: vom Veranstalter für {occurrence.start.year} noch nicht angekündigt.")
    if occurrence.variants:
        facts.append(variants_sentence_de(occurrence))
    elif occurrence.uncertain_days == 1:
        facts.append("Kann um einen Tag abweichen.")
    elif occurrence.uncertain_days > 1:
        facts.append(f"Kann um bis zu {occurrence.uncertain_days} Tage abweichen.")
    if occurrence.end != occurrence.start:
        days = (occurrence.end - occurrence.start).days + 1
        facts.append(f"Dauer: {days} Tage ({_de_date(occurrence.start)} bis {_de_date(occurrence.end)}).")
    if occurrence.public_holiday:
        facts.append("Gesetzlicher Feiertag in Baden-Württemberg.")
    if festival.rest_day:
        facts.append("Ruhetag in der Gemeinschaft.")
    if festival.fast_day:
        facts.append("Fastentag.")
    others = [text for lang, text in festival.names if lang != "de" and text != festival.name_de]
    if others:
        facts.append("Weitere Namen: " + " · ".join(others))
    if festival.greetings:
        facts.append("Man wünscht sich: " + " · ".join(g.label() for g in festival.greetings))
    facts.append(f"Datum nach: {source_de(occurrence.source)}")
    if festival.authority:
        facts.append(f"Regel folgt: {festival.authority}")
    lines.append("\n".join(facts))
    english = festival.name("en")
    if festival.explanation_en.strip():
        english += f": {festival.explanation_en.strip()}"
    if english:
        lines.append(f"English: {english}")
    return "\n\n".join(lines)


def _de_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


# --- colours -------------------------------------------------------------------------------------------


def cmyk_to_rgb(colour: CMYK) -> tuple[int, int, int]:
    """The naive screen equivalent of a print colour; good enough to pick a calendar colour."""
    key = 1 - colour.k / 100

    def channel(ink: float) -> int:
        return round(255 * (1 - ink / 100) * key)

    return channel(colour.c), channel(colour.m), channel(colour.y)


@lru_cache(maxsize=256)
def css_colour_name(colour: CMYK) -> str:
    """RFC 7986 COLOR wants a CSS3 colour name: the named colour nearest to the tradition's print colour (the
    same few colours are asked for every festival: each is searched once)."""
    from PIL import ImageColor

    red, green, blue = cmyk_to_rgb(colour)
    best = ""
    best_distance = 1 << 30
    for name in sorted(ImageColor.colormap):
        if name == "rebeccapurple":  # CSS4, not CSS3
            continue
        r, g, b = ImageColor.getrgb(name)[:3]
        # weighted distance ("redmean"), closer to perceived difference than plain RGB distance
        mean = (red + r) / 2
        distance = int(
            (2 + mean / 256) * (red - r) ** 2 + 4 * (green - g) ** 2 + (2 + (255 - mean) / 256) * (blue - b) ** 2
        )
        if distance < best_distance:
            best, best_distance = name, distance
    return best


def colour_hex(colour: CMYK) -> str:
    return "#{:02x}{:02x}{:02x}".format(*cmyk_to_rgb(colour))


# --- planning ------------------------------------------------------------------------------------------


def plan_feeds(
    catalogue: Catalogue,
    occurrences: Sequence[Occurrence],
    year: int,
    base_url: str,
    organisations: Sequence[FeedGroup] = (),
    notices: Sequence[str] = (),
) -> FeedPlan:
    """alle.ics, then one feed per tradition that has entries, then one per organisation."""
    traditions = {t.id: t for t in catalogue.traditions}
    items = festival_items(occurrences, traditions, base_url)
    uids = festival_uids(occurrences)
    tradition_of = {uids[(o.festival.id, o.start)]: o.festival.tradition for o in occurrences}
    feeds: list[FeedGroup] = []
    for tradition in catalogue.traditions:
        own = tuple(i for i in items if tradition_of[i.uid] == tradition.id)
        if not own:
            continue
        feeds.append(
            FeedGroup(
                slug=f"tradition-{tradition.id}",
                # the tradition first: phones cut long calendar names off at the end
                name_de=f"{tradition.name_de} · Interkultureller Kalender",
                name_en=f"{tradition.name_en} · Intercultural Calendar",
                description_de=f"{tradition.name_de}: Feste und Gedenktage aus dem Interkulturellen Kalender "
                "des Ausländerrats/Migrationsrats Heidelberg.",
                description_en=f"{tradition.name_en}: festivals and commemorations from the Intercultural "
                "Calendar of the Ausländerrat/Migrationsrat Heidelberg.",
                colour=css_colour_name(tradition.colour),
                colour_hex=colour_hex(tradition.colour),
                items=own,
            )
        )
    # RFC 5545 wants at least one entry per calendar: an organisation without events gets no feed (yet)
    empty = tuple(f"{g.slug}.ics not written: the organisation has no events" for g in organisations if not g.items)
    organisations = [g for g in organisations if g.items]
    seen = {f.slug for f in feeds} | {ALL_FEED_SLUG}
    for group in organisations:
        if group.slug in seen:
            raise CalendarError(f"two feeds would be called {group.slug}.ics; organisation ids must be unique")
        seen.add(group.slug)
    everything = tuple(sorted([*items, *(i for g in organisations for i in g.items)], key=lambda i: i.sort_key))
    all_feed = FeedGroup(
        slug=ALL_FEED_SLUG,
        name_de="Interkultureller Kalender Heidelberg",
        name_en="Intercultural Calendar Heidelberg",
        description_de="Feste und Feiertage vieler Religionen und Kulturen und Veranstaltungen von "
        "Migrantenorganisationen in Heidelberg. Herausgegeben vom Ausländerrat/Migrationsrat Heidelberg.",
        description_en="Festivals and holidays of many religions and cultures, and events of migrant "
        "organisations in Heidelberg. Published by the Ausländerrat/Migrationsrat Heidelberg.",
        colour=ALL_FEED_COLOUR,
        colour_hex="#008080",
        items=everything,
        kind="all",
    )
    everything_planned = (all_feed, *feeds, *organisations)
    warnings = [name_warning(feed) for feed in everything_planned]
    return FeedPlan(year, base_url, everything_planned, (*notices, *(w for w in warnings if w)), empty)


def name_warning(feed: FeedGroup) -> str:
    """Commas and semicolons in a calendar name are escaped as RFC 5545 asks, but ical.js (Thunderbird) and
    libical hand NAME/X-WR-CALNAME back raw, so those apps would show "Kirche\\, Moschee". Say so."""
    if not any(ch in feed.name_de for ch in ",;\\"):
        return ""
    return (
        f"{feed.slug}.ics: the calendar name contains a comma, semicolon or backslash ({feed.name_de!r}); "
        "some calendar apps show it with a backslash. Reword the tradition or organisation name if you can."
    )


def summarise_left_out(notices: Iterable[tuple[str, int, str]]) -> tuple[str, ...]:
    """One line per festival with the years its calendar or table cannot reach."""
    years: dict[tuple[str, str], list[int]] = {}
    for festival_id, year, reason in notices:
        years.setdefault((festival_id, reason), []).append(year)
    return tuple(
        f"{festival_id} left out of {', '.join(map(str, sorted(ys)))}: {reason}"
        for (festival_id, reason), ys in sorted(years.items())
    )


# --- validation ----------------------------------------------------------------------------------------

_RRULE_PART = re.compile(r"^[A-Z]+=[A-Za-z0-9,+\-:]+$")


def _item_problems(item: FeedItem) -> list[str]:
    problems = []
    timed = isinstance(item.start, datetime)
    if isinstance(item.end, datetime) != timed:
        problems.append("start and end must both be dates (all-day) or both be times")
    elif timed:
        assert isinstance(item.start, datetime) and isinstance(item.end, datetime)
        if item.start.tzinfo is None or item.end.tzinfo is None:
            problems.append("times must carry a time zone (Europe/Berlin); floating times are read as UTC by Google")
        elif item.end < item.start:
            problems.append("the end lies before the start")
    elif item.end <= item.start:
        problems.append("an all-day entry ends (exclusively) at least one day after it starts")
    if not item.summary.strip():
        problems.append("the title is empty")
    if item.rrule:
        if not all(_RRULE_PART.match(part) for part in item.rrule.split(";")) or "FREQ=" not in item.rrule:
            problems.append(f"RRULE {item.rrule!r} is not of the form FREQ=…;KEY=VALUE")
    elif item.exdates or item.overrides:
        problems.append("exceptions and moved occurrences need a recurrence rule")
    for value in (*item.exdates, *(o.recurrence_id for o in item.overrides)):
        if isinstance(value, datetime) != timed or (isinstance(value, datetime) and value.tzinfo is None):
            problems.append(f"exception {value} must be of the same kind as the start ({'time' if timed else 'date'})")
    for override in item.overrides:
        if isinstance(override.start, datetime) != isinstance(override.end, datetime):
            problems.append(f"moved occurrence {override.recurrence_id}: start and end of different kinds")
    return problems
