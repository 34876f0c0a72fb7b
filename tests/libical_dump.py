"""Parses .ics files with libical (the parser of Evolution and GNOME) and prints what it understood as JSON.

Run with a Python that has PyGObject and Debian's gir1.2-ical-3.0 (usually /usr/bin/python3):
    libical_dump.py UNTIL-YYYY-MM-DD FILE...
Recurring events are expanded with libical's own icalcomponent_foreach_recurrence (which applies EXDATE);
RECURRENCE-ID components are listed separately, as libical leaves merging them to the client.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal  # noqa: E402

K = ICal.PropertyKind


def time(value):
    if value is None or value.is_null_time():
        return None
    zone = value.get_timezone()
    return {
        "text": value.as_ical_string(),
        "isDate": bool(value.is_date()),
        "tzid": value.get_tzid() or (zone.get_tzid() if zone else None),
        # as_timet_with_zone(z) reads the wall-clock time *as if* in z, so pass the time's own zone
        "unix": None if value.is_date() else value.as_timet_with_zone(zone or ICal.Timezone.get_utc_timezone()),
    }


def properties(component, kind):
    found = []
    prop = component.get_first_property(kind)
    while prop is not None:
        found.append(prop)
        prop = component.get_next_property(kind)
    return found


def errors(component):
    """Every X-LIC-ERROR libical inserted anywhere in the tree (it never raises, it annotates)."""
    found = [p.get_value_as_string() for p in properties(component, K.XLICERROR_PROPERTY)]
    child = component.get_first_component(ICal.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found += errors(child)
        child = component.get_next_component(ICal.ComponentKind.ANY_COMPONENT)
    return found


def event_record(event):
    def first(kind):
        props = properties(event, kind)
        return props[0] if props else None

    rrule = first(K.RRULE_PROPERTY)
    recurrence_id = first(K.RECURRENCEID_PROPERTY)
    return {
        "uid": event.get_uid(),
        "summary": event.get_summary(),
        "description": event.get_description(),
        "location": event.get_location(),
        "categories": [p.get_categories() for p in properties(event, K.CATEGORIES_PROPERTY)],
        "url": first(K.URL_PROPERTY).get_url() if first(K.URL_PROPERTY) else None,
        "transp": first(K.TRANSP_PROPERTY).get_value_as_string() if first(K.TRANSP_PROPERTY) else None,
        "sequence": event.get_sequence(),
        "dtstamp": time(event.get_dtstamp()),
        "start": time(first(K.DTSTART_PROPERTY).get_datetime_with_component(event)),
        "end": time(first(K.DTEND_PROPERTY).get_datetime_with_component(event)) if first(K.DTEND_PROPERTY) else None,
        "recurrenceId": time(recurrence_id.get_datetime_with_component(event)) if recurrence_id else None,
        "rrule": rrule.get_value_as_string() if rrule else None,
        "exdates": [time(p.get_datetime_with_component(event)) for p in properties(event, K.EXDATE_PROPERTY)],
    }


def expand(event, until):
    spans = []

    def collect(component, span, data):
        spans.append([span.get_start(), span.get_end()])

    start = ICal.Time.new_from_string("19700101T000000Z")
    end = ICal.Time.new_from_string(until.replace("-", "") + "T000000Z")
    event.foreach_recurrence(start, end, collect, None)
    return spans


def dump(path, until):
    with open(path, encoding="utf-8") as stream:
        calendar = ICal.Component.new_from_string(stream.read())
    header = {}
    for prop in properties(calendar, K.ANY_PROPERTY):
        header[prop.get_property_name().lower()] = prop.get_value_as_string()
    events, occurrences = [], {}
    child = calendar.get_first_component(ICal.ComponentKind.VEVENT_COMPONENT)
    while child is not None:
        record = event_record(child)
        events.append(record)
        if record["recurrenceId"] is None:
            occurrences[record["uid"]] = expand(child, until)
        child = calendar.get_next_component(ICal.ComponentKind.VEVENT_COMPONENT)
    timezones = calendar.count_components(ICal.ComponentKind.VTIMEZONE_COMPONENT)
    return {
        "file": path,
        "kind": ICal.Component.kind_to_string(calendar.isa()),
        "errors": errors(calendar),
        "calendar": header,
        "timezones": timezones,
        "events": events,
        "occurrences": occurrences,
    }


if __name__ == "__main__":
    until, *paths = sys.argv[1:]
    json.dump([dump(p, until) for p in paths], sys.stdout, ensure_ascii=False)
