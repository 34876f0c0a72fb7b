"""Where the shipped files are found, and how a folder without data/ starts from the default data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from calendar_builder import resources
from calendar_builder.cli import main
from calendar_builder.edition.settings import DEFAULT_ICC_PROFILE
from calendar_builder.text.fonts import FONT_DIR

ROOT = Path(__file__).resolve().parents[1]


def test_a_checkout_reads_the_repository_folders() -> None:
    assert not resources.SHIPPED.exists()  # the build step writes its copies into the wheel, never here
    assert resources.font_dir() == FONT_DIR == ROOT / "fonts"
    assert resources.default_data_dir() == ROOT / "data"
    assert resources.icc_profile() == DEFAULT_ICC_PROFILE
    header = DEFAULT_ICC_PROFILE.read_bytes()[:128]
    assert header[36:40] == b"acsp" and header[16:20] == b"CMYK" and header[12:16] == b"prtr"


def test_an_installed_package_reads_its_own_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = tmp_path / "shipped"
    (shipped / "fonts").mkdir(parents=True)
    (shipped / "data").mkdir()
    monkeypatch.setattr(resources, "SHIPPED", shipped)
    assert resources.font_dir() == shipped / "fonts"
    assert resources.default_data_dir() == shipped / "data"


def data_files(folder: Path) -> dict[str, bytes]:
    """The folder's files, without the hidden ones a run keeps there (the lock)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def test_a_folder_without_data_starts_from_the_default_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["dates", "--year", "2027"])
    assert first.exit_code == 0, first.output
    assert "no data/ folder here: copied the default data shipped with calendar-builder to data/" in first.stderr
    assert data_files(tmp_path / "data") == data_files(ROOT / "data")
    assert "Ostersonntag" in first.stdout
    (tmp_path / "data" / "edition.yaml").write_text("format: a4-portrait\n", encoding="utf-8")  # one's own edition
    again = CliRunner().invoke(main, ["check", "--year", "2027"])
    assert "copied" not in again.stderr  # ./data now exists and is used as it is
    assert (tmp_path / "data" / "edition.yaml").read_text(encoding="utf-8") == "format: a4-portrait\n"


def test_a_given_data_folder_is_never_filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["dates", "--year", "2027", "--data", "elsewhere"])
    assert result.exit_code != 0 and "elsewhere" in result.stderr and "copied" not in result.stderr
    assert not (tmp_path / "elsewhere").exists() and not (tmp_path / "data").exists()


def test_a_data_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """data/ is a dangling link into a file (root ignores permissions, so a read-only folder would not do)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    (tmp_path / "data").symlink_to(tmp_path / "blocked" / "data")
    result = CliRunner().invoke(main, ["dates", "--year", "2027"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith("error: cannot copy the default data to "), result.stderr
