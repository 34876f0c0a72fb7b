"""Festivals x years -> dated occurrences, with a notice for every year a calendar or table cannot cover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from calendar_builder.core.model import DateSource, Decision, Festival, Occurrence, Rule, VariantDate
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
    # An organiser-announced event beyond its last announced year is only a forecast by rule.
    provisional = festival.announced is not None and year > festival.announced.last_year
    if festival.announced is not None and festival.announced.for_year(year):
        starts = festival.announced.for_year(year)
        source = DateSource(Decision.ANNOUNCED, festival.announced.source)
        uncertain = 0
    elif festival.table is not None and festival.table.first_year <= year <= festival.table.last_year:
        # A published table wins over a computed rule for the years it covers.
        starts = festival.table.for_year(year)
        decision = Decision.TABLE if festival.rule.kind == "table" else Decision.PUBLISHED
        source = DateSource(decision, festival.table.source)
    elif festival.rule.kind == "table":
        assert festival.table is not None
        table = festival.table
        raise OutOfRangeError(f"its date table covers only {table.first_year}–{table.last_year}")
    elif festival.night_before:
        # Dated by the evening that begins the night: the rule's day in `year + 1` may give 31 December.
        days = [*expand_rule(festival.rule, year, options), *_days_or_none(festival.rule, year + 1, options)]
        nights = [day - ONE_DAY for day in days]
        starts = [night for night in nights if night.year == year]
        source = _rule_source(festival.rule, options)
    else:
        starts = expand_rule(festival.rule, year, options)
        source = _rule_source(festival.rule, options)
    occurrences = []
    length = _DAYS[festival.days - 1] if festival.days <= len(_DAYS) else timedelta(days=festival.days - 1)
    for start in starts:
        if festival.variants:
            variants = _variant_dates(festival, start, options)
            spread = max((abs((v.start - start).days) for v in variants), default=0)
        else:
            variants, spread = (), 0
        occurrences.append(
            Occurrence(
                festival, start, start + length, max(uncertain, spread), source,
                festival.is_public_holiday(start.year), variants, provisional,
            )
        )  # fmt: skip
    return occurrences


ONE_DAY = timedelta(days=1)
#: the spans of festivals up to 40 days long, made once
_DAYS = tuple(timedelta(days=n) for n in range(40))


@lru_cache(maxsize=4096)
def _rule_source(rule: Rule, options: ExpandOptions) -> DateSource:
    """How a rule's dates are decided (the same for every year: made once per rule)."""
    return DateSource(Decision.RULE, rule.text, rule_authority(rule, options))


#: A variant belongs to an occurrence when its day lies this close (a convention moves a day, not a month).
VARIANT_WINDOW = timedelta(days=25)


def _variant_dates(festival: Festival, start: date, options: ExpandOptions) -> tuple[VariantDate, ...]:
    """Each variant's day nearest to `start` (from a neighbouring year near New Year), where it differs."""
    found = []
    years = sorted({(start - VARIANT_WINDOW).year, start.year, (start + VARIANT_WINDOW).year})
    for variant in festival.variants:
        days = [day for year in years for day in _days_or_none(variant.rule, year, options)]
        near = [d for d in days if abs(d - start) <= VARIANT_WINDOW]
        if near:
            day = min(near, key=lambda d: abs(d - start))
            if day != start:
                found.append(VariantDate(day, variant.who_de, variant.who_en))
    return tuple(found)


@lru_cache(maxsize=65536)
def _days_or_none(rule: Rule, year: int, options: ExpandOptions) -> tuple[date, ...]:
    """A variant rule's days in a year (none where its calendar does not reach); cached, as neighbouring
    occurrences ask for the same year."""
    try:
        return tuple(expand_rule(rule, year, options))
    except OutOfRangeError:
        return ()


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
