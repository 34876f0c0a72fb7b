"""The walker follows colour and geometry into the places a quick scan misses: tiling patterns, shadings, inline
images, nested forms, rotated and scaled text."""

from __future__ import annotations

import math
from pathlib import Path

import pikepdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pikepdf import Array, Dictionary, Name
from preflight_fixtures import BLEED, FONT, TRIM_H, TRIM_W, register_font
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.preflight import PreflightSettings, preflight
from calendar_builder.preflight.settings import MM

NO_PDFX = PreflightSettings(pdfx="none")
W, H = TRIM_W + 2 * BLEED, TRIM_H + 2 * BLEED


def raw_page(path: Path, content: bytes, resources: Dictionary | None = None, pdf: pikepdf.Pdf | None = None) -> Path:
    """One A3 page with correct boxes and the given content stream, built directly with pikepdf."""
    pdf = pdf if pdf is not None else pikepdf.new()
    page = pdf.add_blank_page(page_size=(W, H))
    page.obj[Name.TrimBox] = Array([BLEED, BLEED, BLEED + TRIM_W, BLEED + TRIM_H])
    page.obj[Name.BleedBox] = Array([0, 0, W, H])
    page.obj[Name.Contents] = pdf.make_stream(content)
    page.obj[Name.Resources] = resources if resources is not None else Dictionary()
    pdf.save(path)
    return path


def checks(path: Path, s: PreflightSettings = NO_PDFX) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for f in preflight(path, s).findings:
        result.setdefault(f.check, []).append(f.message)
    return result


def test_rgb_inside_a_tiling_pattern(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    tile = pdf.make_stream(b"0 0 1 rg 0 0 5 5 re f", Type=Name.Pattern, PatternType=1, PaintType=1, TilingType=1,
                           BBox=[0, 0, 10, 10], XStep=10, YStep=10, Resources=Dictionary())  # fmt: skip
    path = raw_page(tmp_path / "pattern.pdf", b"/Pattern cs /P0 scn 100 100 200 200 re f",
                    Dictionary(Pattern=Dictionary(P0=tile)), pdf)  # fmt: skip
    found = checks(path)
    assert found == {"colour": ["RGB fill colour: operator '0 0 1 rg'"]}


def test_shading_colour_space_and_ink(tmp_path: Path) -> None:
    rgb = Dictionary(ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=[0, 0, 100, 0],
                     Function=Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1))  # fmt: skip
    heavy = Dictionary(ShadingType=2, ColorSpace=Name.DeviceCMYK, Coords=[0, 0, 100, 0],
                       Function=Dictionary(FunctionType=3, Domain=[0, 1], Bounds=[0.5], Encode=[0, 1, 0, 1],
                                           Functions=[Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0],
                                                                 C1=[0.5, 0.5, 0.5, 1], N=1),
                                                      Dictionary(FunctionType=2, Domain=[0, 1], C0=[0.5, 0.5, 0.5, 1],
                                                                 C1=[0.9, 0.9, 0.9, 0.9], N=1)]))  # fmt: skip
    path = raw_page(tmp_path / "shading.pdf", b"q 100 100 200 200 re W n /S0 sh Q q /S1 sh Q",
                    Dictionary(Shading=Dictionary(S0=rgb, S1=heavy)))  # fmt: skip
    found = checks(path)
    assert found["colour"] == ["shading /S0: RGB colour space /DeviceRGB"]
    assert found["ink"] == ["shading /S1 reaches 360 % ink (limit 300 %)"]


def test_inline_image_colour_and_resolution(tmp_path: Path) -> None:
    # 4 × 2 RGB pixels placed 20 mm wide: about 5 ppi.
    data = bytes([255, 0, 0] * 8).hex().encode()
    content = b"q 56.69 0 0 28.35 200 300 cm BI /W 4 /H 2 /BPC 8 /CS /RGB /F /AHx ID " + data + b"> EI Q"
    found = checks(raw_page(tmp_path / "inline.pdf", content))
    assert found["colour"] == ["inline image (4×2 px): RGB colour space /DeviceRGB"]
    assert "5 ppi (minimum 150 ppi" in found["image-ppi"][0]


def test_inline_cmyk_image_ink(tmp_path: Path) -> None:
    data = bytes([255, 255, 255, 255] * 16).hex().encode()
    content = b"q 1 0 0 1 200 300 cm BI /W 4 /H 4 /BPC 8 /CS /CMYK /F /AHx ID " + data + b"> EI Q"
    found = checks(raw_page(tmp_path / "inline-ink.pdf", content), PreflightSettings(pdfx="none", image_ppi_error=0,
                                                                                    image_ppi_warning=0))  # fmt: skip
    assert found == {"ink": ["inline image (4×4 px): pixels reach 400 % ink (limit 300 %; 1e+02 % of the pixels are "
                             "over)"]}  # fmt: skip


def test_nested_forms_carry_their_matrices(tmp_path: Path) -> None:
    """An image inside a form inside a form: the placed size comes from both form matrices and the CTM."""
    pdf = pikepdf.new()
    image = pdf.make_stream(bytes([0, 0, 0, 128] * 100 * 100), Type=Name.XObject, Subtype=Name.Image, Width=100,
                            Height=100, ColorSpace=Name.DeviceCMYK, BitsPerComponent=8)  # fmt: skip
    inner = pdf.make_stream(b"q 100 0 0 100 0 0 cm /Im0 Do Q", Type=Name.XObject, Subtype=Name.Form,
                            BBox=[0, 0, 100, 100], Matrix=[2, 0, 0, 2, 0, 0],
                            Resources=Dictionary(XObject=Dictionary(Im0=image)))  # fmt: skip
    outer = pdf.make_stream(b"/Fx1 Do", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 400, 400],
                            Matrix=[1.5, 0, 0, 1.5, 0, 0],
                            Resources=Dictionary(XObject=Dictionary(Fx1=inner)))  # fmt: skip
    path = tmp_path / "forms.pdf"
    page = pdf.add_blank_page(page_size=(W, H))
    page.obj[Name.TrimBox] = Array([BLEED, BLEED, BLEED + TRIM_W, BLEED + TRIM_H])
    page.obj[Name.BleedBox] = Array([0, 0, W, H])
    page.obj[Name.Contents] = pdf.make_stream(b"q 1 0 0 1 200 300 cm /Fx0 Do Q")
    page.obj[Name.Resources] = Dictionary(XObject=Dictionary(Fx0=outer))
    pdf.save(path)
    # 100 px over 100 × 2 × 1.5 = 300 pt = 4.17 in: 24 ppi; placed at 200 + 0, 300 + 0 on the page.
    (message,) = checks(path)["image-ppi"]
    assert "image Im0 at x " in message and "105.8 × 105.8 mm: 24 ppi" in message
    x = (200 - BLEED) / MM
    assert f"x {x:.1f} mm" in message


def text_page(path: Path, size: float, scale: float, angle: float, x_mm: float, y_mm: float, text: str) -> Path:
    register_font()
    c = Canvas(str(path), pagesize=(W, H), invariant=1, initialFontName=FONT, enforceColorSpace="cmyk")
    c.setTrimBox((BLEED, BLEED, BLEED + TRIM_W, BLEED + TRIM_H))
    c.setBleedBox((0, 0, W, H))
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.translate(BLEED + x_mm * MM, BLEED + TRIM_H - y_mm * MM)
    c.rotate(angle)
    c.scale(scale, scale)
    c.setFont(FONT, size)
    c.drawString(0, 0, text)
    c.showPage()
    c.save()
    return path


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    size=st.floats(2, 30),
    scale=st.floats(0.25, 3),
    angle=st.sampled_from([0, 90, 180, 270, 33.0]),
)
def test_effective_text_size_under_any_transform(tmp_path: Path, size: float, scale: float, angle: float) -> None:
    """Size × scale is what reaches paper, whatever the rotation; the check flips exactly at the minimum."""
    path = text_page(tmp_path / "t.pdf", size, scale, angle, 150, 200, "Nouruz")
    effective = size * scale
    # ReportLab writes the matrices with limited precision; compare against a margin of 0.5 %.
    below = preflight(path, PreflightSettings(pdfx="none", min_text_pt=effective * 1.005)).by_check("text-size")
    above = preflight(path, PreflightSettings(pdfx="none", min_text_pt=effective * 0.995)).by_check("text-size")
    assert len(below) == 1 and '"Nouruz"' in below[0].message
    reported = float(below[0].message.split(" is ")[1].split(" pt")[0])
    assert math.isclose(reported, effective, rel_tol=0.005, abs_tol=0.01)
    assert above == ()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(x_mm=st.floats(-10, 300), y_mm=st.floats(-10, 425), angle=st.sampled_from([0, 90, 180, 270]))
def test_safe_zone_verdict_matches_the_geometry(tmp_path: Path, x_mm: float, y_mm: float, angle: float) -> None:
    """A 10 pt text 'MMMM' (box computed independently from the font's advance width and ascent/descent)
    is flagged exactly when that box leaves the safe rectangle."""
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

    path = text_page(tmp_path / "s.pdf", 10, 1, angle, x_mm, y_mm, "MMMM")
    face = getFont(FONT).face
    width = stringWidth("MMMM", FONT, 10) / MM
    up, down = face.ascent / 1000 * 10 / MM, -face.descent / 1000 * 10 / MM
    # Box in trim mm coordinates with y measured downwards from the top edge.
    local = [(0.0, -up), (width, -up), (0.0, down), (width, down)]
    rad = math.radians(angle)
    pts = [(x_mm + u * math.cos(rad) + v * math.sin(rad), y_mm - u * math.sin(rad) + v * math.cos(rad))
           for u, v in local]  # fmt: skip
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    margin = 0.05  # mm: stay clear of the boundary, where rounding decides
    inside = x0 >= 5 + margin and x1 <= 292 - margin and y0 >= 20 + margin and y1 <= 415 - margin
    outside = x0 < 5 - margin or x1 > 292 + margin or y0 < 20 - margin or y1 > 415 + margin
    found = [f for f in preflight(path, NO_PDFX).findings if f.check in ("safe-zone", "binding-zone")]
    if inside:
        assert found == []
    elif outside:
        assert len(found) == 1
        in_slug = x1 < -3 or x0 > 300 or y1 < -3 or y0 > 423
        assert found[0].severity == ("warning" if in_slug else "error")
