"""The proof's calendar pages in screen colours, and its word wrap: what the council sees is the print page, colour
for colour through the output profile, and the review list breaks its lines where a plain greedy wrap would."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import lru_cache

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageCms

from calendar_builder.build import load_edition
from calendar_builder.edition.settings import EditionSettings
from calendar_builder.layout.pages import layout_edition
from calendar_builder.render.print_pdf import draw_pages
from calendar_builder.render.proof_pdf import draw_screen_pages, printable, wrap
from calendar_builder.settings import Settings
from calendar_builder.text import metrics
from tests.conftest import ROOT

YEAR = 2027
COLOURS = {"k": "rg", "K": "RG"}
#: operators that set colour or overprinting: the only ones the two versions may differ in
COLOUR_STATE = {"k", "K", "rg", "RG", "gs"}


@dataclass(frozen=True)
class Drawn:
    look: EditionSettings
    press: pikepdf.Pdf
    screen: pikepdf.Pdf


@pytest.fixture(scope="module")
def drawn() -> Drawn:
    """The shipped 2027 edition's pages drawn for the press (no crop marks, as the proof shows them) and for the
    screen: with raster and SVG logos, artwork, text in many scripts."""
    settings_ = Settings(data_dir=ROOT / "data", year=YEAR)
    look = settings_.edition_settings
    pages = layout_edition(load_edition(settings_), look)
    press = draw_pages(pages, replace(look, crop_marks=False), "Test")
    screen = draw_screen_pages(pages, look, "Test")
    return Drawn(look, pikepdf.open(io.BytesIO(press)), pikepdf.open(io.BytesIO(screen)))


@lru_cache(maxsize=1)
def to_srgb(profile: bytes) -> ImageCms.ImageCmsTransform:
    """The conversion a colour-managed viewer makes: output profile to sRGB, relative colorimetric."""
    return ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(io.BytesIO(profile)), ImageCms.createProfile("sRGB"), "CMYK", "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )  # fmt: skip


def expected_rgb(cmyk: list[float], profile: bytes) -> tuple[float, ...]:
    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in cmyk))
    converted = ImageCms.applyTransform(pixel, to_srgb(profile))
    assert converted is not None
    return tuple(v / 255 for v in converted.getpixel((0, 0)))  # type: ignore[union-attr]


def instructions(owner: pikepdf.Object) -> list[tuple[str, list[object]]]:
    return [(str(i.operator), list(i.operands)) for i in pikepdf.parse_content_stream(owner)]


def test_the_screen_pages_are_the_print_pages_with_each_colour_through_the_profile(drawn: Drawn) -> None:
    profile = drawn.look.icc_profile.read_bytes()
    assert len(drawn.screen.pages) == len(drawn.press.pages) == 14
    converted = 0
    for press_page, screen_page in zip(drawn.press.pages, drawn.screen.pages, strict=True):
        press, screen = instructions(press_page.obj), instructions(screen_page.obj)
        # the same drawing, operator for operator, but for colours and the press's overprinting
        assert [(op, args if op != "Do" else []) for op, args in press if op not in COLOUR_STATE] == [
            (op, args if op != "Do" else []) for op, args in screen if op not in COLOUR_STATE
        ]
        press_colours = [(op, args) for op, args in press if op in COLOURS]
        screen_colours = [(op, args) for op, args in screen if op in ("rg", "RG", "k", "K")]
        assert [COLOURS[op] for op, _ in press_colours] == [op for op, _ in screen_colours]
        for (_, cmyk), (_, rgb) in zip(press_colours, screen_colours, strict=True):
            want = expected_rgb([float(v) for v in cmyk], profile)
            assert [float(v) for v in rgb] == pytest.approx(want, abs=0.6 / 255)
            converted += 1
    assert converted > 1000


def images(pdf: pikepdf.Pdf) -> list[pikepdf.PdfImage]:
    found = []
    for page in pdf.pages:
        for _, xobject in page.obj.get("/Resources", {}).get("/XObject", {}).items():
            if xobject.get("/Subtype") == pikepdf.Name.Image:
                found.append(pikepdf.PdfImage(xobject))
    return found


def test_each_logo_is_shown_with_its_print_pixels_through_the_profile(drawn: Drawn) -> None:
    profile = drawn.look.icc_profile.read_bytes()
    press, screen = images(drawn.press), images(drawn.screen)
    assert len(press) == len(screen) >= 5
    for cmyk, rgb in zip(press, screen, strict=True):
        assert cmyk.colorspace == "/DeviceCMYK" and rgb.colorspace == "/DeviceRGB"
        want = ImageCms.applyTransform(cmyk.as_pil_image().convert("CMYK"), to_srgb(profile))
        assert want is not None
        got = rgb.as_pil_image()
        assert got.size == want.size
        difference = ImageChops.difference(got.convert("RGB"), want.convert("RGB"))
        assert max(high for _, high in difference.getextrema()) <= 1  # type: ignore[union-attr]


# --- the review list's word wrap ----------------------------------------------------------------------------


def greedy_wrap(text: str, width: float, size: float, bold: bool) -> list[str]:
    """The plain greedy wrap: every longer candidate line shaped and measured, a too-long word split."""
    text = printable(text, bold)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if metrics.measure(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while metrics.measure(word, size, bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and metrics.measure(word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


#: words the review list prints: German, names in their own scripts, dates, signs, long compounds
WORDS = (
    "Fest", "der", "Vereine", "Ostern", "Ramadan", "(Beginn)", "Pessach", "פסח", "عيد", "الفطر", "Newroz", "Նավասարդ",
    "दीवाली", "ದೀಪಾವಳಿ", "春节", "설날", "ትንሣኤ", "Vesakh", "Mo", "01.05.2027", "±1", "Tag", "•", "–", "Vorabend,",
    "Terminreihe:", "jeden", "2.", "Donnerstag", "Gemeindefest", "Landeskirchenübergreifendesgemeindefrühlingsfest",
    "Ausländerrat/Migrationsrat", "Ṣafar", "Muḥarram", "ԱՄՆ", "ⓘ", "★", "Zeitumstellung",
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=0, max_size=30),
    width=st.floats(min_value=8.0, max_value=400.0),
    size=st.sampled_from((7.5, 8.5, 9.0, 12.0, 18.0)),
    bold=st.booleans(),
)
def test_the_wrap_breaks_where_the_greedy_wrap_breaks(words: list[str], width: float, size: float, bold: bool) -> None:
    text = " ".join(words)
    assert wrap(text, width, size, bold) == greedy_wrap(text, width, size, bold)


def test_every_wrapped_line_fits_unless_it_is_one_character() -> None:
    text = " ".join(WORDS)
    for width in (20.0, 60.0, 150.0):
        for line in wrap(text, width, 9.0):
            assert metrics.measure(line, 9.0) <= width or len(line) == 1
