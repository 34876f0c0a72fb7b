"""Cached panchang festival days: the package table `tables/panchang-days.csv` in front of the computation.

Computing a festival from the ephemeris takes milliseconds per year, too slow for a 1900–2100 listing of
every festival; `tools/generate_panchang_table.py` computes every tithi/sankranti rule of the shipped data
once and writes the result here. A rule or year missing from the table is computed (and the test suite
checks that the table still equals the computation).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Final

from calendar_builder.calendars.panchang import PanchangRule, check_year, compute_days

TABLE: Final = "tables/panchang-days.csv"


def parse_table(text: str) -> dict[tuple[str, int], tuple[date, ...]]:
    """Rows `rule key,year,YYYY-MM-DD[ YYYY-MM-DD]` (comments start with #) → {(key, year): days}."""
    table: dict[tuple[str, int], tuple[date, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            key, year, days = line.split(",")
            table[(key, int(year))] = tuple(date.fromisoformat(d) for d in days.split())
        except ValueError as exc:
            raise ValueError(f"{TABLE} line {number}: expected 'rule,year,dates' ({exc})") from None
    return table


@cache
def cached_table() -> dict[tuple[str, int], tuple[date, ...]]:
    return parse_table(resources.files(__package__).joinpath(TABLE).read_text(encoding="utf-8"))


def panchang_days(rule: PanchangRule, year: int) -> tuple[date, ...]:
    """The days a panchang rule gives in Gregorian `year`, from the table where it has them."""
    check_year(year)
    cached = cached_table().get((rule.key, year))
    return cached if cached is not None else compute_days(rule, year)
