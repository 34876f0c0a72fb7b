"""The command line: thin click commands over plain functions; the one place errors become exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import CalendarError, DataError, ProblemCollector
from .expand import Expansion, RangeNotice, expand
from .load import load_catalogue, read_catalogue
from .model import Catalogue
from .occurrence_json import occurrence_record
from .organisations import (
    OrganisationCatalogue,
    events_between,
    events_for_year,
    load_organisations,
    read_organisations,
    sample_warning,
)
from .organisations.commands import ImportRun, event_record, run_import
from .rules import ISLAMIC_AUTHORITIES
from .settings import Settings, default_year

F = TypeVar("F", bound=Callable[..., Any])

WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def user_errors(command: F) -> F:
    """Turn every user error into a located message and a non-zero exit code, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(exc.problems)} problem(s) found; nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except CalendarError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            # A folder that cannot be created or a file that cannot be read or written: say which and why.
            where = f" {exc.filename}" if exc.filename else ""
            click.echo(f"error: cannot use{where}: {exc.strerror or exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def data_option(command: F) -> F:
    return click.option(
        "--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
        help="Folder with holidays.yaml and organisations.yaml.",
    )(command)  # fmt: skip


def islamic_option(command: F) -> F:
    return click.option(
        "--islamic", "islamic_authority", type=click.Choice(ISLAMIC_AUTHORITIES), default="diyanet",
        show_default=True,
        help="Who decides Islamic month starts: Diyanet's astronomical criterion (followed by the "
        "Koordinationsrat der Muslime in Germany) or Saudi Arabia's Umm al-Qura calendar.",
    )(command)  # fmt: skip


def leave_out_option(command: F) -> F:
    return click.option(
        "--leave-out-uncovered", is_flag=True,
        help="Go on even if some festivals' date tables do not reach the year; those festivals are left out.",
    )(command)  # fmt: skip


def edition_options(command: F) -> F:
    """--year and --out, for the commands that write an edition."""
    command = click.option(
        "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
        help="Output folder; files go to OUT/YEAR/.",
    )(command)  # fmt: skip
    return click.option("--year", type=int, default=None, help="Edition year (default: next calendar year).")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build the Interkultureller Kalender of the Ausländerrat/Migrationsrat Heidelberg.

    \b
    Examples:
      calendar-builder build                 # next year's edition from data/
      calendar-builder proof                 # the next proof round for the council
      calendar-builder dates --year 2027     # festival dates of one year as a table
      calendar-builder check                 # validate the data files
      calendar-builder import-csv termine.csv --organisation ID
      calendar-builder portal demo           # the web portal with demo content
    """


@main.command()
@data_option
@click.option("--year", type=int, default=None, help="One year (default: next calendar year).")
@click.option("--from", "first", type=int, default=None, help="First year of a range.")
@click.option("--to", "last", type=int, default=None, help="Last year of a range.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per occurrence.")
@islamic_option
@user_errors
def dates(
    data_dir: Path, year: int | None, first: int | None, last: int | None, as_json: bool, islamic_authority: str
) -> None:
    """List the computed festival dates of one year or a range of years.

    \b
    Example:
      calendar-builder dates --from 2020 --to 2040 --json --islamic umm-al-qura

    Years a festival's calendar or date table cannot cover are named on stderr;
    everything else is still listed.
    """
    start = first if first is not None else (year or default_year())
    stop = last if last is not None else (year or start)
    if stop < start:
        raise CalendarError(f"--to {stop} lies before --from {start}")
    settings = Settings(data_dir=data_dir, islamic_authority=islamic_authority)
    catalogue = load_catalogue(settings.holidays_file)
    organisations = load_organisations(settings.organisations_file)
    result = expand(catalogue.festivals, range(start, stop + 1), settings.expand_options)
    events = events_between(organisations, date(start, 1, 1), date(stop, 12, 31))
    for line in summarise_notices(result.notices):
        click.echo(f"warning: {line}", err=True)
    if as_json:
        records = [occurrence_record(o) for o in result.occurrences] + [event_record(e) for e in events]
        records.sort(key=lambda r: (r["date"], r["kind"] == "event", r.get("time") or ""))
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
        return
    lines: list[tuple[date, int, str]] = []
    for occurrence in result.occurrences:
        festival = occurrence.festival
        span = f"–{occurrence.end:%d.%m.}" if occurrence.end != occurrence.start else ""
        marks = "".join(
            mark for flag, mark in (
                (festival.evening_before, " (Vorabend)"), (occurrence.uncertain_days > 0, " (±1 Tag)"),
                (occurrence.public_holiday, " [Feiertag BW]"),
            ) if flag
        )  # fmt: skip
        lines.append((occurrence.start, 0, (
            f"{WEEKDAYS_DE[occurrence.start.weekday()]} {occurrence.start:%d.%m.%Y}{span:<8} "
            f"{festival.tradition:<20} {festival.name_de}{marks}"
        )))  # fmt: skip
    for event in events:
        span = f"–{event.end:%d.%m.}" if event.end != event.start else ""
        clock = f" {event.time:%H:%M}" if event.time else ""
        lines.append((event.start, 1, (
            f"{WEEKDAYS_DE[event.start.weekday()]} {event.start:%d.%m.%Y}{span:<8} "
            f"{event.organisation:<20} {event.event.title_de}{clock}"
        )))  # fmt: skip
    for _, _, line in sorted(lines, key=lambda item: item[:2]):
        click.echo(line)


@main.command()
@data_option
@click.option("--year", type=int, default=None, help="Edition year for notices (default: next calendar year).")
@user_errors
def check(data_dir: Path, year: int | None) -> None:
    """Validate the data files and report every problem at once (file, line, field, expected).

    Checks holidays.yaml, organisations.yaml, the imported events in events/*.yaml and edition.yaml,
    and that every text that will print has a glyph in the shipped fonts.

    \b
    Example:
      calendar-builder check --data data/
    """
    settings = Settings(data_dir=data_dir, year=year or default_year())
    problems = ProblemCollector()
    try:
        catalogue = read_catalogue(settings.holidays_file, problems)
    except DataError as exc:  # unreadable file: still check the organisations, report everything at once
        problems.problems.extend(exc.problems)
        catalogue = Catalogue((), ())
    try:
        organisations = read_organisations(settings.organisations_file, problems)
    except DataError as exc:
        problems.problems.extend(exc.problems)
        organisations = OrganisationCatalogue(())
    from .edition import make_edition
    from .edition_settings import load_edition_settings
    from .layout.coverage import check_print_coverage

    try:
        look = load_edition_settings(data_dir)
        if not problems.errors:
            check_print_coverage(make_edition(settings, leave_out_uncovered=True), look)
    except DataError as exc:
        problems.problems.extend(exc.problems)
    for problem in problems.problems:
        click.echo(str(problem), err=True)
    if problems.errors:
        click.echo(f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s).", err=True)
        sys.exit(1)
    for notice in events_for_year(organisations, settings.year).notices:
        click.echo(str(notice), err=True)
    warning = sample_warning(organisations.organisations)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"ok: {len(catalogue.festivals)} festivals in {len(catalogue.traditions)} traditions, "
        f"{len(organisations.organisations)} organisations with {len(organisations.events)} events"
        + (f", {len(problems.warnings)} warning(s)" if problems.warnings else "")
    )


def import_options(command: F) -> F:
    """FILE, --organisation, --output and --replace, shared by the two import commands."""
    command = click.option(
        "--replace", is_flag=True, help="Overwrite an earlier import of this organisation (hand edits are lost)."
    )(command)
    command = click.option(
        "--output", type=click.Path(path_type=Path), default=None,
        help="Where to write the events (default: DATA/events/ID.yaml); '-' prints them instead.",
    )(command)  # fmt: skip
    command = click.option(
        "--organisation", "organisation", required=True, help="Id of the organisation in organisations.yaml."
    )(command)
    return click.argument("file", type=click.Path(path_type=Path))(command)


def _report_import(run: ImportRun) -> None:
    for notice in run.result.notices:
        click.echo(f"note: {notice}", err=True)
    if run.written is None:
        click.echo(run.text, nl=False)
    else:
        click.echo(f"wrote {len(run.result.events)} event(s) to {run.written}")


@main.command("import-ics")
@import_options
@data_option
@click.option("--year", type=int, default=None, help="Edition year to import (default: next calendar year).")
@user_errors
def import_ics_command(
    file: Path, organisation: str, output: Path | None, replace: bool, data_dir: Path, year: int | None
) -> None:
    """Import an organisation's calendar export (.ics from Google, Outlook, Thunderbird, …).

    Times are converted to Europe/Berlin. A repeating series keeps its rule when that is exact,
    otherwise its dates in the year are written one by one. The result is a YAML file a person
    can read and edit, checked by `calendar-builder check`.

    \b
    Example:
      calendar-builder import-ics kalender.ics --organisation beispielverein-syrien --year 2027
    """
    run = run_import("ics", file, organisation, data_dir, year or default_year(), output, replace)
    _report_import(run)


@main.command("import-csv")
@import_options
@data_option
@user_errors
def import_csv_command(file: Path, organisation: str, output: Path | None, replace: bool, data_dir: Path) -> None:
    """Import an organisation's events from a spreadsheet saved as CSV.

    Columns (German Excel/LibreOffice: ';', UTF-8 or Windows-1252):
    Titel;Datum;Bis;Beginn;Ende;Ort;Beschreibung;Link;Wiederholung;Wiederholung bis;Ausnahmen

    \b
    Example:
      calendar-builder import-csv termine.csv --organisation beispielverein-habesha
    """
    run = run_import("csv", file, organisation, data_dir, default_year(), output, replace)
    _report_import(run)


@main.command()
@data_option
@edition_options
@islamic_option
@leave_out_option
@user_errors
def build(data_dir: Path, year: int | None, out_dir: Path, islamic_authority: str, leave_out_uncovered: bool) -> None:
    """Build the edition of a year from the data files (default: next year).

    Writes the print PDF, the agenda and the feeds, then checks the print PDF with the preflight; an error
    there fails the build (exit code 1) and renames the file to *.preflight-failed.pdf.

    \b
    Example:
      calendar-builder build --year 2027 --out out/
    """
    from .edition_settings import load_edition_settings

    base_url = load_edition_settings(data_dir).feeds_base_url
    settings = Settings(data_dir=data_dir, out_dir=out_dir, year=year or default_year(),
                        islamic_authority=islamic_authority, feeds_base_url=base_url)  # fmt: skip
    from .edition import build_edition, make_edition, preflight_print_pdf
    from .feeds import build_feeds
    from .organisation_feeds import organisation_groups

    # One edition serves the print PDF and the feeds: organisations.yaml (and its logos) is read once.
    edition = make_edition(settings, leave_out_uncovered)
    written = build_edition(edition, settings, echo=click.echo)
    for path in written:
        click.echo(f"wrote {path}")
    groups = organisation_groups(edition.organisations, settings.feeds_base_url)
    for path in build_feeds(settings, echo=click.echo, organisations=groups):
        click.echo(f"wrote {path}")
    preflight_print_pdf(written[0], settings, echo=click.echo)


@main.command()
@data_option
@edition_options
@islamic_option
@leave_out_option
@user_errors
def proof(data_dir: Path, year: int | None, out_dir: Path, islamic_authority: str, leave_out_uncovered: bool) -> None:
    """Make the next proof round for the council to review (never for the press).

    \b
    Writes OUT/YEAR/kalender-YEAR-korrektur-vN.pdf and its snapshot kalender-YEAR-korrektur-vN.json,
    N = previous round + 1. The PDF has the open decisions first, the calendar pages in screen
    colours with guides, and the review list of every entry with its source, its caveats and what
    changed since round N-1 (read from that round's snapshot; keep the .json files).

    \b
    Example:
      calendar-builder proof --year 2027
    """
    settings = Settings(data_dir=data_dir, out_dir=out_dir, year=year or default_year(),
                        islamic_authority=islamic_authority)  # fmt: skip
    from .proof import build_proof

    result = build_proof(settings, leave_out_uncovered=leave_out_uncovered, echo=click.echo)
    if result.changes is None:
        click.echo(f"proof {result.number}: first round, nothing to compare with")
    else:
        c = result.changes
        click.echo(f"proof {result.number}: {len(c.added)} added, {len(c.removed)} removed, {len(c.moved)} moved, "
                   f"{len(c.renamed)} renamed since proof {result.number - 1}")  # fmt: skip
    click.echo(f"wrote {result.pdf}")
    click.echo(f"wrote {result.snapshot}")


@main.command()
@data_option
@edition_options
@islamic_option
@click.option(
    "--base-url", default=None,
    help="Address where the contents of OUT/YEAR/feeds/ will be published (subscribe links and QR codes); "
    "default: feeds_base_url in DATA/edition.yaml.",
)  # fmt: skip
@user_errors
def ics(data_dir: Path, year: int | None, out_dir: Path, islamic_authority: str, base_url: str | None) -> None:
    """Write the subscribable .ics feeds and their subscribe page to OUT/YEAR/feeds/.

    \b
    alle.ics                  everything
    tradition-<id>.ics        the festivals of one tradition
    organisation-<id>.ics     the events of one organisation
    index.html                the subscribe page (webcal, Google and download links, QR codes)

    SEQUENCE and LAST-MODIFIED of every entry are kept in DATA/feed-state.json; commit it with the data.

    \b
    Example:
      calendar-builder ics --year 2027 --base-url https://example.org/kalender/feeds/
    """
    from .edition_settings import load_edition_settings

    base_url = base_url or load_edition_settings(data_dir).feeds_base_url
    settings = Settings(data_dir=data_dir, out_dir=out_dir, year=year or default_year(),
                        islamic_authority=islamic_authority, feeds_base_url=base_url)  # fmt: skip
    from .feeds import build_feeds
    from .organisation_feeds import load_organisation_groups

    groups = load_organisation_groups(settings)
    for path in build_feeds(settings, echo=lambda line: click.echo(line, err=True), organisations=groups):
        click.echo(f"wrote {path}")


@main.command(name="preflight")
@click.argument("pdf_file", type=click.Path(path_type=Path))
@data_option
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(path_type=Path),
    default=None,
    help="Edition settings file whose limits to check against (default: DATA/edition.yaml if it exists, "
    "else the built-in defaults).",
)
@click.option("--trim", default=None, metavar="WxH", help="Trim size in mm, e.g. 297x420.")
@click.option("--bleed", type=float, default=None, help="Bleed in mm on every side.")
@click.option("--safe", type=float, default=None, help="Safe zone in mm at the sides and bottom.")
@click.option("--binding-zone", type=float, default=None, help="Top band in mm that holds nothing but background.")
@click.option("--pdfx", type=click.Choice(["PDF/X-1a:2001", "PDF/X-4", "none"]), default=None)
@click.option("--ink-limit", type=float, default=None, help="Total ink limit in percent.")
@click.option("--min-text", type=float, default=None, help="Smallest text size in pt.")
@click.option("--min-ppi", type=float, default=None, help="Warn about images below this resolution.")
@click.option("--error-ppi", type=float, default=None, help="Fail on images below this resolution.")
@user_errors
def preflight_command(
    pdf_file: Path, data_dir: Path, settings_file: Path | None, trim: str | None, bleed: float | None,
    safe: float | None, binding_zone: float | None, pdfx: str | None, ink_limit: float | None,
    min_text: float | None, min_ppi: float | None, error_ppi: float | None,
) -> None:  # fmt: skip
    """Check a print PDF: boxes, PDF/X, colours, ink, fonts, text size, safe zone, image resolution.

    The limits are those of the edition settings (format, bleed_mm, safe_mm, binding_mm, pdfx, ink_limit,
    min_text_pt); the options below override single values.

    \b
    Example:
      calendar-builder preflight out/2027/kalender-2027-druck.pdf --ink-limit 280

    Exit code 0 when there is no error (warnings do not fail), 1 when there are errors.
    """
    from .preflight import PreflightSettings, format_report, load_settings, preflight

    if settings_file is None and (data_dir / "edition.yaml").is_file():
        settings_file = data_dir / "edition.yaml"
    base = load_settings(settings_file) if settings_file is not None else PreflightSettings()
    width = height = None
    if trim is not None:
        try:
            width, height = (float(v) for v in trim.lower().replace("×", "x").split("x"))
        except ValueError:
            raise CalendarError(f"--trim {trim!r}: expected WIDTHxHEIGHT in mm, e.g. 297x420") from None
    settings = base.with_overrides(
        trim_width_mm=width, trim_height_mm=height, bleed_mm=bleed, safe_mm=safe, binding_zone_mm=binding_zone,
        pdfx=pdfx, ink_limit_percent=ink_limit, min_text_pt=min_text, image_ppi_warning=min_ppi,
        image_ppi_error=error_ppi,
    )  # fmt: skip
    report = preflight(pdf_file, settings)
    if settings_file is not None:
        click.echo(f"Limits from {settings_file}.")
    click.echo(format_report(report))
    if not report.ok:
        sys.exit(1)


def summarise_notices(notices: Iterable[RangeNotice]) -> list[str]:
    """One line per festival, with the years it was left out of, instead of one line per year."""
    by_festival: dict[str, list[RangeNotice]] = {}
    for notice in notices:
        by_festival.setdefault(notice.festival.id, []).append(notice)
    lines = []
    for festival_id, items in by_festival.items():
        years = _year_ranges(sorted(n.year for n in items))
        first = items[0]
        lines.append(f"{festival_id} ({first.festival.file}:{first.festival.line}) left out of {years}: {first.reason}")
    return lines


def _year_ranges(years: list[int]) -> str:
    parts: list[str] = []
    start = previous = years[0]
    for year in [*years[1:], None]:
        if year is not None and year == previous + 1:
            previous = year
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if year is not None:
            start = previous = year
    return ", ".join(parts)


# The portal's commands; Django itself is imported only when one of them runs.
from .portal.commands import portal as _portal  # noqa: E402

main.add_command(_portal)

__all__ = ["main", "Expansion"]
