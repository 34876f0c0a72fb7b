"""The build: the one module that writes output files.

It runs the pipeline (load → expand → merge → layout → render) for a command and writes what comes out: the
print PDF, the agenda, the feeds, their subscribe page and state file, the proof (screen and A4) and its snapshot
(in the data folder, tracked), and the events file of an import. Every file is written atomically (a temporary
file beside it, then one rename), so no reader ever sees a half-written calendar.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from calendar_builder.edition.model import Edition, make_edition
from calendar_builder.errors import CalendarError
from calendar_builder.feeds.plan import FEED_STATE_FILE, FeedGroup, festival_years, plan_feeds, summarise_left_out
from calendar_builder.organisations.commands import ImportRun
from calendar_builder.proof.rounds import ProofRound
from calendar_builder.settings import Settings

Echo = Callable[[str], None]


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write to a temporary file beside `path`, then rename it over `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


class PrintFileRejected(CalendarError):
    """The written print PDF failed the preflight: it must not go to the print shop."""

    exit_code = 1


# --- build ---------------------------------------------------------------------------------------------


def load_edition(settings: Settings, leave_out_uncovered: bool = False) -> Edition:
    """The edition of the settings' year with its logos and artwork opened and measured, ready for layout."""
    from calendar_builder.media.read import with_media

    return with_media(make_edition(settings, leave_out_uncovered), settings.edition_settings, settings.data_dir)


def build(settings: Settings, leave_out_uncovered: bool = False, echo: Echo = print) -> list[Path]:
    """The whole edition of a year: print PDF, agenda, feeds and subscribe page; the preflight last."""
    # One edition serves the print PDF and the feeds: every data file is read once.
    edition = load_edition(settings, leave_out_uncovered)
    written = build_edition(edition, settings, echo)
    for path in written:
        echo(f"wrote {path}")
    from calendar_builder.feeds.organisations import organisation_groups

    groups = organisation_groups(edition.organisations, settings.feeds_base_url)
    for path in build_feeds(settings, echo=echo, organisations=groups):
        echo(f"wrote {path}")
    preflight_print_pdf(written[0], settings, echo)
    return written


def build_edition(edition: Edition, settings: Settings, echo: Echo = print) -> list[Path]:
    """Build the print PDF and the agenda; returns their paths (the print PDF first). `build` then writes the
    feeds and runs `preflight_print_pdf` last."""
    from calendar_builder.render.agenda import render_agenda

    for notice in edition.left_out:
        echo(f"warning: {notice}")
    for event_notice in edition.event_notices:
        echo(str(event_notice))
    if edition.sample_warning:
        echo(f"warning: {edition.sample_warning}")
    pdf = write_print_pdf(edition, settings, echo)
    path = settings.edition_dir / f"kalender-{edition.year}-agenda.txt"
    return [pdf, write_atomic(path, render_agenda(edition))]


def write_print_pdf(edition: Edition, settings: Settings, echo: Echo = print) -> Path:
    """Lay out every page, draw them and write out/<year>/kalender-<year>-druck.pdf (PDF/X, CMYK)."""
    from calendar_builder.layout.coverage import check_print_coverage
    from calendar_builder.layout.geometry import Image
    from calendar_builder.layout.images import GOOD_PPI
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.render.print_pdf import render_print_pdf

    look = settings.edition_settings
    check_print_coverage(edition, look)
    pages = layout_edition(edition, look)
    for page in pages:
        for element in page.walk():
            if isinstance(element, Image) and element.ppi < GOOD_PPI:
                echo(f"warning: {element.path}: only {element.ppi:.0f} ppi at its printed size on page "
                     f"{page.number} ({GOOD_PPI} ppi wanted)")  # fmt: skip
    created = settings.clock.document_time(edition.year)
    data = render_print_pdf(pages, look, look.title_for(edition.year), created)
    return write_atomic(settings.edition_dir / f"kalender-{edition.year}-druck.pdf", data)


def preflight_print_pdf(pdf: Path, settings: Settings, echo: Echo = print) -> None:
    """Check the written print PDF against the edition's own limits; on an error the file is renamed to
    *.preflight-failed.pdf (so nobody uploads it by mistake) and PrintFileRejected is raised."""
    from calendar_builder.preflight import format_report, from_edition, preflight

    report = preflight(pdf, from_edition(settings.edition_settings))
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


# --- feeds ---------------------------------------------------------------------------------------------


def build_feeds(settings: Settings, echo: Echo = print, organisations: Sequence[FeedGroup] = ()) -> list[Path]:
    """Expand the festivals for the feed years, write every feed, the subscribe page and the state file."""
    from calendar_builder.core.expand import expand
    from calendar_builder.core.load import load_catalogue
    from calendar_builder.feeds.state import FeedState
    from calendar_builder.render.ics import render_plan
    from calendar_builder.render.subscribe_page import render_subscribe_page

    catalogue = load_catalogue(settings.holidays_file)
    result = expand(catalogue.festivals, festival_years(settings.year), settings.expand_options)
    notices = summarise_left_out((n.festival.id, n.year, n.reason) for n in result.notices)
    plan = plan_feeds(catalogue, result.occurrences, settings.year, settings.feeds_base_url, organisations, notices)
    for notice in plan.notices:
        echo(f"warning: {notice}")
    for note in plan.notes:
        echo(f"note: {note}")
    state_path = settings.data_dir / FEED_STATE_FILE
    state = FeedState.load(state_path)
    rendered = render_plan(plan, state, settings.clock.moment)
    for warning in rendered.warnings:
        echo(f"warning: {warning}")
    out = settings.edition_dir / "feeds"
    write_atomic(state_path, state.to_json())
    paths = [write_atomic(out / name, data) for name, data in rendered.files.items()]
    paths.append(write_atomic(out / "index.html", render_subscribe_page(plan, rendered)))
    return paths


def build_ics(settings: Settings, echo: Echo = print) -> list[Path]:
    """Only the feeds and their subscribe page (the `ics` command)."""
    from calendar_builder.feeds.organisations import organisation_groups
    from calendar_builder.organisations import load_organisations

    groups = organisation_groups(load_organisations(settings.organisations_file), settings.feeds_base_url)
    return build_feeds(settings, echo=echo, organisations=groups)


# --- proof ---------------------------------------------------------------------------------------------


def build_proof(settings: Settings, leave_out_uncovered: bool = False, echo: Echo = print) -> ProofRound:
    """Lay out the edition as for print, draw the proof (screen and A4), write both and then the round's snapshot."""
    from calendar_builder.layout.coverage import check_print_coverage
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.proof.rounds import prepare_round, review_contact
    from calendar_builder.render.proof_pdf import render_proof_pdf

    review_contact(settings)  # before the slow part: a proof without contact and deadline is refused at once
    edition = load_edition(settings, leave_out_uncovered)
    look = settings.edition_settings
    # the same checks as the print build: a missing glyph is named with its file, line, entry and field
    check_print_coverage(edition, look)
    pages = layout_edition(edition, look)
    round_ = prepare_round(edition, pages, settings)
    if edition.sample_warning:
        echo(f"warning: {edition.sample_warning}")
    screen = render_proof_pdf(pages, look, round_)
    office = render_proof_pdf(pages, look, round_, a4=True)
    # The snapshot last: it is what makes this round count, so a failed PDF write does not use up a number.
    write_atomic(round_.pdf, screen)
    write_atomic(round_.pdf_a4, office)
    write_atomic(round_.snapshot, round_.snapshot_bytes)
    return round_


# --- imports -------------------------------------------------------------------------------------------


def write_import(run: ImportRun) -> Path | None:
    """Write an import's events file where the run says (nothing when it goes to standard output)."""
    if run.destination is None:
        return None
    return write_atomic(run.destination, run.text)


__all__ = ["PrintFileRejected", "build", "build_edition", "build_feeds", "build_ics", "build_proof"]
