"""Moon phases (ephem) against an independent implementation of Meeus' algorithm (PyMeeus, ch. 49)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pymeeus.Epoch import Epoch
from pymeeus.Moon import Moon

from calendar_builder.moon import BERLIN, moon_phase_instants, moon_phases

TARGETS = {"new": "new", "first-quarter": "first", "full": "full", "last-quarter": "last"}
#: PyMeeus gives dynamical time (TT); TT - UT was 64 s in 2000 and about 69 s in the 2020s.
DELTA_T = timedelta(seconds=68)
TOLERANCE = timedelta(minutes=3)


def meeus(instant: datetime, kind: str) -> datetime:
    """PyMeeus' phase of `kind` nearest to `instant`, in UTC (it picks the lunation from the epoch it is given)."""
    found = []
    for shift in (-15, 0, 15):
        start = instant + timedelta(days=shift)
        year, month, day, hour, minute, second = Moon.moon_phase(
            Epoch(start.year, start.month, start.day + (start.hour + start.minute / 60) / 24), target=TARGETS[kind]
        ).get_full_date()
        whole = int(second)
        moment = datetime(year, month, day, hour, minute, whole, tzinfo=UTC) + timedelta(seconds=second - whole)
        found.append(moment - DELTA_T)
    return min(found, key=lambda moment: abs(moment - instant))


@pytest.mark.parametrize("year", [2000, 2013, 2024, 2025, 2026, 2027, 2031, 2040, 2050])
def test_phase_instants_agree_with_meeus(year: int) -> None:
    instants = moon_phase_instants(year)
    assert 48 <= len(instants) <= 51  # 12 or 13 lunations, four phases each
    for instant, kind in instants:
        other = meeus(instant, kind)
        assert abs(other - instant) < TOLERANCE, (instant, kind, other)
        local, other_local = instant.astimezone(BERLIN), other.astimezone(BERLIN)
        near_midnight = min(local.hour * 60 + local.minute, 1440 - local.hour * 60 - local.minute) < 5
        if not near_midnight:
            assert local.date() == other_local.date()


def test_dates_are_berlin_local_and_in_order() -> None:
    phases = moon_phases(2026)
    assert [d for d, _ in phases] == sorted(d for d, _ in phases)
    assert all(d.year == 2026 for d, _ in phases)
    kinds = [k for _, k in phases]
    order = ["new", "first-quarter", "full", "last-quarter"]
    for a, b in zip(kinds, kinds[1:], strict=False):
        assert order.index(b) == (order.index(a) + 1) % 4
