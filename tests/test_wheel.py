"""The wheel prints: built from the source tree, installed into a fresh virtual environment, run in an empty folder.

`python -m build` makes the sdist and, from it, the wheel, so this also checks that MANIFEST.in and setup.py's
build step carry the fonts, the ICC profile and the default data. The venv is new and has no pip of its own
(the suite's pip installs into it with --python: the dependencies come from pip's cache or the index).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2027


def run(args: list[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        # hidden files are a run's own (the lock of data/), never shipped
        if p.is_file()
        and "__pycache__" not in p.parts
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel built from this checkout installed; returns it."""
    tmp = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "build", "--outdir", tmp / "dist", ROOT])
    (wheel,) = (tmp / "dist").glob("calendar_builder-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-compile", "--disable-pip-version-check",
         "--no-input", wheel])  # fmt: skip
    return venv


@pytest.fixture(scope="module")
def built(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`calendar-builder build --year 2027` in an empty folder, run by the installed entry point."""
    folder = tmp_path_factory.mktemp("empty")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    output = run([venv / "bin" / "calendar-builder", "build", "--year", str(YEAR)], cwd=folder, env=env)
    return folder, output


def installed_package(venv: Path) -> Path:
    where = run([venv / "bin" / "python", "-c", "import calendar_builder; print(calendar_builder.__file__)"], cwd=venv)
    return Path(where.strip()).parent


def test_the_wheel_carries_the_fonts_profile_and_default_data_of_the_checkout(venv: Path) -> None:
    package = installed_package(venv)
    assert package.is_relative_to(venv), package  # the installed copy, not this checkout
    shipped = package / "shipped"
    fonts = digests(shipped / "fonts")
    assert {name for name in fonts if name.endswith(".ttf")} == {p.name for p in (ROOT / "fonts").glob("*.ttf")}
    assert {"OFL-Noto.txt", "OFL-Nanum.txt", "LICENSE-DroidSansFallback-Apache-2.0.txt", "README.md"} <= set(fonts)
    assert fonts == {name: digest for name, digest in digests(ROOT / "fonts").items() if name in fonts}
    assert digests(shipped / "data") == digests(ROOT / "data")
    assert digests(package / "profiles") == digests(ROOT / "calendar_builder" / "profiles")


def test_build_in_an_empty_folder_prints_the_default_edition(built: tuple[Path, str]) -> None:
    folder, output = built
    assert "copied the default data shipped with calendar-builder to data/" in output
    assert (folder / "data" / "holidays.yaml").read_bytes() == (ROOT / "data" / "holidays.yaml").read_bytes()
    # the shipped sample data is a draft (print gates): everything but the draft mark passed the preflight
    assert f"preflight: out/{YEAR}/kalender-{YEAR}-entwurf.pdf is a draft, not for print; otherwise it passed" in output
    pdf = folder / "out" / str(YEAR) / f"kalender-{YEAR}-entwurf.pdf"
    info = run(["pdfinfo", pdf])
    assert re.search(r"^Pages:\s+14$", info, re.M) and re.search(r"^PDF subtype:\s+PDF/X-1:2001$", info, re.M), info
    rows = run(["pdffonts", pdf]).splitlines()[2:]
    names = {row.split()[0].split("+", 1)[-1] for row in rows}
    # every font embedded as a subset, and the scripts' fonts among them (Latin, Hebrew, Korean, Chinese, Arabic)
    assert rows and all(re.search(r"\byes yes\b", row) and re.match(r"[A-Z]{6}\+", row) for row in rows), rows
    assert {"NotoSans-Regular", "NotoSansHebrew-Regular", "NanumGothic", "DroidSansFallback"} <= names, names
    assert any(name.startswith("NotoSansArabic") for name in names), names
    assert (folder / "out" / str(YEAR) / "feeds" / "alle.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
