"""FeedItems -> RFC 5545 / RFC 7986 .ics bytes, one feed per FeedGroup, subscription-grade and byte-stable.

Choices that keep subscriptions healthy for years:
- No METHOD property: with METHOD, DTSTAMP would have to be the time the file was made, so every build
  would change every event. Without it, DTSTAMP is when the entry's content last changed (RFC 5545
  3.8.7.2), which the feed state keeps; an unchanged entry keeps its bytes.
- All-day entries as VALUE=DATE with an exclusive DTEND and no time zone; everything transparent unless
  the item says it is busy.
- Timed entries in TZID=Europe/Berlin with a rule-based VTIMEZONE (Outlook misreads long RDATE lists,
  which is what icalendar generates from zoneinfo). The EU rules it states hold from 1996 on.
- Text goes through icalendar's typed values, which escape commas, semicolons, backslashes and newlines
  and fold at 75 octets without splitting a UTF-8 sequence. Calendar names are passed as vText on
  purpose: icalendar writes plain strings for NAME and X-WR-CALNAME unescaped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from dateutil.rrule import rrulestr
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCategory,
    vDate,
    vDatetime,
    vDuration,
    vRecur,
    vText,
    vUri,
)
from icalendar.timezone import tzid_from_dt

from calendar_builder.errors import CalendarError
from calendar_builder.feeds.plan import (
    BERLIN,
    MAX_FEED_BYTES,
    MAX_FEED_EVENTS,
    DateOrTime,
    FeedGroup,
    FeedItem,
    FeedOverride,
    FeedPlan,
)
from calendar_builder.feeds.state import FeedState, Stamp

if TYPE_CHECKING:
    from calendar_builder.cache import Memo

PRODID = "-//Auslaenderrat Migrationsrat Heidelberg//Interkultureller Kalender//DE"
REFRESH = timedelta(days=1)


@dataclass(frozen=True)
class RenderedFeeds:
    """File name -> bytes for every feed, with the numbers the subscribe page shows and size warnings."""

    files: dict[str, bytes]
    event_counts: dict[str, int]
    warnings: tuple[str, ...]


def entry_memo_version() -> str:
    """What an entry's unstamped bytes depend on besides the entry: this module and icalendar."""
    from calendar_builder.cache import code_version

    return code_version(__name__, libraries=("icalendar",))


def render_plan(plan: FeedPlan, state: FeedState, now: datetime, memo: Memo | None = None) -> RenderedFeeds:
    """Render every feed; each UID gets one stamp from the state and the same bytes in every feed.

    Each entry is serialised once, without its stamp: those bytes give the content hash that decides the stamp,
    and the stamp's three lines are then put in their places (`with_stamp`); every feed that carries the entry
    reuses the result. With a memo (see `entry_memo_version`) the unstamped bytes of an entry that is unchanged
    since an earlier build come from the build cache.
    """
    serialised: dict[str, bytes] = {}
    seen: dict[str, FeedItem] = {}
    for feed in plan.feeds:
        for item in feed.items:
            if item.uid in seen:
                if seen[item.uid] != item:
                    raise CalendarError(f"two different entries share the UID {item.uid}")
                continue
            seen[item.uid] = item
            serialised[item.uid] = stamped(item, state, now, memo)
    files: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    warnings: list[str] = []
    for feed in plan.feeds:
        data = render_feed(feed, plan, serialised)
        name = f"{feed.slug}.ics"
        files[name] = data
        counts[feed.slug] = sum(1 + len(item.overrides) for item in feed.items)
        warning = size_warning(feed, counts[feed.slug], len(data))
        if warning:
            warnings.append(warning)
    return RenderedFeeds(files, counts, tuple(warnings))


def stamped(item: FeedItem, state: FeedState, now: datetime, memo: Memo | None = None) -> bytes:
    """The entry as every feed carries it: serialised once without its stamp (from the memo when it holds it),
    stamped by the state from the hash of those bytes (everything a client shows of the entry, without DTSTAMP,
    SEQUENCE and LAST-MODIFIED), and the stamp's lines spliced in."""
    unstamped = memo.get(item, serialise, item, None) if memo is not None else serialise(item, None)
    stamp = state.stamp(item.uid, hashlib.sha256(unstamped).hexdigest()[:20], now)
    return with_stamp(unstamped, stamp)


def render_feed(feed: FeedGroup, plan: FeedPlan, serialised: dict[str, bytes]) -> bytes:
    """The feed's calendar: its own properties, the time zone when an entry has a time, then the entries'
    serialised components in date order."""
    if not feed.items:
        raise CalendarError(f"{feed.slug}.ics would be empty; RFC 5545 requires at least one entry")
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", vText(clean_text(feed.name_de)))
    calendar.add("x-wr-calname", vText(clean_text(feed.name_de)))
    calendar.add("description", vText(clean_text(feed.description_de)))
    calendar.add("x-wr-caldesc", vText(clean_text(feed.description_de)))
    calendar.add("url", vUri(plan.base_url))
    calendar.add("source", vUri(plan.url(feed)), parameters={"VALUE": "URI"})
    calendar.add("color", vText(feed.colour))
    calendar.add("x-apple-calendar-color", vText(feed.colour_hex))
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add("x-wr-timezone", "Europe/Berlin")
    head = calendar.to_ical()
    if not head.endswith(_END_CALENDAR):
        raise RuntimeError("unexpected serialisation of the calendar's properties")
    parts = [head[: -len(_END_CALENDAR)]]
    if any(not item.all_day for item in feed.items):
        parts.append(_berlin_bytes())
    parts.extend(serialised[item.uid] for item in sorted(feed.items, key=lambda i: i.sort_key))
    parts.append(_END_CALENDAR)
    return b"".join(parts)


_END_CALENDAR = b"END:VCALENDAR\r\n"


@lru_cache(maxsize=1)
def _berlin_bytes() -> bytes:
    return berlin_timezone().to_ical()


def serialise(item: FeedItem, stamp: Stamp | None) -> bytes:
    """The entry's VEVENT and those of its moved occurrences, as they go into every feed that carries it.

    Exactly the bytes icalendar writes for `item_components` (tests/test_ics_stamp.py checks every entry of the
    default data and any text), made without its Component machinery: each property's value still comes from
    icalendar's own typed value (vText escapes, vDDDTypes, vRecur, ...), only the lines are put together here,
    in icalendar's order (Event.canonical_order, then by name). That is most of the time of a feed of many events.
    """
    rule = recurrence_rule(item)
    if rule:
        check_recurrence(item, rule)
    master = _event_lines(item.start, item.end, None, item.summary, item.description, item.location, item)
    if rule:
        master["RRULE"] = "RRULE:" + _rule_value(rule)
        if item.exdates:
            days = [_value(d) for d in sorted(item.exdates, key=_instant)]
            master["EXDATE"] = "EXDATE" + _dates_parameter(days[0]) + ",".join(_date_value(d) for d in days)
    parts = [_vevent(master)]
    for override in sorted(item.overrides, key=lambda o: _instant(o.recurrence_id)):
        lines = _event_lines(
            override.start, override.end, override.recurrence_id, override.summary or item.summary,
            override.description or item.description, override.location or item.location, item,
        )  # fmt: skip
        parts.append(_vevent(lines))
    unstamped = b"".join(parts)
    return unstamped if stamp is None else with_stamp(unstamped, stamp)


def _event_lines(
    start: DateOrTime, end: DateOrTime, recurrence_id: DateOrTime | None, summary: str, description: str,
    location: str, item: FeedItem,
) -> dict[str, str]:  # fmt: skip
    """Property name -> content line of one VEVENT without its stamp, as `_event` adds them."""
    lines = {"UID": "UID:" + _text(item.uid)}
    if recurrence_id is not None:
        lines["RECURRENCE-ID"] = "RECURRENCE-ID" + _date_line(_value(recurrence_id))
    lines["DTSTART"] = "DTSTART" + _date_line(_value(start))
    if end != start:
        lines["DTEND"] = "DTEND" + _date_line(_value(end))
    lines["SUMMARY"] = "SUMMARY:" + _text(clean_text(summary))
    if description:
        lines["DESCRIPTION"] = "DESCRIPTION:" + _text(clean_text(description))
    if location:
        lines["LOCATION"] = "LOCATION:" + _text(clean_text(location))
    if item.categories:
        lines["CATEGORIES"] = "CATEGORIES:" + vCategory([clean_text(c) for c in item.categories]).to_ical().decode()
    if item.url:
        lines["URL"] = "URL:" + vUri(item.url).to_ical().decode()
    if item.colour:
        lines["COLOR"] = "COLOR:" + _text(item.colour)
    lines["TRANSP"] = "TRANSP:" + ("OPAQUE" if item.busy else "TRANSPARENT")
    return lines


def _vevent(lines: dict[str, str]) -> bytes:
    ordered = [lines[name] for name in Event.canonical_order if name in lines]
    ordered += [lines[name] for name in sorted(lines) if name not in _CANONICAL_NAMES]
    return b"BEGIN:VEVENT\r\n" + b"".join(fold_line(line) for line in ordered) + b"END:VEVENT\r\n"


_CANONICAL_NAMES = frozenset(Event.canonical_order)


#: texts and dates repeat across a feed's entries (places, categories, days): each is encoded once per process
@lru_cache(maxsize=8192)
def _text(value: str) -> str:
    return vText(value).to_ical().decode("utf-8")


def _dates_parameter(value: DateOrTime) -> str:
    """The parameters icalendar writes for a date (VALUE=DATE) or a Berlin time (TZID), with the colon."""
    return f";TZID={_TZID}:" if isinstance(value, datetime) else ";VALUE=DATE:"


@lru_cache(maxsize=8192)
def _date_value(value: DateOrTime) -> str:
    return (vDatetime(value) if isinstance(value, datetime) else vDate(value)).to_ical().decode("ascii")


def _date_line(value: DateOrTime) -> str:
    return _dates_parameter(value) + _date_value(value)


#: the TZID icalendar writes for a time in BERLIN
_TZID = tzid_from_dt(datetime(2027, 1, 1, tzinfo=BERLIN))


@lru_cache(maxsize=256)
def _rule_value(rule: str) -> str:
    return vRecur.from_ical(rule).to_ical().decode("ascii")


def to_ical(component: Event) -> bytes:
    """`component.to_ical()`, folded by `fold_line` (icalendar folds character by character in Python)."""
    return b"".join(fold_line(line) for line in component.content_lines() if line)


def fold_line(line: str, limit: int = 75) -> bytes:
    """One content line as icalendar folds it (`icalendar.parser.string._foldline`), with its CRLF: a break
    before the character that would reach `limit` octets, never right after a lone backslash or caret (so that
    an escape is not split). Short ASCII lines, nearly all of them, are returned as they are; longer ones are cut
    in their UTF-8 bytes, each piece ending on a character's boundary.
    tests/test_ics_stamp.py checks it against icalendar's own folding."""
    if len(line) < limit and line.isascii():
        return line.encode("ascii") + b"\r\n"
    data = line.encode("utf-8")
    pieces: list[bytes] = []
    start, size, most = 0, len(data), limit - 1
    while size - start > most:
        end = start + most
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the piece ends before its character
            end -= 1
        if data[end - 1] in _NO_BREAK_AFTER and end - 1 > start:
            end -= 1  # the backslash or caret begins the next piece
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces) + b"\r\n"


#: icalendar never breaks a line right after these (they begin an escape); both are one byte
_NO_BREAK_AFTER = frozenset(b"\\^")


#: the properties icalendar writes first in a VEVENT, in this order; the rest follow sorted by name
_CANONICAL = {name.encode() for name in Event.canonical_order}


def with_stamp(unstamped: bytes, stamp: Stamp) -> bytes:
    """`serialise(item, stamp)` made from `serialise(item, None)`: DTSTAMP, SEQUENCE and LAST-MODIFIED put where
    icalendar's order puts them (DTSTAMP just before UID, SEQUENCE after UID and RECURRENCE-ID, LAST-MODIFIED
    among the other properties by name), in icalendar's own spelling. Serialising is the slow part of a feed;
    this halves it. tests/test_ics_stamp.py checks it against `serialise` for every entry of the default data.
    """
    dtstamp, sequence, modified = _stamp_lines(stamp)
    out: list[bytes] = []
    state = "before uid"  # -> "after uid" (SEQUENCE owed) -> "rest" (LAST-MODIFIED owed) -> "done"
    for line in unstamped.split(b"\r\n")[:-1]:
        if line[:1] == b" ":  # a folded continuation belongs to the line before it
            out.append(line)
            continue
        name = _property_name(line)
        if state == "after uid" and name != b"RECURRENCE-ID":
            out.append(sequence)
            state = "rest"
        if state == "rest" and ((name not in _CANONICAL and name > b"LAST-MODIFIED") or line == b"END:VEVENT"):
            out.append(modified)
            state = "done"
        if name == b"UID":
            out.append(dtstamp)
            state = "after uid"
        elif line == b"END:VEVENT":
            state = "before uid"
        out.append(line)
    out.append(b"")
    return b"\r\n".join(out)


def _property_name(line: bytes) -> bytes:
    end = len(line)
    for separator in (b":", b";"):
        found = line.find(separator)
        if 0 <= found < end:
            end = found
    return line[:end].upper()


@lru_cache(maxsize=64)
def _stamp_lines(stamp: Stamp) -> tuple[bytes, bytes, bytes]:
    """The three lines of a stamp as icalendar writes them."""
    event = Event()
    event.add("dtstamp", stamp.modified)
    event.add("sequence", stamp.sequence)
    event.add("last-modified", stamp.modified)
    lines = {_property_name(line): line for line in event.to_ical().split(b"\r\n")}
    return lines[b"DTSTAMP"], lines[b"SEQUENCE"], lines[b"LAST-MODIFIED"]


def item_components(item: FeedItem, stamp: Stamp | None) -> list[Event]:
    """The VEVENT of an item and one VEVENT per moved occurrence (same UID, RECURRENCE-ID) as icalendar's own
    components: what `serialise` writes line by line, and what tests/test_ics_stamp.py checks it against."""
    rule = recurrence_rule(item)
    if rule:
        check_recurrence(item, rule)
    master = _event(item, stamp, item.start, item.end, None, item.summary, item.description, item.location)
    if rule:
        master.add("rrule", vRecur.from_ical(rule))
        if item.exdates:
            master.add("exdate", [_value(d) for d in sorted(item.exdates, key=_instant)])
    components = [master]
    for override in sorted(item.overrides, key=lambda o: _instant(o.recurrence_id)):
        components.append(_override(item, override, stamp))
    return components


def _override(item: FeedItem, override: FeedOverride, stamp: Stamp | None) -> Event:
    return _event(
        item, stamp, override.start, override.end, override.recurrence_id, override.summary or item.summary,
        override.description or item.description, override.location or item.location,
    )  # fmt: skip


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text as RFC 5545 allows it: line breaks as LF (written as \\n), no other control characters.

    Windows line ends come in from spreadsheets; a stray control character would make ical.js drop the feed.
    """
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _event(
    item: FeedItem,
    stamp: Stamp | None,
    start: DateOrTime,
    end: DateOrTime,
    recurrence_id: DateOrTime | None,
    summary: str,
    description: str,
    location: str,
) -> Event:
    # Event(), not Event.new(): .new() would add a random UID and the current time as DTSTAMP.
    event = Event()
    event.add("uid", item.uid)
    if stamp is not None:
        event.add("dtstamp", stamp.modified)
    if recurrence_id is not None:
        event.add("recurrence-id", _value(recurrence_id))
    event.add("dtstart", _value(start))
    if end != start:
        # A timed event without an end time has no DTEND: RFC 5545 §3.6.1 then lets it end at DTSTART, whereas
        # DTEND equal to DTSTART is an error (DTEND must be later), which ical.js reports.
        event.add("dtend", _value(end))
    event.add("summary", clean_text(summary))
    if description:
        event.add("description", clean_text(description))
    if location:
        event.add("location", clean_text(location))
    if item.categories:
        event.add("categories", [clean_text(c) for c in item.categories])
    if item.url:
        event.add("url", vUri(item.url))
    if item.colour:
        event.add("color", item.colour)
    event.add("transp", "OPAQUE" if item.busy else "TRANSPARENT")
    if stamp is not None:
        event.add("sequence", stamp.sequence)
        event.add("last-modified", stamp.modified)
    return event


def _value(value: DateOrTime) -> DateOrTime:
    """Dates stay dates; times are written as Europe/Berlin wall-clock times with TZID."""
    if isinstance(value, datetime):
        return value.astimezone(BERLIN)
    return value


def _instant(value: DateOrTime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time(), tzinfo=UTC)


def recurrence_rule(item: FeedItem) -> str:
    """The item's RRULE with UNTIL in the form RFC 5545 demands for its DTSTART.

    With a TZID start UNTIL must be UTC; with a DATE start it must be a DATE. Sources write what they like
    (a plain date is the natural thing in YAML), so a date UNTIL on a timed item means "up to and including
    that day's occurrence", and a floating time means Europe/Berlin.
    """
    if not item.rrule:
        return ""
    parts = []
    for part in item.rrule.strip().upper().split(";"):
        key, _, value = part.partition("=")
        if key == "UNTIL":
            value = _until(value, item)
        parts.append(f"{key}={value}")
    return ";".join(parts)


def _until(value: str, item: FeedItem) -> str:
    try:
        day = datetime.strptime(value[:8], "%Y%m%d").date()
        clock = datetime.strptime(value[9:15], "%H%M%S").time() if "T" in value else None
    except ValueError:
        raise CalendarError(f"entry {item.uid}: RRULE UNTIL {value!r} is not a date (YYYYMMDD) or time") from None
    if isinstance(item.start, datetime):
        local_start = item.start.astimezone(BERLIN)
        if clock is None:
            moment = datetime.combine(day, local_start.time(), tzinfo=BERLIN)
        elif value.endswith("Z"):
            moment = datetime.combine(day, clock, tzinfo=UTC)
        else:
            moment = datetime.combine(day, clock, tzinfo=BERLIN)
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return day.strftime("%Y%m%d")


def check_recurrence(item: FeedItem, rule: str) -> None:
    """Every EXDATE and RECURRENCE-ID must name an occurrence the rule really produces.

    Clients silently ignore an exception that matches no occurrence, so the cancelled meeting would still
    show; better to stop the build with the entry named.
    """
    try:
        start = item.start.astimezone(BERLIN) if isinstance(item.start, datetime) else _as_datetime(item.start)
        recurrence = rrulestr(rule, dtstart=start)
    except (ValueError, TypeError) as exc:
        raise CalendarError(f"entry {item.uid}: RRULE {item.rrule!r} is not valid: {exc}") from None
    for what, value in [("cancelled", d) for d in item.exdates] + [("moved", o.recurrence_id) for o in item.overrides]:
        moment = value.astimezone(BERLIN) if isinstance(value, datetime) else _as_datetime(value)
        if not recurrence.between(moment - timedelta(seconds=1), moment + timedelta(seconds=1), inc=True):
            raise CalendarError(
                f"entry {item.uid}: the {what} occurrence {value} is not one the rule {item.rrule!r} produces"
            )


def _as_datetime(day: date) -> datetime:
    return datetime.combine(day, time())


def berlin_timezone() -> Timezone:
    """Europe/Berlin as two yearly rules (EU summer time since 1996), the form every client reads."""
    timezone = Timezone()
    timezone.add("tzid", "Europe/Berlin")
    timezone.add("x-lic-location", "Europe/Berlin")
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("rrule", vRecur.from_ical("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"))
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", vRecur.from_ical("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"))
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def size_warning(feed: FeedGroup, events: int, size: int) -> str:
    """Google drops events silently past about 1 MB or 1,100 events; say so, and how to split, before that."""
    if events <= MAX_FEED_EVENTS and size <= MAX_FEED_BYTES:
        return ""
    how = {
        "organisation": "write repeating events as one recurring event (an RRULE) instead of single dates, "
        "or split the organisation into several organisation ids (e.g. one per group or series)",
        "tradition": "split the tradition into two traditions in holidays.yaml, or cover fewer years "
        "(FESTIVAL_YEARS_AFTER in calendar_builder/feeds/plan.py)",
        "all": "cover fewer years (FESTIVAL_YEARS_AFTER in calendar_builder/feeds/plan.py); the per-tradition and "
        "per-organisation feeds stay available for subscribers who need everything",
    }.get(feed.kind, "split it into smaller feeds")
    return (
        f"{feed.slug}.ics holds {events} events in {size / 1_000_000:.2f} MB; Google Calendar silently drops "
        f"events beyond about 1,100 events or 1 MB per feed (limit here: {MAX_FEED_EVENTS} events, "
        f"{MAX_FEED_BYTES / 1_000_000:.1f} MB). To split it: {how}."
    )
