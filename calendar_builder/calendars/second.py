"""Second computations of calendar days, each by a method other than the one the rules use, to confirm the
printed dates (core/confirm.py).

What each answers with, against what the engine uses:

- Easter: Meeus's algorithms (the anonymous Gregorian one; the Julian one, then day-number arithmetic),
  against dateutil.easter.
- Julian and Ethiopian days: Julian-day-number arithmetic written here, against convertdate.
- Hebrew days: convertdate.hebrew, against pyluach.
- Solar Hijri (Persian) days: Nowruz from Meeus's equinox formula and equation of time (apparent noon on
  the Tehran meridian), against the project's ephem equinox.
- Chinese days: the month that holds its principal solar term begins on the day of a new moon in China time
  (ephem, calendars/solar_terms.py), against the lunar-python month table.
- Panchang days: the tithi and the sun's sign at the festival's instants from Meeus's theories (PyMeeus's
  ELP lunar series and the solar theory of "Astronomical Algorithms" ch. 25), against ephem. The ayanamsa,
  the month naming and the windows of the day are conventions and the same in both.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Final

from calendar_builder.calendars import solar_terms

#: date.toordinal() + this = the Julian day number of the same day (JDN 2451545 is 1 January 2000)
_ORDINAL_TO_JDN: Final = 1721425
#: the Julian day number of 1 Meskerem of year 1 (Amätä Məhrät): 29 August 8 AD, Julian
_ETHIOPIAN_EPOCH_JDN: Final = 1724221


def from_jdn(jdn: int) -> date:
    return date.fromordinal(jdn - _ORDINAL_TO_JDN)


def julian_to_gregorian(year: int, month: int, day: int) -> date:
    """A Julian calendar day as a Gregorian date (the day-number formula of the Explanatory Supplement)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return from_jdn(day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083)


def julian_month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (julian_to_gregorian(year, month + 1, 1) - julian_to_gregorian(year, month, 1)).days


def ethiopian_to_gregorian(year: int, month: int, day: int) -> date:
    """An Ethiopian day (13 months of 30, 5 or 6 days) as a Gregorian date: every fourth year (year % 4 == 3)
    has a sixth day of Pagume, so the next year begins a day later in the Julian count."""
    return from_jdn(_ETHIOPIAN_EPOCH_JDN + 365 * (year - 1) + year // 4 + 30 * (month - 1) + day - 1)


def easter_western(year: int) -> date:
    """Gregorian Easter by the anonymous algorithm (Meeus, Astronomical Algorithms, ch. 8)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def easter_orthodox(year: int) -> date:
    """Julian Easter by Meeus's Julian algorithm, as a Gregorian date."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return julian_to_gregorian(year, month, day + 1)


def hebrew_to_gregorian(year: int, month: int, day: int) -> date | None:
    """A Hebrew day (months numbered from Nisan = 1, Adar II = 13) by convertdate; None if it does not exist."""
    from convertdate import hebrew

    if month > hebrew.year_months(year) or day > hebrew.month_length(year, month):
        return None
    return date(*hebrew.to_gregorian(year, month, day))


def hebrew_year(day: date) -> int:
    from convertdate import hebrew

    return int(hebrew.from_gregorian(day.year, day.month, day.day)[0])


#: the periodic terms of the equinox (Meeus, Astronomical Algorithms, table 27.C): A, B (°), C (°/century)
_EQUINOX_TERMS: Final = (
    (485, 324.96, 1934.136), (203, 337.23, 32964.467), (199, 342.08, 20.186), (182, 27.85, 445267.112),
    (156, 73.14, 45036.886), (136, 171.52, 22518.443), (77, 222.54, 65928.934), (74, 296.72, 3034.906),
    (70, 243.58, 9037.513), (58, 119.81, 33718.147), (52, 297.17, 150.678), (50, 21.02, 2281.226),
    (45, 247.54, 29929.562), (44, 325.15, 31555.956), (29, 60.93, 4443.417), (18, 155.12, 67555.328),
    (17, 288.79, 4562.452), (16, 198.04, 62894.029), (14, 199.76, 31436.921), (12, 95.39, 14577.848),
    (12, 287.11, 31931.756), (12, 320.81, 34777.259), (9, 227.73, 1222.114), (8, 15.45, 16859.074),
)  # fmt: skip


def delta_t_seconds(year: float) -> float:
    """TT − UT by the polynomials of Espenak and Meeus (NASA, 2006) for 1900–2150."""
    if year < 1920:
        t = year - 1900
        return -2.79 + 1.494119 * t - 0.0598939 * t**2 + 0.0061966 * t**3 - 0.000197 * t**4
    if year < 1941:
        t = year - 1920
        return 21.20 + 0.84493 * t - 0.076100 * t**2 + 0.0020936 * t**3
    if year < 1961:
        t = year - 1950
        return 29.07 + 0.407 * t - t**2 / 233 + t**3 / 2547
    if year < 1986:
        t = year - 1975
        return 45.45 + 1.067 * t - t**2 / 260 - t**3 / 718
    if year < 2005:
        t = year - 2000
        return 63.86 + 0.3345 * t - 0.060374 * t**2 + 0.0017275 * t**3 + 0.000651814 * t**4 + 0.00002373599 * t**5
    if year < 2050:
        t = year - 2000
        return 62.92 + 0.32217 * t + 0.005589 * t**2
    return -20 + 32 * ((year - 1820) / 100) ** 2 - 0.5628 * (2150 - year)


def march_equinox(year: int) -> datetime:
    """The March equinox (UT) by Meeus's mean equinox and periodic terms (ch. 27, about a minute)."""
    y = (year - 2000) / 1000
    jde0 = 2451623.80984 + 365242.37404 * y + 0.05169 * y**2 - 0.00411 * y**3 - 0.00057 * y**4
    t = (jde0 - 2451545.0) / 36525
    w = math.radians(35999.373 * t - 2.47)
    spread = 1 + 0.0334 * math.cos(w) + 0.0007 * math.cos(2 * w)
    terms = sum(a * math.cos(math.radians(b + c * t)) for a, b, c in _EQUINOX_TERMS)
    jde = jde0 + 0.00001 * terms / spread
    return datetime(2000, 1, 1, 12, tzinfo=UTC) + timedelta(days=jde - 2451545.0, seconds=-delta_t_seconds(year))


def equation_of_time_minutes(moment: datetime) -> float:
    """Apparent minus mean solar time, in minutes (Meeus ch. 28, with the solar theory of ch. 25)."""
    t = (_julian_ephemeris_day(moment) - 2451545.0) / 36525.0
    mean_longitude = math.radians(280.46646 + 36000.76983 * t)
    anomaly = math.radians(357.52911 + 35999.05029 * t)
    eccentricity = 0.016708634 - 0.000042037 * t
    obliquity = math.radians(23.439291 - 0.0130042 * t)
    y = math.tan(obliquity / 2) ** 2
    e = (
        y * math.sin(2 * mean_longitude)
        - 2 * eccentricity * math.sin(anomaly)
        + 4 * eccentricity * y * math.sin(anomaly) * math.cos(2 * mean_longitude)
        - 0.5 * y * y * math.sin(4 * mean_longitude)
        - 1.25 * eccentricity**2 * math.sin(2 * anomaly)
    )
    return math.degrees(e) * 4.0


@lru_cache(maxsize=256)
def nowruz(gregorian_year: int) -> date:
    """1 Farvardin: the day at whose Tehran apparent noon (52.5° E) the March equinox has passed since the noon
    before, by Meeus's equinox and equation of time."""
    equinox = march_equinox(gregorian_year)
    apparent = equinox + timedelta(hours=52.5 / 15.0, minutes=equation_of_time_minutes(equinox))
    return (apparent - timedelta(hours=12)).date() + timedelta(days=1)


def chinese_month_start(month: int, near: date, utc_offset_hours: float = 8.0) -> date:
    """The first day (China time) of ordinary lunar month `month` (1–12) nearest to `near`.

    The month is the one in which the sun reaches its principal term, 30° × month − 60° (month 11 holds the
    winter solstice); it begins on the day of the new moon on or before that term's day. A leap month holds
    no principal term, so it is never the answer. Korea (UTC+9) and Vietnam (UTC+7) reckon the same months in
    their own standard time.
    """
    longitude = (30 * month - 60) % 360
    # The term lies within the month, so the term nearest to `near` is the one (days from 20 March).
    offset = timedelta(days=longitude / 0.9856)
    year = min((near.year - 1, near.year, near.year + 1), key=lambda y: abs(date(y, 3, 20) + offset - near))
    return _chinese_month_start(longitude, year, utc_offset_hours)


@lru_cache(maxsize=1024)
def _chinese_month_start(longitude: int, year: int, utc_offset_hours: float) -> date:
    guess = datetime(year, 3, 20, tzinfo=UTC) + timedelta(days=longitude / 0.9856)
    term = solar_terms.china_date(solar_terms.longitude_instant(longitude, guess), utc_offset_hours)
    return solar_terms.new_moon_on_or_before(term, utc_offset_hours)


# ── the panchang by Meeus ─────────────────────────────────────────────────────────────────────────


def _julian_ephemeris_day(moment: datetime) -> float:
    """The Julian day of an instant, in TT by a fixed ΔT of 69 s (a minute is far below a tithi's margin)."""
    seconds = (moment - datetime(2000, 1, 1, 12, tzinfo=UTC)).total_seconds() + 69.0
    return 2451545.0 + seconds / 86400.0


def meeus_sun_longitude(moment: datetime) -> float:
    """The sun's apparent tropical longitude in degrees (Meeus, Astronomical Algorithms, ch. 25, to 0.01°)."""
    t = (_julian_ephemeris_day(moment) - 2451545.0) / 36525.0
    mean_longitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    anomaly = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    centre = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(anomaly)
        + (0.019993 - 0.000101 * t) * math.sin(2 * anomaly)
        + 0.000289 * math.sin(3 * anomaly)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (mean_longitude + centre - 0.00569 - 0.00478 * math.sin(omega)) % 360.0


def meeus_moon_longitude(moment: datetime) -> float:
    """The moon's geocentric longitude in degrees (PyMeeus: Meeus ch. 47, the ELP-2000/82 main terms)."""
    from pymeeus.Epoch import Epoch
    from pymeeus.Moon import Moon

    jde = _julian_ephemeris_day(moment)
    return float(Moon.geocentric_ecliptical_pos(Epoch(jde))[0]) % 360.0


def meeus_tithi(moment: datetime) -> int:
    """The tithi (1–30) at an instant, from Meeus's sun and moon."""
    return int(((meeus_moon_longitude(moment) - meeus_sun_longitude(moment)) % 360.0) // 12.0) + 1


def meeus_ingress(longitude: float, near: datetime) -> datetime:
    """The instant near `near` at which Meeus's sun reaches a tropical longitude."""
    return solar_terms.ingress(meeus_sun_longitude, longitude, near)


def meeus_sidereal_sign(moment: datetime) -> int:
    """The sidereal sign (0 Mesha … 11 Meena) of Meeus's sun, with the Lahiri ayanamsa (a convention)."""
    from calendar_builder.calendars.astro import to_ephem
    from calendar_builder.calendars.panchang import lahiri_ayanamsa

    return int(((meeus_sun_longitude(moment) - lahiri_ayanamsa(float(to_ephem(moment)))) % 360.0) // 30.0)


def sankranti_day(year: int, rashi: str, rule: str, place_key: str) -> date:
    """The day a sign ingress is kept by a regional rule (see panchang.sankranti_day), with the ingress
    instant from Meeus's sun instead of ephem's; sunrise and sunset are ephem's in both."""
    from calendar_builder.calendars.astro import to_ephem
    from calendar_builder.calendars.panchang import PLACES, RASHIS, lahiri_ayanamsa, local_date, sun_times

    place = PLACES[place_key]
    sidereal = RASHIS.index(rashi) * 30.0
    guess = datetime(year, 4, 14, tzinfo=UTC) + timedelta(days=sidereal / 0.9856)
    if guess.year > year:
        guess = guess.replace(year=year)
    moment = meeus_ingress((sidereal + lahiri_ayanamsa(float(to_ephem(guess)))) % 360.0, guess)
    day = local_date(moment, place)
    rise, sets, _ = sun_times(day, place)
    if rule == "tamil":
        return day if moment < sets else day + timedelta(days=1)
    if rule == "kerala":
        return day if moment < rise + (sets - rise) * 0.6 else day + timedelta(days=1)
    if rule == "sunrise":
        return day if moment >= rise else day - timedelta(days=1)
    return day


def tithi_holds(day: date, tithi: int, month: str, window: str, place_key: str) -> bool:
    """Whether a festival of `tithi` in lunar `month` is kept on `day` by Meeus's sun and moon: the tithi holds
    at the day's window and did not at the day before's, or (a tithi that ends between two windows) it ran
    between them: kept on the day it ran (day windows) or the day after (night windows). The sun must stand in
    the month's sign or the one before it (the amanta month named after the sign the sun enters in it)."""
    from calendar_builder.calendars.panchang import MONTHS, PLACES, window_instant

    place = PLACES[place_key]

    def at(offset: int) -> tuple[int, datetime]:
        moment = window_instant(day + timedelta(days=offset), window, place)
        return (meeus_tithi(moment) - tithi + 15) % 30 - 15, moment

    (before, _), (now, moment), (after, _) = at(-1), at(0), at(1)
    night = window in ("pradosh", "nishita")
    kept = (now == 0 and before != 0) or (night and before < 0 < now) or (not night and now < 0 < after)
    sign = meeus_sidereal_sign(moment)
    return kept and (sign - (MONTHS.index(month) - 1)) % 12 in (0, 1)


def term_day_meeus(year: int, longitude: float) -> date:
    """The China-time day on which Meeus's sun reaches a solar term's longitude in Gregorian `year`."""
    guess = datetime(year, 3, 20, tzinfo=UTC) + timedelta(days=longitude / 0.9856)
    if guess.year > year:
        guess = guess.replace(year=year)
    return solar_terms.china_date(meeus_ingress(longitude, guess))
