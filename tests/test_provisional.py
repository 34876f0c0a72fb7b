"""Organiser-announced events computed by rule for a year not yet announced are "vorläufig" everywhere."""

from __future__ import annotations

import json
from functools import cache

from click.testing import CliRunner

from calendar_builder.cli import main
from calendar_builder.core.expand import expand_festival
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Festival
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition.model import make_edition
from calendar_builder.feeds.plan import festival_description
from calendar_builder.proof.decisions import _provisional
from calendar_builder.proof.things import festival_thing
from calendar_builder.settings import Settings
from tests.conftest import ROOT

OPTIONS = ExpandOptions()
ANNOUNCED = ("interkulturelle-woche", "tag-des-fluechtlings", "weeks-against-racism")


@cache
def festivals() -> dict[str, Festival]:
    return {f.id: f for f in load_catalogue(ROOT / "data" / "holidays.yaml").festivals}


def test_provisional_only_after_the_last_announced_year() -> None:
    for festival_id in ANNOUNCED:
        festival = festivals()[festival_id]
        assert festival.announced is not None
        last = festival.announced.last_year
        for year in range(2000, 2040):
            (occurrence,) = expand_festival(festival, year, OPTIONS)
            assert occurrence.provisional == (year > last), (festival_id, year)
    assert not any(o.provisional for f in festivals().values() if f.announced is None
                   for o in expand_festival(f, 2027, OPTIONS))  # fmt: skip


def test_provisional_in_json_feeds_proof_and_open_decisions() -> None:
    (ikw,) = expand_festival(festivals()["interkulturelle-woche"], 2027, OPTIONS)
    assert "Vorläufiges Datum: vom Veranstalter für 2027 noch nicht angekündigt." in festival_description(ikw)
    entry = festival_thing([ikw], OPTIONS)
    assert any(c.startswith("vorläufig") for c in entry.caveats)
    result = CliRunner().invoke(main, ["dates", "--data", str(ROOT / "data"), "--year", "2027", "--json"])
    rows = {r["id"]: r for r in json.loads(result.stdout) if r["kind"] == "festival"}
    assert all(rows[i]["provisional"] for i in ANNOUNCED) and not rows["easter"]["provisional"]
    decisions = _provisional(make_edition(Settings(data_dir=ROOT / "data", year=2027)))
    assert len(decisions) == 3 and all(
        "[announced]" in d.where and "noch nicht angekündigt" in d.text for d in decisions
    )
