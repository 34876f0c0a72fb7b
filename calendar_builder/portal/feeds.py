"""The .ics feeds and the subscribe page at the addresses the printed QR code points to, from approved data.

The core plans and writes the feeds exactly as `build` does (same UIDs, same SEQUENCE state rules); the
portal only supplies organisations from the database and keeps the SEQUENCE state in it. A rendering is
cached per publish version; responses carry ETag and Last-Modified and answer conditional requests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import core
from .listing import festival_catalogue
from .models import Event, Organisation, PublishState
from .publish import cache_key, save_feed_state, state, version
from .records import core_organisation


@dataclass(frozen=True)
class Feeds:
    plan: core.FeedPlan
    files: dict[str, bytes]
    counts: dict[str, int]
    etags: dict[str, str]
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


def render_feeds() -> Feeds:
    changed_at = version()[1]
    key = cache_key("feeds")
    cached = cache.get(key)
    if cached is not None:
        return cached
    year = core.default_year()
    catalogue = festival_catalogue()
    result = core.expand(catalogue.festivals, core.festival_years(year), core.Settings().expand_options)
    groups = core.organisation_groups(organisation_catalogue(), base_url())
    notices = core.summarise_left_out((n.festival.id, n.year, n.reason) for n in result.notices)
    plan = core.plan_feeds(catalogue, result.occurrences, year, base_url(), groups, notices)
    with transaction.atomic():
        row = PublishState.objects.select_for_update().get(pk=state().pk)
        feed_state = _feed_state(row.feed_state)
        rendered = core.render_plan(plan, feed_state, timezone.now())
        text = feed_state.to_json()
        if text != row.feed_state:
            save_feed_state(text)
    etags = {name: '"' + hashlib.sha256(data).hexdigest()[:32] + '"' for name, data in rendered.files.items()}
    feeds = Feeds(plan, rendered.files, rendered.event_counts, etags, changed_at)
    cache.set(key, feeds, 24 * 3600)
    return feeds


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
