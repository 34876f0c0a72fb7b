"""Islamic (Hijri) calendar with a selectable authority: Turkey's Diyanet (default) or Saudi Umm al-Qura.

* "diyanet": the calendar that Turkey's Presidency of Religious Affairs publishes and the
  Koordinationsrat der Muslime in Germany follows, computed in advance by the Istanbul criterion
  (1978, completed 2016 as the "Unified Hijri Calendar"). Read from the package table
  `tables/hijri-diyanet.csv` that `tools/generate_hijri_diyanet.py` computes (rule and every reading of
  it are documented there). Where Diyanet has published a month start (`tables/hijri-diyanet-published.csv`:
  its converter's Bayrams 1936–2032, its Dini Günler lists 2020–2027) the published day wins.
  Supported: Hijri years 1317–1524, Gregorian 1899-05-11 to 2101-02-28, so
  every Gregorian year 1900–2100 in full. Before the 1978 conference Turkey did not use this rule, and
  the Americas/New Zealand clause dates from 2016; the table projects today's rule backwards. Against
  Turkey's confirmed Bayram dates (tests/test_hijri.py) the computation agrees for 1996–2032 except
  Kurban Bayramı 1997 and 2012 (older practice) and 2032 (a marginal month); before 1996 Turkey began 32
  of its Bayrams a day later than the projected rule. In all these the published day is used.
* "umm-al-qura": Saudi Arabia's official calendar via the `hijridate` library. Its table begins at Hijri
  1343, but up to 1364 it holds months of 28 and 31 days, which no lunar month has; only Hijri
  1365-01-01 to 1500-12-30 (Gregorian 1945-12-05 to 2077-11-16) is used.

Both are predictions for religious observance, which may follow sighting; callers flag every Hijri
occurrence as uncertain by a day.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Final

from hijridate import Gregorian, Hijri

from calendar_builder.calendars import Calendar, CalendarSystem
from calendar_builder.errors import OutOfRangeError

MONTH_NAMES: Final = {
    name: number
    for number, name in enumerate(
        (
            "muharram",
            "safar",
            "rabi-al-awwal",
            "rabi-al-thani",
            "jumada-al-awwal",
            "jumada-al-thani",
            "rajab",
            "shaban",
            "ramadan",
            "shawwal",
            "dhu-al-qadah",
            "dhu-al-hijjah",
        ),
        start=1,
    )
}
#: German words for the rule's month slugs (proof).
MONTH_WORDS_DE: Final = {
    "muharram": "Muharram", "safar": "Safar", "rabi-al-awwal": "Rabi al-awwal", "rabi-al-thani": "Rabi ath-thani",
    "jumada-al-awwal": "Dschumada l-ula", "jumada-al-thani": "Dschumada th-thaniya", "rajab": "Radschab",
    "shaban": "Schaban", "ramadan": "Ramadan", "shawwal": "Schawwal", "dhu-al-qadah": "Dhu l-qaʿda",
    "dhu-al-hijjah": "Dhu l-hiddscha",
}  # fmt: skip
#: German display names by month number (calendar page). Three are spelt otherwise than in MONTH_WORDS_DE
#: (al-achir / ath-thani, l-achira / th-thaniya, qada / qaʿda); both spellings are kept as printed so far.
MONTH_LABELS_DE: Final = dict(
    enumerate(
        ("Muharram", "Safar", "Rabi al-awwal", "Rabi al-achir", "Dschumada l-ula", "Dschumada l-achira",
         "Radschab", "Schaban", "Ramadan", "Schawwal", "Dhu l-qada", "Dhu l-hiddscha"),
        start=1,
    )
)  # fmt: skip
_MONTHS: Final = tuple(range(1, 13))
AUTHORITIES: Final = ("diyanet", "umm-al-qura")
DEFAULT_AUTHORITY: Final = "diyanet"

UMM_AL_QURA_FIRST: Final = date(1945, 12, 5)  # 1 Muharram 1365
UMM_AL_QURA_LAST: Final = date(2077, 11, 16)
DIYANET_TABLE: Final = "tables/hijri-diyanet.csv"
PUBLISHED_TABLE: Final = "tables/hijri-diyanet-published.csv"


@dataclass(frozen=True)
class MonthTable:
    """First days of consecutive Hijri months, as ordinals, with the first day after the last month."""

    keys: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]  # len(keys) + 1 entries; the last one ends the table
    index: dict[tuple[int, int], int] = field(compare=False, hash=False)

    @property
    def first_day(self) -> date:
        return date.fromordinal(self.starts[0])

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.starts[-1] - 1)


def parse_month_table(text: str, source: str) -> MonthTable:
    """Read `year,month,first_day` rows (comments with #); the last row only marks the end."""
    keys: list[tuple[int, int]] = []
    starts: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            year, month, first = line.split(",")
            keys.append((int(year), int(month)))
            starts.append(date.fromisoformat(first).toordinal())
        except ValueError as exc:
            raise OutOfRangeError(f"{source}:{number}: expected 'year,month,YYYY-MM-DD', got {line!r}") from exc
    keys.pop()
    return MonthTable(tuple(keys), tuple(starts), {key: i for i, key in enumerate(keys)})


@lru_cache(maxsize=1)
def computed_table() -> MonthTable:
    """The month starts computed by the criterion (tools/generate_hijri_diyanet.py), read once."""
    text = resources.files(__package__).joinpath(DIYANET_TABLE).read_text("utf-8")
    return parse_month_table(text, DIYANET_TABLE)


@lru_cache(maxsize=1)
def published_starts() -> dict[tuple[int, int], tuple[date, str]]:
    """Month starts Diyanet has published: (hijri year, month) -> (first day, source key)."""
    text = resources.files(__package__).joinpath(PUBLISHED_TABLE).read_text("utf-8")
    found: dict[tuple[int, int], tuple[date, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            year, month, first, source = line.split(",")
            found[(int(year), int(month))] = (date.fromisoformat(first), source)
        except ValueError as exc:
            raise OutOfRangeError(f"{PUBLISHED_TABLE}:{number}: expected 'year,month,YYYY-MM-DD,source'") from exc
    return found


@lru_cache(maxsize=1)
def diyanet_table() -> MonthTable:
    """Diyanet's calendar: the published month starts, and the computed ones around and beyond them.

    Published lists name only some months (the converter only the two Bayrams), so a published start that
    moves a month also moves the unpublished month before it where that one would otherwise get 28 or 31
    days (e.g. a Şevval published a day later than computed means Ramazan began a day later too).
    """
    computed = computed_table()
    published = published_starts()
    starts = list(computed.starts)
    fixed = [False] * len(starts)
    for i, key in enumerate(computed.keys):
        if key in published:
            starts[i] = published[key][0].toordinal()
            fixed[i] = True
    changed = True
    while changed:
        changed = False
        for i in range(len(computed.keys) - 1, 0, -1):
            length = starts[i] - starts[i - 1]
            if length in (29, 30):
                continue
            if not 28 <= length <= 31 or (fixed[i - 1] and fixed[i]):
                raise OutOfRangeError(
                    f"{PUBLISHED_TABLE}: Hijri {computed.keys[i - 1]} would last {length} days; check the list"
                )
            # Move the unpublished neighbour: the month before starts later (31 days) or earlier (28 days),
            # or, if that one is published, the month after starts earlier or later.
            if not fixed[i - 1]:
                starts[i - 1] += 1 if length == 31 else -1
            else:
                starts[i] += -1 if length == 31 else 1
            changed = True
    return MonthTable(computed.keys, tuple(starts), computed.index)


class _Hijri(CalendarSystem):
    """What both authorities share: month names, and a day of uncertainty (observance may follow sighting)."""

    month_names = MONTH_NAMES
    uncertain_days = 1
    month_words_de = MONTH_WORDS_DE
    month_labels_de = MONTH_LABELS_DE

    def months(self, year: int) -> tuple[int, ...]:
        return _MONTHS


@dataclass(frozen=True)
class DiyanetHijri(_Hijri):
    """Diyanet's Hijri calendar from the computed table."""

    name = "hijri (Diyanet)"
    authority = "diyanet"
    authority_label = "Diyanet"
    words_de = "nach Diyanet-Kriterium"

    def supported(self) -> tuple[date, date]:
        table = diyanet_table()
        return table.first_day, table.last_day

    def month_length(self, year: int, month: int) -> int:
        table = diyanet_table()
        i = table.index.get((year, month))
        if i is None:
            first, last = table.keys[0], table.keys[-1]
            raise OutOfRangeError(f"the Diyanet Hijri table covers {first[0]}-{first[1]} to {last[0]}-{last[1]} only")
        return table.starts[i + 1] - table.starts[i]

    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        table = diyanet_table()
        return date.fromordinal(table.starts[table.index[(year, month)]] + day - 1)

    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        table = diyanet_table()
        ordinal = day.toordinal()
        i = bisect_right(table.starts, ordinal) - 1
        year, month = table.keys[i]
        return year, month, ordinal - table.starts[i] + 1


@dataclass(frozen=True)
class UmmAlQuraHijri(_Hijri):
    """Saudi Arabia's Umm al-Qura calendar through `hijridate`."""

    name = "hijri (Umm al-Qura)"
    authority = "umm-al-qura"
    authority_label = "Umm al-Qura"
    words_de = "nach Umm-al-Qura-Kalender"

    def supported(self) -> tuple[date, date]:
        return UMM_AL_QURA_FIRST, UMM_AL_QURA_LAST

    def month_length(self, year: int, month: int) -> int:
        try:
            return int(Hijri(year, month, 1).month_length())
        except (ValueError, OverflowError) as exc:
            raise OutOfRangeError(f"Hijri {year}-{month} is outside the Umm al-Qura table: {exc}") from exc

    def _to_gregorian(self, year: int, month: int, day: int) -> date:
        return date(*Hijri(year, month, day).to_gregorian().datetuple())

    def _from_gregorian(self, day: date) -> tuple[int, int, int]:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
        return hijri.year, hijri.month, hijri.day


HijriCalendar = DiyanetHijri | UmmAlQuraHijri

DIYANET: Final = DiyanetHijri()
UMM_AL_QURA: Final = UmmAlQuraHijri()
CALENDAR: Final = Calendar("hijri", DIYANET, {"diyanet": DIYANET, "umm-al-qura": UMM_AL_QURA})


def hijri_calendar(authority: str = DEFAULT_AUTHORITY) -> HijriCalendar:
    """The Hijri calendar of an authority; ValueError naming the valid choices otherwise."""
    system = CALENDAR.system(authority or DEFAULT_AUTHORITY)
    assert isinstance(system, DiyanetHijri | UmmAlQuraHijri)
    return system
