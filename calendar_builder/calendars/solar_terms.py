"""The 24 solar terms (jieqi) of the Chinese calendar from ephem: the instant the sun's apparent tropical
longitude reaches a multiple of 15°, and the civil day in China Standard Time (UTC+8) on which it falls.

Qingming (15°) and Dongzhi (the December solstice, 270°) are festivals in their own right; the principal
terms (multiples of 30°) also fix which lunar month is which, so the second check of the Chinese month table
(calendars/second.py) uses them. ephem answers from VSOP87, independent of the lunar-python tables behind
calendars/chinese.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Final

import ephem

from calendar_builder.calendars.astro import from_ephem, to_ephem
from calendar_builder.errors import OutOfRangeError

CHINA_UTC_OFFSET_HOURS: Final = 8.0
FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2100
#: Terms by the names rules use, as sun longitudes in degrees (the 24 jieqi, from the March equinox).
TERMS: Final = {
    "chunfen": 0, "qingming": 15, "guyu": 30, "lixia": 45, "xiaoman": 60, "mangzhong": 75, "xiazhi": 90,
    "xiaoshu": 105, "dashu": 120, "liqiu": 135, "chushu": 150, "bailu": 165, "qiufen": 180, "hanlu": 195,
    "shuangjiang": 210, "lidong": 225, "xiaoxue": 240, "daxue": 255, "dongzhi": 270, "xiaohan": 285,
    "dahan": 300, "lichun": 315, "yushui": 330, "jingzhe": 345,
}  # fmt: skip


def sun_longitude(moment: datetime) -> float:
    """The sun's apparent geocentric tropical longitude (degrees, equinox of date) at an instant."""
    sun = ephem.Sun(to_ephem(moment))
    # ephem's hlon of the Sun is the earth's heliocentric longitude; the sun's apparent place lies opposite,
    # 20.5″ behind by aberration.
    return (math.degrees(sun.hlon) + 180.0 - 20.5 / 3600.0) % 360.0


def longitude_instant(longitude: float, near: datetime) -> datetime:
    """The instant, within half a year of `near`, at which the sun reaches `longitude` (Newton steps)."""
    return ingress(sun_longitude, longitude, near)


#: a Newton step (days) below which the search stops: 0.9 s. ephem gives the sun's place to about 3e-5° (single
#: precision), so smaller steps only move back and forth in that noise (a tighter bound never held and cost all
#: 12 steps); the search's answer is a day, and an instant to the second is more than it needs.
INGRESS_TOLERANCE_DAYS: Final = 1e-5


def ingress(sun_longitude_at: Callable[[datetime], float], longitude: float, near: datetime) -> datetime:
    """The instant near `near` at which a model of the sun (`sun_longitude_at`, degrees) reaches `longitude`:
    Newton steps at the sun's mean motion, so the ephem model here and the second source's Meeus model share it."""
    moment = near
    for _ in range(12):
        error = (sun_longitude_at(moment) - longitude + 180.0) % 360.0 - 180.0
        step = -error / 0.9856
        moment += timedelta(days=step)
        if abs(step) < INGRESS_TOLERANCE_DAYS:
            break
    return moment


@lru_cache(maxsize=1024)
def term_instant(year: int, term: str) -> datetime:
    """The instant (UTC) of a solar term in Gregorian `year`."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutOfRangeError(f"the solar terms are only computed for {FIRST_YEAR}–{LAST_YEAR}")
    longitude = TERMS[term]
    # 0° falls near 20 March; the sun moves about 0.9856° a day.
    guess = datetime(year, 3, 20, tzinfo=UTC) + timedelta(days=longitude / 0.9856)
    if guess.year > year:
        guess = guess.replace(year=year)
    return longitude_instant(longitude, guess)


def china_date(moment: datetime, utc_offset_hours: float = CHINA_UTC_OFFSET_HOURS) -> date:
    """The civil day in China Standard Time (UTC+8), or another zone's standard time, of an instant."""
    return (moment + timedelta(hours=utc_offset_hours)).date()


def term_day(year: int, term: str) -> date:
    """The day (China Standard Time) of a solar term in Gregorian `year`, as Chinese calendars print it."""
    return china_date(term_instant(year, term))


def new_moon_on_or_before(day: date, utc_offset_hours: float = CHINA_UTC_OFFSET_HOURS) -> date:
    """The local day of the last new moon falling on or before `day` (ephem's conjunction search)."""
    end_of_day = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=24 - utc_offset_hours)
    return china_date(from_ephem(ephem.previous_new_moon(to_ephem(end_of_day))), utc_offset_hours)
