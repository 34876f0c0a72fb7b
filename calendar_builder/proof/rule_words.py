"""A rule said in German words, for reviewers who check dates without knowing the rule grammar."""

from __future__ import annotations

from calendar_builder.calendars import GREGORIAN_MONTH_WORDS_DE, registry
from calendar_builder.calendars.solar_terms import TERMS
from calendar_builder.core.model import Rule

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
GREGORIAN = GREGORIAN_MONTH_WORDS_DE
SHIFTS = {
    "on-or-after": "am oder nach diesem Tag", "after": "nach diesem Tag",
    "on-or-before": "am oder vor diesem Tag", "before": "vor diesem Tag",
}  # fmt: skip


def rule_in_words(rule: Rule, islamic_authority: str = "diyanet") -> str:
    """E.g. 'Ostersonntag + 49 Tage', '1. Schawwal nach Diyanet-Kriterium', '2. Sonntag im Mai'."""
    text = _base(rule, islamic_authority)
    if rule.offset:
        text += f" {'+' if rule.offset > 0 else '−'} {_days(abs(rule.offset))}"
    for weekday, days in rule.moves:
        text += f", fällt er auf einen {WEEKDAYS[weekday]}, {_days(abs(days))} {'später' if days > 0 else 'früher'}"
    if rule.shift_weekday >= 0:
        text += f", dann der {WEEKDAYS[rule.shift_weekday]} {SHIFTS[rule.shift_mode]}"
    if rule.post_offset:
        text += f" {'+' if rule.post_offset > 0 else '−'} {_days(abs(rule.post_offset))}"
    return text


def _base(rule: Rule, authority: str) -> str:
    kind = rule.kind
    if kind == "fixed":
        return f"{rule.day}. {GREGORIAN[rule.month]}"
    if kind in ("nth", "julian-nth"):
        where = " im julianischen Kalender" if kind == "julian-nth" else ""
        return f"{rule.nth}. {WEEKDAYS[rule.weekday]} im {GREGORIAN[rule.month]}{where}"
    if kind == "last":
        return f"letzter {WEEKDAYS[rule.weekday]} im {GREGORIAN[rule.month]}"
    if kind == "easter":
        return "Ostersonntag"
    if kind == "orthodox-easter":
        return "orthodoxer Ostersonntag"
    if kind == "solar-term":
        return f"Tag des Sonnenterms {rule.term.capitalize()} (Sonne auf {TERMS[rule.term]}°, chinesische Zeit)"
    if kind == "twin-holy-birthday":
        return f"{rule.day}. Tag nach dem achten Neumond nach Naw-Rúz (Teheran)"
    if kind == "table":
        return "Datum aus Tabelle"
    if rule.panchang is not None:
        return _panchang(rule)
    if registry.is_calendar(kind):
        return registry.calendar_system(kind, authority).rule_in_words_de(rule.day, rule.month)
    raise ValueError(f"no words for rule kind {kind!r}")


PANCHANG_WINDOWS = {
    "sunrise": "bei Sonnenaufgang", "trimuhurta": "drei Muhurtas nach Sonnenaufgang", "madhyahna": "am Mittag",
    "aparahna": "am Nachmittag", "pradosh": "am Abend (Pradosh)", "nishita": "um Mitternacht (Nishita)",
}  # fmt: skip
SANKRANTI_RULES = {
    "civil": "am Kalendertag des Eintritts", "tamil": "nach Sonnenuntergang am Folgetag",
    "kerala": "nach Mittag am Folgetag", "sunrise": "im Tag von Sonnenaufgang zu Sonnenaufgang",
}  # fmt: skip
PLACES = {"new-delhi": "Neu-Delhi", "amritsar": "Amritsar"}


def _panchang(rule: Rule) -> str:
    p = rule.panchang
    assert p is not None
    if p.kind == "sankranti":
        return (
            f"Eintritt der Sonne in {p.month.capitalize()} (siderisch, Lahiri), "
            f"{SANKRANTI_RULES[p.window]}, {PLACES[p.place]}"
        )
    half = "zunehmenden" if p.tithi <= 15 else "abnehmenden"
    day = p.tithi if p.tithi <= 15 else p.tithi - 15
    return (
        f"{day}. Mondtag (Tithi) der {half} Hälfte des {p.month.capitalize()} (Amanta), "
        f"{PANCHANG_WINDOWS[p.window]} in {PLACES[p.place]}"
    )


def _days(count: int) -> str:
    return "1 Tag" if count == 1 else f"{count} Tage"
