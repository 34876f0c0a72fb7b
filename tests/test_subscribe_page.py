"""The subscribe page in headless Chromium: it renders, every link leads to a feed in the output folder, no console
output, and the English toggle works."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PIL import Image

from calendar_builder.build import build_feeds
from calendar_builder.feeds.plan import FeedGroup
from calendar_builder.render.subscribe_page import google_url, webcal_url
from calendar_builder.settings import BuildClock, Settings
from tests.test_ics_events import ITEMS, NOW

FIXTURE = Path(__file__).parent / "fixtures" / "feeds-holidays.yaml"
BASE = "https://kalender.example.org/feeds/"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0",
)  # fmt: skip


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a fresh profile; a missing browser skips, or fails under CI."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (required under CI)")
        pytest.skip("chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip


def console_lines(stderr: str) -> list[str]:
    """Chromium logs every console message and uncaught error of the page as a CONSOLE line."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class Links(HTMLParser):
    """Collects links, resource references, feed sections and the document language from a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (class, href)
        self.resources: list[str] = []
        self.sections: list[str] = []
        self.svgs = 0
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "a":
            self.links.append((a.get("class", ""), a["href"]))
        elif "href" in a or "src" in a:
            self.resources.append(a.get("href") or a.get("src", ""))
        if tag == "section" and a.get("class") == "feed":
            self.sections.append(a["id"].removeprefix("feed-"))
        if tag == "svg":
            self.svgs += 1


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("page")
    (root / "data").mkdir()
    shutil.copy(FIXTURE, root / "data" / "holidays.yaml")
    group = FeedGroup("organisation-test-verein", "Test-Verein Heidelberg", "Test Association Heidelberg",
                      "Veranstaltungen des Test-Vereins.", "Events of the test association.", "darkorange", "#ff8c00",
                      ITEMS, kind="organisation")  # fmt: skip
    settings = Settings(data_dir=root / "data", out_dir=root / "out", year=2027, feeds_base_url_override=BASE,
                        clock=BuildClock.at(NOW))  # fmt: skip
    build_feeds(settings, echo=lambda _: None, organisations=(group,))
    return root / "out" / "2027" / "feeds"


def local_file(folder: Path, url: str) -> Path:
    """The file in the output folder that a published https or webcal address points to."""
    https = "https://" + url.removeprefix("webcal://") if url.startswith("webcal://") else url
    assert https.startswith(BASE), url
    return folder / https.removeprefix(BASE)


def test_every_link_resolves_to_a_feed_in_the_output_folder(feeds: Path) -> None:
    result = chromium("--dump-dom", (feeds / "index.html").as_uri())
    assert result.returncode == 0, result.stderr
    page = Links()
    page.feed(result.stdout)
    assert page.lang == "de"
    files = sorted(p.stem for p in feeds.glob("*.ics"))
    assert sorted(page.sections) == files
    assert "organisation-test-verein" in files and "alle" in files
    assert page.svgs == len(files), "one QR code per feed"
    kinds: dict[str, set[str]] = {}
    for kind, href in page.links:
        if kind == "google":
            assert href.startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F"), href
            [target] = parse_qs(urlsplit(href).query)["cid"]
            assert target.startswith("webcal://")
        elif kind == "webcal":
            target = href
            assert href.startswith("webcal://")
        else:
            assert kind == "download", f"unexpected link {href}"
            target = href
        path = local_file(feeds, unquote(target))
        assert path.is_file(), f"{href} points to {path}, which is not in the output folder"
        kinds.setdefault(path.stem, set()).add(kind)
    assert kinds == {stem: {"google", "webcal", "download"} for stem in files}
    assert page.resources == ["data:,"], "the page loads nothing but its inline favicon placeholder"


def test_the_page_has_no_console_output_and_the_check_would_see_it(feeds: Path, tmp_path: Path) -> None:
    result = chromium("--dump-dom", (feeds / "index.html").as_uri())
    assert console_lines(result.stderr) == []
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>'
                      "<script>notDefined();</script></body></html>", encoding="utf-8")  # fmt: skip
    control = chromium("--dump-dom", broken.as_uri())
    assert any("notDefined is not defined" in line for line in console_lines(control.stderr))


def test_english_toggle(feeds: Path) -> None:
    result = chromium("--dump-dom", (feeds / "index.html").as_uri() + "#en")
    page = Links()
    page.feed(result.stdout)
    assert page.lang == "en"
    assert console_lines(result.stderr) == []
    html = (feeds / "index.html").read_text(encoding="utf-8")
    assert html.count('<span lang="de">') == html.count('<span lang="en">')
    for text in ("Android und Google Kalender", "iPhone, iPad und Mac", "Outlook", "Add Subscribed Calendar",
                 "Subscribe from web", "Aus dem Web abonnieren"):  # fmt: skip
        assert text in html


def test_the_page_renders_to_a_non_blank_screenshot(feeds: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    page = (feeds / "index.html").as_uri()
    result = chromium(f"--screenshot={shot}", "--window-size=1100,1500", "--hide-scrollbars", page)
    assert result.returncode == 0, result.stderr
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "the screenshot is blank"


def test_link_forms() -> None:
    url = "https://kalender.example.org/feeds/tradition-jewish.ics"
    assert webcal_url(url) == "webcal://kalender.example.org/feeds/tradition-jewish.ics"
    assert google_url(url) == (
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fkalender.example.org%2Ffeeds%2Ftradition-jewish.ics"
    )
