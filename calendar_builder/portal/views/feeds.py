"""/feeds/: the subscribe page, its style sheet, script and QR codes, and every .ics feed with ETag/Last-Modified."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from calendar_builder.portal import core
from calendar_builder.portal.feeds import feed_file, qr_code, subscribe_choices


def feed(request: HttpRequest, name: str) -> HttpResponse:
    found = feed_file(name)
    if found is None:
        raise Http404
    file = f"{name}.ics"
    etag = found.etag
    modified = int(found.modified.timestamp())
    match = request.headers.get("If-None-Match")
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if (match and etag in [t.strip() for t in match.split(",")]) or (not match and since and since >= modified):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(found.data, content_type="text/calendar; charset=utf-8")
        response.headers["Content-Disposition"] = f'inline; filename="{file}"'
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(modified)
    response.headers["Cache-Control"] = "public, max-age=900"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


#: the headings of the core's short lists (calendar_builder.feeds.subscribe.SECTIONS) in the interface language
SECTION_HEADINGS = {"tradition": _("Religions and cultures"), "organisation": _("Associations and organisations")}


def subscribe(request: HttpRequest) -> HttpResponse:
    """The same choices as the static page `build` writes, in the portal's look and language."""
    choices = subscribe_choices()
    # feed names exist in German and English; every other interface language shows the German ones, marked as such
    lang = "en" if get_language() == "en" else "de"

    def shown(feed: core.FeedChoice) -> dict[str, object]:
        return {
            "slug": feed.slug, "name": feed.name(lang), "short": feed.short(lang), "entries": feed.entries,
            "colour_hex": feed.colour_hex, "https": feed.https, "webcal": feed.webcal, "google": feed.google,
        }  # fmt: skip

    sections = [
        {"kind": s.kind, "heading": SECTION_HEADINGS.get(s.kind, s.heading(lang)), "feeds": [shown(f) for f in s.feeds]}
        for s in choices.sections
    ]
    context = {"choices": choices, "everything": shown(choices.everything), "sections": sections, "content_lang": lang}
    return render(request, "portal/subscribe.html", context)


def subscribe_asset(request: HttpRequest, name: str) -> HttpResponse:
    """The subscribe page's style sheet and script: the very files the static page ships next to the feeds."""
    if name not in core.SUBSCRIBE_ASSETS:
        raise Http404
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    response = HttpResponse(core.subscribe_asset(name), content_type=f"{kind}; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def qr(request: HttpRequest, name: str) -> HttpResponse:
    """A feed's QR code; the page shows it only on wide screens and in print, where a phone can scan it."""
    choice = next((f for f in subscribe_choices().feeds if f.slug == name), None)
    if choice is None:
        raise Http404
    response = HttpResponse(qr_code(choice.webcal), content_type="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
