"""The subscribe page out/<year>/feeds/index.html: every feed with webcal, Google and download links and a QR code.

One static file with everything inline (styles, QR codes as SVG, a few lines of script for the English
toggle), so that it can be put on any web server next to the feeds and works without the network.
"""

from __future__ import annotations

import re
from html import escape
from importlib.resources import files
from string import Template
from typing import TYPE_CHECKING
from urllib.parse import quote

from calendar_builder.feeds.plan import FeedGroup, FeedPlan, festival_years
from calendar_builder.render.ics import RenderedFeeds

if TYPE_CHECKING:
    from calendar_builder.cache import Memo

GOOGLE_ADD = "https://calendar.google.com/calendar/r?cid="


def webcal_url(https_url: str) -> str:
    """webcal:// makes Apple Calendar, Outlook and Thunderbird subscribe instead of downloading once."""
    return re.sub(r"^https?://", "webcal://", https_url)


def google_url(https_url: str) -> str:
    """Google's add-by-URL link; it wants the webcal address, fully percent-encoded."""
    return GOOGLE_ADD + quote(webcal_url(https_url), safe="")


def qr_svg(text: str, label: str) -> str:
    """An inline SVG QR code (medium error correction, so a smudged printout still scans)."""
    import qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)  # fmt: skip
    code.add_data(text)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    return svg.replace("<svg", f'<svg role="img" aria-label="{escape(label)}"', 1)


def qr_memo_version() -> str:
    """What a QR code's SVG depends on besides its text and label: this module and the qrcode library."""
    from calendar_builder.cache import code_version

    return code_version(__name__, libraries=("qrcode",))


def render_subscribe_page(plan: FeedPlan, rendered: RenderedFeeds, memo: Memo | None = None) -> str:
    """The page; with a memo (see `qr_memo_version`) the QR codes, the slow part (qrcode tries every mask in pure
    Python), come from the build cache."""
    template = Template(files("calendar_builder.render").joinpath("templates/subscribe.html").read_text("utf-8"))
    years = festival_years(plan.year)
    return template.substitute(
        year=plan.year,
        coverage_de=escape(
            f"Feste von {years[0]} bis {years[-1]}; Veranstaltungen der Organisationen, soweit sie gemeldet sind."
        ),  # fmt: skip
        coverage_en=escape(
            f"Festivals from {years[0]} to {years[-1]}; organisations' events as far as they have been announced."
        ),  # fmt: skip
        feeds="\n".join(_feed_cards(plan, rendered, memo)),
    )


#: Headings over the feeds of each kind, in the order the plan lists them (everything, traditions, organisations)
GROUP_HEADINGS = {
    "tradition": ("Religionen und Kulturen", "Religions and cultures"),
    "organisation": ("Vereine und Organisationen", "Associations and organisations"),
}


def _feed_cards(plan: FeedPlan, rendered: RenderedFeeds, memo: Memo | None) -> list[str]:
    cards = []
    kind = ""
    for feed in plan.feeds:
        if feed.kind != kind and feed.kind in GROUP_HEADINGS:
            de, en = GROUP_HEADINGS[feed.kind]
            heading = f'<span lang="de">{escape(de)}</span><span lang="en">{escape(en)}</span>'
            cards.append(f'    <h3 class="feed-group">{heading}</h3>')
        kind = feed.kind
        cards.append(_feed_card(plan, feed, rendered.event_counts.get(feed.slug, 0), memo))
    return cards


def _feed_card(plan: FeedPlan, feed: FeedGroup, events: int, memo: Memo | None) -> str:
    url = plan.url(feed)
    webcal = webcal_url(url)
    label = f"QR-Code: {feed.name_de}"
    qr = memo.text((webcal, label), qr_svg, webcal, label) if memo is not None else qr_svg(webcal, label)
    e = escape
    return f"""    <section class="feed" id="feed-{e(feed.slug)}" style="--feed-colour: {e(feed.colour_hex)}">
      <div class="qr">{qr}</div>
      <div>
        <h3><span lang="de">{e(feed.name_de)}</span><span lang="en">{e(feed.name_en)}</span></h3>
        <p><span lang="de">{e(feed.description_de)}</span><span lang="en">{e(feed.description_en)}</span></p>
        <p class="meta"><span lang="de">{events} Termine</span><span lang="en">{events} entries</span></p>
        <ul class="actions">
          <li><a class="webcal" href="{e(webcal)}"><span lang="de">Abonnieren</span><span lang="en">Subscribe</span></a></li>
          <li><a class="google" href="{e(google_url(url))}" target="_blank" rel="noopener"><span lang="de">Google Kalender</span><span lang="en">Google Calendar</span></a></li>
          <li><a class="download" href="{e(url)}" download><span lang="de">Herunterladen (.ics)</span><span lang="en">Download (.ics)</span></a></li>
        </ul>
        <p><code>{e(url)}</code></p>
      </div>
    </section>"""  # noqa: E501
