"""The subscribe page out/<year>/feeds/index.html and its few static files, drawn from `SubscribeChoices`.

Built for a resident with a phone: the feed with everything and its one-tap links come first, traditions and
organisations follow as short lists that open on demand (<details>, no script needed), instructions per
calendar app appear once. QR codes are separate small files, shown (and so fetched) only on wide screens and
in print, where a phone can scan them. Styles and the optional script (language toggle, copy buttons) are
files of their own, so that the page runs under a Content-Security-Policy without 'unsafe-inline'; nothing is
loaded from another host.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from importlib.resources import files
from string import Template
from typing import TYPE_CHECKING

import qrcode
import qrcode.image.svg

from calendar_builder.feeds.plan import FeedPlan
from calendar_builder.feeds.subscribe import FeedChoice, SubscribeChoices, google_url, subscribe_choices, webcal_url
from calendar_builder.render.ics import RenderedFeeds

if TYPE_CHECKING:
    from calendar_builder.cache import Memo

__all__ = ["google_url", "qr_file", "qr_svg", "render_subscribe_page", "subscribe_files", "webcal_url"]

#: The page's own files besides index.html and the QR codes; the portal serves the same two under /feeds/.
ASSETS = ("subscribe.css", "subscribe.js")
#: (settings key, German, English) of the legal pages the footer links to, in this order
LEGAL_LINKS = (
    ("imprint", "Impressum", "Legal notice"),
    ("privacy", "Datenschutz", "Privacy"),
    ("accessibility", "Barrierefreiheit", "Accessibility"),
)


def qr_file(slug: str) -> str:
    return f"qr-{slug}.svg"


def qr_svg(text: str, label: str = "") -> str:
    """A QR code as SVG (medium error correction, so a smudged printout still scans); scales to its box."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)  # fmt: skip
    code.add_data(text)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    if label:
        svg = svg.replace("<svg", f'<svg role="img" aria-label="{escape(label)}"', 1)
    return svg


def asset(name: str) -> bytes:
    """One of ASSETS, as shipped in the package."""
    return files("calendar_builder.render").joinpath(f"templates/{name}").read_bytes()


def qr_memo_version() -> str:
    """What a QR code's SVG depends on besides its text: this module and the qrcode library."""
    from calendar_builder.cache import code_version

    return code_version(__name__, libraries=("qrcode",))


def subscribe_files(
    plan: FeedPlan, rendered: RenderedFeeds, legal: Sequence[tuple[str, str]] = (), memo: Memo | None = None
) -> dict[str, bytes]:
    """index.html, its style sheet and script, and one QR code per feed (file name -> bytes); with a memo (see
    `qr_memo_version`) the QR codes, the slow part (qrcode tries every mask in pure Python), come from the build
    cache."""
    choices = subscribe_choices(plan, rendered.event_counts)
    result = {"index.html": render_subscribe_page(choices, legal).encode("utf-8")}
    result.update({name: asset(name) for name in ASSETS})
    for feed in choices.feeds:
        svg = memo.text((feed.webcal, ""), qr_svg, feed.webcal) if memo is not None else qr_svg(feed.webcal)
        result[qr_file(feed.slug)] = (svg + "\n").encode("utf-8")
    return result


def _bi(de: str, en: str) -> str:
    """German and English side by side; the style sheet shows the one matching <html lang>."""
    return f'<span lang="de">{escape(de)}</span><span lang="en">{escape(en)}</span>'


def render_subscribe_page(choices: SubscribeChoices, legal: Sequence[tuple[str, str]] = ()) -> str:
    template = Template(files("calendar_builder.render").joinpath("templates/subscribe.html").read_text("utf-8"))
    everything = choices.everything
    return template.substitute(
        year=choices.year,
        coverage=_bi(
            f"Feste von {choices.first_year} bis {choices.last_year}; Veranstaltungen der Vereine, soweit gemeldet.",
            f"Festivals from {choices.first_year} to {choices.last_year}; associations' events as announced.",
        ),
        main_name=_bi(everything.name_de, everything.name_en),
        main_count=_bi(f"{everything.entries} Termine", f"{everything.entries} entries"),
        main_actions=_actions(everything, primary=True),
        main_qr=_qr(everything, caption=True),
        sections="\n".join(
            _section(section.kind, section.heading_de, section.heading_en, section.feeds)
            for section in choices.sections
        ),  # fmt: skip
        legal=_legal(dict(legal)),
    )


def _qr(feed: FeedChoice, caption: bool = False) -> str:
    """Lazy, in a box the style sheet hides below 700 px: a phone neither shows nor fetches it."""
    label = f"QR-Code zum Abonnieren: {feed.name_de}"
    text = (
        f"<figcaption>{_bi('Mit der Handykamera scannen', 'Scan with your phone camera')}</figcaption>"
        if caption
        else ""
    )
    return (
        f'<figure class="qr"><img src="{escape(qr_file(feed.slug))}" alt="{escape(label)}" width="148" height="148" '
        f'loading="lazy" decoding="async">{text}</figure>'
    )


def _actions(feed: FeedChoice, primary: bool = False) -> str:
    e = escape
    big = " big" if primary else ""
    subscribe = _bi("Abonnieren", "Subscribe")
    google = _bi("Google Kalender", "Google Calendar")
    if primary:
        subscribe += (
            "<small>" + _bi("iPhone, Mac, Outlook, Thunderbird", "iPhone, Mac, Outlook, Thunderbird") + "</small>"
        )
        google += "<small>" + _bi("Android und Google", "Android and Google") + "</small>"
    address_label = _bi("Adresse zum Kopieren", "Address to copy")
    # shown by the script only: without it the address is plain selectable text
    copy = f'data-copy="{e(feed.https)}" data-done="Kopiert" data-done-en="Copied" hidden>{_bi("Kopieren", "Copy")}'
    return f"""<ul class="actions{big}">
          <li><a class="button webcal" href="{e(feed.webcal)}">{subscribe}</a></li>
          <li><a class="button google" href="{e(feed.google)}" rel="noopener">{google}</a></li>
        </ul>
        <p class="address"><span class="address-label">{address_label}</span> <code>{e(feed.https)}</code>
          <button type="button" class="copy" {copy}</button></p>"""


def _section(kind: str, heading_de: str, heading_en: str, feeds: Sequence[FeedChoice]) -> str:
    rows = []
    for feed in feeds:
        count = _bi(f"{feed.entries} Termine", f"{feed.entries} entries")
        rows.append(f"""      <li class="feed" id="feed-{escape(feed.slug)}">
        {_qr(feed)}
        <h3>{colour_dot(feed.colour_hex)}{_bi(feed.short_de, feed.short_en)} <span class="count">{count}</span></h3>
        {_actions(feed)}
      </li>""")
    rows_html = "\n".join(rows)
    return f"""  <details class="feed-list" id="{escape(kind)}">
    <summary><h2>{_bi(heading_de, heading_en)} <span class="count">({len(feeds)})</span></h2></summary>
    <ul class="feeds">
{rows_html}
    </ul>
  </details>"""


def colour_dot(colour_hex: str) -> str:
    """The feed's calendar colour as a presentation attribute of a tiny SVG (no style attribute: strict CSP)."""
    return (f'<svg class="dot" viewBox="0 0 10 10" aria-hidden="true" focusable="false">'
            f'<circle cx="5" cy="5" r="5" fill="{escape(colour_hex)}"/></svg>')  # fmt: skip


def _legal(links: Mapping[str, str]) -> str:
    items = [
        f'<li><a href="{escape(links[key])}">{_bi(de, en)}</a></li>' for key, de, en in LEGAL_LINKS if links.get(key)
    ]
    return f'<ul class="legal">{"".join(items)}</ul>' if items else ""
