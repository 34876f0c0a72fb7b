"""The preflight catches each fault a print shop rejects, with a message that says where and by how much,
and passes a clean CMYK PDF/X-1a page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from preflight_fixtures import CREATED, FAULTS, build_page, make_pdfx

from calendar_builder.cli import main
from calendar_builder.errors import DataError
from calendar_builder.preflight import (
    PreflightError,
    PreflightSettings,
    format_report,
    load_settings,
    preflight,
    settings_for_data,
)
from calendar_builder.preflight.report import MAX_PER_PAGE_AND_CHECK, Collector
from calendar_builder.render.pdfx import DocumentInfo, OutputIntent, write_pdfx


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("preflight")


@pytest.fixture(scope="session")
def clean_pdf(pdf_dir: Path) -> Path:
    return build_page(pdf_dir / "clean.pdf")


def faulty(pdf_dir: Path, fault: str) -> Path:
    path = pdf_dir / f"{fault}.pdf"
    if not path.exists():
        build_page(path, [fault])
    return path


def test_clean_page_passes_without_findings(clean_pdf: Path) -> None:
    report = preflight(clean_pdf)
    assert report.ok
    assert report.findings == ()
    assert report.pages == 1
    assert format_report(report).splitlines()[-1] == "passed: 0 error(s), 0 warning(s)."


def test_clean_page_is_pdfx_for_poppler_and_qpdf(clean_pdf: Path) -> None:
    """Independent readers agree: poppler sees the boxes, the PDF/X subtype and embedded subset fonts."""
    info = subprocess.run(["pdfinfo", "-box", str(clean_pdf)], capture_output=True, text=True, check=True).stdout
    assert "PDF subtype:    PDF/X-1:2001" in info
    assert re.search(r"TrimBox:\s+8\.50\s+8\.50\s+850\.39\s+1199\.06", info), info
    assert re.search(r"BleedBox:\s+0\.00\s+0\.00\s+858\.90\s+1207\.56", info), info
    fonts = subprocess.run(["pdffonts", str(clean_pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(re.search(r"\byes yes\b", row) and re.match(r"[A-Z]{6}\+", row) for row in rows), fonts
    check = subprocess.run(["qpdf", "--check", str(clean_pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


# fault -> (check id, text the message must contain); each fault must be caught by that check and no other.
EXPECTED = {
    "rgb-text": ("colour", "RGB fill colour: operator '1 0 0 rg'"),
    "rgb-in-form": ("colour", "RGB fill colour: operator '0 0.5 0 rg'"),
    "rgb-image": ("colour", "(300×300 px): RGB colour space /DeviceRGB"),
    "spot-colour": ("colour", "spot colour 'HKS 7 K' (Separation)"),
    "helvetica": ("fonts", "font Helvetica is not embedded"),
    "helvetica-unused": ("fonts", "font Helvetica is not embedded"),
    "binding-text": ("binding-zone", 'text "Im Bindungsbereich" at x 140.0 mm'),
    "side-text": ("safe-zone", 'text "Zu nah am Rand" at x 3.0 mm, y 247.3 mm is 3.0 mm from the left trim edge'),
    "long-name": ("safe-zone", "beyond the right trim edge (safe zone 5 mm)"),
    "ink-320": ("ink", "fill colour with 320 % ink (limit 300 %) in the area x 20.0 mm, y 330.0 mm"),
    "lowres-image": ("image-ppi", "20.0 × 20.0 mm: 100 ppi (minimum 150 ppi"),
    "small-text": ("text-size", 'text "Fünf Punkt" is 5.00 pt (minimum 6 pt) at x 20.0 mm, y 380.0 mm'),
    "scaled-small-text": ("text-size", 'text "Skaliert" is 4.80 pt (minimum 6 pt)'),
    "logo-in-binding-zone": ("binding-zone", "reaches into the top binding zone but not into the bleed"),
    "transparency": ("transparency", "ca 0.5 (opacity below 1)"),
    "wrong-trim": ("boxes", "TrimBox is 297.00 × 419.00 mm, expected 297.00 × 420.00 mm"),
    "no-bleedbox": ("boxes", "no BleedBox"),
    "short-bleed": ("boxes", "BleedBox is not the TrimBox plus 3 mm bleed: left 1.00 mm"),
    "no-output-intent": ("pdfx", "no output intent"),
    "no-pdfx-keys": ("pdfx", "Info /GTS_PDFXVersion is missing, expected 'PDF/X-1:2001'"),
}


def test_every_fault_has_an_expectation() -> None:
    assert set(EXPECTED) == set(FAULTS)


@pytest.mark.parametrize("fault", sorted(EXPECTED))
def test_each_planted_fault_is_caught(pdf_dir: Path, fault: str) -> None:
    path = faulty(pdf_dir, fault)
    report = preflight(path)
    check, fragment = EXPECTED[fault]
    assert not report.ok, format_report(report)
    messages = [f.message for f in report.by_check(check) if f.severity == "error"]
    assert any(fragment in m for m in messages), format_report(report)
    # Isolated: the fault does not set off unrelated checks (a wrong TrimBox also moves the bleed).
    assert {f.check for f in report.findings} == {check}, format_report(report)
    if fault not in ("no-pdfx-keys", "no-output-intent"):
        assert all(f.page == 1 for f in report.findings)


@pytest.mark.parametrize("fault", ["rgb-in-form", "spot-colour", "helvetica", "transparency", "no-output-intent"])
def test_fault_fixtures_are_structurally_valid(pdf_dir: Path, fault: str) -> None:
    """The faults are content faults: qpdf finds the files themselves sound."""
    check = subprocess.run(["qpdf", "--check", str(faulty(pdf_dir, fault))], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_limits_come_from_the_settings(clean_pdf: Path) -> None:
    """The rich black block is 240 % and the photo peaks at 280 %: a 230 % limit catches both."""
    report = preflight(clean_pdf, PreflightSettings(ink_limit_percent=230))
    messages = [f.message for f in report.by_check("ink")]
    assert any("fill colour with 240 % ink (limit 230 %)" in m for m in messages), messages
    assert any("pixels reach 280 % ink (limit 230 %" in m for m in messages), messages
    # The 6.5 pt festival names fail a 7 pt minimum; the artwork band (305 ppi) and the photo (320 ppi) fail a
    # 400 ppi wish, as warnings.
    report = preflight(clean_pdf, PreflightSettings(min_text_pt=7, image_ppi_warning=400))
    assert any('"Diwali · Chanukka · Nouruz" is 6.50 pt' in f.message for f in report.by_check("text-size"))
    ppi = report.by_check("image-ppi")
    assert [f.severity for f in ppi] == ["warning", "warning"]
    assert "303.0 × 23.0 mm: 305 ppi" in ppi[0].message and "20.0 × 20.0 mm: 320 ppi" in ppi[1].message


def test_wrong_format_is_named(clean_pdf: Path) -> None:
    report = preflight(clean_pdf, PreflightSettings(trim_width_mm=210, trim_height_mm=297))
    assert any("expected 210.00 × 297.00 mm" in f.message for f in report.by_check("boxes"))


def test_pdfx4_file(pdf_dir: Path) -> None:
    path = build_page(pdf_dir / "x4.pdf", ["no-pdfx-keys"])
    make_pdfx(path, "x-4", "Test X-4")
    assert preflight(path, PreflightSettings(pdfx="PDF/X-4")).findings == ()
    # The same file is no PDF/X-1a: wrong identification and a PDF 1.6 header.
    x1a = preflight(path)
    messages = " | ".join(f.message for f in x1a.by_check("pdfx"))
    assert "expected 'PDF/X-1:2001'" in messages and "too new for PDF/X-1a:2001" in messages
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata()["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert pdf.docinfo["/Trapped"] == pikepdf.Name("/False")


def test_transparency_is_allowed_in_pdfx4(pdf_dir: Path) -> None:
    path = build_page(pdf_dir / "x4-transparent.pdf", ["transparency", "no-pdfx-keys"])
    make_pdfx(path, "x-4", "Test X-4 transparency")
    assert preflight(path, PreflightSettings(pdfx="PDF/X-4")).ok


def test_the_pdfx_writer_refuses_an_rgb_profile(tmp_path: Path, clean_pdf: Path) -> None:
    from PIL import ImageCms

    from calendar_builder.errors import CalendarError

    rgb = tmp_path / "srgb.icc"
    rgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(CalendarError, match="not a CMYK ICC profile"):
        write_pdfx(clean_pdf.read_bytes(), "x-1a", OutputIntent(rgb, "sRGB", "sRGB"), DocumentInfo("x", CREATED))


def test_an_rgb_output_profile_is_caught(tmp_path: Path, clean_pdf: Path) -> None:
    path = tmp_path / "rgb-intent.pdf"
    with pikepdf.open(clean_pdf) as pdf:
        intent = pdf.Root.OutputIntents[0]
        data = bytearray(intent.DestOutputProfile.read_bytes())
        data[16:20] = b"RGB "
        intent.DestOutputProfile.write(bytes(data))
        pdf.save(path)
    assert any("describes 'RGB', not CMYK" in f.message for f in preflight(path).by_check("pdfx"))


def test_repeats_are_folded_and_capped() -> None:
    out = Collector()
    for _ in range(3):
        out.add("error", 2, "colour", "RGB fill colour: operator '1 0 0 rg'")
    for i in range(MAX_PER_PAGE_AND_CHECK + 5):
        out.add("error", 3, "safe-zone", f"text {i}")
    out.add("error", 1, "fonts", "font X is not embedded", key="X", shared=True)
    out.add("error", 4, "fonts", "font X is not embedded", key="X", shared=True)
    out.add("error", 5, "fonts", "font X is not embedded", key="X", shared=True)
    findings = out.findings()
    assert findings[0].message == "font X is not embedded (also on pages 4–5)"
    assert findings[1].message == "RGB fill colour: operator '1 0 0 rg' (3 times)"
    page3 = [f.message for f in findings if f.page == 3]
    assert len(page3) == MAX_PER_PAGE_AND_CHECK + 1
    assert page3[-1] == "… and 5 more finding(s) of this kind"


def test_shared_font_is_reported_once_for_all_pages(tmp_path: Path) -> None:
    path = build_page(tmp_path / "three.pdf", ["helvetica-unused"], pages=3)
    fonts = preflight(path).by_check("fonts")
    assert [(f.page, f.message) for f in fonts] == [
        (1, "font Helvetica is not embedded; every font must be embedded (also on pages 2–3)")
    ]


def test_a_file_that_is_not_a_pdf_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "not.pdf"
    path.write_text("hello")
    with pytest.raises(PreflightError, match="cannot be read as a PDF"):
        preflight(path)


# --- settings ------------------------------------------------------------------------------------------------


def test_limits_come_from_the_edition_settings(tmp_path: Path) -> None:
    """One source of truth: the edition settings the layout was made for are the limits the file is checked against."""
    path = tmp_path / "edition.yaml"
    path.write_text("format: a3-landscape\nbleed_mm: 2\nsafe_mm: 4\nbinding_mm: 11\npdfx: x-4\nink_limit: 280\n"
                    "min_text_pt: 7\n", encoding="utf-8")  # fmt: skip
    s = load_settings(path)
    assert (s.trim_width_mm, s.trim_height_mm, s.bleed_mm, s.safe_mm, s.binding_zone_mm) == (420, 297, 2, 4, 11)
    assert (s.pdfx, s.ink_limit_percent, s.min_text_pt) == ("PDF/X-4", 280, 7)
    assert settings_for_data(tmp_path) == s
    assert settings_for_data(tmp_path / "nowhere") == PreflightSettings()
    path.write_text("pdfx: x-1a\n", encoding="utf-8")
    assert load_settings(path).pdfx == "PDF/X-1a:2001"


def test_the_shipped_edition_settings_are_the_print_shop_numbers() -> None:
    assert settings_for_data(Path(__file__).resolve().parent.parent / "data") == PreflightSettings()


def test_bad_settings_are_all_reported_with_their_keys(tmp_path: Path) -> None:
    path = tmp_path / "edition.yaml"
    path.write_text("format: a2\nbleed_mm: three\npdfx: x-3\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_settings(path)
    text = str(caught.value)
    for line, field in ((1, "format"), (2, "bleed_mm"), (3, "pdfx")):
        assert f"{path}:{line} [{field}]" in text
    assert "unknown value 'x-3'; known: x-1a, x-4" in text


def test_defaults_match_the_print_shop_numbers() -> None:
    s = PreflightSettings()
    assert (s.trim_width_mm, s.trim_height_mm, s.bleed_mm, s.safe_mm, s.binding_zone_mm) == (297, 420, 3, 5, 20)
    assert (s.pdfx, s.ink_limit_percent, s.min_text_pt) == ("PDF/X-1a:2001", 300, 6)
    assert (s.image_ppi_warning, s.image_ppi_error) == (300, 150)


# --- command line --------------------------------------------------------------------------------------------


def test_cli_passes_a_clean_file(clean_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no data/edition.yaml here: built-in defaults
    result = CliRunner().invoke(main, ["preflight", str(clean_pdf)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("passed: 0 error(s), 0 warning(s).")


def test_cli_fails_with_one_line_per_finding(pdf_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["preflight", str(faulty(pdf_dir, "small-text"))])
    assert result.exit_code == 1
    assert 'page 1: error [text-size] text "Fünf Punkt" is 5.00 pt (minimum 6 pt)' in result.output
    assert "FAILED: 1 error(s), 0 warning(s)." in result.output


def test_cli_warnings_do_not_fail(clean_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["preflight", str(clean_pdf), "--min-ppi", "400"])
    assert result.exit_code == 0, result.output
    assert "page 1: warning [image-ppi]" in result.output


def test_cli_settings_file_and_flags(clean_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "edition.yaml").write_text("ink_limit: 230\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["preflight", str(clean_pdf)])
    assert result.exit_code == 1 and "Limits from data/edition.yaml." in result.output
    assert "(limit 230 %)" in result.output
    result = CliRunner().invoke(main, ["preflight", str(clean_pdf), "--ink-limit", "300"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["preflight", str(clean_pdf), "--trim", "210x297"])
    assert result.exit_code == 1 and "expected 210.00 × 297.00 mm" in result.output


def test_cli_bad_input_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["preflight", "missing.pdf"])
    assert result.exit_code == 2 and "missing.pdf: cannot be read as a PDF" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    bad = tmp_path / "bad.yaml"
    bad.write_text("ink_limit: -5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["preflight", "missing.pdf", "--settings", str(bad)])
    assert result.exit_code == 2 and "[ink_limit]: error: expected a number from 200 to 400" in result.output


def test_many_pages_are_checked_quickly(tmp_path: Path) -> None:
    """14 A3 pages with 150 text runs each: the whole walk is a fraction of a second (not a timing assertion)."""
    path = build_page(tmp_path / "calendar.pdf", pages=14, runs_per_page=150)
    report = preflight(path)
    assert report.pages == 14 and report.ok, format_report(report)
