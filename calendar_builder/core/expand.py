"""Festivals x years -> dated occurrences, with a notice for every year a calendar or table cannot cover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from calendar_builder.core.model import DateSource, Decision, Festival, Occurrence
from calendar_builder.core.rules import ExpandOptions, expand_rule, rule_authority, uncertain_days
from calendar_builder.errors import OutOfRangeError


@dataclass(frozen=True)
class RangeNotice:
    """A festival left out of a year because its calendar or table does not reach it."""

    festival: Festival
    year: int
    reason: str

    def __str__(self) -> str:
        return f"{self.festival.id} ({self.festival.file}:{self.festival.line}) left out of {self.year}: {self.reason}"


@dataclass(frozen=True)
class Expansion:
    occurrences: tuple[Occurrence, ...]
    notices: tuple[RangeNotice, ...]


def expand_festival(festival: Festival, year: int, options: ExpandOptions) -> list[Occurrence]:
    """The occurrences of one festival whose first day falls in `year`; OutOfRangeError if unknowable."""
    uncertain = uncertain_days(festival.rule, options)
    if festival.announced is not None and festival.announced.for_year(year):
        starts = festival.announced.for_year(year)
        source = DateSource(Decision.ANNOUNCED, festival.announced.source)
        uncertain = 0
    elif festival.rule.kind == "table":
        assert festival.table is not None
        table = festival.table
        if not table.first_year <= year <= table.last_year:
            raise OutOfRangeError(f"its date table covers only {table.first_year}–{table.last_year}")
        starts = table.for_year(year)
        source = DateSource(Decision.TABLE, table.source)
    else:
        starts = expand_rule(festival.rule, year, options)
        source = DateSource(Decision.RULE, festival.rule.text, rule_authority(festival.rule, options))
    return [
        Occurrence(
            festival=festival,
            start=start,
            end=start + timedelta(days=festival.days - 1),
            uncertain_days=uncertain,
            source=source,
            public_holiday=festival.is_public_holiday(start.year),
        )
        for start in starts
    ]


def expand(festivals: tuple[Festival, ...], years: range, options: ExpandOptions) -> Expansion:
    """Every occurrence of every festival in the years, sorted by date then id."""
    occurrences: list[Occurrence] = []
    notices: list[RangeNotice] = []
    for festival in festivals:
        for year in years:
            try:
                occurrences.extend(expand_festival(festival, year, options))
            except OutOfRangeError as exc:
                notices.append(RangeNotice(festival, year, exc.message))
    occurrences.sort(key=lambda o: (o.start, o.festival.id))
    return Expansion(tuple(occurrences), tuple(notices))
