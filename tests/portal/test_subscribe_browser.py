"""The portal's subscribe page in Chromium at 390×844 and 1280 px, with the same checks as the static page, and
the same feeds in the same order as the page `build` writes from the same data."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.subscribe_browser import check_desktop, check_phone

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def portal(live_server: Any, loaded: None, settings: Any) -> str:
    """The live portal with the shipped data, its feeds addressed at the live server itself."""
    from calendar_builder.portal import feeds

    settings.SITE_URL = live_server.url
    feeds._PLANS.clear()
    return str(live_server.url)


@pytest.mark.django_db(transaction=True)
def test_portal_subscribe_page_on_a_phone_and_a_wide_screen(portal: str, browser: Any) -> None:
    from calendar_builder.portal.feeds import feed_plan

    url = f"{portal}/feeds/"
    seen = check_phone(browser, url, portal + "/", set())
    page = seen.page
    offered = page.eval_on_selector_all("a.webcal", "els => els.map(e => e.getAttribute('href'))")
    plan = feed_plan()
    assert [h.rsplit("/", 1)[-1] for h in offered] == [f"{f.slug}.ics" for f in plan.feeds]
    legal = page.eval_on_selector_all("footer a[href*='/rechtliches/']", "els => els.map(e => e.textContent)")
    assert legal == ["Impressum", "Datenschutz", "Barrierefreiheit"]
    assert all(u.startswith(portal) for u in seen.requests), "nothing from another host"
    check_desktop(browser, url)


@pytest.mark.django_db(transaction=True)
def test_portal_and_static_page_offer_the_same_feeds(portal: str, client: Any, data_copy: Path) -> None:
    """Same data, same description: the static page lists the same feeds in the same order as the portal's."""
    from calendar_builder.build import build_ics
    from calendar_builder.portal.feeds import subscribe_choices
    from calendar_builder.settings import Settings

    choices = subscribe_choices()
    settings = Settings(data_dir=data_copy, out_dir=data_copy / "out", year=choices.year,
                        feeds_base_url_override=portal + "/feeds/")  # fmt: skip
    page = next(p for p in build_ics(settings, echo=lambda _: None) if p.name == "index.html")
    static = re.findall(r'<a class="button webcal" href="([^"]+)"', page.read_text(encoding="utf-8"))
    portal_page = client.get("/feeds/").content.decode()
    served = re.findall(r'<a class="button webcal" href="([^"]+)"', portal_page)
    assert served == static == [f.webcal for f in choices.feeds]
    for german in ("So geht’s", "Adresse zum Kopieren", "Religionen und Kulturen", "Android und Google Kalender"):
        assert german in portal_page, f"{german!r}: the portal's page speaks German by default"
