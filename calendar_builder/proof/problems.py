"""What a reviewer must decide before print: the "Zu entscheiden" page at the front of every proof.

Everything here is found from the edition and its decided pages, never from the drawn PDF, so each check
can be tested on data alone. A section with no findings still appears (as "nichts gefunden"), so that a
reviewer sees which checks ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from calendar_builder.calendars.monthnames import MONTHS_DE
from calendar_builder.edition.model import Edition
from calendar_builder.layout.geometry import Image, Page
from calendar_builder.layout.images import GOOD_PPI
from calendar_builder.text import metrics

#: a date table ending within this many years of the edition year is flagged (someone must extend it)
TABLE_WARNING_YEARS = 3
WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


@dataclass(frozen=True)
class ProblemSection:
    heading: str
    #: one line per finding, each naming where to fix it
    findings: tuple[str, ...]


def day_label(day: date) -> str:
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day:%d.%m.%Y}"


def find_problems(
    edition: Edition, pages: tuple[Page, ...], warnings: tuple[str, ...] = ()
) -> tuple[ProblemSection, ...]:
    """Every open decision of the edition, grouped; `warnings` are extra lines from the build."""
    return (
        ProblemSection("Erfundene Beispielvereine noch enthalten", _samples(edition)),
        ProblemSection("Feste mit fehlenden Texten oder Namen", _missing_texts(edition)),
        ProblemSection(
            f"Daten aus Tabellen, die bald enden (bis {edition.year + TABLE_WARNING_YEARS})", _tables_ending(edition)
        ),
        ProblemSection("Tage mit mehr Einträgen als Platz im Kästchen", _overflowing_days(edition, pages)),
        ProblemSection("Warnungen aus dem Build", _build_warnings(edition, pages, warnings)),
    )


def _samples(edition: Edition) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for event in edition.events:
        counts[event.organisation] = counts.get(event.organisation, 0) + 1
    return tuple(
        f"{o.name} ({o.file}:{o.line}): sample: true, {counts.get(o.id, 0)} Termine im Jahr {edition.year} – "
        "vor dem Druck entfernen"
        for o in edition.organisations.organisations
        if o.sample
    )


def _missing_texts(edition: Edition) -> tuple[str, ...]:
    """German explanation (printed), English name and explanation (feeds), original-script names.

    An original-script name is "expected" where other festivals of the same tradition have one.
    """
    festivals = [o.festival for o in edition.occurrences]
    unique = {f.id: f for f in festivals}
    with_original = {f.tradition for f in unique.values() if f.original_names}
    findings: list[str] = []
    for festival in sorted(unique.values(), key=lambda f: (f.file, f.line)):
        where = f"{festival.name_de} ({festival.file}:{festival.line})"
        missing = []
        if not festival.explanation_de.strip():
            missing.append("deutsche Erklärung (explanation.de)")
        if not festival.name("en").strip():
            missing.append("englischer Name (names.en)")
        if not festival.explanation_en.strip():
            missing.append("englische Erklärung (explanation.en)")
        if not festival.original_names and festival.tradition in with_original:
            missing.append("Name in Originalschrift (andere Feste dieser Tradition haben einen)")
        unprintable = [text for _, text in festival.original_names if not metrics.renderable(text)]
        if unprintable:
            missing.append(f"druckbare Schrift für {unprintable[0]!r} (keine mitgelieferte Schrift deckt sie ab)")
        if missing:
            findings.append(f"{where}: es fehlt {', '.join(missing)}")
    return tuple(findings)


def _tables_ending(edition: Edition) -> tuple[str, ...]:
    findings: list[str] = []
    unique = {o.festival.id: o.festival for o in edition.occurrences}
    for festival in sorted(unique.values(), key=lambda f: (f.file, f.line)):
        for label, table in (("Tabelle", festival.table), ("angekündigte Daten", festival.announced)):
            if table is None or table.last_year > edition.year + TABLE_WARNING_YEARS:
                continue
            findings.append(
                f"{festival.name_de} ({festival.file}:{festival.line}): {label} reicht nur bis {table.last_year} "
                f"(Quelle: {table.source}) – für spätere Ausgaben verlängern"
            )
    return tuple(findings)


def _overflowing_days(edition: Edition, pages: tuple[Page, ...]) -> tuple[str, ...]:
    names = {o.festival.id: o.festival.name_de for o in edition.occurrences}
    findings: list[str] = []
    for month, page in month_pages(pages):
        for cell in page.cells:
            if not cell.hidden:
                continue
            day = date(edition.year, month, cell.day)
            hidden = ", ".join(names.get(i, i) for i in cell.hidden)
            findings.append(
                f"{day_label(day)}: {len(cell.shown)} von {len(cell.shown) + len(cell.hidden)} Festen im "
                f"Kästchen, „→ {len(cell.hidden)} weitere Feste unten“: {hidden} (mit → im Streifen von "
                f"{MONTHS_DE[month - 1]})"
            )
        # what print leaves to the feeds: the editors decide whether that is right
        online = [key for key, place in page.placements if place == "feeds only"]
        if online:
            findings.append(
                f"{MONTHS_DE[month - 1]}: {len(online)} Termin(e) der Vereine nur im Online-Kalender (kein Platz "
                f"auf der Seite): {', '.join(online[:8])}{' …' if len(online) > 8 else ''}"
            )
    return tuple(findings)


def _build_warnings(edition: Edition, pages: tuple[Page, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    findings: list[str] = list(extra)
    if edition.sample_warning:
        findings.append(edition.sample_warning)
    for page in pages:
        for element in page.walk():
            if isinstance(element, Image) and element.ppi < GOOD_PPI:
                findings.append(f"Bild {element.path}: nur {element.ppi:.0f} ppi in Druckgröße auf Seite "
                                f"{page.number} ({GOOD_PPI} ppi gewünscht)")  # fmt: skip
    findings += [f"nicht im Kalender: {notice}" for notice in edition.left_out]
    findings += [str(notice) for notice in edition.event_notices]
    return tuple(findings)


def month_pages(pages: tuple[Page, ...]) -> list[tuple[int, Page]]:
    """The month pages with their month number (they follow the cover in calendar order)."""
    months = [page for page in pages if page.kind == "month"]
    return list(zip(range(1, len(months) + 1), months, strict=False))
