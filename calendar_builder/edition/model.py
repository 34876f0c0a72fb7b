"""One edition: every entry that belongs on the calendar of a year, and the files built from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from calendar_builder.build import write_atomic
from calendar_builder.core.expand import RangeNotice, expand
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Catalogue, Occurrence
from calendar_builder.errors import CalendarError
from calendar_builder.organisations import (
    EventNotice,
    EventOccurrence,
    Organisation,
    OrganisationCatalogue,
    assign_featured_months,
    events_for_year,
    load_organisations,
    sample_warning,
)
from calendar_builder.settings import Settings


@dataclass(frozen=True)
class Edition:
    """The calendar year: festivals and organisation events that touch it, and the organisations."""

    year: int
    catalogue: Catalogue
    occurrences: tuple[Occurrence, ...]
    left_out: tuple[RangeNotice, ...]
    organisations: OrganisationCatalogue = OrganisationCatalogue(())
    events: tuple[EventOccurrence, ...] = ()
    #: events with no occurrence in the year: left out of print, still in the feeds
    event_notices: tuple[EventNotice, ...] = ()
    #: month 1..12 -> the organisation featured on that page, or None (the partners' box is shown)
    featured: tuple[tuple[int, Organisation | None], ...] = ()

    def featured_in(self, month: int) -> Organisation | None:
        return dict(self.featured).get(month)

    @property
    def sample_warning(self) -> str | None:
        """A loud message while fictional sample organisations are still in the data."""
        return sample_warning(self.organisations.organisations)


def make_edition(settings: Settings, leave_out_uncovered: bool = False) -> Edition:
    """Load and expand; refuse a year that some festival cannot cover unless told to leave those out."""
    catalogue = load_catalogue(settings.holidays_file)
    # Spans that begin late in the previous year (e.g. Hanukkah) still show in January.
    result = expand(catalogue.festivals, range(settings.year - 1, settings.year + 1), settings.expand_options)
    notices = tuple(n for n in result.notices if n.year == settings.year)
    if notices and not leave_out_uncovered:
        lines = "\n".join(f"  {n}" for n in notices)
        raise CalendarError(
            f"some festivals cannot be dated for {settings.year}:\n{lines}\n"
            "Extend their tables in the data, or build with --leave-out-uncovered to leave them out."
        )
    occurrences = tuple(o for o in result.occurrences if o.end.year >= settings.year and o.start.year <= settings.year)
    organisations = load_organisations(settings.organisations_file)
    events = events_for_year(organisations, settings.year)
    featured = assign_featured_months(organisations.organisations, settings.year)
    return Edition(
        settings.year, catalogue, occurrences, notices, organisations, events.occurrences, events.notices,
        tuple(sorted(featured.items())),
    )  # fmt: skip


class PrintFileRejected(CalendarError):
    """The written print PDF failed the preflight: it must not go to the print shop."""

    exit_code = 1


def build_edition(edition: Edition, settings: Settings, echo: Callable[[str], None] = print) -> list[Path]:
    """Build the print PDF and the agenda; returns their paths (the print PDF first). `build` then writes the
    feeds and runs `preflight_print_pdf` last."""
    for notice in edition.left_out:
        echo(f"warning: {notice}")
    for event_notice in edition.event_notices:
        echo(str(event_notice))
    if edition.sample_warning:
        echo(f"warning: {edition.sample_warning}")
    from calendar_builder.render.agenda import render_agenda

    pdf = write_print_pdf(edition, settings, echo)
    path = settings.edition_dir / f"kalender-{edition.year}-agenda.txt"
    return [pdf, write_atomic(path, render_agenda(edition))]


def preflight_print_pdf(pdf: Path, settings: Settings, echo: Callable[[str], None] = print) -> None:
    """Check the written print PDF against the edition's own limits; on an error the file is renamed to
    *.preflight-failed.pdf (so nobody uploads it by mistake) and PrintFileRejected is raised."""
    from calendar_builder.edition.settings import load_edition_settings
    from calendar_builder.preflight import format_report, from_edition, preflight

    report = preflight(pdf, from_edition(load_edition_settings(settings.data_dir)))
    failed = pdf.with_name(pdf.stem + ".preflight-failed.pdf")
    for finding in report.warnings:
        echo(f"preflight warning: {finding}")
    if report.ok:
        echo(f"preflight passed: {pdf} ({report.pages} pages, {len(report.warnings)} warning(s))")
        failed.unlink(missing_ok=True)  # an earlier failed attempt is no longer current
        return
    pdf.replace(failed)
    raise PrintFileRejected(
        f"the print PDF failed the preflight and was renamed to {failed}; do not send it to the print shop.\n"
        + format_report(report)
    )


def write_print_pdf(edition: Edition, settings: Settings, echo: Callable[[str], None] = print) -> Path:
    """Lay out every page, draw them and write out/<year>/kalender-<year>-druck.pdf (PDF/X, CMYK)."""
    from calendar_builder.edition.settings import load_edition_settings
    from calendar_builder.layout.coverage import check_print_coverage
    from calendar_builder.layout.geometry import Image
    from calendar_builder.layout.images import GOOD_PPI
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.render.print_pdf import render_print_pdf

    look = load_edition_settings(settings.data_dir)
    check_print_coverage(edition, look)
    pages = layout_edition(edition, look)
    for page in pages:
        for element in page.walk():
            if isinstance(element, Image) and element.ppi < GOOD_PPI:
                echo(f"warning: {element.path}: only {element.ppi:.0f} ppi at its printed size on page "
                     f"{page.number} ({GOOD_PPI} ppi wanted)")  # fmt: skip
    data = render_print_pdf(pages, look, look.title_for(edition.year), edition.year)
    return write_atomic(settings.edition_dir / f"kalender-{edition.year}-druck.pdf", data)
