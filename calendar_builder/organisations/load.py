"""organisations.yaml (+ imported events/*.yaml) -> OrganisationCatalogue, validated with located problems."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from calendar_builder.core.limits import MAX_YEAR, MIN_YEAR, SERIES_EXCEPTIONS
from calendar_builder.core.validate import LANGUAGE, mappings, slug_id, suggest, unknown_keys
from calendar_builder.core.webaddress import ORGANISATION_SCHEMES, is_web_address
from calendar_builder.core.yamlsource import LineDict, LineList, load_yaml
from calendar_builder.errors import ProblemCollector
from calendar_builder.organisations.featured import featured_conflicts
from calendar_builder.organisations.language_codes import known_codes
from calendar_builder.organisations.logos import check_logo_path
from calendar_builder.organisations.model import Contact, MovedOccurrence, Organisation, OrganisationCatalogue, OrgEvent
from calendar_builder.organisations.recurrence import (
    RRuleError,
    normalise_rrule,
    rule_date_set,
    rule_dates,
)

TOP_KEYS = ("organisations",)
EVENTS_FILE_KEYS = ("organisation", "source", "events")
ORG_KEYS = (
    "id",
    "name",
    "short_name",
    "description",
    "languages",
    "contact",
    "logo",
    "featured_month",
    "sample",
    "partner",
    "events",
)
CONTACT_KEYS = ("address", "email", "phone", "website")
EVENT_KEYS = (
    "id",
    "title",
    "date",
    "end",
    "time",
    "end_time",
    "location",
    "description",
    "url",
    "rrule",
    "exdates",
    "moved",
    "print_in_cells",
)
MOVED_KEYS = ("from", "date", "time", "end_time", "location")
#: imported events live here, one file per organisation, beside organisations.yaml
EVENTS_DIR = "events"
SHORT_NAME_MAX = 18
EVENT_DAYS_MAX = 31

EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
PHONE = re.compile(r"^\+?[0-9][0-9 ()/.-]{4,}[0-9]$")
TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
ISO_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def load_organisations(path: Path) -> OrganisationCatalogue:
    """Load and validate organisations.yaml and data/events/*.yaml; raise DataError listing every error.

    Warnings do not stop loading; use read_organisations to see them. Logo files are opened later, by
    calendar_builder.media (pixels and SVG checks).
    A missing organisations.yaml is an empty catalogue: a calendar of festivals alone is valid.
    """
    problems = ProblemCollector()
    catalogue = read_organisations(path, problems)
    problems.raise_if_errors()
    return catalogue


def read_organisations(path: Path, problems: ProblemCollector) -> OrganisationCatalogue:
    """Read what can be read, recording every problem instead of stopping at the first."""
    file = str(path)
    if not path.exists():
        return OrganisationCatalogue((), file)
    data, found = load_yaml(path)
    problems.problems.extend(found)
    if not isinstance(data, LineDict):
        problems.error(file, 1, "", "expected a mapping with the key 'organisations'")
        return OrganisationCatalogue((), file)
    unknown_keys(data, TOP_KEYS, file, "", problems)
    data_dir = path.parent
    seen: dict[str, int] = {}
    organisations: list[Organisation] = []
    raw = data.get("organisations")
    line = data.line_of("organisations")
    for item in mappings(raw, line, file, "organisations", "id, name, description, contact, …", problems):
        org = _organisation(item, file, data_dir, problems, seen)
        if org is not None:
            organisations.append(org)
    organisations = _merge_event_files(organisations, data_dir / EVENTS_DIR, problems)
    featured_conflicts(organisations, problems)
    for org in organisations:
        _likely_duplicates(org, problems)
        _one_series_in_cells(org, problems)
    return OrganisationCatalogue(tuple(organisations), file)


def _organisation(
    item: LineDict, file: str, data_dir: Path, problems: ProblemCollector, seen: dict[str, int]
) -> Organisation | None:
    errors_before = len(problems.errors)
    unknown_keys(item, ORG_KEYS, file, "organisation", problems)
    oid = slug_id(item, file, problems, seen, "organisation", "sprachcafe")
    label = f"organisation '{oid}'" if oid else "organisation"
    name = _required_text(item, "name", file, label, problems)
    short_name = item.get("short_name", name if len(name) <= SHORT_NAME_MAX else None)
    if not isinstance(short_name, str) or not short_name.strip():
        problems.error(
            file,
            item.line_of("short_name"),
            "short_name",
            f"{label}: the name is longer than {SHORT_NAME_MAX} characters; expected a short_name for day cells",
        )
        short_name = ""
    elif len(short_name.strip()) > SHORT_NAME_MAX:
        problems.error(
            file,
            item.line_of("short_name"),
            "short_name",
            f"{label}: short_name {short_name!r} has {len(short_name.strip())} characters; "
            f"day cells fit at most {SHORT_NAME_MAX}",
        )
    description = _texts(item, "description", file, label, problems, required=True)
    languages = _languages(item, file, label, problems)
    contact = _contact(item, file, label, problems)
    logo = item.get("logo", "")
    if not isinstance(logo, str):
        problems.error(file, item.line_of("logo"), "logo", f"{label}: expected a path such as 'logos/{oid}.png'")
        logo = ""
    elif logo:
        check_logo_path(logo, data_dir, file, item.line_of("logo"), oid, problems)
    featured = item.get("featured_month")
    if featured is not None and (
        not isinstance(featured, int) or isinstance(featured, bool) or not 1 <= featured <= 12
    ):
        problems.error(
            file,
            item.line_of("featured_month"),
            "featured_month",
            f"{label}: expected a month 1 to 12, not {featured!r}",
        )
        featured = None
    flags = {key: _flag(item, key, file, label, problems) for key in ("sample", "partner")}
    events = _events(item.get("events"), item.line_of("events"), "events" in item, file, oid, problems, {})
    if len(problems.errors) > errors_before or not oid:
        return None
    return Organisation(
        id=oid,
        name=name,
        short_name=short_name.strip(),
        description=description,
        languages=languages,
        contact=contact,
        logo=logo,
        logo_line=item.line_of("logo") if logo else 0,
        featured_month=featured,
        events=tuple(events),
        file=file,
        line=item.line,
        **flags,
    )


def _likely_duplicates(org: Organisation, problems: ProblemCollector) -> None:
    """The same title on the same first day twice, e.g. typed in by hand and then imported as well."""
    seen: dict[tuple[str, date], OrgEvent] = {}
    for event in org.events:
        key = (event.title_de.casefold(), event.start)
        if key in seen:
            first = seen[key]
            problems.warning(
                event.file, event.line, "title",
                f"event '{org.id}/{event.id}' looks like '{first.id}' ({first.file}:{first.line}): same title, same "
                f"first day {event.start}; keep one of them",
            )  # fmt: skip
        else:
            seen[key] = event


def _one_series_in_cells(org: Organisation, problems: ProblemCollector) -> None:
    """Each organisation may print one series in the day cells; every other series is named once."""
    marked = [e for e in org.events if e.print_in_cells]
    for event in marked[1:]:
        problems.error(event.file, event.line, "print_in_cells",
                       f"event '{org.id}/{event.id}': organisation '{org.id}' already prints '{marked[0].id}' "
                       f"({marked[0].file}:{marked[0].line}) in the day cells; one series each")  # fmt: skip


def _merge_event_files(
    organisations: list[Organisation], folder: Path, problems: ProblemCollector
) -> list[Organisation]:
    """Add the events of data/events/*.yaml (written by the imports) to their organisations."""
    if not folder.is_dir():
        return organisations
    by_id = {o.id: o for o in organisations}
    extra: dict[str, list[OrgEvent]] = {}
    for path in sorted(folder.glob("*.yaml")):
        file = str(path)
        data, found = load_yaml(path)
        problems.problems.extend(found)
        if not isinstance(data, LineDict):
            problems.error(file, 1, "", "expected a mapping with the keys 'organisation' and 'events'")
            continue
        unknown_keys(data, EVENTS_FILE_KEYS, file, "events file", problems)
        oid = data.get("organisation")
        if oid not in by_id:
            problems.error(
                file,
                data.line_of("organisation"),
                "organisation",
                f"unknown organisation {oid!r}; expected an id from organisations.yaml" + suggest(str(oid), by_id),
            )
            continue
        seen = {e.id: e.line for e in by_id[oid].events} | {e.id: e.line for e in extra.get(oid, [])}
        events = _events(data.get("events"), data.line_of("events"), True, file, oid, problems, seen)
        extra.setdefault(oid, []).extend(events)
    return [replace(o, events=o.events + tuple(extra[o.id])) if o.id in extra else o for o in organisations]


def _events(
    raw: Any, line: int, present: bool, file: str, oid: str, problems: ProblemCollector, seen: dict[str, int]
) -> list[OrgEvent]:
    if not present:
        return []
    result = []
    for item in mappings(raw, line, file, "events", f"id, title, date, … (organisation '{oid}')", problems):
        event = _event(item, file, oid, problems, seen)
        if event is not None:
            result.append(event)
    return result


def _event(item: LineDict, file: str, oid: str, problems: ProblemCollector, seen: dict[str, int]) -> OrgEvent | None:
    errors_before = len(problems.errors)
    unknown_keys(item, EVENT_KEYS, file, "event", problems)
    eid = slug_id(item, file, problems, seen, "event", "sprachcafe", within=f" in organisation '{oid}'")
    label = f"event '{oid}/{eid}'"
    title = _texts(item, "title", file, label, problems, required=True)
    start = _date(item, "date", file, label, problems, required=True)
    end = _date(item, "end", file, label, problems) or start
    start_time = _time(item, "time", file, label, problems)
    end_time = _time(item, "end_time", file, label, problems)
    if start and end:
        if end < start:
            problems.error(file, item.line_of("end"), "end", f"{label}: ends {end} before it starts {start}")
        elif (end - start).days >= EVENT_DAYS_MAX:
            problems.error(
                file,
                item.line_of("end"),
                "end",
                f"{label}: lasts over {EVENT_DAYS_MAX} days; expected an "
                "event, not a season (use 'rrule' for something that repeats)",
            )
        elif end == start and start_time and end_time and end_time <= start_time:
            problems.error(
                file,
                item.line_of("end_time"),
                "end_time",
                f"{label}: end_time {end_time:%H:%M} is not "
                f"after time {start_time:%H:%M}; for an event past midnight give 'end' (its last day)",
            )
    if end_time and not start_time:
        problems.error(file, item.line_of("end_time"), "end_time", f"{label}: end_time needs a start 'time'")
    location = _plain_text(item, "location", file, label, problems)
    description = _texts(item, "description", file, label, problems)
    url = _url(item, "url", file, label, problems)
    rule = ""
    if "rrule" in item:
        text = item["rrule"]
        if not isinstance(text, str):
            problems.error(
                file, item.line_of("rrule"), "rrule", f"{label}: expected an RRULE such as 'FREQ=WEEKLY;BYDAY=TH'"
            )
        else:
            try:
                rule = normalise_rrule(text, start_time)
            except RRuleError as exc:
                problems.error(file, item.line_of("rrule"), "rrule", f"{label}: invalid RRULE {text!r}: {exc}")
    exdates = _date_list(item, "exdates", file, label, problems)
    moved = _moved(item, file, label, problems)
    in_cells = _flag(item, "print_in_cells", file, label, problems)
    if in_cells and "rrule" not in item:
        problems.error(file, item.line_of("print_in_cells"), "print_in_cells",
                       f"{label}: 'print_in_cells' is for a recurring event (one with an 'rrule')")  # fmt: skip
    if len(problems.errors) > errors_before or start is None or end is None or not eid:
        return None
    event = OrgEvent(
        id=eid,
        organisation=oid,
        title=title,
        start=start,
        end=end,
        time=start_time,
        end_time=end_time,
        location=location,
        description=description,
        url=url,
        rrule=rule,
        exdates=tuple(exdates),
        moved=tuple(moved),
        print_in_cells=in_cells,
        file=file,
        line=item.line,
    )
    _check_rule_dates(event, item, file, label, problems)
    if len(problems.errors) > errors_before:
        return None
    return event


def _check_rule_dates(event: OrgEvent, item: LineDict, file: str, label: str, problems: ProblemCollector) -> None:
    """The first day must be an occurrence; exceptions and moves must name occurrences of the rule."""
    if not event.rrule:
        if event.exdates or event.moved:
            key = "exdates" if event.exdates else "moved"
            problems.error(file, item.line_of(key), key, f"{label}: '{key}' needs an 'rrule'")
        return
    if len(event.exdates) + len(event.moved) > SERIES_EXCEPTIONS:
        key = "exdates" if event.exdates else "moved"
        count = len(event.exdates) + len(event.moved)
        problems.error(
            file, item.line_of(key), key,
            f"{label}: {count:,} exceptions and moves; at most {SERIES_EXCEPTIONS} per series "
            "(split the series or end it with UNTIL)",
        )  # fmt: skip
        return
    if event.start not in rule_dates(event, event.start, event.start):
        upcoming = rule_dates(event, event.start, event.start + timedelta(days=2 * 366))
        problems.error(
            file,
            item.line_of("date"),
            "date",
            f"{label}: date {event.start} ({event.start:%A}) is not a day of rule {event.rrule}; expected the "
            "first occurrence" + (f", e.g. {upcoming[0]}" if upcoming else ""),
        )
        return
    valid = rule_date_set(event, [*event.exdates, *(m.original for m in event.moved)])
    for day in event.exdates:
        if day not in valid:
            problems.error(
                file,
                item.line_of("exdates"),
                "exdates",
                f"{label}: exdate {day} ({day:%A}) is not a day of rule {event.rrule}, so it excludes nothing",
            )
    for moved in event.moved:
        if moved.original not in valid:
            problems.error(
                file,
                item.line_of("moved"),
                "moved.from",
                f"{label}: moved from {moved.original} ({moved.original:%A}), which is not a day of rule {event.rrule}",
            )
    seen: set[date] = set()
    excluded = set(event.exdates)
    for moved in event.moved:
        if moved.original in seen or moved.original in excluded:
            problems.error(
                file,
                item.line_of("moved"),
                "moved.from",
                f"{label}: {moved.original} is moved twice or also listed in exdates",
            )
        seen.add(moved.original)


def _moved(item: LineDict, file: str, label: str, problems: ProblemCollector) -> list[MovedOccurrence]:
    raw = item.get("moved")
    if raw is None:
        return []
    if not isinstance(raw, LineList):
        problems.error(file, item.line_of("moved"), "moved", f"{label}: expected a list of {{from: DATE, date: DATE}}")
        return []
    result = []
    for entry in raw:
        if not isinstance(entry, LineDict):
            problems.error(file, raw.line, "moved", f"{label}: expected {{from: DATE, date: DATE, time: 'HH:MM'}}")
            continue
        unknown_keys(entry, MOVED_KEYS, file, "moved occurrence", problems)
        original = _date(entry, "from", file, label, problems, required=True, field_prefix="moved.")
        new = _date(entry, "date", file, label, problems, field_prefix="moved.") or original
        new_time = _time(entry, "time", file, label, problems, field_prefix="moved.")
        new_end = _time(entry, "end_time", file, label, problems, field_prefix="moved.")
        location = entry.get("location")
        if location is not None and not isinstance(location, str):
            problems.error(file, entry.line_of("location"), "moved.location", f"{label}: expected text")
            location = None
        if original and new:
            result.append(MovedOccurrence(original, new, new_time, new_end, location))
    return result


def _required_text(item: LineDict, key: str, file: str, label: str, problems: ProblemCollector) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.error(file, item.line_of(key), key, f"{label}: expected {key} as text")
        return ""
    return value.strip()


def _plain_text(item: LineDict, key: str, file: str, label: str, problems: ProblemCollector) -> str:
    value = item.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.error(file, item.line_of(key), key, f"{label}: expected text, not {value!r}")
        return ""
    return value.strip()


def _texts(
    item: LineDict, key: str, file: str, label: str, problems: ProblemCollector, required: bool = False
) -> tuple[tuple[str, str], ...]:
    """Text in one or more languages: a plain string (German) or {de: …, en: …, …}."""
    value = item.get(key)
    if value is None:
        if required:
            problems.error(file, item.line_of(key), key, f"{label}: expected {key} as text or {{de: …, en: …}}")
        return ()
    if isinstance(value, str):
        if not value.strip():
            if required:
                problems.error(file, item.line_of(key), key, f"{label}: {key} is empty")
            return ()
        return (("de", value.strip()),)
    if not isinstance(value, LineDict):
        problems.error(file, item.line_of(key), key, f"{label}: expected {key} as text or {{de: …, en: …}}")
        return ()
    result = []
    for lang, text in value.items():
        if not isinstance(lang, str) or not LANGUAGE.match(lang):
            problems.error(file, value.line_of(lang), key, f"{label}: {lang!r} is not a language code like 'en'")
        elif not isinstance(text, str) or not text.strip():
            problems.error(file, value.line_of(lang), f"{key}.{lang}", f"{label}: expected non-empty text")
        else:
            result.append((lang, " ".join(text.split())))
    if "de" not in value:
        problems.error(file, value.line, f"{key}.de", f"{label}: expected German text under 'de'")
    return tuple(result)


def _languages(item: LineDict, file: str, label: str, problems: ProblemCollector) -> tuple[str, ...]:
    value = item.get("languages", [])
    known = known_codes()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.error(file, item.line_of("languages"), "languages", f"{label}: expected a list of codes like [de, ar]")
        return ()
    for code in value:
        if code not in known:
            problems.error(
                file,
                item.line_of("languages"),
                "languages",
                f"{label}: unknown language code {code!r}; expected an ISO 639 code such as 'ar', 'tr', 'ti'"
                + suggest(code, sorted(c for c in known if "_" not in c)),
            )
    return tuple(value)


def _contact(item: LineDict, file: str, label: str, problems: ProblemCollector) -> Contact:
    raw = item.get("contact")
    if raw is None:
        return Contact()
    if not isinstance(raw, LineDict):
        problems.error(
            file, item.line_of("contact"), "contact", f"{label}: expected {{address, email, phone, website}}"
        )
        return Contact()
    unknown_keys(raw, CONTACT_KEYS, file, "contact", problems)
    address = _plain_text(raw, "address", file, label, problems)
    email = _plain_text(raw, "email", file, label, problems)
    if email and not EMAIL.match(email):
        problems.error(
            file,
            raw.line_of("email"),
            "contact.email",
            f"{label}: {email!r} is not an e-mail address; expected name@example.org",
        )
    phone = _plain_text(raw, "phone", file, label, problems)
    if phone and not PHONE.match(phone):
        problems.error(
            file,
            raw.line_of("phone"),
            "contact.phone",
            f"{label}: {phone!r} is not a phone number; expected digits such as '06221 58-10360'",
        )
    website = _url(raw, "website", file, label, problems, field_prefix="contact.")
    return Contact(address=address, email=email, phone=phone, website=website)


def _url(item: LineDict, key: str, file: str, label: str, problems: ProblemCollector, field_prefix: str = "") -> str:
    value = _plain_text(item, key, file, label, problems)
    if not value:
        return ""
    if not is_url(value):
        hint = f"; did you mean 'https://{value}'?" if "://" not in value and is_url(f"https://{value}") else ""
        problems.error(
            file,
            item.line_of(key),
            field_prefix + key,
            f"{label}: {value!r} is not a web address; expected https://…{hint}",
        )
    return value


def is_url(value: str) -> bool:
    """An http(s) address with a real-looking host name (the QR code and the .ics link need one)."""
    return is_web_address(value, ORGANISATION_SCHEMES)


def _flag(item: LineDict, key: str, file: str, label: str, problems: ProblemCollector) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        problems.error(file, item.line_of(key), key, f"{label}: expected true or false, not {value!r}")
        return False
    return value


def _date(
    item: LineDict,
    key: str,
    file: str,
    label: str,
    problems: ProblemCollector,
    required: bool = False,
    field_prefix: str = "",
) -> date | None:
    value = item.get(key)
    if value is None:
        if required:
            problems.error(file, item.line_of(key), field_prefix + key, f"{label}: expected {key}: YYYY-MM-DD")
        return None
    if isinstance(value, datetime):
        problems.error(
            file, item.line_of(key), field_prefix + key, f"{label}: expected a day YYYY-MM-DD; put the time in 'time'"
        )
        return None
    if isinstance(value, date):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            problems.error(file, item.line_of(key), field_prefix + key, f"{label}: {value} lies outside the supported "
                           f"years {MIN_YEAR}–{MAX_YEAR}")  # fmt: skip
            return None
        return value
    if isinstance(value, str) and ISO_DATE_LIKE.match(value):
        return None  # already reported by the YAML reader as an impossible date
    hint = ""
    if isinstance(value, str) and (german := GERMAN_DATE.match(value)):
        hint = f" (write {german[3]}-{int(german[2]):02d}-{int(german[1]):02d})"
    problems.error(
        file, item.line_of(key), field_prefix + key, f"{label}: expected a date YYYY-MM-DD, not {value!r}{hint}"
    )
    return None


def _date_list(item: LineDict, key: str, file: str, label: str, problems: ProblemCollector) -> list[date]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, LineList):
        problems.error(file, item.line_of(key), key, f"{label}: expected a list of dates [YYYY-MM-DD, …]")
        return []
    result = []
    for entry, line in zip(value, value.item_lines, strict=True):
        if isinstance(entry, date) and not isinstance(entry, datetime):
            if MIN_YEAR <= entry.year <= MAX_YEAR:
                result.append(entry)
            else:
                problems.error(
                    file, line, key, f"{label}: {entry} lies outside the supported years {MIN_YEAR}–{MAX_YEAR}"
                )
        elif not (isinstance(entry, str) and ISO_DATE_LIKE.match(entry)):
            problems.error(file, line, key, f"{label}: expected a date YYYY-MM-DD, not {entry!r}")
    return sorted(set(result))


def _time(
    item: LineDict, key: str, file: str, label: str, problems: ProblemCollector, field_prefix: str = ""
) -> time | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 19:30 as the base-60 number 1170.
        hint = f'; write it in quotes: {key}: "{value // 60:02d}:{value % 60:02d}"' if 0 <= value < 24 * 60 else ""
        problems.error(file, item.line_of(key), field_prefix + key, f'{label}: expected a time "HH:MM"{hint}')
        return None
    match = TIME.match(value) if isinstance(value, str) else None
    if not match:
        problems.error(file, item.line_of(key), field_prefix + key, f'{label}: expected a time "HH:MM", not {value!r}')
        return None
    return time(int(match[1]), int(match[2]))
