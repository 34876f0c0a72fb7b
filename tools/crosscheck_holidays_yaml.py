"""Cross-check data/holidays.yaml independently of the engine: structure, print colours, symbols,
Baden-Württemberg public-holiday flags against the `holidays` package, and announced spans.

Run from the repository root: `python tools/crosscheck_holidays_yaml.py`. It evaluates only the rule
kinds that BW holidays and the organiser-announced days use (fixed, nth, Easter offsets, weekday
shifts), so that the data can be checked before and apart from the real rule engine.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import yaml
from dateutil.easter import easter

DATA = Path("data/holidays.yaml")
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
WEEKDAYS = "mon tue wed thu fri sat sun".split()
REQUIRED_IDS = """easter good-friday easter-monday ash-wednesday ascension pentecost whit-monday
corpus-christi advent-1 orthodox-easter orthodox-christmas rosh-hashanah yom-kippur sukkot simchat-torah
hanukkah purim pesach shavuot islamic-new-year ashura mawlid ramadan laylat-al-qadr eid-al-fitr eid-al-adha
chinese-new-year lantern-festival dragon-boat-festival mid-autumn-festival nowruz bahai-naw-ruz
birth-of-the-bab birth-of-bahaullah diwali holi navaratri dussehra raksha-bandhan janmashtami vaisakhi
guru-nanak-gurpurab vesak carsema-sor hidrellez enkutatash interkulturelle-woche
tag-des-fluechtlings""".split()
RULE = re.compile(
    r"^(?P<base>[a-z0-9 -]+?)(?: (?P<sign>[+-]) (?P<n>\d+))?(?:; (?P<wd>mon|tue|wed|thu|fri|sat|sun) "
    r"(?P<mode>on-or-after|on-or-before|after|before))?$"
)
NOTO = Path("/usr/share/fonts/truetype/noto")
FALLBACK = "/usr/share/fonts/truetype/droid"


def shift(day: date, weekday: int, mode: str) -> date:
    """Move `day` to the requested weekday as the rule grammar defines it."""
    if mode in ("on-or-after", "after"):
        start = day + timedelta(days=1) if mode == "after" else day
        return start + timedelta(days=(weekday - start.weekday()) % 7)
    start = day - timedelta(days=1) if mode == "before" else day
    return start - timedelta(days=(start.weekday() - weekday) % 7)


def simple_date(rule: str, year: int) -> date | None:
    """Evaluate the Gregorian/Easter subset of the grammar; None for other calendars."""
    m = RULE.match(rule)
    if not m:
        raise ValueError(f"rule does not parse: {rule!r}")
    words = m["base"].split()
    if words[0] == "fixed":
        day = date(year, MONTHS.index(words[2]) + 1, int(words[1]))
    elif words[0] == "easter" and len(words) == 1:
        day = easter(year)
    elif words[0] == "nth":
        first = date(year, MONTHS.index(words[3]) + 1, 1)
        day = shift(first, WEEKDAYS.index(words[2]), "on-or-after") + timedelta(weeks=int(words[1]) - 1)
    else:
        return None
    if m["sign"]:
        day += timedelta(days=int(m["n"]) * (1 if m["sign"] == "+" else -1))
    if m["wd"]:
        day = shift(day, WEEKDAYS.index(m["wd"]), m["mode"])
    return day


def script_of(text: str) -> str:
    """The Unicode script family of the first letter, for counting original-script names."""
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for key in (
                "ARABIC",
                "HEBREW",
                "DEVANAGARI",
                "GURMUKHI",
                "CJK",
                "HIRAGANA",
                "KATAKANA",
                "HANGUL",
                "GREEK",
                "CYRILLIC",
                "ARMENIAN",
                "ETHIOPIC",
                "LATIN",
            ):
                if name.startswith(key):
                    return "JAPANESE-KANA" if key in ("HIRAGANA", "KATAKANA") else key
    return "OTHER"


_CMAPS: dict[str, set[int]] = {}


def _cmaps() -> dict[str, set[int]]:
    """Character sets of the Noto and Droid fallback fonts, loaded once."""
    if not _CMAPS:
        try:
            from fontTools.ttLib import TTFont
        except ImportError:
            return {}
        paths = sorted(NOTO.glob("*-Regular.ttf")) + sorted(Path(FALLBACK).glob("*.ttf"))
        for path in paths:
            _CMAPS[path.name] = set(TTFont(path, lazy=True)["cmap"].getBestCmap())
    return _CMAPS


def font_covers(char: str) -> list[str]:
    """Fonts whose cmap has the character (every font when fontTools is missing: not checked)."""
    cmaps = _cmaps()
    if not cmaps:
        return ["(fontTools missing: not checked)"]
    return [name for name, cmap in cmaps.items() if ord(char) in cmap]


def main() -> int:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    problems: list[str] = []
    traditions = {t["id"]: t for t in data["traditions"]}
    colours = [tuple(t["colour"]) for t in data["traditions"]]
    if len(set(colours)) != len(colours):
        problems.append("two traditions share a colour")
    for t in data["traditions"]:
        c = t["colour"]
        if any(0 < v < 10 or v > 100 for v in c) or sum(c) > 250:
            problems.append(f"{t['id']}: colour {c} has a tint under 10 % or ink over 250 %")
        if not [n for n in font_covers(t["symbol"]) if n.startswith("Noto")]:
            problems.append(f"{t['id']}: no Noto font covers {t['symbol']!r}")
    festivals = data["festivals"]
    ids = [f["id"] for f in festivals]
    problems += [f"duplicate id {i}" for i, n in Counter(ids).items() if n > 1]
    problems += [f"missing required id {i}" for i in REQUIRED_IDS if i not in ids]
    scripts: Counter[str] = Counter()
    for f in festivals:
        if f["tradition"] not in traditions:
            problems.append(f"{f['id']}: unknown tradition {f['tradition']}")
        if not {"de", "en"} <= set(f["names"]) or not f.get("explanation", {}).get("de"):
            problems.append(f"{f['id']}: needs names.de, names.en and explanation.de")
        for lang, text in f["names"].items():
            if lang not in ("de", "en"):
                scripts[script_of(text)] += 1
                letters = set(text) - {" ", "\u200c"}
                gaps = "".join(sorted(ch for ch in letters if ord(ch) > 0x2FF and not font_covers(ch)))
                if gaps:
                    print(f"font gap: {f['id']} {lang} {text!r}: no installed Noto/Droid font has {gaps}")
        if f["rule"] == "table":
            table = f.get("dates", {})
            if not f.get("dates_source"):
                problems.append(f"{f['id']}: table without dates_source")
            for year, value in table.items():
                days = value if isinstance(value, list) else [value]
                if any(d.year != year for d in days):
                    problems.append(f"{f['id']}: {year} -> {value} is not in that year")
            missing = [y for y in range(2020, 2036) if y not in table]
            if missing:
                problems.append(f"{f['id']}: table lacks {missing}")
        else:
            simple_date(f["rule"], 2025)  # raises on a rule that does not parse
        for year, announced in (f.get("announced") or {}).items():
            by_rule = simple_date(f["rule"], year)
            if by_rule != announced:
                print(f"note: {f['id']} {year}: announced {announced}, rule gives {by_rule} (announced wins)")
    # Baden-Württemberg public holidays, 1991–2100
    for year in range(1991, 2101):
        expected = set(holidays.Germany(subdiv="BW", years=year))
        ours: set[date] = set()
        for f in festivals:
            flag = f.get("public_holiday", False)
            if flag is True or (isinstance(flag, list) and year in flag):
                day = simple_date(f["rule"], year)
                if day is None:
                    problems.append(f"{f['id']}: public holiday with a non-Gregorian rule")
                    continue
                ours.add(day)
        if ours != expected:
            problems.append(f"BW {year}: only ours {sorted(ours - expected)}, only holidays {sorted(expected - ours)}")
    print(
        f"{len(festivals)} festivals, {len(traditions)} traditions, "
        f"{len({f['tradition'] for f in festivals})} traditions used"
    )
    print(f"original-script names: {sum(scripts.values())} {dict(scripts)}")
    print(f"festivals with an original-script name: {sum(1 for f in festivals if set(f['names']) - {'de', 'en'})}")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
