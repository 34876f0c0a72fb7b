"""Where every organisation event of the edition went in print: a day cell, a month's list, a "Regelmäßig" line,
or the feeds only. Read off the decided pages, so the report says what the print file shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from calendar_builder.edition.model import Edition
from calendar_builder.layout.geometry import Page

CELL = "cell"
MONTH_LIST = "month list"
SERIES = "Regelmäßig"
FEEDS_ONLY = "feeds only"
#: best first: an occurrence shown on two month pages (a span across a month's end) counts where it shows best
PLACES = (CELL, MONTH_LIST, SERIES, FEEDS_ONLY)


@dataclass(frozen=True)
class Placed:
    """One event occurrence and where print put it."""

    key: str  # organisation/event@first day
    title: str
    place: str


@dataclass(frozen=True)
class PlacementReport:
    year: int
    placed: tuple[Placed, ...]

    def count(self, place: str) -> int:
        return sum(1 for item in self.placed if item.place == place)

    def summary(self) -> str:
        counts = Counter(item.place for item in self.placed)
        parts = ", ".join(f"{counts.get(place, 0)} {label}" for place, label in (
            (CELL, "in day cells"), (MONTH_LIST, "in month lists"), (SERIES, "as 'Regelmäßig' lines"),
            (FEEDS_ONLY, "in the feeds only"),
        ))  # fmt: skip
        return f"print placement of {len(self.placed)} organisation event occurrences in {self.year}: {parts}"

    def text(self) -> str:
        """One line per occurrence, by first day: date, place, organisation/event, title."""
        lines = [f"# {self.summary()}", "# date        place          organisation/event  title"]
        for item in sorted(self.placed, key=lambda p: (p.key.split("@")[1], p.key)):
            key, day = item.key.split("@")
            lines.append(f"{day}  {item.place:<13}  {key}  {item.title}")
        return "\n".join(lines) + "\n"


def placement_report(edition: Edition, pages: tuple[Page, ...]) -> PlacementReport:
    """Every event occurrence of the edition with its place; one not named by any page is in the feeds only."""
    best: dict[str, str] = {}
    series: set[str] = set()
    for page in pages:
        for key, place in page.placements:
            if place == SERIES:
                series.add(key)
                continue
            if key not in best or PLACES.index(place) < PLACES.index(best[key]):
                best[key] = place
    placed = []
    for occurrence in edition.events:
        event = occurrence.event
        series_key = f"{event.organisation}/{event.id}"
        key = f"{series_key}@{occurrence.start.isoformat()}"
        if event.recurring and not event.print_in_cells:
            place = SERIES if series_key in series else FEEDS_ONLY
        else:
            place = best.get(key, FEEDS_ONLY)
        placed.append(Placed(key, event.title_de, place))
    return PlacementReport(edition.year, tuple(placed))
