"""Glyph coverage of everything the print edition will show, checked before anything is laid out or drawn.

A character no shipped font has would print as an empty box (ReportLab draws nothing and says nothing), so
every string from the data and the settings is checked with the text layer's fallback chains first, and each
gap is reported with the data file, line, field and entry id, the character and the fonts tried.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from calendar_builder.calendars.monthnames import cldr_month_names
from calendar_builder.edition.model import Edition
from calendar_builder.edition.settings import EditionSettings
from calendar_builder.errors import DataError, Location, Problem
from calendar_builder.layout.orgbox import printed_strings
from calendar_builder.text.shaping import check_coverage

#: (text, where, entry id, font style)
Printed = tuple[str, Location, str, str]


def printed_texts(edition: Edition, look: EditionSettings) -> Iterator[Printed]:
    """Every string from the data and the edition settings that the print PDF shows."""
    catalogue = edition.catalogue
    holidays = catalogue.file or "data/holidays.yaml"
    for tradition in catalogue.traditions:
        yield tradition.name_de, Location(holidays, 0, f"traditions.{tradition.id}.name"), tradition.id, "sans"
        yield tradition.symbol, Location(holidays, 0, f"traditions.{tradition.id}.symbol"), tradition.id, "sans"
    seen: set[str] = set()
    for occurrence in edition.occurrences:
        festival = occurrence.festival
        if festival.id in seen:
            continue
        seen.add(festival.id)
        file, line = festival.file or holidays, festival.line
        for style in ("sans", "bold"):  # bold in the strip and for public holidays
            yield festival.name_de, Location(file, line, "names.de"), festival.id, style
        for lang, text in festival.original_names:
            yield text, Location(file, line, f"names.{lang}"), festival.id, "sans"
        if festival.explanation_de:
            yield festival.explanation_de, Location(file, line, "explanation.de"), festival.id, "sans"
        for greeting in festival.greetings[:1]:  # the strip shows the first greeting
            yield (
                f"„{greeting.text}“ ({greeting.transliteration})",
                Location(file, line, "greetings"),
                festival.id,
                "sans",
            )
    for org in edition.organisations.organisations:
        for field, text in printed_strings(org):
            if text:
                style = "bold" if field in ("name", "short_name") else "sans"
                yield text, Location(org.file, org.line, field), org.id, style
    events_seen: set[tuple[str, str]] = set()
    for dated in edition.events:
        event = dated.event
        if (event.organisation, event.id) in events_seen:
            continue
        events_seen.add((event.organisation, event.id))
        yield event.title_de, Location(event.file, event.line, "title"), f"{event.organisation}/{event.id}", "sans"
    settings_file = look.file or str(Path("data") / "edition.yaml")
    yield look.title_for(edition.year), Location(settings_file, 0, "title"), "edition", "bold"
    yield look.subtitle, Location(settings_file, 0, "subtitle"), "edition", "sans"
    for index, publisher in enumerate(look.publishers):
        yield publisher, Location(settings_file, 0, f"publishers[{index}]"), "edition", "bold" if index == 0 else "sans"
    yield look.subscribe_page_url, Location(settings_file, 0, "subscribe_url"), "edition", "bold"
    for month in range(1, 13):
        for code, name in cldr_month_names(month, look.month_languages):
            yield name, Location(settings_file, 0, f"month_languages ({code})"), f"month {month}", "sans"


def check_print_coverage(edition: Edition, look: EditionSettings) -> None:
    """Raise DataError listing every character of the printed texts that no shipped font covers."""
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for text, where, entry, style in printed_texts(edition, look):
        for problem in check_coverage(text, where, entry, style):
            key = (str(where), problem.message)
            if key not in reported:
                reported.add(key)
                problems.append(problem)
    if problems:
        raise DataError(problems)
