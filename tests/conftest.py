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
