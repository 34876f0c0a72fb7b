"""Hindu lunisolar calendar (panchang) from astronomy: tithi, nakshatra, lunar months, solar sankranti.

Positions come from ephem (VSOP87/ELP-2000, via `..astro`); sidereal longitudes subtract the Lahiri
(Chitrapaksha) ayanamsa, the one the Indian national calendar (Calendar Reform Committee, 1955) adopted.
Months are amanta (new moon to new moon) and take the name of the sign the sun occupies when they begin
(sun in Meena → Chaitra …); a month in which the sun enters no sign is adhika (leap) and its festivals move
to the following nija month; one in which it enters two (kshaya, e.g. 1983) carries both names. In the
purnimanta reckoning of North India the dark half carries the name of the following month, which changes
no festival date, only how the day is named. Civil days are Indian Standard Time at a declared place
(New Delhi by default), and a festival takes the day on which its tithi holds in its own time window
(sunrise, midday, afternoon, evening or midnight). Pure functions; results are cached per year.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Final

import ephem

from calendar_builder.calendars.astro import from_ephem, to_ephem
from calendar_builder.errors import OutOfRangeError

FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2100

MONTHS: Final = (
    "chaitra", "vaishakha", "jyeshtha", "ashadha", "shravana", "bhadrapada",
    "ashvin", "kartika", "margashirsha", "pausha", "magha", "phalguna",
)  # fmt: skip
#: Sidereal signs (rashi) in order from 0° (Mesha, Aries).
RASHIS: Final = (
    "mesha", "vrishabha", "mithuna", "karka", "simha", "kanya",
    "tula", "vrishchika", "dhanu", "makara", "kumbha", "meena",
)  # fmt: skip
#: The windows of a day in which a festival's tithi must hold, tested at one instant each (the fivefold
#: day of the dharmashastra: madhyahna is the third fifth of daylight, aparahna the fourth; pradosh the
#: first fifth of the night; nishita the middle of the night; trimuhurta the end of the first three
#: muhurtas, a fifth of daylight, after sunrise: the tithi must outlast them, as for Raksha Bandhan).
WINDOWS: Final = ("sunrise", "trimuhurta", "madhyahna", "aparahna", "pradosh", "nishita")


@dataclass(frozen=True)
class Place:
    """Where the day is reckoned: sunrise and sunset there, civil date in its standard time."""

    name: str
    latitude: float
    longitude: float
    utc_offset_hours: float


NEW_DELHI: Final = Place("New Delhi", 28.6139, 77.2090, 5.5)
AMRITSAR: Final = Place("Amritsar", 31.6340, 74.8723, 5.5)
PLACES: Final = {"new-delhi": NEW_DELHI, "amritsar": AMRITSAR}


@dataclass(frozen=True)
class LunarMonth:
    """One amanta month: from the new moon that begins it to the one that ends it (UTC instants)."""

    name: str  # one of MONTHS
    adhika: bool
    start: datetime
    end: datetime
    #: the name the sun skips when it enters two signs in one month (a kshaya month, e.g. 1983): that
    #: month's festivals are kept in this one, which carries both names
    kshaya: str = ""

    def is_nija(self, name: str) -> bool:
        """Whether this is the regular month `name` (or holds it as a kshaya month)."""
        return not self.adhika and name in (self.name, self.kshaya)


# ── astronomy ────────────────────────────────────────────────────────────────────────────────────


#: Lahiri ayanamsa at 1956-03-21 00:00 TT (JD 2435553.5), as fixed by the Indian Calendar Reform Committee
#: (23° 15′ 00.658″) and corrected for nutation as the Indian Astronomical Ephemeris does.
_LAHIRI_1956: Final = 23.245524743
_JD_1956: Final = 2435553.5
_JD_J2000: Final = 2451545.0
_DJD_TO_JD: Final = 2415020.0


def lahiri_ayanamsa(moment: float) -> float:
    """Lahiri ayanamsa in degrees at an ephem date: the 1956 value moved by general precession (IAU 2006)."""

    def precession(jd: float) -> float:
        t = (jd - _JD_J2000) / 36525.0
        return (5028.796195 * t + 1.1054348 * t * t) / 3600.0

    jd = float(moment) + _DJD_TO_JD
    return _LAHIRI_1956 + precession(jd) - precession(_JD_1956)


def _longitudes(moment: float) -> tuple[float, float]:
    """Apparent tropical longitudes (degrees, equinox of date) of the sun and the moon, geocentric."""
    sun = ephem.Sun(ephem.Date(moment))
    moon = ephem.Moon(ephem.Date(moment))
    # ephem's `hlon` is the earth's heliocentric longitude for the Sun and the moon's geocentric one for the
    # Moon (both of date); the sun's apparent place lies 20.5″ behind by aberration.
    sun_lon = (math.degrees(sun.hlon) + 180.0 - 20.5 / 3600.0) % 360.0
    return sun_lon, math.degrees(moon.hlon) % 360.0


def elongation(moment: datetime) -> float:
    """Moon minus sun in longitude, 0–360°; the same sidereal or tropical, so no ayanamsa is involved."""
    sun, moon = _longitudes(float(to_ephem(moment)))
    return (moon - sun) % 360.0


def tithi_at(moment: datetime) -> int:
    """The lunar day (1–30: 1–15 bright half, 16–30 dark half, 30 = amavasya) running at an instant."""
    return int(elongation(moment) // 12.0) + 1


def sun_sidereal(moment: datetime) -> float:
    """The sun's sidereal (Lahiri) longitude in degrees."""
    value = float(to_ephem(moment))
    return (_longitudes(value)[0] - lahiri_ayanamsa(value)) % 360.0


def nakshatra_at(moment: datetime) -> int:
    """The lunar mansion (1 Ashvini … 27 Revati) the moon occupies at an instant (sidereal, 13°20′ each)."""
    value = float(to_ephem(moment))
    moon = (_longitudes(value)[1] - lahiri_ayanamsa(value)) % 360.0
    return int(moon // (360.0 / 27.0)) + 1


def sankranti(year: int, rashi: str) -> datetime:
    """The instant (UTC) in Gregorian `year` at which the sun enters a sidereal sign."""
    target = RASHIS.index(rashi) * 30.0
    # The sidereal sun stands at 0° near 14 April; it moves about 0.9856° a day.
    guess = datetime(year, 4, 14, tzinfo=UTC) + timedelta(days=target / 0.9856)
    if guess.year > year:
        guess = guess.replace(year=year)
    return _solve(lambda m: _wrap(sun_sidereal(m) - target), guess, 0.9856)


def _wrap(angle: float) -> float:
    return (angle + 180.0) % 360.0 - 180.0


def _solve(error: Callable[[datetime], float], guess: datetime, rate: float) -> datetime:
    """Newton steps on an angle that grows by about `rate` degrees a day, to well under a second."""
    moment = guess
    for _ in range(12):
        step = -error(moment) / rate
        moment += timedelta(days=step)
        if abs(step) < 1e-6:
            break
    return moment


def _tithi_end(moment: datetime) -> datetime:
    """When the tithi running at `moment` ends (the elongation reaches the next multiple of 12°)."""
    target = (tithi_at(moment) * 12.0) % 360.0
    return _solve(lambda m: _wrap(elongation(m) - target), moment + timedelta(hours=12), 12.19)


def new_moon_before(moment: datetime) -> datetime:
    """The last conjunction (elongation 0°) at or before an instant."""
    guess = moment - timedelta(days=elongation(moment) / 12.19)
    found = _solve(lambda m: _wrap(elongation(m)), guess, 12.19)
    return found if found <= moment else _solve(lambda m: _wrap(elongation(m)), found - timedelta(days=29.5), 12.19)


# ── the day at a place ───────────────────────────────────────────────────────────────────────────


def _observer(place: Place) -> ephem.Observer:
    observer = ephem.Observer()
    observer.lat = str(place.latitude)
    observer.lon = str(place.longitude)
    observer.elevation = 0
    observer.pressure = 0
    observer.horizon = "-0:34"  # upper limb on a sea-level horizon with standard refraction
    return observer


def local_midnight(day: date, place: Place) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=place.utc_offset_hours)


def local_date(moment: datetime, place: Place) -> date:
    return (moment + timedelta(hours=place.utc_offset_hours)).date()


@lru_cache(maxsize=4096)
def sun_times(day: date, place: Place) -> tuple[datetime, datetime, datetime]:
    """Sunrise and sunset of a civil day at a place, and the next sunrise (UTC)."""
    observer = _observer(place)
    sun = ephem.Sun()
    observer.date = to_ephem(local_midnight(day, place))
    rise = from_ephem(observer.next_rising(sun))
    observer.date = to_ephem(rise)
    sets = from_ephem(observer.next_setting(sun))
    observer.date = to_ephem(local_midnight(day + timedelta(days=1), place))
    next_rise = from_ephem(observer.next_rising(sun))
    return rise, sets, next_rise


def window_instant(day: date, window: str, place: Place) -> datetime:
    """The instant of a day at which a festival's tithi is tested (the middle of its window)."""
    rise, sets, next_rise = sun_times(day, place)
    daylight = sets - rise
    night = next_rise - sets
    if window == "sunrise":
        return rise
    if window == "trimuhurta":
        return rise + daylight * 0.2
    if window == "madhyahna":
        return rise + daylight * 0.5
    if window == "aparahna":
        return rise + daylight * 0.7
    if window == "pradosh":
        return sets + night * 0.1
    if window == "nishita":
        return sets + night * 0.5
    raise ValueError(f"unknown window {window!r}; known: {', '.join(WINDOWS)}")


# ── months ───────────────────────────────────────────────────────────────────────────────────────


def check_year(year: int) -> None:
    """Refuse years outside the range the ephemeris and the ΔT model are trusted for."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutOfRangeError(f"the panchang is only computed for {FIRST_YEAR}–{LAST_YEAR}")


@lru_cache(maxsize=256)
def lunar_months(year: int) -> tuple[LunarMonth, ...]:
    """Every amanta month from December of the year before to February of the year after, named."""
    starts = [new_moon_before(datetime(year - 1, 12, 1, tzinfo=UTC))]
    while starts[-1] < datetime(year + 1, 2, 1, tzinfo=UTC):
        starts.append(new_moon_before(starts[-1] + timedelta(days=31)))
    months: list[LunarMonth] = []
    for start, end in zip(starts, starts[1:], strict=False):
        sign_at_start = int(sun_sidereal(start) // 30.0)
        sign_at_end = int(sun_sidereal(end) // 30.0)
        skipped = MONTHS[(sign_at_start + 2) % 12] if (sign_at_end - sign_at_start) % 12 == 2 else ""
        months.append(LunarMonth(MONTHS[(sign_at_start + 1) % 12], sign_at_start == sign_at_end, start, end, skipped))
    return tuple(months)


def tithi_day(month: LunarMonth, tithi: int, window: str, place: Place) -> date:
    """The civil day in `month` on which `tithi` holds at the window's instant (if on two days, the first).

    A tithi can begin and end between two instants (kshaya). It is then kept on the day in whose span it
    ran for the daytime windows, and on the next day for the night windows (pradosh, nishita), whose
    night it shares.
    """
    day = local_date(month.start, place) - timedelta(days=1)
    last = local_date(month.end, place) + timedelta(days=1)
    previous = day
    while day <= last:
        running = _in_month(month, window_instant(day, window, place))
        if running == tithi:
            return day
        if running > tithi:
            return day if window in ("pradosh", "nishita") else previous
        previous = day
        day += timedelta(days=1)
    raise OutOfRangeError(f"tithi {tithi} not found in {month.name}")  # pragma: no cover - a month has 30 tithis


def _in_month(month: LunarMonth, moment: datetime) -> int:
    """The tithi at `moment` counted within `month` (0 before it begins, 31 after it ends)."""
    if moment < month.start:
        return 0
    if moment >= month.end:
        return 31
    return tithi_at(moment)


SANKRANTI_RULES: Final = ("civil", "tamil", "kerala", "sunrise")


def sankranti_day(year: int, rashi: str, rule: str, place: Place) -> date:
    """The civil day on which a sign ingress is kept, by a regional rule.

    civil: the date of the ingress in the place's standard time (the Government of India lists for
    Vaisakhi); tamil: that date if the ingress falls before sunset, else the next day (Makar Sankranti,
    Thai Pongal, Puthandu); kerala: that date if before the end of madhyahna (three fifths of daylight),
    else the next day (Vishu, Chingam 1); sunrise: the Hindu day, sunrise to sunrise, in which it falls.
    """
    moment = sankranti(year, rashi)
    day = local_date(moment, place)
    rise, sets, _ = sun_times(day, place)
    if rule == "civil":
        return day
    if rule == "tamil":
        return day if moment < sets else day + timedelta(days=1)
    if rule == "kerala":
        return day if moment < rise + (sets - rise) * 0.6 else day + timedelta(days=1)
    if rule == "sunrise":
        return day if moment >= rise else day - timedelta(days=1)
    raise ValueError(f"unknown sankranti rule {rule!r}; known: {', '.join(SANKRANTI_RULES)}")


# ── festival rules ───────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class PanchangRule:
    """A festival's place in the panchang: a tithi of a lunar month in a window, or a solar ingress.

    Written in holidays.yaml as `tithi N MONTH WINDOW [PLACE]` (N 1–15 bright half, 16–30 dark half of the
    amanta month, 30 = amavasya) or `sankranti RASHI RULE [PLACE]`; PLACE defaults to new-delhi.
    """

    kind: str  # tithi | sankranti
    month: str = ""  # lunar month (tithi) or sign (sankranti)
    tithi: int = 0
    window: str = ""  # a WINDOWS entry (tithi) or a SANKRANTI_RULES entry (sankranti)
    place: str = "new-delhi"

    @property
    def key(self) -> str:
        """Canonical text, the key of the cached table."""
        if self.kind == "tithi":
            return f"tithi {self.tithi} {self.month} {self.window} {self.place}"
        return f"sankranti {self.month} {self.window} {self.place}"


def parse_panchang_rule(kind: str, args: list[str]) -> PanchangRule:
    """Read the words after `tithi` or `sankranti`; ValueError says what was expected."""
    place = "new-delhi"
    if args and args[-1] in PLACES:
        place, args = args[-1], args[:-1]
    if kind == "tithi":
        if len(args) != 3:
            raise ValueError("expected 'tithi N MONTH WINDOW [PLACE]', e.g. 'tithi 30 ashvin pradosh'")
        number, month, window = args
        if not number.isdigit() or not 1 <= int(number) <= 30:
            raise ValueError(f"tithi must be 1 to 30 (16–30: dark half), not {number!r}")
        _choose("lunar month", month, MONTHS)
        _choose("window", window, WINDOWS)
        return PanchangRule("tithi", month, int(number), window, place)
    if kind == "sankranti":
        if len(args) != 2:
            raise ValueError("expected 'sankranti RASHI RULE [PLACE]', e.g. 'sankranti makara tamil'")
        _choose("sign", args[0], RASHIS)
        _choose("sankranti rule", args[1], SANKRANTI_RULES)
        return PanchangRule("sankranti", args[0], 0, args[1], place)
    raise ValueError(f"not a panchang rule: {kind!r}")


def _choose(what: str, word: str, known: tuple[str, ...]) -> None:
    if word not in known:
        places = f" (or a place: {', '.join(PLACES)})" if what == "window" else ""
        raise ValueError(f"unknown {what} {word!r}; known: {', '.join(known)}{places}")


@lru_cache(maxsize=8192)
def compute_days(rule: PanchangRule, year: int) -> tuple[date, ...]:
    """The days in Gregorian `year` that the rule gives, computed from the ephemeris (slow: milliseconds)."""
    check_year(year)
    place = PLACES[rule.place]
    if rule.kind == "sankranti":
        return (sankranti_day(year, rule.month, rule.window, place),)
    found = {
        tithi_day(month, rule.tithi, rule.window, place) for month in lunar_months(year) if month.is_nija(rule.month)
    }
    return tuple(sorted(day for day in found if day.year == year))
