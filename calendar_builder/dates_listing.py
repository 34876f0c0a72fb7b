"""The `dates` listing: every entry of a range of years as rows (text or JSON), in the edition's order.

Two hundred years are some 60,000 rows, and computing a festival's dates is most of the work. For a long range
the festivals are shared with a forked worker on the machine's other core: it expands its share and encodes the
rows, each with its entry's sort key, and the rows of both processes are merged by that key. Every entry has
its own key (a festival's id once a day, an event's id and time), so the merged order is the one sorting all
entries together gives, and the output is the same byte for byte as from one process.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from calendar_builder.core.expand import RangeNotice, expand
from calendar_builder.core.model import Festival
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition.merge import Entry, entry_key, merge
from calendar_builder.feed_worker import Job
from calendar_builder.organisations import OrganisationCatalogue, events_between

#: a listing shorter than this many festival-years is done in one process (a fork costs more than it saves)
SHARE_FROM = 3000
#: the worker's share of the festivals: this process also expands the organisations' events
WORKER_SHARE = 0.6

Row = Callable[[Entry], str]
KeyedRow = tuple[tuple[object, ...], str]


@dataclass(frozen=True)
class Listing:
    #: festivals left out of a year, in catalogue then year order
    notices: tuple[RangeNotice, ...]
    #: the encoded rows, in date order (consumed once)
    rows: Iterator[str]


def list_dates(
    festivals: tuple[Festival, ...],
    organisations: OrganisationCatalogue,
    years: range,
    options: ExpandOptions,
    make_row: Callable[[], Row],
) -> Listing:
    """Every festival and event of the years as rows made by `make_row()` (one row maker per process)."""
    shared = len(festivals) * len(years) >= SHARE_FROM and len(festivals) > 1
    worker_part = _worker_part(len(festivals)) if shared else frozenset()
    mine = tuple(f for i, f in enumerate(festivals) if i not in worker_part)
    theirs = tuple(f for i, f in enumerate(festivals) if i in worker_part)
    job = Job.start(lambda _say: _keyed_festival_rows(theirs, years, options, make_row)) if theirs else None
    try:
        expansion = expand(mine, years, options)
        events = events_between(organisations, date(years.start, 1, 1), date(years.stop - 1, 12, 31))
        row = make_row()
        own = [(entry_key(entry), row(entry)) for entry in merge(expansion.occurrences, events)]
        notices = list(expansion.notices)
        if job is None:
            return Listing(tuple(notices), (text for _, text in own))
        their_notices, their_rows = job.result(lambda _line: None)
    finally:
        if job is not None:
            job.stop()
    order = {festival.id: number for number, festival in enumerate(festivals)}
    notices.extend(their_notices)
    notices.sort(key=lambda n: (order[n.festival.id], n.year))
    merged = heapq.merge(own, their_rows, key=itemgetter(0))
    return Listing(tuple(notices), (text for _, text in merged))


def _worker_part(count: int) -> frozenset[int]:
    """Every festival whose place in the catalogue falls in the worker's share, spread over the whole catalogue
    (neighbouring festivals tend to share a calendar, and calendars differ in cost)."""
    return frozenset(i for i in range(count) if int(i * WORKER_SHARE) != int((i + 1) * WORKER_SHARE))


def _keyed_festival_rows(
    festivals: tuple[Festival, ...], years: range, options: ExpandOptions, make_row: Callable[[], Row]
) -> tuple[tuple[RangeNotice, ...], list[KeyedRow]]:
    """The worker's share: its festivals' notices and rows, each row with its entry's sort key."""
    expansion = expand(festivals, years, options)
    row = make_row()
    return expansion.notices, [(entry_key(o), row(o)) for o in expansion.occurrences]


__all__ = ["Listing", "list_dates"]
