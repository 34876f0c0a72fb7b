"""The proof reads the build cache (shaped text, QR codes, month names) as the build does: a proof made after a
build, from that build's cache, is the same byte for byte as one made from none, and keeps the build's records."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calendar_builder.cache import CACHE_FOLDER, PART, pack_path, read_pack

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "TZ": "UTC", "LC_ALL": "C.UTF-8"}


def _run(folder: Path, *command: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "cli.py"), *command, "--year", "2027"], cwd=folder, env=ENV,
                   check=True, capture_output=True)  # fmt: skip


def test_a_proof_from_a_builds_cache_equals_one_from_none(tmp_path: Path) -> None:
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    for folder in (cold, warm):
        shutil.copytree(ROOT / "data", folder / "data")
    _run(cold, "proof")
    _run(warm, "build")
    shaped = pack_path(warm / CACHE_FOLDER, "shaped-text")
    after_build = read_pack(shaped.read_bytes())
    _run(warm, "proof")
    names = ("kalender-2027-korrektur-v1.pdf", "kalender-2027-korrektur-v1-a4.pdf")
    for name in names:
        assert (warm / "out" / "2027" / name).read_bytes() == (cold / "out" / "2027" / name).read_bytes(), name
    assert read_pack(shaped.read_bytes()) == after_build, "the proof keeps the build's shaped text"
    added = read_pack(pack_path(warm / CACHE_FOLDER, "shaped-text" + PART).read_bytes())
    assert added and not added.keys() & after_build.keys(), "and adds the review list's beside it"


def test_a_proof_drawn_in_two_processes_equals_one_drawn_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build draws the sheets' two halves in two processes (render/proof_pdf.py); the proof is the same as one
    whose every piece of work runs in this process, as where no process can be forked."""
    from click.testing import CliRunner

    from calendar_builder import feed_worker
    from calendar_builder.cli import main

    forked, inline = tmp_path / "forked", tmp_path / "inline"
    for folder in (forked, inline):
        shutil.copytree(ROOT / "data", folder / "data")
    _run(forked, "proof")
    monkeypatch.setattr(feed_worker.Job, "start", classmethod(lambda cls, work: cls(work)))
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(inline)
    result = CliRunner().invoke(main, ["proof", "--year", "2027"])
    assert result.exit_code == 0, result.output
    for name in ("kalender-2027-korrektur-v1.pdf", "kalender-2027-korrektur-v1-a4.pdf"):
        assert (inline / "out" / "2027" / name).read_bytes() == (forked / "out" / "2027" / name).read_bytes(), name
