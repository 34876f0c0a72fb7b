"""Shared fixtures: paths to the shipped data and small hand-made data folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    """A data folder with a four-festival holidays.yaml, safe to modify."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURES / "holidays-small.yaml", folder / "holidays.yaml")
    return folder


@pytest.fixture(autouse=True)
def _check_verdicts_per_test(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept `check` report stands for the files it read. A test that patches code in memory changes what check
    would say without changing a file, so each test keeps reports of its own (check_verdict.py)."""
    from calendar_builder import check_verdict

    monkeypatch.setattr(check_verdict, "VERSION", f"{check_verdict.VERSION} {request.node.nodeid}")
