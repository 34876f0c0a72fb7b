"""The hostile corpus: every case is a data folder change, a command line and an environment.

Each case must end with exit code 1 or 2 and a message that names the file (or the option, or the variable)
and, where the file has lines, the line and field; see test_hostile.py for everything else that is asserted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.organisations_support import HOLIDAYS

from . import files as f

Content = bytes | Callable[[], bytes]

EPOCH = "1767225600"  # 2026-01-01: the default edition is 2027


EVENT = """\
      - id: treff
        title: {title}
        date: {date}
        time: "19:00"
        rrule: {rrule}
{extra}"""

ORGANISATIONS = """\
organisations:
  - id: verein-a
    name: {name}
    description: {{de: {description}}}
    languages: [de, ar]
    logo: {logo}
    contact:
      email: info@verein-a.example.org
      website: {website}
    events:
{events}"""


def organisations(
    name: str = "Verein A", description: str = "Ein Verein.", logo: str = "logos/verein-a.png",
    website: str = "https://verein-a.example.org", title: str = "Treff", date: str = "2027-01-07",
    rrule: str = "FREQ=WEEKLY;BYDAY=TH", extra: str = "",
) -> bytes:  # fmt: skip
    events = EVENT.format(title=title, date=date, rrule=rrule, extra=extra)
    text = ORGANISATIONS.format(name=name, description=description, logo=logo, website=website, events=events)
    return text.encode("utf-8")


BASE: dict[str, Content] = {
    "data/holidays.yaml": HOLIDAYS.encode(),
    "data/organisations.yaml": organisations(),
    "data/logos/verein-a.png": lambda: f.png(400, 400),
}


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    #: files written over the base data folder (relative to the case folder)
    files: dict[str, Content] = field(default_factory=dict)
    #: substrings the output must contain: the file, line and field, or the option or variable
    expect: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    #: symbolic links to make: link path -> target
    links: dict[str, str] = field(default_factory=dict)


CASES: list[Case] = []


def case(name: str, args: str | tuple[str, ...], expect: tuple[str, ...] = (), **kwargs: object) -> None:
    argv = tuple(args.split()) if isinstance(args, str) else args
    CASES.append(Case(name, argv, expect=expect, **kwargs))  # type: ignore[arg-type]


CHECK = "check --year 2027"

# -- YAML: aliases, nesting, keys, syntax, size -----------------------------------------------------------------


def laughs(levels: int = 9) -> bytes:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return ("\n".join(lines) + "\n").encode()


YAML_FILES = {
    "organisations": "data/organisations.yaml",
    "holidays": "data/holidays.yaml",
    "edition": "data/edition.yaml",
    "events": "data/events/verein-a.yaml",
}
for label, path in YAML_FILES.items():
    short = path.rsplit("/", 1)[1]
    case(f"yaml-laughs-{label}", CHECK, (short, ":9", "10,000"), files={path: laughs()})
    case(
        f"yaml-laughs-in-list-{label}",
        CHECK,
        (short, "10,000"),
        files={
            path: b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        },
    )
    case(f"yaml-recursive-{label}", CHECK, (short, ":1"), files={path: b"a: &a [1, *a]\n"})
    case(
        f"yaml-deep-{label}",
        CHECK,
        (short, "nested"),
        files={path: ("".join(f"{'  ' * d}k{d}:\n" for d in range(80)) + "  " * 80 + "x: 1\n").encode()},
    )
    case(f"yaml-list-key-{label}", CHECK, (short, ":2", "a key must be a name"), files={path: b"a: 1\n? [x, y]\n: 2\n"})
    case(f"yaml-syntax-{label}", CHECK, (short, ":2", "YAML syntax"), files={path: b"a: [1, 2\nb: }\n"})
    case(f"yaml-not-utf8-{label}", CHECK, (short, "UTF-8"), files={path: "a: Stra\u00dfe\n".encode("cp1252")})
    python_tag = b"a: !!python/object/apply:os.system ['true']\n"
    case(f"yaml-python-tag-{label}", CHECK, (short, ":1"), files={path: python_tag})
    case(
        f"yaml-too-large-{label}",
        CHECK,
        (short, "5.0 MB"),
        files={path: lambda: b"a: " + b"x" * (5 * 1024 * 1024 + 10) + b"\n"},
    )

case(
    "yaml-mapping-key",
    CHECK,
    ("organisations.yaml", ":2", "a key must be a name"),
    files={"data/organisations.yaml": b"organisations: []\n? {a: 1}\n: 2\n"},
)
case("yaml-top-level-list", CHECK, ("organisations.yaml", ":1"), files={"data/organisations.yaml": b"- 1\n- 2\n"})
case("yaml-empty-organisations", CHECK, ("organisations.yaml",), files={"data/organisations.yaml": b""})
case("yaml-nul-byte", CHECK, ("organisations.yaml",), files={"data/organisations.yaml": b"organisations:\x00 []\n"})

# -- text: controls, bidi, length -------------------------------------------------------------------------------

CONTROLS = {
    "nul": "\\0", "bel": "\\a", "esc": "\\e", "tab": "\\t", "vt": "\\v", "ff": "\\f", "del": "\\x7f",
    "c1-csi": "\\x9b", "c1-nel": "\\x85", "lre": "\\u202a", "rle": "\\u202b", "pdf": "\\u202c",
    "lro": "\\u202d", "rlo": "\\u202e", "lri": "\\u2066", "rli": "\\u2067", "fsi": "\\u2068", "pdi": "\\u2069",
}  # fmt: skip
for label, escape in CONTROLS.items():
    case(
        f"text-{label}-in-organisation-name",
        CHECK,
        ("organisations.yaml", ":3", "name"),
        files={"data/organisations.yaml": organisations(name=f'"Verein{escape}A"')},
    )
for label in ("esc", "rlo", "lri", "nul", "c1-csi"):
    escape = CONTROLS[label]
    case(
        f"text-{label}-in-event-title",
        CHECK,
        ("organisations.yaml", ":12", "title"),
        files={"data/organisations.yaml": organisations(title=f'"Tre{escape}ff"')},
    )
    case(
        f"text-{label}-in-festival-name",
        CHECK,
        ("holidays.yaml", ":9", "names.de"),
        files={"data/holidays.yaml": HOLIDAYS.replace("{de: Weihnachten,", f'{{de: "Weih{escape}nachten",').encode()},
    )
    case(
        f"text-{label}-in-edition-title",
        CHECK,
        ("edition.yaml", ":1", "title"),
        files={"data/edition.yaml": f'title: "Kalender{escape} {{year}}"\n'.encode()},
    )
case(
    "text-line-break-in-title",
    CHECK,
    ("organisations.yaml", ":12", "title", "line break"),
    files={"data/organisations.yaml": organisations(title='"Tre\\nff"')},
)
case(
    "text-long-name",
    CHECK,
    ("organisations.yaml", ":3", "1,000"),
    files={"data/organisations.yaml": organisations(name="N" * 2000)},
)
case(
    "text-long-description",
    CHECK,
    ("organisations.yaml", ":4", "5,000"),
    files={"data/organisations.yaml": organisations(description="D" * 6000)},
)
case(
    "text-long-explanation",
    CHECK,
    ("holidays.yaml", ":10", "explanation"),
    files={"data/holidays.yaml": HOLIDAYS.replace("Geburt Jesu", "G" * 6000).encode()},
)
case(
    "text-fifty-megabyte-explanation",
    CHECK,
    ("holidays.yaml", "5.0 MB"),
    files={"data/holidays.yaml": lambda: HOLIDAYS.replace("Geburt Jesu", "G" * (50 << 20)).encode()},
)

for label, change in (("offset-huge", ("rule: fixed 25 dec", "rule: easter+99999999")),
                      ("days-huge", ("rule: fixed 25 dec", "rule: fixed 25 dec\n    days: 99999999")),
                      ("table-year-9999", ("rule: fixed 25 dec", "rule: table\n    source: x\n    dates_source: x\n"
                                           "    dates: {9999: 9999-12-31}")),
                      ("impossible-date", ("rule: fixed 25 dec", "rule: table\n    dates_source: x\n"
                                           "    dates: {2027: 2027-02-30}"))):  # fmt: skip
    case(
        f"festival-{label}",
        CHECK,
        ("holidays.yaml", ":1"),
        files={"data/holidays.yaml": HOLIDAYS.replace(*change).encode()},
    )

# -- dates and recurrence of organisations' events --------------------------------------------------------------

for label, value in (("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-01"), ("1899-12-31", "1899-12-31"),
                     ("2101-01-06", "2101-01-06")):  # fmt: skip
    case(
        f"event-date-{label}",
        CHECK,
        ("organisations.yaml", ":13", "date"),
        files={"data/organisations.yaml": organisations(date=value, rrule="FREQ=YEARLY")},
    )
    case(
        f"dates-event-{label}",
        "dates --year 2027",
        ("organisations.yaml", ":13", "date"),
        files={"data/organisations.yaml": organisations(date=value, rrule="FREQ=YEARLY")},
    )
for freq in ("SECONDLY", "MINUTELY", "HOURLY"):
    case(
        f"rrule-{freq.lower()}",
        CHECK,
        ("organisations.yaml", ":15", "rrule", freq),
        files={"data/organisations.yaml": organisations(rrule=f"FREQ={freq}")},
    )
for label, rule in (("count-huge", "FREQ=DAILY;COUNT=99999999"), ("interval-zero", "FREQ=DAILY;INTERVAL=0"),
                    ("interval-huge", "FREQ=DAILY;INTERVAL=999999999"), ("until-9999", "FREQ=DAILY;UNTIL=99991231"),
                    ("until-garbage", "FREQ=DAILY;UNTIL=2027"), ("byhour", "FREQ=DAILY;BYHOUR=1,2,3"),
                    ("bysecond", "FREQ=DAILY;BYSECOND=1"), ("unknown-part", "FREQ=DAILY;X=1")):  # fmt: skip
    case(
        f"rrule-{label}",
        CHECK,
        ("organisations.yaml", ":15", "rrule"),
        files={"data/organisations.yaml": organisations(rrule=rule)},
    )
case(
    "rrule-impossible",
    CHECK,
    ("organisations.yaml", ":13", "date"),
    files={"data/organisations.yaml": organisations(date="2027-01-07", rrule="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")},
)
case(
    "rrule-from-1900-with-bad-exdates",
    CHECK,
    ("organisations.yaml", "exdates"),
    files={
        "data/organisations.yaml": organisations(
            date="1900-01-04", extra="        exdates: [" + ", ".join(f"2027-01-{d:02d}" for d in range(1, 29)) + "]\n"
        )
    },
)
case("rrule-5000-exdates", CHECK, ("organisations.yaml", "exdates", "500"),
     files={"data/organisations.yaml": lambda: organisations(date="1900-01-04", extra="        exdates: [" + ", ".join(
         f"{1900 + i // 52}-01-{1 + i % 28:02d}" for i in range(5000)) + "]\n")})  # fmt: skip
case(
    "rrule-600-moves",
    CHECK,
    ("organisations.yaml", "500"),
    files={
        "data/organisations.yaml": lambda: organisations(
            extra="        moved:\n"
            + "".join(f"          - {{from: {1990 + i // 50}-02-0{1 + i % 7}, date: 2027-02-02}}\n" for i in range(600))
        )
    },
)
case(
    "rrule-exdate-9999",
    CHECK,
    ("organisations.yaml", "exdates", "2100"),
    files={"data/organisations.yaml": organisations(extra="        exdates: [9999-12-30]\n")},
)

# -- paths and images: logos, artwork, ICC profile ------------------------------------------------------------------

for label, logo in (("absolute", "/etc/hostname"), ("parent", "../outside.png"), ("windows", "C:/logo.png"),
                    ("backslash", "..\\\\outside.png")):  # fmt: skip
    case(
        f"logo-path-{label}",
        CHECK,
        ("organisations.yaml", ":6", "logo", "leaves the data folder"),
        files={"data/organisations.yaml": organisations(logo=f'"{logo}"'), "outside.png": lambda: f.png(400, 400)},
    )
case(
    "logo-symlink-out",
    CHECK,
    ("organisations.yaml", ":6", "logo"),
    files={"outside.png": lambda: f.png(400, 400)},
    links={"data/logos/verein-a.png": "../../outside.png"},
)
for label, content in (("claims-60000", lambda: f.png_claiming(60_000, 60_000)),
                       ("claims-8000", lambda: f.png_claiming(8_000, 8_000)),
                       ("bomb-20000", lambda: f.png_bomb(20_000)), ("truncated", f.truncated_png),
                       ("not-an-image", b"hello"), ("empty", b"")):  # fmt: skip
    case(
        f"logo-png-{label}",
        CHECK,
        ("organisations.yaml", ":6", "logo", "verein-a.png"),
        files={"data/logos/verein-a.png": content},
    )
SVG_CASES = {
    "huge-width": f.svg('width="1e308" height="10"'),
    "inf-viewbox": f.svg('viewBox="0 0 1e400 10"'),
    "huge-viewbox": f.svg('viewBox="0 0 10000000 10000000"'),
    "huge-cm": f.svg('width="100000cm" height="10cm"'),
    "negative": f.svg('width="-10" height="10"'),
    "many-elements": f.svg_many_elements,
    "entity-laughs": f.svg_entity_laughs,
    "not-xml": b"<svg",
    "not-svg": b"<html xmlns='http://www.w3.org/1999/xhtml'/>",
    "image-of-a-file": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'viewBox="0 0 10 10"><image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>',
    "too-large": lambda: f.svg('viewBox="0 0 10 10"', "<!--" + "x" * (3 << 20) + "-->"),
}
for label, content in SVG_CASES.items():
    case(
        f"logo-svg-{label}",
        CHECK,
        ("organisations.yaml", ":6", "logo", "verein-a.svg"),
        files={"data/organisations.yaml": organisations(logo="logos/verein-a.svg"), "data/logos/verein-a.svg": content},
    )

for label, value in (("absolute", "/etc/hostname"), ("parent", "../outside.png"), ("nul", '"a\\0b.png"')):
    case(
        f"artwork-path-{label}",
        CHECK,
        ("edition.yaml", ":2", "artwork.cover"),
        files={"data/edition.yaml": f"artwork:\n  cover: {value}\n".encode(), "outside.png": lambda: f.png(400, 400)},
    )
case(
    "artwork-symlink-out",
    CHECK,
    ("edition.yaml", ":2", "artwork.cover"),
    files={"data/edition.yaml": b"artwork:\n  cover: art/cover.png\n", "outside.png": lambda: f.png(400, 400)},
    links={"data/art/cover.png": "../../outside.png"},
)
for label, content in (("claims-60000", lambda: f.png_claiming(60_000, 60_000)),
                       ("claims-12000", lambda: f.png_claiming(12_000, 12_000)),
                       ("bomb-20000", lambda: f.png_bomb(20_000)), ("truncated-png", f.truncated_png),
                       ("truncated-jpeg", f.jpeg_truncated), ("not-an-image", b"GIF89a?")):  # fmt: skip
    case(
        f"artwork-{label}",
        CHECK,
        ("edition.yaml", ":2", "artwork.1", "cover.png"),
        files={"data/edition.yaml": b"artwork:\n  1: art/cover.png\n", "data/art/cover.png": content},
    )
case(
    "artwork-list-as-key",
    CHECK,
    ("edition.yaml", ":2"),
    files={"data/edition.yaml": b"artwork:\n  ? [1, 2]\n  : art/cover.png\n"},
)
for label, value in (("absolute", "/etc/hostname"), ("parent", "../outside.icc")):
    case(
        f"icc-path-{label}",
        CHECK,
        ("edition.yaml", ":1", "icc_profile"),
        files={"data/edition.yaml": f"icc_profile: {value}\n".encode(), "outside.icc": b"x" * 200},
    )
for label, content in (("not-icc", b"x" * 500), ("empty", b""),
                       ("rgb", b"\0" * 16 + b"RGB " + b"\0" * 16 + b"acsp" + b"\0" * 88),
                       ("too-large", lambda: b"\0" * (11 << 20))):  # fmt: skip
    case(
        f"icc-{label}",
        CHECK,
        ("edition.yaml", ":1", "icc_profile", "profile.icc"),
        files={"data/edition.yaml": b"icc_profile: profile.icc\n", "data/profile.icc": content},
    )

# -- web addresses --------------------------------------------------------------------------------------------------

BAD_URLS = {
    "javascript": "javascript:alert(1)", "data": "data:text/html,hi", "file": "file:///etc/passwd",
    "ftp": "ftp://example.org/", "no-host": "https://", "space": "https://exa mple.org/", "bare-word": "kalender",
    "userinfo": "https://user:pw@example.org/", "bad-port": "https://example.org:99999999/",
}  # fmt: skip
for label, url in BAD_URLS.items():
    case(f"base-url-{label}", ("ics", "--year", "2027", "--base-url", url), ("--base-url",))
    case(
        f"feeds-base-url-{label}",
        CHECK,
        ("edition.yaml", ":1", "feeds_base_url"),
        files={"data/edition.yaml": f'feeds_base_url: "{url}"\n'.encode()},
    )
case("base-url-http", ("ics", "--year", "2027", "--base-url", "http://example.org/feeds/"), ("--base-url",))
case("base-url-long", ("ics", "--year", "2027", "--base-url", "https://example.org/" + "a" * 3000), ("--base-url",))
for label, url in (("javascript", "javascript:alert(1)"), ("data", "data:text/html,x"), ("space", "https://a b.org")):
    case(
        f"organisation-website-{label}",
        CHECK,
        ("organisations.yaml", ":9", "contact.website"),
        files={"data/organisations.yaml": organisations(website=f'"{url}"')},
    )

# -- feed-state.json -------------------------------------------------------------------------------------------------

ENTRY = '"uid@x": {{"hash": {hash}, "sequence": {sequence}, "modified": {modified}}}'


def state(hash: str = '"abc"', sequence: str = "1", modified: str = '"20260101T000000Z"') -> bytes:
    entry = ENTRY.format(hash=hash, sequence=sequence, modified=modified)
    return f'{{\n "format": 1,\n "entries": {{\n  {entry}\n }}\n}}\n'.encode()


FEED_STATES: dict[str, Content] = {
    "not-json": b"{", "list": b"[]", "format-2": b'{"format": 2, "entries": {}}', "entries-list": b'{"format": 1, '
    b'"entries": []}', "sequence-negative": state(sequence="-1"), "sequence-float": state(sequence="1e400"),
    "sequence-text": state(sequence='"x"'), "sequence-bool": state(sequence="true"),
    "sequence-huge": state(sequence="9" * 30), "sequence-5000-digits": state(sequence="9" * 5000),
    "modified-9999": state(modified='"99991231T235959Z"'), "modified-garbage": state(modified='"yesterday"'),
    "modified-number": state(modified="20260101"), "hash-mapping": state(hash='{"a": 1}'),
    "deep-nesting": b"[" * 100_000 + b"]" * 100_000, "nan": state(sequence="NaN"),
    "too-large": lambda: b" " * (21 << 20), "not-utf8": b'{"format": 1, "entries": {"\xff": 1}}',
}  # fmt: skip
for label, content in FEED_STATES.items():
    case(f"feed-state-{label}", "ics --year 2027", ("feed-state.json",), files={"data/feed-state.json": content})

# -- imports ---------------------------------------------------------------------------------------------------------

IMPORT_CSV = ("import-csv", "termine.csv", "--organisation", "verein-a")
CSV_CASES: dict[str, tuple[Content, tuple[str, ...]]] = {
    "million-rows": (lambda: f.csv_many(1_000_000), ("termine.csv", "5.0 MB")),
    "too-many-rows": (lambda: f.csv_many(12_000), ("termine.csv", "10,000")),
    "long-cell": (lambda: f.csv_rows("T;07.01.2027;19:00;" + "x" * 200_000 + ";;;;;"), ("termine.csv", ":2")),
    "long-title": (f.csv_rows("T" * 2000 + ";07.01.2027;;;;;;;"), ("termine.csv", ":2", "Titel")),
    "esc-in-title": (f.csv_rows("Tr\x1beff;07.01.2027;;;;;;;"), ("termine.csv", ":2", "Titel")),
    "rlo-in-place": (f.csv_rows("Treff;07.01.2027;;Ra\u202eum;;;;;"), ("termine.csv", ":2", "Ort")),
    "nul-byte": (f.csv_rows("Tr\x00eff;07.01.2027;;;;;;;"), ("termine.csv", ":2")),
    "date-9999": (f.csv_rows("Treff;31.12.9999;;;;;jährlich;;"), ("termine.csv", ":2")),
    "date-impossible": (f.csv_rows("Treff;31.02.2027;;;;;;;"), ("termine.csv", ":2", "Datum")),
    "secondly": (f.csv_rows("Treff;07.01.2027;;;;;FREQ=SECONDLY;;"), ("termine.csv", ":2", "Wiederholung")),
    "count-huge": (f.csv_rows("Treff;07.01.2027;;;;;FREQ=DAILY;COUNT=99999999;;"), ("termine.csv", ":2")),
    "600-exceptions": (lambda: f.csv_rows("Treff;07.01.2027;;;;;wöchentlich;;" + ",".join(
        f"{d:02d}.{m:02d}.{y}" for y in range(2027, 2040) for m in range(1, 13) for d in (1, 8, 15, 22))),
        ("termine.csv", ":2")),  # fmt: skip
    "unknown-column": (b"Titel;Datum;Farbe\nT;07.01.2027;rot\n", ("termine.csv", ":1", "Farbe")),
    "binary": (bytes(range(256)) * 10, ("termine.csv",)),
    "empty": (b"", ("termine.csv",)),
    "many-columns": (("Titel;Datum" + ";x" * 2000 + "\n").encode(), ("termine.csv", ":1")),
    "javascript-link": (f.csv_rows("Treff;07.01.2027;;;;javascript:alert(1);;;"), ("termine.csv", ":2", "Link")),
    "unclosed-quote": (b'Titel;Datum\n"Treff;07.01.2027\n', ("termine.csv",)),
}  # fmt: skip
for label, (content, expect) in CSV_CASES.items():
    case(f"csv-{label}", IMPORT_CSV, expect, files={"termine.csv": content})

IMPORT_ICS = ("import-ics", "kalender.ics", "--organisation", "verein-a", "--year", "2027")
ICS_CASES: dict[str, tuple[Content, tuple[str, ...]]] = {
    "secondly": (f.ics(f.vevent(extra="RRULE:FREQ=SECONDLY")), ("kalender.ics", ":4", "RRULE")),
    "minutely-1900": (f.ics(f.vevent(start="19000101T000000", extra="RRULE:FREQ=MINUTELY")), ("kalender.ics", ":4")),
    "hourly": (f.ics(f.vevent(extra="RRULE:FREQ=HOURLY;INTERVAL=1")), ("kalender.ics", ":4", "RRULE")),
    "daily-from-0001": (f.ics(f.vevent(start="00010101T190000", extra="RRULE:FREQ=DAILY")), ("kalender.ics", ":4")),
    "start-9999": (f.ics(f.vevent(start="99991231T190000")), ("kalender.ics", ":4", "DTSTART")),
    "sixty-thousand-events": (lambda: f.ics_many(60_000), ("kalender.ics", "10,000")),
    "duplicate-uid": (f.ics(f.vevent("same@x", summary="Eins"), f.vevent("same@x", "20270108T190000", "Zwei")),
                      ("kalender.ics", ":10", "line 4", "Zwei")),
    "duplicate-recurrence-id": (f.ics(
        f.vevent("s@x", extra="RRULE:FREQ=WEEKLY"),
        f.vevent("s@x", "20270114T200000", extra="RECURRENCE-ID;TZID=Europe/Berlin:20270114T190000"),
        f.vevent("s@x", "20270114T210000", extra="RECURRENCE-ID;TZID=Europe/Berlin:20270114T190000")),
        ("kalender.ics", "RECURRENCE-ID")),  # fmt: skip
    "no-dtstart": (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:T\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                   ("kalender.ics", ":2", "DTSTART")),
    "bad-dtstart": (f.ics(f.vevent(start="2027-01-07")), ("kalender.ics",)),
    "garbage": (b"hello world\n", ("kalender.ics",)),
    "binary": (bytes(range(256)) * 4, ("kalender.ics",)),
    "empty": (b"", ("kalender.ics",)),
    "not-utf8": (f.ics(f.vevent(summary="Stra\u00dfe")).replace(b"\xc3\x9f", b"\xdf"), ("kalender.ics", "UTF-8")),
    "truncated": (f.ics(f.vevent(), f.vevent("b@x"))[:150], ("kalender.ics",)),
    "5000-exdates": (lambda: f.ics(f.vevent(extra="RRULE:FREQ=DAILY\nEXDATE;TZID=Europe/Berlin:" + ",".join(
        f"{2027 + i // 365}{1 + i % 12:02d}{1 + i % 28:02d}T190000" for i in range(5000)))),
        ("kalender.ics", ":4", "EXDATE")),  # fmt: skip
    "rrule-garbage": (f.ics(f.vevent(extra="RRULE:FREQ=;;;;")), ("kalender.ics",)),
    "esc-in-summary": (f.ics(f.vevent(summary="Tr\x1beff")), ("kalender.ics", ":4", "SUMMARY")),
    "rlo-in-summary": (f.ics(f.vevent(summary="Tr\u202eeff")), ("kalender.ics", ":4", "SUMMARY")),
    "long-summary": (f.ics(f.vevent(summary="T" * 5000)), ("kalender.ics", ":4", "SUMMARY")),
    "too-large": (lambda: f.ics(f.vevent(extra="DESCRIPTION:" + "x" * (33 << 20))), ("kalender.ics", "32.0 MB")),
    "5000-rdates": (lambda: f.ics(f.vevent(extra="RDATE;TZID=Europe/Berlin:" + ",".join(
        f"{2027 + i // 365}{1 + i % 12:02d}{1 + i % 28:02d}T190000" for i in range(5000)))),
        ("kalender.ics", ":4", "RDATE")),  # fmt: skip
}  # fmt: skip
for label, (content, expect) in ICS_CASES.items():
    case(f"ics-{label}", IMPORT_ICS, expect, files={"kalender.ics": content})

# -- preflight ------------------------------------------------------------------------------------------------------

PDF_CASES: dict[str, tuple[Content, tuple[str, ...]]] = {
    "content-bomb": (lambda: f.pdf_content_bomb(1024), ("druck.pdf", "too large to check", "2 MB")),
    "image-60000": (f.pdf_huge_image, ("druck.pdf", "too large to check", "60,000,000")),
    "image-data-bomb": (f.pdf_image_data_bomb, ("druck.pdf", "too large to check")),
    "profile-bomb": (f.pdf_profile_bomb, ("druck.pdf", "too large to check")),
    "tounicode-bomb": (f.pdf_tounicode_bomb, ("druck.pdf",)),
    "5000-pages": (lambda: f.pdf_page(pages=5000), ("druck.pdf", "too large to check", "200")),
    "many-operators": (f.pdf_many_operators, ("druck.pdf", "too large to check")),
    "self-drawing-form": (f.pdf_self_drawing_form, ("druck.pdf",)),
    "contents-not-a-stream": (f.pdf_contents_not_a_stream, ("druck.pdf",)),
    "encrypted": (f.pdf_encrypted, ("druck.pdf", "password")),
    "truncated": (f.pdf_truncated, ("druck.pdf",)),
    "garbage": (b"%PDF-1.4\nnothing here\n", ("druck.pdf",)),
    "empty": (b"", ("druck.pdf",)),
    "not-a-pdf": (b"\x89PNG\r\n\x1a\n", ("druck.pdf",)),
}
for label, (content, expect) in PDF_CASES.items():
    case(f"preflight-{label}", "preflight druck.pdf", expect, files={"druck.pdf": content})
case("preflight-missing", "preflight nowhere.pdf", ("nowhere.pdf",))
case("preflight-folder", "preflight data", ("data",))

# -- arguments -------------------------------------------------------------------------------------------------------

for value in ("99999", "-5", "0", "1899", "2101", "abc", "2027.5", "9" * 40):
    case(f"arg-year-{value[:12]}", ("build", "--year", value), ("--year",))
for command in ("dates", "check", "ics", "proof"):
    case(f"arg-{command}-year-huge", (command, "--year", "99999"), ("--year",))
case("arg-dates-from-1-to-9999", "dates --from 1 --to 9999", ("--from",))
case("arg-dates-to-9999", "dates --from 2027 --to 9999", ("--to",))
case("arg-dates-reversed", "dates --from 2100 --to 1900", ("--to 1900", "--from 2100"))
case("arg-import-ics-year", ("import-ics", "x.ics", "--organisation", "verein-a", "--year", "-5"), ("--year",))
case(
    "arg-import-unknown-organisation",
    ("import-ics", "x.ics", "--organisation", "nobody", "--year", "2027"),
    ("organisations.yaml", "nobody"),
    files={"x.ics": f.ics(f.vevent())},
)
case("arg-import-missing-file", ("import-csv", "nowhere.csv", "--organisation", "verein-a"), ("nowhere.csv",))
for label, trim in (("garbage", "axb"), ("one-number", "297"), ("huge", "1e308x1e308"), ("empty", "")):
    case(
        f"arg-preflight-trim-{label}",
        ("preflight", "druck.pdf", "--trim", trim),
        ("--trim",),
        files={"druck.pdf": lambda: f.pdf_page()},
    )
case("arg-data-is-a-file", "check --data data/holidays.yaml --year 2027", ("holidays.yaml",))
case("arg-data-missing", "check --data nowhere --year 2027", ("nowhere",))

# -- environment -----------------------------------------------------------------------------------------------------

for label, value in (("huge", "99999999999999999999"), ("year-9999", "253402300799"), ("negative", "-1"),
                     ("text", "yesterday"), ("float", "1.5e9"), ("after-2100", "4133980800")):  # fmt: skip
    for command in ("dates", "check", "ics") if label in ("huge", "year-9999") else ("dates",):
        case(f"env-epoch-{label}-{command}", (command,), ("SOURCE_DATE_EPOCH",), env={"SOURCE_DATE_EPOCH": value})
