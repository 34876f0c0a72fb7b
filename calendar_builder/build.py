"""The build: the one module that writes output files.

It runs the pipeline (load → expand → merge → layout → render) for a command and writes what comes out: the
print PDF, the agenda, the feeds, their subscribe page and state file, the proof (screen and A4) and its snapshot
(in the data folder, tracked), and the events file of an import. Every file is written atomically (a temporary
file beside it, then one rename), so no reader ever sees a half-written calendar.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calendar_builder.cache import changed_packs
from calendar_builder.edition.gates import DRAFT_MARK
from calendar_builder.edition.model import Edition, make_edition
from calendar_builder.errors import CalendarError
from calendar_builder.feed_worker import Job
from calendar_builder.publish import data_lock, publish, remove_leftovers, staging, write_atomic, write_cache_packs
from calendar_builder.settings import Settings

if TYPE_CHECKING:  # only named in annotations: a build imports neither the importers (icalendar) nor the proof
    from calendar_builder.cache import Memo
    from calendar_builder.core.model import Catalogue
    from calendar_builder.edition.settings import EditionSettings
    from calendar_builder.feeds.plan import FeedGroup, FeedItem, FeedPlan
    from calendar_builder.layout.geometry import Page
    from calendar_builder.layout.placement import PlacementReport
    from calendar_builder.organisations.commands import ImportRun
    from calendar_builder.organisations.model import OrganisationCatalogue
    from calendar_builder.proof.rounds import ProofRound

Echo = Callable[[str], None]


class PrintFileRejected(CalendarError):
    """The written print PDF failed the preflight: it must not go to the print shop."""

    exit_code = 1


# --- build ---------------------------------------------------------------------------------------------


def load_edition(settings: Settings, leave_out_uncovered: bool = False, sizes: Memo | None = None) -> Edition:
    """The edition of the settings' year with its logos and artwork opened and measured, ready for layout; `sizes`:
    the build cache's logo sizes (media/image_sizes.py)."""
    return with_logos(make_edition(settings, leave_out_uncovered), settings, sizes)


def with_logos(edition: Edition, settings: Settings, sizes: Memo | None = None,
               ahead: MediaAhead | None = None) -> Edition:  # fmt: skip
    """The edition with its logos and artwork opened and measured; `ahead`: a worker that measured the logos
    meanwhile (its sizes are taken first)."""
    from calendar_builder.media.read import with_media

    if ahead is not None and sizes is not None:
        ahead.take_sizes(sizes)
    return with_media(edition, settings.edition_settings, settings.data_dir, sizes)


class MediaAhead:
    """A forked worker that, in a cold build, measures the logos into the build cache's sizes, reads the month names,
    makes the printed QR codes and draws the SVG logos, while this process reads the data: this process then finds
    them in the cache as a warm build does, and needs neither svglib nor Pillow's decoder for the logos, nor
    Babel's locale data for the month names, nor the qrcode library. The worker only fills caches: this process
    still checks every logo and reports every problem itself (what the worker could not measure, read, make or
    draw is done here)."""

    #: what the worker hands over early, in this order (see `_measured_ahead`); its result is the drawn logos
    SIZES, NAMES, CODES = 0, 1, 2

    def __init__(self, job: Job[tuple[tuple[object, bytes], ...]]) -> None:
        self._job = job
        self._given: list[Any] = []
        self._failed = False
        #: the process that started the worker: only it reads the worker's messages (a process forked from it
        #: later shares the pipe but must not take them)
        self._reader = os.getpid()

    def take_sizes(self, sizes: Memo) -> None:
        """Wait for the logo sizes the worker hands over first, and take them."""
        measured = self._early(self.SIZES, wait=True)
        if measured is not None:
            sizes.adopt(measured)

    @contextmanager
    def taken_when_needed(self) -> Iterator[None]:
        """While the block runs, the first month name, QR code and SVG logo the build cache lacks take what the
        worker made (month_name_cache.names_beside, qr_runs.made_beside, svg_ops.drawn_beside): this process waits
        for the worker only then, and for the codes not at all (it makes them itself while they are not ready)."""
        from calendar_builder.edition import month_name_cache
        from calendar_builder.layout import qr_runs
        from calendar_builder.render import svg_ops

        names = lambda: self._early(self.NAMES, wait=True) or {}  # noqa: E731
        codes = lambda: self._early(self.CODES, wait=False)  # noqa: E731
        with month_name_cache.names_beside(names), qr_runs.made_beside(codes), svg_ops.drawn_beside(self._logos):
            yield

    def _early(self, index: int, wait: bool) -> Any:
        """The `index`-th value the worker hands over, waiting for it if `wait`; None when it failed, or is not
        there yet and this process is not to wait (then this process makes it)."""
        if os.getpid() != self._reader:
            return None
        while len(self._given) <= index and not self._failed:
            if not wait and not self._job.ready():
                return None
            try:
                self._given.append(self._job.early())
            except Exception:  # this process makes it all itself, and says what went wrong
                self._failed = True
        return self._given[index] if index < len(self._given) else None

    def _logos(self) -> tuple[tuple[object, bytes], ...]:
        """The SVG logos the worker drew, its result (none if it failed: they are drawn here)."""
        if os.getpid() != self._reader:
            return ()
        self._early(self.CODES, wait=True)  # handed over before them
        if self._failed:
            return ()
        try:
            return self._job.result(lambda _line: None)
        except Exception:
            return ()
        finally:
            self._job.stop()


def _featured_websites(organisations: OrganisationCatalogue, year: int) -> list[str]:
    """The websites of the organisations the year's month pages present (their boxes print a QR code of it)."""
    from calendar_builder.organisations.featured import assign_featured_months

    try:
        featured = assign_featured_months(organisations.organisations, year)
    except CalendarError:  # the building process says what is wrong
        return []
    return [org.contact.website for org in featured.values() if org is not None and org.contact.website]


def organisations_first(settings: Settings) -> OrganisationCatalogue | None:
    """organisations.yaml, read before holidays.yaml so that the logos' worker can start at once; None when it
    cannot be read: the edition then reads it again in its turn and says what is wrong in the usual order."""
    from calendar_builder.organisations.load import load_organisations

    try:
        return load_organisations(settings.organisations_file)
    except CalendarError:
        return None


@contextmanager
def media_measured_beside(settings: Settings, sizes: Memo,
                          organisations: OrganisationCatalogue | None) -> Iterator[MediaAhead | None]:  # fmt: skip
    """A MediaAhead for the organisations' and publishers' logos when the build cache holds no logo size yet (a
    cold build), the organisations could be read and a worker can be forked."""
    import multiprocessing

    if sizes.holds_any() or organisations is None or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    job = Job.start_handing(lambda _say, hand: _measured_ahead(settings, sizes, organisations, hand))
    try:
        yield MediaAhead(job)
    except BaseException:
        job.stop(grace=0)  # the build failed (bad data, most likely): its error is not kept waiting
        raise
    job.stop()


def _measured_ahead(settings: Settings, sizes: Memo, organisations: OrganisationCatalogue,
                    hand: Callable[[object], None]) -> tuple[tuple[object, bytes], ...]:  # fmt: skip
    """In the worker: measure every logo, read the month names and make the printed QR codes, handing each over
    as it is done (see MediaAhead), then draw the SVG logos; gives the drawn logos, for the building process. Each
    step imports what it needs when it comes to it: the sizes, asked for first, wait for nothing else."""
    from calendar_builder.errors import ProblemCollector
    from calendar_builder.media.read import read_logos

    look = settings.edition_settings
    mark = sizes.mark()
    logos = read_logos(organisations.organisations, look, settings.data_dir, ProblemCollector(), sizes)
    hand(sizes.made_since(mark))
    from calendar_builder.edition import month_name_cache

    hand(month_name_cache.names_ahead(look.month_languages))
    from calendar_builder.layout import qr_runs

    hand(qr_runs.runs_ahead([look.subscribe_page_url, *_featured_websites(organisations, settings.year)]))
    from calendar_builder.cache import open_memo
    from calendar_builder.edition.media import Vector
    from calendar_builder.render import svg_ops
    from calendar_builder.render.print_pdf import draw_svg_logos_ahead

    vectors = [Path(path) for path, medium in sorted(logos.items()) if isinstance(medium, Vector)]
    drawn = open_memo(None, svg_ops.NAMESPACES["press"], svg_ops.memo_version())
    with svg_ops.ops_through(drawn):
        draw_svg_logos_ahead(vectors, look)
        return svg_ops.drawn_here()


def build(settings: Settings, leave_out_uncovered: bool = False, echo: Echo = print,
          warn: Echo | None = None) -> list[Path]:  # fmt: skip
    """The whole edition of a year, published all or nothing: the print PDF (the print file, or a marked draft
    while a print gate blocks), the agenda, the placement report, the feeds and their subscribe page are written
    into a staging folder, the preflight checks the PDF there, and only then does the edition replace
    out/<year>/ in one step; data/feed-state.json is written last. `warn` gets the print blockers (stderr)."""
    from calendar_builder.durable import one_sync
    from calendar_builder.feeds.organisations import organisation_groups
    from calendar_builder.feeds.plan import FEED_STATE_FILE
    from calendar_builder.render import deflated

    with data_lock(settings.data_dir, f"build --year {settings.year}"):
        remove_leftovers(settings.out_dir, settings.data_dir, *_cache_folders(settings))
        with edition_caches(settings) as early:
            sizes = image_sizes(settings)
            # One edition serves the print PDF and the feeds: every data file is read once.
            organisations = organisations_first(settings)
            cold = no_deflated_streams(settings)
            with media_measured_beside(settings, sizes, organisations) as ahead, \
                    deflated.deflating_beside() if cold else nullcontext():  # fmt: skip
                read_beside(settings)
                read = make_edition(settings, leave_out_uncovered, organisations=organisations)
                groups = organisation_groups(read.organisations, settings.feeds_base_url)
                target = settings.edition_dir
                with staging(target) as stage:
                    job: Job[FeedFiles] | None = None
                    # the staged files are on disk, with one filesystem sync, before they are published
                    with one_sync():
                        try:
                            with layout_caches(settings, logos="press") as memos, \
                                    ahead.taken_when_needed() if ahead is not None else nullcontext():  # fmt: skip
                                edition = with_logos(read, settings, sizes, ahead)
                                # The feeds are made by a forked worker while this process lays out and draws the
                                # print PDF; what they say and what they are come back here, in the order of one
                                # process doing both, and are written here. It starts once the logos' worker has
                                # handed over the sizes, which this process waits for: until then that worker has
                                # the second core. Its result is wanted last, so it yields the second core to the
                                # workers and threads whose results are wanted sooner (the logos, the images).
                                job = Job.start(
                                    lambda say: render_feeds(settings, say, groups, read.catalogue,
                                                             cache_folder(settings)),
                                    wanted_last=True,
                                )  # fmt: skip
                                made = build_edition(edition, settings, echo, warn or echo, folder=stage)
                            feeds = job.result(echo)
                        except BaseException:
                            if job is not None:
                                job.stop(grace=0)  # the build failed: its error is not kept waiting for the feeds
                            raise
                        job.stop()
                        made += [write_atomic(stage / "feeds" / name, data) for name, data in feeds.files.items()]
                        state, packs = feeds.state, feeds.cache_packs
                        # the files are written: their memory serves the preflight and the cache (the peak's end)
                        del feeds
                        checked = preflight_pages(settings)
                        verdict = preflight_print_pdf(made[0], settings, echo, checked)
                    publish(stage, target, carry_over=_made_by_other_commands)
                write_atomic(settings.data_dir / FEED_STATE_FILE, state)
                save_cache(settings, chain(packs, changed_packs(*memos, sizes, *checked, *early)))
    written = [target / path.relative_to(stage) for path in made]
    for path in written:
        echo(f"wrote {path}")
    echo(verdict.format(pdf=written[0]))
    return written


def no_deflated_streams(settings: Settings) -> bool:
    """Whether the build cache holds no deflated streams yet (a cold build, whose streams are deflated in threads
    beside: render/deflated.py); a warm one has them all but those of a changed page."""
    from calendar_builder.cache import pack_path
    from calendar_builder.render import deflated

    folder = cache_folder(settings)
    return folder is not None and not pack_path(folder, deflated.NAMESPACE).exists()


def read_beside(settings: Settings) -> None:
    """A thread reads the digests of the fonts (20 MB, some 25 ms; see cache.digests_beside) while this process
    reads the data, when the build cache has no file digests: hashing lets go of the interpreter. The files are
    checked where they are used, as before."""
    from calendar_builder.cache import DIGESTS_NAMESPACE, digests_beside, pack_path
    from calendar_builder.resources import font_dir

    folder = cache_folder(settings)
    if folder is not None and not pack_path(folder, DIGESTS_NAMESPACE).exists():
        digests_beside(sorted(font_dir().glob("*.ttf")))


def profile_deflated_beside(look: EditionSettings) -> None:
    """In a cold build (inside `deflated.deflating_beside`), a thread deflates the output profile (a megabyte, some
    50 ms; the print PDF's output intent takes it, see render/deflated.py) while the pages are laid out and drawn:
    zlib lets go of the interpreter. It starts only then, beside the feeds' worker, which has time to spare, rather
    than while the data is read, when the logos' worker needs the second core."""
    from calendar_builder.render import deflated

    if not deflated.deflating_beside_now():
        return
    try:
        profile = look.icc_profile.read_bytes()
    except OSError:
        return  # reported as before, where the output intent is written
    deflated.deflate_beside(profile)


def _made_by_other_commands(relative: Path) -> bool:
    """Files in out/<year>/ that `build` does not make and so must keep: the proof rounds' PDFs."""
    return "-korrektur-" in relative.name


def build_edition(edition: Edition, settings: Settings, echo: Echo = print, warn: Echo | None = None,
                  folder: Path | None = None) -> list[Path]:  # fmt: skip
    """Write the print PDF (or the draft), the agenda and the placement report into `folder` (default
    out/<year>/); returns their paths, the PDF first."""
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
    folder = folder or settings.edition_dir
    pdf, report = write_print_pdf(edition, settings, echo, draft=bool(blockers), folder=folder)
    echo(report.summary())
    path = folder / f"kalender-{edition.year}-agenda.txt"
    placement = folder / f"kalender-{edition.year}-platzierung.txt"
    return [pdf, write_atomic(path, render_agenda(edition)), write_atomic(placement, report.text())]


def print_pdf_name(year: int, draft: bool) -> str:
    """kalender-<year>-druck.pdf for the print shop, kalender-<year>-entwurf.pdf while a print gate blocks."""
    return f"kalender-{year}-{'entwurf' if draft else 'druck'}.pdf"


def write_print_pdf(edition: Edition, settings: Settings, echo: Echo = print, draft: bool = False,
                    folder: Path | None = None) -> tuple[Path, PlacementReport]:  # fmt: skip
    """Lay out every page, draw them and write the print PDF (PDF/X, CMYK) or, with `draft`, the marked draft into
    `folder` (default out/<year>/)."""
    from calendar_builder.layout.coverage import check_print_coverage
    from calendar_builder.layout.geometry import Image
    from calendar_builder.layout.images import GOOD_PPI
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.layout.placement import placement_report
    from calendar_builder.render.print_pdf import render_print_pdf

    look = settings.edition_settings
    check_print_coverage(edition, look)
    profile_deflated_beside(look)
    pages = layout_edition(edition, look, draft=draft)
    drop_locale_data()
    for page in pages:
        for element in page.walk():
            if isinstance(element, Image) and element.ppi < GOOD_PPI:
                echo(f"warning: {element.path}: only {element.ppi:.0f} ppi at its printed size on page "
                     f"{page.number} ({GOOD_PPI} ppi wanted)")  # fmt: skip
    created = settings.clock.document_time(edition.year)
    with images_converted_beside(pages, look):
        data = render_print_pdf(pages, look, look.title_for(edition.year), created, draft=draft)
    path = (folder or settings.edition_dir) / print_pdf_name(edition.year, draft)
    return write_atomic(path, data), placement_report(edition, pages)


@contextmanager
def images_converted_beside(pages: tuple[Page, ...], look: EditionSettings) -> Iterator[None]:
    """While the block draws the pages, a forked worker converts the raster images the build cache lacks (about
    12 ms a logo), and the drawing takes its records at the first image it needs (render/raster_cache.py): a cold
    build's logos are converted while the pages before the first of them are drawn."""
    from calendar_builder.render import raster_cache
    from calendar_builder.render.print_pdf import PRESS, converted_image, raster_images

    pending = raster_cache.not_held(raster_images(pages, look), PRESS)
    if not pending:
        yield
        return
    job = Job.start(lambda _say: raster_cache.convert_all(pending, converted_image))
    try:
        with raster_cache.converted_beside(lambda: job.result(lambda _line: None)):
            yield
    finally:
        job.stop()


def drop_locale_data() -> None:
    """Let go of Babel's locale data once the pages are laid out: the month and language names it gave are in the
    pages, and the 15 MB of CLDR data it holds for some fourteen languages would otherwise stay while the print
    fonts (as much again) are loaded, the peak of a build's memory. Babel reads it again if anything asks."""
    from babel.localedata import clear_caches

    clear_caches()


def preflight_pages(settings: Settings) -> tuple[Memo, ...]:
    """The build cache's pages checked by earlier preflights (preflight/kept.py); none when the run uses no cache."""
    folder = cache_folder(settings)
    if folder is None:
        return ()
    from calendar_builder.cache import open_memo
    from calendar_builder.preflight import kept

    return (open_memo(folder, kept.NAMESPACE, kept.memo_version()),)


def preflight_print_pdf(pdf: Path, settings: Settings, echo: Echo = print, kept: tuple[Memo, ...] = ()) -> str:
    """Check the written print PDF against the edition's own limits; returns the verdict line to print once the
    edition is published (with `{pdf}` for its final path). On an error nothing is published: the file is kept
    beside the editions as out/<name>.preflight-failed.pdf for a look (never inside an edition, so nobody
    uploads it by mistake) and PrintFileRejected is raised. A draft's own mark is the one error a draft has."""
    from calendar_builder.preflight import format_report, from_edition, preflight
    from calendar_builder.preflight.draft import DRAFT_CHECK

    report = preflight(pdf, from_edition(settings.edition_settings), *kept)
    failed = settings.out_dir / (pdf.stem + ".preflight-failed.pdf")
    for finding in report.warnings:
        echo(f"preflight warning: {finding}")
    draft = report.by_check(DRAFT_CHECK)
    if draft and len(report.errors) == len(draft):
        # the draft's own mark is the one error expected: everything else about the file is checked as for print
        failed.unlink(missing_ok=True)
        return f"preflight: {{pdf}} is a draft, not for print; otherwise it passed ({report.pages} pages)"
    if report.ok:
        failed.unlink(missing_ok=True)  # an earlier failed attempt is no longer current
        return f"preflight passed: {{pdf}} ({report.pages} pages, {len(report.warnings)} warning(s))"
    write_atomic(failed, pdf.read_bytes())
    raise PrintFileRejected(
        f"the print PDF failed the preflight; nothing was published (the edition in {settings.edition_dir} is as "
        f"it was). The failed file is kept as {failed}; do not send it to the print shop.\n" + format_report(report)
    )


# --- feeds ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedFiles:
    """The feeds of an edition as bytes (file name in feeds/ -> content) and the feed state that goes with them."""

    files: dict[str, bytes]
    state: str
    #: (namespace, pack) of each build cache namespace whose entries changed, for `save_cache`
    cache_packs: tuple[tuple[str, bytes], ...] = ()


def render_feeds(settings: Settings, echo: Echo = print, organisations: Sequence[FeedGroup] = (),
                 catalogue: Catalogue | None = None, cache: Path | None = None,
                 share: bool = False) -> FeedFiles:  # fmt: skip
    """Expand the festivals for the feed years and render every feed and the subscribe page; writes nothing.
    `catalogue`: holidays.yaml when the command has read it already; `cache`: the build cache's folder, only read
    here (serialised entries and QR codes); `share`: serialise many new entries with a forked worker's help (the
    `ics` command; a build already renders the feeds in a worker beside the print)."""
    from calendar_builder.cache import open_memo
    from calendar_builder.core.expand import expand
    from calendar_builder.core.load import load_catalogue
    from calendar_builder.feeds.plan import FEED_STATE_FILE, festival_years, plan_feeds, summarise_left_out
    from calendar_builder.feeds.state import FeedState
    from calendar_builder.render.ics import entry_memo_version, render_plan
    from calendar_builder.render.subscribe_page import qr_memo_version, subscribe_files

    catalogue = catalogue if catalogue is not None else load_catalogue(settings.holidays_file)
    result = expand(catalogue.festivals, festival_years(settings.year), settings.expand_options)
    notices = summarise_left_out((n.festival.id, n.year, n.reason) for n in result.notices)
    plan = plan_feeds(catalogue, result.occurrences, settings.year, settings.feeds_base_url, organisations, notices)
    for notice in plan.notices:
        echo(f"warning: {notice}")
    for note in plan.notes:
        echo(f"note: {note}")
    state = FeedState.load(settings.data_dir / FEED_STATE_FILE)
    entries = open_memo(cache, "ics-entries", entry_memo_version(), remember_keys=True)
    codes = open_memo(cache, "subscribe-qr", qr_memo_version())
    if share:
        _serialise_beside(plan, entries, codes)
    rendered = render_plan(plan, state, settings.clock.moment, entries)
    for warning in rendered.warnings:
        echo(f"warning: {warning}")
    files = dict(rendered.files)
    files.update(subscribe_files(plan, rendered, settings.edition_settings.web_legal, codes))
    packs = tuple(changed_packs(entries, codes))
    return FeedFiles(files, state.to_json(), packs)


#: new feed entries from which a forked worker serialises half of them (a fork costs about 20 ms)
SHARE_ENTRIES_FROM = 2000


def _serialise_beside(plan: FeedPlan, memo: Memo, codes: Memo) -> None:
    """Serialise the entries the cache does not hold into the memo, where `render_plan` finds them, with a forked
    worker's help: it serialises every other entry, or every third while it also makes the subscribe page's QR
    codes the cache does not hold (into `codes`, where `subscribe_files` finds them). The bytes are those one
    process makes."""
    from calendar_builder.feeds.subscribe import subscribe_choices
    from calendar_builder.render.ics import serialise
    from calendar_builder.render.subscribe_page import qr_svg

    unique: dict[str, FeedItem] = {}
    for item in (item for feed in plan.feeds for item in feed.items):
        if unique.setdefault(item.uid, item) != item:
            return  # two entries share a UID: render_plan says so
    missing = [item for item in unique.values() if memo.find(item) is None]
    if len(missing) < SHARE_ENTRIES_FROM:
        return
    addresses = sorted({choice.webcal for choice in subscribe_choices(plan).feeds})
    undrawn = [text for text in addresses if codes.find((text, "")) is None]
    share = 3 if undrawn else 2  # 31 QR codes cost about a third of 10,000 entries
    theirs = missing[share - 1 :: share]
    mine = [item for index, item in enumerate(missing) if index % share != share - 1]
    job = Job.start(lambda _say: ([serialise(item, None) for item in theirs], [qr_svg(text) for text in undrawn]))
    try:
        made = [serialise(item, None) for item in mine]
        serialised, drawn = job.result(lambda _line: None)
        for item, value in zip(theirs, serialised, strict=True):
            memo.keep(item, value)
        for text, svg in zip(undrawn, drawn, strict=True):
            codes.keep((text, ""), svg.encode("utf-8"))
    finally:
        job.stop()
    for item, value in zip(mine, made, strict=True):
        memo.keep(item, value)


def build_feeds(settings: Settings, echo: Echo = print, organisations: Sequence[FeedGroup] = ()) -> list[Path]:
    """Render the feeds and publish out/<year>/feeds/ in one step, then the state file."""
    from calendar_builder.feeds.plan import FEED_STATE_FILE

    feeds = render_feeds(settings, echo, organisations, cache=cache_folder(settings), share=True)
    target = settings.edition_dir / "feeds"
    with staging(target) as stage:
        for name, data in feeds.files.items():
            write_atomic(stage / name, data)
        publish(stage, target)
    write_atomic(settings.data_dir / FEED_STATE_FILE, feeds.state)
    save_cache(settings, feeds.cache_packs)
    return [target / name for name in feeds.files]


# --- the build cache ------------------------------------------------------------------------------------


def cache_folder(settings: Settings) -> Path | None:
    """The build cache's folder (see cache.py), or None when this run uses none; safe to delete at any time."""
    return settings.cache_dir


def _cache_folders(settings: Settings) -> list[Path]:
    """The cache's folder for `remove_leftovers` (a killed run may leave a half-written pack's temporary file)."""
    folder = cache_folder(settings)
    return [folder] if folder is not None else []


@contextmanager
def edition_caches(settings: Settings) -> Iterator[tuple[Memo, ...]]:
    """For the whole run: the digests of files (cache.file_digest: the package's files, the fonts, the profiles
    and images, which the versions and keys of every namespace read), each festival's dates in the year
    (edition/festival_dates.py) and the language codes organisations are checked against
    (organisations/language_codes.py), through the build cache while the block runs; gives their memos, the digests
    last, to save afterwards (none when the run uses no cache)."""
    folder = cache_folder(settings)
    if folder is None:
        yield ()
        return
    from calendar_builder.cache import DIGESTS, DIGESTS_NAMESPACE, DIGESTS_VERSION, open_memo
    from calendar_builder.edition import festival_dates
    from calendar_builder.organisations import language_codes

    with DIGESTS.through(open_memo(folder, DIGESTS_NAMESPACE, DIGESTS_VERSION)) as digests:
        dated = open_memo(folder, festival_dates.NAMESPACE, festival_dates.memo_version())
        codes = open_memo(folder, language_codes.NAMESPACE, language_codes.memo_version())
        with festival_dates.dates_through(dated), language_codes.codes_through(codes):
            yield dated, codes, digests


@contextmanager
def layout_caches(settings: Settings, logos: str | None = None) -> Iterator[tuple[Memo, ...]]:
    """Shape text (text/shape_cache.py), make the printed QR codes (layout/qr_runs.py), name the months
    (edition/month_name_cache.py) and lay out the month pages (layout/page_cache.py) through the build cache while
    the block runs, and in a run that draws, with `logos` the name of its inks ("press", "screen"), draw the SVG
    logos (render/svg_ops.py), convert the raster images (render/raster_cache.py) and write the pages drawn before
    (render/drawn_pages.py), and for the press deflate the file's streams (render/deflated.py); gives their memos
    in this order, then that of the files' digests (cache.file_digest: the package's files, the fonts, the
    profiles and images; unless `edition_caches` has opened them for the run) and that of the year's moon phases
    (layout/moon_cache.py), to save afterwards (none when the run uses no cache)."""
    folder = cache_folder(settings)
    if folder is None:
        yield ()
        return
    from calendar_builder.cache import DIGESTS, DIGESTS_NAMESPACE, DIGESTS_VERSION, open_memo
    from calendar_builder.layout import moon_cache

    with ExitStack() as stack:
        # first: the versions and keys below read the digests of the package's files and the fonts
        digests = () if DIGESTS.memo is not None else (
            stack.enter_context(DIGESTS.through(open_memo(folder, DIGESTS_NAMESPACE, DIGESTS_VERSION))),
        )  # fmt: skip
        moons = open_memo(folder, moon_cache.NAMESPACE, moon_cache.memo_version())
        with moon_cache.phases_through(moons), _opened_layout_caches(settings, folder, logos) as memos:
            yield (*memos, *digests, moons)


@contextmanager
def _opened_layout_caches(settings: Settings, folder: Path, logos: str | None) -> Iterator[tuple[Memo, ...]]:
    from calendar_builder.cache import open_memo
    from calendar_builder.edition import month_name_cache
    from calendar_builder.layout import page_cache, qr_runs
    from calendar_builder.text import shape_cache
    from calendar_builder.text.fonts import FontBook

    shaped = open_memo(folder, shape_cache.NAMESPACE, shape_cache.memo_version())
    codes = open_memo(folder, qr_runs.NAMESPACE, qr_runs.memo_version())
    months = open_memo(folder, month_name_cache.NAMESPACE, month_name_cache.memo_version())
    layouts = (shaped, codes, months)  # what month layout reads through: a month page's record lists its records
    pages = open_memo(folder, page_cache.NAMESPACE, page_cache.memo_version(*(memo.version for memo in layouts)))
    with shape_cache.shaping_through(shaped) as store, qr_runs.runs_through(codes), \
            month_name_cache.names_through(months), \
            page_cache.pages_through(pages, layouts, lambda: store.fonts_digest(FontBook.default())):  # fmt: skip
        if logos is None:
            yield shaped, codes, months, pages
            return
        from calendar_builder.render import deflated, drawn_pages, raster_cache, svg_ops

        page_version = drawn_pages.memo_version(pages.version, store.fonts_digest(FontBook.default()))
        with (
            svg_ops.ops_through(open_memo(folder, svg_ops.NAMESPACES[logos], svg_ops.memo_version())) as drawn,
            raster_cache.images_through(
                open_memo(folder, raster_cache.NAMESPACES[logos], raster_cache.memo_version())
            ) as converted,
            drawn_pages.pages_through(
                open_memo(folder, drawn_pages.NAMESPACES[logos], page_version), (shaped,)
            ) as written,
        ):
            if logos != "press":
                yield shaped, codes, months, pages, drawn, converted, written
                return
            with deflated.deflated_through(open_memo(folder, deflated.NAMESPACE, deflated.memo_version())) as kept:
                yield shaped, codes, months, pages, drawn, converted, written, kept


def image_sizes(settings: Settings) -> Memo:
    """The build cache's sizes of logos that passed the checks (media/image_sizes.py), opened as `check` opens it."""
    from calendar_builder.cache import open_memo
    from calendar_builder.media import image_sizes as sizes

    return open_memo(cache_folder(settings), sizes.NAMESPACE, sizes.memo_version())


def save_cache(settings: Settings, packs: Iterable[tuple[str, bytes]]) -> None:
    """Write the changed packs of the build cache (see `write_cache_packs`)."""
    write_cache_packs(cache_folder(settings), packs)


def save_part_of_cache(settings: Settings, memos: Sequence[Memo]) -> None:
    """Write the cache after a run that does part of a build's work (`check`, `proof`): the records it used or made
    that the packs of the last build do not hold go beside them (`Memo.part_pack`), so that the build's records it
    did not use are kept, and what it made replaces what the run before it made."""
    from calendar_builder.cache import changed_parts

    save_cache(settings, changed_parts(*memos))


def build_ics(settings: Settings, echo: Echo = print) -> list[Path]:
    """Only the feeds and their subscribe page (the `ics` command)."""
    from calendar_builder.feeds.organisations import organisation_groups
    from calendar_builder.organisations import load_organisations

    with data_lock(settings.data_dir, f"ics --year {settings.year}"):
        remove_leftovers(settings.edition_dir, settings.data_dir, *_cache_folders(settings))
        groups = organisation_groups(load_organisations(settings.organisations_file), settings.feeds_base_url)
        return build_feeds(settings, echo=echo, organisations=groups)


# --- proof ---------------------------------------------------------------------------------------------


def build_proof(settings: Settings, leave_out_uncovered: bool = False, echo: Echo = print) -> ProofRound:
    """Lay out the edition as for print, draw the proof (screen and A4), write both and then the round's snapshot."""
    from calendar_builder.layout.coverage import check_print_coverage
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.proof.rounds import prepare_round, review_contact
    from calendar_builder.proof.things import review_things
    from calendar_builder.render import drawn_pages, raster_cache, svg_ops
    from calendar_builder.render.proof_pdf import (
        assemble_proof,
        draw_calendar_sheets,
        draw_own_pages,
        draw_screen_pages,
        join_sheets,
        load_fonts,
        wrap_review_list,
    )

    review_contact(settings)  # before the slow part: a proof without contact and deadline is refused at once
    with data_lock(settings.data_dir, f"proof --year {settings.year}"):
        remove_leftovers(settings.edition_dir, settings.data_dir)
        with edition_caches(settings) as early:
            sizes = image_sizes(settings)
            edition = load_edition(settings, leave_out_uncovered, sizes)
            look = settings.edition_settings
            # Shaped text, QR codes, month names and drawn logos come from the build cache (a build's records serve the
            # calendar pages); the workers forked below read it too, and what this process adds is kept with the rest,
            # as are the logos the worker drawing the calendar pages used or drew.
            with layout_caches(settings, logos="screen") as memos:
                # the same checks as the print build: a missing glyph is named with its file, line, entry and field
                check_print_coverage(edition, look)
                # A forked worker lays out the calendar while this process reads the fonts and wraps the review
                # list; then a worker draws the calendar pages (once, in screen colours, for both versions) and the
                # sheets around them while this process draws the first pages and the review list; then each
                # version is put together in a process of its own. The worker sends back the cache entries it used
                # and made (month pages, shaped text) with the pages.
                marks = [(memo, memo.mark()) for memo in memos]
                laying_out = Job.start(lambda say: (layout_edition(edition, look),
                                                    [memo.made_since(mark) for memo, mark in marks]))  # fmt: skip
                try:
                    load_fonts()
                    wrap_review_list(review_things(edition, settings.expand_options))
                    pages, made = laying_out.result(echo)
                finally:
                    laying_out.stop()
                for memo, entries in zip(memos, made, strict=True):
                    memo.adopt(entries)
                round_ = prepare_round(edition, pages, settings)
                if edition.sample_warning:
                    echo(f"warning: {edition.sample_warning}")
                # the drawing worker's shaped text (the sheets and the appendix) comes back as the layout's did
                marks = [(memo, memo.mark()) for memo in memos[:1]]
                job = Job.start(lambda say: (draw_screen_pages(pages, look, round_.info.title),
                                             draw_calendar_sheets(pages, round_), svg_ops.drawn_here(),
                                             raster_cache.converted_here(), drawn_pages.drawn_here(),
                                             [memo.made_since(mark) for memo, mark in marks]))  # fmt: skip
                try:
                    own = draw_own_pages(pages, round_)
                    calendar_pages, calendar_sheets, logos, images, written, made = job.result(echo)
                    svg_ops.keep_drawn(logos)
                    raster_cache.keep_converted(images)
                    drawn_pages.keep_drawn(written)
                    for (memo, _), entries in zip(marks, made, strict=True):
                        memo.adopt(entries)
                finally:
                    job.stop()
                sheets = join_sheets(round_, own, calendar_sheets)
                putting_together = Job.start(lambda say: assemble_proof(sheets, calendar_pages, a4=True))
                try:
                    screen = assemble_proof(sheets, calendar_pages, a4=False)
                    office = putting_together.result(echo)
                finally:
                    putting_together.stop()
            # The snapshot last: it is what makes this round count, so a failed PDF write does not use up a number.
            write_atomic(round_.pdf, screen)
            write_atomic(round_.pdf_a4, office)
            write_atomic(round_.snapshot, round_.snapshot_bytes)
            # shaped text, QR codes, month names, month pages, logo sizes, festival dates and language codes go
            # beside the build's; the proof draws every logo and image in screen colours, so those packs keep what
            # it used, as a build's keep the print's
            save_part_of_cache(settings, (*memos[:4], sizes, *early[:-1]))
            save_cache(settings, changed_packs(*memos[4:], *early[-1:]))
    return round_


# --- data ---------------------------------------------------------------------------------------------


def start_data_folder(target: Path) -> list[Path]:
    """Copy the default data into `target` (a folder that does not exist yet) to start one's own edition from."""
    from calendar_builder.resources import default_data_dir

    source = default_data_dir()
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    try:
        return [write_atomic(target / p.relative_to(source), p.read_bytes()) for p in files]
    except OSError as exc:
        raise CalendarError(
            f"cannot copy the default data to {exc.filename or target}: {exc.strerror or exc}; "
            "give a data folder with --data"
        ) from None


# --- imports -------------------------------------------------------------------------------------------


def write_import(run: ImportRun) -> Path | None:
    """Write an import's events file where the run says (nothing when it goes to standard output)."""
    if run.destination is None:
        return None
    return write_atomic(run.destination, run.text)


__all__ = ["PrintFileRejected", "build", "build_edition", "build_feeds", "build_ics", "build_proof"]
