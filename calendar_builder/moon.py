"""The four principal moon phases of a year, as local dates in Europe/Berlin (computed with ephem).

Keys match `calendar_builder.astro.PHASE_KINDS`, so the print layout can switch to that module unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import ephem

BERLIN = ZoneInfo("Europe/Berlin")

#: phase key -> German name, in the order of a lunation
PHASES = {
    "new": "Neumond",
    "first-quarter": "zunehmender Halbmond",
    "full": "Vollmond",
    "last-quarter": "abnehmender Halbmond",
}

_NEXT: dict[str, Callable[[ephem.Date], ephem.Date]] = {
    "new": ephem.next_new_moon,
    "first-quarter": ephem.next_first_quarter_moon,
    "full": ephem.next_full_moon,
    "last-quarter": ephem.next_last_quarter_moon,
}


def moon_phase_instants(year: int) -> list[tuple[datetime, str]]:
    """Every principal phase whose Berlin local date lies in `year`, as aware UTC datetimes, sorted."""
    start = ephem.Date(datetime(year - 1, 12, 30, tzinfo=UTC).replace(tzinfo=None))
    found: list[tuple[datetime, str]] = []
    for key, following in _NEXT.items():
        moment = start
        while True:
            moment = following(moment)
            instant = moment.datetime().replace(tzinfo=UTC)
            local = instant.astimezone(BERLIN).date()
            if local.year > year:
                break
            if local.year == year:
                found.append((instant, key))
            moment = ephem.Date(moment + 1)
    return sorted(found)


def moon_phases(year: int) -> list[tuple[date, str]]:
    """(Berlin local date, phase key) for every principal phase of `year`; keys are those of PHASES."""
    return [(instant.astimezone(BERLIN).date(), key) for instant, key in moon_phase_instants(year)]
