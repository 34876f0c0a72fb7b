"""Which organisation each month page presents ("Verein des Monats"): claims first, then a fair rotation."""

from __future__ import annotations

from collections.abc import Sequence

from calendar_builder.errors import ProblemCollector
from calendar_builder.organisations.model import Organisation


def featured_conflicts(organisations: Sequence[Organisation], problems: ProblemCollector) -> None:
    """Two organisations claiming the same month: an error naming both, at the second claim."""
    claimed: dict[int, Organisation] = {}
    for org in organisations:
        month = org.featured_month
        if month is None:
            continue
        if month in claimed:
            first = claimed[month]
            problems.error(
                org.file,
                org.line,
                "featured_month",
                f"organisations '{first.id}' (line {first.line}) and '{org.id}' both claim featured_month {month}; "
                "give one of them another month or remove the line to let the rotation choose",
            )
        else:
            claimed[month] = org


def assign_featured_months(organisations: Sequence[Organisation], year: int) -> dict[int, Organisation | None]:
    """Month (1–12) -> the organisation presented that month, or None (the page shows the partners).

    Claimed months (`featured_month`) are kept. The other non-partner organisations fill the free months
    in id order. The rotation moves with the year: the free months start at a year-dependent month (so
    nobody is always January), and when there are more organisations than free months, the starting
    organisation moves on by one block each year, so that over a few editions every organisation has its
    turn. Never random: the same data and year always give the same assignment. Raises DataError if two
    organisations claim one month.
    """
    problems = ProblemCollector()
    featured_conflicts(organisations, problems)
    problems.raise_if_errors()
    result: dict[int, Organisation | None] = {month: None for month in range(1, 13)}
    for org in organisations:
        if org.featured_month is not None:
            result[org.featured_month] = org
    free = [month for month in range(1, 13) if result[month] is None]
    waiting = sorted((o for o in organisations if o.featured_month is None and not o.partner), key=lambda o: o.id)
    if not free or not waiting:
        return result
    shift = year % len(free)
    free = free[shift:] + free[:shift]
    if len(waiting) > len(free):
        offset = (year * len(free)) % len(waiting)
        waiting = waiting[offset:] + waiting[:offset]
    for month, org in zip(free, waiting, strict=False):
        result[month] = org
    return result
