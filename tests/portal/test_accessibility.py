"""WCAG 2.1 AA on every page type: axe-core in Chromium, each interface language, on a desktop and a phone.

axe-playwright-python bundles axe-core, so the check runs offline in Debian's chromium. Every page type a
resident, an organisation member or the staff see is opened in every language of `settings.LANGUAGES` (so a
language added there is checked without touching this file), at 1280 and 390 CSS pixels, including forms
showing their validation errors. The same pages are then shown at 640 CSS pixels, which is 1280 zoomed to
200 %, and must not need horizontal scrolling or clip text. A last test checks that no page of the portal is
left out of the run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.chromium import chromium

from .conftest import ORG_A, PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
#: WCAG 2.0 and 2.1, levels A and AA (what BITV 2.0 asks through EN 301 549), plus axe's best practices for
#: landmarks and headings, which screen reader users navigate by.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = (1280, 390)
#: 1280 CSS pixels at 200 % text zoom leave 640 CSS pixels (WCAG 1.4.4); 320 is 1280 at 400 % (WCAG 1.4.10).
ZOOM_WIDTHS = (640, 320)
HEIGHT = 900
RECURRING_EVENT = "arabisch-kinder"  # weekly, with exception dates, in the shipped sample data
SINGLE_EVENT = "fastenbrechen"
#: a staff account with a second factor: its password leads to the code page
SECOND_FACTOR_USER = "team-mit-code"
#: Portal addresses that are no page: files, feeds, and actions that only take a POST and redirect.
NOT_PAGES = {
    "logo", "colours", "feed", "recheck", "confirm", "withdraw", "logout", "staff-archive", "staff-trust",
    "staff-restore", "staff-export", "feed-qr", "subscribe-css", "subscribe-js",
}  # fmt: skip


@dataclass(frozen=True)
class Visit:
    """One page state to check: who looks at it, where, and which form (if any) is sent with what first."""

    name: str
    role: str  # resident, member, staff, or code (staff between password and second factor)
    path: str
    #: send the page's form with these values (browser-side checks off), to check the page with its errors
    send: dict[str, str] | None = None
    #: the URL name of the page, when the address does not resolve to it (e.g. after a redirect)
    url_name: str = ""


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}")


def interface_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One browser for the whole run (three languages, fifty pages each)."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _scene(accounts: dict[str, Any]) -> dict[str, str]:
    """Data every page type needs to show its full content: a pending change, a guest request, an invitation."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from calendar_builder.portal import moderation
    from calendar_builder.portal.models import Event, GuestRequest, Invitation
    from calendar_builder.portal.records import event_record

    org = accounts["org_a"]
    recurring = Event.objects.get(organisation=org, slug=RECURRING_EVENT)
    record = event_record(recurring)
    record["moved"] = [{"from": record["start"], "date": record["start"], "time": "11:00"}]
    record["location"] = "WeltHaus, Willy-Brandt-Platz 5"
    change = moderation.submit_event(org, accounts["a"], record, recurring)
    guest = GuestRequest.objects.create(
        kind=GuestRequest.Kind.EVENT, organisation_name="Kulturverein Beispiel", contact_name="A. Beispiel",
        email="gast@example.org", message="Wir möchten ein Fest ankündigen.",
        payload={"title": [["de", "Sommerfest"]], "start": "2027-07-03", "time": "15:00", "location": "Park"},
    )  # fmt: skip
    token = "invitation-for-the-accessibility-check"
    Invitation.objects.create(organisation=org, email="neu@example.org",
                              token_hash=hashlib.sha256(token.encode()).hexdigest())  # fmt: skip
    nobody_logs_in = accounts["b"]  # a login changes the account's reset tokens
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with_code = get_user_model().objects.create_user(SECOND_FACTOR_USER, password=PASSWORD, is_staff=True)
    TOTPDevice.objects.create(user=with_code, name="app", confirmed=True)
    return {
        "event_id": str(recurring.pk),
        "change_id": str(change.pk),
        "guest_id": str(guest.pk),
        "token": token,
        "reset": f"{urlsafe_base64_encode(force_bytes(nobody_logs_in.pk))}/"
        f"{default_token_generator.make_token(nobody_logs_in)}",
    }


def visits(scene: dict[str, str]) -> list[Visit]:
    """Every page type, in the states worth checking (empty, filled, with errors)."""
    o, e = ORG_A, scene["event_id"]
    return [
        Visit("start", "resident", "/"),
        Visit("directory", "resident", "/organisationen/"),
        Visit("directory filtered", "resident", "/organisationen/?q=Verein&sprache=ar&kategorie=&stadtteil="),
        Visit("directory, nothing found", "resident", "/organisationen/?q=gibt-es-nicht"),
        Visit("organisation", "resident", f"/organisationen/{o}/"),
        Visit("embed", "resident", f"/organisationen/{o}/einbetten/"),
        Visit("event, series", "resident", f"/organisationen/{o}/termine/{RECURRING_EVENT}/"),
        Visit("event, single", "resident", f"/organisationen/{o}/termine/{SINGLE_EVENT}/"),
        Visit("month, now", "resident", "/kalender/"),
        Visit("month with events", "resident", "/kalender/2027/3/"),
        Visit("day", "resident", "/kalender/2027/3/6/"),
        Visit("festivals", "resident", "/feste/"),
        Visit("festival", "resident", "/feste/eid-al-fitr/"),
        Visit("subscribe", "resident", "/feeds/"),
        Visit("impressum", "resident", "/rechtliches/impressum/"),
        Visit("privacy", "resident", "/rechtliches/datenschutz/"),
        Visit("accessibility statement", "resident", "/rechtliches/barrierefreiheit/"),
        Visit("join", "resident", "/mitmachen/"),
        Visit("join, errors", "resident", "/mitmachen/", send={"email": "keine-adresse"}),
        Visit("propose", "resident", "/termin-vorschlagen/"),
        Visit("propose, errors", "resident", "/termin-vorschlagen/", send={"title": "Fest"}),
        Visit("thanks", "resident", "/danke/"),
        Visit("login", "resident", "/anmelden/"),
        Visit("login, errors", "resident", "/anmelden/", send={"username": "niemand", "password": "falsch"}),
        Visit("second factor", "code", "/anmelden/code/"),
        Visit("second factor, errors", "code", "/anmelden/code/", send={"code": "12"}),
        Visit("password reset", "resident", "/passwort/vergessen/"),
        Visit("password reset, errors", "resident", "/passwort/vergessen/", send={"email": "keine-adresse"}),
        Visit("password reset sent", "resident", "/passwort/gesendet/"),
        Visit("new password", "resident", f"/passwort/neu/{scene['reset']}/", url_name="password-reset-confirm"),
        Visit(
            "new password, errors",
            "resident",
            f"/passwort/neu/{scene['reset']}/",
            send={"new_password1": "kurz", "new_password2": "anders"},
            url_name="password-reset-confirm",
        ),
        Visit("new password set", "resident", "/passwort/geaendert/"),
        Visit("invitation", "resident", f"/einladung/{scene['token']}/"),
        Visit("invitation, errors", "resident", f"/einladung/{scene['token']}/", send={"password": "kurz"}),
        Visit("not found", "resident", "/gibt-es-nicht/", url_name="404"),
        Visit("dashboard", "member", "/mein/"),
        Visit("profile", "member", f"/mein/{o}/profil/"),
        Visit("profile, errors", "member", f"/mein/{o}/profil/", send={"name": "", "languages": "xx"}),
        Visit("new event", "member", f"/mein/{o}/termine/neu/"),
        Visit(
            "new event, errors",
            "member",
            f"/mein/{o}/termine/neu/",
            send={"title_de": "", "repeat": "weekly", "start": "2027-03-06", "until": "2035-01-01"},
        ),
        Visit("series with exceptions", "member", f"/mein/{o}/termine/{e}/"),
        Visit("import", "member", f"/mein/{o}/import/"),
        Visit("import, errors", "member", f"/mein/{o}/import/", send={}),
        Visit("queue", "staff", "/team/"),
        Visit("review", "staff", f"/team/aenderungen/{scene['change_id']}/"),
        Visit("guest request", "staff", f"/team/gaeste/{scene['guest_id']}/"),
        Visit("invite", "staff", "/team/einladen/"),
        Visit("invite, errors", "staff", "/team/einladen/", send={"email": "keine-adresse"}),
        Visit("freshness", "staff", "/team/aktualitaet/"),
        Visit("history", "staff", f"/team/organisationen/{o}/verlauf/"),
        Visit("consent", "staff", f"/team/organisationen/{o}/einwilligung/"),
        Visit("consent, errors", "staff", f"/team/organisationen/{o}/einwilligung/", send={"person": ""}),
    ]


def _page(browser: Any, base: str, language: str, role: str) -> Any:
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT}, locale="de-DE")
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
    page = context.new_page()
    page.set_default_timeout(20000)
    if role != "resident":
        page.goto(f"{base}/anmelden/")
        user = {"staff": "team", "member": "mitglied-a", "code": SECOND_FACTOR_USER}[role]
        page.fill("[name=username]", user)
        page.fill("[name=password]", PASSWORD)
        page.click("main form.form button")
        if role == "code":
            page.wait_for_url(lambda url: "/anmelden/code/" in url)
        else:
            page.wait_for_url(lambda url: "/anmelden/" not in url)
    return page


RUN_AXE = "options => axe.run(document, options)"
SEND = """([values]) => {
  const form = document.querySelector("main form.form");
  form.noValidate = true;
  for (const [name, value] of Object.entries(values)) {
    const field = form.elements[name];
    if (field.type === "checkbox") { field.checked = value === "on"; } else { field.value = value; }
  }
  form.requestSubmit(form.querySelector("button:not([name=decline])"));
}"""

#: Horizontal overflow of the page, and elements whose text is cut off by their own box.
OVERFLOW = """() => {
  const root = document.documentElement;
  const clipped = [];
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (el.closest(".visually-hidden, [aria-hidden=true], .skip")) continue;
    const clips = ["hidden", "clip"].includes(style.overflowX) || ["hidden", "clip"].includes(style.overflowY);
    const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (clips && cut && el.textContent.trim()) {
      clipped.push(el.outerHTML.slice(0, 160));
    }
  }
  return {scroll: root.scrollWidth, width: window.innerWidth, clipped: clipped};
}"""


def _axe_report(where: str, response: dict[str, Any]) -> list[str]:
    lines = []
    for violation in response["violations"]:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(str(t) for t in node['target'])}: {node['html'][:200]}")
            lines.extend(f"      - {check['message']}" for check in node["any"] + node["all"] + node["none"])
    return lines


def _open(page: Any, base: str, visit: Visit) -> None:
    response = page.goto(base + visit.path)
    assert response is not None and (response.ok or visit.url_name == "404"), f"{visit.name}: {response}"
    if visit.send is not None:
        assert page.locator("main form.form").count() == 1, f"{visit.name}: no form on {page.url}"
        with page.expect_navigation():
            page.evaluate(SEND, [visit.send])
        assert page.locator(".form-errors").count() == 1, f"{visit.name}: the form shows no errors"


def check_pages(browser: Any, axe: Any, base: str, language: str, scene: dict[str, str]) -> list[str]:
    """Run axe and the zoom check on every visit; the problems found, each with its page and nodes."""
    problems: list[str] = []
    pages: dict[str, Any] = {}
    for visit in visits(scene):
        if visit.role not in pages:  # logged in when first needed (a pending second-factor login expires)
            pages[visit.role] = _page(browser, base, language, visit.role)
        page = pages[visit.role]
        _open(page, base, visit)
        lang = page.get_attribute("html", "lang")
        if lang != language:
            problems.append(f"{visit.name} [{language}]: <html lang={lang!r}>, expected {language!r}")
        page.evaluate(axe.axe_script)  # once per page; axe.run below checks the page as it is now
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            response = page.evaluate(RUN_AXE, {"runOnly": {"type": "tag", "values": AXE_TAGS}})
            problems += _axe_report(f"{visit.name} [{language}, {width} px]", response)
        for width in ZOOM_WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            found = page.evaluate(OVERFLOW)
            where = f"{visit.name} [{language}, {width} px = 1280 px at {1280 // width * 100} %]"
            if found["scroll"] > found["width"]:
                problems.append(f"{where}: scrolls sideways ({found['scroll']} px wide)")
            problems += [f"{where}: text cut off in {html}" for html in found["clipped"]]
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        print(f"checked {visit.name} [{language}]: {len(problems)} problems so far", flush=True)
    for page in pages.values():
        page.context.close()
    return problems


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", interface_languages())
def test_every_page_passes_axe_and_zoom(live_server: Any, browser: Any, axe: Any, accounts: dict[str, Any],
                                        language: str) -> None:  # fmt: skip
    scene = _scene(accounts)
    problems = check_pages(browser, axe, live_server.url, language, scene)
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


def test_a_right_to_left_interface_language_is_checked() -> None:
    from django.utils.translation import get_language_info

    codes = interface_languages()
    assert "de" in codes and "en" in codes
    assert any(get_language_info(code)["bidi"] for code in codes), codes


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    found: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            found.add(f"{namespace}{entry.name}")
    return found


def test_every_page_of_the_portal_is_in_the_run() -> None:
    """A page added to urls.py must be added to `visits` (or to NOT_PAGES when it is no page)."""
    scene = {"event_id": "1", "change_id": "1", "guest_id": "1", "token": "t", "reset": "MQ/set-password"}
    covered = {v.url_name or (resolve(urlsplit(v.path).path).url_name or "") for v in visits(scene)}
    portal = {name.removeprefix("portal:") for name in _names(get_resolver().url_patterns)
              if name.startswith("portal:")}  # fmt: skip
    missing = portal - covered - NOT_PAGES
    assert not missing, f"pages not checked for accessibility: {sorted(missing)}"
