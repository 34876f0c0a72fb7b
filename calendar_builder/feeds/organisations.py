"""Organisation events -> FeedItems: one FeedGroup (organisation-<id>.ics) per organisation, all of them in alle.ics.

The feeds keep the source's shape: a recurring event is one VEVENT with its RRULE (written by
`rrule_for_ics`, the organisations layer's own mapping), its cancelled days as EXDATE and each moved
occurrence as a component with the same UID and a RECURRENCE-ID, never a list of single dates. That keeps a
weekly meeting at one entry instead of 52 a year (Google's limit is about 1,100 per feed) and lets a client
show "repeats every Thursday".

Choices, each of which a subscriber would notice:
- UID ``<organisation id>.<event id>@<UID_DOMAIN>``: both are stable slugs, so the UID survives any change
  of title, date or time (the client updates the entry in place via SEQUENCE). Slugs contain no dot and
  festival UIDs have none, so the two families can never collide. A moved occurrence has the series' UID
  plus its RECURRENCE-ID, as RFC 5545 requires; that pair is what identifies it.
- Timed events are written in Europe/Berlin with the VTIMEZONE; the wall-clock time holds across the
  daylight-saving change, as the organisations layer expands them. An event with a time but no end time is
  a point in time (DTEND = DTSTART) when it lasts one day, and runs to the end of its last day when it
  spans several. Events without a time are all-day (VALUE=DATE, exclusive DTEND).
- Organisation events are transparent like festivals: a subscription tells what is on, it does not say
  the subscriber attends; a school secretary who subscribes to everything must not look busy every
  Thursday evening.
- No year window: an organisation's feed holds every event the data has, in every year it has them.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from calendar_builder.errors import CalendarError
from calendar_builder.feeds.plan import BERLIN, UID_DOMAIN, DateOrTime, FeedGroup, FeedItem, FeedOverride
from calendar_builder.organisations import Organisation, OrganisationCatalogue, OrgEvent, rrule_for_ics

#: CSS3 colour names (RFC 7986 COLOR) for organisation feeds, picked by a hash of the organisation id so
#: that adding an organisation never recolours another one's events (the colour is part of every VEVENT).
ORGANISATION_COLOURS = (
    "darkorange",
    "mediumvioletred",
    "steelblue",
    "seagreen",
    "indianred",
    "darkcyan",
    "slateblue",
    "olivedrab",
    "goldenrod",
    "palevioletred",
    "cadetblue",
    "sienna",
    "teal",
    "chocolate",
    "darkmagenta",
    "royalblue",
    "firebrick",
    "darkolivegreen",
    "peru",
    "mediumpurple",
)


def event_uid(event: OrgEvent) -> str:
    return f"{event.organisation}.{event.id}@{UID_DOMAIN}"


def organisation_colour(organisation_id: str) -> str:
    digest = hashlib.sha256(organisation_id.encode("utf-8")).digest()
    return ORGANISATION_COLOURS[int.from_bytes(digest[:4], "big") % len(ORGANISATION_COLOURS)]


def _hex(colour: str) -> str:
    from PIL import ImageColor

    return "#{:02x}{:02x}{:02x}".format(*ImageColor.getrgb(colour)[:3])


def organisation_groups(catalogue: OrganisationCatalogue, base_url: str) -> tuple[FeedGroup, ...]:
    """One feed per organisation, in the order of the data file; the events sorted by first day."""
    groups = []
    seen: dict[str, OrgEvent] = {}
    for organisation in catalogue.organisations:
        items = []
        for event in organisation.events:
            uid = event_uid(event)
            if uid in seen:
                first = seen[uid]
                raise CalendarError(
                    f"{event.file}:{event.line}: event '{event.organisation}/{event.id}' has the same id as the one "
                    f"in {first.file}:{first.line}; every event of an organisation needs its own id (it is the "
                    "feed UID)"
                )
            seen[uid] = event
            items.append(event_item(organisation, event, base_url))
        groups.append(organisation_group(organisation, tuple(sorted(items, key=lambda i: i.sort_key))))
    return tuple(groups)


def organisation_group(organisation: Organisation, items: tuple[FeedItem, ...]) -> FeedGroup:
    colour = organisation_colour(organisation.id)
    sample_de = " ERFUNDENER BEISPIELVEREIN: nicht veröffentlichen." if organisation.sample else ""
    sample_en = " FICTIONAL SAMPLE ORGANISATION: do not publish." if organisation.sample else ""
    return FeedGroup(
        slug=f"organisation-{organisation.id}",
        # the organisation first: phones cut long calendar names off at the end
        name_de=f"{organisation.short_name} · Interkultureller Kalender",
        name_en=f"{organisation.short_name} · Intercultural Calendar",
        description_de=f"Veranstaltungen von {organisation.name} im Interkulturellen Kalender Heidelberg.{sample_de}",
        description_en=f"Events of {organisation.name} in the Intercultural Calendar Heidelberg.{sample_en}",
        colour=colour,
        colour_hex=_hex(colour),
        items=items,
        kind="organisation",
    )


def event_item(organisation: Organisation, event: OrgEvent, base_url: str) -> FeedItem:
    """The event as one FeedItem: its first occurrence, its rule, cancelled days and moved occurrences."""
    start, end = _span(event, event.start, event.time, event.end_time)
    overrides = []
    for moved in sorted(event.moved, key=lambda m: m.original):
        clock = moved.time if moved.time is not None else event.time
        end_clock = moved.end_time if moved.end_time is not None else event.end_time
        if _ends_before_start(event, clock, end_clock):
            # a new start time with the series' end time would end before it starts: keep the length instead
            end_clock = _shifted_end(event, clock)
        moved_start, moved_end = _span(event, moved.date, clock, end_clock)
        overrides.append(
            FeedOverride(
                recurrence_id=_moment(moved.original, event.time),
                start=moved_start,
                end=moved_end,
                location=moved.location if moved.location is not None else "",
            )
        )
    try:
        return FeedItem(
            uid=event_uid(event),
            summary=f"{event.title_de} · {organisation.short_name}",
            start=start,
            end=end,
            description=event_description(organisation, event),
            categories=(organisation.name,),
            url=event.url or organisation.contact.website or base_url,
            location=event.location,
            colour=organisation_colour(organisation.id),
            rrule=rrule_for_ics(event),
            exdates=tuple(_moment(day, event.time) for day in sorted(event.exdates)),
            overrides=tuple(overrides),
        )
    except CalendarError as exc:
        raise CalendarError(
            f"{event.file}:{event.line}: event '{event.organisation}/{event.id}': {exc.message}"
        ) from None


def _ends_before_start(event: OrgEvent, clock: time | None, end_clock: time | None) -> bool:
    return event.days == 1 and clock is not None and end_clock is not None and end_clock < clock


def _shifted_end(event: OrgEvent, clock: time | None) -> time | None:
    """The series' length applied to a moved start time (None when the series has no length)."""
    if clock is None or event.time is None or event.end_time is None:
        return None
    length = datetime.combine(date.min, event.end_time) - datetime.combine(date.min, event.time)
    end = datetime.combine(date.min, clock) + length
    return end.time() if end.date() == date.min else time(23, 59)


def _moment(day: date, clock: time | None) -> DateOrTime:
    return datetime.combine(day, clock, tzinfo=BERLIN) if clock is not None else day


def _span(
    event: OrgEvent, first_day: date, clock: time | None, end_clock: time | None
) -> tuple[DateOrTime, DateOrTime]:
    """Start and (exclusive for days) end of one occurrence that begins on `first_day`."""
    last_day = first_day + (event.end - event.start)
    if clock is None:
        return first_day, last_day + timedelta(days=1)
    start = datetime.combine(first_day, clock, tzinfo=BERLIN)
    if end_clock is not None:
        end = datetime.combine(last_day, end_clock, tzinfo=BERLIN)
    elif last_day == first_day:
        end = start
    else:
        end = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=BERLIN)
    if end < start:
        raise CalendarError(
            f"{event.file}:{event.line}: event '{event.organisation}/{event.id}' on {first_day}: ends "
            f"{end:%Y-%m-%d %H:%M} before it starts {start:%H:%M}; give 'end_time' after 'time'"
        )
    return start, end


def event_description(organisation: Organisation, event: OrgEvent) -> str:
    """German description, the title and description in the other languages, then who organises it."""
    texts = dict(event.description)
    parts = [texts["de"].strip()] if texts.get("de", "").strip() else []
    others = [
        f"{lang}: {title}" + (f" – {texts[lang].strip()}" if texts.get(lang, "").strip() else "")
        for lang, title in event.title
        if lang != "de" and title != event.title_de
    ]
    others += [
        f"{lang}: {text.strip()}" for lang, text in event.description if lang != "de" and lang not in dict(event.title)
    ]
    if others:
        parts.append("\n".join(others))
    contact = organisation.contact
    who = [f"Veranstalter: {organisation.name}"]
    who += [line for line in (contact.address, contact.phone, contact.email, contact.website) if line]
    parts.append("\n".join(who))
    if organisation.sample:
        parts.append("ERFUNDENER BEISPIELTERMIN (Beispielverein, sample: true) – vor der Veröffentlichung entfernen.")
    return "\n\n".join(parts)
