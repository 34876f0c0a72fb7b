"""Pages checked by a forked worker: the report is the one of a single process walking page after page.

The reference is the same preflight with the worker switched off (`share_point` giving 0); every report is
compared in its printed form, which carries every finding, its page, its counts and the pages it repeats on.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

import calendar_builder.preflight as preflight_module
from calendar_builder.preflight import format_report, preflight
from calendar_builder.preflight import scan as scan_module
from calendar_builder.preflight.pages import PagesChecked, share_point
from tests.preflight_fixtures import build_page

FAULT_SETS = [
    (),
    ("helvetica", "rgb-text", "small-text"),  # a shared unembedded font, per-page colour and size errors
    ("side-text", "binding-text", "ink-320", "lowres-image", "transparency"),
    ("rgb-image", "spot-colour", "logo-in-binding-zone", "long-name"),
]


def _alone(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(preflight_module, "share_point", lambda pdf: 0)
        return format_report(preflight(path))


def _worker_used(monkeypatch: pytest.MonkeyPatch) -> list[PagesChecked | None]:
    """Record what the worker sent back (the worker runs in a forked copy, so record in the parent)."""
    seen: list[PagesChecked | None] = []
    outcome = preflight_module._outcome

    def recording(job: object) -> PagesChecked | None:
        found = outcome(job)  # type: ignore[arg-type]
        seen.append(found)
        return found

    monkeypatch.setattr(preflight_module, "_outcome", recording)
    return seen


@pytest.mark.parametrize("faults", FAULT_SETS, ids=lambda f: "+".join(f) or "clean")
def test_the_report_is_that_of_one_process(faults: tuple[str, ...], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = build_page(tmp_path / "pages.pdf", faults, pages=6, runs_per_page=60)
    with pikepdf.open(path) as pdf:
        first = share_point(pdf)
    assert 2 <= first <= 6, "the worker takes the later pages"
    seen = _worker_used(monkeypatch)
    shared = format_report(preflight(path))
    assert seen and seen[0] is not None, "the worker checked its pages"
    assert seen[0].calls or not faults, "and its findings were taken over"
    assert shared == _alone(path, monkeypatch)
    if faults:
        assert "FAILED" in shared


def test_a_failed_worker_leaves_its_pages_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build_page(tmp_path / "pages.pdf", ("helvetica", "small-text"), pages=5)
    expected = _alone(path, monkeypatch)

    def broken(*_: object) -> None:
        raise RuntimeError("the worker fell over")

    monkeypatch.setattr(preflight_module, "check_pages_from", broken)
    assert format_report(preflight(path)) == expected


def test_a_budget_reached_only_by_both_halves_is_reported_as_by_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operator budget spans pages: each half stays below it, together they pass it on a later page, and the
    report says so with that page, as a single walk does."""
    path = build_page(tmp_path / "pages.pdf", ("small-text",), pages=6, runs_per_page=60)
    with pikepdf.open(path) as pdf:
        per_page = len(pikepdf.parse_content_stream(pdf.pages[0]))
    limit = per_page * 4 + per_page // 2  # passed on page 5, while each process walks about three pages
    monkeypatch.setattr(scan_module, "MAX_OPERATORS", limit)
    seen = _worker_used(monkeypatch)
    shared = format_report(preflight(path))
    assert seen and seen[0] is not None, "the worker itself stayed within the budget"
    assert "too large to check" in shared and "(page 5)" in shared
    assert shared == _alone(path, monkeypatch)


def test_few_pages_are_checked_in_one_process(tmp_path: Path) -> None:
    path = build_page(tmp_path / "three.pdf", pages=3)
    with pikepdf.open(path) as pdf:
        assert share_point(pdf) == 0
