"""Helpers shared by the print tests: a data folder from the print fixture, an edition, the layout."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from calendar_builder.build import load_edition
from calendar_builder.edition.model import Edition
from calendar_builder.edition.settings import EditionSettings
from calendar_builder.layout.geometry import Page
from calendar_builder.layout.pages import layout_edition
from calendar_builder.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "print-holidays.yaml"
PROFILE = ROOT / "calendar_builder" / "profiles" / "ISOcoated_v2_300_bas.icc"
YEAR = 2026


#: the settings of a clean edition: feeds address confirmed, every imprint field filled (test values)
CLEAN_EDITION = """feeds_base_url_confirmed: true
imprint:
  publisher: "Testverlag Kalender, Teststraße 1, 00000 Teststadt"
  responsible: "Erika Test, Teststraße 1, 00000 Teststadt"
  printer: "Testdruckerei, Druckweg 2, 00000 Teststadt"
  print_run: "10 Exemplare"
  published: "Januar 2000"
  credits: "Muster: erzeugt"
"""


def data_folder(tmp: Path, extra: str = "", clean: bool = True) -> Path:
    """A data folder holding the print fixture, with `extra` festival entries appended; `clean` adds the
    settings of an edition that passes the print gates (confirmed feeds address, complete imprint)."""
    folder = tmp / "data"
    folder.mkdir(exist_ok=True)
    (folder / "holidays.yaml").write_text(FIXTURE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    if clean:
        (folder / "edition.yaml").write_text(CLEAN_EDITION, encoding="utf-8")
    return folder


def edition(folder: Path, year: int = YEAR) -> Edition:
    return load_edition(Settings(data_dir=folder, year=year))


def look(**changes: object) -> EditionSettings:
    return replace(EditionSettings(icc_profile=PROFILE), **changes)  # type: ignore[arg-type]


def pages(folder: Path, **changes: object) -> tuple[Page, ...]:
    return layout_edition(edition(folder), look(**changes))
