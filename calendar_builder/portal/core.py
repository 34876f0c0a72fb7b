"""The one place the portal imports the calendar core from, so that moving a core module changes only this file."""

from __future__ import annotations

from calendar_builder.core.expand import expand
from calendar_builder.core.limits import SVG_ELEMENTS
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Catalogue, Festival, Occurrence, Tradition
from calendar_builder.core.textcheck import describe, forbidden_character
from calendar_builder.errors import CalendarError, DataError, Location, Problem, ProblemCollector
from calendar_builder.feeds.organisations import (
    ORGANISATION_COLOURS,
    event_item,
    event_uid,
    organisation_colour,
    organisation_group,
    organisation_groups,
)
from calendar_builder.feeds.plan import (
    ALL_FEED_SLUG,
    FeedGroup,
    FeedPlan,
    colour_hex,
    festival_years,
    plan_feeds,
    summarise_left_out,
)
from calendar_builder.feeds.state import FeedState
from calendar_builder.feeds.subscribe import (
    FeedChoice,
    SubscribeChoices,
    entry_count,
    google_url,
    subscribe_choices,
    webcal_url,
)
from calendar_builder.media.guard import image_problem
from calendar_builder.media.svg import SvgLogoError, load_drawing
from calendar_builder.organisations import (
    Contact,
    EventOccurrence,
    MovedOccurrence,
    Organisation,
    OrganisationCatalogue,
    OrgEvent,
    expand_event,
    load_organisations,
    read_organisations,
)
from calendar_builder.organisations.import_csv import import_csv
from calendar_builder.organisations.import_ics import import_ics
from calendar_builder.organisations.importing import ImportResult, check_events_text, slugify
from calendar_builder.organisations.load import EVENTS_DIR, SHORT_NAME_MAX
from calendar_builder.organisations.recurrence import RRuleError, normalise_rrule, until_date
from calendar_builder.organisations.yamlwrite import event_record, events_file_text
from calendar_builder.render.ics import render_feed, render_plan, stamped
from calendar_builder.render.subscribe_page import ASSETS as SUBSCRIBE_ASSETS
from calendar_builder.render.subscribe_page import asset as subscribe_asset
from calendar_builder.render.subscribe_page import qr_svg
from calendar_builder.settings import BuildClock, Settings


def default_year() -> int:
    """The edition the portal shows and exports by default: next year by the server's clock."""
    return BuildClock.now().default_year


__all__ = [
    "ALL_FEED_SLUG",
    "EVENTS_DIR",
    "ORGANISATION_COLOURS",
    "SHORT_NAME_MAX",
    "SVG_ELEMENTS",
    "CalendarError",
    "Catalogue",
    "Contact",
    "DataError",
    "EventOccurrence",
    "FeedChoice",
    "FeedGroup",
    "FeedPlan",
    "FeedState",
    "Festival",
    "ImportResult",
    "Location",
    "MovedOccurrence",
    "Occurrence",
    "OrgEvent",
    "Organisation",
    "OrganisationCatalogue",
    "Problem",
    "ProblemCollector",
    "RRuleError",
    "Settings",
    "SUBSCRIBE_ASSETS",
    "SubscribeChoices",
    "SvgLogoError",
    "Tradition",
    "check_events_text",
    "colour_hex",
    "default_year",
    "entry_count",
    "event_item",
    "event_record",
    "event_uid",
    "events_file_text",
    "expand",
    "expand_event",
    "festival_years",
    "google_url",
    "describe",
    "forbidden_character",
    "image_problem",
    "import_csv",
    "import_ics",
    "load_catalogue",
    "load_drawing",
    "load_organisations",
    "normalise_rrule",
    "organisation_colour",
    "organisation_group",
    "organisation_groups",
    "plan_feeds",
    "qr_svg",
    "read_organisations",
    "render_feed",
    "render_plan",
    "slugify",
    "stamped",
    "subscribe_asset",
    "subscribe_choices",
    "summarise_left_out",
    "until_date",
    "webcal_url",
]
