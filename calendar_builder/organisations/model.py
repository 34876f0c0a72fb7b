"""Frozen dataclasses for migrant organisations, their events, and dated event occurrences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Width of the box a logo is placed in on the month page; the resolution check measures against it.
LOGO_BOX_MM: tuple[float, float] = (25.0, 25.0)
#: Below this a raster logo prints visibly soft: a warning.
LOGO_WARN_PPI = 300
#: Below this it prints blurred: an error.
LOGO_ERROR_PPI = 150
#: The time zone every event time is written in (the calendar hangs in Heidelberg).
TIMEZONE = "Europe/Berlin"


@dataclass(frozen=True)
class Contact:
    """How to reach an organisation; every field may be empty."""

    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


@dataclass(frozen=True)
class MovedOccurrence:
    """One occurrence of a recurring event that takes place on another day or at another time.

    `original` is the date the rule gives (iCalendar's RECURRENCE-ID); the other fields are what
    happens instead. A field left None keeps the event's own value.
    """

    original: dt.date
    date: dt.date
    time: dt.time | None = None
    end_time: dt.time | None = None
    location: str | None = None


@dataclass(frozen=True)
class OrgEvent:
    """An event as written in the data: one day or a span, maybe recurring, never expanded.

    The feeds keep the rule (`rrule`, `exdates`, `moved`) as it is; print expands it per year.
    `start`/`end` are the first occurrence's first and last day (inclusive); times are wall-clock
    times in Europe/Berlin; an event without `time` lasts all day.
    """

    id: str
    organisation: str
    title: tuple[tuple[str, str], ...]
    start: dt.date
    end: dt.date
    time: dt.time | None = None
    end_time: dt.time | None = None
    location: str = ""
    description: tuple[tuple[str, str], ...] = ()
    url: str = ""
    #: RFC 5545 RRULE value without the "RRULE:" prefix, UNTIL written as a date (YYYYMMDD)
    rrule: str = ""
    exdates: tuple[dt.date, ...] = ()
    moved: tuple[MovedOccurrence, ...] = ()
    #: a series whose every occurrence print names in its day cell (one per organisation; default: the series
    #: is named once, as a "Regelmäßig" line of its organisation)
    print_in_cells: bool = False
    file: str = ""
    line: int = 0

    @property
    def title_de(self) -> str:
        return dict(self.title).get("de") or self.title[0][1]

    def text(self, lang: str) -> str:
        """The title in `lang`, falling back to German."""
        return dict(self.title).get(lang) or self.title_de

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def recurring(self) -> bool:
        return bool(self.rrule)


@dataclass(frozen=True)
class EventOccurrence:
    """One dated occurrence of an organisation's event, as print and `dates --json` show it."""

    event: OrgEvent
    start: dt.date
    end: dt.date
    time: dt.time | None
    end_time: dt.time | None
    location: str
    #: the date the rule gave, when this occurrence was moved to another day or time (RECURRENCE-ID)
    moved_from: dt.date | None = None

    @property
    def organisation(self) -> str:
        return self.event.organisation

    @property
    def recurrence_id(self) -> dt.date:
        """The date that identifies this occurrence within its series, stable when it is moved."""
        return self.moved_from or self.start


@dataclass(frozen=True)
class Organisation:
    """A migrant organisation (or a partner) as the calendar presents it."""

    id: str
    name: str
    short_name: str
    #: language code -> text; always has "de"
    description: tuple[tuple[str, str], ...]
    #: language codes (ISO 639) of the languages spoken, display names resolved at render time
    languages: tuple[str, ...]
    contact: Contact
    #: path relative to the data folder, or "" for none
    logo: str = ""
    #: the line of `logo` in the organisations file (0 without a logo), for messages about the file
    logo_line: int = 0
    featured_month: int | None = None
    sample: bool = False
    partner: bool = False
    events: tuple[OrgEvent, ...] = ()
    file: str = ""
    line: int = 0

    def describe(self, lang: str) -> str:
        """The description in `lang`, falling back to German."""
        return dict(self.description).get(lang) or dict(self.description).get("de", "")


@dataclass(frozen=True)
class OrganisationCatalogue:
    """Everything loaded from organisations.yaml and the imported event files beside it."""

    organisations: tuple[Organisation, ...]
    file: str = ""

    def by_id(self, organisation_id: str) -> Organisation | None:
        return next((o for o in self.organisations if o.id == organisation_id), None)

    @property
    def events(self) -> tuple[OrgEvent, ...]:
        return tuple(e for o in self.organisations for e in o.events)
