"""The feed state file: SEQUENCE and LAST-MODIFIED per UID, so that clients notice changed entries.

A subscribed calendar only updates an entry it already has when the entry's SEQUENCE or LAST-MODIFIED
moves; neither can be derived from the data alone (the data does not know what the last build wrote).
So the build keeps, next to the data (``data/feed-state.json``, committed with it), one line per UID:
a hash of the entry's content, its SEQUENCE and the time its content last changed. When the hash
changes, SEQUENCE goes up by one and the time becomes the build clock's moment (SOURCE_DATE_EPOCH if set).
DTSTAMP and LAST-MODIFIED are both written from that time, so an unchanged entry keeps its bytes.

Entries that leave the feeds stay in the file: other editions may still show them, and should an entry
come back unchanged it must not jump in SEQUENCE. Losing the file is not a disaster: SEQUENCE restarts
at 0 and LAST-MODIFIED becomes the next build time, which still moves forward.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from calendar_builder.core.limits import FEED_STATE_BYTES, MAX_YEAR, check_size
from calendar_builder.errors import DataError, Location, Problem

STATE_FORMAT = 1
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_ONE_SECOND = timedelta(seconds=1)
#: SEQUENCE is a 32-bit integer for most clients (RFC 5545 says "integer")
MAX_SEQUENCE = 2**31 - 1
UID_CHARS = 1_000


@dataclass(frozen=True)
class Stamp:
    """What a client needs to see a change: the revision number and when the content last changed."""

    sequence: int
    modified: datetime


@dataclass
class FeedState:
    """UID -> (content hash, SEQUENCE, last modified), read from and written back to one JSON file."""

    entries: dict[str, tuple[str, Stamp]] = field(default_factory=dict)
    file: str = ""

    @classmethod
    def load(cls, path: Path) -> FeedState:
        if not path.exists():
            return cls(file=str(path))
        check_size(path, FEED_STATE_BYTES, "the feed state file")
        try:
            text = path.read_text(encoding="utf-8")
            raw = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise _damaged(path, 0, "", f"not JSON ({str(exc)[:200]})") from None
        if not isinstance(raw, dict) or raw.get("format") != STATE_FORMAT:
            raise _damaged(path, 2, "format", f'expected "format": {STATE_FORMAT}')
        if not isinstance(raw.get("entries"), dict):
            raise _damaged(path, 3, "entries", "expected a mapping of UIDs to their hash, sequence and modified")
        entries = {}
        for uid, entry in raw["entries"].items():
            why = _entry_problem(uid, entry)
            if why:
                raise _damaged(path, _line_of(text, uid), f"entries.{uid[:80]}", why)
            entries[uid] = (entry["hash"], Stamp(entry["sequence"], _parse_stamp(entry["modified"])))
        return cls(entries, str(path))

    def stamp(self, uid: str, content_hash: str, now: datetime) -> Stamp:
        """The stamp for this content: unchanged if the hash is the recorded one, else the next revision."""
        known = self.entries.get(uid)
        if known is not None and known[0] == content_hash:
            return known[1]
        stamp = Stamp(known[1].sequence + 1 if known else 0, now.astimezone(UTC).replace(microsecond=0))
        if known is not None and stamp.modified <= known[1].modified:
            # a clock behind the last build (or a fixed SOURCE_DATE_EPOCH): LAST-MODIFIED must still move on
            stamp = Stamp(stamp.sequence, known[1].modified.replace(microsecond=0) + _ONE_SECOND)
        self.entries[uid] = (content_hash, stamp)
        return stamp

    def to_json(self) -> str:
        entries = {
            uid: {"hash": h, "sequence": s.sequence, "modified": s.modified.strftime(STAMP_FORMAT)}
            for uid, (h, s) in sorted(self.entries.items())
        }
        body = ",\n".join(
            f"  {json.dumps(uid, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}"
            for uid, entry in entries.items()
        )
        return f'{{\n "format": {STATE_FORMAT},\n "entries": {{\n{body}\n }}\n}}\n'


def _parse_stamp(text: str) -> datetime:
    """A stamp as the writer writes it (`STAMP_FORMAT`: exactly YYYYMMDDTHHMMSSZ); ValueError for anything else.
    Read field by field: a state holds an entry per feed entry, and strptime takes 30 µs for each."""
    digits = text[:8] + text[9:15]
    if not (len(text) == 16 and text.isascii() and text[8] == "T" and text[15] == "Z" and digits.isdigit()):
        raise ValueError(f"{text!r} is not a UTC time YYYYMMDDTHHMMSSZ")
    return datetime(
        int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[9:11]), int(text[11:13]), int(text[13:15]), tzinfo=UTC
    )


def _entry_problem(uid: str, entry: object) -> str:
    """What is wrong with one entry ('' if nothing): each value's type and range, as the writer makes them."""
    if len(uid) > UID_CHARS:
        return f"a UID of {len(uid):,} characters; at most {UID_CHARS} expected"
    if not isinstance(entry, dict) or set(entry) != {"hash", "sequence", "modified"}:
        return 'expected {"hash": …, "sequence": …, "modified": …}'
    if not isinstance(entry["hash"], str) or len(entry["hash"]) > UID_CHARS:
        return "expected the hash as text"
    sequence = entry["sequence"]
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= MAX_SEQUENCE:
        return f"expected a sequence number from 0 to {MAX_SEQUENCE}"
    modified = entry["modified"]
    try:
        moment = _parse_stamp(modified) if isinstance(modified, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.year > MAX_YEAR:
        return f"expected modified as a UTC time YYYYMMDDTHHMMSSZ up to the year {MAX_YEAR}"
    return ""


def _line_of(text: str, uid: str) -> int:
    """The line of an entry, as the writer puts one entry on each line (0 when it cannot be found)."""
    needle = json.dumps(uid, ensure_ascii=False) + ":"
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(needle):
            return number
    return 0


def _damaged(path: Path, line: int, field: str, why: str) -> DataError:
    return DataError([Problem(Location(str(path), line, field),
        f"the feed state file is damaged: {why}. Restore it from version control; deleting it restarts every "
        "SEQUENCE at 0, which some calendar apps then ignore.")])  # fmt: skip
