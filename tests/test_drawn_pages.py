"""Drawn pages in the build cache: pages written again from records give the bytes of pages drawn afresh (press
CMYK and screen colours), a changed page is drawn afresh and so is every later page that meets another document
state, a record whose live element comes out differently is not used, and no record is used unless it decodes to
what `encode` writes. That a fresh process writing every page again (the private-use carriers of ligatures and
conjuncts made again) gives the reference bytes is checked by the warm builds of test_layout_caches.py and
test_logo_cache_builds.py."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.build import load_edition
from calendar_builder.cache import Memo, read_pack
from calendar_builder.core.model import CMYK
from calendar_builder.layout.geometry import Box, Page, TextLine, VectorImage
from calendar_builder.layout.pages import layout_edition
from calendar_builder.render import drawn_pages
from calendar_builder.render.print_pdf import PRESS, Inks, draw_pages
from calendar_builder.render.screen_colour import ScreenInks
from calendar_builder.settings import Settings
from tests.printkit import PROFILE, look

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2027
#: text none of the shipped data prints: its glyphs take new codes in the font's subsets
NEW_TEXT = "Ǳ ǅ Ǉ ẞ ₿ ⅔"


@pytest.fixture(scope="module")
def pages() -> tuple[Page, ...]:
    """The default edition's pages (cover, months, back page: raster and SVG logos, every script)."""
    edition = load_edition(Settings(data_dir=ROOT / "data", year=YEAR))
    return layout_edition(edition, look(), draft=True)


def _memo(inks: Inks, stored: dict[bytes, bytes] | None = None) -> Memo:
    return Memo(drawn_pages.NAMESPACES[inks.name], "test", stored)


def _draw(pages: tuple[Page, ...], inks: Inks, memo: Memo | None = None) -> bytes:
    settings = look()
    if memo is None:
        return draw_pages(pages, settings, "Test", inks)
    with drawn_pages.pages_through(memo):
        return draw_pages(pages, settings, "Test", inks)


def _with_new_text(page: Page) -> Page:
    line = TextLine(NEW_TEXT, 40.0, 40.0, 9.0, 60.0, CMYK(0, 0, 0, 100), Box(30.0, 30.0, 100.0, 20.0))
    return replace(page, elements=(*page.elements, line))


@pytest.mark.parametrize("screen", [False, True], ids=["press", "screen"])
def test_pages_from_records_give_the_bytes_of_pages_drawn_afresh(pages: tuple[Page, ...], screen: bool) -> None:
    inks = ScreenInks(PROFILE) if screen else PRESS
    afresh = _draw(pages, inks)
    cold = _memo(inks)
    assert _draw(pages, inks, cold) == afresh
    assert cold.misses == len(pages), "every page of the default edition is recorded"
    stored = read_pack(cold.pack())
    warm = _memo(inks, stored)
    assert _draw(pages, inks, warm) == afresh
    assert (warm.hits, warm.misses) == (len(pages), 0)
    assert all(drawn_pages.decode(value) is not None for value in stored.values())


def test_a_changed_page_and_the_later_pages_that_meet_another_state_are_drawn_afresh(pages: tuple[Page, ...]) -> None:
    cold = _memo(PRESS)
    _draw(pages, PRESS, cold)
    stored = read_pack(cold.pack())
    changed = (pages[0], _with_new_text(pages[1]), *pages[2:])
    warm = _memo(PRESS, stored)
    assert _draw(changed, PRESS, warm) == _draw(changed, PRESS)
    # the cover is written again; January is drawn, and its new glyphs change every later page's starting state
    assert warm.hits == 1 and warm.misses == len(pages) - 1
    again = _memo(PRESS, read_pack(warm.pack()))
    assert _draw(changed, PRESS, again) == _draw(changed, PRESS)
    assert again.hits == len(pages)


def test_a_record_whose_live_element_comes_out_differently_is_not_used(pages: tuple[Page, ...]) -> None:
    cold = _memo(PRESS)
    afresh = _draw(pages, PRESS, cold)
    stored = read_pack(cold.pack())
    altered = {}
    for key, value in stored.items():
        drawn = drawn_pages.decode(value)
        assert drawn is not None
        pieces = tuple(
            replace(piece, code=piece.code + "\n0 0 m") if isinstance(piece, drawn_pages.Live) else piece
            for piece in drawn.pieces
        )
        altered[key] = drawn_pages.encode(replace(drawn, pieces=pieces))
    live_pages = sum(1 for value in stored.values() if any(isinstance(p, drawn_pages.Live)
                                                            for p in drawn_pages.decode(value).pieces))  # type: ignore[union-attr]  # fmt: skip
    assert live_pages >= 2, "the default edition has pages with logos"
    warm = _memo(PRESS, altered)
    assert _draw(pages, PRESS, warm) == afresh
    assert warm.hits == len(pages) - live_pages


def test_records_a_page_of_another_edition_cannot_meet(pages: tuple[Page, ...]) -> None:
    """A page's key is its complete contents: the same page with one line moved by a hundredth of a point, or
    drawn with other settings, finds nothing (the page after the moved one, which meets the same state, does)."""
    cold = _memo(PRESS)
    _draw(pages[:2], PRESS, cold)
    stored = read_pack(cold.pack())
    first = pages[0]
    line = next(index for index, element in enumerate(first.elements) if isinstance(element, TextLine))
    moved = replace(first.elements[line], x=first.elements[line].x + 0.01)  # type: ignore[union-attr]
    shifted = replace(first, elements=(*first.elements[:line], moved, *first.elements[line + 1 :]))
    warm = _memo(PRESS, stored)
    assert _draw((shifted, pages[1]), PRESS, warm) == _draw((shifted, pages[1]), PRESS)
    assert (warm.hits, warm.misses) == (1, 1)
    marks = _memo(PRESS, stored)
    with drawn_pages.pages_through(marks):
        draw_pages(pages[:2], look(crop_marks=True), "Test", PRESS)
    assert marks.hits == 0


@given(st.binary(max_size=300))
def test_no_arbitrary_bytes_decode_to_a_record(data: bytes) -> None:
    drawn = drawn_pages.decode(data)
    if drawn is not None:
        assert drawn_pages.decode(drawn_pages.encode(drawn)) == drawn


def test_a_damaged_or_foreign_record_is_not_used(pages: tuple[Page, ...]) -> None:
    cold = _memo(PRESS)
    _draw(pages[:1], PRESS, cold)
    (value,) = read_pack(cold.pack()).values()
    assert drawn_pages.decode(value) is not None
    assert drawn_pages.decode(value[:-4]) is None
    assert drawn_pages.decode(value + b"\0") is None
    import zlib

    text = zlib.decompress(value)
    assert drawn_pages.decode(zlib.compress(text.replace(b'"pieces"', b'"piece"'))) is None
    assert drawn_pages.decode(zlib.compress(b"[1, 2, 3]")) is None
    assert drawn_pages.decode(zlib.compress(b"\0" * (drawn_pages.RECORD_BYTES + 1))) is None


def test_a_page_key_is_the_same_in_every_process() -> None:
    """The key is made from the page's pickle without a memo: equal pages give equal bytes whichever objects they
    share, and nothing in it depends on the process (hash seeds)."""
    script = (
        "from pathlib import Path\n"
        "from calendar_builder.build import load_edition\n"
        "from calendar_builder.layout.pages import layout_edition\n"
        "from calendar_builder.render.drawn_pages import _Start, page_key\n"
        "from calendar_builder.settings import Settings\n"
        "from tests.printkit import look\n"
        f"edition = load_edition(Settings(data_dir=Path({str(ROOT / 'data')!r}), year={YEAR}))\n"
        "start = _Start({}, (), (), (), (), (1, 3))\n"
        "for page in layout_edition(edition, look(), draft=True):\n"
        "    print(page_key(page, ('press',), start)[1])\n"
    )
    keys = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True)  # fmt: skip
        keys.append(run.stdout.split())
    assert keys[0] == keys[1] and len(set(keys[0])) == len(keys[0]) > 10


GRADIENT = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1f6fb2"/><stop offset="1" stop-color="#dc3c28"/>
  </linearGradient></defs>
  <rect x="0" y="0" width="100" height="50" fill="url(#g)"/>
</svg>
"""


def _with_logo(page: Page, path: Path) -> Page:
    """The page with an SVG logo drawn from `path` on top."""
    return replace(page, elements=(*page.elements, VectorImage(str(path), Box(60.0, 60.0, 90.0, 45.0))))


def test_a_page_whose_logo_adds_a_shading_is_never_recorded(pages: tuple[Page, ...], tmp_path: Path) -> None:
    """A logo drawn with a shading changes the document in a way that writing the page again could not repeat
    exactly (a second shading): that page is drawn every time; the others are written again."""
    logo = tmp_path / "gradient.svg"
    logo.write_text(GRADIENT, encoding="utf-8")
    changed = (_with_logo(pages[0], logo), *pages[1:3])
    afresh = _draw(changed, PRESS)
    cold = _memo(PRESS)
    assert _draw(changed, PRESS, cold) == afresh
    assert len(read_pack(cold.pack())) == len(changed) - 1
    warm = _memo(PRESS, read_pack(cold.pack()))
    assert _draw(changed, PRESS, warm) == afresh
    assert warm.hits == len(changed) - 1


def test_a_changed_logo_file_is_another_page(pages: tuple[Page, ...], tmp_path: Path) -> None:
    """The contents of the files a page's logos are drawn from are part of its key: after the file changes the
    page is drawn afresh, never written again with the old logo's operators."""
    logo = tmp_path / "logo.svg"
    logo.write_bytes((ROOT / "tests" / "fixtures" / "logo-two-colours.svg").read_bytes())
    changed = (_with_logo(pages[0], logo), pages[1])
    cold = _memo(PRESS)
    _draw(changed, PRESS, cold)
    logo.write_text(GRADIENT.replace("url(#g)", "#2a9d3a"), encoding="utf-8")
    warm = _memo(PRESS, read_pack(cold.pack()))
    assert _draw(changed, PRESS, warm) == _draw(changed, PRESS)
    assert (warm.hits, warm.misses) == (1, 1)  # the logo's page drawn, the next one (same state) written again
