"""The open decisions before print, as the proof's first pages list them.

An `OpenDecision` is one thing the council or the editorial team must settle: a plain German sentence for the
council and, separately, where it is fixed (file, line, field) for the editorial team's appendix. Each topic has
a finder that works on the edition and its decided pages (never on the drawn PDF). The print gates (sample data,
feeds address, imprint, provisional dates) may hand in their own findings as `given`: a topic with given findings
is taken from them instead of its finder here, so a blocker is listed once, in the gate's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from calendar_builder.core.model import Agreement
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition.model import Edition
from calendar_builder.edition.settings import IMPRINT_LABELS, IMPRINT_REQUIRED, EditionSettings
from calendar_builder.edition.wording import source_de
from calendar_builder.layout.geometry import Image, Page
from calendar_builder.layout.images import GOOD_PPI
from calendar_builder.proof.things import day_label, other_conventions, short_source
from calendar_builder.text import metrics

#: a date table ending within this many years of the edition year is flagged (someone must extend it)
TABLE_WARNING_YEARS = 3


class Topic(StrEnum):
    """The kinds of open decision, in the order the proof lists them."""

    SAMPLE = "sample"  # fictional sample organisations still in the data
    FEEDS_ADDRESS = "feeds-address"  # the address behind the QR code is not confirmed
    IMPRINT = "imprint"  # required imprint fields are empty
    PROVISIONAL = "provisional"  # dates computed by rule for a year their organisers have not announced yet
    UNCONFIRMED = "unconfirmed"  # dates a second method contradicts, or that have no second source
    CONVENTION = "convention"  # communities follow different conventions: both dates
    OVERFLOW = "overflow"  # cells that show "+N": entries moved to the list below the month
    TEXTS = "texts"  # festivals missing a text or a name
    TABLES = "tables"  # date tables that end soon
    OTHER = "other"  # anything else the build reports (images, entries left out)


HEADINGS = {
    Topic.SAMPLE: "Erfundene Beispielvereine sind noch enthalten",
    Topic.FEEDS_ADDRESS: "Adresse der Kalender-Abos (QR-Code) ist nicht bestätigt",
    Topic.IMPRINT: "Angaben im Impressum fehlen",
    Topic.PROVISIONAL: "Vorläufige Daten (vom Veranstalter noch nicht angekündigt)",
    Topic.UNCONFIRMED: "Daten, die eine zweite Quelle nicht bestätigt",
    Topic.CONVENTION: "Feste, die Gemeinden an verschiedenen Tagen feiern",
    Topic.OVERFLOW: "Tage, an denen nicht alles ins Kästchen passt",
    Topic.TEXTS: "Feste ohne Erklärung oder ohne Namen in Originalschrift",
    Topic.TABLES: "Datumstabellen, die bald enden",
    Topic.OTHER: "Weitere Hinweise",
}


#: one sentence under each heading, so that each finding can be short
NOTES = {
    Topic.SAMPLE: "Diese Vereine gibt es nicht; sie zeigen nur, wie Vereinstermine aussehen. Vor dem Druck entfernen.",
    Topic.PROVISIONAL: "Diese Termine legen die Veranstalter jedes Jahr neu fest; für dieses Jahr sind sie noch nicht "
    "angekündigt, das Datum ist nach der Regel der Vorjahre berechnet. Drucken wir es als „vorläufig“, oder fragen "
    "wir vorher nach?",
    Topic.UNCONFIRMED: "Jedes Datum wird mit einer zweiten, unabhängigen Methode nachgerechnet. Bei diesen Festen "
    "ergibt sie einen anderen Tag, oder es gibt keine zweite Quelle: Welcher Tag stimmt? Bitte im Kalender der "
    "Gemeinde nachsehen; bis dahin wird nur ein Entwurf gedruckt.",
    Topic.CONVENTION: "Verschiedene Gemeinden feiern an verschiedenen Tagen: Welcher Tag soll im Kalender stehen?",
    Topic.OVERFLOW: "In diesen Kästchen steht „+N“; die übrigen Einträge stehen in der Liste unter dem Kalender "
    "dieses Monats. Ist das so in Ordnung, oder soll etwas anderes ins Kästchen?",
}


@dataclass(frozen=True)
class OpenDecision:
    topic: Topic
    #: for the council: plain German, no file names or data keys
    text: str
    #: for the editorial team's appendix: file, line and field where it is decided
    where: str = ""


def open_decisions(
    edition: Edition,
    pages: tuple[Page, ...],
    look: EditionSettings,
    options: ExpandOptions,
    given: Iterable[OpenDecision] = (),
) -> tuple[OpenDecision, ...]:
    """Every open decision of the edition, in topic order; `given` replaces the finders of its topics."""
    given = tuple(given)
    replaced = {d.topic for d in given}
    finders = {
        Topic.SAMPLE: lambda: _samples(edition),
        Topic.FEEDS_ADDRESS: lambda: _feeds_address(look),
        Topic.IMPRINT: lambda: _imprint(look),
        Topic.PROVISIONAL: lambda: _provisional(edition),
        Topic.UNCONFIRMED: lambda: _unconfirmed(edition),
        Topic.CONVENTION: lambda: _conventions(edition, options),
        Topic.OVERFLOW: lambda: overflowing_cells(edition, pages),
        Topic.TEXTS: lambda: _missing_texts(edition),
        Topic.TABLES: lambda: _tables_ending(edition),
        Topic.OTHER: lambda: _other(edition, pages),
    }
    found: list[OpenDecision] = []
    for topic in Topic:
        found += [d for d in given if d.topic is topic] if topic in replaced else finders[topic]()
    return tuple(found)


def by_topic(decisions: Sequence[OpenDecision]) -> list[tuple[Topic, tuple[OpenDecision, ...]]]:
    """Every topic with its decisions (empty topics too: the reviewer sees which checks ran)."""
    return [(topic, tuple(d for d in decisions if d.topic is topic)) for topic in Topic]


def _samples(edition: Edition) -> list[OpenDecision]:
    counts: dict[str, int] = {}
    for event in edition.events:
        counts[event.organisation] = counts.get(event.organisation, 0) + 1
    return [
        OpenDecision(
            Topic.SAMPLE,
            f"„{o.name}“ ({counts.get(o.id, 0)} Termine im Kalender)",
            f"{o.file}:{o.line} [sample: true]",
        )  # fmt: skip
        for o in edition.organisations.organisations
        if o.sample
    ]


def _feeds_address(look: EditionSettings) -> list[OpenDecision]:
    """Open until data/edition.yaml confirms that the feeds are published at their address (a print gate)."""
    if look.feeds_base_url_confirmed:
        return []
    return [
        OpenDecision(
            Topic.FEEDS_ADDRESS,
            f"Der QR-Code auf der Rückseite und die Kalender-Abos führen zu "
            f"{look.feeds_base_url} – bitte bestätigen, dass die Seite dort erscheinen wird.",
            f"{look.file or 'edition.yaml'}:{look.line_of('feeds_base_url_confirmed')} [feeds_base_url_confirmed]",
        )  # fmt: skip
    ]


def _imprint(look: EditionSettings) -> list[OpenDecision]:
    """Every required imprint field that is still empty (the press law asks for publisher and printer)."""
    return [
        OpenDecision(
            Topic.IMPRINT,
            f"Im Impressum fehlt: {IMPRINT_LABELS[key]}",
            f"{look.file or 'edition.yaml'}:{look.line_of('imprint')} [imprint.{key}]",
        )  # fmt: skip
        for key in IMPRINT_REQUIRED
        if not look.imprint_text(key).strip()
    ]


def _provisional(edition: Edition) -> list[OpenDecision]:
    found = []
    for occurrence in edition.occurrences:
        if occurrence.provisional:  # computed by rule for a year its organisers have not announced yet
            festival = occurrence.festival
            text = (f"„{festival.name_de}“ am {day_label(occurrence.start)} (nach Regel berechnet, vom Veranstalter "
                    "noch nicht angekündigt)")  # fmt: skip
            found.append(OpenDecision(Topic.PROVISIONAL, text, f"{festival.file}:{festival.line} [announced]"))
    return found


def _unconfirmed(edition: Edition) -> list[OpenDecision]:
    """Both dates and both methods of every printed date that its second source does not confirm."""
    found = []
    for occurrence, confirmation in edition.unconfirmed:
        festival = occurrence.festival
        first = f"„{festival.name_de}“: gedruckt am {day_label(occurrence.start)} nach {source_de(occurrence.source)}"
        if confirmation.agreement is Agreement.DISAGREES:
            second = day_label(confirmation.second) if confirmation.second else "keinen Tag in der Nähe"
            text = f"{first}; zweite Quelle ({confirmation.method}): {second}"
        else:
            text = f"{first}; keine zweite Quelle ({confirmation.method})"
        field = "confirmed" if festival.confirmed else "rule"
        found.append(OpenDecision(Topic.UNCONFIRMED, text, f"{festival.file}:{festival.line} [{field}]"))
    return found


def _conventions(edition: Edition, options: ExpandOptions) -> list[OpenDecision]:
    found = []
    for occurrence in edition.occurrences:
        for name, day in other_conventions(occurrence, options):
            festival = occurrence.festival
            text = f"„{festival.name_de}“: gedruckt am {day_label(occurrence.start)}; nach {name} am {day_label(day)}"
            found.append(OpenDecision(Topic.CONVENTION, text, f"{festival.file}:{festival.line} [rule]"))
    return found


def overflowing_cells(edition: Edition, pages: tuple[Page, ...]) -> list[OpenDecision]:
    """Every day cell that shows "+N": which entries moved out of the cell into the list below the month."""
    festivals = {o.festival.id: o.festival.name_de for o in edition.occurrences}
    events = {f"{e.organisation}/{e.event.id}": e.event.title_de for e in edition.events}
    found = []
    for month, page in month_pages(pages):
        for cell in page.cells:
            hidden = [festivals.get(i, i) for i in cell.hidden] + [events.get(k, k) for k in cell.hidden_events]
            if not hidden:
                continue
            shown = len(cell.shown) + len(cell.shown_events)
            day = date(edition.year, month, cell.day)
            names = ", ".join(f"„{n}“" for n in hidden)
            found.append(OpenDecision(Topic.OVERFLOW, f"{day_label(day)}: im Kästchen stehen {shown} von "
                                      f"{shown + len(hidden)} Einträgen; „+{len(hidden)}“ steht für {names}",
                                      f"Seite {page.number}, Kästchen {cell.day}."))  # fmt: skip
    return found


def _missing_texts(edition: Edition) -> list[OpenDecision]:
    """German explanation (printed), English name and explanation (feeds), original-script names.

    An original-script name is "expected" where other festivals of the same tradition have one.
    """
    unique = {o.festival.id: o.festival for o in edition.occurrences}
    with_original = {f.tradition for f in unique.values() if f.original_names}
    found = []
    for festival in sorted(unique.values(), key=lambda f: (f.file, f.line)):
        missing: list[tuple[str, str]] = []
        if not festival.explanation_de.strip():
            missing.append(("die deutsche Erklärung", "explanation.de"))
        if not festival.name("en").strip():
            missing.append(("der englische Name (für die Kalender-Abos)", "names.en"))
        if not festival.explanation_en.strip():
            missing.append(("die englische Erklärung (für die Kalender-Abos)", "explanation.en"))
        if not festival.original_names and festival.tradition in with_original:
            missing.append(("der Name in Originalschrift (andere Feste dieser Tradition haben einen)", "names"))
        unprintable = [text for _, text in festival.original_names if not metrics.renderable(text)]
        if unprintable:
            missing.append((f"eine Schrift, die „{unprintable[0]}“ drucken kann", "names"))
        if missing:
            text = f"„{festival.name_de}“: es fehlt {', '.join(m for m, _ in missing)}."
            where = f"{festival.file}:{festival.line} [{', '.join(k for _, k in missing)}]"
            found.append(OpenDecision(Topic.TEXTS, text, where))
    return found


def _tables_ending(edition: Edition) -> list[OpenDecision]:
    found = []
    unique = {o.festival.id: o.festival for o in edition.occurrences}
    for festival in sorted(unique.values(), key=lambda f: (f.file, f.line)):
        for label, key, table in (("Tabelle", "table", festival.table),
                                  ("Liste der angekündigten Daten", "announced", festival.announced)):  # fmt: skip
            if table is None or table.last_year > edition.year + TABLE_WARNING_YEARS:
                continue
            text = (f"„{festival.name_de}“: die {label} reicht nur bis {table.last_year} (Quelle: "
                    f"{short_source(table.source)}) – für spätere Ausgaben verlängern.")  # fmt: skip
            found.append(OpenDecision(Topic.TABLES, text, f"{festival.file}:{festival.line} [{key}]"))
    return found


def _other(edition: Edition, pages: tuple[Page, ...]) -> list[OpenDecision]:
    found = []
    for page in pages:
        for element in page.walk():
            if isinstance(element, Image) and element.ppi < GOOD_PPI:
                found.append(OpenDecision(Topic.OTHER, f"Ein Bild auf Seite {page.number} ist für den Druck zu grob "
                                          f"({element.ppi:.0f} statt {GOOD_PPI} Bildpunkte pro Zoll).",
                                          str(element.path)))  # fmt: skip
    for notice in edition.left_out:
        text = (f"„{notice.festival.name_de}“ fehlt im Kalender {notice.year}: sein Datum lässt sich für dieses Jahr "
                "nicht bestimmen.")  # fmt: skip
        found.append(OpenDecision(Topic.OTHER, text, str(notice)))
    names = {o.id: o.name for o in edition.organisations.organisations}
    for event_notice in edition.event_notices:
        event = event_notice.event
        text = (f"„{event.title_de}“ ({names.get(event.organisation, event.organisation)}) hat {event_notice.year} "
                "keinen Termin und fehlt deshalb im Kalender (in den Kalender-Abos bleibt er).")  # fmt: skip
        found.append(OpenDecision(Topic.OTHER, text, str(event_notice)))
    return found


def month_pages(pages: tuple[Page, ...]) -> list[tuple[int, Page]]:
    """The month pages with their month number (they follow the cover in calendar order)."""
    months = [page for page in pages if page.kind == "month"]
    return list(zip(range(1, len(months) + 1), months, strict=False))
