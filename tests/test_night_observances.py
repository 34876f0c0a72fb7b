"""Night-only observances (the Kandil nights) are dated by their evening, as Diyanet's 'Dini Günler' prints
them, and every output says which night is meant."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache

from click.testing import CliRunner

from calendar_builder.cli import main
from calendar_builder.core.expand import expand_festival
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Festival
from calendar_builder.core.rules import ExpandOptions, expand_rule
from calendar_builder.feeds.plan import festival_description
from calendar_builder.proof.things import festival_thing
from tests.conftest import ROOT

OPTIONS = ExpandOptions()
NIGHTS = ("regaib-kandili", "isra-miraj", "laylat-al-baraat", "laylat-al-qadr")


@cache
def festivals() -> dict[str, Festival]:
    return {f.id: f for f in load_catalogue(ROOT / "data" / "holidays.yaml").festivals}


def test_nights_are_dated_by_the_evening_before_the_rule_day() -> None:
    for festival_id in NIGHTS:
        festival = festivals()[festival_id]
        assert festival.night_before and not festival.evening_before
        for year in range(1950, 2100):
            evenings = [o.start for o in expand_festival(festival, year, OPTIONS)]
            days = [d for y in (year, year + 1) for d in expand_rule(festival.rule, y, OPTIONS)]
            assert evenings == [d - timedelta(days=1) for d in days if (d - timedelta(days=1)).year == year]


def test_berat_kandili_2027_is_the_evening_of_22_january() -> None:
    """Diyanet: Şaban 1448 begins 9 Jan 2027, so 15 Şaban is 23 Jan and Berat Kandili the night before."""
    (berat,) = expand_festival(festivals()["laylat-al-baraat"], 2027, OPTIONS)
    assert berat.start == date(2027, 1, 22)
    assert "Nacht zum 23.1.: die Nacht beginnt am Abend des 22.1.2027." in festival_description(berat)
    entry = festival_thing([berat], OPTIONS)
    assert any(c.startswith("Nacht zum 23.1.") for c in entry.caveats)
    result = CliRunner().invoke(main, ["dates", "--data", str(ROOT / "data"), "--year", "2027", "--json"])
    rows = [r for r in json.loads(result.stdout) if r["kind"] == "festival" and r["id"] == "laylat-al-baraat"]
    assert rows[0]["date"] == "2027-01-22" and rows[0]["night_before"] is True
    text = CliRunner().invoke(main, ["dates", "--data", str(ROOT / "data"), "--year", "2027"]).stdout
    assert any("22.01.2027" in line and "(Nacht zum 23.1.)" in line for line in text.splitlines())
