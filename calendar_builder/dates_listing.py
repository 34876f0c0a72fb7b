"""The `dates` listing: every entry of a range of years as rows (text or JSON), in the edition's order.

Two hundred years are some 60,000 rows, and computing a festival's dates is most of the work. So the rows are
made per festival and per event, each set with its entries' sort keys:

- each set is kept in the build cache (namespace `dates-json` or `dates-text`), keyed by everything it depends
  on: the festival or event as read (every field), the years, the options, and the version of the whole engine
  (every file of the package but the portal, and the calendar libraries' sources); a second run of the same
  listing reads the rows instead of computing them;
- the festivals still to be dated are shared with a forked worker on the machine's other core when they are
  many: both take pieces from one list until none is left (this process expands the events first).

The sets are then sorted together by key. Every entry has its own key (a festival once a day, an event by its
id and time), so the order is the one sorting all entries together gives, and the output is the same byte for
byte whether rows were computed here, in the worker or read from the cache.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time
from itertools import groupby

from calendar_builder.cache import Memo
from calendar_builder.core.expand import RangeNotice, expand
from calendar_builder.core.model import Festival
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition import festival_dates
from calendar_builder.edition.merge import Entry
from calendar_builder.feed_worker import Job, Shares
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.organisations.recurrence import expand_event

#: listings of this many years and more keep their rows in the build cache (`./.cache/`)
CACHE_FROM_YEARS = 10
#: festival-years still to be computed from which a forked worker shares the work (a fork costs about 20 ms)
SHARE_FROM = 3000
#: most festivals of one calendar handed out at once (see `_pieces`)
PIECE_SIZE = 8

Row = Callable[[Entry], str]


@dataclass(frozen=True)
class RowFormat:
    """How entries become rows: `name` tells the cache's namespaces apart, `make` gives a row maker."""

    name: str
    make: Callable[[], Row]


@dataclass(frozen=True)
class Listing:
    #: festivals left out of a year, in catalogue then year order
    notices: tuple[RangeNotice, ...]
    #: the rows (UTF-8), in date order (consumed once)
    rows: Iterator[bytes]


@dataclass(frozen=True)
class RowSet:
    """The rows of one festival or event in a range of years, in date order, with their entries' days and times
    (microseconds into the day), and the years a festival was left out of with the reason."""

    days: tuple[int, ...]
    moments: tuple[int, ...]
    rows: tuple[bytes, ...]
    left_out: tuple[tuple[int, str], ...] = ()

    def encode(self) -> bytes | None:
        """Lines, compressed (rows of one festival repeat most of their text): the left-out years, the days, the
        moments, then one row per line; None if a row holds a line
        break (or a reason a tab): such a set is not kept, never mangled."""
        if any(b"\n" in row for row in self.rows) or any(set("\n\t") & set(reason) for _, reason in self.left_out):
            return None
        head = [
            "\t".join(f"{year} {reason}" for year, reason in self.left_out),
            " ".join(map(str, self.days)),
            " ".join(map(str, self.moments)),
        ]
        return zlib.compress(b"\n".join([*(line.encode("utf-8") for line in head), *self.rows]), 1)

    @staticmethod
    def decode(value: bytes) -> RowSet | None:
        """The set a value holds; None for a value of another shape (then the set is made again)."""
        try:
            lines = zlib.decompress(value).split(b"\n")
            left_text = lines[0].decode("utf-8")
            left_out = tuple((int(y), r) for y, r in (part.split(" ", 1) for part in left_text.split("\t") if part))
            days = tuple(map(int, lines[1].split()))
            moments = tuple(map(int, lines[2].split()))
            rows = tuple(lines[3:]) if len(lines) > 3 else ()
        except (zlib.error, UnicodeDecodeError, ValueError, IndexError):
            return None
        if not len(days) == len(moments) == len(rows):
            return None
        return RowSet(days, moments, rows, left_out)


def list_dates(
    festivals: tuple[Festival, ...],
    load_events: Callable[[], Sequence[OrgEvent]],
    years: range,
    options: ExpandOptions,
    form: RowFormat,
    memo: Memo | None = None,
) -> Listing:
    """Every festival and event of the years as rows; `memo` is the cache namespace of `form` (its version:
    `memo_version`). `load_events` is called once the worker has started, so that reading the organisations
    overlaps with dating the festivals."""
    memo = memo if memo is not None else Memo(f"dates-{form.name}", "")
    festival_parts = [(form.name, repr(festival), years.start, years.stop, repr(options)) for festival in festivals]
    found = [_found(memo, parts) for parts in festival_parts]
    missing = [i for i, row_set in enumerate(found) if row_set is None]
    pieces = _pieces(festivals, missing)
    shares = Shares.of(len(pieces)) if len(missing) * len(years) >= SHARE_FROM and len(pieces) > 1 else None
    job = _start_worker(festivals, pieces, shares, years, options, form) if shares is not None else None
    try:
        row = form.make()
        events = _event_sets(load_events(), years, form, row, memo)  # the worker makes a start on the festivals
        for piece in shares if shares is not None else range(len(pieces)):
            for i in pieces[piece]:
                found[i] = _festival_rows(festivals[i], years, options, row)
                _keep(memo, festival_parts[i], found[i])
        for i, value, row_set in job.result(lambda _line: None) if job is not None else ():
            decoded = RowSet.decode(value) if value is not None else row_set
            if decoded is None:  # never expected: the worker encoded it; dated here rather than left out
                decoded = _festival_rows(festivals[i], years, options, row)
            elif value is not None:
                memo.keep(festival_parts[i], value)
            found[i] = decoded
    finally:
        if job is not None:
            job.stop()
    notices = [
        RangeNotice(festival, year, reason)
        for festival, festival_set in zip(festivals, found, strict=True)
        if festival_set is not None
        for year, reason in festival_set.left_out
    ]
    sets: list[tuple[tuple[int, str, str], RowSet]] = [
        ((0, "", festival.id), festival_set)
        for festival, festival_set in zip(festivals, found, strict=True)
        if festival_set is not None
    ]
    sets.extend(((1, event.organisation, event.id), event_set) for event, event_set in events)
    return Listing(tuple(notices), _in_order(sets))


def _in_order(sets: list[tuple[tuple[int, str, str], RowSet]]) -> Iterator[bytes]:
    """The rows of all sets in `entry_key` order: by day, festivals before events, time, owner and id. A set's
    place among the others on a day (festival or event, owner, id) is its rank, so each row's key is one number; the
    sort is stable, as sorting the entries themselves is."""
    ranks = {owner: rank for rank, owner in enumerate(sorted({owner for owner, _ in sets}))}
    keys: list[int] = []
    rows: list[bytes] = []
    width = len(ranks)
    for owner, row_set in sets:
        rank = ranks[owner]
        keys.extend(
            (day * _DAY_SPAN + moment) * width + rank for day, moment in zip(row_set.days, row_set.moments, strict=True)
        )
        rows.extend(row_set.rows)
    return (rows[i] for i in sorted(range(len(keys)), key=keys.__getitem__))


#: more microseconds than a day has: a day's events, by time, all sort before the next day
_DAY_SPAN = 86_400_000_001


def memo_version() -> str:
    """The engine's version, as the edition's festival dates have it: every file of the package and the calendar
    libraries' sources."""
    return festival_dates.memo_version()


def _found(memo: Memo, parts: object) -> RowSet | None:
    value = memo.find(parts)
    return RowSet.decode(value) if value is not None else None


def _keep(memo: Memo, parts: object, row_set: RowSet | None) -> None:
    value = row_set.encode() if row_set is not None else None
    if value is not None:
        memo.keep(parts, value)


def _pieces(festivals: tuple[Festival, ...], missing: Sequence[int]) -> list[tuple[int, ...]]:
    """The festivals still to be dated, in pieces of neighbours that share a calendar (up to PIECE_SIZE): a
    process that takes a piece sets up its calendar once (Nowruz of every year, a Chinese month table), where
    festivals handed out one by one would have both processes set up most calendars."""
    pieces: list[tuple[int, ...]] = []
    for _kind, run in groupby(missing, key=lambda i: festivals[i].rule.kind):
        indices = tuple(run)
        pieces.extend(indices[start : start + PIECE_SIZE] for start in range(0, len(indices), PIECE_SIZE))
    return pieces


def _start_worker(
    festivals: tuple[Festival, ...],
    pieces: Sequence[tuple[int, ...]],
    shares: Shares,
    years: range,
    options: ExpandOptions,
    form: RowFormat,
) -> Job[list[tuple[int, bytes | None, RowSet | None]]]:
    return Job.start(lambda _say: _worker_rows(festivals, pieces, shares, years, options, form.make()))


def _worker_rows(
    festivals: tuple[Festival, ...],
    pieces: Sequence[tuple[int, ...]],
    shares: Iterable[int],
    years: range,
    options: ExpandOptions,
    row: Row,
) -> list[tuple[int, bytes | None, RowSet | None]]:
    """The worker's pieces: each festival's index and its rows encoded for the cache (made here, on its core,
    and small to send back), or the rows themselves where they cannot be encoded."""
    found: list[tuple[int, bytes | None, RowSet | None]] = []
    for piece in shares:
        for i in pieces[piece]:
            row_set = _festival_rows(festivals[i], years, options, row)
            value = row_set.encode()
            found.append((i, value, None if value is not None else row_set))
    return found


def _festival_rows(festival: Festival, years: range, options: ExpandOptions, row: Row) -> RowSet:
    expansion = expand((festival,), years, options)
    occurrences = expansion.occurrences
    return RowSet(
        tuple(o.start.toordinal() for o in occurrences),
        (0,) * len(occurrences),
        tuple(row(o).encode("utf-8") for o in occurrences),
        tuple((notice.year, notice.reason) for notice in expansion.notices),
    )


def _event_sets(
    events: Sequence[OrgEvent], years: range, form: RowFormat, row: Row, memo: Memo
) -> list[tuple[OrgEvent, RowSet]]:
    first, last = date(years.start, 1, 1), date(years.stop - 1, 12, 31)
    sets = []
    for event in events:
        parts = (form.name, repr(event), years.start, years.stop)
        row_set = _found(memo, parts)
        if row_set is None:
            occurrences = expand_event(event, first, last)
            row_set = RowSet(
                tuple(o.start.toordinal() for o in occurrences),
                tuple(_microseconds(o.time) for o in occurrences),
                tuple(row(o).encode("utf-8") for o in occurrences),
            )
            _keep(memo, parts, row_set)
        sets.append((event, row_set))
    return sets


def _microseconds(moment: time | None) -> int:
    """Microseconds into the day (a day's events without a time first, as `entry_key` has them)."""
    if moment is None:
        return 0
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond


__all__ = ["CACHE_FROM_YEARS", "Listing", "RowFormat", "RowSet", "list_dates", "memo_version"]
