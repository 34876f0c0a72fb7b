"""Migrant organisations: profiles, events, their expansion, imports, month features and logos.

The functions other parts of the builder call:

- `load_organisations(path)` -> OrganisationCatalogue (raises DataError); `read_organisations(path, problems)`
- `events_for_year(catalogue, year)` -> EventExpansion(occurrences, notices) for print
- `events_between(catalogue, first, last)` -> occurrences in a date range
- `catalogue.events` -> the unexpanded OrgEvent values (rrule, exdates, moved) for .ics feeds;
  `expand_event(event, first, last)` gives one event's occurrences; `rrule_for_ics(event)` the RRULE text
  to write into a VEVENT (UNTIL as UTC for timed events)
- `assign_featured_months(organisations, year)` -> {month: Organisation | None}
- `sample_warning(organisations)` -> str | None
"""

from calendar_builder.organisations.featured import assign_featured_months
from calendar_builder.organisations.load import load_organisations, read_organisations
from calendar_builder.organisations.model import (
    LOGO_BOX_MM,
    TIMEZONE,
    Contact,
    EventOccurrence,
    MovedOccurrence,
    Organisation,
    OrganisationCatalogue,
    OrgEvent,
)
from calendar_builder.organisations.recurrence import (
    EventExpansion,
    EventNotice,
    events_between,
    events_for_year,
    expand_event,
    rrule_for_ics,
)
from calendar_builder.organisations.sample import sample_warning

__all__ = [
    "LOGO_BOX_MM",
    "TIMEZONE",
    "Contact",
    "EventExpansion",
    "EventNotice",
    "EventOccurrence",
    "MovedOccurrence",
    "OrgEvent",
    "Organisation",
    "OrganisationCatalogue",
    "assign_featured_months",
    "events_between",
    "events_for_year",
    "expand_event",
    "load_organisations",
    "read_organisations",
    "rrule_for_ics",
    "sample_warning",
]
