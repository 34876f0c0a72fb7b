"""The limits on every input, in one place, so that no file can make a command run out of memory or time.

Each limit is far above what the real data needs (the figures in brackets) and far below what would exhaust a
small machine. Exceeding one is a located error naming the file and the limit; the README's "Limits" table
lists them. A file is measured before it is read, so a huge file costs nothing.
"""

from __future__ import annotations

from pathlib import Path
from stat import S_ISBLK, S_ISCHR, S_ISFIFO, S_ISSOCK

from calendar_builder.errors import DataError, Location, Problem

#: Years every command accepts (--year, --from/--to, dates in the data): the range the calendar tables and
#: calendar conversions are kept for, with room on both sides.
MIN_YEAR = 1900
MAX_YEAR = 2100

KB = 1024
MB = 1024 * KB

#: bytes of each kind of input file (holidays.yaml: 0.1 MB; organisations.yaml: 16 kB; feed-state.json: 90 kB)
YAML_BYTES = 5 * MB
FEED_STATE_BYTES = 20 * MB
CSV_BYTES = 5 * MB
ICS_BYTES = 32 * MB
SVG_BYTES = 2 * MB
LOGO_BYTES = 20 * MB
ARTWORK_BYTES = 200 * MB
ICC_BYTES = 10 * MB
PDF_BYTES = 1024 * MB

#: YAML: nodes that aliases (*name) may add by repeating anchored ones (the data uses none)
YAML_ALIAS_NODES = 10_000
#: rows of a CSV import (an organisation's year: a few hundred)
CSV_ROWS = 10_000
#: characters of one CSV cell
CSV_CELL_CHARS = 10_000
#: events (VEVENTs) in one .ics import (a series is one; a busy organisation exports a few hundred a year)
ICS_EVENTS = 10_000

#: characters per text field: one-line fields (names, titles, places; sources run to 540) and multi-line ones
LINE_CHARS = 1_000
PARAGRAPH_CHARS = 5_000
URL_CHARS = 2_000

#: recurrence of organisations' events: occurrences a series may have (COUNT), exceptions and moves per series
SERIES_OCCURRENCES = 5_000
SERIES_EXCEPTIONS = 500

#: pixels of an image before it is decoded (A3 with bleed at 400 ppi is 31 megapixels; a logo 0.1)
ARTWORK_PIXELS = 80_000_000
LOGO_PIXELS = 25_000_000
#: an SVG's width and height in points (the logo box is 71 pt) and its number of elements
SVG_POINTS = 100_000.0
SVG_ELEMENTS = 50_000


def check_size(path: Path, limit: int, what: str) -> None:
    """Refuse a file larger than `limit` bytes before reading it, and a pipe, a device or a socket (also behind a
    link), which cannot be measured and whose reading could wait or run forever (a pipe without a writer,
    /dev/zero); a missing file or a folder is left to the reader."""
    try:
        found = path.stat()
    except OSError:
        return
    if S_ISFIFO(found.st_mode) or S_ISCHR(found.st_mode) or S_ISBLK(found.st_mode) or S_ISSOCK(found.st_mode):
        raise DataError([Problem(Location(str(path)), f"{what} is a pipe or a device, not a file; it is not read")])
    if found.st_size > limit:
        raise DataError([Problem(Location(str(path)), too_large(what, found.st_size, limit))])


def too_large(what: str, size: int, limit: int) -> str:
    return f"{what} is {megabytes(size)}, more than the limit of {megabytes(limit)}; it is not read"


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / KB:.0f} kB" if size >= KB else f"{size} bytes"
