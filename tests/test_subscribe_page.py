"""The static subscribe page `build` writes, served from the output folder by a local web server and opened in
Chromium at 390×844 and 1280 px: first link above the fold, every link resolves, QR codes only on wide screens."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from calendar_builder.build import build_feeds
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.errors import DataError
from calendar_builder.feeds.plan import FeedGroup, plan_feeds
from calendar_builder.feeds.subscribe import entry_count, google_url, subscribe_choices, webcal_url
from calendar_builder.render.subscribe_page import ASSETS, qr_file
from calendar_builder.settings import BuildClock, Settings
from tests.chromium import chromium
from tests.subscribe_browser import check_desktop, check_phone, visit
from tests.test_ics_events import ITEMS, NOW

FIXTURE = Path(__file__).parent / "fixtures" / "feeds-holidays.yaml"
LEGAL = {
    "imprint": "https://rat.example.org/impressum",
    "privacy": "https://rat.example.org/datenschutz",
    "accessibility": "https://rat.example.org/barrierefreiheit",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The feeds folder of a build whose base address is a local web server serving that very folder."""
    root = tmp_path_factory.mktemp("page")
    (root / "data").mkdir()
    shutil.copy(FIXTURE, root / "data" / "holidays.yaml")
    legal = "".join(f"  {key}: {url}\n" for key, url in LEGAL.items())
    (root / "data" / "edition.yaml").write_text(f"web_legal:\n{legal}", encoding="utf-8")
    folder = root / "out" / "2027" / "feeds"
    folder.mkdir(parents=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    group = FeedGroup("organisation-test-verein", "Test-Verein Heidelberg", "Test Association Heidelberg",
                      "Veranstaltungen des Test-Vereins.", "Events of the test association.", "darkorange", "#ff8c00",
                      ITEMS, kind="organisation")  # fmt: skip
    settings = Settings(data_dir=root / "data", out_dir=root / "out", year=2027, feeds_base_url_override=base,
                        clock=BuildClock.at(NOW))  # fmt: skip
    build_feeds(settings, echo=lambda _: None, organisations=(group,))
    try:
        yield folder, base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def test_on_a_phone_the_first_link_is_above_the_fold_and_every_link_resolves(
    served: tuple[Path, str], browser: Any
) -> None:
    folder, base = served
    seen = check_phone(browser, base + "index.html", base, set(LEGAL.values()))
    page = seen.page
    feeds = sorted(p.stem for p in folder.glob("*.ics"))
    assert "organisation-test-verein" in feeds and "alle" in feeds
    offered = page.eval_on_selector_all("a.webcal", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(Path(urlsplit(h).path).stem for h in offered) == feeds, "every feed offered once"
    assert page.locator("details.feed-list").count() == 2
    footer = page.eval_on_selector_all("footer a", "els => els.map(e => e.getAttribute('href'))")
    assert footer == list(LEGAL.values()), "Impressum, Datenschutz, Barrierefreiheit from the settings"
    assert {urlsplit(u).path.rsplit("/", 1)[-1] for u in seen.requests} == {"index.html", *ASSETS}
    assert all(u.startswith(base) for u in seen.requests), "nothing from another host"


def test_on_a_wide_screen_qr_codes_are_shown(served: tuple[Path, str], browser: Any) -> None:
    folder, base = served
    seen = check_desktop(browser, base + "index.html")
    for url in seen.qr_requests():
        assert (folder / urlsplit(url).path.lstrip("/")).is_file()
    # the code leads to the feed's webcal address (Apple's camera subscribes from it)
    assert 'qr-alle.svg"' in (folder / "index.html").read_text(encoding="utf-8")
    assert (folder / qr_file("alle")).read_text(encoding="utf-8").startswith("<svg")


def test_english_toggle_and_copy_button(served: tuple[Path, str], browser: Any) -> None:
    _, base = served
    seen = visit(browser, base + "index.html#en", {"width": 390, "height": 844})
    page = seen.page
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Subscribe to the Intercultural Calendar"
    page.locator("#language-toggle").click()
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator("button.copy").first.is_visible(), "the script shows the copy buttons"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page.locator("button.copy").first.click()
    assert page.evaluate("navigator.clipboard.readText()") == base + "alle.ics"
    assert seen.console == []


def test_without_script_nothing_is_hidden_that_is_needed(served: tuple[Path, str], browser: Any) -> None:
    _, base = served
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "index.html")
    assert page.locator("a.webcal").first.is_visible() and page.locator(".address code").first.is_visible()
    assert not page.locator("button.copy").first.is_visible(), "a copy button that cannot copy stays hidden"
    page.locator("details.feed-list summary").first.click()
    assert page.locator("details.feed-list").first.locator("a.webcal").first.is_visible()
    context.close()


def test_the_page_text_is_german_and_english_throughout(served: tuple[Path, str]) -> None:
    folder, _ = served
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert html.count('<span lang="de">') == html.count('<span lang="en">')
    for text in ("Android und Google Kalender", "iPhone, iPad und Mac", "<summary>Outlook<", "<summary>Thunderbird<",
                 "Add Subscribed Calendar", "Subscribe from web", "Aus dem Web abonnieren", "Im Netzwerk"):  # fmt: skip
        assert html.count(text) == 1, f"{text!r}: instructions once on the page"
    assert not re.search(r"<script>|\sstyle=|\son[a-z]+=", html), "no inline script or style (strict CSP)"
    assert "<style" not in html


def test_the_page_and_the_portal_share_one_description() -> None:
    from calendar_builder.portal import core

    assert core.subscribe_choices is subscribe_choices and core.google_url is google_url


def test_choices_follow_the_plan(served: tuple[Path, str]) -> None:
    from calendar_builder.core.expand import expand
    from calendar_builder.core.load import load_catalogue
    from calendar_builder.feeds.plan import festival_years

    catalogue = load_catalogue(FIXTURE)
    occurrences = expand(catalogue.festivals, festival_years(2027), Settings().expand_options).occurrences
    group = FeedGroup("organisation-x", "X-Verein", "X Association", "d", "e", "red", "#ff0000", ITEMS,
                      kind="organisation")  # fmt: skip
    plan = plan_feeds(catalogue, occurrences, 2027, "https://k.example.org/feeds/", (group,))
    choices = subscribe_choices(plan)
    assert [f.slug for f in choices.feeds] == [f.slug for f in plan.feeds], "the plan's order, nothing lost"
    assert choices.everything.slug == "alle" and choices.everything.entries == entry_count(plan.feeds[0])
    assert [s.kind for s in choices.sections] == ["tradition", "organisation"]
    for feed in choices.feeds:
        assert feed.https == f"https://k.example.org/feeds/{feed.slug}.ics"
        assert feed.webcal == "webcal://" + feed.https.removeprefix("https://")
        [cid] = parse_qs(urlsplit(feed.google).query)["cid"]
        assert unquote(feed.google.split("cid=", 1)[1]) == cid == feed.webcal
        assert feed.short_de and " · " not in feed.short_de


def test_link_forms() -> None:
    url = "https://kalender.example.org/feeds/tradition-jewish.ics"
    assert webcal_url(url) == "webcal://kalender.example.org/feeds/tradition-jewish.ics"
    assert google_url(url) == (
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fkalender.example.org%2Ffeeds%2Ftradition-jewish.ics"
    )


def test_legal_pages_are_checked_addresses(tmp_path: Path) -> None:
    (tmp_path / "edition.yaml").write_text(
        "web_legal:\n  imprint: http://plain.example.org/\n  privacy: ''\n  cookies: https://x.example.org/\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_edition_settings(tmp_path)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "edition.yaml:2 [web_legal.imprint]: error: expected a web address starting with https://" in text
    assert (
        "edition.yaml:4 [web_legal.cookies]: error: unknown legal page; known: imprint, privacy, accessibility" in text
    )
    (tmp_path / "edition.yaml").write_text("web_legal:\n  imprint: https://rat.example.org/i\n", encoding="utf-8")
    assert load_edition_settings(tmp_path).web_legal == (("imprint", "https://rat.example.org/i"),)


def test_in_print_qr_codes_are_shown_even_from_a_phone(served: tuple[Path, str], browser: Any) -> None:
    _, base = served
    seen = visit(browser, base + "index.html", {"width": 390, "height": 844})
    page = seen.page
    assert not page.locator(".everything .qr").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".everything .qr").is_visible()
    assert not page.locator("button.copy").first.is_visible() and not page.locator("#language-toggle").is_visible()
