"""Page checks kept between builds (preflight/kept.py): the report is the one of a check without them.

The reference is the preflight in one process without kept pages; every report is compared whole (findings,
their pages and counts, the ink peak of every page).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import calendar_builder.preflight as preflight_module
from calendar_builder.cache import Memo, read_pack
from calendar_builder.preflight import Report, format_report, kept, preflight
from calendar_builder.preflight import scan as scan_module
from tests.build_hashes import YEAR, build_and_hash
from tests.preflight_fixtures import FAULTS, build_page
from tests.test_preflight_pages import FAULT_SETS

#: the planted faults a file of several pages can carry (the RGB form is defined once per file)
REPEATABLE = tuple(fault for fault in FAULTS if fault != "rgb-in-form")


def _alone(path: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    with monkeypatch.context() as patch:
        patch.setattr(preflight_module, "share_point", lambda pdf: 0)
        return preflight(path)


def _memo(before: Memo | None = None) -> Memo:
    """A fresh memo, or one holding what `before` kept (as the next build reads it from its pack)."""
    stored = read_pack(before.pack()) if before is not None else None
    return Memo(kept.NAMESPACE, kept.memo_version(), stored)


def _renumbered(path: Path, target: Path) -> Path:
    """The same file written again with an object in front of the pages: every object after it has another
    number."""
    with pikepdf.open(path) as pdf:
        pdf.Root.AAFirst = pdf.make_indirect(pikepdf.Dictionary(Note=pikepdf.String("moves every number")))
        pdf.save(target)
    return target


def _page_objects(path: Path) -> list[tuple[int, int]]:
    with pikepdf.open(path) as pdf:
        return [page.obj.objgen for page in pdf.pages]


@pytest.mark.parametrize("faults", FAULT_SETS, ids=lambda f: "+".join(f) or "clean")
def test_kept_pages_give_the_report_of_a_check_without_them(faults: tuple[str, ...], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = build_page(tmp_path / "pages.pdf", faults, pages=6, runs_per_page=60)
    expected = _alone(path, monkeypatch)
    first = _memo()
    assert preflight(path, None, first) == expected, "a check that keeps its pages"
    assert first.misses == 6 and first.hits == 0
    again = _memo(first)
    assert preflight(path, None, again) == expected, "a check that replays every page"
    assert again.hits == 6 and again.misses == 0


def test_a_file_written_again_with_other_numbers_meets_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared font's findings are folded over the pages by its object number, which is put back."""
    path = build_page(tmp_path / "pages.pdf", ("helvetica", "rgb-text", "ink-320"), pages=5)
    first = _memo()
    preflight(path, None, first)
    moved = _renumbered(path, tmp_path / "moved.pdf")
    assert all(a != b for a, b in zip(_page_objects(moved), _page_objects(path), strict=True))
    stored = read_pack(first.pack())
    del stored[min(stored)]  # one page is checked again: its finding has the font's new number, as must the others'
    again = Memo(kept.NAMESPACE, kept.memo_version(), stored)
    report = preflight(moved, None, again)
    assert (again.hits, again.misses) == (4, 1)
    assert report == _alone(moved, monkeypatch)
    assert "also on pages 2–5" in format_report(report), "one finding for the shared font, as without kept pages"


def test_a_changed_page_is_checked_again_and_the_others_are_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_page(tmp_path / "pages.pdf", ("small-text",), pages=5)
    first = _memo()
    preflight(path, None, first)
    faulty = build_page(tmp_path / "faulty.pdf", ("rgb-text", "side-text"), pages=5)
    changed = tmp_path / "changed.pdf"
    with pikepdf.open(path) as pdf, pikepdf.open(faulty) as other:
        pdf.pages[2] = other.pages[2]  # page 3 of another file: other contents, other resources
        pdf.save(changed)
    again = _memo(first)
    report = preflight(changed, None, again)
    assert (again.hits, again.misses) == (4, 1)
    assert report == _alone(changed, monkeypatch)
    assert any(f.page == 3 and f.check == "colour" for f in report.findings)


def test_damaged_or_foreign_records_are_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = build_page(tmp_path / "pages.pdf", ("helvetica", "small-text"), pages=4)
    expected = _alone(path, monkeypatch)
    first = _memo()
    preflight(path, None, first)
    stored = read_pack(first.pack())
    bad = [b"", b"not zlib", kept.zlib.compress(b"[1, 2]"),
           kept.zlib.compress(b'{"calls": [[["error", 1, "x", "y"], ["object", "00", "y"], true]], "peak": null, '
                              b'"bytes": 0, "operators": 0}'),  # an object the file does not have
           kept.zlib.compress(b'{"calls": [[["fatal", 1, "x", "y"], null, false]], "peak": null, "bytes": 0, '
                              b'"operators": 0}')]  # fmt: skip
    for value in bad:
        damaged = Memo(kept.NAMESPACE, kept.memo_version(), {key: value for key in stored})
        assert preflight(path, None, damaged) == expected
        assert damaged.changed, "the records are made again"


def test_a_budget_the_kept_pages_could_pass_is_checked_as_one_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each kept page counts what it reads; where their sum could pass a limit the file is checked as usual and
    the report names the page where a single walk passes it."""
    path = build_page(tmp_path / "pages.pdf", ("small-text",), pages=6, runs_per_page=60)
    first = _memo()
    preflight(path, None, first)
    with pikepdf.open(path) as pdf:
        per_page = len(pikepdf.parse_content_stream(pdf.pages[0]))
    monkeypatch.setattr(scan_module, "MAX_OPERATORS", per_page * 4 + per_page // 2)
    expected = _alone(path, monkeypatch)
    assert "too large to check" in format_report(expected) and "(page 5)" in format_report(expected)
    assert preflight(path, None, _memo(first)) == expected


def test_a_page_reaching_two_objects_of_the_same_contents_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two copies of the unembedded font are two findings; a record could not say which number is which."""
    path = build_page(tmp_path / "pages.pdf", ("helvetica",), pages=1)
    twice = tmp_path / "twice.pdf"
    with pikepdf.open(path) as pdf:
        fonts = pdf.pages[0].obj.Resources.Font
        name, font = next((n, f) for n, f in fonts.items() if "Helvetica" in str(f.get("/BaseFont")))
        fonts[name + "Copy"] = pdf.make_indirect(pikepdf.Dictionary(font))
        pdf.save(twice)
    expected = _alone(twice, monkeypatch)
    first = _memo()
    assert preflight(twice, None, first) == expected
    assert not first.changed, "nothing kept"
    assert sum("Helvetica" in f.message for f in expected.findings) == 2


def test_a_reference_written_in_a_string_only_adds_to_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text that reads like a reference ("3 0 R", or one too large for an object number) adds an object to the
    page's key or leaves the page to be checked: it never stops the preflight."""
    path = build_page(tmp_path / "pages.pdf", ("small-text",), pages=2)
    odd = tmp_path / "odd.pdf"
    with pikepdf.open(path) as pdf:
        pdf.pages[0].obj.Note = pikepdf.String("see 3 0 R and 99999999999999999999 0 R")
        pdf.pages[1].obj.Note = pikepdf.String("see 3 0 R")
        pdf.save(odd)
    expected = _alone(odd, monkeypatch)
    first = _memo()
    assert preflight(odd, None, first) == expected
    assert first.misses == 1, "the page with the huge number is checked, not kept"
    again = _memo(first)
    assert preflight(odd, None, again) == expected
    assert again.hits == 1


def test_the_build_keeps_the_pages_of_its_print_pdf(tmp_path: Path) -> None:
    """The default build keeps every page it checked; a check of its PDF with them replays every page and gives
    the report of a check without them."""
    from calendar_builder.cache import pack_path
    from calendar_builder.preflight import settings_for_data

    build_and_hash(tmp_path)
    (pdf,) = (tmp_path / "out" / str(YEAR)).glob("kalender-*.pdf")
    settings = settings_for_data(tmp_path / "data")
    stored = read_pack(pack_path(tmp_path / ".cache", kept.NAMESPACE).read_bytes())
    memo = Memo(kept.NAMESPACE, kept.memo_version(), stored)
    report = preflight(pdf, settings, memo)
    assert memo.hits == report.pages == len(stored) and memo.misses == 0
    assert report == preflight(pdf, settings)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(faults=st.sets(st.sampled_from(REPEATABLE), max_size=4), pages=st.integers(1, 5), dropped=st.integers(0, 5))
def test_any_faults_give_the_same_report_with_some_pages_kept(
    faults: set[str], pages: int, dropped: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whatever the faults, with every page kept or some checked again, the report is the one without kept pages."""
    assume(not {"no-pdfx-keys", "no-output-intent"} <= faults)  # a file that was never PDF/X has no intent to remove
    path = build_page(tmp_path_factory.mktemp("kept") / "pages.pdf", sorted(faults), pages=pages, runs_per_page=5)
    with pytest.MonkeyPatch.context() as patch:
        expected = _alone(path, patch)
    first = _memo()
    assert preflight(path, None, first) == expected
    stored = read_pack(first.pack())
    for key in sorted(stored)[:dropped]:
        del stored[key]
    again = Memo(kept.NAMESPACE, kept.memo_version(), stored)
    assert preflight(path, None, again) == expected
    assert again.hits == len(stored)
