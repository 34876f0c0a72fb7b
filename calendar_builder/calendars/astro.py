"""Astronomical events from ephem: moon phases for the print calendar, new moons, equinoxes and sunsets.

The Persian and Bahá'í calendars and the Diyanet table generator build on these few functions, so that
every astronomical question in the project is answered by one ephemeris (ephem, VSOP87/ELP-2000 based,
accurate to well under a minute for these events in 1900–2100). All instants are timezone-aware UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

import ephem

BERLIN: Final = ZoneInfo("Europe/Berlin")
PHASE_KINDS: Final = ("new", "first-quarter", "full", "last-quarter")
#: ephem's Dublin Julian Date epoch (1899-12-31 12:00 UT) as a datetime, for exact conversion.
_DJD_EPOCH: Final = datetime(1899, 12, 31, 12, tzinfo=UTC)
#: Mean synodic month in days (Meeus); only used to jump close to a later new moon before searching.
SYNODIC_MONTH: Final = 29.530588861

#: ΔT = TT − UT in seconds, as measured (IERS/USNO), at the start of these years. ephem's own ΔT after
#: about 2010 is an old extrapolation that runs ahead of the measured values (74 s instead of 69 s for
#: 2026, 138 s for 2064); events computed in dynamical time (equinoxes, conjunctions) are moved onto UT
#: with these values instead. Between them ΔT is interpolated linearly, after the last one it grows by
#: DELTA_T_TREND seconds a year (between the flat 2017–2025 values and the 20th-century average).
_DELTA_T_MEASURED: Final = ((2010.0, 66.07), (2015.0, 67.64), (2020.0, 69.36), (2025.0, 69.14))
DELTA_T_TREND: Final = 0.5

_PHASE_FINDERS: Final = {
    "new": ephem.next_new_moon,
    "first-quarter": ephem.next_first_quarter_moon,
    "full": ephem.next_full_moon,
    "last-quarter": ephem.next_last_quarter_moon,
}


def to_ephem(moment: datetime) -> ephem.Date:
    """An aware datetime as an ephem date (UT)."""
    if moment.tzinfo is None:
        raise ValueError("astronomical instants must be timezone-aware")
    return ephem.Date((moment - _DJD_EPOCH).total_seconds() / 86400.0)


def from_ephem(value: float) -> datetime:
    """An ephem date (days since its epoch, UT) as an aware UTC datetime, to the microsecond."""
    return _DJD_EPOCH + timedelta(days=float(value))


def delta_t(moment: float) -> float:
    """ΔT (seconds) used for an ephem date: ephem's own before 2010, the measured values after."""
    year = 1900.0 + (float(moment) + 0.5) / 365.2425
    first_year, first_value = _DELTA_T_MEASURED[0]
    if year < first_year:
        return float(ephem.delta_t(ephem.Date(moment)))
    for (y0, v0), (y1, v1) in zip(_DELTA_T_MEASURED, _DELTA_T_MEASURED[1:], strict=False):
        if y0 <= year < y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    last_year, last_value = _DELTA_T_MEASURED[-1]
    return last_value + DELTA_T_TREND * (year - last_year)


def _to_ut(event: float) -> ephem.Date:
    """Re-base an ephem event instant (computed in TT, converted with ephem's ΔT) on `delta_t`."""
    correction = float(ephem.delta_t(ephem.Date(event))) - delta_t(event)
    return ephem.Date(event + correction / 86400.0)


def moon_phases(year: int) -> list[tuple[date, str]]:
    """Every principal moon phase whose instant falls in `year` in Berlin local time, in order.

    The date is the civil date in Europe/Berlin (CET/CEST as zoneinfo knows it historically), because the
    printed calendar is read in Heidelberg.
    """
    return [(moment.date(), kind) for moment, kind in moon_phase_instants(year)]


@lru_cache(maxsize=512)
def _phase_instants(year: int) -> tuple[tuple[datetime, str], ...]:
    start = datetime(year, 1, 1, tzinfo=BERLIN).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=BERLIN).astimezone(UTC)
    found: list[tuple[datetime, str]] = []
    for kind, finder in _PHASE_FINDERS.items():
        cursor = to_ephem(start - timedelta(minutes=1))
        while True:
            cursor = finder(cursor)
            moment = from_ephem(_to_ut(cursor))
            if moment >= end:
                break
            if moment >= start:
                found.append((moment.astimezone(BERLIN), kind))
            cursor = ephem.Date(cursor + 1)
    found.sort()
    return tuple(found)


def moon_phase_instants(year: int) -> list[tuple[datetime, str]]:
    """Like `moon_phases`, but with the instants (aware, Europe/Berlin)."""
    return list(_phase_instants(year))


def new_moons_after(moment: datetime, n: int) -> list[datetime]:
    """The first `n` new moons (conjunctions, geocentric) strictly after `moment`, as UTC instants."""
    result: list[datetime] = []
    cursor = to_ephem(moment)
    while len(result) < n:
        cursor = ephem.next_new_moon(cursor)
        result.append(from_ephem(_to_ut(cursor)))
        cursor = ephem.Date(cursor + 1)
    return result


def nth_new_moon_after(moment: datetime, n: int) -> datetime:
    """The n-th new moon after `moment` (n >= 1) with two searches instead of n.

    Finds the first, jumps n-1 mean synodic months minus a margin (lunations vary by about ±7 hours,
    so seven of them stray by well under five days), then searches forward once.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    first = ephem.next_new_moon(to_ephem(moment))
    if n == 1:
        return from_ephem(_to_ut(first))
    return from_ephem(_to_ut(ephem.next_new_moon(ephem.Date(first + (n - 1) * SYNODIC_MONTH - 5))))


@lru_cache(maxsize=1024)
def march_equinox(year: int) -> datetime:
    """Instant of the March (northward) equinox of a Gregorian year, UTC."""
    return from_ephem(_to_ut(ephem.next_vernal_equinox(ephem.Date(f"{year}/1/1"))))


def _observer(latitude: float, longitude: float) -> ephem.Observer:
    observer = ephem.Observer()
    observer.lat = str(latitude)
    observer.lon = str(longitude)
    observer.elevation = 0
    return observer


def sunset(day: date, latitude: float, longitude: float, utc_offset_hours: float) -> datetime:
    """Sunset on a local civil day: upper limb on a sea-level horizon, 34′ refraction (the almanac rule).

    `utc_offset_hours` fixes which 24 hours are "that day" at the place (its standard time).
    """
    observer = _observer(latitude, longitude)
    observer.pressure = 0
    observer.horizon = "-0:34"
    local_midnight = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=utc_offset_hours)
    observer.date = to_ephem(local_midnight)
    return from_ephem(observer.next_setting(ephem.Sun()))


def solar_transit(day: date, longitude: float, utc_offset_hours: float) -> datetime:
    """True (apparent) solar noon on a local civil day at a meridian."""
    observer = _observer(0.0, longitude)
    local_midnight = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=utc_offset_hours)
    observer.date = to_ephem(local_midnight)
    return from_ephem(observer.next_transit(ephem.Sun()))
