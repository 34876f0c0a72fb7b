"""The data model: frozen dataclasses for traditions, festivals, their rules, and dated occurrences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the panchang and its astronomy are imported only where a rule uses them (`--help` needs neither)
    from calendar_builder.calendars.panchang import PanchangRule


@dataclass(frozen=True)
class CMYK:
    """A print colour, each channel 0..100 percent."""

    c: float
    m: float
    y: float
    k: float


@dataclass(frozen=True)
class Tradition:
    """A religious or cultural tradition that groups festivals; colour and symbol identify it in print."""

    id: str
    name_de: str
    name_en: str
    colour: CMYK
    symbol: str


@dataclass(frozen=True)
class Rule:
    """A parsed date rule. `kind` names the base calendar; the other fields depend on it.

    kind: fixed | nth | last | easter | orthodox-easter | julian | julian-nth | hebrew | hijri |
          chinese | persian | bahai | twin-holy-birthday | ethiopian | tithi | sankranti | table
    """

    text: str
    kind: str
    day: int = 0
    month: str = ""
    weekday: int = -1  # 0 = Monday
    nth: int = 0
    offset: int = 0
    #: optional "weekday on/after" adjustment applied after the offset: (weekday, mode)
    shift_weekday: int = -1
    shift_mode: str = ""  # on-or-after | on-or-before | after | before
    #: days added after the weekday shift, e.g. the Friday after a Sunday found by the shift
    post_offset: int = 0
    #: the lunar day or solar ingress of a `tithi`/`sankranti` rule (Hindu lunisolar calendar)
    panchang: PanchangRule | None = None
    #: postponements after the offset: (weekday, days), e.g. (5, +1) moves a day that falls on Saturday to Sunday
    moves: tuple[tuple[int, int], ...] = ()
    #: the solar term of a `solar-term` rule (calendars/solar_terms.py), e.g. "qingming"
    term: str = ""


@dataclass(frozen=True)
class DateTable:
    """Dates per Gregorian year taken from a published source (for festivals no algorithm serves)."""

    dates: tuple[tuple[int, date], ...]
    source: str

    @cached_property
    def first_year(self) -> int:
        return min(y for y, _ in self.dates)

    @cached_property
    def last_year(self) -> int:
        return max(y for y, _ in self.dates)

    @cached_property
    def _by_year(self) -> dict[int, tuple[date, ...]]:
        found: dict[int, list[date]] = {}
        for y, d in self.dates:
            found.setdefault(y, []).append(d)
        return {y: tuple(sorted(days)) for y, days in found.items()}

    def for_year(self, year: int) -> list[date]:
        return list(self._by_year.get(year, ()))


@dataclass(frozen=True)
class Greeting:
    """What people wish each other on the day: in its language and script, with a Latin transliteration."""

    lang: str
    text: str
    transliteration: str = ""

    def label(self) -> str:
        """E.g. 'عيد مبارك (Eid Mubarak)'; the text alone where it is already in Latin letters."""
        return f"{self.text} ({self.transliteration})" if self.transliteration else self.text


@dataclass(frozen=True)
class Variant:
    """Another date kept by part of the community, e.g. Deepavali in Tamil communities a day earlier."""

    rule: Rule
    who_de: str
    who_en: str


@dataclass(frozen=True)
class VariantDate:
    """A variant resolved for one occurrence: the other first day and who keeps it."""

    start: date
    who_de: str
    who_en: str


@dataclass(frozen=True)
class Confirmed:
    """A person's check of one year's date against the community's own calendar (`confirmed:` in the data)."""

    year: int
    day: date
    by: str
    on: date
    line: int = 0


@dataclass(frozen=True)
class Festival:
    """A festival or commemoration day, defined by a rule (or a table) rather than by dates."""

    id: str
    tradition: str
    #: language code -> name; always has "de" and "en"; the other keys are original-script names in order
    names: tuple[tuple[str, str], ...]
    explanation_de: str
    explanation_en: str
    rule: Rule
    days: int = 1
    evening_before: bool = False
    #: a night-only observance (the Kandil nights): kept in the night before the day the rule gives, and
    #: dated, as the community's own calendar dates it, by that evening
    night_before: bool = False
    rest_day: bool = False
    fast_day: bool = False
    #: public holiday in Baden-Württemberg: True for every year, or only the listed years
    public_holiday: bool | tuple[int, ...] = False
    table: DateTable | None = None
    #: dates announced by an organiser per year; the rule is the fallback for other years
    announced: DateTable | None = None
    source: str = ""
    #: the community or body whose calendar the rule follows, and where it publishes it
    authority: str = ""
    greetings: tuple[Greeting, ...] = ()
    #: other conventions for the date, with the communities that keep them
    variants: tuple[Variant, ...] = ()
    #: dates checked by a person, per year: a second source where no second method computes one
    confirmed: tuple[Confirmed, ...] = ()
    #: a rule of another calendar that gives the same day, the second method for a date table (Tết: chinese 1 1)
    confirm_rule: Rule | None = None
    #: the standard time (hours from UTC) in which a lunar `confirm_rule` counts its days (Korea: 9)
    confirm_utc_offset: float = 8.0
    file: str = ""
    line: int = 0

    def name(self, lang: str) -> str:
        return dict(self.names).get(lang, "")

    @property
    def name_de(self) -> str:
        return self.name("de")

    @property
    def original_names(self) -> tuple[tuple[str, str], ...]:
        """Names in the festival's own scripts/languages (everything but German and English)."""
        return tuple((lang, text) for lang, text in self.names if lang not in ("de", "en"))

    def is_public_holiday(self, year: int) -> bool:
        if isinstance(self.public_holiday, bool):
            return self.public_holiday
        return year in self.public_holiday


class Decision(StrEnum):
    """By which method a printed date was decided."""

    RULE = "rule"  # computed from the festival's rule
    TABLE = "table"  # read from the festival's date table
    ANNOUNCED = "announced"  # announced by the organisers for that year
    CONFIRMED = "confirmed"  # confirmed by a person for that year
    PUBLISHED = "published"  # published by the authority that decides it (e.g. Diyanet's list)


@dataclass(frozen=True)
class DateSource:
    """How an occurrence's date was decided: the method, what it rests on (the rule as written, or the source of
    a table or announcement), and the authority whose reckoning a rule follows (e.g. Diyanet). Each output writes
    its own words from it."""

    decision: Decision
    basis: str
    authority: str = ""


class Agreement(StrEnum):
    """What a second method says about a printed date."""

    AGREES = "agrees"  # the same day, or one within the festival's declared ±days or on a variant's day
    DISAGREES = "disagrees"  # another day: the date must be checked before print
    MISSING = "missing"  # no second method or confirmation for this rule and year
    DEFINED = "defined"  # a fixed Gregorian day: the rule is the date, there is nothing to compute twice
    ANNOUNCED = "announced"  # the organisers' own announcement: the authority itself, the rule only forecasts it


@dataclass(frozen=True)
class Confirmation:
    """How a printed date was checked: by which second method, the day that method gives, and the verdict."""

    method: str
    agreement: Agreement
    #: the second method's day (for the printed day itself where it agrees exactly); None where there is none
    second: date | None = None

    @property
    def blocks_print(self) -> bool:
        return self.agreement in (Agreement.DISAGREES, Agreement.MISSING)


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of a festival: its first full civil day and its last day (inclusive)."""

    festival: Festival
    start: date
    end: date
    uncertain_days: int
    source: DateSource
    public_holiday: bool
    #: other first days kept by part of the community this year (each differs from `start`)
    variants: tuple[VariantDate, ...] = ()
    #: computed by rule for a year its organisers have not announced yet (printed as "vorläufig")
    provisional: bool = False
    #: the second source's verdict on the date (filled for the occurrences of an edition)
    confirmation: Confirmation | None = None

    @property
    def id(self) -> str:
        return self.festival.id


@dataclass(frozen=True)
class Catalogue:
    """Everything loaded from holidays.yaml."""

    traditions: tuple[Tradition, ...]
    festivals: tuple[Festival, ...]
    file: str = ""
    tradition_by_id: dict[str, Tradition] = field(default_factory=dict, compare=False, hash=False)
