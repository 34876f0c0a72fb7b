"""Badíʿ (Bahá'í) calendar, with Naw-Rúz and the Twin Holy Birthdays as the 2015 reform fixed them.

From 172 B.E. (Naw-Rúz 2015) on, as the Universal House of Justice set out (letter of 10 July 2014):
Naw-Rúz is the Bahá'í day (sunset to sunset in Ṭihrán) in which the March equinox falls; the Twin Holy
Birthdays are the first and second day after the eighth new moon after Naw-Rúz, again in Ṭihrán days.
Before 172 B.E. the calendar was tied to the Gregorian one as the West observed it: Naw-Rúz on 21 March,
the Birth of the Báb on 20 October and the Birth of Bahá'u'lláh on 12 November; this module implements
that for earlier years.

Within 172–221 B.E. (2015–2064) the dates come from the Bahá'í World Centre's published table (package
data `tables/bahai-dates-172-221.csv`), which is authoritative where computation is marginal (Naw-Rúz 2026:
the equinox falls within seconds of sunset in Ṭihrán); the computation, which agrees with every row of
that table (tests/test_bahai.py), serves 2065–2100.

Every Gregorian date returned is the civil day on which the Bahá'í day *ends*: the festival begins at
sunset of the evening before. The year has 19 months of 19 days; Ayyám-i-Há (4 or 5 days) lies between
the 18th and the 19th month. Month numbers follow convertdate: 1–18, Ayyám-i-Há = 19, ʿAláʾ = 20.
Supported: Gregorian 1900-01-01 to 2100-12-31.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Final

from calendar_builder.calendars import Calendar, CalendarSystem, astro

#: Ṭihrán (WGS 84), the point of reference the Bahá'í World Centre names.
TEHRAN_LATITUDE: Final = 35.6892
TEHRAN_LONGITUDE: Final = 51.3890
TEHRAN_UTC_OFFSET: Final = 3.5
#: Gregorian year of Naw-Rúz 1 B.E.; Bahá'í year y begins in Gregorian year y + 1843.
YEAR_OFFSET: Final = 1843
#: First Bahá'í year of the astronomical calendar (Naw-Rúz 2015).
REFORM_YEAR: Final = 172
AYYAM_I_HA: Final = 19
ALA: Final = 20
FIRST_DAY: Final = date(1900, 1, 1)
LAST_DAY: Final = date(2100, 12, 31)

MONTH_NAMES: Final = {
    name: number
    for number, name in enumerate(
        (
            "baha",
            "jalal",
            "jamal",
            "azamat",
            "nur",
            "rahmat",
            "kalimat",
            "kamal",
            "asma",
            "izzat",
            "mashiyyat",
            "ilm",
            "qudrat",
            "qawl",
            "masail",
            "sharaf",
            "sultan",
            "mulk",
            "ayyam-i-ha",
            "ala",
        ),
        start=1,
    )
}
_MONTHS: Final = tuple(range(1, ALA + 1))


def _tehran_sunset(day: date) -> datetime:
    return astro.sunset(day, TEHRAN_LATITUDE, TEHRAN_LONGITUDE, TEHRAN_UTC_OFFSET)


def bahai_day_containing(moment: datetime) -> date:
    """The Gregorian day on which the Ṭihrán sunset-to-sunset day holding `moment` ends."""
    local = (moment + timedelta(hours=TEHRAN_UTC_OFFSET)).date()
    return local if moment < _tehran_sunset(local) else local + timedelta(days=1)


@lru_cache(maxsize=1)
def published_dates() -> dict[int, tuple[date, date, date]]:
    """Gregorian year -> (Naw-Rúz, Birth of the Báb, Birth of Bahá'u'lláh) from the World Centre's table."""
    text = resources.files(__package__).joinpath("tables/bahai-dates-172-221.csv").read_text("utf-8")
    table: dict[int, tuple[date, date, date]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _be, year, naw_ruz, _badi, bab, bahaullah = line.split(",")
        table[int(year)] = (
            date.fromisoformat(naw_ruz),
            date.fromisoformat(bab),
            date.fromisoformat(bahaullah),
        )
    return table


@lru_cache(maxsize=512)
def computed_nawruz(gregorian_year: int) -> date:
    """1 Bahá by rule: fixed 21 March before 2015, from 2015 the Ṭihrán day holding the equinox."""
    if gregorian_year - YEAR_OFFSET < REFORM_YEAR:
        return date(gregorian_year, 3, 21)
    return bahai_day_containing(astro.march_equinox(gregorian_year))


@lru_cache(maxsize=512)
def computed_twin_holy_birthdays(gregorian_year: int) -> tuple[date, date]:
    """The Twin Holy Birthdays by rule (see `twin_holy_birthdays`)."""
    if gregorian_year - YEAR_OFFSET < REFORM_YEAR:
        return date(gregorian_year, 10, 20), date(gregorian_year, 11, 12)
    # "After Naw-Rúz": new moons from the end of the day of Naw-Rúz (a conjunction on that day itself,
    # as on 20 March 2034, is not counted; the World Centre's table confirms this for 2034 and 2053).
    end_of_nawruz = _tehran_sunset(computed_nawruz(gregorian_year))
    moon_day = bahai_day_containing(astro.nth_new_moon_after(end_of_nawruz, 8))
    return moon_day + timedelta(days=1), moon_day + timedelta(days=2)


def nawruz(gregorian_year: int) -> date:
    """1 Bahá in a Gregorian year: the published date where there is one, else by rule."""
    published = published_dates().get(gregorian_year)
    return published[0] if published else computed_nawruz(gregorian_year)


def twin_holy_birthdays(gregorian_year: int) -> tuple[date, date]:
    """(Birth of the Báb, Birth of Bahá'u'lláh) in a Gregorian year, as full civil days.

    From 2015: the two Bahá'í days after the one in which the eighth new moon after Naw-Rúz occurs
    (Ṭihrán); before 2015 the Western fixed dates 20 October and 12 November.
    """
    published = published_dates().get(gregorian_year)
    if published:
        return published[1], published[2]
    return computed_twin_holy_birthdays(gregorian_year)


@dataclass(frozen=True)
class BahaiCalendar(CalendarSystem):
    """The Badíʿ calendar behind the CalendarSystem interface."""

    name = "bahai"
    month_names = MONTH_NAMES
    words_de = "im Badīʿ-Kalender der Bahá'í"

    def supported(self) -> tuple[date, date]:
        return FIRST_DAY, LAST_DAY

    def months(self, year: int) -> tuple[int, ...]:
        return _MONTHS

    def month_length(self, year: int, month: int) -> int:
        if month == AYYAM_I_HA:
            start = nawruz(year + YEAR_OFFSET)
            return (nawruz(year + YEAR_OFFSET + 1) - start).days - 19 * 19
        return 19

    def longest_month(self, month: int) -> int:
        return 5 if month == AYYAM_I_HA else 19

    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        if month == ALA:
            return nawruz(year + YEAR_OFFSET + 1) - timedelta(days=20 - day)
        return nawruz(year + YEAR_OFFSET) + timedelta(days=(month - 1) * 19 + day - 1)

    def year_of(self, day: date) -> int:
        return day.year - YEAR_OFFSET if day >= nawruz(day.year) else day.year - YEAR_OFFSET - 1

    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        year = self.year_of(day)
        ala_start = nawruz(year + YEAR_OFFSET + 1) - timedelta(days=19)
        if day >= ala_start:
            return year, ALA, (day - ala_start).days + 1
        days = (day - nawruz(year + YEAR_OFFSET)).days
        month = min(days // 19 + 1, AYYAM_I_HA)
        return year, month, days - (month - 1) * 19 + 1


BAHAI: Final = BahaiCalendar()
CALENDAR: Final = Calendar("bahai", BAHAI)
