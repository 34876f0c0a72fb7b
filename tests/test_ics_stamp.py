"""An entry is serialised once: the stamp spliced into its unstamped bytes, and the fast folding, give exactly
the bytes icalendar writes, for every entry of the default data and for any text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser.string import _foldline

from calendar_builder.core.expand import expand
from calendar_builder.core.load import load_catalogue
from calendar_builder.feeds.organisations import organisation_groups
from calendar_builder.feeds.plan import BERLIN, FeedItem, FeedOverride, festival_years, plan_feeds
from calendar_builder.feeds.state import Stamp
from calendar_builder.organisations import load_organisations
from calendar_builder.render.ics import fold_line, item_components, serialise, with_stamp
from calendar_builder.settings import Settings

STAMPS = (
    Stamp(0, datetime(2026, 1, 1, tzinfo=UTC)),
    Stamp(12, datetime(2027, 11, 25, 15, 53, 6, tzinfo=UTC)),
)


def _icalendar(item: FeedItem, stamp: Stamp | None) -> bytes:
    """The entry as icalendar itself writes it, folding included."""
    return b"".join(component.to_ical() for component in item_components(item, stamp))


def test_every_entry_of_the_default_data() -> None:
    settings = Settings(year=2027)
    catalogue = load_catalogue(settings.holidays_file)
    result = expand(catalogue.festivals, festival_years(settings.year), settings.expand_options)
    groups = organisation_groups(load_organisations(settings.organisations_file), settings.feeds_base_url)
    plan = plan_feeds(catalogue, result.occurrences, settings.year, settings.feeds_base_url, groups, ())
    items = {item.uid: item for feed in plan.feeds for item in feed.items}
    assert len(items) > 500
    assert any(item.overrides for item in items.values()) and any(item.rrule for item in items.values())
    assert any(b"\r\n " in serialise(item, None) for item in items.values())  # folded lines among them
    for item in items.values():
        unstamped = serialise(item, None)
        assert unstamped == _icalendar(item, None), item.uid
        for stamp in STAMPS:
            assert with_stamp(unstamped, stamp) == _icalendar(item, stamp), item.uid


words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400).map(lambda t: t.replace("\n", ""))
)
def test_folding_as_icalendar_folds(line: str) -> None:
    assert fold_line(line) == _foldline(line).encode("utf-8") + b"\r\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "\\", "^", "ä", "€", "𝄞", ",", "n"]), max_size=300).map("".join))
def test_folding_keeps_escapes_whole(line: str) -> None:
    """Backslashes and carets near every fold position, with characters of one to four bytes around them."""
    assert fold_line(line) == _foldline(line).encode("utf-8") + b"\r\n"


@settings(max_examples=80, deadline=None)
@given(
    summary=words, description=words, location=words, url=st.sampled_from(["", "https://example.org/a,b;c"]),
    categories=st.lists(words.filter(bool), max_size=3), colour=st.sampled_from(["", "teal"]),
    timed=st.booleans(), moved=st.booleans(), busy=st.booleans(), sequence=st.integers(0, 10_000),
    cancelled=st.lists(st.integers(1, 4), max_size=3, unique=True),
)  # fmt: skip
def test_any_entry(summary: str, description: str, location: str, url: str, categories: list[str], colour: str,
                   timed: bool, moved: bool, busy: bool, sequence: int, cancelled: list[int]) -> None:  # fmt: skip
    if timed:
        start: date | datetime = datetime(2027, 3, 4, 19, 0, tzinfo=BERLIN)
        end: date | datetime = start + timedelta(hours=2)
    else:
        start, end = date(2027, 3, 4), date(2027, 3, 5)
    overrides: tuple[FeedOverride, ...] = ()
    rrule = ""
    exdates: tuple[date | datetime, ...] = ()
    if moved:
        rrule = "FREQ=WEEKLY;COUNT=5"
        moved_start = start + timedelta(days=8)
        overrides = (FeedOverride(start + timedelta(days=7), moved_start, moved_start + (end - start), summary="x"),)
        exdates = tuple(start + timedelta(days=7 * week) for week in cancelled if week != 1)
    title = summary if summary.strip() else "x"  # the feed check refuses a blank title
    item = FeedItem(
        uid="test@example.org", summary=title, start=start, end=end, description=description,
        categories=tuple(categories), url=url, location=location, colour=colour, rrule=rrule, overrides=overrides,
        busy=busy, exdates=exdates,
    )  # fmt: skip
    stamp = Stamp(sequence, datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC))
    unstamped = serialise(item, None)
    assert unstamped == _icalendar(item, None)
    assert with_stamp(unstamped, stamp) == _icalendar(item, stamp)
