"""Logos through the build cache in whole runs: builds from a cold, warm and damaged cache give the reference bytes,
a warm build or proof imports neither svglib nor ReportLab's graphics, a changed SVG logo is drawn afresh, and a
proof drawn from recorded logos (SVG and raster) is the proof drawn from none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from calendar_builder.cache import CACHE_FOLDER, pack_path, read_pack
from calendar_builder.media import image_sizes
from calendar_builder.render import raster_cache, svg_ops
from tests.build_hashes import EPOCH, HASH_FILE, ROOT, YEAR, build_and_hash

PRESS, SCREEN = svg_ops.NAMESPACES["press"], svg_ops.NAMESPACES["screen"]
RASTER_PRESS, RASTER_SCREEN = raster_cache.NAMESPACES["press"], raster_cache.NAMESPACES["screen"]
NAMESPACES = (PRESS, RASTER_PRESS, image_sizes.NAMESPACE)
#: the modules a run needs only to read or draw an SVG logo
SVG_MODULES = ("svglib", "reportlab.graphics")
SHIPPED_SVGS = sorted(path.name for path in (ROOT / "data" / "logos").glob("*.svg"))
SHIPPED_RASTERS = sorted(path.name for path in (ROOT / "data" / "logos").glob("*.png"))
PROOFS = (f"kalender-{YEAR}-korrektur-v1.pdf", f"kalender-{YEAR}-korrektur-v1-a4.pdf")


def _fresh_state(scratch: Path) -> None:
    shutil.copy2(ROOT / "data" / "feed-state.json", scratch / "data")


def _packs(scratch: Path, names: tuple[str, ...] = NAMESPACES) -> dict[str, dict[bytes, bytes]]:
    return {name: read_pack(pack_path(scratch / CACHE_FOLDER, name).read_bytes()) for name in names}


def _imported(scratch: Path, *command: str) -> set[str]:
    """Run a command with Python's import timing (which forked workers keep) and give every module imported."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    run = [sys.executable, "-X", "importtime", str(ROOT / "cli.py"), *command, "--year", str(YEAR)]
    done = subprocess.run(run, cwd=scratch, env=env, capture_output=True, text=True, check=True)
    return {line.rpartition("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def _svg_modules(modules: set[str]) -> set[str]:
    return {name for name in modules if any(name == m or name.startswith(m + ".") for m in SVG_MODULES)}


def test_the_shipped_data_has_svg_and_raster_logos() -> None:
    assert SHIPPED_SVGS, "the edition these tests build draws SVG logos"
    assert SHIPPED_RASTERS, "and raster logos"


def test_builds_from_a_cold_warm_and_damaged_cache_give_the_reference_bytes(tmp_path: Path) -> None:
    expected = HASH_FILE.read_text(encoding="utf-8")
    assert build_and_hash(tmp_path) == expected  # cold
    cold = _packs(tmp_path)
    assert len(cold[PRESS]) == len(SHIPPED_SVGS), "one record a logo, whichever box it is drawn into"
    assert all(svg_ops.decode(value) is not None for value in cold[PRESS].values())
    assert len(cold[RASTER_PRESS]) >= len(SHIPPED_RASTERS)
    assert all(raster_cache.decode(value) is not None for value in cold[RASTER_PRESS].values())
    assert len(cold[image_sizes.NAMESPACE]) >= len(SHIPPED_SVGS)

    _fresh_state(tmp_path)
    assert _svg_modules(_imported(tmp_path, "build")) == set()  # warm: no SVG read, none drawn
    assert _packs(tmp_path) == cold
    _fresh_state(tmp_path)
    assert build_and_hash(tmp_path) == expected

    for name in NAMESPACES:  # a record's value changed, one cut off: both made again
        path = pack_path(tmp_path / CACHE_FOLDER, name)
        damaged = bytearray(path.read_bytes())
        damaged[len(damaged) // 2] ^= 0x04
        path.write_bytes(bytes(damaged[: len(damaged) - 5]))
    _fresh_state(tmp_path)
    assert build_and_hash(tmp_path) == expected
    assert _packs(tmp_path) == cold

    pack_path(tmp_path / CACHE_FOLDER, PRESS).write_bytes(
        pack_path(tmp_path / CACHE_FOLDER, image_sizes.NAMESPACE).read_bytes()
    )  # sound records of another namespace: none is a logo's
    _fresh_state(tmp_path)
    assert build_and_hash(tmp_path) == expected
    assert _packs(tmp_path) == cold


def test_a_changed_svg_logo_is_drawn_afresh(tmp_path: Path) -> None:
    """After a warm build the logo's colours change: the next build equals a cold build of the changed data."""
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    build_and_hash(warm)
    before = _packs(warm)
    for folder in (warm, cold):
        if not (folder / "data").exists():
            shutil.copytree(ROOT / "data", folder / "data")
        _fresh_state(folder)
        logo = folder / "data" / "logos" / "beispielverein-syrien.svg"
        text = logo.read_text(encoding="utf-8")
        changed = text.replace('fill="', 'fill="#2a9d3a" data-was="', 1)
        assert changed != text
        logo.write_text(changed, encoding="utf-8")
    assert build_and_hash(warm) == build_and_hash(cold) != HASH_FILE.read_text(encoding="utf-8")
    after = _packs(warm)
    assert after == _packs(cold)
    assert len(after[PRESS]) == len(before[PRESS])
    assert len(after[PRESS].keys() - before[PRESS].keys()) == 1


def test_a_proof_from_recorded_logos_equals_one_from_none(tmp_path: Path) -> None:
    """The proof records its logos in screen colours (drawn by a forked worker, handed back), in a pack of its own
    that a build leaves alone; the same round made again after a build imports nothing to read an SVG and gives
    the same bytes."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    assert _svg_modules(_imported(tmp_path, "proof")), "a cold proof reads its SVG logos"
    first = {name: (tmp_path / "out" / str(YEAR) / name).read_bytes() for name in PROOFS}
    recorded = _packs(tmp_path, (SCREEN, RASTER_SCREEN))
    assert len(recorded[SCREEN]) == len(SHIPPED_SVGS)
    assert len(recorded[RASTER_SCREEN]) >= len(SHIPPED_RASTERS)  # converted by the worker that draws the pages
    build_and_hash(tmp_path)
    assert _packs(tmp_path, (SCREEN, RASTER_SCREEN)) == recorded
    shutil.rmtree(tmp_path / "out")
    shutil.rmtree(tmp_path / "data" / "proofs")  # the same round again
    assert _svg_modules(_imported(tmp_path, "proof")) == set()
    assert {name: (tmp_path / "out" / str(YEAR) / name).read_bytes() for name in PROOFS} == first
    assert _packs(tmp_path, (SCREEN, RASTER_SCREEN)) == recorded
