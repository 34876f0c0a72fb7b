"""A series in German words ("dienstags", "jeden 2. Freitag im Monat"), checked against the dates the rule gives,
and the one series per organisation that may print in the day cells."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from click.testing import CliRunner
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.cli import main
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.organisations.series_words import DAY_CODES, WEEKDAY_ADVERBS, WEEKDAY_NAMES, series_line
from tests.organisations_support import data_folder

GERMAN_ORDINAL = {1: "1.", 2: "2.", 3: "3.", 4: "4.", -1: "letzten"}


def event(rule: str, start: date) -> OrgEvent:
    return OrgEvent(id="e", organisation="o", title=(("de", "Treff"),), start=start, end=start, rrule=rule)


def dates(rule: str, start: date, count: int = 12) -> list[date]:
    return [d.date() for d in rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()))[:count]]


@given(st.integers(0, 6), st.integers(1, 2))
def test_weekly_words_name_the_weekday_of_every_occurrence(weekday: int, interval: int) -> None:
    start = date(2027, 1, 4 + weekday)  # 4 January 2027 is a Monday
    rule = f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={DAY_CODES[weekday]}"
    words = series_line(event(rule, start))
    for day in dates(rule, start):
        assert day.weekday() == weekday
    if interval == 1:
        assert words.startswith(WEEKDAY_ADVERBS[weekday])
    else:
        assert words.startswith(f"jeden zweiten {WEEKDAY_NAMES[weekday]}")
    gaps = {(b - a).days for a, b in zip(dates(rule, start), dates(rule, start)[1:], strict=False)}
    assert gaps == {7 * interval}


@given(st.integers(0, 6), st.sampled_from([1, 2, 3, 4, -1]))
def test_monthly_words_name_the_nth_weekday_that_every_occurrence_is(weekday: int, nth: int) -> None:
    rule = f"FREQ=MONTHLY;BYDAY={nth}{DAY_CODES[weekday]}"
    start = dates(rule, date(2027, 1, 1), 1)[0]
    assert series_line(event(rule, start)).startswith(f"jeden {GERMAN_ORDINAL[nth]} {WEEKDAY_NAMES[weekday]} im Monat")
    for day in dates(rule, start):
        assert day.weekday() == weekday
        position = (day.day - 1) // 7 + 1
        last = (date(day.year + day.month // 12, day.month % 12 + 1, 1) - day).days <= 7
        assert position == nth if nth > 0 else last


def test_time_and_title_follow_the_repetition() -> None:
    from datetime import time

    item = OrgEvent(id="e", organisation="o", title=(("de", "Hausaufgabenhilfe"),), start=date(2027, 1, 5),
                    end=date(2027, 1, 5), time=time(16, 0), rrule="FREQ=WEEKLY;BYDAY=TU,TH")  # fmt: skip
    assert series_line(item) == "dienstags und donnerstags 16:00 Hausaufgabenhilfe"


ORG = """\
organisations:
  - id: verein-a
    name: Verein A
    description: {de: Ein Verein.}
    events:
      - id: treff
        title: Treff
        date: 2027-01-07
        rrule: FREQ=WEEKLY;BYDAY=TH
        print_in_cells: true
      - id: abend
        title: Offener Abend
        date: 2027-01-08
        rrule: FREQ=MONTHLY;BYDAY=2FR
        print_in_cells: true
      - id: fest
        title: Fest
        date: 2027-06-05
        print_in_cells: true
"""


def test_one_series_per_organisation_prints_in_the_cells(tmp_path: Path) -> None:
    two_series = ORG[: ORG.index("      - id: fest")]
    result = CliRunner().invoke(main, ["check", "--data", str(data_folder(tmp_path, two_series))])
    assert result.exit_code == 1
    assert "organisations.yaml:11 [print_in_cells]" in result.output and "one series each" in result.output


def test_only_a_series_can_be_marked_to_print_in_the_cells(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--data", str(data_folder(tmp_path, ORG))])
    assert result.exit_code == 1
    assert "organisations.yaml:19 [print_in_cells]" in result.output and "recurring event" in result.output
