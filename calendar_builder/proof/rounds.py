"""A proof round as data: its number, its review entries, what changed since the last round, its problems.

Round N is written (by the build) as out/<year>/kalender-<year>-korrektur-vN.pdf and .json; N is one more
than the highest snapshot in the folder, so deleting a round's files makes the next proof take its number
again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from calendar_builder.edition.model import Edition
from calendar_builder.layout.geometry import Page
from calendar_builder.proof.problems import ProblemSection, find_problems
from calendar_builder.proof.review import (
    Changes,
    ReviewEntry,
    compare,
    edition_entries,
    last_proof_number,
    load_snapshot,
    proof_paths,
    snapshot_bytes,
)
from calendar_builder.settings import Settings

#: files in the data folder that are outputs, not inputs (they change on every feed build)
NOT_DATA = frozenset({"feed-state.json"})


@dataclass(frozen=True)
class ProofInfo:
    """What identifies a proof round on every page."""

    year: int
    title: str
    number: int
    built: date
    data_version: str
    #: the round this one is compared with (0 for the first proof)
    previous: int = 0
    sample_warning: str | None = None
    #: tradition or organisation id -> its German name, for the review list
    groups: dict[str, str] = field(default_factory=dict)

    @property
    def line(self) -> str:
        built = f"{self.built:%d.%m.%Y}"
        return f"{self.title} · Korrektur {self.number} · erstellt {built} · Datenstand {self.data_version}"


@dataclass(frozen=True)
class ProofRound:
    """Everything a proof round shows, and where its two files go."""

    number: int
    pdf: Path
    snapshot: Path
    info: ProofInfo
    entries: tuple[ReviewEntry, ...]
    changes: Changes | None
    problems: tuple[ProblemSection, ...]

    @property
    def snapshot_bytes(self) -> bytes:
        return snapshot_bytes(list(self.entries))


def data_version(data_dir: Path) -> str:
    """A short hash of every data file (names and contents), printed on each proof page.

    Two proofs with the same data version were built from the same data, whatever the date says.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(data_dir)
        if relative.name in NOT_DATA or any(part.startswith(".") for part in relative.parts):
            continue
        digest.update(str(relative.as_posix()).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:10]


def _shorten_paths(data_dir: Path) -> Callable[[str], str]:
    """Show data files as <data folder name>/<file>, as a reviewer knows them, whatever the build machine's path."""
    prefixes = sorted({str(data_dir.resolve()), str(data_dir)}, key=len, reverse=True)
    prefixes = [p.rstrip("/") + "/" for p in prefixes if p not in ("", ".")]

    def short(text: str) -> str:
        for prefix in prefixes:
            text = text.replace(prefix, f"{data_dir.resolve().name}/")
        return text

    return short


def prepare_round(edition: Edition, pages: tuple[Page, ...], settings: Settings) -> ProofRound:
    """The next round of the edition: review entries, the changes since the last snapshot, the problems."""
    look = settings.edition_settings
    short = _shorten_paths(settings.data_dir)
    entries = [
        replace(e, source=short(e.source))
        for e in edition_entries(edition.entries, edition.organisations.organisations, settings.expand_options)
    ]  # fmt: skip
    folder = settings.edition_dir
    previous = last_proof_number(folder, edition.year)
    changes = compare(load_snapshot(proof_paths(folder, edition.year, previous)[1]), entries) if previous else None
    number = previous + 1
    problems = tuple(replace(p, findings=tuple(short(f) for f in p.findings)) for p in find_problems(edition, pages))
    groups = {t.id: t.name_de for t in edition.catalogue.traditions}
    groups.update({o.id: o.name for o in edition.organisations.organisations})
    info = ProofInfo(
        year=edition.year, title=look.title_for(edition.year), number=number, built=settings.clock.today,
        data_version=data_version(settings.data_dir), previous=previous, sample_warning=edition.sample_warning,
        groups=groups,
    )  # fmt: skip
    pdf_path, snapshot_path = proof_paths(folder, edition.year, number)
    return ProofRound(number, pdf_path, snapshot_path, info, tuple(entries), changes, problems)
