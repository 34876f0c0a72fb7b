"""Conventions as data: a festival's other dates, with who keeps them, in JSON, feeds, proof and print."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from click.testing import CliRunner

from calendar_builder.cli import main
from calendar_builder.core.expand import expand_festival
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Festival, Occurrence
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.errors import DataError
from calendar_builder.feeds.plan import festival_description
from calendar_builder.proof.things import festival_thing
from tests.conftest import ROOT

OPTIONS = ExpandOptions()
SHIA = ("ashura-mourning", "tasua", "arbaeen", "eid-al-ghadir", "birth-of-imam-ali", "martyrdom-of-imam-ali")


@cache
def festivals() -> dict[str, Festival]:
    return {f.id: f for f in load_catalogue(ROOT / "data" / "holidays.yaml").festivals}


def one(festival_id: str, year: int) -> Occurrence:
    (occurrence,) = [o for o in expand_festival(festivals()[festival_id], year, OPTIONS)]
    return occurrence


def test_the_nine_conventions_of_2027() -> None:
    diwali = one("diwali", 2027)
    assert diwali.start == date(2027, 10, 29)
    assert [(v.start, v.who_de) for v in diwali.variants] == [
        (date(2027, 10, 28), "in tamilischen und südindischen Gemeinden")
    ]
    assert one("janmashtami", 2027).variants[0].start == date(2027, 8, 24)
    for festival_id in SHIA:
        for occurrence in expand_festival(festivals()[festival_id], 2027, OPTIONS):
            assert [v.start for v in occurrence.variants] == [occurrence.start + timedelta(days=1)], festival_id
    # Kurban Bayramı 2027 is 16 May: counted from it the fast starts on 5 June, a day before 1 Muharrem.
    assert one("muharrem-fast", 2027).variants[0].start == date(2027, 6, 5)
    assert one("asure-alevi", 2027).variants[0].start == date(2027, 6, 17)
    with_variants = {o.id for f in festivals().values() for o in expand_festival(f, 2027, OPTIONS) if o.variants}
    assert len(with_variants) == 10  # the nine of the issue and Tasua


def test_a_variant_on_the_same_day_is_not_shown_and_marks_uncertainty() -> None:
    # 2025: Dhu al-Hijja had 29 days, so Kurban Bayramı + 20 days is 1 Muharrem itself.
    assert one("muharrem-fast", 2025).variants == ()
    assert one("diwali", 2027).uncertain_days == 1
    assert all(o.uncertain_days >= 1 for o in (one("janmashtami", 2027), one("muharrem-fast", 2027)))


def test_variants_in_json_feeds_and_proof() -> None:
    result = CliRunner().invoke(main, ["dates", "--data", str(ROOT / "data"), "--year", "2027", "--json"])
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout) if row["kind"] == "festival"}
    assert rows["diwali"]["variants"] == [
        {"date": "2027-10-28", "who": "in tamilischen und südindischen Gemeinden",
         "who_en": "in Tamil and South Indian communities (Deepavali)"}
    ]  # fmt: skip
    text = CliRunner().invoke(main, ["dates", "--data", str(ROOT / "data"), "--year", "2027"]).stdout
    assert "[in tamilischen und südindischen Gemeinden am 28.10.]" in text
    description = festival_description(one("diwali", 2027))
    assert "Abweichend: in tamilischen und südindischen Gemeinden am 28.10." in description
    entry = festival_thing([one("janmashtami", 2027)], OPTIONS)
    assert any(c.startswith("abweichend nach Smarta-Regel am 24.8. (") for c in entry.caveats)


def test_a_bad_variant_is_a_located_error(tmp_path: Path) -> None:
    source = (ROOT / "tests" / "fixtures" / "holidays-small.yaml").read_text(encoding="utf-8")
    broken = source.replace(
        "    rule: easter\n", "    rule: easter\n    variants:\n      - {rule: 'easter + x', who: 'x'}\n", 1
    )
    assert broken != source
    path = tmp_path / "holidays.yaml"
    path.write_text(broken, encoding="utf-8")
    try:
        load_catalogue(path)
    except DataError as exc:
        assert "variants.rule" in str(exc) and "holidays.yaml" in str(exc)
    else:
        raise AssertionError("a bad variant rule must be reported")
