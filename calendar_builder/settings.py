"""One typed settings object for a run: where the data is, where output goes, which year and authority."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .errors import CalendarError
from .limits import MAX_YEAR, MIN_YEAR
from .rules import ExpandOptions

#: the last second SOURCE_DATE_EPOCH may name: the end of the last supported year
LATEST_EPOCH = int(datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


def source_date_epoch() -> datetime | None:
    """The moment SOURCE_DATE_EPOCH names (reproducible builds), None when it is not set.

    Read once per use from the environment; a value that is not whole seconds from 1970 up to the end of
    the last supported year is an error naming the variable, never a silent fallback to the clock.
    """
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 12 or int(text) > LATEST_EPOCH:
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise CalendarError(
            f"environment variable SOURCE_DATE_EPOCH={shown!r}: expected whole seconds since 1970-01-01 UTC, "
            f"from 0 to {LATEST_EPOCH} (the end of {MAX_YEAR})"
        )
    return datetime.fromtimestamp(int(text), tz=UTC)


def today() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names, so that reproducible builds agree on 'next year'."""
    moment = source_date_epoch()
    return moment.date() if moment is not None else date.today()


def default_year() -> int:
    """The edition made by default: the next calendar year (within the supported years)."""
    year = today().year + 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarError(f"the next year, {year}, is outside the supported years {MIN_YEAR}–{MAX_YEAR}; give --year")
    return year


#: where the feeds are published unless data/edition.yaml or --base-url says otherwise
DEFAULT_FEEDS_BASE_URL = "https://interkultureller-kalender.heidelberg.de/feeds/"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    out_dir: Path = Path("out")
    year: int = 0
    islamic_authority: str = "diyanet"
    #: where out/<year>/feeds/ is published (subscribe links, QR codes); see calendar_builder/feeds.py
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
