"""Two sources for every printed date: the second methods against the engine, a planted disagreement through
`build` and the proof, and the shipped data for 2026–2028."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from dateutil.easter import EASTER_ORTHODOX, easter
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.calendars import registry
from calendar_builder.calendars import second as S
from calendar_builder.calendars.chinese import month_table
from calendar_builder.calendars.persian import nowruz
from calendar_builder.cli import main
from calendar_builder.core.confirm import confirm, confirmation
from calendar_builder.core.expand import expand, expand_festival
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Agreement, Festival
from calendar_builder.core.rules import ExpandOptions
from calendar_builder.edition.gates import print_blockers
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.proof.decisions import Topic, _unconfirmed
from tests.conftest import ROOT
from tests.printkit import YEAR, data_folder, edition

OPTIONS = ExpandOptions()

#: the lunar-python table follows the official Chinese calendar where the plain rule (a month holds its
#: principal term) does not decide: 1985 (month 12 of 1984 and the new year) and the "2033 problem" (the
#: leap month after the 11th month; months 8–12 of 2033 and the new year 2034), 2052–2053 the same way,
#: and a new moon minutes from midnight in China time (9th month of 2057, where lunardate differs too).
CHINESE_EXCEPTIONS = {(1984, 12), (1985, 1), (2033, 8), (2033, 9), (2033, 10), (2034, 1), (2052, 12), (2053, 1),
                      (2057, 9)}  # fmt: skip


@cache
def shipped() -> dict[str, Festival]:
    return {f.id: f for f in load_catalogue(ROOT / "data" / "holidays.yaml").festivals}


# --- the second methods against the engine --------------------------------------------------------------------


def test_easter_by_meeus_equals_dateutil_1900_2100() -> None:
    for year in range(1900, 2101):
        assert S.easter_western(year) == easter(year)
        assert S.easter_orthodox(year) == easter(year, EASTER_ORTHODOX)


@settings(deadline=None)
@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28))
def test_julian_day_numbers_equal_convertdate(year: int, month: int, day: int) -> None:
    assert S.julian_to_gregorian(year, month, day) == registry.calendar_system("julian").to_gregorian(year, month, day)


@settings(deadline=None)
@given(st.integers(1890, 2095), st.integers(1, 13), st.integers(1, 5))
def test_ethiopian_day_numbers_equal_convertdate(year: int, month: int, day: int) -> None:
    ethiopian = registry.calendar_system("ethiopian")
    assert S.ethiopian_to_gregorian(year, month, day) == ethiopian.to_gregorian(year, month, day)


@settings(deadline=None)
@given(st.integers(5661, 5860), st.integers(1, 13), st.integers(1, 29))
def test_convertdate_hebrew_equals_pyluach(year: int, month: int, day: int) -> None:
    assert S.hebrew_to_gregorian(year, month, day) == registry.calendar_system("hebrew").to_gregorian(year, month, day)


def test_nowruz_by_meeus_equals_the_ephem_equinox_1900_2100() -> None:
    assert [y for y in range(1900, 2101) if S.nowruz(y) != nowruz(y)] == []


def test_chinese_months_by_new_moon_and_principal_term_1929_2100() -> None:
    # 1929: China adopted UTC+8; before, Beijing local time moved a few new moons across midnight.
    differ = {
        (m.year, m.month)
        for m in month_table()
        if not m.leap and 1929 < m.first_day.year < 2100
        and S.chinese_month_start(m.month, m.first_day + timedelta(days=14)) != m.first_day
    }  # fmt: skip
    assert differ == CHINESE_EXCEPTIONS


def test_every_shipped_festival_has_a_second_source_1990_2060() -> None:
    """No rule kind of the shipped data goes without a second method (the Bahá'í dates beyond the World
    Centre's table, 2065 on, would)."""
    result = expand(tuple(shipped().values()), range(1990, 2061), OPTIONS)
    missing = {o.festival.id for o in confirm(result.occurrences, OPTIONS) if o.confirmation and
               o.confirmation.agreement is Agreement.MISSING}  # fmt: skip
    assert missing == set()


# --- the shipped data ------------------------------------------------------------------------------------------


#: Real disagreements between the Government of India lists (printed, as published) and the panchang
#: (see tests/test_panchang.py, TABLE_CONVENTIONS): Holi 2026, whose Dhulandi the list puts on 4 March.
KNOWN_2026_2028 = {("holi", 2026): date(2026, 3, 3)}


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_the_shipped_data_has_no_unexplained_disagreement(year: int) -> None:
    result = expand(tuple(shipped().values()), range(year, year + 1), OPTIONS)
    found = {
        (o.festival.id, year): o.confirmation.second
        for o in confirm(result.occurrences, OPTIONS)
        if o.confirmation is not None and o.confirmation.blocks_print
    }
    assert found == {k: v for k, v in KNOWN_2026_2028.items() if k[1] == year}


def test_a_moon_sighting_day_is_allowed_but_a_week_is_not() -> None:
    """Regaib 2024: Diyanet's Rajab began a day before Umm al-Qura's, which moved the first Friday by a week;
    the declared ±1 day applies to the month's first day, so the two agree."""
    (regaib,) = expand_festival(shipped()["regaib-kandili"], 2024, OPTIONS)
    verdict = confirmation(regaib, OPTIONS)
    assert verdict.agreement is Agreement.AGREES and "Umm al-Qura" in verdict.method


def test_a_confirmed_entry_is_the_second_source_and_can_disagree(tmp_path: Path) -> None:
    text = """
  - id: pesach-checked
    tradition: civic
    names: {de: Pessach, en: Passover}
    explanation: {de: Test.}
    rule: hebrew 15 nisan
    confirmed:
      - {year: 2026, date: 2026-04-03, by: "Jüdische Kultusgemeinde (Test)", checked: 2025-11-01}
"""
    folder = data_folder(tmp_path, text)
    (occurrence,) = [o for o in edition(folder).occurrences if o.festival.id == "pesach-checked"]
    assert occurrence.start == date(2026, 4, 2)
    assert occurrence.confirmation is not None
    assert occurrence.confirmation.agreement is Agreement.DISAGREES
    assert occurrence.confirmation.second == date(2026, 4, 3)
    assert "Jüdische Kultusgemeinde (Test)" in occurrence.confirmation.method


def test_a_bad_confirmed_entry_is_a_located_error(tmp_path: Path) -> None:
    text = """
  - id: pesach-checked
    tradition: civic
    names: {de: Pessach, en: Passover}
    explanation: {de: Test.}
    rule: hebrew 15 nisan
    confirmed:
      - {year: 2026, date: 2027-04-22, by: "Test", checked: 2025-11-01}
"""
    folder = data_folder(tmp_path, text)
    result = CliRunner().invoke(main, ["dates", "--data", str(folder), "--year", str(YEAR)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "holidays.yaml:" in result.output and "confirmed.date" in result.output


# --- a planted disagreement through build and proof ------------------------------------------------------------

#: a lunar new year table with a slip of a day: the Chinese calendar has 17 February 2026
PLANTED = """
  - id: planted-new-year
    tradition: civic
    names: {de: Mondneujahr, en: Lunar New Year}
    explanation: {de: Test.}
    rule: table
    dates: {2026: 2026-02-18}
    dates_source: "a list with a slip"
    confirm_rule: chinese 1 1
"""


def test_a_planted_disagreement_keeps_the_build_a_draft_with_a_located_blocker(tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    (tmp_path / "planted").mkdir()
    clean = data_folder(tmp_path / "clean")
    assert print_blockers(edition(clean), load_edition_settings(clean), clean) == ()
    folder = data_folder(tmp_path / "planted", PLANTED)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(out), "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    assert (out / str(YEAR) / f"kalender-{YEAR}-entwurf.pdf").exists()
    assert not (out / str(YEAR) / f"kalender-{YEAR}-druck.pdf").exists()
    (blocker,) = print_blockers(edition(folder), load_edition_settings(folder), folder)
    lines = (folder / "holidays.yaml").read_text(encoding="utf-8").splitlines()
    assert blocker.field == "rule" and lines[blocker.line - 1].strip() == "- id: planted-new-year"
    assert "18.02.2026" in blocker.message and "17.02.2026" in blocker.message
    assert str(blocker) in result.output


def test_the_proof_lists_both_dates_and_both_methods(tmp_path: Path) -> None:
    folder = data_folder(tmp_path, PLANTED)
    (decision,) = _unconfirmed(edition(folder))
    assert decision.topic is Topic.UNCONFIRMED
    assert "gedruckt am Mi 18.02.2026" in decision.text and "Di 17.02.2026" in decision.text
    assert "a list with a slip" in decision.text and "chinese 1 1" in decision.text
    assert decision.where.endswith("[rule]")
