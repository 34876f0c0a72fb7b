"""Private by default, checked in a real Chromium: every page type visited as a resident, a member and staff.

The walk records every request the browser makes (pages, styles, images, frames, favicons) and fails on any
host other than the portal's own; it fails on any Content-Security-Policy violation the pages report; and it
lists the cookies set along the way, which must be the session, the CSRF token and the language only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

from .conftest import DATA, ORG_A, PASSWORD

#: The only cookies the portal may set (docs/portal.md, "Cookies").
ALLOWED_COOKIES = {"sessionid", "csrftoken", "django_language"}
#: Reports violations the moment they happen, in every frame, before any page script could hide them.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " in " + e.documentURI);
});
"""


@dataclass
class Walk:
    """What the browser did on the walk: every request, CSP reports and console complaints, pages seen."""

    host: str
    requests: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        return sorted({url for url in self.requests if urlsplit(url).scheme not in ("data", "blob", "about")
                       and urlsplit(url).netloc != self.host})  # fmt: skip


def _context(browser: Any, walk: Walk) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    context.add_init_script(LISTEN)
    context.on("request", lambda request: walk.requests.append(request.url))

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            walk.violations.append(f"console on {message.location.get('url')}: {message.text}")

    context.on("console", console)
    return context


def _visit(page: Any, walk: Walk, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    page.wait_for_load_state("load")
    walk.pages.append(urlsplit(url).path)
    for frame in page.frames:
        try:
            walk.violations += frame.evaluate("window.__violations || []")
        except Exception:  # a frame that navigated away meanwhile has nothing left to report
            continue


def _embedded(browser: Any, walk: Walk, snippet: str, name: str) -> None:
    """The snippet on a page of another site (a second small server on 127.0.0.1, another origin than the
    portal's localhost): the frame shows the events, and every request apart from that page goes to the portal."""
    body = f"<!DOCTYPE html><html><body><h1>Unser Verein</h1>{snippet}</body></html>".encode()

    class OwnSite(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            self.send_response(200 if self.path == "/" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body if self.path == "/" else b"")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), OwnSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    own_site = f"http://127.0.0.1:{server.server_address[1]}/"
    site = Walk(walk.host)
    context = _context(browser, site)
    try:
        page = context.new_page()
        page.goto(own_site)
        assert name in page.frame_locator("iframe").locator("h1").inner_text()
        for frame in page.frames:
            site.violations += frame.evaluate("window.__violations || []")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert set(site.foreign()) <= {own_site, own_site + "favicon.ico"}
    walk.requests += [url for url in site.requests if not url.startswith(own_site)]
    walk.violations += site.violations


def _log_in(page: Any, walk: Walk, base: str, name: str) -> None:
    _visit(page, walk, f"{base}/anmelden/")
    page.fill("[name=username]", name)
    page.fill("[name=password]", PASSWORD)
    page.click("main form button")
    page.wait_for_url(f"{base}/mein/**" if name != "team" else f"{base}/team/**")


def _prepare() -> dict[str, Any]:
    """The shipped data, a member of an organisation with a logo, staff, and one item of each queue."""
    from django.contrib.auth import get_user_model

    from calendar_builder.portal import moderation
    from calendar_builder.portal.exchange import import_data
    from calendar_builder.portal.models import Change, Event, GuestRequest, Membership, Organisation
    from calendar_builder.portal.records import profile_record

    import_data(DATA)
    users = get_user_model()
    staff = users.objects.create_user("team", "team@example.org", PASSWORD, is_staff=True, is_superuser=True)
    member = users.objects.create_user("mitglied", "mitglied@example.org", PASSWORD)
    org = Organisation.objects.get(slug=ORG_A)
    assert org.logo  # the walk must see a page with a logo
    Membership.objects.create(user=member, organisation=org)
    event = Event.objects.filter(organisation=org).first()
    assert event is not None
    moderation.submit_profile(org, member, profile_record(org) | {"regular_meetings": "Jeden Freitag"})
    GuestRequest.objects.create(kind="join", organisation_name="Neuer Verein", contact_name="G", email="g@example.net")
    return {
        "org": org, "event": event, "change": Change.objects.filter(status="pending").latest("id"),
        "guest": GuestRequest.objects.get(), "staff": staff, "festival": _a_festival(),
    }  # fmt: skip


def _a_festival() -> str:
    from calendar_builder.portal.listing import festival_catalogue

    return festival_catalogue().festivals[0].id


@pytest.mark.django_db(transaction=True)
def test_no_foreign_request_no_csp_violation_and_only_three_cookies(live_server: Any, browser: Any) -> None:
    base = live_server.url
    walk = Walk(urlsplit(base).netloc)
    made = _prepare()
    org, event, today = made["org"], made["event"], date.today()
    context = _context(browser, walk)
    page = context.new_page()
    page.set_default_timeout(20000)

    # a resident: every public page type, the logo itself, the feeds, the guest forms, a missing page
    public = [
        "/", "/organisationen/", f"/organisationen/{org.slug}/", f"/organisationen/{org.slug}/logo",
        f"/organisationen/{org.slug}/termine/{event.slug}/", "/kalender/",
        f"/kalender/{today.year}/{today.month}/", f"/kalender/{today.year}/{today.month}/{today.day}/",
        "/feste/", f"/feste/{made['festival']}/", "/rechtliches/impressum/", "/rechtliches/datenschutz/",
        "/rechtliches/barrierefreiheit/", "/feeds/", f"/organisationen/{org.slug}/einbetten/", "/mitmachen/",
        "/termin-vorschlagen/", "/danke/", "/anmelden/",
    ]  # fmt: skip
    for path in public:
        _visit(page, walk, base + path)
    _visit(page, walk, f"{base}/organisationen/gibt-es-nicht/", status=404)
    _visit(page, walk, f"{base}/organisationen/{org.slug}/")
    assert page.locator("img.logo").evaluate("img => img.complete && img.naturalWidth > 0")

    # the embed snippet, as an organisation's own site carries it: its frame loads only from the portal
    snippet = page.locator("textarea.code").input_value()
    assert snippet.startswith("<iframe")
    _embedded(browser, walk, snippet, org.name)

    # the language switcher, then back
    _visit(page, walk, base + "/")
    page.click(".lang-switch button")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click(".lang-switch button")
    page.wait_for_load_state("load")

    # a guest sends a request (the form and its thanks page)
    _visit(page, walk, f"{base}/mitmachen/")
    page.fill("[name=organisation_name]", "Verein im Test")
    page.fill("[name=contact_name]", "Gast")
    page.fill("[name=email]", "gast@example.net")
    page.click("main form button")
    page.wait_for_url(f"{base}/danke/")

    # a member: dashboard, profile (with the logo), events, import
    _log_in(page, walk, base, "mitglied")
    for path in ("/mein/", f"/mein/{org.slug}/profil/", f"/mein/{org.slug}/termine/neu/",
                 f"/mein/{org.slug}/termine/{event.pk}/", f"/mein/{org.slug}/import/"):  # fmt: skip
        _visit(page, walk, base + path)
    cookies = context.cookies()
    page.locator('form[action$="/abmelden/"] button').first.click()
    page.wait_for_load_state("load")

    # staff: queue, review, guest request, invite, freshness, history, consent, the administration
    _log_in(page, walk, base, "team")
    staff_pages = [
        "/team/", f"/team/aenderungen/{made['change'].pk}/", f"/team/gaeste/{made['guest'].pk}/", "/team/einladen/",
        "/team/aktualitaet/", f"/team/organisationen/{org.slug}/verlauf/",
        f"/team/organisationen/{org.slug}/einwilligung/", "/admin/", "/admin/portal/organisation/",
        f"/admin/portal/organisation/{org.pk}/change/",
    ]  # fmt: skip
    for path in staff_pages:
        _visit(page, walk, base + path)
    cookies += context.cookies()
    _visit(page, walk, base + "/team/")
    page.locator('form[action$="/abmelden/"] button').first.click()
    page.wait_for_load_state("load")

    cookies += context.cookies()
    context.close()
    assert len(walk.pages) >= 35 and len(walk.requests) > len(walk.pages)
    assert walk.foreign() == []
    assert walk.violations == []
    names = {c["name"] for c in cookies}
    assert names <= ALLOWED_COOKIES, names - ALLOWED_COOKIES
    assert names == ALLOWED_COOKIES  # the walk did log in, use forms and switch the language
    for cookie in cookies:
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax", cookie
        assert urlsplit(base).hostname in cookie["domain"]
