"""What a subscribe page offers: the feed with everything first, then short lists by tradition and by organisation.

Both subscribe pages (the static one `build` writes next to the feeds and the portal's /feeds/) are drawn from
this one description, so that the links, names, counts and the order of the feeds cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from calendar_builder.feeds.plan import FeedGroup, FeedPlan, festival_years

#: Google Calendar's add-by-address link. Google documents no such link; its own web app registers itself as
#: the browser's webcal handler with ``navigator.registerProtocolHandler('webcal',
#: 'https://www.google.com/calendar/render?cid=%s')``, i.e. the whole webcal address, percent-encoded, as `cid`
#: (see also https://til.simonwillison.net/ics/google-calendar-ics-subscribe-link). calendar.google.com/calendar/r
#: is the current address of that page. It opens Google Calendar in the browser (also on Android, where a
#: webcal:// link does nothing) and asks to confirm the subscription; the feed must be served over https.
GOOGLE_ADD = "https://calendar.google.com/calendar/r?cid="

#: The two short lists after the feed with everything, in the plan's order: (kind, German, English heading)
SECTIONS = (
    ("tradition", "Religionen und Kulturen", "Religions and cultures"),
    ("organisation", "Vereine und Organisationen", "Associations and organisations"),
)


def webcal_url(https_url: str) -> str:
    """webcal:// makes Apple Calendar, Outlook and Thunderbird subscribe instead of downloading once."""
    return re.sub(r"^https?://", "webcal://", https_url)


def google_url(https_url: str) -> str:
    """Google's add-by-address link; it wants the webcal address, fully percent-encoded (see GOOGLE_ADD)."""
    return GOOGLE_ADD + quote(webcal_url(https_url), safe="")


@dataclass(frozen=True)
class FeedChoice:
    """One feed as a subscribe page offers it: names, what it holds and the three ways to subscribe."""

    slug: str
    kind: str
    name_de: str
    name_en: str
    #: the name in a list under a heading that already says what it is ("Jüdisch", not "Jüdisch · Interkultureller …")
    short_de: str
    short_en: str
    description_de: str
    description_en: str
    colour_hex: str
    entries: int
    https: str
    webcal: str
    google: str

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_de

    def short(self, language: str) -> str:
        return self.short_en if language == "en" else self.short_de

    def description(self, language: str) -> str:
        return self.description_en if language == "en" else self.description_de


@dataclass(frozen=True)
class ChoiceSection:
    kind: str
    heading_de: str
    heading_en: str
    feeds: tuple[FeedChoice, ...]

    def heading(self, language: str) -> str:
        return self.heading_en if language == "en" else self.heading_de


@dataclass(frozen=True)
class SubscribeChoices:
    """Everything a subscribe page shows about the feeds of one edition."""

    year: int
    first_year: int
    last_year: int
    everything: FeedChoice
    sections: tuple[ChoiceSection, ...]

    @property
    def feeds(self) -> tuple[FeedChoice, ...]:
        return (self.everything, *(f for s in self.sections for f in s.feeds))


def entry_count(feed: FeedGroup) -> int:
    """Entries a subscriber sees: each item once, plus each moved occurrence written as its own component."""
    return sum(1 + len(item.overrides) for item in feed.items)


def subscribe_choices(plan: FeedPlan, counts: Mapping[str, int] | None = None) -> SubscribeChoices:
    """The plan as a subscribe page offers it; `counts` (slug -> entries) as the feed writer counted, if known."""

    def choice(feed: FeedGroup) -> FeedChoice:
        url = plan.url(feed)
        entries = counts[feed.slug] if counts is not None and feed.slug in counts else entry_count(feed)
        return FeedChoice(
            slug=feed.slug, kind=feed.kind, name_de=feed.name_de, name_en=feed.name_en,
            short_de=_short(feed.name_de), short_en=_short(feed.name_en),
            description_de=feed.description_de, description_en=feed.description_en, colour_hex=feed.colour_hex,
            entries=entries, https=url, webcal=webcal_url(url), google=google_url(url),
        )  # fmt: skip

    everything = next((f for f in plan.feeds if f.kind == "all"), plan.feeds[0])
    sections = tuple(
        ChoiceSection(kind, de, en, tuple(choice(f) for f in plan.feeds if f.kind == kind)) for kind, de, en in SECTIONS
    )
    years = festival_years(plan.year)
    return SubscribeChoices(plan.year, years[0], years[-1], choice(everything), tuple(s for s in sections if s.feeds))


def _short(name: str) -> str:
    """A tradition feed is called "Jüdisch · Interkultureller Kalender" so that phones show the tradition first;
    under the heading "Religions and cultures" the first part is enough."""
    return name.split(" · ")[0]
