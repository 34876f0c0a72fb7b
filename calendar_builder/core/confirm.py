"""Two sources for every printed date: each occurrence of an edition is checked by a second method.

The second method is never the one that decided the date: another library or algorithm for the same calendar
(calendars/second.py), the computation behind a published table, the other Islamic authority, or a person's
`confirmed:` entry in the data. A fixed Gregorian day needs none (the rule is the date), nor does a date its
organisers announced (they are the authority). The verdict allows the festival's own declared uncertainty
(±days, e.g. moon sighting) and the days of its variants; anything else disagrees, and an occurrence with no
second source at all is reported as missing. The print gates keep the edition a draft in both cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from calendar_builder.calendars import GREGORIAN_MONTHS, days_in_gregorian_year, registry
from calendar_builder.calendars import second as S
from calendar_builder.core.model import Agreement, Confirmation, Decision, Occurrence, Rule
from calendar_builder.core.rules import ExpandOptions, expand_rule
from calendar_builder.errors import OutOfRangeError

#: dateutil's weekdays, Monday first as the rules number them
weekdays = (MO, TU, WE, TH, FR, SA, SU)
#: a second method: the rule's base days near a day (before offsets and weekday shifts), and its name
Second = tuple[list[date], str]


def confirm(occurrences: Iterable[Occurrence], options: ExpandOptions) -> tuple[Occurrence, ...]:
    """The occurrences, each carrying its confirmation."""
    return tuple(replace(o, confirmation=confirmation(o, options)) for o in occurrences)


def confirmation(occurrence: Occurrence, options: ExpandOptions) -> Confirmation:
    """The second source's verdict on one occurrence's first day."""
    festival = occurrence.festival
    start = occurrence.start
    person = next((c for c in festival.confirmed if c.year == start.year), None)
    if person is not None:
        return _verdict(occurrence, [person.day], f"bestätigt von {person.by} am {person.on:%d.%m.%Y}")
    decision = occurrence.source.decision
    if decision is Decision.ANNOUNCED:
        return Confirmation("vom Veranstalter angekündigt", Agreement.ANNOUNCED, start)
    if decision in (Decision.TABLE, Decision.PUBLISHED):
        # A published table: the computation of its rule (or of its confirm_rule) is the second source.
        rule = festival.rule if festival.rule.kind != "table" else festival.confirm_rule
        if rule is None:
            return Confirmation("keine zweite Quelle für diese Tabelle", Agreement.MISSING)
        if rule.kind == "chinese" and festival.confirm_utc_offset != 8.0:
            # A lunar table of Korea or Vietnam: the months begin on the new moon's day in their own time.
            base = S.chinese_month_start(
                int(rule.month), start - timedelta(days=rule.day - 1), festival.confirm_utc_offset
            )
            days = [base + timedelta(days=rule.day - 1)]
            method = f"Neumond in Ortszeit UTC{festival.confirm_utc_offset:+g} (ephem)"
        else:
            days = _engine_days(rule, start, options)
            method = f"Berechnung nach der Regel „{rule.text}“"
        return _verdict(occurrence, _shifted(days, festival.night_before), method)
    rule = festival.rule
    if rule.kind == "fixed" and rule.offset == 0 and rule.shift_weekday < 0 and rule.post_offset == 0:
        return Confirmation("festes Datum im gregorianischen Kalender", Agreement.DEFINED, start)
    # The rule's day, not the evening before it, is what the second method computes for a night observance.
    day = start + timedelta(days=1) if festival.night_before else start
    found = _second(rule, day - timedelta(days=rule.offset + rule.post_offset), options)  # moves: < a week
    if found is None:
        return Confirmation(
            f"keine zweite Rechnung für Regeln der Art „{rule.kind}“ in {start.year}", Agreement.MISSING
        )
    bases, method = found
    # A declared uncertainty (moon sighting) is about the base day: a weekday shift can turn it into a week.
    spread = occurrence.uncertain_days if rule.shift_weekday >= 0 else 0
    days = [_apply(rule, base + timedelta(days=k)) for base in bases for k in range(-spread, spread + 1)]
    return _verdict(occurrence, _shifted(days, festival.night_before), method)


def _shifted(days: list[date], night_before: bool) -> list[date]:
    return [d - timedelta(days=1) for d in days] if night_before else days


def _verdict(occurrence: Occurrence, days: list[date], method: str) -> Confirmation:
    start = occurrence.start
    if not days:
        return Confirmation(method, Agreement.DISAGREES)
    second = min(days, key=lambda d: (abs(d - start), d))
    allowed = {v.start for v in occurrence.variants}
    agrees = abs((second - start).days) <= occurrence.uncertain_days or second in allowed
    return Confirmation(method, Agreement.AGREES if agrees else Agreement.DISAGREES, second)


def _engine_days(rule: Rule, near: date, options: ExpandOptions) -> list[date]:
    found: list[date] = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            found += expand_rule(rule, year, options)
        except OutOfRangeError:
            continue
    return found


def _apply(rule: Rule, base: date) -> date:
    """The rule's offset, its `if` moves, weekday shift and second offset, by dateutil's relativedelta."""
    day = base + timedelta(days=rule.offset)
    for moved_weekday, days in rule.moves:
        if day.weekday() == moved_weekday:
            day += timedelta(days=days)
            break
    if rule.shift_weekday >= 0:
        weekday = weekdays[rule.shift_weekday]
        day = {
            "on-or-after": lambda d: d + relativedelta(weekday=weekday(+1)),
            "after": lambda d: d + relativedelta(days=1, weekday=weekday(+1)),
            "on-or-before": lambda d: d + relativedelta(weekday=weekday(-1)),
            "before": lambda d: d + relativedelta(days=-1, weekday=weekday(-1)),
        }[rule.shift_mode](day)
    return day + timedelta(days=rule.post_offset)


def _second(rule: Rule, near: date, options: ExpandOptions) -> Second | None:
    """The rule's base days around `near` by a second method, or None where there is none."""
    finder = _FINDERS.get(rule.kind)
    if rule.panchang is not None:
        finder = _panchang
    if finder is None:
        return None
    try:
        return finder(rule, near, options)
    except OutOfRangeError:
        return None


def _years(near: date) -> range:
    return range(near.year - 1, near.year + 2)


def _fixed(rule: Rule, near: date, options: ExpandOptions) -> Second:
    month = GREGORIAN_MONTHS[rule.month]
    days = [near.replace(year=y, month=month, day=1) + relativedelta(day=rule.day) for y in _years(near)]
    return [d for d in days if d.day == rule.day], "Kalenderrechnung (dateutil.relativedelta)"


def _nth(rule: Rule, near: date, options: ExpandOptions) -> Second:
    month = GREGORIAN_MONTHS[rule.month]
    weekday = weekdays[rule.weekday]
    days = [date(y, month, 1) + relativedelta(weekday=weekday(+rule.nth)) for y in _years(near)]
    return [d for d in days if d.month == month], "Kalenderrechnung (dateutil.relativedelta)"


def _last(rule: Rule, near: date, options: ExpandOptions) -> Second:
    month = GREGORIAN_MONTHS[rule.month]
    weekday = weekdays[rule.weekday]
    days = [date(y, month, 1) + relativedelta(day=31, weekday=weekday(-1)) for y in _years(near)]
    return days, "Kalenderrechnung (dateutil.relativedelta)"


def _easter(rule: Rule, near: date, options: ExpandOptions) -> Second:
    if rule.kind == "easter":
        return [S.easter_western(y) for y in _years(near)], "Osterformel nach Meeus (gregorianisch)"
    return [S.easter_orthodox(y) for y in _years(near)], "Osterformel nach Meeus (julianisch)"


def _julian(rule: Rule, near: date, options: ExpandOptions) -> Second:
    month = GREGORIAN_MONTHS[rule.month]
    days = [
        S.julian_to_gregorian(y, month, rule.day) for y in _years(near) if rule.day <= S.julian_month_length(y, month)
    ]
    return days, "Julianische Tageszählung (eigene Rechnung)"


def _julian_nth(rule: Rule, near: date, options: ExpandOptions) -> Second:
    month = GREGORIAN_MONTHS[rule.month]
    weekday = weekdays[rule.weekday]
    found = []
    for year in _years(near):
        first = S.julian_to_gregorian(year, month, 1)
        day = first + relativedelta(weekday=weekday(+rule.nth))
        if (day - first).days < S.julian_month_length(year, month):
            found.append(day)
    return found, "Julianische Tageszählung (eigene Rechnung)"


def _hebrew(rule: Rule, near: date, options: ExpandOptions) -> Second:
    system = registry.calendar_system("hebrew")
    year = S.hebrew_year(near)
    found = []
    for hebrew_year in (year - 1, year, year + 1):
        month = system.month_number(rule.month, hebrew_year)
        day = S.hebrew_to_gregorian(hebrew_year, month, rule.day) if month is not None else None
        if day is not None:
            found.append(day)
    return found, "convertdate (jüdischer Kalender)"


def _hijri(rule: Rule, near: date, options: ExpandOptions) -> Second:
    """The other authority's calendar: Umm al-Qura for a Diyanet edition, Diyanet for an Umm al-Qura one."""
    other = "umm-al-qura" if options.islamic_authority != "umm-al-qura" else "diyanet"
    system = registry.calendar_system("hijri", other)
    found = []
    for year in _years(near):
        try:
            found += days_in_gregorian_year(system, rule.month, rule.day, year)
        except OutOfRangeError:
            continue
    if not found:
        raise OutOfRangeError(f"{system.name} does not reach {near.year}")
    return found, f"{system.name}"


def _chinese(rule: Rule, near: date, options: ExpandOptions) -> Second:
    start = S.chinese_month_start(int(rule.month), near - timedelta(days=rule.day - 1))
    return [start + timedelta(days=rule.day - 1)], "Neumond und Hauptsonnenterm in chinesischer Zeit (ephem)"


_PERSIAN_MONTH_START = (0, 31, 62, 93, 124, 155, 186, 216, 246, 276, 306, 336)


def _persian(rule: Rule, near: date, options: ExpandOptions) -> Second:
    month = registry.calendar_system("persian").month_names[rule.month]
    offset = _PERSIAN_MONTH_START[month - 1] + rule.day - 1
    year = (near - timedelta(days=offset)).year
    return [S.nowruz(year) + timedelta(days=offset)], "Äquinoktium nach Meeus (Mittag in Teheran)"


def _bahai(rule: Rule, near: date, options: ExpandOptions) -> Second:
    """Where the World Centre's table decided, the computation by rule; beyond the table there is none (before
    2015 the fixed Gregorian days)."""
    from calendar_builder.calendars import bahai

    published = bahai.published_dates()
    found = []
    for year in _years(near):
        # Before the reform of 2015 the dates were fixed in the Gregorian calendar (Naw-Rúz on 21 March).
        if year >= bahai.REFORM_YEAR + bahai.YEAR_OFFSET and (year not in published or year + 1 not in published):
            raise OutOfRangeError("the computed Bahá'í dates are the only source beyond the World Centre's table")
        month = bahai.MONTH_NAMES[rule.month]
        if month == bahai.ALA:
            found.append(bahai.computed_nawruz(year + 1) - timedelta(days=20 - rule.day))
        else:
            found.append(bahai.computed_nawruz(year) + timedelta(days=(month - 1) * 19 + rule.day - 1))
    return found, "Berechnung (Äquinoktium in Teheran, ephem)"


def _twin_holy_birthday(rule: Rule, near: date, options: ExpandOptions) -> Second:
    from calendar_builder.calendars import bahai

    if near.year >= bahai.REFORM_YEAR + bahai.YEAR_OFFSET and near.year not in bahai.published_dates():
        raise OutOfRangeError("the computed Bahá'í dates are the only source beyond the World Centre's table")
    return [bahai.computed_twin_holy_birthdays(near.year)[rule.day - 1]], "Berechnung (achter Neumond, ephem)"


def _ethiopian(rule: Rule, near: date, options: ExpandOptions) -> Second:
    month = registry.calendar_system("ethiopian").month_names[rule.month]
    years = range(near.year - 9, near.year - 6)
    return [S.ethiopian_to_gregorian(y, month, rule.day) for y in years], "Julianische Tageszählung (eigene Rechnung)"


def _solar_term(rule: Rule, near: date, options: ExpandOptions) -> Second:
    from calendar_builder.calendars.solar_terms import TERMS

    return [S.term_day_meeus(y, TERMS[rule.term]) for y in _years(near)], "Sonnenlänge nach Meeus (chinesische Zeit)"


def _panchang(rule: Rule, near: date, options: ExpandOptions) -> Second:
    panchang = rule.panchang
    assert panchang is not None
    method = "Meeus-Theorien für Sonne und Mond (PyMeeus)"
    if panchang.kind == "sankranti":
        days = [S.sankranti_day(y, panchang.month, panchang.window, panchang.place) for y in _years(near)]
        return days, method
    # The rule's day first: it usually holds, and each test costs three positions of the moon.
    for day in sorted((near + timedelta(days=n) for n in range(-3, 4)), key=lambda d: abs(d - near)):
        if S.tithi_holds(day, panchang.tithi, panchang.month, panchang.window, panchang.place):
            return [day], method
    return [], method


_FINDERS: dict[str, Callable[[Rule, date, ExpandOptions], Second]] = {
    "fixed": _fixed,
    "nth": _nth,
    "last": _last,
    "easter": _easter,
    "orthodox-easter": _easter,
    "julian": _julian,
    "julian-nth": _julian_nth,
    "hebrew": _hebrew,
    "hijri": _hijri,
    "chinese": _chinese,
    "persian": _persian,
    "bahai": _bahai,
    "twin-holy-birthday": _twin_holy_birthday,
    "solar-term": _solar_term,
    "ethiopian": _ethiopian,
}
