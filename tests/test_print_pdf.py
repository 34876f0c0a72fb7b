"""The print PDF read back: boxes, PDF/X keys and output intent, CMYK only, embedded fonts, determinism."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from PIL import Image as PILImage

from calendar_builder.edition.settings import MM
from calendar_builder.errors import CalendarError, ProblemCollector
from calendar_builder.layout.fit import LayoutError
from calendar_builder.layout.geometry import Box
from calendar_builder.layout.images import placed_image
from calendar_builder.layout.pages import imprint_text, layout_edition
from calendar_builder.media.read import read_media
from calendar_builder.render.print_pdf import cmyk_image, render_print_pdf
from calendar_builder.settings import BuildClock
from tests.printkit import PROFILE, YEAR, data_folder, edition, look

RGB_OPERATORS = {"rg", "RG"}


def build(folder: Path, **changes: object) -> bytes:
    settings = look(**changes)
    return render_print_pdf(
        layout_edition(edition(folder), settings), settings, "Kalender", datetime(YEAR - 1, 1, 1, tzinfo=UTC)
    )


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    path = folder / "druck.pdf"
    path.write_bytes(build(data_folder(folder)))
    return path


def test_fourteen_pages_with_exact_trim_and_bleed_boxes(pdf_file: Path) -> None:
    with pikepdf.open(pdf_file) as pdf:
        assert len(pdf.pages) == 14
        bleed = 3 * MM
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            assert trim == pytest.approx([bleed, bleed, bleed + 297 * MM, bleed + 420 * MM], abs=1e-4)
            assert [float(v) for v in page.obj.BleedBox] == pytest.approx([0, 0, 303 * MM, 426 * MM], abs=1e-4)
            assert [float(v) for v in page.obj.MediaBox] == pytest.approx([0, 0, 303 * MM, 426 * MM], abs=1e-4)
    out = subprocess.run(["pdfinfo", "-box", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"TrimBox:\s+8\.50\s+8\.50\s+850\.39\s+1199\.06", out)
    assert "PDF subtype:    PDF/X-1:2001" in out
    assert "PDF version:     1.3" in out


def test_pdfx_1a_keys_and_output_intent(pdf_file: Path) -> None:
    with pikepdf.open(pdf_file) as pdf:
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
        assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.Title) and str(info.CreationDate).startswith("D:")
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert intent.DestOutputProfile.N == 4
        assert intent.DestOutputProfile.read_bytes() == PROFILE.read_bytes()
        assert "/ID" in pdf.trailer


def _content_operators(pdf: pikepdf.Pdf) -> list[tuple[str, list[object]]]:
    found: list[tuple[str, list[object]]] = []

    def walk(holder: object) -> None:
        for operands, operator in pikepdf.parse_content_stream(holder):
            found.append((str(operator), list(operands)))

    for page in pdf.pages:
        walk(page)
        resources = page.obj.get("/Resources", {})
        for xobject in resources.get("/XObject", {}).values():
            if xobject.Subtype == "/Form":
                walk(xobject)
    return found


def test_no_rgb_colour_anywhere(pdf_file: Path) -> None:
    with pikepdf.open(pdf_file) as pdf:
        operators = _content_operators(pdf)
        assert not [op for op, _ in operators if op in RGB_OPERATORS]
        for op, operands in operators:
            if op in ("cs", "CS"):
                assert str(operands[0]) in ("/DeviceCMYK", "/DeviceGray"), operands
            if op in ("sc", "SC", "scn", "SCN"):
                assert len(operands) in (1, 4)
        assert any(op == "k" for op, _ in operators)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                assert obj.ColorSpace in (pikepdf.Name.DeviceCMYK, pikepdf.Name.DeviceGray)
            if isinstance(obj, pikepdf.Dictionary) and "/SMask" in obj:
                assert obj.SMask == pikepdf.Name.None_  # no transparency in PDF/X-1a


def test_black_text_overprints(pdf_file: Path) -> None:
    with pikepdf.open(pdf_file) as pdf:
        states = pdf.pages[1].obj.Resources.ExtGState
        assert any(bool(state.get("/op", False)) for state in states.values())


def test_fonts_embedded_and_subset_no_base14(pdf_file: Path) -> None:
    out = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        name = row.split()[0]
        assert re.match(r"^[A-Z]{6}\+", name), row
        assert " yes yes " in row, row
    assert "Helvetica" not in out


def test_qpdf_check_is_clean(pdf_file: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(pdf_file)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_imprint_and_month_names_extract_as_text(pdf_file: Path) -> None:
    text = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    flat = unicodedata.normalize("NFKC", flat)  # the shaper sets 'fl' as a ligature
    for label in ("Herausgeber:", "Verantwortlich für den Inhalt:", "Druck:", "Auflage:", "Erscheinungsdatum:"):
        assert label in flat
    assert imprint_text(look()).startswith("Herausgeber: [fehlt]")
    for month in ("Januar", "März", "Dezember"):
        assert month in flat


def test_two_builds_are_byte_identical(tmp_path: Path, pdf_file: Path) -> None:
    assert build(data_folder(tmp_path)) == pdf_file.read_bytes()


def test_source_date_epoch_sets_the_dates(tmp_path: Path) -> None:
    clock = BuildClock.from_environment({"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01T00:00:00Z
    settings = look()
    pages = layout_edition(edition(data_folder(tmp_path)), settings)
    data = render_print_pdf(pages, settings, "Kalender", clock.document_time(YEAR))
    assert b"D:20260101000000" in data


def test_without_source_date_epoch_the_dates_are_still_fixed(tmp_path: Path) -> None:
    """No SOURCE_DATE_EPOCH: the creation date is 1 January of the year before the edition, not 'now'."""
    clock = BuildClock.from_environment({})
    assert clock.document_time(YEAR) == datetime(YEAR - 1, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "99999999999999999999", "１２３", "9" * 5000])
def test_an_invalid_source_date_epoch_is_a_clear_error(value: str) -> None:
    with pytest.raises(CalendarError, match="SOURCE_DATE_EPOCH"):
        BuildClock.from_environment({"SOURCE_DATE_EPOCH": value})


def test_pdfx4_and_crop_marks(tmp_path: Path) -> None:
    data = build(data_folder(tmp_path), pdfx="x-4", crop_marks=True)
    path = tmp_path / "x4.pdf"
    path.write_bytes(data)
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == "1.6"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4" in pdf.Root.Metadata.read_bytes()
        page = pdf.pages[0].obj
        media = [float(v) for v in page.MediaBox]
        bleed = [float(v) for v in page.BleedBox]
        trim = [float(v) for v in page.TrimBox]
        assert media[0] < bleed[0] < trim[0] and trim[2] < bleed[2] < media[2]
        assert trim[2] - trim[0] == pytest.approx(297 * MM, abs=1e-4)
        assert bleed[0] == pytest.approx(trim[0] - 3 * MM, abs=1e-4)


def test_rgb_artwork_becomes_cmyk_through_the_profile(tmp_path: Path) -> None:
    image = PILImage.new("RGB", (400, 300), (200, 40, 40))
    path = tmp_path / "art.png"
    image.save(path)
    converted = cmyk_image(path, PROFILE)
    assert converted.mode == "CMYK"
    c, m, y, k = converted.getpixel((10, 10))  # type: ignore[misc]
    assert m > c and (c + m + y + k) / 255 * 100 <= 300


def test_artwork_resolution_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "small.png"
    PILImage.new("RGB", (100, 60), (0, 0, 0)).save(path)
    big = tmp_path / "big.png"
    PILImage.new("RGB", (3600, 1440), (0, 0, 0)).save(big)
    problems = ProblemCollector()
    media = read_media(edition(data_folder(tmp_path)), look(artwork=((1, path), (2, big))), tmp_path, problems)
    assert not problems.problems
    with pytest.raises(LayoutError, match=r"ppi at the printed size"):
        placed_image(path, Box(0, 0, 300 * MM, 120 * MM), media)
    assert placed_image(big, Box(0, 0, 300 * MM, 120 * MM), media).ppi == pytest.approx(304.8, abs=0.5)


def test_an_unreadable_artwork_is_located_before_layout(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    problems = ProblemCollector()
    read_media(edition(data_folder(tmp_path)), look(artwork=((3, broken),)), tmp_path, problems)
    assert [str(p.location) for p in problems.errors] == [f"{tmp_path / 'edition.yaml'} [artwork.3]"]
