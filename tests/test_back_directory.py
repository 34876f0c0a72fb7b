"""The back page's directory of organisations, read from the layout data: every organisation exactly once, each
column starting with an entry under the one heading that spans the columns, the columns balanced, nothing outside
the page's safe area; for the shipped data and for the 60 organisations of the capacity fixture."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.build import load_edition
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.layout.directory import ROLE, balance
from calendar_builder.layout.geometry import Page, TextLine
from calendar_builder.layout.pages import layout_edition
from calendar_builder.organisations import Organisation
from calendar_builder.settings import Settings
from tests.capacity import ORGANISATIONS, capacity_data

ROOT = Path(__file__).resolve().parent.parent


def back_page(folder: Path) -> tuple[Page, tuple[Organisation, ...]]:
    edition = load_edition(Settings(data_dir=folder, year=2027))
    return layout_edition(edition, load_edition_settings(folder))[-1], edition.organisations.organisations


def entries(page: Page) -> dict[float, list[list[TextLine]]]:
    """Column left edge -> its entries (each a list of lines in reading order): lines are grouped into rows by
    baseline; an entry starts with a row at the column's edge, its further rows are indented."""
    lines = [e for e in page.walk() if isinstance(e, TextLine) and e.role == ROLE and not e.text.startswith("…")]
    edges = sorted({round(line.container.x, 2) for line in lines})  # each column is its lines' container
    rows: dict[tuple[float, float], list[TextLine]] = defaultdict(list)
    for line in lines:
        edge = round(line.container.x, 2)
        rows[(edge, round(line.baseline, 2))].append(line)
    found: dict[float, list[list[TextLine]]] = {edge: [] for edge in edges}
    for (edge, _), row in sorted(rows.items(), key=lambda item: (item[0][0], -item[0][1])):
        row.sort(key=lambda line: line.x)
        if abs(row[0].x - edge) < 0.01 or not found[edge]:
            found[edge].append(list(row))
        else:
            found[edge][-1].extend(row)
    return found


def text_of(block: list[TextLine]) -> str:
    return " ".join(line.text for line in block)


@pytest.fixture(scope="module", params=["shipped", "capacity"])
def directory(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[
        Page, tuple[Organisation, ...]]:  # fmt: skip
    if request.param == "shipped":
        return back_page(ROOT / "data")
    return back_page(capacity_data(tmp_path_factory.mktemp("capacity") / "data"))


def test_every_organisation_is_in_the_directory_exactly_once(directory: tuple[Page, tuple[Organisation, ...]]) -> None:
    page, orgs = directory
    blocks = [text_of(block) for column in entries(page).values() for block in column]
    assert len(blocks) == len(orgs)
    for org in orgs:
        assert sum(1 for block in blocks if block.startswith(org.name)) == 1, org.name


def test_each_column_starts_with_an_entry_under_the_one_heading(
    directory: tuple[Page, tuple[Organisation, ...]],
) -> None:
    page, _ = directory
    columns = entries(page)
    assert len(columns) == 3
    heading = next(e for e in page.walk() if isinstance(e, TextLine) and e.text == "Organisationen und Kontakte")
    assert not [e for e in page.walk() if isinstance(e, TextLine) and "Fortsetzung" in e.text]
    first_x = min(columns)
    assert abs(heading.x - first_x) < 0.01 and heading.bounds.y > max(
        b[0][0].bounds.top for b in columns.values()
    )  # one heading over all
    for blocks in columns.values():
        top_line = blocks[0][0]
        assert top_line.bold and heading.bounds.y > top_line.bounds.top  # starts with a name, below the heading
        for block in blocks:
            assert page.safe.contains(block[0].container)
            for line in block:
                assert line.container.contains(line.bounds), line.text


def test_the_columns_are_balanced(directory: tuple[Page, tuple[Organisation, ...]]) -> None:
    """The columns end at about the same depth: they differ by no more than the tallest entry."""
    page, _ = directory
    depths, tallest = [], 0.0
    for blocks in entries(page).values():
        top = blocks[0][0].bounds.top
        depths.append(top - min(line.bounds.y for block in blocks for line in block))
        tallest = max([tallest, *(max(lb.bounds.top for lb in b) - min(lb.bounds.y for lb in b) for b in blocks)])
    assert max(depths) - min(depths) <= tallest + 4.0, (depths, tallest)


def test_the_capacity_fixture_lists_all_its_organisations_on_the_back_page(tmp_path: Path) -> None:
    page, orgs = back_page(capacity_data(tmp_path / "data"))
    assert len(orgs) == ORGANISATIONS
    texts = [e.text for e in page.walk() if isinstance(e, TextLine) and e.role == ROLE]
    assert not [text for text in texts if text.startswith("…")]  # nobody sent to the online list


@given(st.lists(st.floats(min_value=5, max_value=80), min_size=0, max_size=40), st.integers(min_value=1, max_value=4))
def test_balance_keeps_the_order_and_the_room_and_lowers_the_tallest_column(heights: list[float], columns: int) -> None:
    room = max(heights, default=0) * 12
    starts = balance(heights, columns, room)
    total = sum(heights)
    if total > room * columns:
        assert starts is None
        return
    if starts is None:  # no split fits: even one entry per column beyond the room
        return
    assert starts[0] == 0 and starts == sorted(starts) and len(starts) == columns
    bounds = [*starts, len(heights)]
    depths = [sum(heights[bounds[i] : bounds[i + 1]]) for i in range(columns)]
    assert max(depths) <= room + 0.01
    # no column could take less than an even share minus the largest entry: the tallest is as low as splits allow
    assert max(depths) <= total / columns + max(heights, default=0) + 0.01


def test_a_directory_too_long_for_its_band_names_how_many_are_left_out_and_where(tmp_path: Path) -> None:
    from calendar_builder.layout import style
    from calendar_builder.layout.directory import layout_directory, overflow_directory
    from calendar_builder.layout.geometry import Box

    _, orgs = back_page(capacity_data(tmp_path / "data"))
    band = Box(40, 100, 760, 120)  # room for about a third of them
    assert layout_directory(orgs, band, 3, 17, 9, style.BLACK, {}) is None
    found = overflow_directory(orgs, band, 3, 17, style.BLACK, "https://example.org/feeds/")
    assert found is not None and 0 < found.left_out < len(orgs)
    assert len(found.organisations) + found.left_out == len(orgs)
    last = found.lines[-1].text
    assert last.startswith(f"… und {found.left_out} weitere Organisationen") and "https://example.org/feeds/" in last
    assert all(band.contains(line.bounds) for line in found.lines)
