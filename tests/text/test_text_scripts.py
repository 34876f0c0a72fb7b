"""Each script the calendar prints: a real festival name rendered to PDF, then read back from the file.

Three independent readings per name: pdftotext gives the original string back; the glyphs in the
content stream (decoded through the embedded subset font) are exactly HarfBuzz's shaping of the name
in the expected font, at HarfBuzz's positions; and the rasterised page matches a reviewed reference
image. Set UPDATE_TEXT_REFERENCES=1 to rewrite the reference images (then look at every one).
"""

from __future__ import annotations

import math
import os
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.render.pdffonts import initial_font_name
from calendar_builder.render.textdraw import draw_shaped as draw
from calendar_builder.text.fonts import FontBook
from calendar_builder.text.shaping import shape
from tests.text.pdfprobe import drawn_glyphs, extracted_text, hb_expected, nominal_outline, pdffonts
from tests.text.samples import SAMPLES, Sample

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference" / "text"
SIZE = 24.0
MARGIN = 6.0
DPI = 144


def render(sample: Sample, path: Path) -> tuple[float, float]:
    """Draw the sample alone on a CMYK page sized to it; returns the baseline origin."""
    book = FontBook.default()
    line = shape(sample.text, SIZE, sample.style, lang=sample.lang)
    width = math.ceil(line.width + 2 * MARGIN)
    canvas = Canvas(
        str(path),
        pagesize=(width, SIZE * 2.2),
        initialFontName=initial_font_name(book),
        invariant=1,
        enforceColorSpace="cmyk",
    )
    canvas.setFillColorCMYK(0, 0, 0, 1)
    x0, y0 = MARGIN, SIZE * 0.8
    draw(canvas, line, x0, y0)
    canvas.showPage()
    canvas.save()
    return x0, y0


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, float, float]]:
    out = tmp_path_factory.mktemp("scripts")
    result = {}
    for sample in SAMPLES:
        pdf = out / f"{sample.key}.pdf"
        x0, y0 = render(sample, pdf)
        result[sample.key] = (pdf, x0, y0)
    return result


ids = [s.key for s in SAMPLES]


@pytest.mark.parametrize("sample", SAMPLES, ids=ids)
def test_text_extracts_as_the_original(sample: Sample, rendered: dict[str, tuple[Path, float, float]]) -> None:
    pdf, _, _ = rendered[sample.key]
    assert extracted_text(pdf) == unicodedata.normalize("NFKC", sample.text)


@pytest.mark.parametrize("sample", SAMPLES, ids=ids)
def test_glyphs_are_harfbuzz_shaping(sample: Sample, rendered: dict[str, tuple[Path, float, float]]) -> None:
    pdf, x0, y0 = rendered[sample.key]
    drawn = drawn_glyphs(pdf)
    expected = hb_expected(list(sample.expected_segments()), sample.lang, x0, y0, SIZE)
    assert len(drawn) == len(expected)
    for got, (font_file, outline, x, y) in zip(drawn, expected, strict=True):
        assert got.base_font == Path(font_file).stem.replace("DroidSansFallbackFull", "DroidSansFallback")
        assert got.outline == outline
        assert got.x == pytest.approx(x, abs=0.01)
        assert got.y == pytest.approx(y, abs=0.01)


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.phenomenon != "plain"], ids=lambda s: s.key)
def test_shaping_changes_what_naive_drawing_would_show(
    sample: Sample, rendered: dict[str, tuple[Path, float, float]]
) -> None:
    """The drawn glyphs are not the font's nominal glyphs in reading order (what ReportLab alone draws)."""
    pdf, _, _ = rendered[sample.key]
    drawn = [g.outline for g in drawn_glyphs(pdf)]
    segments = sample.expected_segments()
    naive = [nominal_outline(f, ch) for f, text in segments for ch in text if not ch.isspace()]
    drawn_ink = [o for o in drawn if o]  # spaces have no outline
    assert drawn_ink != [o for o in naive if o]
    if sample.phenomenon == "rtl":
        # no joining in Hebrew: exactly the letters, right to left
        assert drawn_ink == [o for o in reversed(naive) if o]
    if sample.phenomenon == "joined-rtl":
        # right to left, and contextual (joined) forms rather than isolated letters: the rightmost glyph
        # is the initial form of the first letter (its Arabic Presentation Forms code point's glyph)
        assert drawn_ink != [o for o in reversed(naive) if o]
        font = segments[0][0]
        ink = [g for g in drawn_glyphs(pdf) if g.outline]
        rightmost = max(ink, key=lambda g: g.x)
        assert rightmost.outline == nominal_outline(font, initial_form(sample.text[0]))
        assert rightmost.outline != nominal_outline(font, sample.text[0])


def initial_form(letter: str) -> str:
    """The Arabic Presentation Forms character for the initial form of `letter`."""
    for cp in list(range(0xFB50, 0xFDFF)) + list(range(0xFE70, 0xFEFF)):
        if unicodedata.decomposition(chr(cp)) == f"<initial> {ord(letter):04X}":
            return chr(cp)
    raise LookupError(letter)


def _rasterise(pdf: Path, png_stem: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(pdf), str(png_stem)], check=True)
    return png_stem.with_suffix(".png")


@pytest.mark.parametrize("sample", SAMPLES, ids=ids)
def test_matches_reference_image(
    sample: Sample, rendered: dict[str, tuple[Path, float, float]], tmp_path: Path
) -> None:
    pdf, _, _ = rendered[sample.key]
    fresh = _rasterise(pdf, tmp_path / sample.key)
    reference = REFERENCE_DIR / f"{sample.key}.png"
    if os.environ.get("UPDATE_TEXT_REFERENCES"):
        REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
        Image.open(fresh).convert("L").save(reference, optimize=True)
    assert reference.exists(), f"no reference image {reference}; run with UPDATE_TEXT_REFERENCES=1"
    a = np.asarray(Image.open(fresh).convert("L"), dtype=np.int16)
    b = np.asarray(Image.open(reference).convert("L"), dtype=np.int16)
    assert a.shape == b.shape
    diff = np.abs(a - b)
    assert diff.mean() < 1.0
    assert (diff > 96).mean() < 0.002


@pytest.mark.parametrize("sample", SAMPLES, ids=ids)
def test_every_font_embedded_and_subset(sample: Sample, rendered: dict[str, tuple[Path, float, float]]) -> None:
    pdf, _, _ = rendered[sample.key]
    fonts = pdffonts(pdf)
    assert fonts
    for name, embedded, subset in fonts:
        assert (embedded, subset) == ("yes", "yes"), name
        assert "Helvetica" not in name
