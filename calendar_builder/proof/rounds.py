"""A proof round as data: its number, its rows, what changed since the last round, its open decisions.

Round N is written (by the build) as out/<year>/kalender-<year>-korrektur-vN.pdf (screen) and -vN-a4.pdf (office
printer), and its snapshot as data/proofs/<year>/korrektur-vN.json; N is one more than the last snapshot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from calendar_builder.edition.model import Edition
from calendar_builder.errors import DataError, Location, Problem
from calendar_builder.layout.geometry import Page
from calendar_builder.proof.changes import Changes, compare
from calendar_builder.proof.decisions import OpenDecision, open_decisions
from calendar_builder.proof.snapshots import (
    FOLDER,
    Snapshot,
    last_round,
    load_snapshot,
    snapshot_bytes,
    snapshot_path,
)
from calendar_builder.proof.things import ReviewThing, review_things
from calendar_builder.settings import Settings

#: files and folders in the data folder that are outputs or records, not inputs of the calendar
NOT_DATA = frozenset({"feed-state.json", FOLDER})


@dataclass(frozen=True)
class ProofInfo:
    """What identifies a proof round, and what its first page tells the reviewer."""

    year: int
    title: str
    number: int
    built: date
    #: who receives the corrections, and by when (data/edition.yaml: proof_contact, proof_deadline)
    contact: str
    deadline: date
    #: the round this one is compared with (0 for the first proof)
    previous: int = 0
    #: how many fictional sample organisations are still in the data
    samples: int = 0
    #: tradition or organisation id -> its German name
    groups: dict[str, str] = field(default_factory=dict)
    #: for the editorial team's appendix only
    data_version: str = ""
    snapshot: str = ""

    @property
    def line(self) -> str:
        """The head line of every page: plain words, no fingerprints."""
        return f"{self.title} · Korrekturabzug {self.number} vom {self.built:%d.%m.%Y}"


@dataclass(frozen=True)
class ProofRound:
    """Everything a proof round shows, and where its files go."""

    number: int
    pdf: Path
    pdf_a4: Path
    snapshot: Path
    info: ProofInfo
    things: tuple[ReviewThing, ...]
    changes: Changes | None
    decisions: tuple[OpenDecision, ...]
    #: the build's own messages (English, with paths) for the editorial team's appendix
    notes: tuple[str, ...] = ()
    organisations: dict[str, str] = field(default_factory=dict)

    @property
    def snapshot_bytes(self) -> bytes:
        return snapshot_bytes(Snapshot(self.info.year, self.number, self.organisations, self.things))


def data_version(data_dir: Path) -> str:
    """A short hash of every data file (names and contents), for the editorial team's appendix.

    Two proofs with the same data version were built from the same data, whatever the date says.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in NOT_DATA or any(part.startswith(".") for part in relative.parts):
            continue
        digest.update(str(relative.as_posix()).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:10]


def proof_pdf_paths(edition_dir: Path, year: int, number: int) -> tuple[Path, Path]:
    """The screen and the office-printer (A4) PDF of round `number`."""
    stem = f"kalender-{year}-korrektur-v{number}"
    return edition_dir / f"{stem}.pdf", edition_dir / f"{stem}-a4.pdf"


def _shorten_paths(data_dir: Path) -> Callable[[str], str]:
    """Name data files as <data folder name>/<file>, as the editorial team knows them, whatever the machine."""
    prefixes = sorted({str(data_dir.resolve()), str(data_dir)}, key=len, reverse=True)
    prefixes = [p.rstrip("/") + "/" for p in prefixes if p not in ("", ".")]

    def short(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, f"{data_dir.resolve().name}/")
        return text

    return short


def review_contact(settings: Settings) -> tuple[str, date]:
    """`proof_contact` and `proof_deadline` from data/edition.yaml; a missing one is an error naming the file."""
    look = settings.edition_settings
    file = look.file or str(settings.data_dir / "edition.yaml")
    problems = []
    if not look.proof_contact:
        problems.append(Problem(Location(file, 0, "proof_contact"), "missing: the proof's first page names who "
                                "receives the corrections (e.g. proof_contact: \"Eine-Welt-Zentrum, "
                                "kalender@example.org\")"))  # fmt: skip
    if look.proof_deadline is None:
        problems.append(Problem(Location(file, 0, "proof_deadline"), "missing: the date by which the corrections "
                                "are due, as YYYY-MM-DD (e.g. proof_deadline: 2026-12-15)"))  # fmt: skip
    if problems:
        raise DataError(problems)
    assert look.proof_deadline is not None
    return look.proof_contact, look.proof_deadline


def prepare_round(
    edition: Edition,
    pages: tuple[Page, ...],
    settings: Settings,
    given: Iterable[OpenDecision] = (),
) -> ProofRound:
    """The next round of the edition: rows, the changes since the last snapshot, the open decisions.

    `given` are open decisions found elsewhere (the print gates); they replace the proof's own finders of their
    topics.
    """
    contact, deadline = review_contact(settings)
    look = settings.edition_settings
    shown = settings.data_dir.resolve().name
    short = _shorten_paths(settings.data_dir)
    things = tuple(replace(t, file=short(t.file)) for t in review_things(edition, settings.expand_options))
    organisations = {o.id: o.name for o in edition.organisations.organisations}
    traditions = {t.id: t.name_de for t in edition.catalogue.traditions}
    previous = last_round(settings.data_dir, edition.year, shown, (settings.edition_dir,))
    number = previous + 1
    snapshot = snapshot_path(settings.data_dir, edition.year, number)
    changes = None
    if previous:
        path = snapshot_path(settings.data_dir, edition.year, previous)
        old = load_snapshot(path, f"{shown}/{path.relative_to(settings.data_dir).as_posix()}")
        new = Snapshot(edition.year, number, organisations, things)
        changes = compare(old, new, traditions)
    decisions = tuple(
        replace(d, where=short(d.where)) for d in open_decisions(edition, pages, look, settings.expand_options, given)
    )
    info = ProofInfo(
        year=edition.year, title=look.title_for(edition.year), number=number, built=settings.clock.today,
        contact=contact, deadline=deadline, previous=previous,
        samples=sum(1 for o in edition.organisations.organisations if o.sample),
        groups={**traditions, **organisations}, data_version=data_version(settings.data_dir),
        snapshot=f"{shown}/{snapshot.relative_to(settings.data_dir).as_posix()}",
    )  # fmt: skip
    notes = tuple(short(str(n)) for n in (*edition.left_out, *edition.event_notices))
    pdf, pdf_a4 = proof_pdf_paths(settings.edition_dir, edition.year, number)
    return ProofRound(number, pdf, pdf_a4, snapshot, info, things, changes, decisions, notes, organisations)
