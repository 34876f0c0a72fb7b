"""Pages for residents (no account): start, directory, organisation, event, month, festivals, legal pages."""

from __future__ import annotations

import functools
import json
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from calendar_builder.portal import core, held_in
from calendar_builder.portal.consent import contact_person_shown
from calendar_builder.portal.dates import format_day
from calendar_builder.portal.languages import direction, language_name
from calendar_builder.portal.listing import (
    day_entries,
    entries_between,
    event_entries,
    festival_catalogue,
    festival_occurrences,
    month_weeks,
)
from calendar_builder.portal.models import CATEGORIES, DISTRICTS, Event, Organisation
from calendar_builder.portal.permissions import is_public
from calendar_builder.portal.publish import cache_key
from calendar_builder.portal.records import core_event, event_record
from calendar_builder.portal.text import markdown_html


def _lang() -> str:
    return (translation.get_language() or "de").split("-")[0]


def text_block(pairs: list[list[str]], lang: str) -> dict[str, str] | None:
    """The text in the reader's language, else German, else the first: with its lang and dir."""
    found = dict((p[0], p[1]) for p in pairs or [])
    for code in (lang, "de"):
        if found.get(code):
            return {"lang": code, "dir": direction(code), "text": found[code]}
    if pairs:
        return {"lang": pairs[0][0], "dir": direction(pairs[0][0]), "text": pairs[0][1]}
    return None


def all_blocks(pairs: list[list[str]]) -> list[dict[str, str]]:
    return [{"lang": lang, "dir": direction(lang), "text": text, "name": language_name(lang, _lang())}
            for lang, text in pairs or []]  # fmt: skip


def ld_json(data: dict[str, Any]) -> str:
    """JSON-LD safe inside a script element: no "<", ">" or "&" that could end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    week_end = today + timedelta(days=6)
    language = held_in.requested(request)
    entries = entries_between(today, week_end, _lang(), language)
    days = [(today + timedelta(days=n), [e for e in entries if e.day <= today + timedelta(days=n) <= e.last])
            for n in range(7)]  # fmt: skip
    organisations = Organisation.objects.filter(state=Organisation.State.ACTIVE).count()
    return render(request, "portal/home.html", {"days": days, "organisation_count": organisations,
                                                "today": today, **held_in_context(language)})  # fmt: skip


def held_in_context(language: str) -> dict[str, Any]:
    """What the filter by the language events are held in needs: the choice, the options, the query string."""
    return {"held_in": language, "held_in_options": held_in.offered(_lang()),
            "held_in_query": f"?{held_in.PARAM}={language}" if language else ""}  # fmt: skip


def search_text(request: HttpRequest, name: str, limit: int) -> str:
    """A query-string value as a search term: control characters (NUL among them, which PostgreSQL refuses in a
    query) dropped, at most `limit` characters."""
    value = request.GET.get(name, "")[: limit * 4]
    return "".join(c for c in value if c.isprintable()).strip()[:limit]


def directory(request: HttpRequest) -> HttpResponse:
    rows = Organisation.objects.filter(state=Organisation.State.ACTIVE)
    query = search_text(request, "q", 100)
    language = search_text(request, "sprache", 10)
    category = search_text(request, "kategorie", 20)
    district = search_text(request, "stadtteil", 40)
    advice = search_text(request, "beratung", 10)
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(short_name__icontains=query) |
                           Q(description__icontains=query) | Q(work__icontains=query))  # fmt: skip
    organisations = list(rows.order_by("name"))
    if language:
        organisations = [o for o in organisations if language in o.languages or language in o.advice_languages]
    if category:
        organisations = [o for o in organisations if category in o.categories]
    if district:
        organisations = [o for o in organisations if o.district == district]
    if advice:
        organisations = [o for o in organisations if advice in o.advice_languages]
    lang = _lang()
    active = list(Organisation.objects.filter(state="active").only("languages", "advice_languages"))
    languages = {c for o in active for c in [*o.languages, *o.advice_languages]}
    advice_languages = {c for o in active for c in o.advice_languages}
    cards = [{"org": o, "description": text_block(o.description, lang)} for o in organisations]
    return render(request, "portal/directory.html", {
        "cards": cards, "query": query, "language": language, "category": category, "district": district,
        "advice": advice, "languages": language_options(languages, lang),
        "advice_languages": language_options(advice_languages, lang), "categories": CATEGORIES,
        "districts": DISTRICTS,
    })  # fmt: skip


def language_options(codes: set[str], reader: str) -> list[tuple[str, str]]:
    """(code, label) sorted by label; the label adds the language's own name in its script."""
    return sorted(((c, held_in.label(c, reader)) for c in codes), key=lambda pair: pair[1].casefold())


def public_organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not is_public(organisation):
        raise Http404
    return organisation


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = public_organisation(slug)
    lang = _lang()
    today = timezone.localdate()

    # computed only when the cached fragment of upcoming events and series has expired (as the month grid)
    @functools.cache
    def upcoming() -> list[Any]:
        return event_entries(today, today + timedelta(days=120), lang, org)[:30]

    @functools.cache
    def series() -> list[dict[str, Any]]:
        rows = Event.objects.filter(organisation=org, state="published", cancelled=False).exclude(rrule="")
        return [{"event": e, "title": text_block(e.title, lang), "rule": rule_text(e)} for e in rows
                if e.last_day is None or e.last_day >= today]  # fmt: skip

    work = text_block(org.work, lang)
    context = {
        "org": org,
        "description": text_block(org.description, lang),
        "descriptions": all_blocks(org.description),
        "own_names": all_blocks(org.own_names),
        "work": work,
        "work_html": markdown_html(work["text"]) if work else "",
        "upcoming": upcoming,
        "series": series,
        "events_key": cache_key("organisation-events"),
        "languages": [(c, language_name(c, lang)) for c in org.languages],
        "advice_languages": [(c, language_name(c, lang)) for c in org.advice_languages],
        "categories": [label for key, label in CATEGORIES if key in org.categories],
        "show_contact_person": contact_person_shown(org),
        "feed_url": f"{settings.SITE_URL}/feeds/organisation-{org.slug}.ics",
        "feed_webcal": core.webcal_url(f"{settings.SITE_URL}/feeds/organisation-{org.slug}.ics"),
        "festivals": [
            {"id": f.id, "name": f.name(lang) or f.name_de, "lang": lang if f.name(lang) else "de"}
            for f in festival_catalogue().festivals
            if f.id in org.festivals
        ],
        "json_ld": ld_json(organisation_ld(request, org)),
        "embed_code": embed_code(request, org),
    }
    return render(request, "portal/organisation.html", context)


def rule_text(event: Event) -> str:
    """A series in words for the organisation page (the form's choices; anything else as its rule)."""
    from calendar_builder.portal.forms import parse_repeat

    repeat, until = parse_repeat(event.rrule, event.start)
    weekday = event.start.strftime("%A")
    names = {
        "weekly": _("every week"), "biweekly": _("every second week"),
        "monthly": _("every month, %(n)s. weekday of the month") % {"n": (event.start.day - 1) // 7 + 1},
        "monthly-last": _("every month, the last such weekday"),
    }  # fmt: skip
    text = names.get(repeat, event.rrule)
    when = f"{event.time:%H:%M}" if event.time else ""
    parts = [text, _date_name(event.start, "weekday"), when]
    if until:
        parts.append(_("until %(day)s") % {"day": _date_name(until, "date")})
    del weekday
    return pgettext("list separator", ", ").join(p for p in parts if p)


def _date_name(day: date, style: str) -> str:
    """The day in the reader's language, in one of dates.STYLES."""
    return format_day(day, style, translation.get_language())


def organisation_ld(request: HttpRequest, org: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": org.name,
        "url": request.build_absolute_uri(reverse("portal:organisation", args=[org.slug])),
    }
    described = text_block(org.description, "de")
    if described:
        data["description"] = described["text"]
    if org.website:
        data["sameAs"] = [org.website, *org.social_links]
    if org.email:
        data["email"] = org.email
    if org.phone:
        data["telephone"] = org.phone
    if org.address:
        data["address"] = org.address
    if org.logo:
        data["logo"] = request.build_absolute_uri(reverse("portal:logo", args=[org.slug]))
    if org.languages:
        data["knowsLanguage"] = list(org.languages)
    names = [text for lang, text in org.own_names or [] if text]
    if names:
        data["alternateName"] = names
    return data


def embed_code(request: HttpRequest, org: Organisation) -> str:
    url = request.build_absolute_uri(reverse("portal:embed", args=[org.slug]))
    # escaped: the snippet is pasted into other people's pages, where a quote in the name would end the attribute
    return (f'<iframe src="{escape(url)}" title="{escape(org.name)}" width="100%" height="420" '
            'style="border:1px solid #ccc" loading="lazy"></iframe>')  # fmt: skip


def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's next events as a small self-contained page for an iframe: no script at all."""
    org = public_organisation(slug)
    today = timezone.localdate()
    entries = event_entries(today, today + timedelta(days=120), _lang(), org)[:12]
    response = render(request, "portal/embed.html", {"org": org, "entries": entries})
    response.embeddable = True
    response.xframe_options_exempt = True  # else the clickjacking middleware adds X-Frame-Options: DENY after this
    return response


def event(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    org = public_organisation(slug)
    row = get_object_or_404(Event, organisation=org, slug=event_slug, state=Event.State.PUBLISHED)
    lang = _lang()
    today = timezone.localdate()
    occurrences = core.expand_event(core_event(org.slug, event_record(row)), today, today + timedelta(days=365))
    context = {
        "org": org, "event": row, "title": text_block(row.title, lang), "titles": all_blocks(row.title),
        "descriptions": all_blocks(row.description), "occurrences": occurrences[:12],
        "rule": rule_text(row) if row.rrule else "",
        "languages": [(c, language_name(c, lang)) for c in row.languages],
        "json_ld": ld_json(event_ld(request, org, row, occurrences)),
    }  # fmt: skip
    return render(request, "portal/event.html", context)


def event_ld(request: HttpRequest, org: Organisation, row: Event, occurrences: list[Any]) -> dict[str, Any]:
    first = occurrences[0] if occurrences else None
    start = first.start if first else row.start
    clock = first.time if first else row.time
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": (text_block(row.title, "de") or {"text": ""})["text"],
        "startDate": f"{start.isoformat()}T{clock:%H:%M}" if clock else start.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if row.cancelled else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": org.name,
                      "url": request.build_absolute_uri(reverse("portal:organisation", args=[org.slug]))},
        "url": request.build_absolute_uri(reverse("portal:event", args=[org.slug, row.slug])),
    }  # fmt: skip
    location = (first.location if first else row.location) or org.address
    if location:
        data["location"] = {"@type": "Place", "name": location, "address": location}
    described = text_block(row.description, "de")
    if described:
        data["description"] = described["text"]
    if row.languages:
        data["inLanguage"] = row.languages
    return data


def month(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1900 <= year <= 2200 and 1 <= month <= 12):
        raise Http404
    first = date(year, month, 1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    lang = _lang()
    language = held_in.requested(request)
    return render(request, "portal/month.html", {
        # computed only when the cached grid has expired
        "weeks": functools.partial(month_weeks, year, month, lang, language), "grid_key": cache_key("grid"),
        "first": first, **held_in_context(language),
        "previous": previous, "following": following, "today": today,
        "month_name": _date_name(first, "month"),
        "weekdays": [_date_name(date(2024, 1, d), "short_weekday_name") for d in range(1, 8)],
    })  # fmt: skip


def day(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    try:
        chosen = date(year, month, day)
    except ValueError:
        raise Http404 from None
    language = held_in.requested(request)
    entries = day_entries(chosen, _lang(), language)
    return render(request, "portal/day.html", {"day": chosen, "entries": entries, **held_in_context(language),
                                               "day_name": _date_name(chosen, "weekday_date")})  # fmt: skip


def festivals(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    year = timezone.localdate().year
    catalogue = festival_catalogue()
    by_tradition = []
    dates: dict[str, date] = {}
    for occurrence in festival_occurrences(year):
        if occurrence.start.year == year:
            dates.setdefault(occurrence.festival.id, occurrence.start)
    for tradition in catalogue.traditions:
        items = [f for f in catalogue.festivals if f.tradition == tradition.id]
        name = tradition.name_de if lang == "de" else tradition.name_en
        by_tradition.append(
            {
                "tradition": tradition,
                "name": name,
                "festivals": [
                    {
                        "festival": f,
                        "name": f.name(lang) or f.name_de,
                        "lang": lang if f.name(lang) else "de",
                        "date": dates.get(f.id),
                    }
                    for f in items
                ],
            }
        )
    return render(request, "portal/festivals.html", {"traditions": by_tradition, "year": year})


def festival(request: HttpRequest, festival_id: str) -> HttpResponse:
    lang = _lang()
    catalogue = festival_catalogue()
    found = next((f for f in catalogue.festivals if f.id == festival_id), None)
    if found is None:
        raise Http404
    year = timezone.localdate().year
    dates = [o for y in range(year, year + 3) for o in festival_occurrences(y) if o.festival.id == found.id
             and o.start.year == y]  # fmt: skip
    celebrating = [o for o in Organisation.objects.filter(state="active") if found.id in o.festivals]
    tradition = catalogue.tradition_by_id.get(found.tradition)
    return render(request, "portal/festival.html", {
        "festival": found, "name": found.name(lang) or found.name_de, "name_lang": lang if found.name(lang) else "de",
        "dates": dates,
        "explanation": found.explanation_de if lang == "de" else (found.explanation_en or found.explanation_de),
        "explanation_lang": "de" if lang == "de" or not found.explanation_en else "en",
        "original_names": [{"lang": c, "dir": direction(c), "text": t} for c, t in found.original_names],
        "greetings": [
            {"lang": g.lang, "dir": direction(g.lang), "text": g.text, "transliteration": g.transliteration}
            for g in found.greetings
        ],
        "organisations": celebrating,
        "tradition": (tradition.name_de if lang == "de" else tradition.name_en) if tradition else "",
    })  # fmt: skip


LEGAL_TITLES = {"impressum": gettext_lazy("Legal notice"), "datenschutz": gettext_lazy("Privacy policy"),
                "barrierefreiheit": gettext_lazy("Accessibility statement")}  # fmt: skip


def legal(request: HttpRequest, page: str) -> HttpResponse:
    if page not in LEGAL_TITLES:
        raise Http404
    source = settings.LEGAL_FILES.get(page, "")
    body = markdown_html(Path(source).read_text(encoding="utf-8")) if source and Path(source).is_file() else ""
    if page == "barrierefreiheit" and not body:
        return render(request, "portal/accessibility_statement.html", {
            "title": LEGAL_TITLES[page], "contact": settings.ACCESSIBILITY_CONTACT, "site_url": settings.SITE_URL,
            "reviewed": date.fromisoformat(settings.ACCESSIBILITY_REVIEWED),
            "languages": [name for _code, name in settings.LANGUAGES],
        })  # fmt: skip
    return render(request, "portal/legal.html", {"title": LEGAL_TITLES[page], "page": page, "body": body})


def colours(request: HttpRequest) -> HttpResponse:
    from calendar_builder.portal.listing import colours_css

    response = HttpResponse(colours_css(), content_type="text/css; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def logo(request: HttpRequest, slug: str) -> HttpResponse:
    org = public_organisation(slug)
    if not org.logo:
        raise Http404
    response = HttpResponse(bytes(org.logo), content_type=org.logo_type or "application/octet-stream")
    response.headers["Cache-Control"] = "public, max-age=3600"
    if org.logo_type == "image/svg+xml":
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
