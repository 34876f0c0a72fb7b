"""`ics`: the feed entries serialised with a forked worker's help are the bytes of one process, and they fill the
build cache as entries made in one process do."""

from __future__ import annotations

import pytest

from calendar_builder import build
from calendar_builder.cache import read_pack
from calendar_builder.feeds.organisations import organisation_groups
from calendar_builder.organisations import load_organisations
from calendar_builder.settings import Settings


def test_shared_serialising_gives_the_bytes_of_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(year=2027)
    groups = organisation_groups(load_organisations(settings.organisations_file), settings.feeds_base_url)
    alone = build.render_feeds(settings, lambda _: None, groups)
    monkeypatch.setattr(build, "SHARE_ENTRIES_FROM", 1)
    shared = build.render_feeds(settings, lambda _: None, groups, share=True)
    assert shared.files == alone.files
    assert shared.state == alone.state
    assert len([name for name in shared.files if name.endswith(".ics")]) > 10
    entries = dict(shared.cache_packs)["ics-entries"]
    assert entries == dict(alone.cache_packs)["ics-entries"] and read_pack(entries)
