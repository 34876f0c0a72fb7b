"""The checks of each page, and the later pages of a document checked by a forked process meanwhile.

Walking the content streams is most of a preflight (about 0.6 s of the calendar's 14 pages) and each page is
walked on its own, so the pages after the first half of the content are handed to a forked worker while this
process checks the first half. The worker records each finding it would add, in order; they are added here
after this process's own pages, which gives exactly the report of one process walking page after page: a
finding depends only on its page and the objects it uses, and the collector folds repeats by their order.

The one thing that spans pages is the budget of decoded content and operators (budget.py). The worker's
counts are added to this process's; where the sum could reach a limit, or the worker met anything it could not
check, its work is dropped and the remaining pages are checked here, one after the other, as without a worker:
a damaged or oversized file gets the same findings, the same "too large" line and the same page number.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from calendar_builder.preflight.document import check_boxes, inherited
from calendar_builder.preflight.report import Collector
from calendar_builder.preflight.scan import Scanner
from calendar_builder.preflight.settings import PreflightSettings

#: documents with fewer pages are checked in one process (a fork costs more than a page or two)
MIN_PAGES_TO_SHARE = 4
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def check_page(page: Any, number: int, settings: PreflightSettings, scanner: Scanner, out: Collector) -> None:
    """Every check of one page: its boxes, the resources it can reach, its transparency group, its content."""
    geometry = check_boxes(page, number, settings, out)
    resources = inherited(page.obj, "/Resources")
    scanner.sweep_resources(resources, geometry)
    if settings.pdfx == "PDF/X-1a:2001":
        group = page.obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and str(group.get("/S", "")) == "/Transparency":
            out.add("error", number, "transparency", "page is a transparency group (PDF/X-1a allows none)")
    if "/Contents" in page.obj:
        scanner.walk(page, resources, _IDENTITY, geometry)


@dataclass(frozen=True)
class PagesChecked:
    """What a worker found on its pages: the collector calls in order, the ink peaks, what it decoded."""

    calls: tuple[tuple[tuple[Any, ...], dict[str, Any]], ...]
    peaks: dict[int, float]
    content_bytes: int
    operators: int


@dataclass(frozen=True)
class PageChecked:
    """What checking one page added: the collector calls in order, its ink peak, and what a walk of that page
    alone reads (decoded content bytes, operators; see `Scanner.start_page`)."""

    calls: tuple[tuple[tuple[Any, ...], dict[str, Any]], ...]
    peak: float | None
    content_bytes: int
    operators: int


class _Recorder(Collector):
    """A collector that keeps each call, to be replayed into the real one."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((args, kwargs))


def share_point(pdf: pikepdf.Pdf) -> int:
    """The first page the worker checks (1-based): the page after the first half of the stored content; 0 for a
    document checked in one process (few pages, or no process to fork)."""
    try:
        theirs = worker_pages(pdf, list(range(1, len(pdf.pages) + 1)))
    except (pikepdf.PdfError, ValueError, TypeError, RecursionError):
        return 0  # a damaged page tree: the checks in one process say where
    return theirs[0] if theirs else 0


def _stored_size(page: Any) -> int:
    """The page's content as stored (compressed): a fair guess of the work of walking it."""
    try:
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        return sum(int(s.get("/Length", 0)) for s in streams if isinstance(s, pikepdf.Stream)) + 1
    except (pikepdf.PdfError, ValueError, TypeError, AttributeError, RecursionError):
        return 1


def check_pages_from(path: Path, first: int, settings: PreflightSettings) -> PagesChecked | None:
    """The worker's part: pages `first` to the end, in a document of its own (a forked copy of the parent's open
    file would share its file position). None when anything stops it: the parent then checks those pages."""
    out = _Recorder()
    try:
        with pikepdf.open(path) as pdf:
            scanner = Scanner(pdf, settings, out)
            for number in range(first, len(pdf.pages) + 1):
                check_page(pdf.pages[number - 1], number, settings, scanner, out)
    except Exception:
        return None
    return PagesChecked(tuple(out.calls), dict(scanner.peaks), scanner.content_bytes, scanner.operators)


def check_one(page: Any, number: int, settings: PreflightSettings, scanner: Scanner) -> PageChecked:
    """Check one page, recording what it adds instead of adding it (the scanner's own collector is set aside)."""
    recorder = _Recorder()
    scanner.out = recorder
    scanner.start_page()
    check_page(page, number, settings, scanner, recorder)
    return PageChecked(tuple(recorder.calls), scanner.peaks.get(number), scanner.page_bytes, scanner.page_operators)


def check_some(path: Path, numbers: tuple[int, ...], settings: PreflightSettings) -> dict[int, PageChecked] | None:
    """A worker's part when some pages are kept (kept.py): these pages, each recorded on its own; None when
    anything stops it, and the parent checks them."""
    try:
        with pikepdf.open(path) as pdf:
            scanner = Scanner(pdf, settings, Collector())
            return {number: check_one(pdf.pages[number - 1], number, settings, scanner) for number in numbers}
    except Exception:
        return None


def worker_pages(pdf: pikepdf.Pdf, numbers: list[int]) -> tuple[int, ...]:
    """The pages of `numbers` a worker checks: those after the first half of their stored content (at least the
    last); none when there are few, or no process to fork."""
    if len(numbers) < MIN_PAGES_TO_SHARE or "fork" not in multiprocessing.get_all_start_methods():
        return ()
    sizes = [_stored_size(pdf.pages[number - 1]) for number in numbers]
    half, seen = sum(sizes) / 2, 0
    for index, size in enumerate(sizes):
        seen += size
        if seen >= half:
            return tuple(numbers[min(index + 1, len(numbers) - 1) :])
    return ()


def take_over(done: PagesChecked | None, scanner: Scanner, out: Collector) -> bool:
    """Add the worker's findings after this process's own, if its work counts; False when the remaining pages
    must be checked here (the worker failed, or together the two could have reached a budget limit)."""
    if done is None:
        return False
    if scanner.could_pass_budget(done.content_bytes, done.operators):
        return False
    for args, kwargs in done.calls:
        out.add(*args, **kwargs)
    scanner.peaks.update(done.peaks)
    return True


__all__ = [
    "PageChecked",
    "PagesChecked",
    "check_one",
    "check_page",
    "check_pages_from",
    "check_some",
    "share_point",
    "take_over",
    "worker_pages",
]
