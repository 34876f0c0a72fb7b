"""The .ics feeds and the subscribe page at the addresses the printed QR code points to, from approved data.

The core plans and writes the feeds exactly as `build` does (same UIDs, same SEQUENCE rules); the portal
supplies organisations from the database and keeps the SEQUENCE state in it. The plan is made once per
publish version and process; each feed file is written on its first request and then served from the cache
with its ETag, so a change costs only the feeds that are asked for.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from calendar_builder.portal import core
from calendar_builder.portal.listing import festival_catalogue
from calendar_builder.portal.models import Event, Organisation, PublishState
from calendar_builder.portal.publish import cache_key, save_feed_state, state, version
from calendar_builder.portal.records import core_organisation

_PLANS: dict[str, core.FeedPlan] = {}


@dataclass(frozen=True)
class FeedFile:
    data: bytes
    etag: str
    modified: datetime


def base_url() -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}/feeds/"


def organisation_catalogue() -> core.OrganisationCatalogue:
    organisations = []
    rows = Organisation.objects.filter(state=Organisation.State.ACTIVE).order_by("position", "slug")
    events: dict[int, list[Event]] = {}
    published = Event.objects.filter(state=Event.State.PUBLISHED, cancelled=False, organisation__in=rows)
    for event in published.order_by("position", "id"):
        events.setdefault(event.organisation_id, []).append(event)
    for org in rows:
        organisations.append(core_organisation(org, events.get(org.pk, [])))
    return core.OrganisationCatalogue(tuple(organisations))


@functools.lru_cache(maxsize=2)
def festival_feed_occurrences(year: int) -> tuple[tuple[core.Occurrence, ...], tuple[str, ...]]:
    """Festival dates for the feed years of an edition: they depend on no portal data, so once per process."""
    result = core.expand(festival_catalogue().festivals, core.festival_years(year), core.Settings().expand_options)
    notices = core.summarise_left_out((n.festival.id, n.year, n.reason) for n in result.notices)
    return tuple(result.occurrences), notices


def feed_plan() -> core.FeedPlan:
    """Every feed of the current data, as the core plans them (kept per process until the next publish)."""
    key = cache_key("plan")
    plan = _PLANS.get(key)
    if plan is None:
        year = core.default_year()
        occurrences, notices = festival_feed_occurrences(year)
        groups = core.organisation_groups(organisation_catalogue(), base_url())
        plan = core.plan_feeds(festival_catalogue(), occurrences, year, base_url(), groups, notices)
        _PLANS.clear()
        _PLANS[key] = plan
    return plan


def feed_file(slug: str) -> FeedFile | None:
    """One feed's bytes, written by the core on first request after a publish, else from the cache."""
    key = cache_key(f"feed:{slug}")
    cached = cache.get(key)
    if cached is not None:
        return FeedFile(*cached)
    plan = feed_plan()
    feed = next((f for f in plan.feeds if f.slug == slug), None)
    if feed is None:
        return None
    with transaction.atomic():
        row = PublishState.objects.select_for_update().get(pk=state().pk)
        feed_state = _feed_state(row.feed_state)
        now = timezone.now()
        serialised = {item.uid: core.stamped(item, feed_state, now) for item in feed.items}
        text = feed_state.to_json()
        if text != row.feed_state:
            save_feed_state(text)
    data = core.render_feed(feed, plan, serialised)
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    result = FeedFile(data, etag, version()[1])
    cache.set(key, (result.data, result.etag, result.modified), 24 * 3600)
    return result


def subscribe_choices() -> core.SubscribeChoices:
    """What the subscribe page offers, described by the core exactly as for the static page `build` writes."""
    return core.subscribe_choices(feed_plan())


@functools.lru_cache(maxsize=256)
def qr_code(address: str) -> bytes:
    """A feed's QR code (its webcal address); the same address always gives the same picture, so once per process."""
    return (core.qr_svg(address) + "\n").encode("utf-8")


def _feed_state(text: str) -> core.FeedState:
    import tempfile
    from pathlib import Path

    if not text:
        return core.FeedState()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed-state.json"
        path.write_text(text, encoding="utf-8")
        loaded = core.FeedState.load(path)
    return core.FeedState(loaded.entries)
