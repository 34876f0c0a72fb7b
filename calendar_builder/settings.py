"""One typed settings object for a run: where the data is, where output goes, which year and authority, the
print settings of data/edition.yaml (read once), and the build clock.

The command line makes it once, at the top, from its options and the environment; everything below gets it
passed down and reads neither the environment nor the clock itself, so that one run has one "now".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from calendar_builder.core.limits import MAX_YEAR, MIN_YEAR
from calendar_builder.errors import CalendarError

if TYPE_CHECKING:  # imported where used: `--help`, `check` and `dates` need neither
    from calendar_builder.core.rules import ExpandOptions
    from calendar_builder.edition.settings import EditionSettings

#: where the feeds are published unless data/edition.yaml or --base-url says otherwise
DEFAULT_FEEDS_BASE_URL = "https://interkultureller-kalender.heidelberg.de/feeds/"

#: the last second SOURCE_DATE_EPOCH may name: the end of the last supported year
_LAST_EPOCH = int(datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


@dataclass(frozen=True)
class BuildClock:
    """The one moment a run stands for: SOURCE_DATE_EPOCH when set (reproducible builds), else now.

    `fixed` says whether the moment came from SOURCE_DATE_EPOCH. Documents that carry a date (the print
    PDF's metadata) use `document_time`, which is reproducible even without SOURCE_DATE_EPOCH.
    """

    moment: datetime
    fixed: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> BuildClock:
        """Read SOURCE_DATE_EPOCH (the only place that does); an invalid value is a clear error."""
        raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
        if not raw:
            return cls.now()
        if not raw.isascii() or not raw.isdigit() or len(raw) > 12 or int(raw) > _LAST_EPOCH:
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            raise CalendarError(
                f"SOURCE_DATE_EPOCH={shown!r} is not valid: expected whole seconds since 1970-01-01 UTC, "
                f"from 0 to {_LAST_EPOCH} (e.g. 1767225600 for 2026-01-01), or unset it"
            )
        return cls(datetime.fromtimestamp(int(raw), tz=UTC), fixed=True)

    @classmethod
    def now(cls) -> BuildClock:
        return cls(datetime.now(tz=UTC).replace(microsecond=0))

    @classmethod
    def at(cls, moment: datetime) -> BuildClock:
        """A fixed moment (tests, and anything that must be reproducible)."""
        return cls(moment.astimezone(UTC).replace(microsecond=0), fixed=True)

    @property
    def today(self) -> date:
        return self.moment.date()

    @property
    def default_year(self) -> int:
        """The edition made by default: the next calendar year (within the supported years)."""
        year = self.today.year + 1
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CalendarError(
                f"the next year, {year}, is outside the supported years {MIN_YEAR}–{MAX_YEAR}; give --year"
            )
        return year

    def document_time(self, year: int) -> datetime:
        """The creation date written into an edition's documents: the fixed moment when there is one, else
        1 January of the year before the edition (UTC), so that a rebuild gives the same bytes."""
        return self.moment if self.fixed else datetime(year - 1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    out_dir: Path = Path("out")
    year: int = 0
    islamic_authority: str = "diyanet"
    #: where out/<year>/feeds/ is published (subscribe links, QR codes); None: feeds_base_url of edition.yaml
    feeds_base_url_override: str | None = None
    clock: BuildClock = field(default_factory=BuildClock.now)
    #: the build cache's folder (see cache.py; the command line uses ./.cache); None: neither read nor written
    cache_dir: Path | None = None

    @cached_property
    def edition_settings(self) -> EditionSettings:
        """data/edition.yaml, read once per run (the defaults when the file does not exist)."""
        from calendar_builder.edition.settings import load_edition_settings

        return load_edition_settings(self.data_dir)

    @property
    def feeds_base_url(self) -> str:
        return self.feeds_base_url_override or self.edition_settings.feeds_base_url

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
        from calendar_builder.core.rules import ExpandOptions

        return ExpandOptions(islamic_authority=self.islamic_authority)


__all__ = ["DEFAULT_FEEDS_BASE_URL", "BuildClock", "Settings"]
