"""A cold build's logos measured and drawn by a worker while the building process reads the data (build.MediaAhead):
the building process then needs neither svglib nor Pillow's decoder for them, keeps one drawn record a logo, still
reports every bad logo itself, and builds the same bytes whether the worker helped, failed or was never started."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from calendar_builder import build
from calendar_builder.cache import Memo, open_memo
from calendar_builder.edition.media import Vector
from calendar_builder.errors import DataError, ProblemCollector
from calendar_builder.layout.geometry import Box
from calendar_builder.media import image_sizes, svg
from calendar_builder.media.read import read_logos
from calendar_builder.organisations.load import load_organisations
from calendar_builder.organisations.model import OrganisationCatalogue
from calendar_builder.render import print_pdf, svg_ops
from calendar_builder.settings import Settings
from tests.build_hashes import EPOCH, HASH_FILE, ROOT, YEAR, build_and_hash


def _settings(data: Path = ROOT / "data") -> Settings:
    return Settings(data_dir=data, year=YEAR)


def _sizes() -> Memo:
    return Memo(image_sizes.NAMESPACE, image_sizes.memo_version())


def _organisations(settings: Settings) -> OrganisationCatalogue:
    return load_organisations(settings.organisations_file)


def _logos(settings: Settings, sizes: Memo | None) -> dict[str, object]:
    organisations = load_organisations(settings.organisations_file).organisations
    problems = ProblemCollector()
    found = read_logos(organisations, settings.edition_settings, settings.data_dir, problems, sizes)
    assert not problems.errors
    return dict(found)


def test_what_the_worker_measures_spares_the_building_process_every_logo(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings()
    afresh = _logos(settings, None)
    assert any(isinstance(medium, Vector) for medium in afresh.values()), "the shipped data has SVG logos"
    handed: list[dict[bytes, bytes]] = []
    drawn = build._measured_ahead(settings, _sizes(), _organisations(settings), handed.append)
    measured, names, codes = handed
    assert len(measured) == len(afresh), "one size a logo, SVG and raster"
    assert len(names) == len(settings.edition_settings.month_languages), "then the month names of each language"
    assert settings.edition_settings.subscribe_page_url in codes and len(codes) > 1, "then the QR codes"

    def nothing_here(*_args: object) -> None:
        raise AssertionError("measured in the building process")

    monkeypatch.setattr(svg, "load_drawing", nothing_here)
    monkeypatch.setattr(build, "_measured_ahead", nothing_here)
    sizes = _sizes()
    sizes.adopt(measured)
    assert _logos(settings, sizes) == afresh

    vectors = [path for path, medium in afresh.items() if isinstance(medium, Vector)]
    assert len(drawn) == 2 * len(vectors), "each SVG logo in both states a page meets it in"
    assert all(svg_ops.decode(value) is not None for _, value in drawn)


def test_the_pages_take_only_the_drawn_logos_they_use() -> None:
    """The worker draws each logo in two graphics states; the cache keeps the record of the one a page met."""
    settings = _settings()
    drawn = build._measured_ahead(settings, _sizes(), _organisations(settings), lambda _handed: None)
    path = next(Path(path) for path, medium in _logos(settings, None).items() if isinstance(medium, Vector))
    memo = open_memo(None, svg_ops.NAMESPACES["press"], svg_ops.memo_version())
    canvas = print_pdf._canvas(io.BytesIO(), (200.0, 200.0), print_pdf.PRESS)
    taken: list[int] = []

    def take() -> tuple[tuple[object, bytes], ...]:
        taken.append(1)
        return drawn

    with svg_ops.ops_through(memo), svg_ops.drawn_beside(take):
        before = len(canvas._code)
        svg_ops.draw_svg(canvas, path, Box(10, 10, 80, 40), settings.edition_settings.icc_profile,
                         print_pdf.PRESS)  # fmt: skip
        assert len(canvas._code) > before
        assert len(svg_ops.drawn_here()) == 1 and memo.misses == 1, "taken from the worker's, not drawn"
        assert taken == [1], "at the first logo missing"
    assert not svg_ops._ahead, "and the rest let go when the block is left"


def test_a_cold_build_s_own_process_reads_no_svg_nor_month_names_and_builds_the_reference_bytes(
    tmp_path: Path,
) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    script = (
        "import os, sys\n"
        "from calendar_builder.calendars import monthnames\n"
        "from calendar_builder.cli import main\n"
        "building, from_babel = os.getpid(), monthnames.babel_month_names\n"
        "def guarded(language):\n"
        "    assert os.getpid() != building, 'month names read from Babel in the building process'\n"
        "    return from_babel(language)\n"
        "monthnames.babel_month_names = guarded\n"
        f"main(['build', '--year', '{YEAR}', '--data', 'data', '--out', 'out'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'svglib' or m.startswith('reportlab.graphics')))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC", "LC_ALL": "C.UTF-8",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
    shutil.rmtree(tmp_path / "out")
    shutil.rmtree(tmp_path / ".cache")
    shutil.copy2(ROOT / "data" / "feed-state.json", tmp_path / "data")
    assert build_and_hash(tmp_path) == HASH_FILE.read_text(encoding="utf-8")


def test_a_failing_worker_changes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def fails(*_args: object) -> None:
        raise RuntimeError("the worker failed")

    monkeypatch.setattr(build, "_measured_ahead", fails)
    settings = _settings()
    sizes = _sizes()
    with build.media_measured_beside(settings, sizes, _organisations(settings)) as ahead:
        assert ahead is not None
        ahead.take_sizes(sizes)
        assert ahead._early(ahead.NAMES, wait=True) is None and ahead._early(ahead.CODES, wait=False) is None
        assert ahead._logos() == (), "nothing taken: this process reads, makes and draws them"
    assert not sizes.holds_any()
    assert build.load_edition(settings, sizes=_sizes()).media == build.load_edition(settings).media


def test_a_warm_cache_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from calendar_builder.feed_worker import Job

    started: list[object] = []
    monkeypatch.setattr(Job, "start", classmethod(lambda cls, work: started.append(work)))
    sizes = _sizes()
    sizes.keep(("pixels", "0" * 64, 1, 1), b"\0" * 8)
    with build.media_measured_beside(_settings(), sizes, _organisations(_settings())) as ahead:
        assert ahead is None
    assert started == []


def test_a_bad_logo_is_reported_by_the_building_process_as_without_the_worker(tmp_path: Path) -> None:
    from calendar_builder.edition.model import make_edition

    shutil.copytree(ROOT / "data", tmp_path / "data")
    broken = next((tmp_path / "data" / "logos").glob("*.png"))
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not an image")
    settings = _settings(tmp_path / "data")
    with pytest.raises(DataError) as alone:
        build.load_edition(settings, sizes=_sizes())
    sizes = _sizes()
    with (
        build.media_measured_beside(settings, sizes, _organisations(settings)) as ahead,
        pytest.raises(DataError) as helped,
    ):
        build.with_logos(make_edition(settings), settings, sizes, ahead)
    assert ahead is not None
    assert str(helped.value) == str(alone.value)
    assert broken.name in str(helped.value)


def test_with_both_data_files_broken_the_holidays_error_still_comes_first(tmp_path: Path) -> None:
    """organisations.yaml is read first for the worker; when it cannot be, the edition reads both in the usual order
    and the build says what `make_edition` says."""
    from calendar_builder.edition.model import make_edition
    from calendar_builder.errors import CalendarError

    shutil.copytree(ROOT / "data", tmp_path / "data")
    for name in ("holidays.yaml", "organisations.yaml"):
        (tmp_path / "data" / name).write_text("festivals: [unclosed\n", encoding="utf-8")
    settings = _settings(tmp_path / "data")
    assert build.organisations_first(settings) is None
    with pytest.raises(CalendarError) as alone:
        make_edition(settings)
    assert "holidays.yaml" in str(alone.value)
    with pytest.raises(CalendarError) as built:
        build.build(replace(settings, out_dir=tmp_path / "out"), echo=lambda _line: None)
    assert str(built.value) == str(alone.value)


def test_threads_deflate_and_read_beside_only_in_a_cold_build(tmp_path: Path) -> None:
    from calendar_builder.cache import CACHE_FOLDER, DIGESTS_NAMESPACE, pack_path
    from calendar_builder.render import deflated

    settings = replace(_settings(), cache_dir=tmp_path / CACHE_FOLDER)
    assert build.no_deflated_streams(settings)
    build.profile_deflated_beside(settings.edition_settings)
    assert not deflated._beside, "not cold (outside deflating_beside): the profile is in the cache"
    with deflated.deflating_beside():
        build.profile_deflated_beside(settings.edition_settings)
        assert len(deflated._beside) == 1, "cold: the profile is deflated beside"
    (tmp_path / CACHE_FOLDER).mkdir()
    for namespace in (deflated.NAMESPACE, DIGESTS_NAMESPACE):
        pack_path(tmp_path / CACHE_FOLDER, namespace).write_bytes(b"")
    assert not build.no_deflated_streams(settings)
