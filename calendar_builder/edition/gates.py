"""The print gates: what keeps an edition a draft. A file named and marked for the print shop is written only when
none of these holds; otherwise the build writes a draft marked "ENTWURF – NICHT DRUCKEN" and lists every blocker
with the file, line and field to change (5,000 copies: a wrong date or a fictional organisation cannot be taken
back once printed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calendar_builder.core.model import Agreement, Decision, Occurrence
from calendar_builder.edition.model import Edition
from calendar_builder.edition.settings import IMPRINT_LABELS, IMPRINT_REQUIRED, EditionSettings

DRAFT_MARK = "ENTWURF – NICHT DRUCKEN"


@dataclass(frozen=True)
class Blocker:
    """One reason the edition is not ready for print, located where it can be fixed."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} [{self.field}]: {self.message}"


def print_blockers(edition: Edition, settings: EditionSettings, data_dir: Path) -> tuple[Blocker, ...]:
    """Every blocker of the edition, in the order a reviewer fixes them: data, feeds address, imprint, logos,
    provisional dates, dates a second source does not confirm."""
    settings_file = settings.file or str(data_dir / "edition.yaml")
    found: list[Blocker] = []
    for org in edition.organisations.organisations:
        if org.sample:
            found.append(Blocker(org.file, org.line, "sample", f"organisation '{org.id}' is fictional sample data; "
                                 "remove it before printing"))  # fmt: skip
    if not settings.feeds_base_url_confirmed:
        found.append(Blocker(
            settings_file, settings.line_of("feeds_base_url_confirmed") or settings.line_of("feeds_base_url"),
            "feeds_base_url_confirmed",
            f"the QR code leads to {settings.subscribe_page_url}; publish out/<year>/feeds/ there, open the address, "
            "then set feeds_base_url_confirmed: true",
        ))  # fmt: skip
    for key in IMPRINT_REQUIRED:
        if not settings.imprint_text(key):
            line = settings.line_of(f"imprint.{key}") or settings.line_of("imprint")
            message = f"the imprint's '{IMPRINT_LABELS[key]}' is empty; it is printed on the back page"
            found.append(Blocker(settings_file, line, f"imprint.{key}", message))
    for index, logo in enumerate(settings.publisher_logos, start=1):
        if logo.placeholder:
            found.append(Blocker(settings_file, logo.line, f"publishers_logos[{index}].placeholder",
                                 f"the logo of {logo.name!r} is a placeholder ({logo.path.name}); put the logo file "
                                 "the publisher supplied under file and remove placeholder: true"))  # fmt: skip
    seen: set[str] = set()
    for occurrence in edition.occurrences:
        festival = occurrence.festival
        if festival.announced is None or occurrence.source.decision != Decision.RULE or festival.id in seen:
            continue
        seen.add(festival.id)
        found.append(Blocker(
            festival.file, festival.line, "announced",
            f"the date of '{festival.id}' in {occurrence.start.year} ({occurrence.start:%d.%m.%Y}) is provisional: "
            "its organisers have not announced it yet and the rule only estimates it; add the announced dates",
        ))  # fmt: skip
    found += unconfirmed_dates(edition)
    return tuple(found)


def unconfirmed_dates(edition: Edition) -> list[Blocker]:
    """Every printed date that a second method contradicts, or that has no second source."""
    found = []
    for occurrence, confirmation in edition.unconfirmed:
        festival = occurrence.festival
        printed = f"{occurrence.start:%d.%m.%Y}"
        if confirmation.agreement is Agreement.DISAGREES:
            second = f"{confirmation.second:%d.%m.%Y}" if confirmation.second else "no day near it"
            message = (f"the date of '{festival.id}' in {occurrence.start.year} is not confirmed: "
                       f"{_method(occurrence)} gives {printed}, {confirmation.method} gives {second}; check the "
                       "community's own calendar, fix the rule or add a 'confirmed:' entry")  # fmt: skip
        else:
            message = (f"the date of '{festival.id}' ({printed}) has no second source ({confirmation.method}); "
                       "check it against the community's own calendar and add a 'confirmed:' entry")  # fmt: skip
        field = "confirmed" if festival.confirmed else "rule"
        found.append(Blocker(festival.file, festival.line, field, message))
    return found


def _method(occurrence: Occurrence) -> str:
    source = occurrence.source
    if source.decision is Decision.RULE:
        return f"the rule '{source.basis}'"
    return f"the {source.decision.value} table"
