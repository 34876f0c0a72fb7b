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

from calendar_builder.errors import CalendarError

STATE_FORMAT = 1
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_ONE_SECOND = timedelta(seconds=1)


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
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != STATE_FORMAT:
                raise ValueError(f'expected "format": {STATE_FORMAT}')
            entries = {
                uid: (str(entry["hash"]), Stamp(int(entry["sequence"]), _parse_stamp(str(entry["modified"]))))
                for uid, entry in raw["entries"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CalendarError(
                f"{path}: the feed state file is damaged ({exc}). Restore it from version control; deleting it "
                "restarts every SEQUENCE at 0, which some calendar apps then ignore."
            ) from None
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
    return datetime.strptime(text, STAMP_FORMAT).replace(tzinfo=UTC)
