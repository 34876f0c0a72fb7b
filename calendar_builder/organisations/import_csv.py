"""A spreadsheet of events (CSV as German Excel and LibreOffice write it) -> events in our model.

Accepted: separator ';' (German default), ',' or tab; UTF-8 with or without BOM, else Windows-1252;
dates 24.12.2027, 24.12.27 or 2027-12-24; times 19:30, 19.30, 19:30:00 or "19 Uhr". Recurrence in
German words ("wöchentlich", "alle 2 Wochen", "monatlich am 1. Dienstag", "letzter Freitag im Monat")
or as an RFC 5545 RRULE. Every bad cell is reported with file, line, column and what was expected.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from calendar_builder.core.limits import CSV_BYTES, CSV_CELL_CHARS, CSV_ROWS, MAX_YEAR, MIN_YEAR, check_size
from calendar_builder.core.textcheck import text_problem
from calendar_builder.errors import DataError, Location, Problem
from calendar_builder.organisations.importing import IdAllocator, ImportResult, slugify
from calendar_builder.organisations.load import is_url
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.organisations.recurrence import RRuleError, is_rule_date, normalise_rrule, rule_date_set

#: field -> accepted headers (compared case-insensitively); the first is the documented German name
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("Titel", "Title", "Veranstaltung", "Termin"),
    "date": ("Datum", "Date", "Startdatum", "Start date"),
    "end": ("Bis", "Enddatum", "End date"),
    "time": ("Beginn", "Uhrzeit", "Startzeit", "Start time"),
    "end_time": ("Ende", "Endzeit", "End time"),
    "location": ("Ort", "Location", "Veranstaltungsort"),
    "description": ("Beschreibung", "Description"),
    "url": ("Link", "URL", "Webseite", "Website"),
    "repeat": ("Wiederholung", "Repeat", "RRULE"),
    "until": ("Wiederholung bis", "Wiederholen bis", "Repeat until"),
    "except": ("Ausnahmen", "Fällt aus", "Except"),
}
REQUIRED = ("title", "date")
#: cells in one row (the spreadsheet has 11 columns; blank ones at the end are common)
MAX_COLUMNS = 1_000
WEEKDAYS_DE = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {
    "1.": 1,
    "erste": 1,
    "ersten": 1,
    "erster": 1,
    "2.": 2,
    "zweite": 2,
    "zweiten": 2,
    "zweiter": 2,
    "3.": 3,
    "dritte": 3,
    "dritten": 3,
    "dritter": 3,
    "4.": 4,
    "vierte": 4,
    "vierten": 4,
    "vierter": 4,
    "5.": 5,
    "fünfte": 5,
    "fünften": 5,
    "fünfter": 5,
    "letzte": -1,
    "letzten": -1,
    "letzter": -1,
    "vorletzte": -2,
    "vorletzten": -2,
    "vorletzter": -2,
}
REPEAT_EXAMPLES = (
    "'wöchentlich', 'alle 2 Wochen', 'monatlich', 'monatlich am 1. Dienstag', 'letzter Freitag im Monat', "
)
REPEAT_EXAMPLES += "'jährlich' or an RRULE such as 'FREQ=WEEKLY;BYDAY=TH'"

_DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:\s+0{1,2}:00(?::00)?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::00)?(?:\s*uhr)?$", re.IGNORECASE)
_MONTHLY_NTH = re.compile(
    r"^(?:monatlich\s+)?(?:am\s+|jeden\s+|jede\s+|jeder\s+)?(?P<nth>\S+)\s+(?P<day>[a-zäöü]+)(?:\s+im\s+monat)?$"
)


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class _Row:
    line: int
    cells: dict[str, str]


def read_csv_text(path: Path) -> tuple[str, str]:
    """The file's text and the encoding it was read with: UTF-8 (BOM or not), else Windows-1252."""
    check_size(path, CSV_BYTES, f"the CSV file (at most {CSV_ROWS:,} rows)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(Location(str(path)), f"cannot read file: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise DataError([Problem(Location(str(path)), f"neither UTF-8 nor Windows-1252 text ({exc.reason})")]) from None


def sniff_delimiter(header: str) -> str:
    """';' (what German Excel and LibreOffice write), ',' or tab: whichever splits the header most."""
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _parse_date(text: str) -> date:
    value = text.strip()
    match = _DATE_DE.match(value)
    try:
        if match:
            day, month, year = int(match[1]), int(match[2]), int(match[3])
            return date(year + 2000 if year < 100 else year, month, day)
        match = _DATE_ISO.match(value)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError(f"{text!r} is no day in the calendar") from None
    raise CellError(f"expected a date like 24.12.2027 or 2027-12-24, not {text[:40]!r}")


def parse_date(text: str) -> date:
    """A date in the supported years (1900–2100)."""
    day = _parse_date(text)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise CellError(f"{text.strip()!r} lies outside the supported years {MIN_YEAR}–{MAX_YEAR}")
    return day


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise CellError(f"expected a time like 19:30 or 19.30, not {text!r}")


def parse_repeat(text: str, start: date) -> str:
    """German words or an RRULE -> an RRULE value anchored on the start day."""
    value = " ".join(text.strip().lower().split())
    weekday = RRULE_DAYS[start.weekday()]
    if "freq=" in value:
        return text.strip()
    if value in ("täglich", "jeden tag"):
        return "FREQ=DAILY"
    if value in ("wöchentlich", "jede woche"):
        return f"FREQ=WEEKLY;BYDAY={weekday}"
    if value in ("14-tägig", "14tägig", "vierzehntägig", "zweiwöchentlich", "alle zwei wochen"):
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    if match := re.match(r"^alle (\d+) wochen$", value):
        return f"FREQ=WEEKLY;INTERVAL={int(match[1])};BYDAY={weekday}"
    if value in ("monatlich", "jeden monat"):
        return f"FREQ=MONTHLY;BYMONTHDAY={start.day}"
    if value in ("jährlich", "jedes jahr"):
        return f"FREQ=YEARLY;BYMONTH={start.month};BYMONTHDAY={start.day}"
    match = _MONTHLY_NTH.match(value)
    if match and match["nth"] in ORDINALS and match["day"] in WEEKDAYS_DE:
        return f"FREQ=MONTHLY;BYDAY={ORDINALS[match['nth']]}{RRULE_DAYS[WEEKDAYS_DE.index(match['day'])]}"
    raise CellError(f"cannot read repetition {text!r}; expected {REPEAT_EXAMPLES}")


def import_csv(path: Path, organisation: str, taken: set[str] | None = None) -> ImportResult:
    """Read the spreadsheet; raise DataError listing every bad cell, or return all its events."""
    text, encoding = read_csv_text(path)
    file = str(path)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise DataError([Problem(Location(file, 1), "the file is empty; expected a header line such as " + _header())])
    delimiter = sniff_delimiter(lines[first])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    header: list[str] = []
    fields: list[str] = []
    rows: list[_Row] = []
    previous = 0
    csv.field_size_limit(CSV_CELL_CHARS + 1)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            why = f"cannot read the row ({exc}); a cell may hold more than {CSV_CELL_CHARS:,} characters"
            raise DataError([Problem(Location(file, reader.line_num), why)]) from None
        start_line, previous = previous + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= CSV_ROWS:
            raise DataError([Problem(Location(file, start_line), f"more than {CSV_ROWS:,} rows; split the file")])
        if len(cells) > MAX_COLUMNS:
            raise DataError([Problem(Location(file, start_line), f"{len(cells):,} cells; at most {MAX_COLUMNS}")])
        if not header:
            header = [c.strip() for c in cells]
            fields = _columns(header, file, start_line, problems)
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                Problem(
                    Location(file, start_line),
                    f"{len(cells)} cells but only {len(header)} columns "
                    f"in the header; is a '{delimiter}' inside a cell without quotes?",
                )
            )
        values = {fields[i]: cells[i].strip() for i in range(min(len(cells), len(header))) if fields[i]}
        for number, name in enumerate(fields):
            why = text_problem(values[name], multiline=name == "description") if name in values else ""
            if why:
                problems.append(
                    Problem(Location(file, start_line, f"{header[number]} (column {_letter(number)})"), why)
                )
        rows.append(_Row(start_line, values))
    if problems:
        raise DataError(problems)
    ids = IdAllocator(set(taken or ()))
    events: list[OrgEvent] = []
    titles = Counter(r.cells.get("title", "") for r in rows)
    for row in rows:
        event = _event(row, file, organisation, header, fields, problems)
        if event is None:
            continue
        base = slugify(event.title_de)
        suffix = f"{event.start:%Y%m%d}"
        wanted = base if titles[event.title_de] == 1 else f"{base}-{suffix}"
        events.append(replace(event, id=ids.take(wanted, suffix)))
    if problems:
        raise DataError(problems)
    events.sort(key=lambda e: (e.start, e.time or time.min, e.id))
    separator = {";": "semicolon", ",": "comma", "\t": "tab"}[delimiter]
    return ImportResult(tuple(events), (f"read {len(rows)} rows as {encoding}, {separator}-separated",))


def _header() -> str:
    return ";".join(names[0] for names in COLUMNS.values())


def _columns(header: list[str], file: str, line: int, problems: list[Problem]) -> list[str]:
    """Which field each column holds ('' for an empty header cell)."""
    lookup = {alias.lower(): name for name, aliases in COLUMNS.items() for alias in aliases}
    fields: list[str] = []
    for number, cell in enumerate(header):
        name = lookup.get(" ".join(cell.lower().split()), "")
        if cell and not name:
            close = difflib.get_close_matches(cell.lower(), list(lookup), n=1)
            hint = f" (did you mean {close[0].title()!r}?)" if close else ""
            problems.append(
                Problem(
                    Location(file, line, f"column {_letter(number)}"),
                    f"unknown column {cell!r}{hint}; known columns: {_header()}",
                )
            )
        if name and name in fields:
            problems.append(Problem(Location(file, line, cell), f"column {cell!r} appears twice"))
        fields.append(name)
    for required in REQUIRED:
        if required not in fields:
            problems.append(
                Problem(
                    Location(file, line),
                    f"no column {COLUMNS[required][0]!r}; the header needs at "
                    f"least {COLUMNS['title'][0]} and {COLUMNS['date'][0]}, e.g. {_header()}",
                )
            )
    return fields


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _event(
    row: _Row, file: str, organisation: str, header: list[str], fields: list[str], problems: list[Problem]
) -> OrgEvent | None:
    before = len(problems)

    def where(name: str) -> Location:
        index = fields.index(name) if name in fields else -1
        label = f"{header[index]} (column {_letter(index)})" if index >= 0 else COLUMNS[name][0]
        return Location(file, row.line, label)

    def cell(name: str, parse: Callable[[str], Any]) -> Any:
        text = row.cells.get(name, "")
        if not text:
            return None
        try:
            return parse(text)
        except CellError as exc:
            problems.append(Problem(where(name), str(exc)))
            return None

    title = row.cells.get("title", "")
    if not title:
        problems.append(Problem(where("title"), "expected a title"))
    start: date | None = cell("date", parse_date)
    if start is None and not row.cells.get("date"):
        problems.append(Problem(where("date"), "expected a date like 24.12.2027"))
    end: date | None = cell("end", parse_date)
    start_time: time | None = cell("time", parse_time)
    end_time: time | None = cell("end_time", parse_time)
    until: date | None = cell("until", parse_date)
    exdates = _exdates(row.cells.get("except", ""), where("except"), problems)
    url = row.cells.get("url", "")
    if url and not is_url(url):
        if is_url(f"https://{url}"):
            url = f"https://{url}"
        else:
            problems.append(Problem(where("url"), f"expected a web address https://…, not {url!r}"))
    if end_time and not start_time:
        problems.append(Problem(where("end_time"), "an end time needs a start time in " + COLUMNS["time"][0]))
    if start is None or len(problems) > before:
        return None
    end = end or start
    if end < start:
        problems.append(Problem(where("end"), f"ends {end:%d.%m.%Y} before it starts {start:%d.%m.%Y}"))
    elif end - start > timedelta(days=30):
        problems.append(Problem(where("end"), "lasts over 31 days; expected an event (use Wiederholung for series)"))
    elif end == start and start_time and end_time and end_time <= start_time:
        problems.append(
            Problem(
                where("end_time"),
                f"ends {end_time:%H:%M} before it begins {start_time:%H:%M}; "
                f"for an event past midnight put the next day in {COLUMNS['end'][0]}",
            )
        )
    rule = ""
    repeat = row.cells.get("repeat", "")
    if repeat:
        try:
            text = parse_repeat(repeat, start)
            if until is not None:
                if "COUNT=" in text.upper() or "UNTIL=" in text.upper():
                    raise CellError("the repetition already says when it ends; leave 'Wiederholung bis' empty")
                text += f";UNTIL={until:%Y%m%d}"
            rule = normalise_rrule(text, start_time)
        except (CellError, RRuleError) as exc:
            problems.append(Problem(where("repeat"), str(exc)))
    elif until is not None or exdates:
        problems.append(Problem(where("until" if until else "except"), "needs a repetition in 'Wiederholung'"))
    if len(problems) > before:
        return None
    event = OrgEvent(
        id="",
        organisation=organisation,
        title=(("de", " ".join(title.split())),),
        start=start,
        end=end,
        time=start_time,
        end_time=end_time,
        location=row.cells.get("location", ""),
        description=(("de", row.cells["description"]),) if row.cells.get("description") else (),
        url=url,
        rrule=rule,
        exdates=tuple(sorted(set(exdates))),
    )
    if rule and not is_rule_date(event, start):
        problems.append(
            Problem(
                where("date"),
                f"{start:%d.%m.%Y} ({WEEKDAYS_DE[start.weekday()].title()}) is not "
                f"a day of the repetition {repeat!r}; expected the first date of the series",
            )
        )
    valid = rule_date_set(event, event.exdates) if rule else set()
    for day in event.exdates:
        if rule and day not in valid:
            problems.append(
                Problem(where("except"), f"{day:%d.%m.%Y} is not a date of the series, so it cancels nothing")
            )
    return event if len(problems) == before else None


def _exdates(text: str, location: Location, problems: list[Problem]) -> list[date]:
    result = []
    for part in re.split(r"[,;\s]+(?:und\s+)?|\s+und\s+", text.strip()):
        if not part:
            continue
        try:
            result.append(parse_date(part))
        except CellError as exc:
            problems.append(Problem(location, str(exc)))
    return result
