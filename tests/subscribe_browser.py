"""The checks a resident's phone and a desktop browser make on a subscribe page, shared by the static page's test
and the portal's: Playwright with Debian's chromium at 390×844 and at 1280 px."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: "no taller than about three screens" with every list closed
MAX_SCREENS = 3


@dataclass
class Visit:
    """One page load: the page, every request it made and every console message or page error."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def qr_requests(self) -> list[str]:
        return [url for url in self.requests if "/qr-" in urlsplit(url).path]


def visit(browser: Any, url: str, viewport: dict[str, int], locale: str = "de-DE") -> Visit:
    context = browser.new_context(viewport=viewport, locale=locale)
    page = context.new_page()
    page.set_default_timeout(20000)
    result = Visit(page)
    page.on("request", lambda request: result.requests.append(request.url))
    page.on("console", lambda message: result.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: result.console.append(f"error: {error}"))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return result


def http_address(link: str, base: str) -> str:
    """The address a webcal:// link makes a calendar app fetch (the test servers speak plain http)."""
    scheme = urlsplit(base).scheme
    return f"{scheme}://{link.removeprefix('webcal://')}" if link.startswith("webcal://") else link


def assert_feed(page: Any, address: str) -> None:
    response = page.request.get(address)
    assert response.status == 200, f"{address} answered {response.status}"
    assert response.body().startswith(b"BEGIN:VCALENDAR"), f"{address} is no calendar"


def check_phone(browser: Any, url: str, base: str, external: set[str]) -> Visit:
    """At 390×844: the first subscribe link and the explanation above the fold, every link resolves, about three
    screens with the lists closed, and no QR code fetched even with every list open. Returns the visit."""
    seen = visit(browser, url, PHONE)
    page = seen.page
    first = page.locator("a.webcal").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] < PHONE["height"], f"first subscribe link at {box}"
    lead = page.locator(".lead").bounding_box()
    assert lead is not None and lead["y"] + lead["height"] < box["y"], "the explanation comes before the link"
    assert page.locator(".lead").inner_text().strip().count(". ") == 0, "one sentence"
    assert "alle.ics" in (first.get_attribute("href") or ""), "the first link subscribes to everything"
    assert page.locator("details[open]").count() == 0
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= MAX_SCREENS * PHONE["height"], f"{height} px tall with every list closed"
    assert not any(page.locator(".qr").nth(i).is_visible() for i in range(page.locator(".qr").count()))
    check_links(page, base, external)
    for summary in page.locator("details > summary").all():
        summary.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("details[open]").count() == page.locator("details").count()
    assert seen.qr_requests() == [], f"QR codes fetched on a phone: {seen.qr_requests()}"
    assert seen.console == [], seen.console
    return seen


def check_links(page: Any, base: str, external: set[str]) -> None:
    """Every link of the page: feeds (webcal, Google, the address to copy) answer with a calendar, pages of the
    local server with 200, anchors exist; any other host only if the settings name it (the legal pages)."""
    host = urlsplit(base).netloc
    feeds: set[str] = set()
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert links, "no links"
    for href in links:
        parts = urlsplit(href)
        if href.startswith("#"):
            assert page.locator(f"[id='{href[1:]}']").count() == 1, f"anchor {href} has no target"
        elif parts.scheme == "webcal":
            assert parts.netloc == host, href
            feeds.add(http_address(href, base))
        elif parts.netloc == "calendar.google.com":
            assert parts.path == "/calendar/r", href
            [cid] = parse_qs(parts.query)["cid"]
            assert cid.startswith("webcal://") and urlsplit(cid).netloc == host, href
            feeds.add(http_address(cid, base))
        elif parts.scheme in ("http", "https") and parts.netloc != host:
            assert href in external, f"link to a foreign address {href}"
        else:
            address = href if parts.scheme else page.url.rsplit("/", 1)[0] + "/" + href.lstrip("/")
            if href.startswith("/"):
                address = f"{parts.scheme or urlsplit(base).scheme}://{host}{href}"
            if address.endswith(".ics"):
                feeds.add(address)
                continue
            response = page.request.get(address)
            assert response.status == 200, f"{href} answered {response.status}"
    copies = page.eval_on_selector_all("[data-copy]", "els => els.map(e => e.getAttribute('data-copy'))")
    codes = page.eval_on_selector_all(".address code", "els => els.map(e => e.textContent.trim())")
    assert copies == codes and len(codes) == len(page.locator("a.webcal").all())
    assert {http_address(c, base) for c in codes} == feeds, "webcal, Google and the address name the same feeds"
    for address in sorted(feeds):
        assert_feed(page, address)


def check_desktop(browser: Any, url: str) -> Visit:
    """At 1280 px the QR code of the feed with everything is shown; an opened list shows (and fetches) its own."""
    seen = visit(browser, url, DESKTOP)
    page = seen.page
    main = page.locator(".everything .qr img")
    assert main.is_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", main.element_handle())
    assert len(seen.qr_requests()) == 1, seen.qr_requests()
    section = page.locator("details.feed-list").first
    section.locator("summary").click()
    page.wait_for_load_state("networkidle")
    images = section.locator(".qr img")
    assert images.count() >= 1
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.is_visible()
    assert seen.console == [], seen.console
    return seen
