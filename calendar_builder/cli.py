"""The command line: thin click commands over plain functions; the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from calendar_builder.core.authorities import ISLAMIC_AUTHORITIES
from calendar_builder.core.limits import MAX_YEAR, MIN_YEAR
from calendar_builder.core.webaddress import PUBLISHED_SCHEMES, is_web_address
from calendar_builder.errors import CalendarError, DataError, ProblemCollector
from calendar_builder.settings import BuildClock, Settings

# Each command imports what it uses when it runs, so that `--help` and the light commands start fast.
if TYPE_CHECKING:
    from calendar_builder.core.expand import RangeNotice
    from calendar_builder.organisations.commands import ImportRun

F = TypeVar("F", bound=Callable[..., Any])

#: every year option accepts the supported years only, and says so in --help
YEAR = click.IntRange(MIN_YEAR, MAX_YEAR)
YEARS = f"{MIN_YEAR}–{MAX_YEAR}"
#: the largest sheet a print shop's press takes (B0 is 1000 × 1414 mm)
MAX_TRIM_MM = 2000


def _web_address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--base-url: checked before anything is written, as the subscribe page turns it into live links."""
    if value is not None and not is_web_address(value, PUBLISHED_SCHEMES):
        shown = value if len(value) <= 80 else value[:79] + "…"
        raise click.BadParameter(f"{shown!r} is not a web address; expected https://host/path/")
    return value


def run_clock() -> BuildClock:
    """The run's clock, from SOURCE_DATE_EPOCH: the only place below `main` that looks at the environment."""
    return BuildClock.from_environment(os.environ)


def default_year() -> int:
    """Next calendar year by the run's clock."""
    return run_clock().default_year


class Commands(click.Group):
    """The command group with the one error boundary of every command: user errors become a located message and
    a non-zero exit code (1 for problems `check` reports and a rejected print file, 2 for input that stops a
    command), never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(exc.problems)} problem(s) found; nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except CalendarError as exc:
            click.echo(f"error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # the reader went away (e.g. `| head`): nothing more can be said, and nothing is wrong
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:
            # A folder that cannot be created or a file that cannot be read or written: say which and why.
            where = f" {exc.filename}" if exc.filename else ""
            click.echo(f"error: cannot use{where}: {exc.strerror or exc}", err=True)
            sys.exit(2)


def data_option(command: F) -> F:
    return click.option(
        "--data", "data_dir", type=click.Path(path_type=Path), default=None, callback=_data_folder,
        help="Folder with holidays.yaml, organisations.yaml and edition.yaml [default: ./data; where there is "
        "none, the default data shipped with calendar-builder is copied there first].",
    )(command)  # fmt: skip


def _data_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """--data as given; else ./data, started from the shipped default data when the folder does not exist yet.

    A copy rather than the shipped files themselves: the build keeps feed-state.json next to the data, and the
    data is there to be edited for one's own edition.
    """
    if value is not None:
        return value
    here = Path("data")
    from calendar_builder.resources import default_data_dir

    if here.exists() or not (default_data_dir() / "holidays.yaml").is_file():
        return here  # nothing shipped to start from: the commands report what is missing
    from calendar_builder.build import start_data_folder

    start_data_folder(here)  # an OSError is reported by the command group, with the file
    click.echo(f"no {here}/ folder here: copied the default data shipped with calendar-builder to {here}/ "
               f"(from {default_data_dir()}); edit it there for your own edition", err=True)  # fmt: skip
    return here


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
    return click.option(
        "--year", type=YEAR, default=None, help=f"Edition year, {YEARS} (default: next calendar year)."
    )(command)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--year", type=YEAR, default=None, help=f"One year, {YEARS} (default: next calendar year).")
@click.option("--from", "first", type=YEAR, default=None, help=f"First year of a range ({YEARS}).")
@click.option("--to", "last", type=YEAR, default=None, help=f"Last year of a range ({YEARS}).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per occurrence.")
@islamic_option
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
    from calendar_builder.cache import CACHE_FOLDER, open_memo
    from calendar_builder.core.load import load_catalogue
    from calendar_builder.dates_listing import CACHE_FROM_YEARS, RowFormat, list_dates, memo_version
    from calendar_builder.organisations import load_organisations

    years = range(start, stop + 1)
    cache = Path(CACHE_FOLDER) if len(years) >= CACHE_FROM_YEARS else None  # a short listing is quick anyway
    settings = Settings(data_dir=data_dir, islamic_authority=islamic_authority, clock=run_clock(), cache_dir=cache)
    catalogue = load_catalogue(settings.holidays_file)
    if as_json:
        from calendar_builder.render.dates_json import RowWriter, write_rows

        form = RowFormat("json", lambda: RowWriter().row)
    else:
        from calendar_builder.render.dates_text import text_row, write_lines

        form = RowFormat("text", lambda: text_row)
    memo = open_memo(settings.cache_dir, f"dates-{form.name}", memo_version() if settings.cache_dir else "")
    listing = list_dates(
        catalogue.festivals,
        lambda: load_organisations(settings.organisations_file).events,
        years,
        settings.expand_options,
        form,
        memo,
    )
    for line in summarise_notices(listing.notices):
        click.echo(f"warning: {line}", err=True)
    sys.stdout.flush()
    (write_rows if as_json else write_lines)(listing.rows, sys.stdout.buffer)
    sys.stdout.buffer.flush()
    if settings.cache_dir is not None:
        from calendar_builder.cache import changed_packs
        from calendar_builder.publish import write_cache_packs

        write_cache_packs(settings.cache_dir, changed_packs(memo))


@main.command()
@data_option
@click.option(
    "--year", type=YEAR, default=None, help=f"Edition year for notices, {YEARS} (default: next calendar year)."
)
def check(data_dir: Path, year: int | None) -> None:
    """Validate the data files and report every problem at once (file, line, field, expected).

    Checks holidays.yaml, organisations.yaml, the imported events in events/*.yaml and edition.yaml, that
    every text that will print has a glyph in the shipped fonts, opens every logo and artwork image and lays
    out every page as `build` would (without drawing), so that what `check` passes, `build` builds.

    \b
    Example:
      calendar-builder check --data data/
    """
    from calendar_builder.cache import CACHE_FOLDER, open_memo
    from calendar_builder.check_verdict import NAMESPACE, VERSION, Line, check_key, decode, encode

    now = run_clock()
    settings = Settings(data_dir=data_dir, year=year or now.default_year, clock=now, cache_dir=Path(CACHE_FOLDER))
    # a passing report is given again while nothing it read has changed (check_verdict.py)
    key = check_key(data_dir, settings.year, Path(CACHE_FOLDER))
    verdicts = open_memo(settings.cache_dir, NAMESPACE, VERSION)
    stored = verdicts.find(key) if key is not None else None
    kept = decode(stored) if stored is not None else None
    if kept is not None:
        for line in kept:
            click.echo(line.text, err=line.err)
        return
    from calendar_builder.core.load import read_catalogue
    from calendar_builder.core.model import Catalogue
    from calendar_builder.organisations import (
        OrganisationCatalogue,
        events_for_year,
        read_organisations,
        sample_warning,
    )

    report: list[Line] = []

    def say(text: str, err: bool = True) -> None:
        report.append(Line(text, err))
        click.echo(text, err=err)

    from dataclasses import replace

    from calendar_builder.build import cache_folder, edition_caches, layout_caches, save_part_of_cache
    from calendar_builder.errors import Location, Problem
    from calendar_builder.layout.fit import LayoutError

    problems = ProblemCollector()
    # language codes are known, festivals dated, text shaped, QR codes made and logos measured through the build
    # cache; check adds what it made beside the build's records (what only drawing needs stays)
    with edition_caches(settings) as early:
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
        from calendar_builder.edition.model import make_edition
        from calendar_builder.layout.coverage import check_print_coverage
        from calendar_builder.layout.pages import check_layout
        from calendar_builder.media import image_sizes
        from calendar_builder.media.read import read_media

        try:
            look = settings.edition_settings
            if not problems.errors:
                edition = make_edition(settings, True, catalogue, organisations)
                sizes = open_memo(cache_folder(settings), image_sizes.NAMESPACE, image_sizes.memo_version())
                with layout_caches(settings) as memos:
                    check_print_coverage(edition, look)
                    media = read_media(edition, look, data_dir, problems, sizes)
                    if not problems.errors:
                        # lay out every page as `build` does (nothing is drawn): what build would refuse, check does
                        check_layout(replace(edition, media=media), look)
                if not problems.errors:  # a check that finds errors writes nothing, not even the cache
                    save_part_of_cache(settings, (*memos, sizes, *early))
        except DataError as exc:
            problems.problems.extend(exc.problems)
        except LayoutError as exc:
            problems.problems.append(Problem(Location(str(data_dir)), f"the pages cannot be laid out: {exc.message}"))
    for problem in problems.problems:
        say(str(problem))
    if problems.errors:
        click.echo(f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s).", err=True)
        sys.exit(1)
    for notice in events_for_year(organisations, settings.year).notices:
        say(str(notice))
    warning = sample_warning(organisations.organisations)
    if warning:
        say(f"warning: {warning}")
    if not settings.organisations_file.exists():
        say(f"note: {settings.organisations_file} does not exist: the calendar shows no organisations")
    say(
        f"ok: {len(catalogue.festivals)} festivals in {len(catalogue.traditions)} traditions, "
        f"{len(organisations.organisations)} organisations with {len(organisations.events)} events"
        + (f", {len(problems.warnings)} warning(s)" if problems.warnings else ""),
        err=False,
    )
    if key is not None and key == check_key(data_dir, settings.year, Path(CACHE_FOLDER)):
        from calendar_builder.cache import changed_packs
        from calendar_builder.publish import write_cache_packs

        verdicts.keep(key, encode(report))
        write_cache_packs(settings.cache_dir, changed_packs(verdicts))


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
    from calendar_builder.build import write_import

    written = write_import(run)
    if written is None:
        click.echo(run.text, nl=False)
    else:
        click.echo(f"wrote {len(run.result.events)} event(s) to {written}")


@main.command("import-ics")
@import_options
@data_option
@click.option("--year", type=YEAR, default=None, help=f"Edition year to import, {YEARS} (default: next calendar year).")
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
    from calendar_builder.organisations.commands import run_import
    from calendar_builder.publish import data_lock

    with data_lock(data_dir, f"import-ics {file.name}"):
        _report_import(run_import("ics", file, organisation, data_dir, year or default_year(), output, replace))


@main.command("import-csv")
@import_options
@data_option
def import_csv_command(file: Path, organisation: str, output: Path | None, replace: bool, data_dir: Path) -> None:
    """Import an organisation's events from a spreadsheet saved as CSV.

    Columns (German Excel/LibreOffice: ';', UTF-8 or Windows-1252):
    Titel;Datum;Bis;Beginn;Ende;Ort;Beschreibung;Link;Wiederholung;Wiederholung bis;Ausnahmen

    \b
    Example:
      calendar-builder import-csv termine.csv --organisation beispielverein-habesha
    """
    from calendar_builder.organisations.commands import run_import
    from calendar_builder.publish import data_lock

    with data_lock(data_dir, f"import-csv {file.name}"):
        _report_import(run_import("csv", file, organisation, data_dir, default_year(), output, replace))


@main.command()
@data_option
@edition_options
@islamic_option
@leave_out_option
def build(data_dir: Path, year: int | None, out_dir: Path, islamic_authority: str, leave_out_uncovered: bool) -> None:
    """Build the edition of a year from the data files (default: next year).

    Writes the print PDF, the agenda and the feeds, then checks the print PDF with the preflight; an error
    there fails the build (exit code 1): nothing is published, and the failed file is kept as
    OUT/kalender-YEAR-druck.preflight-failed.pdf for a look.

    \b
    Example:
      calendar-builder build --year 2027 --out out/
    """
    from calendar_builder.build import build as build_all

    settings = edition_settings(data_dir, out_dir, year, islamic_authority)
    build_all(settings, leave_out_uncovered, echo=click.echo, warn=lambda message: click.echo(message, err=True))


@main.command()
@data_option
@edition_options
@islamic_option
@leave_out_option
def proof(data_dir: Path, year: int | None, out_dir: Path, islamic_authority: str, leave_out_uncovered: bool) -> None:
    """Make the next proof round for the council to review (never for the press).

    \b
    Writes OUT/YEAR/kalender-YEAR-korrektur-vN.pdf (screen) and kalender-YEAR-korrektur-vN-a4.pdf (office
    printer), and the round's snapshot DATA/proofs/YEAR/korrektur-vN.json (commit it: round N+1 compares
    against it). The first page tells the council what to check, to whom and by when (proof_contact and
    proof_deadline in DATA/edition.yaml) and lists the open decisions; then the changes since round N-1,
    the review list, the calendar pages and an appendix for the editorial team.

    \b
    Example:
      calendar-builder proof --year 2027
    """
    from calendar_builder.build import build_proof

    settings = edition_settings(data_dir, out_dir, year, islamic_authority)
    result = build_proof(settings, leave_out_uncovered=leave_out_uncovered, echo=click.echo)
    if result.changes is None:
        click.echo(f"proof {result.number}: first round, nothing to compare with")
    else:
        click.echo(f"proof {result.number}: {len(result.changes.items)} change(s) since proof {result.number - 1}")
        for line in result.changes.lines:
            click.echo(f"  {line}")
    click.echo(f"proof {result.number}: {len(result.decisions)} open decision(s) listed on its first pages")
    click.echo(f"wrote {result.pdf}")
    click.echo(f"wrote {result.pdf_a4}")
    click.echo(f"wrote {result.snapshot} (commit it: the next round compares against it)")


@main.command()
@data_option
@edition_options
@islamic_option
@click.option(
    "--base-url", default=None, callback=_web_address,
    help="https:// address where the contents of OUT/YEAR/feeds/ will be published (subscribe links and QR codes); "
    "default: feeds_base_url in DATA/edition.yaml.",
)  # fmt: skip
def ics(data_dir: Path, year: int | None, out_dir: Path, islamic_authority: str, base_url: str | None) -> None:
    """Write the subscribable .ics feeds and their subscribe page to OUT/YEAR/feeds/.

    \b
    alle.ics                  everything
    tradition-<id>.ics        the festivals of one tradition
    organisation-<id>.ics     the events of one organisation
    index.html                the subscribe page (webcal and Google links, addresses to copy, QR codes)
    subscribe.css/.js, qr-*   its style sheet, script and QR codes

    SEQUENCE and LAST-MODIFIED of every entry are kept in DATA/feed-state.json; commit it with the data.

    \b
    Example:
      calendar-builder ics --year 2027 --base-url https://example.org/kalender/feeds/
    """
    from calendar_builder.build import build_ics

    settings = edition_settings(data_dir, out_dir, year, islamic_authority, base_url)
    for path in build_ics(settings, echo=lambda line: click.echo(line, err=True)):
        click.echo(f"wrote {path}")


@main.command(name="preflight")
@click.argument("pdf_file", type=click.Path(path_type=Path))
@click.option(
    "--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
    help="Data folder whose edition.yaml gives the limits (see --settings).",
)  # fmt: skip
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
    from calendar_builder.preflight import PreflightSettings, format_report, load_settings, preflight

    if settings_file is None and (data_dir / "edition.yaml").is_file():
        settings_file = data_dir / "edition.yaml"
    base = load_settings(settings_file) if settings_file is not None else PreflightSettings()
    width = height = None
    if trim is not None:
        try:
            width, height = (float(v) for v in trim.lower().replace("×", "x").split("x"))
        except ValueError:
            raise CalendarError(f"--trim {trim[:40]!r}: expected WIDTHxHEIGHT in mm, e.g. 297x420") from None
        if not (10 <= width <= MAX_TRIM_MM and 10 <= height <= MAX_TRIM_MM):
            raise CalendarError(f"--trim {trim[:40]!r}: expected each side from 10 to {MAX_TRIM_MM} mm")
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


def edition_settings(
    data_dir: Path, out_dir: Path, year: int | None, islamic_authority: str, base_url: str | None = None
) -> Settings:
    """The settings of a command that writes an edition: the year defaults to next year by the run's clock."""
    from calendar_builder.cache import CACHE_FOLDER

    now = run_clock()
    return Settings(data_dir=data_dir, out_dir=out_dir, year=year or now.default_year,
                    islamic_authority=islamic_authority, feeds_base_url_override=base_url, clock=now,
                    cache_dir=Path(CACHE_FOLDER))  # fmt: skip


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


def run() -> None:
    """The console entry point (`calendar-builder`, `python cli.py`): `main` tuned for a short-lived process.

    A build makes a few million objects that all live until it ends, so the cyclic garbage collector would only
    walk them again and again (a quarter of a second of a cold build for a few hundred freed objects, even with a
    first generation of 100,000): it is switched off, and reference counting frees all but those few cycles, which
    the process's end gives back. At the end every output has already been
    written, renamed and fsynced by the build, so the process leaves with os._exit once standard output and
    error are flushed, instead of tearing down every module and object one by one (about 0.2 s).
    `main` itself stays an ordinary click group, so that tests run it in-process through CliRunner.
    """
    import gc

    gc.disable()
    code = 0
    try:
        main(standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            click.echo(str(exc.code), err=True)
    from calendar_builder import dataclass_code

    if dataclass_code.pending():  # this run compiled methods that the next one can reuse
        from calendar_builder.publish import keep_dataclass_code

        keep_dataclass_code()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (e.g. `| head`): nothing more can be said there
        code = code or 1
    os._exit(code)


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
from calendar_builder.portal.commands import portal as _portal  # noqa: E402

main.add_command(_portal)

__all__ = ["main", "run"]
