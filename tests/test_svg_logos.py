"""SVG logos: placed as CMYK vectors in the print PDF (which still passes the preflight), refused with the SVG's
line when svglib could not print them faithfully (text, opacity, masks, broken XML, no size)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from PIL import ImageCms
from reportlab.lib.colors import Color

from calendar_builder.cli import main
from calendar_builder.edition.settings import load_edition_settings
from calendar_builder.layout.geometry import Page, VectorImage
from calendar_builder.layout.pages import layout_edition
from calendar_builder.preflight import preflight, settings_for_data
from calendar_builder.render.svg_cmyk import cmyk_colour
from tests.printkit import PROFILE, YEAR, data_folder, edition

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LOGO = FIXTURES / "logo-two-colours.svg"
MONTH = 3  # the organisation is featured in March: page 4 (after the cover)

ORGANISATIONS = f"""\
organisations:
  - id: vektorverein
    name: Vektorverein
    description: {{de: Ein Verein mit einem Logo als SVG.}}
    languages: [de]
    logo: logos/vektor.svg
    featured_month: {MONTH}
    contact:
      email: info@vektorverein.example.org
    events:
      - id: treff
        title: Treff
        date: {YEAR}-03-12
"""

# The fixture's two colours (see tests/fixtures/logo-two-colours.svg): the disc and stroke opaque, the arrow's
# fill at 50 % over paper white.
BLUE = (0x1F, 0x6F, 0xB2)
RED_HALF_ON_WHITE = tuple(round(0.5 * v + 0.5 * 255) for v in (220, 60, 40))


def reference_cmyk(rgb: tuple[int, ...]) -> tuple[float, float, float, float]:
    """The colour through LittleCMS directly (a transform built here, not the renderer's cached one)."""
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    source, target = ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(PROFILE))
    transform = ImageCms.buildTransform(source, target, "RGB", "CMYK", renderingIntent=intent)
    pixel = ImageCms.applyTransform(PILImage.new("RGB", (1, 1), rgb), transform).getpixel((0, 0))  # type: ignore[union-attr]
    assert isinstance(pixel, tuple)
    c, m, y, k = (round(v / 255, 4) for v in pixel)
    return (c, m, y, k)


@dataclass(frozen=True)
class Built:
    folder: Path
    pdf: Path
    output: str
    page: Page


def _folder(tmp: Path, svg: Path = LOGO) -> Path:
    folder = data_folder(tmp)
    (folder / "logos").mkdir(exist_ok=True)
    shutil.copy(svg, folder / "logos" / "vektor.svg")
    (folder / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("svg")
    folder = _folder(root)
    out = root / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(out), "--year", str(YEAR)])
    assert result.exit_code == 0, result.output
    pages = layout_edition(edition(folder), load_edition_settings(folder))
    return Built(folder, out / str(YEAR) / f"kalender-{YEAR}-druck.pdf", result.output, pages[MONTH])


def _logo(page: Page) -> VectorImage:
    logos = [e for e in page.walk() if isinstance(e, VectorImage) and e.role == "logo"]
    assert len(logos) == 1
    return logos[0]


def test_the_logo_is_placed_whole_with_its_proportions_inside_the_safe_area(built: Built) -> None:
    logo = _logo(built.page)
    assert logo.box.w / logo.box.h == pytest.approx(240 / 160)  # the SVG's viewBox
    assert built.page.safe.contains(logo.box)
    assert logo.box.w == pytest.approx(20 * 72 / 25.4, rel=0.05)  # 22 mm box less 1 mm each side: width-bound


def test_the_build_with_an_svg_logo_passes_the_preflight(built: Built) -> None:
    assert built.output.strip().splitlines()[-1].startswith("preflight passed:")
    report = preflight(built.pdf, settings_for_data(built.folder))
    assert report.ok, report.findings
    assert not [f for f in report.findings if f.check in ("colour", "transparency", "fonts", "ink")]


def _operators(pdf: pikepdf.Pdf, number: int) -> list[tuple[str, tuple[float, ...]]]:
    page = pdf.pages[number - 1]
    found = []
    for operands, operator in pikepdf.parse_content_stream(page):
        values = tuple(float(o) for o in operands if isinstance(o, int | float | Decimal))
        found.append((str(operator), values))
    return found


def test_the_logo_colours_are_written_as_cmyk_through_the_output_profile(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        operators = _operators(pdf, MONTH + 1)
        resources = pdf.pages[MONTH].obj.Resources
        assert "/ExtGState" not in resources or all(
            "/ca" not in state and "/CA" not in state and "/SMask" not in state
            for state in resources.ExtGState.values()
        )
    names = {name for name, _ in operators}
    assert not names & {"rg", "RG", "sc", "scn", "SC", "SCN", "cs", "CS"}  # gs: overprint states only

    def rounded(values: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(round(v, 4) for v in values)

    fills = {rounded(v) for name, v in operators if name == "k"}
    strokes = {rounded(v) for name, v in operators if name == "K"}
    blue, red = reference_cmyk(BLUE), reference_cmyk(RED_HALF_ON_WHITE)
    assert any(_distance(f, blue) < 0.012 for f in fills)  # the disc
    assert any(_distance(f, red) < 0.012 for f in fills)  # the arrow, mixed with paper white
    assert any(_distance(s, blue) < 0.012 for s in strokes)  # the arrow's outline
    assert red[1] < 0.6  # half as strong as the opaque red would be


def _distance(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def test_the_rendered_page_shows_the_logo(built: Built, tmp_path: Path) -> None:
    """Render the logo's box (at 150 ppi) and look for the blue disc and the light red arrow in it."""
    logo = _logo(built.page)
    with pikepdf.open(built.pdf) as pdf:
        media = [float(v) for v in pdf.pages[MONTH].obj.MediaBox]
        trim = [float(v) for v in pdf.pages[MONTH].obj.TrimBox]
    scale = 150 / 72
    x = round((trim[0] - media[0] + logo.box.x) * scale)
    y = round((media[3] - trim[1] - logo.box.top) * scale)
    w, h = round(logo.box.w * scale), round(logo.box.h * scale)
    shot = tmp_path / "logo"
    subprocess.run(["pdftoppm", "-f", str(MONTH + 1), "-l", str(MONTH + 1), "-r", "150", "-x", str(x), "-y", str(y),
                    "-W", str(w), "-H", str(h), "-png", "-singlefile", str(built.pdf), str(shot)],
                   check=True)  # fmt: skip
    with PILImage.open(shot.with_suffix(".png")) as image:
        rgb = image.convert("RGB")
        # viewBox 240 × 160: the disc's centre at (80, 80) is under the arrow; (30, 80) is disc only;
        # (200, 80) is the arrow's tip region outside the disc only at its outline, (165, 80) arrow fill only
        disc = rgb.getpixel((round(30 / 240 * w), round(80 / 160 * h)))
        arrow = rgb.getpixel((round(165 / 240 * w), round(80 / 160 * h)))
        corner = rgb.getpixel((round(235 / 240 * w), round(5 / 160 * h)))
    assert isinstance(disc, tuple) and isinstance(arrow, tuple) and isinstance(corner, tuple)
    assert disc[2] > disc[0] + 60  # blue
    assert arrow[0] > arrow[2] + 40 and arrow[0] > 200 and arrow[1] > 100  # light red, not full strength
    assert min(corner) > 240  # the white logo panel around the drawing


@settings(max_examples=60, deadline=None)
@given(st.tuples(*[st.integers(0, 255)] * 3), st.floats(0, 1))
def test_any_colour_becomes_opaque_cmyk_within_the_ink_limit(rgb: tuple[int, int, int], alpha: float) -> None:
    colour = cmyk_colour(Color(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255, alpha), PROFILE)
    inks = (colour.cyan, colour.magenta, colour.yellow, colour.black)
    assert colour.alpha == 1 and all(0 <= ink <= 1 for ink in inks)
    assert sum(inks) <= 3.0 + 0.02  # ISO Coated v2 300 %: the profile's total ink limit
    # alpha over paper white in the 0..1 range of the SVG's colour, then to 8 bits (as the profile transform takes it)
    mixed = tuple(round((alpha * (v / 255) + (1 - alpha)) * 255) for v in rgb)
    assert _distance(inks, reference_cmyk(mixed)) <= 1 / 255 + 1e-6


def test_paper_white_and_full_transparency_need_no_ink() -> None:
    assert cmyk_colour(Color(1, 1, 1), PROFILE).black == 0
    transparent = cmyk_colour(Color(0.1, 0.2, 0.3, 0), PROFILE)
    assert (transparent.cyan, transparent.magenta, transparent.yellow, transparent.black) == (0, 0, 0, 0)


# --- refused SVGs -------------------------------------------------------------------------------------------

GOOD = LOGO.read_text(encoding="utf-8")


def _check(tmp_path: Path, svg: str) -> Result:
    source = tmp_path / "source.svg"
    source.write_text(svg, encoding="utf-8")
    folder = _folder(tmp_path, source)
    result = CliRunner().invoke(main, ["check", "--data", str(folder), "--year", str(YEAR)])
    assert "Traceback" not in result.output
    return result


def _line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def test_the_good_logo_passes_check(tmp_path: Path) -> None:
    result = _check(tmp_path, GOOD)
    assert result.exit_code == 0, result.output
    assert "[logo]" not in result.output


REFUSED = [
    ("text", GOOD.replace("</svg>", '  <text x="10" y="150" font-family="Noto Sans">Verein</text>\n</svg>'),
     "<text", "<text>: text in an SVG would be set in a substitute font that is not embedded; convert text to paths"),
    ("group opacity", GOOD.replace("<circle", '<g opacity="0.5"><circle').replace('fill="#1f6fb2"/>',
                                                                               'fill="#1f6fb2"/></g>'),
     "<g opacity", "<g> has opacity 0.5"),
    ("opacity in a style", GOOD.replace('<circle', '<circle style="fill:red;opacity:.4"'), "<circle",
     "<circle> has opacity .4"),
    ("mask", GOOD.replace("</svg>", "  <mask id='m'><rect width='9' height='9' fill='white'/></mask>\n</svg>"),
     "<mask", "<mask>: masks are transparency"),
    ("raster image", GOOD.replace("</svg>", '  <image href="x.png" width="9" height="9"/>\n</svg>'), "<image",
     "<image>: an SVG with an embedded raster image"),
    ("broken XML", GOOD.replace("</svg>", "<path d='M0 0'>\n</svg>"), "</svg>", "not well-formed XML"),
    ("no size", GOOD.replace(' viewBox="0 0 240 160" width="240" height="160"', ""), "<svg",
     "the <svg> element has neither a viewBox nor both width and height"),
    ("relative size", GOOD.replace(' viewBox="0 0 240 160" width="240" height="160"', ' width="100%" height="80"'),
     "<svg", "width='100%' is not an absolute length"),
    ("not SVG", '<?xml version="1.0"?>\n<html><body/></html>\n', "<html", "is XML but not SVG (root element <html>)"),
]  # fmt: skip


@pytest.mark.parametrize(("svg", "marker", "message"), [case[1:] for case in REFUSED], ids=[c[0] for c in REFUSED])
def test_an_unprintable_svg_is_refused_with_file_and_line(tmp_path: Path, svg: str, marker: str, message: str) -> None:
    result = _check(tmp_path, svg)
    assert result.exit_code == 1, result.output
    yaml_file = tmp_path / "data" / "organisations.yaml"
    svg_file = tmp_path / "data" / "logos" / "vektor.svg"
    where = f"{yaml_file}:{_line_of(ORGANISATIONS, 'logo:')} [logo]: error: organisation 'vektorverein': SVG logo "
    assert f"{where}{svg_file}, line {_line_of(svg, marker)}: {message}" in result.output, result.output


def test_build_stops_before_drawing_an_svg_with_text(tmp_path: Path) -> None:
    source = tmp_path / "source.svg"
    source.write_text(GOOD.replace("</svg>", "<text x='1' y='9'>A</text></svg>"), encoding="utf-8")
    folder = _folder(tmp_path, source)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(folder), "--out", str(out), "--year", str(YEAR)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "convert text to paths" in result.output and "vektor.svg, line" in result.output
    assert not (out / str(YEAR) / f"kalender-{YEAR}-druck.pdf").exists()
