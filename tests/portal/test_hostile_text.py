"""Hostile text through the portal's real forms: nothing executable reaches any page that shows it.

Script tags, event handlers, SVG with script, `javascript:`/`data:` links (in Markdown and in address fields),
bidi overrides in names, 100,000-character fields, NUL bytes, undecodable bytes and lone surrogates. Each
goes in through a form as a browser would send it; every public (and staff) page type that shows the text is
then read back with an HTML parser, which fails on any script, handler, style attribute or script address.
"""

from __future__ import annotations

import html as html_module
import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendar_builder.portal import moderation
from calendar_builder.portal.forms import ProfileForm
from calendar_builder.portal.models import Change, Event, GuestRequest, Organisation
from calendar_builder.portal.records import profile_record
from calendar_builder.portal.text import markdown_html

from .conftest import ORG_A, PASSWORD
from .test_permissions import event_form_data

pytestmark = pytest.mark.django_db

#: Markup that must never come out as markup (each also appears as Markdown in the "Our work" text).
PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<svg><script>alert(3)</script></svg>",
    '<svg onload="alert(4)"><circle r="5"/></svg>',
    "[click](javascript:alert(5))",
    "[click](JaVaScRiPt:alert(6))",
    "[click](&#106;avascript:alert(7))",
    '<a href="java&#x09;script:alert(8)">x</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(10))",
    '<p style="background:url(javascript:alert(11))">styled</p>',
    '<iframe src="https://evil.example/"></iframe>',
    '<a href="https://ok.example/" onclick="alert(12)">ok</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>",
    '"><script>alert(14)</script>',
    "<object data=x></object><embed src=x><base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(15)">',
    "<form action=javascript:alert(16)><button>go</button></form>",
]
NAME = 'Verein "><img src=x onerror=alert(1)> & <b>Co</b>'
TITLE = "<script>alert('title')</script> Fest"
SCRIPT_ADDRESS = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
FORBIDDEN_TAGS = {"svg", "math", "iframe", "object", "embed", "base", "frame", "frameset", "applet", "style"}


class ExecutableMarkup(HTMLParser):
    """Everything in a page that a browser would run or that could restyle it: collected, not tolerated."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            kind = values.get("type") or ""
            src = values.get("src") or ""
            if kind == "application/ld+json":
                self._script = ""
            elif (src.startswith("/static/") or src == "/feeds/subscribe.js") and not SCRIPT_ADDRESS.match(src):
                self._script = ""  # the portal's own script file, if a page has one
            else:
                self.found.append(f"<script {attrs}>")
        own_dot = tag == "svg" and values.get("class") == "dot" and values.get("viewbox") == "0 0 10 10"
        if tag in FORBIDDEN_TAGS and not own_dot:  # the subscribe page's feed colours are the portal's own dots
            self.found.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name in URL_ATTRIBUTES and value and SCRIPT_ADDRESS.match("".join(c for c in value if c >= " ")):
                self.found.append(f"<{tag} {name}={value[:40]}>")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if "<" in self._script:  # JSON-LD that could close its element early
                self.found.append("a '<' inside a JSON-LD script")
            self._script = None


def executable_markup(html: str) -> list[str]:
    parser = ExecutableMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_checker_finds_what_it_looks_for() -> None:
    """The checker itself, on markup that must be caught and markup that must pass."""
    for bad in ('<img src=x onerror="a()">', "<script>a()</script>", '<a href=" javascript:a()">x</a>',
                '<p style="x">', "<svg></svg>", '<a href="data:text/html,x">x</a>'):  # fmt: skip
        assert executable_markup(bad), bad
    assert not executable_markup('<p>&lt;script&gt;</p><a href="https://a.example/">a</a>'
                                 '<script type="application/ld+json">{"a": "\\u003c"}</script>')  # fmt: skip


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _profile_post(org: Organisation) -> dict[str, Any]:
    """What the profile form sends back unchanged: its initial values as a browser would post them."""
    form = ProfileForm(organisation=org, record=profile_record(org), festival_choices=[])
    return {k: v for k, v in form.initial.items() if v not in (None, "", [])}


def _approve_all(staff: Any) -> None:
    for change in Change.objects.filter(status=Change.Status.PENDING):
        moderation.approve(change, staff, "")


@pytest.fixture
def hostile(accounts: dict[str, Any]) -> dict[str, Any]:
    """Organisation A's profile and one event of today, filled with the payloads through the real forms."""
    member = _client(accounts["a"])
    org = accounts["org_a"]
    from calendar_builder.portal.listing import festival_catalogue

    festival = next(iter(org.festivals), None) or festival_catalogue().festivals[0].id
    markdown = "\n\n".join(f"- {p}" for p in PAYLOADS)
    data = _profile_post(org) | {
        "name": NAME, "description_de": "<script>alert('description')</script> Beschreibung",
        "work_de": "**Unsere Arbeit**\n\n" + markdown, "work_lang_1": "ar", "work_1": "عملنا " + PAYLOADS[1],
        "festivals": [festival], "accessibility": PAYLOADS[2], "regular_meetings": PAYLOADS[0],
    }  # fmt: skip
    response = member.post(reverse("portal:edit-profile", args=[ORG_A]), data)
    assert response.status_code == 302, _errors(response)
    today = timezone.localdate()
    event = event_form_data(title=TITLE, start=today.isoformat(), description_de=markdown, location=PAYLOADS[3],
                            accessibility=PAYLOADS[13], url="https://ok.example/termin")  # fmt: skip
    response = member.post(reverse("portal:new-event", args=[ORG_A]), event)
    assert response.status_code == 302, _errors(response)
    _approve_all(accounts["staff"])
    org.refresh_from_db()
    assert org.name == NAME
    row = next(e for e in Event.objects.filter(organisation=org) if TITLE in dict(e.title).values())
    return {"org": org, "event": row, "festival": festival, "today": today}


def _errors(response: Any) -> str:
    return " | ".join(re.findall(r'class="error"[^>]*>([^<]+)<', response.content.decode()))


def _public_pages(hostile: dict[str, Any]) -> list[str]:
    org, event, today = hostile["org"], hostile["event"], hostile["today"]
    return [
        reverse("portal:home"),
        reverse("portal:directory"),
        reverse("portal:directory") + "?q=" + quote("<script>"),
        reverse("portal:organisation", args=[org.slug]),
        reverse("portal:embed", args=[org.slug]),
        reverse("portal:event", args=[org.slug, event.slug]),
        reverse("portal:month", args=[today.year, today.month]),
        reverse("portal:day", args=[today.year, today.month, today.day]),
        reverse("portal:festival", args=[hostile["festival"]]),
        reverse("portal:subscribe"),
    ]


def test_hostile_profile_and_event_text_is_shown_as_text_on_every_page(hostile: dict[str, Any]) -> None:
    client = Client()
    shown = 0
    for url in _public_pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert executable_markup(html) == [], url
        shown += "&lt;script&gt;" in html or "&lt;img" in html
    assert shown >= 6  # the hostile text did reach the pages, as harmless text
    organisation = client.get(_public_pages(hostile)[3]).content.decode()
    assert "<strong>Unsere Arbeit</strong>" in organisation  # Markdown still works
    assert '<a href="https://ok.example/" rel="noopener nofollow ugc">ok</a>' in organisation
    assert "alert(" not in re.sub(r"&lt;.*?&gt;|\[[^\]]*\]\([^)]*\)|\"[^\"]*\"", "", _visible_work(organisation))


def test_the_embed_snippet_keeps_a_hostile_name_inside_its_attribute(hostile: dict[str, Any]) -> None:
    """The code other sites paste: one iframe whose title is the name, whatever quotes the name contains."""
    page = Client().get(reverse("portal:organisation", args=[hostile["org"].slug])).content.decode()
    snippet = html_module.unescape(re.search(r'<textarea[^>]*class="code"[^>]*>(.*?)</textarea>', page, re.S).group(1))

    class Tags(HTMLParser):
        tags: list[tuple[str, dict[str, str | None]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append((tag, dict(attrs)))

    parser = Tags()
    parser.feed(snippet)
    assert [t for t, _ in parser.tags] == ["iframe"]
    attributes = parser.tags[0][1]
    assert attributes["title"] == NAME and not any(a.startswith("on") for a in attributes)


def _visible_work(html: str) -> str:
    """The rendered "Our work" block, where any surviving markup would live."""
    match = re.search(r"<strong>Unsere Arbeit</strong>(.*?)</section>", html, re.S)
    return match.group(1) if match else html


def test_hostile_text_is_harmless_in_feeds_and_staff_pages(hostile: dict[str, Any], accounts: dict[str, Any]) -> None:
    feed = Client().get(f"/feeds/organisation-{hostile['org'].slug}.ics").content.decode()
    assert "Fest" in feed and not re.search(r"^(URL|ATTACH)[^:]*:\s*(javascript|data):", feed, re.M | re.I)
    staff = _client(accounts["staff"])
    Client().post(reverse("portal:guest-join"), {"organisation_name": NAME, "contact_name": PAYLOADS[0],
                                                 "email": "g@example.org", "message": "\n".join(PAYLOADS)})  # fmt: skip
    member = _client(accounts["a"])
    member.post(reverse("portal:new-event", args=[ORG_A]), event_form_data(title=TITLE + " 2",
                                                                          description_de=PAYLOADS[4]))  # fmt: skip
    guest = GuestRequest.objects.get()
    change = Change.objects.get(status=Change.Status.PENDING)
    for url in (reverse("portal:staff-queue"), reverse("portal:staff-guest", args=[guest.pk]),
                reverse("portal:staff-review", args=[change.pk]),
                reverse("portal:staff-history", args=[hostile["org"].slug]), reverse("portal:dashboard")):  # fmt: skip
        response = (member if url == reverse("portal:dashboard") else staff).get(url)
        assert response.status_code == 200, url
        assert executable_markup(response.content.decode()) == [], url


@pytest.mark.parametrize("field", ["website", "social_links"])
@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>",
                "vbscript:msgbox(1)", "https://ok.example/\njavascript:alert(1)"],
)  # fmt: skip
def test_script_addresses_in_address_fields_are_refused(accounts: dict[str, Any], field: str, address: str) -> None:
    org = accounts["org_a"]
    response = _client(accounts["a"]).post(reverse("portal:edit-profile", args=[ORG_A]),
                                           _profile_post(org) | {field: address})  # fmt: skip
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode(), _errors(response)
    assert not Change.objects.filter(status=Change.Status.PENDING).exists()


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "jAvAsCrIpT:alert(1)"])
def test_script_addresses_in_event_links_are_refused(accounts: dict[str, Any], address: str) -> None:
    response = _client(accounts["a"]).post(reverse("portal:new-event", args=[ORG_A]), event_form_data(url=address))
    assert response.status_code == 200 and _errors(response)
    assert not Change.objects.exists()


BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", BIDI)
def test_bidi_overrides_in_names_are_refused_with_a_clear_message(accounts: dict[str, Any], char: str) -> None:
    org = accounts["org_a"]
    client = _client(accounts["a"])
    response = client.post(reverse("portal:edit-profile", args=[ORG_A]),
                           _profile_post(org) | {"name": f"Verein{char}gpj.exe"})  # fmt: skip
    assert response.status_code == 200
    assert f"U+{ord(char):04X}" in _errors(response) and "Steuerzeichen" in _errors(response)
    guest = Client().post(reverse("portal:guest-join"), {"organisation_name": f"Gast{char}verein",
                                                         "contact_name": "A", "email": "a@example.org"})  # fmt: skip
    assert guest.status_code == 200 and f"U+{ord(char):04X}" in _errors(guest)
    event = client.post(reverse("portal:new-event", args=[ORG_A]), event_form_data(title=f"Fest{char}tsef"))
    assert event.status_code == 200 and f"U+{ord(char):04X}" in _errors(event)
    assert not Change.objects.exists() and not GuestRequest.objects.exists()


def test_marks_that_arabic_persian_and_hebrew_need_stay_allowed(accounts: dict[str, Any]) -> None:
    org = accounts["org_a"]
    names = "می\u200cخواهم \u200fعربي\u200e"  # ZWNJ, RLM, LRM
    response = _client(accounts["a"]).post(reverse("portal:edit-profile", args=[ORG_A]), _profile_post(org) | {
        "own_names_lang_1": "fa", "own_names_1": names})  # fmt: skip
    assert response.status_code == 302, _errors(response)


HUGE = "A" * 100_000


@pytest.mark.parametrize("field", ["name", "description_de", "work_de", "address", "accessibility"])
def test_huge_profile_fields_are_refused_and_not_echoed(accounts: dict[str, Any], field: str) -> None:
    org = accounts["org_a"]
    response = _client(accounts["a"]).post(reverse("portal:edit-profile", args=[ORG_A]),
                                           _profile_post(org) | {field: HUGE})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "100000" in _errors(response).replace(".", "").replace(",", "")
    assert "A" * 6000 not in html  # the form shows at most the field's limit, never the whole input
    assert not Change.objects.exists()


@pytest.mark.parametrize("field", ["organisation_name", "contact_name", "message"])
def test_huge_guest_fields_are_refused_and_not_echoed(loaded: None, field: str) -> None:
    data = {"organisation_name": "V", "contact_name": "A", "email": "a@example.org", field: HUGE}
    response = Client().post(reverse("portal:guest-join"), data)
    assert response.status_code == 200 and _errors(response)
    assert "A" * 6000 not in response.content.decode()
    assert not GuestRequest.objects.exists()


def test_huge_event_title_is_refused(accounts: dict[str, Any]) -> None:
    response = _client(accounts["a"]).post(reverse("portal:new-event", args=[ORG_A]), event_form_data(title=HUGE))
    assert response.status_code == 200 and _errors(response) and "A" * 6000 not in response.content.decode()


RAW_BODIES = [
    b"organisation_name=Verein%00NUL&contact_name=A&email=a%40example.org",
    b"organisation_name=Verein%FF%FE&contact_name=A&email=a%40example.org",
    b"organisation_name=Verein%ED%A0%80&contact_name=A&email=a%40example.org",  # a lone surrogate, UTF-8 style
    b"organisation_name=Verein%C3&contact_name=A&email=a%40example.org",  # a cut-off sequence
    b"organisation_name=%F4%90%80%80&contact_name=A&email=a%40example.org",  # beyond U+10FFFF
]


@pytest.mark.parametrize("body", RAW_BODIES)
def test_nul_bytes_and_broken_encodings_get_a_form_error(loaded: None, body: bytes) -> None:
    response = Client().generic("POST", reverse("portal:guest-join"), body,
                                content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert response.status_code == 200 and _errors(response), body
    assert not GuestRequest.objects.exists()


def test_broken_encoding_in_a_multipart_post_gets_a_form_error(accounts: dict[str, Any]) -> None:
    boundary = "xyzBOUNDARY"
    fields = event_form_data(title="X")
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in
             fields.items() if k != "title_de"]  # fmt: skip
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="title_de"\r\n\r\n'.encode()
                 + b"Fest \xed\xa0\x80\xff\r\n")  # fmt: skip
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    response = _client(accounts["a"]).generic("POST", reverse("portal:new-event", args=[ORG_A]), body,
                                              content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip
    assert response.status_code == 200 and "nicht gelesen" in _errors(response)
    assert not Change.objects.exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_any_bytes_in_a_guest_post_never_cause_a_server_error(loaded: None, raw: bytes) -> None:
    from django.core.cache import caches

    caches["limits"].clear()
    body = b"organisation_name=" + quote(raw).encode() + b"&contact_name=" + raw.replace(b"&", b"") + b"&email=a%40b.de"
    response = Client().generic("POST", reverse("portal:guest-join"), body,
                                content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert response.status_code in (200, 302)
    assert executable_markup(response.content.decode()) == []


FRAGMENTS = st.sampled_from([*PAYLOADS, "text", "**b**", "*i*", "\n\n", "- item\n", "> quote\n", "`code`",
                             "<", ">", '"', "'", "&", "javascript:", "(", ")", "[", "]", "<a href=", "&#x6A;",
                             "\u202e", "\x00", "<!--", "-->", "<![CDATA[", "]]>", "\ufffd"])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS | st.text(max_size=8), max_size=25).map("".join))
def test_markdown_output_never_carries_executable_markup(text: str) -> None:
    html = str(markdown_html(text))
    assert executable_markup(html) == [], (text, html)


def test_pages_take_hostile_query_strings_without_error(loaded: None) -> None:
    # (gunicorn refuses request lines over 4094 bytes before Django sees them; the test client has no limit)
    long = "x" * 100_000
    for url in (reverse("portal:directory") + "?q=" + quote("<script>alert(1)</script>") + "&sprache=" + long,
                reverse("portal:directory") + "?q=%00%ED%A0%80" + "&kategorie=" + quote("\u202e")):  # fmt: skip
        response = Client().get(url)
        assert response.status_code == 200 and executable_markup(response.content.decode()) == []
        assert 'value="xxxxxxxxxxx' not in response.content.decode()  # the filter field shows at most its limit


def test_a_hostile_event_a_year_from_now_stays_harmless_on_its_month(hostile: dict[str, Any]) -> None:
    """The month view of a later month, with the series' text cached once and read from the cache after."""
    later = hostile["today"] + timedelta(days=40)
    for _ in range(2):
        html = Client().get(reverse("portal:month", args=[later.year, later.month])).content.decode()
        assert executable_markup(html) == []
