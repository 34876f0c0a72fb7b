"""The back page's directory of organisations, set in balanced columns under one heading that spans them.

Every column starts with an entry (an entry never breaks from one column into the next), and the columns end at
about the same depth: a reader never meets a column that begins mid-entry, and the band has no large empty column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations_with_replacement

from calendar_builder.core.model import CMYK
from calendar_builder.layout import style
from calendar_builder.layout.fit import line, paragraph, sizes
from calendar_builder.layout.geometry import Box, TextLine
from calendar_builder.layout.orgbox import directory_order, directory_tokens
from calendar_builder.organisations import Organisation
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.text import metrics

#: the role of the directory's lines in the page data (tests find the entries by it)
ROLE = "directory"
#: columns of the directory band (portrait, landscape) and the gap between them in mm at A3
COLUMNS = (3, 4)
COLUMN_GAP_MM = 6.0


@dataclass(frozen=True)
class Directory:
    """The directory as laid out: its lines, the organisations in it (in order), the column each starts in, the
    size, whether the series ("Regelmäßig") lines are in it, and how many organisations had no room."""

    lines: tuple[TextLine, ...]
    organisations: tuple[str, ...]
    columns: tuple[int, ...]
    size: float
    with_series: bool
    left_out: int = 0


def _entry(org: Organisation, colour: CMYK, series: Sequence[OrgEvent], compact: bool, width: float,
           size: float) -> tuple[list[TextLine], float] | None:  # fmt: skip
    """The entry set at the top of a column of `width` (baseline 0 minus ascent), and its height with the gap."""
    leading = size * 1.25
    lines = paragraph(directory_tokens(org, colour, series, compact), 0.0, -metrics.ascent(size), width, size,
                      leading, Box(0, -10_000, width, 10_000), indent=size * 0.8)  # fmt: skip
    if lines is None:
        return None
    depth = -min(item.baseline for item in lines) + metrics.descent(size)
    return [replace(item, role=ROLE) for item in lines], depth + size * 0.5


def balance(heights: Sequence[float], columns: int, room: float) -> list[int] | None:
    """The index of the first entry of each column, entries kept in order: the split whose tallest column is
    lowest, and among those the one whose columns differ least; None if no split keeps every column within
    `room`. Every split is tried (a few thousand for a directory of a hundred entries in four columns)."""
    count = len(heights)
    prefix = [0.0]
    for height in heights:
        prefix.append(prefix[-1] + height)
    best: tuple[float, float, tuple[int, ...]] | None = None
    for cuts in combinations_with_replacement(range(count + 1), columns - 1):
        bounds = (0, *cuts, count)
        depths = [prefix[bounds[i + 1]] - prefix[bounds[i]] for i in range(columns)]
        tallest = max(depths)
        if tallest > room + 0.01:
            continue
        # empty columns only at the end (fewer entries than columns)
        if any(depths[i] == 0 and depths[i + 1] > 0 for i in range(columns - 1)):
            continue
        key = (round(tallest, 3), round(tallest - min(d for d in depths if d > 0 or count == 0), 3), bounds[:-1])
        if best is None or key < best:
            best = key
    return list(best[2]) if best is not None else None


def _placed(orgs: Sequence[Organisation], band: Box, columns: int, gap: float, size: float, colour: CMYK,
            series: dict[str, tuple[OrgEvent, ...]], compact: bool) -> Directory | None:  # fmt: skip
    width = (band.w - gap * (columns - 1)) / columns
    entries = []
    for org in orgs:
        found = _entry(org, colour, series.get(org.id, ()), compact, width, size)
        if found is None:
            return None
        entries.append(found)
    starts = balance([height for _, height in entries], columns, band.h)
    if starts is None:
        return None
    placed: list[TextLine] = []
    column_of: list[int] = []
    for index, (lines, height) in enumerate(entries):
        column = max(c for c, start in enumerate(starts) if start <= index)
        if starts[column] == index:
            cursor = band.top
        x = band.x + column * (width + gap)
        box = Box(x, band.y, width, band.h)  # each column is its lines' container: the reading order follows it
        placed += [replace(item, x=item.x + x, baseline=item.baseline + cursor, container=box) for item in lines]
        cursor -= height
        column_of.append(column)
    return Directory(tuple(placed), tuple(o.id for o in orgs), tuple(column_of), size, bool(series))


def layout_directory(orgs: Sequence[Organisation], band: Box, columns: int, gap: float, largest: float,
                     colour: CMYK, series: dict[str, tuple[OrgEvent, ...]]) -> Directory | None:  # fmt: skip
    """The directory at the largest size that holds it, giving up room in this order (never refusing because the
    calendar has many organisations): full entries with their "Regelmäßig" lines; without them (the series stay in
    the feeds and in the Verein-des-Monats box); name and web address only; and, last, as many short entries as
    fit, ended by a line sending the reader to the online list of every organisation (the subscribe page)."""
    ordered = directory_order(orgs)
    for printed, compact in ((series, False), ({}, False), ({}, True)):
        for size in sizes(largest, style.BACK_MIN_SIZE):
            found = _placed(ordered, band, columns, gap, size, colour, printed, compact)
            if found is not None:
                return found
    return None


def overflow_directory(orgs: Sequence[Organisation], band: Box, columns: int, gap: float, colour: CMYK,
                       where: str) -> Directory | None:  # fmt: skip
    """As many short entries as fit at the smallest size, and the line "… und N weitere Organisationen" naming
    `where` all of them are listed."""
    ordered = directory_order(orgs)
    size = style.BACK_MIN_SIZE
    more_h = size * 2.6
    room = replace(band, y=band.y + more_h, h=band.h - more_h)
    low, high = 0, len(ordered)
    best: Directory | None = None
    while low <= high:  # the largest count that fits: more entries never need less room
        middle = (low + high) // 2
        found = _placed(ordered[:middle], room, columns, gap, size, colour, {}, True)
        if found is not None:
            best, low = found, middle + 1
        else:
            high = middle - 1
    if best is None:
        return None
    rest = len(ordered) - len(best.organisations)
    more = line(f"… und {rest} weitere Organisationen, mit ihren Terminen unter {where}", band.x,
                band.y + size * 0.9, size, style.BLACK, band, bold=True, role=ROLE)  # fmt: skip
    if more.bounds.right > band.right:
        more = line(f"… und {rest} weitere Organisationen, mit ihren Terminen im Online-Kalender (QR-Code)", band.x,
                    band.y + size * 0.9, size, style.BLACK, band, bold=True, role=ROLE)  # fmt: skip
    return replace(best, lines=(*best.lines, more), left_out=rest)
