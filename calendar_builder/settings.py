"""One typed settings object for a run: where the data is, where output goes, which year and authority."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from calendar_builder.core.rules import ExpandOptions


def today() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names, so that reproducible builds agree on 'next year'."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def default_year() -> int:
    """The edition made by default: the next calendar year."""
    return today().year + 1


#: where the feeds are published unless data/edition.yaml or --base-url says otherwise
DEFAULT_FEEDS_BASE_URL = "https://interkultureller-kalender.heidelberg.de/feeds/"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    out_dir: Path = Path("out")
    year: int = 0
    islamic_authority: str = "diyanet"
    #: where out/<year>/feeds/ is published (subscribe links, QR codes); see calendar_builder/feeds/plan.py
    feeds_base_url: str = DEFAULT_FEEDS_BASE_URL

    @property
    def holidays_file(self) -> Path:
        return self.data_dir / "holidays.yaml"

    @property
    def organisations_file(self) -> Path:
        return self.data_dir / "organisations.yaml"

    @property
    def edition_dir(self) -> Path:
        return self.out_dir / str(self.year)

    @property
    def expand_options(self) -> ExpandOptions:
        return ExpandOptions(islamic_authority=self.islamic_authority)
