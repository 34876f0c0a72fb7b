"""Festivals x years -> dated occurrences, with a notice for every year a calendar or table cannot cover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .errors import OutOfRangeError
from .model import Festival, Occurrence
from .rules import ExpandOptions, describe_source, expand_rule


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
    uncertain = 1 if festival.rule.kind == "hijri" else 0
    if festival.announced is not None and festival.announced.for_year(year):
        starts = festival.announced.for_year(year)
        source = f"angekündigt: {festival.announced.source}"
        uncertain = 0
    elif festival.table is not None and festival.table.first_year <= year <= festival.table.last_year:
        # A published table wins over a computed rule for the years it covers.
        starts = festival.table.for_year(year)
        source = f"Tabelle: {festival.table.source}"
    elif festival.rule.kind == "table":
        assert festival.table is not None
        table = festival.table
        raise OutOfRangeError(f"its date table covers only {table.first_year}–{table.last_year}")
    else:
        starts = expand_rule(festival.rule, year, options)
        source = describe_source(festival.rule, options)
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
