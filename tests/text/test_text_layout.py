"""Run order, measuring, fitting and drawing: the properties layout relies on."""

from __future__ import annotations

import time
from pathlib import Path

import pikepdf
import pytest
import uharfbuzz as hb
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.render.pdffonts import initial_font_name, pdf_face
from calendar_builder.render.textdraw import draw_shaped as draw
from calendar_builder.text import shaping
from calendar_builder.text.fonts import FONT_DIR, FontBook
from calendar_builder.text.shaping import ShapedLine, bidi_levels, fit, measure, shape
from tests.text.pdfprobe import drawn_glyphs
from tests.text.samples import SAMPLES, Sample

MIXED = (
    st.text(
        alphabet=st.sampled_from(list("abcXYZ אבגדהשנ عيدالفطر 0123456789 ()-.,:") + ["۱", "۲"]),
        min_size=1,
        max_size=24,
    )
    .map(str.strip)
    .filter(bool)
)


def visual_string(line: ShapedLine) -> str:
    return "".join(r.text[::-1] if r.rtl else r.text for r in line.runs)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_run_order_matches_python_bidi(text: str) -> None:
    """Runs in drawing order give the same visual string as python-bidi's own reordering."""
    assert visual_string(shape(text, 10)) == get_display(text)


def test_mixed_line_order_by_example() -> None:
    # A German label with the Hebrew name and a date in brackets (left-to-right paragraph).
    line = shape("Pessach פסח (15 ניסן)", 10)
    assert [r.text for r in line.runs] == ["Pessach ", ")", " ניסן", "15", "(", "פסח "]
    assert [r.rtl for r in line.runs] == [False, True, True, False, True, True]
    # An Arabic name followed by a year and a Latin word (right-to-left paragraph).
    line = shape("عيد الفطر 2025 Eid", 10)
    assert [r.text.strip() for r in line.runs if r.text.strip()] == ["Eid", "2025", "عيد الفطر"]


def test_bidi_levels_handle_isolates_and_astral_characters() -> None:
    assert bidi_levels("ab\u2067גד\u2069") == [0, 0, 0, 1, 1, 0]
    assert bidi_levels("😀 אב") == [1, 1, 1, 1]
    assert bidi_levels("") == []


def _hb_width(font_file: str, text: str, size: float) -> float:
    face = hb.Face(hb.Blob.from_file_path(str(FONT_DIR / font_file)))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hb.Font(face), buf, {})
    return sum(p.x_advance for p in buf.glyph_positions) * size / face.upem


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.font], ids=lambda s: s.key)
def test_measure_is_width_after_shaping(sample: Sample) -> None:
    got = measure(sample.text, 9.5, sample.style)
    assert got == pytest.approx(_hb_width(sample.font, sample.text, 9.5), abs=1e-6)
    assert measure(sample.text, 19.0, sample.style) == pytest.approx(2 * got)


def test_shaped_width_differs_from_code_point_width() -> None:
    """Measuring code points (what ReportLab's stringWidth does) would misjudge joined Arabic."""
    face = FontBook.default().face("NotoSansArabic-Regular")
    text = "عيد الفطر"
    naive = stringWidth(text, pdf_face(face).rl_font.fontName, 12)
    assert abs(measure(text, 12) - naive) > 0.5


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([s.text for s in SAMPLES] + ["Ostern", "Internationaler Frauentag"]),
    st.floats(min_value=5.0, max_value=400.0),
)
def test_fit_returns_the_largest_size_that_fits(text: str, max_width: float) -> None:
    size = fit(text, max_width, max_size=14.0, min_size=6.0)
    if size is None:
        assert measure(text, 6.0) > max_width
        return
    assert 6.0 <= size <= 14.0
    assert measure(text, size) <= max_width + 1e-6
    if size < 14.0:
        assert measure(text, size + 0.1) > max_width


def _draw_pdf(path: Path, lines: list[tuple[ShapedLine, float, float, str]]) -> None:
    book = FontBook.default()
    canvas = Canvas(
        str(path),
        pagesize=(400, 200),
        initialFontName=initial_font_name(book),
        invariant=1,
        enforceColorSpace="cmyk",
    )
    canvas.setFillColorCMYK(0.1, 0.9, 0.2, 0.05)
    for line, x, y, align in lines:
        draw(canvas, line, x, y, align)
    canvas.showPage()
    canvas.save()


@pytest.mark.parametrize("align", ["left", "right", "centre"])
@pytest.mark.parametrize("text", ["Newroz", "عيد الفطر", "Diwali दीपावली"])
def test_alignment_places_the_shaped_width(tmp_path: Path, align: str, text: str) -> None:
    line = shape(text, 20)
    _draw_pdf(tmp_path / "a.pdf", [(line, 200, 100, align)])
    glyphs = drawn_glyphs(tmp_path / "a.pdf")
    left = {"left": 200.0, "right": 200.0 - line.width, "centre": 200.0 - line.width / 2}[align]
    # the pen starts at `left`; the first glyph's origin is there unless HarfBuzz offsets it
    first_run = line.runs[0]
    assert glyphs[0].x == pytest.approx(left + first_run.glyphs[0].dx * 20, abs=0.01)
    assert all(
        g.y == pytest.approx(100 + gl.dy * 20, abs=0.01)
        for g, gl in zip(glyphs, [g for r in line.runs for g in r.glyphs], strict=True)
    )


def test_drawing_sets_no_colour_and_no_unembedded_font(tmp_path: Path) -> None:
    """The caller's CMYK fill applies; the text layer writes no colour operator of its own."""
    lines = [(shape(s.text, 12, s.style, lang=s.lang), 20, 20 + 6 * i, "left") for i, s in enumerate(SAMPLES)]
    _draw_pdf(tmp_path / "c.pdf", lines)
    with pikepdf.open(tmp_path / "c.pdf") as pdf:
        ops = [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0])]
        fonts = [str(f.BaseFont) for f in pdf.pages[0].Resources.Font.values()]
    colour_ops = {o for o in ops if o in ("rg", "RG", "g", "G", "k", "K", "sc", "scn", "cs", "CS")}
    assert colour_ops == {"k"}  # only the caller's CMYK fill
    assert ops.count("k") == 1
    assert not any("Helvetica" in f for f in fonts)
    assert all("+" in f for f in fonts)  # subset tags


def test_empty_text_is_zero_width_and_draws_nothing(tmp_path: Path) -> None:
    assert measure("", 10) == 0
    assert fit("", 10, 12, 6) == 12
    _draw_pdf(tmp_path / "e.pdf", [(shape("", 10), 10, 10, "left")])
    assert drawn_glyphs(tmp_path / "e.pdf") == []


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown font style"):
        shape("x", 10, "italic")
    with pytest.raises(ValueError, match="unknown alignment"):
        draw(None, shape("x", 10), 0, 0, "justify")


def test_two_thousand_strings_are_fast(tmp_path: Path) -> None:
    """The calendar draws about 2,000 strings: shaping is cached, drawing writes glyphs directly."""
    texts = [f"{s.text} {i}" for i in range(80) for s in SAMPLES][:2000]
    start = time.perf_counter()
    lines = [shape(t, 8) for t in texts]
    first = time.perf_counter() - start
    start = time.perf_counter()
    for t in texts:
        shape(t, 9)
    cached = time.perf_counter() - start
    book = FontBook.default()
    canvas = Canvas(str(tmp_path / "p.pdf"), initialFontName=initial_font_name(book), invariant=1)
    start = time.perf_counter()
    for i, line in enumerate(lines):
        draw(canvas, line, 20, 20 + (i % 80) * 10)
    canvas.showPage()
    canvas.save()
    drawing = time.perf_counter() - start
    assert first < 15 and cached < 0.5 and drawing < 15, (first, cached, drawing)


def test_same_text_gives_the_same_bytes_whatever_was_drawn_before(tmp_path: Path) -> None:
    """Private-use codes for unmapped glyphs come from the font, not from drawing history."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from reportlab.pdfgen.canvas import Canvas\n"
        "from calendar_builder.text.fonts import FontBook\n"
        "from calendar_builder.render.pdffonts import initial_font_name\n"
        "from calendar_builder.render.textdraw import draw_shaped as draw\n"
        "from calendar_builder.text.shaping import shape\n"
        "book = FontBook.default()\n"
        "def render(path, texts):\n"
        "    c = Canvas(path, initialFontName=initial_font_name(book), invariant=1)\n"
        "    for i, t in enumerate(texts):\n"
        "        draw(c, shape(t, 12), 20, 700 - 20 * i)\n"
        "    c.showPage(); c.save()\n"
        "if sys.argv[1] == 'warm':\n"
        "    render(sys.argv[2] + '.warmup.pdf', ['श्रीकृष्ण जन्माष्टमी', 'জন্মাষ্টমী', 'ਗੁਰਪੁਰਬ', 'جەژن'])\n"
        "render(sys.argv[2], ['पहेला', 'दीपावली', 'জন্মাষ্টমী', 'جەژنی نەورۆز', '🕉'])\n"
    )
    outputs = []
    for mode in ("cold", "warm"):
        out = tmp_path / f"{mode}.pdf"
        subprocess.run([sys.executable, "-c", script, mode, str(out)], check=True, cwd=Path(__file__).parents[2])
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_private_use_carriers_get_harfbuzz_widths_even_past_the_long_metrics() -> None:
    """Droid Sans Fallback has 256 units per em and short metrics for most glyphs; ReportLab keeps those
    already in 1/1000 em, so the width of a glyph carried by a private-use code must come from HarfBuzz."""
    from calendar_builder.text.fonts import FontBook

    face = FontBook.default().face("DroidSansFallbackFull")
    gid = max(pdf_face(face).private_codes)  # an unmapped glyph far past the 28,492 long metrics
    assert pdf_face(face).rl_font.face.hmetrics[gid][0] == 1000.0  # ReportLab's pre-scaled short metric
    code = pdf_face(face).code_for_glyph(gid)
    assert 0xE000 <= code < 0xF900
    expected = face.hb_font.get_glyph_h_advance(gid) * 1000.0 / face.upem
    assert pdf_face(face).rl_font.face.charWidths[code] == expected


#: the shortcut itself, put back after each example
ONE_PLAIN_RUN = shaping._one_plain_run
#: Latin letters and common signs the base font has ...
PLAIN = list("aBzÄßéŁ 09.,;:()-–/„“'!?€\u00a0")
#: ... and characters that are not plain: a middle dot (its script extensions name scripts), right-to-left letters,
#: an Arabic digit, a combining mark, a joiner, a symbol from a fallback font, Cyrillic and CJK
PLAIN_OR_NOT = st.text(
    alphabet=st.sampled_from(PLAIN + ["·", "א", "ع", "۱", "\u0301", "\u200d", "✡", "Ж", "节"]), max_size=16
)


@settings(max_examples=400, deadline=None)
@given(PLAIN_OR_NOT, st.sampled_from(["sans", "bold", "serif"]))
def test_plain_text_is_itemised_as_character_by_character(text: str, style: str) -> None:
    """The shortcut for Latin letters and common signs gives exactly the runs, scripts, fonts and gaps that
    deciding each character in turn gives, and is taken for such text."""
    book = FontBook(FONT_DIR)  # a book of its own: no characters decided by other tests
    shortcut = shaping._itemise.__wrapped__(book, text, style)
    plain = shaping._one_plain_run(book, text, style)
    try:
        shaping._one_plain_run = lambda *_: None  # type: ignore[assignment]
        each = shaping._itemise.__wrapped__(book, text, style)
    finally:
        shaping._one_plain_run = ONE_PLAIN_RUN  # type: ignore[assignment]
    assert shortcut == each
    assert (plain is not None) == (bool(text) and set(text) <= set(PLAIN))
