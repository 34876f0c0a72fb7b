"""Moon phases and equinoxes from ephem against an independent implementation of Meeus's algorithms.

Independent source: pymeeus (Jean Meeus, "Astronomical Algorithms", 2nd ed., ch. 49 for the moon phases
and ch. 27 for the equinoxes), a separate code base and theory from ephem's. Both are reduced to UT with
the project's ΔT so that only the astronomy is compared.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pymeeus.Epoch import Epoch
from pymeeus.Moon import Moon
from pymeeus.Sun import Sun

from calendar_builder.calendars import astro

MEEUS_TARGET = {"new": "new", "first-quarter": "first", "full": "full", "last-quarter": "last"}
TOLERANCE = timedelta(minutes=3)


def _meeus_to_utc(epoch: Epoch) -> datetime:
    y, mo, d, h, mi, s = epoch.get_full_date()
    tt = datetime(y, mo, d, h, mi, tzinfo=UTC) + timedelta(seconds=float(s))
    return tt - timedelta(seconds=astro.delta_t(astro.to_ephem(tt)))


def _meeus_phase_near(moment: datetime, kind: str) -> datetime:
    candidates = []
    for back in (3, 10, 17):
        start = moment - timedelta(days=back)
        epoch = Epoch(start.year, start.month, start.day + start.hour / 24.0)
        candidates.append(_meeus_to_utc(Moon.moon_phase(epoch, target=MEEUS_TARGET[kind])))
    return min(candidates, key=lambda c: abs(c - moment))


@pytest.mark.parametrize("year", range(1900, 2101))
def test_moon_phases_agree_with_meeus(year: int) -> None:
    phases = astro.moon_phase_instants(year)
    assert 48 <= len(phases) <= 51
    kinds = [kind for _, kind in phases]
    for a, b in zip(kinds, kinds[1:], strict=False):
        assert astro.PHASE_KINDS.index(b) == (astro.PHASE_KINDS.index(a) + 1) % 4
    for moment, kind in phases:
        assert moment.year == year
        other = _meeus_phase_near(moment.astimezone(UTC), kind)
        assert abs(other - moment) < TOLERANCE, (kind, moment, other)
        other_berlin = other.astimezone(astro.BERLIN)
        if other_berlin.date() != moment.date():
            # only acceptable when the instant sits on Berlin midnight within the tolerance
            midnight = datetime.combine(max(moment.date(), other_berlin.date()), datetime.min.time())
            assert abs(moment.replace(tzinfo=None) - midnight) < TOLERANCE


def test_moon_phase_dates_are_berlin_dates() -> None:
    # US Naval Observatory, "Phases of the Moon" 2024: new moon 2024 Jan 11 11:57 UT, full moon
    # 2024 Mar 25 07:00 UT (both far from Berlin midnight)
    phases = dict(((d, k) for d, k in astro.moon_phases(2024)))
    assert phases[date(2024, 1, 11)] == "new"
    assert phases[date(2024, 3, 25)] == "full"


@pytest.mark.parametrize("year", range(1900, 2101, 3))
def test_march_equinox_agrees_with_meeus(year: int) -> None:
    ours = astro.march_equinox(year)
    theirs = _meeus_to_utc(Sun.get_equinox_solstice(year, target="spring"))
    assert abs(ours - theirs) < timedelta(minutes=2)


def test_new_moons_after_are_consecutive_and_after() -> None:
    start = datetime(2025, 3, 20, tzinfo=UTC)
    moons = astro.new_moons_after(start, 9)
    assert moons[0] > start
    gaps = [(b - a).total_seconds() / 86400 for a, b in zip(moons, moons[1:], strict=False)]
    assert all(29.2 < gap < 29.9 for gap in gaps)
    assert abs(astro.nth_new_moon_after(start, 8) - moons[7]) < timedelta(seconds=1)


def test_delta_t_follows_measurements() -> None:
    # IERS/USNO: ΔT 67.6 s at 2015.0, 69.4 s at 2020.0
    assert abs(astro.delta_t(astro.to_ephem(datetime(2015, 1, 1, tzinfo=UTC))) - 67.64) < 0.1
    assert abs(astro.delta_t(astro.to_ephem(datetime(2020, 1, 1, tzinfo=UTC))) - 69.36) < 0.1
