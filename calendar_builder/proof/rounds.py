"""A proof round: the proof PDF of an edition and the snapshot the next round compares against.

Round N writes out/<year>/kalender-<year>-korrektur-vN.pdf and .json; N is one more than the highest
snapshot in the folder, so deleting a round's files makes the next proof take its number again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from calendar_builder.build import write_atomic
from calendar_builder.edition.model import make_edition
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
from calendar_builder.settings import Settings, today

#: files in the data folder that are outputs, not inputs (they change on every feed build)
NOT_DATA = frozenset({"feed-state.json"})


@dataclass(frozen=True)
class ProofRound:
    number: int
    pdf: Path
    snapshot: Path
    entries: tuple[ReviewEntry, ...]
    changes: Changes | None


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


def build_proof(settings: Settings, leave_out_uncovered: bool = False,
                echo: Callable[[str], None] = print) -> ProofRound:  # fmt: skip
    """Lay out the edition as for print, draw the proof, write it and then its snapshot."""
    from calendar_builder.edition.settings import load_edition_settings
    from calendar_builder.layout.pages import layout_edition
    from calendar_builder.proof.problems import find_problems
    from calendar_builder.render.proof_pdf import ProofInfo, render_proof_pdf

    edition = make_edition(settings, leave_out_uncovered)
    look = load_edition_settings(settings.data_dir)
    pages = layout_edition(edition, look)
    short = _shorten_paths(settings.data_dir)
    entries = [
        replace(e, source=short(e.source))
        for e in edition_entries(edition.occurrences, edition.events, edition.organisations.organisations,
                                 settings.expand_options)
    ]  # fmt: skip
    folder = settings.edition_dir
    previous = last_proof_number(folder, edition.year)
    changes = compare(load_snapshot(proof_paths(folder, edition.year, previous)[1]), entries) if previous else None
    number = previous + 1
    problems = tuple(replace(p, findings=tuple(short(f) for f in p.findings)) for p in find_problems(edition, pages))
    groups = {t.id: t.name_de for t in edition.catalogue.traditions}
    groups.update({o.id: o.name for o in edition.organisations.organisations})
    info = ProofInfo(
        year=edition.year, title=look.title_for(edition.year), number=number, built=today(),
        data_version=data_version(settings.data_dir), previous=previous, sample_warning=edition.sample_warning,
        groups=groups,
    )  # fmt: skip
    if edition.sample_warning:
        echo(f"warning: {edition.sample_warning}")
    data = render_proof_pdf(pages, look, info, entries, changes, problems)
    pdf_path, snapshot_path = proof_paths(folder, edition.year, number)
    # The snapshot last: it is what makes this round count, so a failed PDF write does not use up a number.
    write_atomic(pdf_path, data)
    write_atomic(snapshot_path, snapshot_bytes(entries))
    return ProofRound(number, pdf_path, snapshot_path, tuple(entries), changes)
