"""Compute the table of Hijri month starts by the rule Turkey's Diyanet applies, for Gregorian 1900–2100.

Run from the repository root:  python tools/generate_hijri_diyanet.py
It rewrites calendar_builder/calendars/tables/hijri-diyanet.csv (about a minute). The calendar module
only reads that table, because evaluating the criterion live for every conversion is far too slow.

The rule (Ru'yet-i Hilâl conference, Istanbul 1978, confirmed and completed by the International Hijri
Calendar Union Congress, Istanbul, 28–30 May 2016, the "Unified Hijri Calendar"; Diyanet's technical
notes and its statement on Ramazan 1447):

* A new month begins on the day after the evening on which, somewhere on Earth, at sunset before
  24:00 UT, the Moon is at least 8° from the Sun (geocentric elongation) and at least 5° above the
  horizon (topocentric altitude, as Diyanet's visibility maps draw it).
* If that is reached only after 24:00 UT, the month still begins the next day when the two thresholds
  are met at sunset on the mainland of the Americas and the conjunction fell before dawn (imsak) in
  New Zealand (Wellington) on the civil day after that evening.
* Otherwise the next evening is judged the same way.

How this script reads the rule where the texts leave it open:

* Sunset is the Sun's upper limb on a sea-level horizon with 34′ refraction (centre 50′ below it).
* "Before 24:00 UT, anywhere" is judged on the evening terminator at 24:00 UT, every 0.5° of latitude
  where the Sun sets: at one latitude a later sunset sees an older Moon, farther from the Sun and
  higher, so the sunsets that fall at 24:00 UT are the best that fall before it.
* The mainland of the Americas is judged along its western coast (later sunsets than anywhere inland
  at the same latitude), a line through the coastal places in AMERICAS_WEST_COAST every 0.5°.
* Dawn in Wellington is astronomical dawn (Sun 18° below the horizon).
* The altitude is airless (no refraction) and topocentric for the Moon's centre.
* Instants are UT; the conjunction uses the project's ΔT (calendar_builder.calendars.astro).
"""

from __future__ import annotations

import math
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Final

import ephem
from convertdate import islamic

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calendar_builder.calendars import astro  # noqa: E402

MIN_ELONGATION: Final = 8.0
MIN_ALTITUDE: Final = 5.0
SUNSET_CENTRE_ALTITUDE: Final = -50.0 / 60.0
LATITUDE_STEP: Final = 0.5
EARTH_RADIUS_KM: Final = 6378.137
AU_KM: Final = 149_597_870.7
WELLINGTON: Final = (-41.2865, 174.7762)
NZ_STANDARD_OFFSET_HOURS: Final = 12.0

#: (latitude, longitude) of places on the western edge of the American mainland, north to south
#: (coordinates rounded from their gazetteer entries). Islands (Aleutians, Vancouver Island, Chiloé,
#: Tierra del Fuego) are not mainland.
AMERICAS_WEST_COAST: Final = (
    (71.39, -156.48),  # Point Barrow
    (70.64, -160.04),  # Wainwright
    (68.35, -166.80),  # Point Hope
    (67.07, -164.00),  # Cape Krusenstern
    (65.64, -168.09),  # Cape Prince of Wales
    (64.50, -165.41),  # Nome
    (63.03, -164.55),  # Cape Romanzof region
    (60.79, -161.76),  # Bethel
    (58.65, -162.17),  # Cape Newenham
    (56.93, -158.63),  # Port Heiden
    (56.00, -161.20),  # Nelson Lagoon
    (55.20, -162.72),  # Cold Bay
    (54.31, -130.32),  # Prince Rupert
    (52.37, -128.00),  # Bella Bella coast
    (50.80, -127.60),  # Cape Caution
    (49.00, -124.80),  # mainland shore opposite Vancouver Island
    (48.38, -124.72),  # Cape Flattery
    (46.28, -124.05),  # Cape Disappointment
    (42.84, -124.56),  # Cape Blanco
    (40.44, -124.41),  # Cape Mendocino
    (38.00, -123.02),  # Point Reyes
    (36.30, -121.90),  # Big Sur
    (34.45, -120.47),  # Point Conception
    (32.53, -117.12),  # Tijuana coast
    (30.35, -115.98),  # San Quintín
    (27.85, -115.08),  # Punta Eugenia
    (24.50, -112.10),  # Bahía Magdalena coast
    (22.88, -109.91),  # Cabo San Lucas
    (20.40, -105.70),  # Cabo Corrientes (Mexico)
    (18.10, -102.80),  # Lázaro Cárdenas
    (16.85, -99.90),  # Acapulco
    (15.67, -96.50),  # Puerto Ángel
    (14.50, -92.40),  # Tapachula coast
    (13.50, -89.80),  # Acajutla
    (12.20, -87.00),  # Corinto
    (10.90, -85.90),  # Cabo Santa Elena
    (8.05, -82.90),  # Punta Burica
    (7.20, -80.80),  # Azuero peninsula
    (5.50, -77.50),  # Cabo Corrientes (Colombia)
    (1.80, -78.90),  # Tumaco
    (-1.06, -80.91),  # Cabo San Lorenzo
    (-4.68, -81.33),  # Punta Pariñas
    (-7.70, -79.45),  # Pacasmayo
    (-12.05, -77.15),  # Callao
    (-15.35, -75.20),  # San Juan de Marcona
    (-18.48, -70.32),  # Arica
    (-23.65, -70.40),  # Antofagasta
    (-30.24, -71.63),  # Punta Lengua de Vaca
    (-33.05, -71.62),  # Valparaíso
    (-37.15, -73.58),  # Punta Lavapié
    (-41.75, -73.85),  # Carelmapu (Chacao channel)
    (-46.60, -75.60),  # Taitao peninsula
    (-50.00, -74.80),  # Patagonian fjords, mainland
    (-53.90, -71.30),  # Cape Froward
)


def _deg(value: float) -> float:
    return math.degrees(float(value))


def _interpolated_coast(step: float = LATITUDE_STEP) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for (lat0, lon0), (lat1, lon1) in zip(AMERICAS_WEST_COAST, AMERICAS_WEST_COAST[1:], strict=False):
        pieces = max(1, math.ceil(abs(lat1 - lat0) / step))
        for i in range(pieces):
            f = i / pieces
            points.append((lat0 + (lat1 - lat0) * f, lon0 + (lon1 - lon0) * f))
    points.append(AMERICAS_WEST_COAST[-1])
    return points


_COAST: Final = _interpolated_coast()


def best_terminator_sky(moment: datetime) -> tuple[float, float]:
    """(geocentric elongation, highest topocentric Moon altitude) over all places where the Sun is
    setting at `moment`, in degrees."""
    when = astro.to_ephem(moment)
    sun, moon = ephem.Sun(), ephem.Moon()
    sun.compute(when)
    moon.compute(when)
    elongation = _deg(ephem.separation((moon.ra, moon.dec), (sun.ra, sun.dec)))
    sun_ra, sun_dec = float(sun.ra), float(sun.dec)
    moon_ra, moon_dec = float(moon.ra), float(moon.dec)
    parallax = math.asin(EARTH_RADIUS_KM / (float(moon.earth_distance) * AU_KM))
    sin_h0 = math.sin(math.radians(SUNSET_CENTRE_ALTITUDE))
    best = -90.0
    steps = int(180 / LATITUDE_STEP)
    for i in range(steps + 1):
        phi = math.radians(-90.0 + i * LATITUDE_STEP)
        denominator = math.cos(phi) * math.cos(sun_dec)
        if denominator < 1e-9:
            continue
        cos_h0 = (sin_h0 - math.sin(phi) * math.sin(sun_dec)) / denominator
        if not -1.0 <= cos_h0 <= 1.0:
            continue  # no sunset at this latitude today
        sunset_hour_angle = math.acos(cos_h0)
        moon_hour_angle = sun_ra + sunset_hour_angle - moon_ra
        sin_alt = math.sin(phi) * math.sin(moon_dec) + math.cos(phi) * math.cos(moon_dec) * math.cos(moon_hour_angle)
        geocentric = math.asin(max(-1.0, min(1.0, sin_alt)))
        topocentric = geocentric - math.asin(math.sin(parallax) * math.cos(geocentric))
        best = max(best, math.degrees(topocentric))
    return elongation, best


def wellington_dawn(civil_day: date) -> datetime:
    """Astronomical dawn (Sun 18° below the horizon) at Wellington on a New Zealand civil day."""
    observer = ephem.Observer()
    observer.lat, observer.lon = str(WELLINGTON[0]), str(WELLINGTON[1])
    observer.pressure = 0
    observer.horizon = "-18"
    midnight = datetime(civil_day.year, civil_day.month, civil_day.day, tzinfo=UTC) - timedelta(
        hours=NZ_STANDARD_OFFSET_HOURS
    )
    observer.date = astro.to_ephem(midnight)
    return astro.from_ephem(observer.next_rising(ephem.Sun(), use_center=True))


def americas_mainland_sighting(evening: date) -> bool:
    """Whether both thresholds are met at sunset of the local date `evening` on the American coast."""
    sun, moon = ephem.Sun(), ephem.Moon()
    for latitude, longitude in _COAST:
        observer = ephem.Observer()
        observer.lat, observer.lon = str(latitude), str(longitude)
        observer.pressure = 0
        observer.horizon = "-0:34"
        midnight = datetime(evening.year, evening.month, evening.day, tzinfo=UTC) - timedelta(hours=longitude / 15.0)
        observer.date = astro.to_ephem(midnight)
        try:
            observer.date = observer.next_setting(sun)
        except (ephem.AlwaysUpError, ephem.NeverUpError):
            continue
        sun.compute(observer)
        moon.compute(observer)
        elongation = _deg(ephem.separation((moon.g_ra, moon.g_dec), (sun.g_ra, sun.g_dec)))
        if elongation >= MIN_ELONGATION and _deg(moon.alt) >= MIN_ALTITUDE:
            return True
    return False


def evening_qualifies(evening: date, conjunction: datetime) -> bool:
    """Whether the month begins on the day after `evening` (a Gregorian date, UT), by the rule above."""
    midnight = datetime(evening.year, evening.month, evening.day, tzinfo=UTC) + timedelta(days=1)
    if conjunction >= midnight:
        return False
    elongation, altitude = best_terminator_sky(midnight)
    if elongation >= MIN_ELONGATION and altitude >= MIN_ALTITUDE:
        return True
    if conjunction >= wellington_dawn(evening + timedelta(days=1)):
        return False
    return americas_mainland_sighting(evening)


def month_start_after(conjunction: datetime) -> date:
    """First day of the Hijri month that this conjunction opens."""
    evening = conjunction.date()
    for _ in range(5):
        if evening_qualifies(evening, conjunction):
            return evening + timedelta(days=1)
        evening += timedelta(days=1)
    raise RuntimeError(f"no qualifying evening within five days of the conjunction {conjunction}")


def hijri_month_of(start: date) -> tuple[int, int]:
    """Name a month by the arithmetical Islamic date of its middle (never more than two days off)."""
    middle = start + timedelta(days=15)
    year, month, _day = islamic.from_gregorian(middle.year, middle.month, middle.day)
    return int(year), int(month)


def month_starts(first: date, last: date) -> list[tuple[int, int, date]]:
    """(hijri year, month, first day) for every month opened by a conjunction in [first, last]."""
    result: list[tuple[int, int, date]] = []
    cursor = datetime(first.year, first.month, first.day, tzinfo=UTC)
    end = datetime(last.year, last.month, last.day, tzinfo=UTC)
    while True:
        conjunction = astro.new_moons_after(cursor, 1)[0]
        if conjunction > end:
            return result
        start = month_start_after(conjunction)
        year, month = hijri_month_of(start)
        result.append((year, month, start))
        cursor = conjunction + timedelta(days=1)


def build_table() -> list[tuple[int, int, date]]:
    """Whole Hijri years covering Gregorian 1900–2100, plus 1 Muharram of the next year as end mark."""
    months = month_starts(date(1899, 1, 1), date(2102, 1, 1))
    for (y0, m0, s0), (y1, m1, s1) in zip(months, months[1:], strict=False):
        if (y0 * 12 + m0 + 1) != (y1 * 12 + m1) or (s1 - s0).days not in (29, 30):
            raise RuntimeError(f"months out of order or of odd length near {y0}-{m0} ({s0}, {s1})")
    first_year = [y for y, _m, s in months if s <= date(1900, 1, 1)][-1]
    last_year = [y for y, _m, s in months if s <= date(2100, 12, 31)][-1]
    first_index = next(i for i, (y, m, _s) in enumerate(months) if (y, m) == (first_year, 1))
    last_index = next(i for i, (y, m, _s) in enumerate(months) if (y, m) == (last_year + 1, 1))
    return months[first_index : last_index + 1]


HEADER: Final = """\
# Hijri month starts by the criterion Turkey's Diyanet applies (Istanbul 1978 / Unified Hijri Calendar,
# Istanbul 2016): a month begins the day after the evening on which, somewhere on Earth at sunset before
# 24:00 UT, the Moon is >= 8 deg from the Sun (geocentric elongation) and >= 5 deg high (topocentric);
# after 24:00 UT only if met on the American mainland with the conjunction before dawn in Wellington.
# Computed with ephem {ephem_version} by tools/generate_hijri_diyanet.py on {today} (see its docstring
# for every reading of the rule). Month names: arithmetical Islamic date of the month's middle.
# The last row is the first day after the table (1 Muharram of the following year).
# hijri_year,month,first_day
"""


def write_table(path: Path) -> int:
    rows = build_table()
    lines = [HEADER.format(ephem_version=ephem.__version__, today=date.today().isoformat())]
    lines.extend(f"{y},{m},{s.isoformat()}\n" for y, m, s in rows)
    path.write_text("".join(lines), encoding="utf-8")
    return len(rows)


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "calendar_builder/calendars/tables/hijri-diyanet.csv"
    count = write_table(target)
    print(f"wrote {count} rows to {target}")


if __name__ == "__main__":
    main()
