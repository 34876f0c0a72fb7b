"""/feeds/: the subscribe page and every .ics feed, with ETag/Last-Modified and 304 answers."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.http import http_date, parse_http_date_safe

from calendar_builder.portal import core
from calendar_builder.portal.feeds import event_count, feed_file, feed_plan


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


def subscribe(request: HttpRequest) -> HttpResponse:
    plan = feed_plan()
    cards = []
    for group in plan.feeds:
        url = plan.url(group)
        cards.append({"group": group, "url": url, "webcal": core.webcal_url(url), "google": core.google_url(url),
                      "count": event_count(group)})  # fmt: skip
    return render(request, "portal/subscribe.html", {"cards": cards, "year": plan.year})
