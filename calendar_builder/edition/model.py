"""One edition: every entry that belongs on the calendar of a year, and the files built from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from calendar_builder.core.expand import RangeNotice
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Catalogue, Confirmation, Occurrence
from calendar_builder.edition.festival_dates import edition_dates
from calendar_builder.edition.media import Media
from calendar_builder.edition.merge import Entry, merge
from calendar_builder.edition.school_holidays import load_school_holidays
from calendar_builder.errors import CalendarError
from calendar_builder.organisations import (
    EventNotice,
    EventOccurrence,
    Organisation,
    OrganisationCatalogue,
    assign_featured_months,
    events_for_year,
    load_organisations,
    sample_warning,
)
from calendar_builder.settings import Settings


@dataclass(frozen=True)
class Edition:
    """The calendar year: festivals and organisation events that touch it, and the organisations."""

    year: int
    catalogue: Catalogue
    #: every festival occurrence and organisation event that touches the year, in `merge` order
    entries: tuple[Entry, ...]
    left_out: tuple[RangeNotice, ...]
    organisations: OrganisationCatalogue = OrganisationCatalogue(())
    #: events with no occurrence in the year: left out of print, still in the feeds
    event_notices: tuple[EventNotice, ...] = ()
    #: month 1..12 -> the organisation featured on that page, or None (the partners' box is shown)
    featured: tuple[tuple[int, Organisation | None], ...] = ()
    #: the logos and artwork, opened and measured (filled by calendar_builder.media before layout)
    media: Media = Media()
    #: Baden-Württemberg's school holidays in the year (empty when the table does not cover it)
    school_days: frozenset[date] = frozenset()
    #: why there is no school holiday band, if there is none
    school_notice: str | None = None

    @cached_property
    def occurrences(self) -> tuple[Occurrence, ...]:
        """The festivals among the entries (a view of the one list, in its order)."""
        return tuple(e for e in self.entries if isinstance(e, Occurrence))

    @cached_property
    def events(self) -> tuple[EventOccurrence, ...]:
        """The organisations' events among the entries (a view of the one list, in its order)."""
        return tuple(e for e in self.entries if isinstance(e, EventOccurrence))

    @cached_property
    def unconfirmed(self) -> tuple[tuple[Occurrence, Confirmation], ...]:
        """The printed dates a second method contradicts or cannot confirm: the print gate blocks on them and the
        proof lists them, each in its own words."""
        return tuple((o, o.confirmation) for o in self.occurrences if o.confirmation and o.confirmation.blocks_print)

    def featured_in(self, month: int) -> Organisation | None:
        return dict(self.featured).get(month)

    @property
    def sample_warning(self) -> str | None:
        """A loud message while fictional sample organisations are still in the data."""
        return sample_warning(self.organisations.organisations)


def make_edition(settings: Settings, leave_out_uncovered: bool = False, catalogue: Catalogue | None = None,
                 organisations: OrganisationCatalogue | None = None) -> Edition:  # fmt: skip
    """Load and expand; refuse a year that some festival cannot cover unless told to leave those out. A command
    that has read holidays.yaml or organisations.yaml already (`check`) passes them in: each is read once."""
    catalogue = catalogue if catalogue is not None else load_catalogue(settings.holidays_file)
    # Spans that begin late in the previous year (e.g. Hanukkah) still show in January. Two sources for every
    # printed date: each occurrence carries the verdict of a second method.
    occurrences, notices = edition_dates(catalogue.festivals, settings.year, settings.expand_options)
    if notices and not leave_out_uncovered:
        lines = "\n".join(f"  {n}" for n in notices)
        raise CalendarError(
            f"some festivals cannot be dated for {settings.year}:\n{lines}\n"
            "Extend their tables in the data, or build with --leave-out-uncovered to leave them out."
        )
    organisations = organisations if organisations is not None else load_organisations(settings.organisations_file)
    events = events_for_year(organisations, settings.year)
    featured = assign_featured_months(organisations.organisations, settings.year)
    school = load_school_holidays(settings.data_dir)
    return Edition(
        settings.year, catalogue, merge(occurrences, events.occurrences), notices, organisations, events.notices,
        tuple(sorted(featured.items())), school_days=school.days_in(settings.year),
        school_notice=school.notice(settings.year),
    )  # fmt: skip
