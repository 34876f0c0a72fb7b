"""holidays.yaml -> Catalogue, validated; every problem is collected with file, line and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from calendar_builder.core.limits import MAX_YEAR, MIN_YEAR
from calendar_builder.core.model import (
    CMYK,
    Catalogue,
    Confirmed,
    DateTable,
    Festival,
    Greeting,
    Rule,
    Tradition,
    Variant,
)
from calendar_builder.core.rules import RuleSyntaxError, parse_rule
from calendar_builder.core.textcheck import brief
from calendar_builder.core.validate import LANGUAGE, mappings, slug_id, suggest, unknown_keys
from calendar_builder.core.yamlsource import LineDict, load_yaml
from calendar_builder.errors import ProblemCollector

TOP_KEYS = ("traditions", "festivals")
TRADITION_KEYS = ("id", "name", "colour", "symbol")
FESTIVAL_KEYS = (
    "id", "tradition", "names", "explanation", "rule", "days", "evening_before", "night_before", "rest_day", "fast_day",
    "public_holiday", "source", "dates", "dates_source", "announced", "announced_source", "authority", "greetings",
    "variants", "confirmed", "confirm_rule", "confirm_utc_offset",
)  # fmt: skip
CONFIRMED_KEYS = ("year", "date", "by", "checked")
VARIANT_KEYS = ("rule", "who", "who_en")
GREETING_KEYS = ("lang", "text", "translit")
FLAG_KEYS = ("evening_before", "night_before", "rest_day", "fast_day")


def load_catalogue(path: Path) -> Catalogue:
    """Load and validate holidays.yaml; raise DataError listing every problem found."""
    problems = ProblemCollector()
    catalogue = read_catalogue(path, problems)
    problems.raise_if_errors()
    return catalogue


def read_catalogue(path: Path, problems: ProblemCollector) -> Catalogue:
    """Read what can be read, recording problems instead of stopping at the first."""
    data, duplicate_keys = load_yaml(path)
    problems.problems.extend(duplicate_keys)
    file = str(path)
    if not isinstance(data, LineDict):
        problems.error(file, 1, "", "expected a mapping with the keys 'traditions' and 'festivals'")
        return Catalogue((), (), file)
    unknown_keys(data, TOP_KEYS, file, "", problems)
    traditions = _traditions(data.get("traditions"), data.line_of("traditions"), file, problems)
    known = {t.id: t for t in traditions}
    festivals = _festivals(data.get("festivals"), data.line_of("festivals"), file, known, problems)
    return Catalogue(tuple(traditions), tuple(festivals), file, known)


def _traditions(raw: Any, line: int, file: str, problems: ProblemCollector) -> list[Tradition]:
    result: list[Tradition] = []
    seen: dict[str, int] = {}
    for item in mappings(raw, line, file, "traditions", "id, name, colour, symbol", problems):
        unknown_keys(item, TRADITION_KEYS, file, "tradition", problems)
        tid = slug_id(item, file, problems, seen)
        names = item.get("name")
        if not (isinstance(names, dict) and isinstance(names.get("de"), str) and isinstance(names.get("en"), str)):
            problems.error(file, item.line_of("name"), "name", "expected {de: …, en: …}")
            names = {"de": tid, "en": tid}
        colour = _colour(item, file, problems)
        symbol = item.get("symbol")
        if not isinstance(symbol, str) or not symbol.strip() or len(symbol) > 3:
            problems.error(file, item.line_of("symbol"), "symbol", "expected one short symbol character")
            symbol = "•"
        if tid:
            result.append(Tradition(tid, names["de"], names["en"], colour, symbol))
    return result


def _colour(item: LineDict, file: str, problems: ProblemCollector) -> CMYK:
    raw = item.get("colour")
    if (
        isinstance(raw, list)
        and len(raw) == 4
        and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100 for v in raw)
    ):
        return CMYK(*(float(v) for v in raw))
    problems.error(file, item.line_of("colour"), "colour", "expected [C, M, Y, K], four percentages 0 to 100")
    return CMYK(0, 0, 0, 100)


def _festivals(
    raw: Any, line: int, file: str, traditions: dict[str, Tradition], problems: ProblemCollector
) -> list[Festival]:
    result: list[Festival] = []
    seen: dict[str, int] = {}
    for item in mappings(raw, line, file, "festivals", "id, tradition, names, rule, …", problems):
        festival = _festival(item, file, traditions, problems, seen)
        if festival is not None:
            result.append(festival)
    return result


def _festival(
    item: LineDict, file: str, traditions: dict[str, Tradition], problems: ProblemCollector, seen: dict[str, int]
) -> Festival | None:
    errors_before = len(problems.errors)
    unknown_keys(item, FESTIVAL_KEYS, file, "festival", problems)
    fid = slug_id(item, file, problems, seen)
    label = f"festival '{fid}'" if fid else "festival"

    tradition = item.get("tradition")
    if tradition not in traditions:
        problems.error(
            file, item.line_of("tradition"), "tradition",
            f"unknown tradition {tradition!r} in {label}; known: {', '.join(sorted(traditions))}"
            + suggest(str(tradition), traditions),
        )  # fmt: skip

    names = _names(item, file, label, problems)
    explanation = item.get("explanation")
    if not (isinstance(explanation, dict) and isinstance(explanation.get("de"), str) and explanation["de"].strip()):
        problems.error(file, item.line_of("explanation"), "explanation", f"{label}: expected explanation.de text")
        explanation = {}
    elif not set(explanation) <= {"de", "en"}:
        problems.error(file, item.line_of("explanation"), "explanation", "expected only the keys de and en")

    rule = _rule(item, file, label, problems)
    days = item.get("days", 1)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
        problems.error(file, item.line_of("days"), "days", f"{label}: expected a whole number of days, 1 to 60")
        days = 1
    flags = {}
    for key in FLAG_KEYS:
        value = item.get(key, False)
        if not isinstance(value, bool):
            problems.error(file, item.line_of(key), key, f"{label}: expected true or false, not {value!r}")
            value = False
        flags[key] = value
    public_holiday = _public_holiday(item, file, label, problems)
    source = item.get("source", "")
    if not isinstance(source, str):
        problems.error(file, item.line_of("source"), "source", "expected text")
        source = ""
    authority = item.get("authority", "")
    if not isinstance(authority, str):
        problems.error(file, item.line_of("authority"), "authority", f"{label}: expected text naming who decides")
        authority = ""
    greetings = _greetings(item, file, label, problems)
    variants = _variants(item, file, label, problems)

    confirmed = _confirmed(item, file, label, problems)
    confirm_rule = _rule(item, file, label, problems, key="confirm_rule") if "confirm_rule" in item else None
    offset = item.get("confirm_utc_offset", 8)
    if not isinstance(offset, int | float) or isinstance(offset, bool) or not -12 <= offset <= 14:
        problems.error(file, item.line_of("confirm_utc_offset"), "confirm_utc_offset",
                       f"{label}: expected hours from UTC, e.g. 9 for Korea")  # fmt: skip
        offset = 8
    table = _table(item, "dates", file, label, problems)
    announced = _table(item, "announced", file, label, problems)
    if rule is not None and rule.kind == "table" and table is None and "dates" not in item:
        problems.error(file, item.line_of("rule"), "dates", f"{label}: rule 'table' needs a 'dates' table")
    if table is not None and rule is not None and rule.kind not in ("table", "tithi", "sankranti"):
        problems.error(
            file, item.line_of("dates"), "dates",
            f"{label}: 'dates' goes with 'rule: table' or a panchang rule (tithi, sankranti)",
        )  # fmt: skip

    if flags["night_before"] and flags["evening_before"]:
        problems.error(
            file, item.line_of("night_before"), "night_before",
            f"{label}: a night observance is dated by its evening; drop evening_before",
        )  # fmt: skip
    if len(problems.errors) > errors_before or rule is None:
        return None
    return Festival(
        id=fid,
        tradition=str(tradition),
        names=names,
        explanation_de=explanation.get("de", "").strip(),
        explanation_en=str(explanation.get("en", "")).strip(),
        rule=rule,
        days=days,
        public_holiday=public_holiday,
        table=table,
        announced=announced,
        source=source,
        authority=authority.strip(),
        greetings=greetings,
        variants=variants,
        confirmed=confirmed,
        confirm_rule=confirm_rule,
        confirm_utc_offset=float(offset),
        file=file,
        line=item.line,
        **flags,
    )


def _names(item: LineDict, file: str, label: str, problems: ProblemCollector) -> tuple[tuple[str, str], ...]:
    raw = item.get("names")
    if not isinstance(raw, LineDict):
        problems.error(file, item.line_of("names"), "names", f"{label}: expected names with at least de and en")
        return ()
    for required in ("de", "en"):
        if not isinstance(raw.get(required), str) or not raw[required].strip():
            problems.error(file, raw.line, f"names.{required}", f"{label}: expected a name in '{required}'")
    result = []
    for lang, text in raw.items():
        if not isinstance(lang, str) or not LANGUAGE.match(lang):
            problems.error(file, raw.line_of(lang), "names", f"{label}: {lang!r} is not a language code like 'ar'")
        elif not isinstance(text, str) or not text.strip():
            problems.error(file, raw.line_of(lang), f"names.{lang}", f"{label}: expected a non-empty name")
        else:
            result.append((lang, text.strip()))
    return tuple(result)


def _greetings(item: LineDict, file: str, label: str, problems: ProblemCollector) -> tuple[Greeting, ...]:
    raw = item.get("greetings", [])
    expected = "a list of {lang: ar, text: 'عيد مبارك', translit: 'Eid Mubarak'}"
    if not isinstance(raw, list):
        problems.error(file, item.line_of("greetings"), "greetings", f"{label}: expected {expected}")
        return ()
    result = []
    for entry in raw:
        line = entry.line if isinstance(entry, LineDict) else item.line_of("greetings")
        if not isinstance(entry, LineDict):
            problems.error(file, line, "greetings", f"{label}: expected {expected}")
            continue
        unknown_keys(entry, GREETING_KEYS, file, "greeting", problems)
        lang, text, translit = entry.get("lang"), entry.get("text"), entry.get("translit", "")
        if not isinstance(lang, str) or not LANGUAGE.match(lang):
            problems.error(file, line, "greetings.lang", f"{label}: expected a language code like 'ar', got {lang!r}")
        elif not isinstance(text, str) or not text.strip() or not isinstance(translit, str):
            problems.error(file, line, "greetings.text", f"{label}: expected text (and translit) as strings")
        else:
            result.append(Greeting(lang, text.strip(), translit.strip()))
    return tuple(result)


def _variants(item: LineDict, file: str, label: str, problems: ProblemCollector) -> tuple[Variant, ...]:
    raw = item.get("variants", [])
    expected = "a list of {rule: 'tithi 29 ashvin sunrise', who: 'tamilische Gemeinden', who_en: 'Tamil communities'}"
    if not isinstance(raw, list):
        problems.error(file, item.line_of("variants"), "variants", f"{label}: expected {expected}")
        return ()
    result = []
    for entry in raw:
        line = entry.line if isinstance(entry, LineDict) else item.line_of("variants")
        if not isinstance(entry, LineDict):
            problems.error(file, line, "variants", f"{label}: expected {expected}")
            continue
        unknown_keys(entry, VARIANT_KEYS, file, "variant", problems)
        who, who_en, text = entry.get("who"), entry.get("who_en", ""), entry.get("rule")
        if not isinstance(who, str) or not who.strip() or not isinstance(who_en, str):
            problems.error(file, line, "variants.who", f"{label}: expected who (German) naming the communities")
            continue
        if not isinstance(text, str):
            problems.error(file, line, "variants.rule", f"{label}: expected a rule such as 'hijri 10 muharram + 1'")
            continue
        try:
            rule = parse_rule(text)
        except RuleSyntaxError as exc:
            problems.error(file, line, "variants.rule", f"{label}: {exc}")
            continue
        if rule.kind == "table":
            problems.error(file, line, "variants.rule", f"{label}: a variant needs a computed rule, not 'table'")
            continue
        result.append(Variant(rule, who.strip(), who_en.strip()))
    return tuple(result)


def _rule(item: LineDict, file: str, label: str, problems: ProblemCollector, key: str = "rule") -> Rule | None:
    text = item.get(key)
    if not isinstance(text, str):
        problems.error(file, item.line_of(key), key, f"{label}: expected a rule such as 'easter + 49'")
        return None
    try:
        rule = parse_rule(text)
    except RuleSyntaxError as exc:
        problems.error(file, item.line_of(key), key, f"{label}: {exc}")
        return None
    if key != "rule" and rule.kind == "table":
        problems.error(file, item.line_of(key), key, f"{label}: expected a computed rule, not 'table'")
        return None
    return rule


def _confirmed(item: LineDict, file: str, label: str, problems: ProblemCollector) -> tuple[Confirmed, ...]:
    """`confirmed:` entries: who checked which year's date against the community's own calendar, and when."""
    raw = item.get("confirmed", [])
    expected = "a list of {year: 2027, date: 2027-02-09, by: 'AABF, Alevitischer Kalender 2027', checked: 2026-11-20}"
    if not isinstance(raw, list):
        problems.error(file, item.line_of("confirmed"), "confirmed", f"{label}: expected {expected}")
        return ()
    result = []
    for entry in raw:
        line = entry.line if isinstance(entry, LineDict) else item.line_of("confirmed")
        if not isinstance(entry, LineDict):
            problems.error(file, line, "confirmed", f"{label}: expected {expected}")
            continue
        unknown_keys(entry, CONFIRMED_KEYS, file, "confirmed", problems)
        year, day, by, on = entry.get("year"), entry.get("date"), entry.get("by"), entry.get("checked")
        if not isinstance(year, int) or isinstance(year, bool) or not isinstance(day, date) or day.year != year:
            problems.error(file, line, "confirmed.date", f"{label}: expected a year and a date in it, got "
                           f"{brief(year)}: {brief(day)}")  # fmt: skip
        elif not isinstance(by, str) or not by.strip() or not isinstance(on, date):
            problems.error(file, line, "confirmed.by", f"{label}: expected who confirmed it (by) and when (checked: "
                           "YYYY-MM-DD)")  # fmt: skip
        else:
            result.append(Confirmed(year, day, by.strip(), on, line))
    return tuple(result)


def _public_holiday(item: LineDict, file: str, label: str, problems: ProblemCollector) -> bool | tuple[int, ...]:
    value = item.get("public_holiday", False)
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and value and all(isinstance(y, int) and not isinstance(y, bool) for y in value):
        return tuple(sorted(value))
    problems.error(
        file, item.line_of("public_holiday"), "public_holiday",
        f"{label}: expected true, false or a list of years such as [2017]",
    )  # fmt: skip
    return False


def _table(item: LineDict, key: str, file: str, label: str, problems: ProblemCollector) -> DateTable | None:
    if key not in item:
        if f"{key}_source" in item:
            problems.error(file, item.line_of(f"{key}_source"), f"{key}_source", f"{label}: no '{key}' table")
        return None
    raw = item[key]
    source = item.get(f"{key}_source")
    if not isinstance(source, str) or not source.strip():
        problems.error(file, item.line_of(key), f"{key}_source", f"{label}: a '{key}' table needs '{key}_source'")
    if not isinstance(raw, LineDict) or not raw:
        problems.error(file, item.line_of(key), key, f"{label}: expected a mapping year: YYYY-MM-DD")
        return None
    entries: list[tuple[int, date]] = []
    for year, value in raw.items():
        days = value if isinstance(value, list) else [value]
        for day in days:
            if not isinstance(year, int) or isinstance(year, bool) or not isinstance(day, date):
                problems.error(
                    file, raw.line_of(year), key,
                    f"{label}: expected 'YEAR: YYYY-MM-DD' with a real date, got {brief(year)}: {brief(value)}",
                )  # fmt: skip
            elif day.year != year:
                problems.error(file, raw.line_of(year), key, f"{label}: {day.isoformat()} is not in {year}")
            elif not MIN_YEAR <= year <= MAX_YEAR:
                problems.error(file, raw.line_of(year), key,
                               f"{label}: {year} lies outside the supported years {MIN_YEAR}–{MAX_YEAR}")  # fmt: skip
            else:
                entries.append((year, day))
    if not entries:
        return None
    return DateTable(tuple(sorted(entries)), str(source or "").strip())
