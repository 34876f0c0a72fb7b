"""Date rules: parse the small rule grammar into `Rule` values and expand a rule for a Gregorian year.

Grammar (see README, "Rules"):
    base [+N | -N] [; if WEEKDAY +N|-N]... [; WEEKDAY on-or-after|on-or-before|after|before [+N | -N]]

An `if` clause postpones (or advances) a day that falls on that weekday, as Tisha be-Av moves from the Sabbath
to Sunday (`hebrew 9 av; if sat +1`) and Yom haShoah from Friday to Thursday and from Sunday to Monday
(`hebrew 27 nisan; if fri -1; if sun +1`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

from calendar_builder.calendars import (
    GREGORIAN_MONTHS,
    CalendarSystem,
    check_supported,
    days_in_gregorian_year,
    month_from_names,
    registry,
)
from calendar_builder.calendars.panchang import PLACES, parse_panchang_rule
from calendar_builder.core.authorities import ISLAMIC_AUTHORITIES
from calendar_builder.core.model import Rule
from calendar_builder.errors import OutOfRangeError

WEEKDAYS = {name: number for number, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
SHIFT_MODES = ("on-or-after", "on-or-before", "after", "before")

#: rule kinds whose base is "D MONTH" in another calendar system: the registered calendars
CALENDAR_KINDS = registry.NAMES
#: rule kinds computed by the panchang (calendars/panchang.py)
PANCHANG_KINDS = ("tithi", "sankranti")
RULE_KINDS = (
    "fixed", "nth", "last", "easter", "orthodox-easter", "julian-nth", "twin-holy-birthday", "solar-term", "table",
    *CALENDAR_KINDS, *PANCHANG_KINDS,
)  # fmt: skip
_MOVE = re.compile(r"^\s*if\s+(?P<weekday>[a-z]+)\s*(?P<sign>[+-])\s*(?P<days>\d+)\s*$")
#: a move shifts a day by less than a week (a weekday rule, not a date rule)
MAX_MOVE_DAYS = 6

_RULE = re.compile(
    r"^\s*(?P<base>[a-z][a-z0-9 -]*?)\s*(?:(?P<sign>[+-])\s*(?P<offset>\d+))?\s*"
    r"(?:;\s*(?P<weekday>[a-z]+)\s+(?P<mode>[a-z-]+)\s*"
    r"(?:(?P<post_sign>[+-])\s*(?P<post_offset>\d+))?)?\s*$"
)


#: an offset moves a festival within its year (Pentecost is easter+49); more than a year is a typing mistake
MAX_OFFSET_DAYS = 366


class RuleSyntaxError(ValueError):
    """A rule string that does not follow the grammar; the message says what was expected."""


@dataclass(frozen=True)
class ExpandOptions:
    """Choices that change how rules resolve, e.g. which Islamic authority decides month starts."""

    islamic_authority: str = "diyanet"


def parse_rule(text: str) -> Rule:
    """Parse a rule string; raise RuleSyntaxError naming what was expected."""
    parts = text.lower().split(";")
    moves = []
    while len(parts) > 1 and parts[1].strip().startswith("if "):
        move = _MOVE.match(parts.pop(1))
        if not move:
            raise RuleSyntaxError(f"cannot read {text!r}: expected '; if WEEKDAY +N' or '; if WEEKDAY -N'")
        days = int(move["days"]) * (-1 if move["sign"] == "-" else 1)
        if not 1 <= abs(days) <= MAX_MOVE_DAYS:
            raise RuleSyntaxError(f"a move is 1 to {MAX_MOVE_DAYS} days either way, not {days:+d}, in {text!r}")
        moves.append((_weekday(move["weekday"]), days))
    rule = _parse(";".join(parts), text)
    return replace(rule, moves=tuple(moves)) if moves else rule


def _parse(lowered: str, text: str) -> Rule:
    match = _RULE.match(lowered)
    if not match:
        raise RuleSyntaxError(
            f"cannot read rule {text!r}; expected "
            "'BASE [+N|-N] [; WEEKDAY on-or-after|on-or-before|after|before [+N|-N]]'"
        )
    words = match["base"].split()
    kind, args = words[0], words[1:]
    offset = int(match["offset"] or 0) * (-1 if match["sign"] == "-" else 1)
    shift_weekday, shift_mode = -1, ""
    if match["weekday"]:
        shift_weekday = _weekday(match["weekday"])
        if match["mode"] not in SHIFT_MODES:
            raise RuleSyntaxError(f"unknown shift {match['mode']!r}; expected one of {', '.join(SHIFT_MODES)}")
        shift_mode = match["mode"]
    post_offset = int(match["post_offset"] or 0) * (-1 if match["post_sign"] == "-" else 1)
    for value in (offset, post_offset):
        if abs(value) > MAX_OFFSET_DAYS:
            raise RuleSyntaxError(f"offset {value:+d} days is more than a year ({MAX_OFFSET_DAYS} days either way)")
    common = Rule(
        text=text, kind=kind, offset=offset, shift_weekday=shift_weekday, shift_mode=shift_mode, post_offset=post_offset
    )

    if kind in ("easter", "orthodox-easter", "table"):
        _expect_args(kind, args, 0, kind)
        return common
    if kind == "solar-term":
        from calendar_builder.calendars.solar_terms import TERMS

        _expect_args(kind, args, 1, "solar-term TERM, e.g. 'solar-term qingming'")
        if args[0] not in TERMS:
            raise RuleSyntaxError(f"unknown solar term {args[0]!r}; known: {', '.join(TERMS)}")
        return replace(common, term=args[0])
    if kind == "fixed":
        _expect_args(kind, args, 2, "fixed DAY MONTH, e.g. 'fixed 3 oct'")
        day, month = _int(args[0], "day"), _gregorian_month(args[1])
        _check_gregorian_day(day, month)
        return replace(common, day=day, month=args[1])
    if kind in ("nth", "julian-nth"):
        _expect_args(kind, args, 3, f"{kind} N WEEKDAY MONTH, e.g. '{kind} 2 sun may'")
        nth = _int(args[0], "N")
        if not 1 <= nth <= 5:
            raise RuleSyntaxError(f"N must be 1 to 5 in {text!r}")
        _gregorian_month(args[2])
        return replace(common, nth=nth, weekday=_weekday(args[1]), month=args[2])
    if kind == "last":
        _expect_args(kind, args, 2, "last WEEKDAY MONTH, e.g. 'last sun sep'")
        _gregorian_month(args[1])
        return replace(common, weekday=_weekday(args[0]), month=args[1])
    if kind == "twin-holy-birthday":
        _expect_args(kind, args, 1, "twin-holy-birthday 1 (the Báb) or 2 (Bahá'u'lláh)")
        if args[0] not in ("1", "2"):
            raise RuleSyntaxError(f"twin-holy-birthday takes 1 or 2, not {args[0]!r}")
        return replace(common, day=int(args[0]))
    if kind in PANCHANG_KINDS:
        try:
            return replace(common, panchang=parse_panchang_rule(kind, args))
        except ValueError as exc:
            raise RuleSyntaxError(str(exc)) from None
    if registry.is_calendar(kind):
        _expect_args(kind, args, 2, f"{kind} DAY MONTH")
        day = _int(args[0], "day")
        system = registry.calendar_system(kind)
        try:
            month = month_from_names(system.name, system.month_names, args[1])
        except ValueError as exc:
            raise RuleSyntaxError(str(exc)) from None
        limit = system.longest_month(month)
        if not 1 <= day <= limit:
            raise RuleSyntaxError(f"day {day} does not exist in {kind} month {args[1]!r} (1 to {limit})")
        return replace(common, day=day, month=args[1])
    raise RuleSyntaxError(f"unknown rule kind {kind!r}; known: {', '.join(RULE_KINDS)}")


def calendar_system(kind: str, options: ExpandOptions) -> CalendarSystem:
    """The calendar system behind a rule kind, as the options' authority decides it where there are several."""
    system = _system(kind, options.islamic_authority)
    if system is None:
        raise ValueError(f"no calendar system for rule kind {kind!r}; calendars: {', '.join(registry.NAMES)}")
    return system


@cache
def _system(kind: str, authority: str) -> CalendarSystem | None:
    """The registered system of a rule kind, None for the kinds of other bases (looked up once per kind)."""
    return registry.calendar_system(kind, authority) if registry.is_calendar(kind) else None


def uncertain_days(rule: Rule, options: ExpandOptions) -> int:
    """Days either way the rule's dates may be observed (moon sighting); 0 for rules that are exact."""
    system = _system(rule.kind, options.islamic_authority)
    return system.uncertain_days if system is not None else 0


def expand_rule(rule: Rule, year: int, options: ExpandOptions) -> list[date]:
    """Every first day in Gregorian `year` that the rule yields (usually one; 0 or 2 happen).

    Raises OutOfRangeError when a calendar or table cannot answer for that year.
    """
    if rule.offset == 0 and rule.shift_weekday < 0 and rule.post_offset == 0 and not rule.moves:
        return _base_days(rule, year, options)
    # An offset or weekday shift can move a day across New Year, so look at the neighbouring years too.
    found = []
    for base_year in (year - 1, year, year + 1):
        try:
            base_days = _base_days(rule, base_year, options)
        except OutOfRangeError:
            if base_year == year:
                raise
            continue
        for base in base_days:
            moved = apply_moves(base + timedelta(days=rule.offset), rule.moves)
            shifted = _shift(moved, rule.shift_weekday, rule.shift_mode)
            day = shifted + timedelta(days=rule.post_offset)
            if day.year == year:
                found.append(day)
    return sorted(set(found))


def apply_moves(day: date, moves: tuple[tuple[int, int], ...]) -> date:
    """The day moved by the first `if` clause whose weekday it falls on (the clauses never chain)."""
    for weekday, days in moves:
        if day.weekday() == weekday:
            return day + timedelta(days=days)
    return day


def rule_authority(rule: Rule, options: ExpandOptions) -> str:
    """Whose reckoning decides the rule's dates, where that is a choice (the Islamic months, the panchang's place
    and ayanamsa); else ""."""
    if rule.panchang is not None:
        return f"Panchang, Lahiri, {PLACES[rule.panchang.place].name}"
    system = _system(rule.kind, options.islamic_authority)
    return system.authority_label if system is not None and system.authority_label else ""


def _base_days(rule: Rule, year: int, options: ExpandOptions) -> list[date]:
    kind = rule.kind
    if kind == "fixed":
        month = GREGORIAN_MONTHS[rule.month]
        if rule.day > calendar.monthrange(year, month)[1]:
            return []  # 29 February outside leap years
        return [date(year, month, rule.day)]
    if kind == "nth":
        day = _nth_weekday(date(year, GREGORIAN_MONTHS[rule.month], 1), rule.weekday, rule.nth)
        return [day] if day.month == GREGORIAN_MONTHS[rule.month] else []
    if kind == "last":
        month = GREGORIAN_MONTHS[rule.month]
        last = date(year, month, calendar.monthrange(year, month)[1])
        return [last - timedelta(days=(last.weekday() - rule.weekday) % 7)]
    if kind == "easter":
        return [easter(year, EASTER_WESTERN)]
    if kind == "orthodox-easter":
        return [easter(year, EASTER_ORTHODOX)]
    if kind == "julian-nth":
        return _julian_nth(rule, year)
    if kind == "solar-term":
        from calendar_builder.calendars.solar_terms import term_day

        return [term_day(year, rule.term)]
    if kind == "twin-holy-birthday":
        from calendar_builder.calendars.bahai import twin_holy_birthdays

        check_supported(registry.calendar_system("bahai"), year)
        return [twin_holy_birthdays(year)[rule.day - 1]]
    if rule.panchang is not None:
        from calendar_builder.calendars.panchang_table import panchang_days

        return list(panchang_days(rule.panchang, year))
    system = _system(kind, options.islamic_authority)
    if system is not None:
        return days_in_gregorian_year(system, rule.month, rule.day, year)
    raise ValueError(f"rule kind {kind!r} has no base date (tables are resolved by the festival)")


def _julian_nth(rule: Rule, year: int) -> list[date]:
    found = []
    month = GREGORIAN_MONTHS[rule.month]
    julian = _system("julian", "")
    assert julian is not None
    for julian_year in {julian.year_of(date(year, 1, 1)), julian.year_of(date(year, 12, 31))}:
        first = julian.to_gregorian(julian_year, month, 1)
        assert first is not None
        day = _nth_weekday(first, rule.weekday, rule.nth)
        # Weekdays are shared by both calendars; the n-th must still lie in the same Julian month.
        last_of_month = first + timedelta(days=julian.month_length(julian_year, month) - 1)
        if day <= last_of_month and day.year == year:
            found.append(day)
    return sorted(found)


def _nth_weekday(first: date, weekday: int, nth: int) -> date:
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _shift(day: date, weekday: int, mode: str) -> date:
    if weekday < 0:
        return day
    moves: dict[str, Callable[[date], date]] = {
        "on-or-after": lambda d: d + timedelta(days=(weekday - d.weekday()) % 7),
        "after": lambda d: d + timedelta(days=(weekday - d.weekday() - 1) % 7 + 1),
        "on-or-before": lambda d: d - timedelta(days=(d.weekday() - weekday) % 7),
        "before": lambda d: d - timedelta(days=(d.weekday() - weekday - 1) % 7 + 1),
    }
    return moves[mode](day)


def _expect_args(kind: str, args: list[str], count: int, form: str) -> None:
    if len(args) != count:
        raise RuleSyntaxError(f"rule '{kind}' takes {count} argument(s): expected '{form}'")


def _int(word: str, what: str) -> int:
    if not word.isdigit():
        raise RuleSyntaxError(f"{what} must be a whole number, not {word!r}")
    return int(word)


def _weekday(word: str) -> int:
    if word not in WEEKDAYS:
        raise RuleSyntaxError(f"unknown weekday {word!r}; known: {', '.join(WEEKDAYS)}")
    return WEEKDAYS[word]


def _gregorian_month(word: str) -> int:
    if word not in GREGORIAN_MONTHS:
        raise RuleSyntaxError(f"unknown month {word!r}; known: {', '.join(GREGORIAN_MONTHS)}")
    return GREGORIAN_MONTHS[word]


def _check_gregorian_day(day: int, month: int) -> None:
    longest = calendar.monthrange(2024, month)[1]  # a leap year, so 29 feb is allowed
    if not 1 <= day <= longest:
        raise RuleSyntaxError(f"day {day} does not exist in month {month} (1 to {longest})")


__all__ = ["ISLAMIC_AUTHORITIES", "ExpandOptions", "Rule", "expand_rule", "parse_rule", "rule_authority"]
