"""Proof snapshots: what each round showed, kept in data/proofs/<year>/korrektur-v<N>.json beside the data.

The snapshots are part of the data (tracked by git), so a fresh clone continues with the next round and the
right list of changes. One entry per line and sorted keys keep a snapshot's git diff readable; nothing in it
depends on the checkout (no paths, no data folder name, no build date), so the same data gives the same bytes.
A missing or damaged snapshot is an error naming the file: a proof never silently starts again at round 1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from calendar_builder.errors import CalendarError
from calendar_builder.proof.things import ReviewThing

FORMAT = 2
FOLDER = "proofs"
NAME = re.compile(r"^korrektur-v(\d+)\.json$")


class SnapshotError(CalendarError):
    """A proof snapshot is missing or cannot be read; the message names the file and what to do."""


@dataclass(frozen=True)
class Snapshot:
    """One round as the next round needs it: its rows and the organisations' names."""

    year: int
    number: int
    organisations: Mapping[str, str]
    things: tuple[ReviewThing, ...]


def snapshot_folder(data_dir: Path, year: int) -> Path:
    return data_dir / FOLDER / str(year)


def snapshot_path(data_dir: Path, year: int, number: int) -> Path:
    return snapshot_folder(data_dir, year) / f"korrektur-v{number}.json"


def snapshot_bytes(snapshot: Snapshot) -> bytes:
    """Deterministic JSON: header lines, then one organisation and one row per line, sorted by key."""
    lines = ["{", f' "format": {FORMAT},', f' "year": {snapshot.year},', f' "round": {snapshot.number},']
    orgs = [f"  {_dump(k)}: {_dump(v)}" for k, v in sorted(snapshot.organisations.items())]
    lines += [' "organisations": {', ",\n".join(orgs), " },"] if orgs else [' "organisations": {},']
    rows = [f"  {_dump(_row(t))}" for t in sorted(snapshot.things, key=lambda t: t.key)]
    lines += [' "entries": [', ",\n".join(rows), " ]"] if rows else [' "entries": []']
    lines.append("}")
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _row(thing: ReviewThing) -> dict[str, object]:
    return {
        "key": thing.key,
        "kind": thing.kind,
        "name": thing.name,
        "original_name": thing.original_name,
        "group": thing.group,
        "dates": [s.isoformat() if s == e else f"{s.isoformat()}/{e.isoformat()}" for s, e in thing.dates],
        "rule": thing.rule,
        "caveats": list(thing.caveats),
    }


def load_snapshot(path: Path, shown_as: str = "") -> Snapshot:
    """Read a snapshot written by an earlier round; anything wrong with it is a SnapshotError naming the file."""
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SnapshotError(f"{name}: the snapshot of an earlier proof round is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{name}: cannot read the snapshot of an earlier proof round ({exc})") from None
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"expected a proof snapshot of format {FORMAT}")
        things = tuple(_thing(row) for row in data["entries"])
        organisations = {str(k): str(v) for k, v in data["organisations"].items()}
        return Snapshot(int(data["year"]), int(data["round"]), organisations, things)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{name}:{exc.lineno}: the snapshot is damaged ({exc.msg}); restore it from git, "
                            "e.g. `git checkout -- <file>`") from None  # fmt: skip
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SnapshotError(f"{name}: not a readable proof snapshot ({exc!s}); restore it from git") from None


def _thing(row: dict[str, object]) -> ReviewThing:
    dates = []
    for text in row["dates"]:  # type: ignore[attr-defined]
        start, _, end = str(text).partition("/")
        dates.append((date.fromisoformat(start), date.fromisoformat(end or start)))
    if not dates:
        raise ValueError(f"entry {row.get('key')!r} has no dates")
    return ReviewThing(
        key=str(row["key"]),
        kind=str(row["kind"]),
        name=str(row["name"]),
        original_name=str(row["original_name"]),
        group=str(row["group"]),
        dates=tuple(dates),
        rule=str(row["rule"]),
        caveats=tuple(str(c) for c in row["caveats"]),  # type: ignore[attr-defined]
    )


def round_numbers(folder: Path) -> list[int]:
    """The round numbers of the snapshots in a folder, in order."""
    if not folder.is_dir():
        return []
    return sorted(int(m.group(1)) for p in folder.iterdir() if (m := NAME.match(p.name)))


def last_round(data_dir: Path, year: int, shown: str, out_dirs: Iterable[Path] = ()) -> int:
    """The number of the last proof round of the year (0 before the first), checked for gaps.

    `shown` is the data folder as messages name it. A round whose PDF lies in an output folder but whose
    snapshot is missing (e.g. not committed) is an error, and so are snapshots left in the old place, out/.
    """
    folder = snapshot_folder(data_dir, year)
    numbers = round_numbers(folder)
    for number in range(1, max(numbers, default=0) + 1):
        if number not in numbers:
            raise SnapshotError(f"{shown}/{FOLDER}/{year}/korrektur-v{number}.json: the snapshot of proof round "
                                f"{number} is missing (rounds {', '.join(map(str, numbers))} are there); restore "
                                "it from git before making the next round")  # fmt: skip
    last = max(numbers, default=0)
    for out in out_dirs:
        old = sorted(out.glob(f"kalender-{year}-korrektur-v*.json")) if out.is_dir() else []
        if old:
            raise SnapshotError(f"{old[0]}: proof snapshots now live in {shown}/{FOLDER}/{year}/ (tracked by git); "
                                f"move them there as korrektur-v<N>.json and commit them")  # fmt: skip
        pdfs = [int(m.group(1)) for p in out.glob(f"kalender-{year}-korrektur-v*.pdf")
                if (m := re.search(r"-v(\d+)(?:-a4)?\.pdf$", p.name))] if out.is_dir() else []  # fmt: skip
        if pdfs and max(pdfs) > last:
            missing = f"{shown}/{FOLDER}/{year}/korrektur-v{max(pdfs)}.json"
            raise SnapshotError(f"{missing}: the snapshot of proof round {max(pdfs)} is missing, but its PDF is "
                                f"in {out}; restore the snapshot (git checkout) or delete that PDF")  # fmt: skip
    return last
