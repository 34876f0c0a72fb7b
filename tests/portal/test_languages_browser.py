"""The Arabic interface in a real Chromium: the switcher works without JavaScript and the layout mirrors.

Playwright drives Debian's chromium as tests/portal/test_browser.py does. Boxes are compared with the page's
edges, so the checks hold at any font size: in Arabic the navigation starts at the right edge, the brand sits
right and the switcher left, "previous month" is on the right with its arrow pointing right, and nothing makes
the page wider than a phone.
"""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from PIL import Image

from .conftest import ORG_A

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def _arabic_page(browser: Any, base: str, width: int) -> Any:
    """A visitor without JavaScript who picks Arabic in the switcher of the German start page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE", java_script_enabled=False,
                                  device_scale_factor=2)  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "de"
    page.click("form.lang-switch button[lang=ar]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    return page


def _points(png: bytes) -> str:
    """Which way a chevron in a screenshot points: the side whose outermost ink sits at mid height."""
    image = Image.open(io.BytesIO(png)).convert("L")
    ink = [(x, y) for x in range(image.width) for y in range(image.height) if image.getpixel((x, y)) < 128]
    middle = (min(y for _, y in ink) + max(y for _, y in ink)) / 2
    left, right = min(x for x, _ in ink), max(x for x, _ in ink)
    off_left = min(abs(y - middle) for x, y in ink if x == left)
    off_right = min(abs(y - middle) for x, y in ink if x == right)
    return "right" if off_right < off_left else "left"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_arabic_interface_mirrors_the_layout(live_server: Any, browser: Any, loaded: None, width: int) -> None:
    base = live_server.url
    page = _arabic_page(browser, base, width)
    assert page.locator("nav.main-nav a").first.inner_text() == "هذا الأسبوع"
    # the language stays chosen from page to page (the language cookie)
    page.goto(f"{base}/kalender/2026/12/")  # a month with festivals in every year's data
    assert page.locator("html").get_attribute("lang") == "ar"
    viewport = page.viewport_size["width"]
    # nothing wider than the screen: no sideways scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport

    nav = page.locator("nav.main-nav ul").bounding_box()
    first, second = (page.locator("nav.main-nav li").nth(n).bounding_box() for n in (0, 1))
    # the first item starts at the right edge of the menu, the second follows to its left (or wraps below)
    assert abs((first["x"] + first["width"]) - (nav["x"] + nav["width"])) < 24
    assert second["x"] + second["width"] <= first["x"] + 1 or second["y"] > first["y"]

    brand = page.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > viewport * 0.6, "the brand sits at the right"
    if width >= 1000:
        switch = page.locator(".lang-switch").bounding_box()
        assert switch["x"] < viewport * 0.4, "the language switcher sits at the left"

    previous, following = page.locator("a[rel=prev]").bounding_box(), page.locator("a[rel=next]").bounding_box()
    assert previous["x"] > following["x"], "previous month is on the right"
    assert _points(page.locator("a[rel=prev] .arrow").screenshot()) == "right"
    assert _points(page.locator("a[rel=next] .arrow").screenshot()) == "left"

    # entries: the coloured bar (border-inline-start) is on the right of the entry's text
    entry = page.locator(".month .entry").first
    bar_side = entry.evaluate("e => getComputedStyle(e).borderRightWidth")
    assert bar_side == "4px" and entry.evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"

    # an organisation page: its German name stays left to right inside the right-to-left page
    page.goto(f"{base}/organisationen/{ORG_A}/")
    name = page.locator("h1 span[lang=de]")
    assert name.evaluate("e => getComputedStyle(e).direction") == "ltr"
    heading = page.locator("h1").bounding_box()
    assert name.bounding_box()["x"] + name.bounding_box()["width"] == pytest.approx(
        heading["x"] + heading["width"], abs=2
    ), "the name is aligned to the right like every heading"
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_back_to_german_from_arabic(live_server: Any, browser: Any, loaded: None) -> None:
    page = _arabic_page(browser, live_server.url, 1280)
    page.goto(f"{live_server.url}/organisationen/")
    page.click("form.lang-switch button[lang=de]")
    page.wait_for_load_state()
    assert page.url.endswith("/organisationen/"), "the switcher returns to the page it was used on"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Organisationen"
    nav = page.locator("nav.main-nav ul").bounding_box()
    first = page.locator("nav.main-nav li").first.bounding_box()
    assert abs(first["x"] - nav["x"]) < 24, "in German the menu starts at the left"
    page.context.close()
