"""The shipped festival data as readers meet it: every rule names its authority, greetings reach the strip,
the feeds and `dates --json`, and the 2027 print carries the communities' scripts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from calendar_builder.cli import main
from calendar_builder.core.expand import expand_festival
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Festival
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.feeds.plan import festival_description
from tests.conftest import ROOT

#: Festivals whose greeting the strip, the feeds and the JSON must carry.
MAJOR = (
    "christmas", "easter", "orthodox-easter", "orthodox-christmas", "armenian-christmas", "coptic-christmas",
    "rosh-hashanah", "yom-kippur", "pesach", "hanukkah", "purim", "ramadan", "eid-al-fitr", "eid-al-adha",
    "nowruz", "newroz", "chinese-new-year", "tet", "seollal", "diwali", "holi", "vaisakhi",
    "guru-nanak-gurpurab", "vesak", "thai-pongal", "ida-ezi", "carsema-sor", "bahai-naw-ruz",
)  # fmt: skip


@cache
def festivals() -> dict[str, Festival]:
    return {f.id: f for f in load_catalogue(ROOT / "data" / "holidays.yaml").festivals}


def scripts(text: str) -> set[str]:
    return {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha() and unicodedata.name(ch, "")}


def test_at_least_170_festivals_each_naming_its_authority() -> None:
    assert len(festivals()) >= 170
    for festival in festivals().values():
        assert len(festival.authority) >= 10, festival.id


def test_new_days_say_why_they_belong() -> None:
    text = (ROOT / "data" / "holidays.yaml").read_text(encoding="utf-8")
    whys = re.findall(r"^  # Why: .+\n(?:  # .+\n)*  - id: (\S+)$", text, re.M)
    assert len(whys) >= 35
    assert set(whys) <= set(festivals())


def test_major_festivals_have_greetings_with_transliteration() -> None:
    for festival_id in MAJOR:
        greetings = festivals()[festival_id].greetings
        assert greetings, festival_id
        for greeting in greetings:
            if scripts(greeting.text) - {"LATIN"}:
                assert greeting.transliteration and scripts(greeting.transliteration) - {"MODIFIER"} == {"LATIN"}, (
                    festival_id
                )


def test_greetings_in_json_and_feeds(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["dates", "--data", str(ROOT / "data"), "--year", "2027", "--json"])
    assert result.exit_code == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout) if row["kind"] == "festival"}
    assert {"lang": "ar", "text": "عيد مبارك", "transliteration": "Eid Mubarak"} in rows["eid-al-fitr"]["greetings"]
    assert rows["hizir-fast"]["authority"].startswith("Alevitische Gemeinde Deutschland")
    (occurrence,) = expand_festival(festivals()["diwali"], 2027, ExpandOptions())
    description = festival_description(occurrence)
    assert "शुभ दीपावली (Shubh Deepavali)" in description and "Regel folgt:" in description


@pytest.fixture(scope="module")
def print_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("edition")
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(folder / "out"), "--year", "2027"])
    assert result.exit_code == 0, result.stderr
    pdf = folder / "out" / "2027" / "kalender-2027-entwurf.pdf"  # the shipped sample data builds a draft
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_print_carries_at_least_sixteen_scripts(print_text: str) -> None:
    found = scripts(print_text) - {"MODIFIER"}
    assert len(found) >= 16, sorted(found)
    for script in ("TAMIL", "SINHALA", "THAI", "GEORGIAN", "BENGALI", "ETHIOPIC", "ARMENIAN", "GURMUKHI"):
        assert script in found


def test_strip_shows_greetings(print_text: str) -> None:
    flat = " ".join(print_text.split())
    for transliteration in ("Eid Mubarak", "Shubh Deepavali", "Chúc Mừng Năm Mới", "Frohe Ostern", "Subha Vesak"):
        assert transliteration in flat, transliteration
