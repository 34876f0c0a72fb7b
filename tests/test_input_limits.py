"""Bounded work on the input side: rule expansion by window, imports, preflight budgets, URLs, paths."""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pikepdf
import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.core.inputfiles import inside
from calendar_builder.core.webaddress import PUBLISHED_SCHEMES, is_web_address
from calendar_builder.errors import DataError
from calendar_builder.media.guard import image_problem
from calendar_builder.organisations.import_ics import import_ics
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.organisations.recurrence import RRuleError, normalise_rrule, rule_date_set, rule_dates
from calendar_builder.preflight import budget
from tests.hostile import files


def event(start: date, rule: str) -> OrgEvent:
    return OrgEvent("e", "o", (("de", "E"),), start, start, rrule=rule)


RULES = st.one_of(
    st.builds(lambda n, days: f"FREQ=DAILY;INTERVAL={n}" + (f";BYDAY={days}" if days else ""),
              st.integers(1, 9), st.sampled_from(["", "MO", "TU,FR", "SA,SU"])),
    st.builds(lambda n, days: f"FREQ=WEEKLY;INTERVAL={n};BYDAY={days}", st.integers(1, 5),
              st.sampled_from(["MO", "TH", "MO,WE,FR", "SU"])),
    st.builds(lambda n: f"FREQ=WEEKLY;INTERVAL={n};BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", st.integers(1, 3)),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(RULES, st.dates(date(1900, 1, 1), date(2026, 12, 31)), st.integers(2026, 2030), st.integers(1, 400))
def test_window_restart_gives_the_rule_s_own_dates(rule: str, start: date, year: int, days: int) -> None:
    """Restarting a daily or weekly rule near the window must give exactly the days of the rule from its start."""
    first = date(year, 1, 1)
    last = first + timedelta(days=days)
    reference = rrulestr(f"RRULE:{rule}", dtstart=datetime.combine(start, time()))
    want = [d.date() for d in reference.between(datetime.combine(first, time()), datetime.combine(last, time()),
                                                inc=True)]  # fmt: skip
    assert rule_dates(event(start, rule), first, last) == want


def test_exceptions_are_checked_in_one_pass() -> None:
    series = event(date(1900, 1, 4), "FREQ=WEEKLY;BYDAY=TH")
    days = [date(1900, 1, 4) + timedelta(weeks=w) for w in range(0, 5000, 3)]
    assert rule_date_set(series, [*days, date(2027, 1, 1)]) == set(days)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY",
        "FREQ=DAILY;COUNT=5001",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;INTERVAL=1001",
        "FREQ=DAILY;UNTIL=21010101",
        "FREQ=DAILY;COUNT=x",
    ],
)
def test_rules_beyond_the_limits_are_refused(rule: str) -> None:
    with pytest.raises(RRuleError):
        normalise_rrule(rule)


def test_duplicate_uids_are_reported_with_both_events(tmp_path: Path) -> None:
    path = tmp_path / "k.ics"
    path.write_bytes(files.ics(files.vevent("same@x", summary="Erstes"),
                               files.vevent("same@x", "20270108T190000", "Zweites")))  # fmt: skip
    with pytest.raises(DataError) as caught:
        import_ics(path, "verein", 2027)
    (problem,) = caught.value.problems
    assert (problem.location.file, problem.location.line, problem.location.field) == (str(path), 10, "UID")
    assert "'Zweites'" in problem.message and "line 4" in problem.message


@pytest.mark.parametrize("frequency", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_sub_daily_rules_are_refused_before_expansion(tmp_path: Path, frequency: str) -> None:
    path = tmp_path / "k.ics"
    path.write_bytes(files.ics(files.vevent(start="19000101T000000", extra=f"RRULE:FREQ={frequency}")))
    with pytest.raises(DataError, match=f"FREQ={frequency}") as caught:
        import_ics(path, "verein", 2027)
    assert caught.value.problems[0].location.line == 4


def test_a_flate_bomb_is_measured_without_inflating_it() -> None:
    pdf = pikepdf.new()
    data = zlib.compress(b"\0" * (64 << 20), 9)
    stream = pikepdf.Stream(pdf, b"")
    stream.write(data, filter=pikepdf.Name.FlateDecode)
    assert budget.decoded_size(stream, 1 << 20) == (1 << 20) + 1
    assert budget.decoded_size(stream, 128 << 20) == 64 << 20
    with pytest.raises(budget.TooLarge, match="the limit"):
        budget.read(stream, "a test stream", 1 << 20)


def test_operator_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from calendar_builder.preflight import preflight, scan

    path = tmp_path / "ops.pdf"
    path.write_bytes(files.pdf_page(b"0 0 m 1 1 l S " * 400, pages=5))
    monkeypatch.setattr(scan, "MAX_OPERATORS", 5000)
    report = preflight(path)
    assert [f.message for f in report.by_check("size")] == [
        "too large to check: the content streams hold more than 5,000 operators (the limit) (page 5)"
    ]
    assert not report.ok


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "http://example.org/",
        "https://",
        "https://a b.org/",
        "https://u:p@example.org/",
        "https://example.org:x/",
        "data:,x",
    ],
)
def test_published_addresses_are_https_with_a_host(value: str) -> None:
    assert not is_web_address(value, PUBLISHED_SCHEMES)
    assert is_web_address("https://example.org/kalender/feeds/", PUBLISHED_SCHEMES)


def test_paths_stay_inside(tmp_path: Path) -> None:
    (tmp_path / "data" / "art").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(b"x")
    (tmp_path / "data" / "art" / "link.png").symlink_to(tmp_path / "secret.png")
    folder = tmp_path / "data"
    assert inside(folder, "art/cover.png") == folder / "art" / "cover.png"
    for bad in ("/etc/passwd", "../secret.png", "art/../../secret.png", "C:/x.png", "art\\..\\..\\x", "art/link.png"):
        assert inside(folder, bad) is None, bad


def test_pixels_are_counted_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(files.png_bomb(12_000))
    assert "more than the limit of 25,000,000" in image_problem(path, 25_000_000, 20 << 20)
    path.write_bytes(files.png_claiming(60_000, 60_000))
    assert "not decoded" in image_problem(path, 25_000_000, 20 << 20)
    path.write_bytes(files.truncated_png())
    assert "damaged" in image_problem(path, 25_000_000, 20 << 20)
