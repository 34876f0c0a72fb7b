"""Drawn SVG logos in the build cache: a logo from a record gives the page the bytes of a logo drawn afresh (in the
press's CMYK and in the proof's screen colours), a changed SVG or profile is drawn afresh, a logo that needs the
document's resources is never recorded, and no record is used unless it decodes to the operators a plain drawing
writes."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.graphics.shapes import Drawing, Image, Rect, String
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.cache import Memo, read_pack
from calendar_builder.layout.geometry import Box
from calendar_builder.render import svg_cmyk, svg_ops
from calendar_builder.render.print_pdf import PRESS, Inks
from calendar_builder.render.screen_colour import ScreenInks
from calendar_builder.render.textdraw import register_fonts
from tests.printkit import PROFILE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
#: another CMYK output profile (Ghostscript's, installed with it by tools/setup.sh --test)
OTHER_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
BOXES = (Box(20, 30, 200, 120), Box(250, 40, 71, 71), Box(30, 300, 50, 300))
GRADIENT = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#1f6fb2"/><stop offset="1" stop-color="#dc3c28"/>
  </linearGradient></defs>
  <rect x="0" y="0" width="100" height="50" fill="url(#g)"/>
</svg>
"""
OUTSIDE = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <use xlink:href="other.svg#shape"/><rect width="10" height="10" fill="#1f6fb2"/>
</svg>
"""


def _logos(tmp_path: Path) -> list[Path]:
    """The shipped SVG logos and the test logo (a stroke, a dash, a half-transparent fill)."""
    return sorted((ROOT / "data" / "logos").glob("*.svg")) + [FIXTURES / "logo-two-colours.svg"]


def _page(logos: list[Path], inks: Inks, profile: Path = PROFILE, overprint: bool = False) -> bytes:
    """One uncompressed page with each logo drawn into each box, as the print renderer starts a canvas (with
    `overprint`, from a state in which fills overprint)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 700), invariant=1, pageCompression=0, initialFontName=register_fonts(),
                    initialFontSize=10, enforceColorSpace=inks.colour_space)  # fmt: skip
    if overprint:
        canvas.setFillOverprint(True)
    for logo in logos:
        for box in BOXES:
            svg_ops.draw_svg(canvas, logo, box, profile, inks)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _never(*_args: object) -> NoReturn:
    raise AssertionError("read an SVG the cache holds")


@contextmanager
def _no_svg_reading(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with monkeypatch.context() as patch:
        patch.setattr(svg_cmyk, "ready_drawing", _never)
        yield


def _memo(stored: dict[bytes, bytes] | None = None) -> Memo:
    return Memo(svg_ops.NAMESPACES["press"], svg_ops.memo_version(), stored)


@pytest.mark.parametrize("inks", [PRESS, ScreenInks(PROFILE)], ids=["press", "screen"])
def test_a_logo_from_the_cache_is_the_same_bytes(tmp_path: Path, inks: Inks, monkeypatch: pytest.MonkeyPatch) -> None:
    logos = _logos(tmp_path)
    fresh = _page(logos, inks)
    cold = _memo()
    with svg_ops.ops_through(cold):
        assert _page(logos, inks) == fresh
    assert (cold.hits, cold.misses) == (len(logos) * len(BOXES) - len(logos), len(logos))  # one record a logo
    warm = _memo(read_pack(cold.pack()))
    with _no_svg_reading(monkeypatch), svg_ops.ops_through(warm):
        assert _page(logos, inks) == fresh
    assert (warm.misses, warm.changed) == (0, False)
    assert re.search(rb" k\n" if inks is PRESS else rb" rg\n", fresh), "the logos' colours are on the page"


def test_press_and_screen_records_are_apart() -> None:
    logos = [FIXTURES / "logo-two-colours.svg"]
    memo = _memo()
    with svg_ops.ops_through(memo):
        press, screen = _page(logos, PRESS), _page(logos, ScreenInks(PROFILE))
    assert press != screen and len(read_pack(memo.pack())) == 2
    with svg_ops.ops_through(_memo(read_pack(memo.pack()))):
        assert (_page(logos, PRESS), _page(logos, ScreenInks(PROFILE))) == (press, screen)


def test_a_changed_svg_or_profile_is_drawn_afresh(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    shutil.copy2(FIXTURES / "logo-two-colours.svg", logo)
    memo = _memo()
    with svg_ops.ops_through(memo):
        before = _page([logo], PRESS)
    logo.write_text(logo.read_text(encoding="utf-8").replace("#1f6fb2", "#2a9d3a"), encoding="utf-8")
    pages = []
    for profile in (PROFILE, OTHER_PROFILE):
        fresh = _page([logo], PRESS, profile)
        warm = _memo(read_pack(memo.pack()))
        with svg_ops.ops_through(warm):
            assert _page([logo], PRESS, profile) == fresh
        assert warm.misses == 1, "the record made for the other file or profile is not used"
        memo = warm
        pages.append(fresh)
    assert len({before, *pages}) == 3


def test_the_canvas_state_the_renderer_answers_to_is_part_of_the_key() -> None:
    """From a state in which fills overprint, ReportLab's renderer turns overprinting off for the logo (a `gs`,
    never recorded): a logo recorded in the usual state is not used there."""
    logos = [FIXTURES / "logo-two-colours.svg"]
    memo = _memo()
    with svg_ops.ops_through(memo):
        usual = _page(logos, PRESS)
    fresh = _page(logos, PRESS, overprint=True)
    assert re.search(rb"/gRLs\d+ gs", fresh) and fresh != usual
    warm = _memo(read_pack(memo.pack()))
    with svg_ops.ops_through(warm):
        assert _page(logos, PRESS, overprint=True) == fresh
    assert warm.hits == 0 and read_pack(warm.pack()) == {}


def test_a_logo_with_a_shading_is_drawn_without_the_cache(tmp_path: Path) -> None:
    logo = tmp_path / "gradient.svg"
    logo.write_text(GRADIENT, encoding="utf-8")
    fresh = _page([logo], PRESS)
    assert re.search(rb"/\w+ sh", fresh), "svglib draws the gradient as a shading, a resource of the document"
    memo = _memo()
    with svg_ops.ops_through(memo):
        assert _page([logo], PRESS) == fresh
        assert svg_ops.drawn_here() == ()
    assert read_pack(memo.pack()) == {}


def test_an_svg_that_refers_to_another_file_is_never_recorded(tmp_path: Path) -> None:
    logo = tmp_path / "outside.svg"
    logo.write_text(OUTSIDE, encoding="utf-8")
    fresh = _page([logo], PRESS)
    memo = _memo()
    with svg_ops.ops_through(memo):
        assert _page([logo], PRESS) == fresh
    assert (memo.hits, memo.misses, read_pack(memo.pack())) == (0, 0, {})


def _canvas() -> Canvas:
    return Canvas(io.BytesIO(), invariant=1, initialFontName=register_fonts())


@pytest.mark.parametrize(
    "part", [String(5, 5, "Verein"), Image(0, 0, 10, 10, str(ROOT / "data" / "logos" / "beispielverein-habesha.png"))]
)
def test_a_drawing_with_text_or_an_image_is_not_plain(part: object) -> None:
    """Decided from the drawing: its operators are drawn but not given back for the cache."""
    plain = Drawing(20, 20)
    plain.add(Rect(1, 1, 10, 10))
    assert svg_cmyk.render_drawing(_canvas(), plain) is not None
    mixed = Drawing(20, 20)
    mixed.add(Rect(1, 1, 10, 10))
    mixed.add(part)
    canvas = _canvas()
    before = len(canvas._code)
    assert svg_cmyk.render_drawing(canvas, mixed) is None
    assert len(canvas._code) > before, "drawn all the same"


def test_a_record_that_decodes_to_nothing_is_replaced() -> None:
    """Cut short, naming a resource, out of balance, or without a size: the logo is drawn afresh and recorded."""
    logo = FIXTURES / "logo-two-colours.svg"
    memo = _memo()
    with svg_ops.ops_through(memo):
        fresh = _page([logo], PRESS)
    ((key, value),) = read_pack(memo.pack()).items()
    for bad in (b"", value[:-1] + b"/", value[:16] + b"q 0 0 0 1 k", b"\0" * 16 + value[16:]):
        damaged = _memo({key: bad})
        with svg_ops.ops_through(damaged):
            assert _page([logo], PRESS) == fresh
        assert read_pack(damaged.pack()) == {key: value}


# --- the operators a record may hold -------------------------------------------------------------------------

NUMBER = st.one_of(st.integers(-10_000, 10_000).map(str),
                   st.decimals(-10_000, 10_000, places=4, allow_nan=False).map(lambda d: f"{d:f}"))  # fmt: skip
OPERATORS = sorted(svg_ops._OPERANDS.items())


@st.composite
def plain_ops(draw: st.DrawFn) -> str:
    """A sequence of the operators a plain drawing writes, each with its operands, saves and restores paired."""
    lines = ["q"]
    depth = 1
    for name, operands in draw(st.lists(st.sampled_from([op for op in OPERATORS if op[0] not in "qQ"]), max_size=40)):
        if draw(st.booleans()) and depth < 6:
            lines.append("q")
            depth += 1
        values = [draw(NUMBER) for _ in range(operands)]
        if name == "d":
            values[0] = "[" + " ".join(draw(st.lists(NUMBER, max_size=3))) + "]"
        lines.append(" ".join([*values, name]))
        if draw(st.booleans()) and depth > 1:
            lines.append("Q")
            depth -= 1
    lines.extend(["Q"] * depth)
    return "\n".join(lines)


@given(plain_ops(), st.floats(0.01, 1000), st.floats(0.01, 1000), st.sampled_from([(), ("transparency",)]))
def test_plain_operators_survive_the_record(ops: str, width: float, height: float, features: tuple[str, ...]) -> None:
    logo = svg_ops.DrawnLogo(width, height, ops, features)
    assert svg_ops.decode(svg_ops.encode(logo)) == logo


@given(st.binary(max_size=300))
def test_any_bytes_decode_to_plain_operators_or_to_nothing(data: bytes) -> None:
    logo = svg_ops.decode(data)
    if logo is not None:
        assert 0 < logo.width <= 100_000 and 0 < logo.height <= 100_000
        assert svg_ops.plain_operators(logo.ops)
        assert "/" not in logo.ops and logo.ops.count("q") == logo.ops.count("Q")
        assert set(logo.features) <= {"transparency"}


@given(
    plain_ops(),
    st.sampled_from(
        [
            "/F1 12 Tf",
            "/gRLs0 gs",
            "/FormXob.1 Do",
            "/Sh0 sh",
            "BI /W 1 ID x EI",
            "q",
            "Q",
            "1 m",
            "1 2 3 4 5 k",
            "1e3 0 0 1 0 0 cm",
            "cmq",
            "[1 [2]] 0 d",
        ]
    ),
)
def test_operators_of_the_document_or_out_of_balance_are_refused(ops: str, extra: str) -> None:
    """Resources (fonts, graphics states, forms, shadings, inline images), a lone save or restore, an operator
    short of its operands or with one too many, an exponent, run-together operators, a nested array."""
    assert svg_ops.plain_operators(ops)
    lines = ops.split("\n")
    assert not svg_ops.plain_operators("\n".join([*lines[:-1], extra, lines[-1]]))


def test_what_reportlab_writes_for_the_shipped_logos_is_plain() -> None:
    memo = _memo()
    with svg_ops.ops_through(memo):
        _page(_logos(Path()), PRESS)
    records = read_pack(memo.pack())
    assert len(records) == len(_logos(Path()))
    assert all(svg_ops.decode(value) is not None for value in records.values())
