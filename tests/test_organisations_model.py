"""Shipped data, recurrence expansion (cross-checked), month features, the sample warning, dates --json."""

from __future__ import annotations

import calendar as stdcal
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.cli import main
from calendar_builder.errors import DataError, ProblemCollector
from calendar_builder.organisations import (
    Contact,
    Organisation,
    OrgEvent,
    assign_featured_months,
    events_for_year,
    expand_event,
    load_organisations,
    read_organisations,
    sample_warning,
)
from calendar_builder.organisations.recurrence import RRuleError, normalise_rrule, rrule_for_ics
from tests.organisations_support import BERLIN, DATA, data_folder, reference_occurrences, shown

YEAR = 2027


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    problems = ProblemCollector()
    catalogue = read_organisations(DATA / "organisations.yaml", problems)
    assert not problems.problems, "\n".join(map(str, problems.problems))
    return catalogue


def test_shipped_data_has_partners_samples_and_enough_events(shipped) -> None:  # type: ignore[no-untyped-def]
    partners = {o.id for o in shipped.organisations if o.partner}
    assert {"auslaenderrat-migrationsrat", "eine-welt-zentrum", "paritaetischer", "freiwilligenboerse"} <= partners
    amr = shipped.by_id("auslaenderrat-migrationsrat")
    assert amr.contact == Contact(
        "Geschäftsstelle, Bergheimer Straße 69, 69115 Heidelberg", "auslaenderrat@heidelberg.de", "06221 58-10360",
        "https://www.auslaenderrat.heidelberg.de",
    )  # fmt: skip
    samples = [o for o in shipped.organisations if o.sample]
    assert len(samples) >= 8
    for org in samples:
        assert org.name.startswith("Beispielverein"), org.id
        assert not org.contact.website or ".example.org" in org.contact.website
        assert not org.contact.email or org.contact.email.endswith(".example.org")
        assert not org.contact.phone or org.contact.phone.startswith("06221 00000")
        assert org.logo and (DATA / org.logo).is_file()
    in_year = {o.event for o in events_for_year(shipped, YEAR).occurrences}
    assert len(in_year) >= 40
    kinds = {
        "one-off": any(not e.rrule and e.days == 1 for e in in_year),
        "multi-day": any(e.days > 1 for e in in_year),
        "weekly": any("FREQ=WEEKLY" in e.rrule for e in in_year),
        "monthly by weekday": any("FREQ=MONTHLY" in e.rrule and "BYDAY=" in e.rrule for e in in_year),
        "exceptions": any(e.exdates for e in in_year),
        "moved": any(e.moved for e in in_year),
    }
    assert all(kinds.values()), kinds


def _as_ics(event: OrgEvent) -> icalendar.Calendar:
    """The event written as iCalendar by hand (DTSTART in Europe/Berlin, EXDATE, RECURRENCE-ID children)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//")
    cal.add("version", "2.0")

    def moment(day: date, clock: time | None) -> date | datetime:
        return datetime.combine(day, clock, tzinfo=BERLIN) if clock else day

    def add(component: icalendar.Event, day: date, clock: time | None, end_clock: time | None, place: str) -> None:
        span = event.end - event.start
        component.add("dtstart", moment(day, clock))
        if clock is None:
            component.add("dtend", day + span + timedelta(days=1))
        elif end_clock is not None:
            component.add("dtend", moment(day + span, end_clock))
        component.add("summary", event.title_de)
        if place:
            component.add("location", place)

    master = icalendar.Event()
    master.add("uid", f"{event.organisation}/{event.id}")
    add(master, event.start, event.time, event.end_time, event.location)
    if event.rrule:
        master.add("rrule", icalendar.vRecur.from_ical(rrule_for_ics(event)))
        for day in event.exdates:
            master.add("exdate", moment(day, event.time))
    cal.add_component(master)
    for moved in event.moved:
        child = icalendar.Event()
        child.add("uid", f"{event.organisation}/{event.id}")
        child.add("recurrence-id", moment(moved.original, event.time))
        add(
            child, moved.date, moved.time or event.time, moved.end_time or event.end_time,
            moved.location if moved.location is not None else event.location,
        )  # fmt: skip
        cal.add_component(child)
    return cal


def test_every_shipped_event_expands_as_recurring_ical_events_does(shipped) -> None:  # type: ignore[no-untyped-def]
    for event in shipped.events:
        ours = shown(expand_event(event, date(YEAR, 1, 1), date(YEAR, 12, 31)))
        assert ours == reference_occurrences(_as_ics(event), YEAR), f"{event.organisation}/{event.id}"


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _brute_force(start: date, kind: str, n: int, interval: int, until: date | None) -> list[date]:
    days = [start + timedelta(days=k) for k in range((date(YEAR, 12, 31) - start).days + 1)]
    if kind == "weekly":
        chosen = [d for d in days if d.weekday() == start.weekday() and (d - start).days % (7 * interval) == 0]
    else:
        chosen = []
        for d in days:
            last = stdcal.monthrange(d.year, d.month)[1]
            months = (d.year - start.year) * 12 + d.month - start.month
            nth_ok = (d.day - 1) // 7 + 1 == n if n > 0 else d.day > last - 7
            if d.weekday() == start.weekday() and nth_ok and months % interval == 0:
                chosen.append(d)
    return [d for d in chosen if until is None or d <= until]


@st.composite
def rules(draw):  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(["weekly", "monthly"]))
    interval = draw(st.integers(1, 3))
    if kind == "weekly":
        start = draw(st.dates(date(2025, 1, 1), date(YEAR, 12, 31)))
        text = f"FREQ=WEEKLY;BYDAY={WEEKDAYS[start.weekday()]}"
        n = 0
    else:
        n = draw(st.sampled_from([1, 2, 3, 4, -1]))
        month = draw(st.dates(date(2025, 1, 1), date(YEAR, 12, 1))).replace(day=1)
        weekday = draw(st.integers(0, 6))
        candidates = [month + timedelta(days=k) for k in range(stdcal.monthrange(month.year, month.month)[1])]
        matching = [d for d in candidates if d.weekday() == weekday]
        start = matching[n - 1] if n > 0 else matching[-1]
        text = f"FREQ=MONTHLY;BYDAY={n}{WEEKDAYS[weekday]}"
    if interval > 1:
        text += f";INTERVAL={interval}"
    until = draw(st.none() | st.dates(start, date(YEAR + 1, 3, 1)))
    if until is not None:
        text += f";UNTIL={until:%Y%m%d}"
    return start, kind, n, interval, until, text


@settings(max_examples=150, deadline=None)
@given(rules(), st.booleans(), st.data())
def test_rules_expand_like_brute_force(rule, timed, data) -> None:  # type: ignore[no-untyped-def]
    start, kind, n, interval, until, text = rule
    clock = time(19, 30) if timed else None
    expected = _brute_force(start, kind, n, interval, until)
    exdates = tuple(sorted(set(data.draw(st.lists(st.sampled_from(expected), max_size=3)) if expected else [])))
    event = OrgEvent(
        id="x", organisation="o", title=(("de", "X"),), start=start, end=start, time=clock,
        rrule=normalise_rrule(text, clock), exdates=exdates,
    )  # fmt: skip
    got = [o.start for o in expand_event(event, date(YEAR, 1, 1), date(YEAR, 12, 31))]
    assert got == [d for d in expected if d.year == YEAR and d not in exdates]
    assert all(o.time == clock for o in expand_event(event, date(YEAR, 1, 1), date(YEAR, 12, 31)))


@pytest.mark.parametrize(
    ("text", "clock", "expected"),
    [
        # 16:59:59 UTC is 18:59:59 summer time: an occurrence at 19:00 that day is past UNTIL
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T165959Z", time(19), "FREQ=WEEKLY;UNTIL=20270628;BYDAY=TU"),
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T170000Z", time(19), "FREQ=WEEKLY;UNTIL=20270629;BYDAY=TU"),
        ("RRULE:freq=monthly;byday=1sa;interval=1;wkst=mo", None, "FREQ=MONTHLY;BYDAY=1SA"),
    ],
)
def test_until_in_utc_becomes_the_last_berlin_day(text: str, clock: time | None, expected: str) -> None:
    assert normalise_rrule(text, clock) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FREQ=HOURLY", "FREQ=HOURLY is not supported"),
        ("FREQ=WEEKLY;BYHOUR=19", "BYHOUR is not supported"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "UNTIL and COUNT exclude each other"),
        ("BYDAY=MO", "FREQ is missing"),
        ("FREQ=WEEKLY;UNTIL=morgen", "UNTIL=MORGEN is not a date"),
    ],
)
def test_unusable_rules_are_explained(text: str, message: str) -> None:
    with pytest.raises(RRuleError, match=message):
        normalise_rrule(text)


def _org(oid: str, month: int | None = None, partner: bool = False, sample: bool = False) -> Organisation:
    return Organisation(oid, oid, oid, (("de", "x"),), ("de",), Contact(), featured_month=month, partner=partner,
                        sample=sample)  # fmt: skip


@given(
    st.lists(st.text("abcdefgh", min_size=1, max_size=4), unique=True, max_size=20),
    st.sets(st.integers(1, 12), max_size=6),
    st.integers(2000, 2100),
)
def test_featured_months_are_fair_and_deterministic(ids: list[str], claimed: set[int], year: int) -> None:
    claims = dict(zip(ids, sorted(claimed), strict=False))
    orgs = [_org(i, claims.get(i)) for i in ids] + [_org("zz-partner", partner=True)]
    result = assign_featured_months(orgs, year)
    assert result == assign_featured_months(list(reversed(orgs)), year)
    assert sorted(result) == list(range(1, 13))
    for oid, month in claims.items():
        assert result[month] is not None and result[month].id == oid
    chosen = [o.id for o in result.values() if o is not None]
    assert len(chosen) == len(set(chosen))
    assert "zz-partner" not in chosen
    assert len(chosen) == min(12, len(ids))


def test_rotation_gives_everyone_a_turn_over_the_years() -> None:
    orgs = [_org(f"verein-{n:02d}") for n in range(30)] + [_org("fest", 6)]
    featured: set[str] = set()
    for year in range(2027, 2030):
        featured |= {o.id for o in assign_featured_months(orgs, year).values() if o is not None}
    assert featured == {o.id for o in orgs}


def test_two_claims_for_one_month_name_both() -> None:
    with pytest.raises(DataError, match="organisations 'a' .* and 'b' both claim featured_month 4"):
        assign_featured_months([_org("a", 4), _org("b", 4)], YEAR)


def test_sample_warning() -> None:
    assert sample_warning([_org("echt")]) is None
    warning = sample_warning([_org("echt"), _org("beispiel-b", sample=True), _org("beispiel-a", sample=True)])
    assert warning is not None
    assert "BEISPIELDATEN" in warning and "beispiel-a, beispiel-b" in warning and "2 erfundene" in warning


def test_dates_json_lists_events_beside_festivals(tmp_path: Path) -> None:
    folder = data_folder(tmp_path, copy_shipped=True)
    result = CliRunner().invoke(main, ["dates", "--data", str(folder), "--year", str(YEAR), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    festivals = [r for r in rows if r["kind"] == "festival"]
    events = [r for r in rows if r["kind"] == "event"]
    assert [r["id"] for r in festivals] == ["christmas"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    catalogue = load_organisations(folder / "organisations.yaml")
    assert len(events) == len(events_for_year(catalogue, YEAR).occurrences)
    moved = next(r for r in events if r["organisation"] == "beispielverein-kulturtreff-tr" and r["moved_from"])
    assert moved == moved | {"id": "sprachcafe", "date": "2027-05-07", "end": "2027-05-07", "time": "18:00",
                             "end_time": "20:00", "moved_from": "2027-05-06"}  # fmt: skip
    fiesta = next(r for r in events if r["id"] == "fiesta")
    assert (fiesta["date"], fiesta["end"], fiesta["time"], fiesta["end_time"]) == (
        "2027-06-04",
        "2027-06-06",
        None,
        None,
    )
    night = next(r for r in events if r["id"] == "konzert")
    assert (night["date"], night["end"], night["time"], night["end_time"]) == (
        "2027-11-27",
        "2027-11-28",
        "20:00",
        "01:00",
    )
    assert not any(r["id"] == "jahresabschluss-2026" for r in events)
