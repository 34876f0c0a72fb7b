"""The build: the one module that writes output files.

It runs the pipeline (load → expand → merge → layout → render) for a command and writes what comes out: the
print PDF, the agenda, the feeds, their subscribe page and state file, the proof and its snapshot, and the
events file of an import. Every file is written atomically (a temporary file beside it, then one rename), so
no reader ever sees a half-written calendar.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from calendar_builder.edition.gates import DRAFT_MARK
from calendar_builder.edition.model import Edition, make_edition
from calendar_builder.errors import CalendarError
from calendar_builder.feeds.plan import FEED_STATE_FILE, FeedGroup, festival_years, plan_feeds, summarise_left_out
from calendar_builder.layout.placement import PlacementReport, placement_report
from calendar_builder.organisations.commands import ImportRun
from calendar_builder.preflight.draft import DRAFT_CHECK
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


def build(settings: Settings, leave_out_uncovered: bool = False, echo: Echo = print,
          warn: Echo | None = None) -> list[Path]:  # fmt: skip
    """The whole edition of a year: print PDF (the print file, or a marked draft while a print gate blocks),
    agenda, placement report, feeds and subscribe page; the preflight last. `warn` gets the blockers (stderr)."""
    # One edition serves the print PDF and the feeds: every data file is read once.
    edition = load_edition(settings, leave_out_uncovered)
    written = build_edition(edition, settings, echo, warn or echo)
    for path in written:
        echo(f"wrote {path}")
    from calendar_builder.feeds.organisations import organisation_groups

    groups = organisation_groups(edition.organisations, settings.feeds_base_url)
    for path in build_feeds(settings, echo=echo, organisations=groups):
        echo(f"wrote {path}")
    preflight_print_pdf(written[0], settings, echo)
    return written


def build_edition(edition: Edition, settings: Settings, echo: Echo = print, warn: Echo | None = None) -> list[Path]:
    """Build the print PDF (or the draft), the agenda and the placement report; returns their paths (the PDF
    first). `build` then writes the feeds and runs `preflight_print_pdf` last."""
    from calendar_builder.edition.gates import print_blockers
    from calendar_builder.render.agenda import render_agenda

    for notice in edition.left_out:
        echo(f"warning: {notice}")
    for event_notice in edition.event_notices:
        echo(str(event_notice))
    if edition.sample_warning:
        echo(f"warning: {edition.sample_warning}")
    if edition.school_notice:
        echo(f"warning: {edition.school_notice}")
    blockers = print_blockers(edition, settings.edition_settings, settings.data_dir)
    if blockers:
        warn = warn or echo
        warn(f"DRAFT: {len(blockers)} thing(s) keep this edition from print; writing "
             f"kalender-{edition.year}-entwurf.pdf, marked '{DRAFT_MARK}' on every page:")  # fmt: skip
        for blocker in blockers:
            warn(f"  {blocker}")
    pdf, report = write_print_pdf(edition, settings, echo, draft=bool(blockers))
    echo(report.summary())
    path = settings.edition_dir / f"kalender-{edition.year}-agenda.txt"
    placement = settings.edition_dir / f"kalender-{edition.year}-platzierung.txt"
    return [pdf, write_atomic(path, render_agenda(edition)), write_atomic(placement, report.text())]


def print_pdf_path(settings: Settings, year: int, draft: bool) -> Path:
    """kalender-<year>-druck.pdf for the print shop, kalender-<year>-entwurf.pdf while a print gate blocks."""
    return settings.edition_dir / f"kalender-{year}-{'entwurf' if draft else 'druck'}.pdf"


def write_print_pdf(edition: Edition, settings: Settings, echo: Echo = print,
                    draft: bool = False) -> tuple[Path, PlacementReport]:  # fmt: skip
    """Lay out every page, draw them and write the print PDF (PDF/X, CMYK) or, with `draft`, the marked draft;
    the other one of the two, left from an earlier build, is removed (it no longer shows the data)."""
    from calendar_builder.layout.coverage import check_print_coverage
    from calendar_builder.layout.geometry import Image
    from calendar_builder.layout.images import GOOD_PPI
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.render.print_pdf import render_print_pdf

    look = settings.edition_settings
    check_print_coverage(edition, look)
    pages = layout_edition(edition, look, draft=draft)
    for page in pages:
        for element in page.walk():
            if isinstance(element, Image) and element.ppi < GOOD_PPI:
                echo(f"warning: {element.path}: only {element.ppi:.0f} ppi at its printed size on page "
                     f"{page.number} ({GOOD_PPI} ppi wanted)")  # fmt: skip
    created = settings.clock.document_time(edition.year)
    data = render_print_pdf(pages, look, look.title_for(edition.year), created, draft=draft)
    stale = print_pdf_path(settings, edition.year, not draft)
    stale.unlink(missing_ok=True)
    stale.with_name(stale.stem + ".preflight-failed.pdf").unlink(missing_ok=True)
    return write_atomic(print_pdf_path(settings, edition.year, draft), data), placement_report(edition, pages)


def preflight_print_pdf(pdf: Path, settings: Settings, echo: Echo = print) -> None:
    """Check the written print PDF against the edition's own limits; on an error the file is renamed to
    *.preflight-failed.pdf (so nobody uploads it by mistake) and PrintFileRejected is raised."""
    from calendar_builder.preflight import format_report, from_edition, preflight

    report = preflight(pdf, from_edition(settings.edition_settings))
    failed = pdf.with_name(pdf.stem + ".preflight-failed.pdf")
    for finding in report.warnings:
        echo(f"preflight warning: {finding}")
    draft = report.by_check(DRAFT_CHECK)
    if draft and len(report.errors) == len(draft):
        # the draft's own mark is the one error expected: everything else about the file is checked as for print
        echo(f"preflight: {pdf} is a draft, not for print; otherwise it passed ({report.pages} pages)")
        return
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
    """Lay out the edition as for print, draw the proof, write it and then its snapshot."""
    from calendar_builder.layout.coverage import check_print_coverage
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.proof.rounds import prepare_round
    from calendar_builder.render.proof_pdf import render_proof_pdf

    edition = load_edition(settings, leave_out_uncovered)
    look = settings.edition_settings
    # the same checks as the print build: a missing glyph is named with its file, line, entry and field
    check_print_coverage(edition, look)
    pages = layout_edition(edition, look)
    round_ = prepare_round(edition, pages, settings)
    if edition.sample_warning:
        echo(f"warning: {edition.sample_warning}")
    data = render_proof_pdf(pages, look, round_.info, round_.entries, round_.changes, round_.problems)
    # The snapshot last: it is what makes this round count, so a failed PDF write does not use up a number.
    write_atomic(round_.pdf, data)
    write_atomic(round_.snapshot, round_.snapshot_bytes)
    return round_


# --- imports -------------------------------------------------------------------------------------------


def write_import(run: ImportRun) -> Path | None:
    """Write an import's events file where the run says (nothing when it goes to standard output)."""
    if run.destination is None:
        return None
    return write_atomic(run.destination, run.text)


__all__ = ["PrintFileRejected", "build", "build_edition", "build_feeds", "build_ics", "build_proof"]
