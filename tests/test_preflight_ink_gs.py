"""The preflight's ink figure agrees with Ghostscript's CMYK rasterisation of the same page.

Ghostscript renders DeviceCMYK unchanged into a 32-bit CMYK TIFF (no colour conversion when source and device are
both CMYK), so the highest C+M+Y+K of a solid area in the raster is the ink the press would put down there. Only
solid areas count: a pixel is taken only where its 3 × 3 neighbourhood is at least as dark (a min filter), so
antialiased or resampled edge pixels cannot raise the figure. Ghostscript must be installed (Debian: ghostscript).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageFilter, ImageMath
from preflight_fixtures import FONT, cmyk_image, register_font, trim_xy
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.preflight import PreflightSettings, preflight

GS = shutil.which("gs")
RESOLUTION = 50  # dpi: solid areas of a few mm are many pixels wide; the render takes a fraction of a second


def ghostscript_peak(pdf: Path, tmp: Path) -> float:
    """Highest ink coverage (percent) of any solid area on the first page, from Ghostscript's CMYK raster."""
    assert GS is not None, "Ghostscript (Debian package ghostscript) is needed for the ink cross-check"
    tiff = tmp / (pdf.stem + ".tif")
    subprocess.run(
        [GS, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{RESOLUTION}",
         "-dFirstPage=1", "-dLastPage=1", f"-sOutputFile={tiff}", str(pdf)],
        check=True, capture_output=True,
    )  # fmt: skip
    with Image.open(tiff) as raster:
        assert raster.mode == "CMYK"
        c, m, y, k = raster.split()
    # Sum of the four inks (0..1020) scaled to 8 bits, so that Pillow's rank filter can take the 3 × 3 minimum.
    total = ImageMath.lambda_eval(lambda a: (a["c"] + a["m"] + a["y"] + a["k"]) / 4, c=c, m=m, y=y, k=k)
    solid = total.convert("L").filter(ImageFilter.MinFilter(3))
    return solid.getextrema()[1] * 4 / 255 * 100


def known_areas(path: Path, areas: list[tuple[float, float, float, float]], image_block: tuple[int, ...] | None,
                text_colour: tuple[float, float, float, float] | None = None) -> Path:  # fmt: skip
    """An A3 page with solid CMYK rectangles (fractions), an optional 300 ppi image with a block of another
    colour (0–255 per ink) and optional large text in a colour."""
    register_font()
    bleed = 3 * mm
    c = Canvas(str(path), pagesize=(297 * mm + 2 * bleed, 420 * mm + 2 * bleed), invariant=1, initialFontName=FONT,
               enforceColorSpace="cmyk")  # fmt: skip
    c.setFillColor(CMYKColor(0.02, 0.02, 0.05, 0))
    c.rect(0, 0, 297 * mm + 2 * bleed, 420 * mm + 2 * bleed, stroke=0, fill=1)
    for i, cmyk in enumerate(areas):
        c.setFillColor(CMYKColor(*cmyk))
        c.rect(*trim_xy(20 + 60 * i, 100), 40 * mm, 30 * mm, stroke=0, fill=1)
    if image_block is not None:
        image = cmyk_image(472, 472, (150, 120, 100, 50), (100, 100, 300, 300), image_block)  # 40 mm at 300 ppi
        c.drawImage(ImageReader(image), *trim_xy(20, 200), 40 * mm, 40 * mm)
    if text_colour is not None:
        c.setFillColor(CMYKColor(*text_colour))
        c.setFont(FONT, 120)
        c.drawString(*trim_xy(20, 300), "HMW")
    c.showPage()
    c.save()
    return path


CASES = {
    # Vector areas of 250 %, 320 % and 180 %, an image peaking at 275 %: the 320 % rectangle wins.
    "vector": ([(0.6, 0.6, 0.6, 0.7), (0.8, 0.8, 0.8, 0.8), (0.0, 0.5, 0.3, 1.0)], (180, 180, 180, 161), None),
    # The image's block is the darkest thing on the page: 335 %.
    "image": ([(0.6, 0.6, 0.6, 0.7)], (230, 200, 200, 224), None),
    # Large text in a 310 % colour over areas under 300 %.
    "text": ([(0.5, 0.5, 0.5, 0.5)], None, (0.7, 0.7, 0.7, 1.0)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_ink_figure_agrees_with_ghostscript(case: str, tmp_path: Path) -> None:
    areas, block, text = CASES[case]
    pdf = known_areas(tmp_path / f"{case}.pdf", areas, block, text)
    report = preflight(pdf, PreflightSettings(pdfx="none"))
    ours = report.ink_peaks[0]
    theirs = ghostscript_peak(pdf, tmp_path)
    assert abs(ours - theirs) <= 2.0, (ours, theirs)
    expected = {"vector": 320, "image": 335, "text": 310}[case]
    assert abs(ours - expected) <= 0.5, ours  # 8-bit image samples: 335 % is 854/255
    assert [f for f in report.findings if f.check == "ink"], "above 300 %: an ink error is reported"


def test_calendar_fixture_agrees_with_ghostscript(tmp_path: Path) -> None:
    """The clean calendar-like page (background, artwork band, rich black, photo, text): 280 % from the photo."""
    from preflight_fixtures import build_page

    pdf = build_page(tmp_path / "clean.pdf")
    ours = preflight(pdf).ink_peaks[0]
    theirs = ghostscript_peak(pdf, tmp_path)
    assert abs(ours - theirs) <= 2.0, (ours, theirs)
    assert 279 <= ours <= 281
