"""A generated edition at the size the calendar should reach: 60 organisations, 500 one-off events and 100
recurring series in one year, with the shipped festivals. Deterministic (fixed seed), so a failure reproduces.

Used by tests/test_print_content.py and by tools/benchmark_build.py (which reports its build time).
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2027
ORGANISATIONS = 60
ONE_OFF = 500
SERIES = 100

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TITLES = (
    "Sommerfest", "Lesung mit Musik", "Infoabend Ausbildung", "Kochabend", "Filmabend mit Gespräch", "Tanzworkshop",
    "Elterncafé", "Frühlingsfest", "Konzert im Hof", "Vortrag: Gesundheit im Alter", "Kinderfest",
    "Ausstellungseröffnung", "Newroz-Fest mit Livemusik", "Podiumsdiskussion Einbürgerung", "Benefizbasar",
    "Jubiläumsfeier", "Sprachcafé spezial", "Workshop Bewerbung", "Theaterabend", "Picknick am Neckar",
)  # fmt: skip
SERIES_TITLES = (
    "Hausaufgabenhilfe", "Sprachcafé", "Frauentreff", "Samstagsschule", "Chorprobe", "Beratung", "Seniorentreff",
    "Jugendtreff", "Trommelgruppe", "Offener Abend",
)  # fmt: skip
RULES = ("FREQ=WEEKLY;BYDAY={d}", "FREQ=WEEKLY;INTERVAL=2;BYDAY={d}", "FREQ=MONTHLY;BYDAY=2{d}",
         "FREQ=MONTHLY;BYDAY=-1{d}", "FREQ=MONTHLY;BYDAY=1{d}")  # fmt: skip


def _first_day(rule: str, weekday: int) -> date:
    """The first day of the rule in the year: the date the data must give as an event's `date`."""
    days = [date(YEAR, 1, 1) + timedelta(n) for n in range(31)]
    matching = [d for d in days if d.weekday() == weekday]
    if "BYDAY=2" in rule:
        return matching[1]
    if "BYDAY=-1" in rule:
        return matching[-1]
    return matching[0]


def organisations_yaml(seed: int = 11) -> str:
    rng = random.Random(seed)
    lines = ["organisations:"]
    one_off = [ONE_OFF // ORGANISATIONS + (1 if n < ONE_OFF % ORGANISATIONS else 0) for n in range(ORGANISATIONS)]
    series = [SERIES // ORGANISATIONS + (1 if n < SERIES % ORGANISATIONS else 0) for n in range(ORGANISATIONS)]
    for n in range(ORGANISATIONS):
        oid = f"verein-{n:02d}"
        lines += [
            f"  - id: {oid}",
            f'    name: "Kulturverein Nummer {n:02d} Heidelberg"',
            f'    short_name: "Verein {n:02d}"',
            '    description: {de: "Ein Verein für Kultur, Sprache und Begegnung in Heidelberg."}',
            "    languages: [de, tr]",
            "    contact:",
            f"      email: info@{oid}.example.org",
            f"      website: https://{oid}.example.org",
            "    events:",
        ]
        for k in range(one_off[n]):
            # weekends are the busy days, as in a real year
            day = date(YEAR, 1, 1) + timedelta(rng.randrange(365))
            if rng.random() < 0.5:
                day += timedelta((5 - day.weekday()) % 7)
            if day.year != YEAR:
                day = date(YEAR, 12, 31)
            lines += [
                f"      - id: termin-{k:02d}",
                f'        title: "{rng.choice(TITLES)}"',
                f"        date: {day.isoformat()}",
                f'        time: "{rng.choice(("10:00", "14:30", "16:00", "18:00", "19:30"))}"',
            ]
        for k in range(series[n]):
            weekday = rng.randrange(7)
            rule = rng.choice(RULES).format(d=DAY_CODES[weekday])
            lines += [
                f"      - id: reihe-{k:02d}",
                f'        title: "{rng.choice(SERIES_TITLES)}"',
                f"        date: {_first_day(rule, weekday).isoformat()}",
                f'        time: "{rng.choice(("09:30", "16:00", "18:30", "19:00"))}"',
                f"        rrule: {rule}",
            ]
            if k == 0 and n % 10 == 0 and "MONTHLY" in rule:
                lines.append("        print_in_cells: true")
    return "\n".join(lines) + "\n"


CLEAN_EDITION = """feeds_base_url_confirmed: true
imprint:
  publisher: "Testverlag Kalender, Teststraße 1, 00000 Teststadt"
  responsible: "Erika Test, Teststraße 1, 00000 Teststadt"
  printer: "Testdruckerei, Druckweg 2, 00000 Teststadt"
  print_run: "10 Exemplare"
  published: "Januar 2000"
"""


def capacity_data(folder: Path) -> Path:
    """A data folder: the shipped festivals and settings, the generated organisations, a complete imprint."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "holidays.yaml", folder / "holidays.yaml")
    (folder / "organisations.yaml").write_text(organisations_yaml(), encoding="utf-8")
    (folder / "edition.yaml").write_text(CLEAN_EDITION, encoding="utf-8")
    return folder
