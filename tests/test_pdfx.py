"""The one PDF/X writer: what each standard requires, read back with pikepdf and poppler."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from preflight_fixtures import FOGRA39, build_page
from reportlab import rl_config

from calendar_builder.cache import Memo, read_pack
from calendar_builder.errors import CalendarError
from calendar_builder.preflight import PreflightSettings, preflight
from calendar_builder.render import deflated, pdfx
from calendar_builder.render.pdfx import STANDARDS, DocumentInfo, PageBoxes, pdf_date, write_pdfx

CREATED = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
TITLE = "Interkultureller Kalender 2027 – Feste & <Kulturen>"


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A clean CMYK page as ReportLab drew it, before any PDF/X keys."""
    return build_page(tmp_path_factory.mktemp("pdfx") / "raw.pdf", ["no-pdfx-keys"]).read_bytes()


def written(raw: bytes, standard: str, tmp_path: Path, **info: str) -> Path:
    path = tmp_path / f"{standard}.pdf"
    path.write_bytes(write_pdfx(raw, standard, FOGRA39, DocumentInfo(TITLE, CREATED, **info)))
    return path


@pytest.mark.parametrize("standard", sorted(STANDARDS))
def test_each_standard_gets_its_version_keys_and_intent(raw: bytes, tmp_path: Path, standard: str) -> None:
    spec = STANDARDS[standard]
    path = written(raw, standard, tmp_path, author="Ausländerrat/Migrationsrat Heidelberg")
    assert path.read_bytes().startswith(f"%PDF-{spec.pdf_version}\n".encode())
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == spec.pdf_version and "/Version" not in pdf.Root
        assert not any(isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/ObjStm" for o in pdf.objects)
        info = pdf.docinfo
        assert str(info.Title) == TITLE and str(info.Author) == "Ausländerrat/Migrationsrat Heidelberg"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20260304050607+00'00'" == pdf_date(CREATED)
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.GTS_PDFXVersion) == spec.info_version
        assert (str(info.GTS_PDFXConformance) if "/GTS_PDFXConformance" in info else None) == spec.conformance
        assert len(pdf.trailer.ID) == 2
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX and str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org" and str(intent.Info) == FOGRA39.condition
        assert intent.DestOutputProfile.read_bytes() == FOGRA39.profile.read_bytes()
        assert intent.DestOutputProfile.N == 4
        if spec.xmp:
            meta = pdf.open_metadata()
            assert meta["pdfxid:GTS_PDFXVersion"] == spec.info_version and meta["pdf:Trapped"] == "False"
            assert meta["dc:title"] == TITLE and meta["pdf:Producer"] == str(info.Producer)
            assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == "2026-03-04T05:06:07Z"
            assert meta["xmp:CreatorTool"] == str(info.Creator) and meta["xmpMM:DocumentID"].startswith("uuid:")
        else:
            assert "/Metadata" not in pdf.Root
    assert preflight(path, PreflightSettings(pdfx=spec.name)).findings == ()
    poppler = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^PDF version:\s+{re.escape(spec.pdf_version)}$", poppler, re.M), poppler
    assert re.search(rf"^PDF subtype:\s+{re.escape(spec.info_version)}$", poppler, re.M), poppler


def test_the_same_input_gives_the_same_bytes(raw: bytes) -> None:
    info = DocumentInfo(TITLE, CREATED)
    for standard in STANDARDS:
        assert write_pdfx(raw, standard, FOGRA39, info) == write_pdfx(raw, standard, FOGRA39, info)


def test_boxes_replace_the_producers_and_no_author_is_left_out(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "boxes.pdf"
    path.write_bytes(write_pdfx(raw, "x-1a", FOGRA39, DocumentInfo("T", CREATED), [PageBoxes((10, 20, 110, 220), 3)]))
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0].obj
        assert [float(v) for v in page.TrimBox] == [10, 20, 110, 220]
        assert [float(v) for v in page.BleedBox] == [7, 17, 113, 223]
        assert "/CropBox" not in page and "/Author" not in pdf.docinfo
    with pytest.raises(ValueError, match="2 page boxes for 1 pages"):
        write_pdfx(raw, "x-1a", FOGRA39, DocumentInfo("T", CREATED), [PageBoxes((0, 0, 1, 1), 0)] * 2)


def test_an_unknown_standard_and_a_missing_profile_are_named(raw: bytes, tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="unknown PDF/X standard 'x-3'; known: x-1a, x-4"):
        write_pdfx(raw, "x-3", FOGRA39, DocumentInfo("T", CREATED))
    missing = tmp_path / "nowhere.icc"
    with pytest.raises(CalendarError, match=f"cannot read ICC profile {missing}"):
        write_pdfx(raw, "x-1a", FOGRA39.__class__(missing, "FOGRA39", "x"), DocumentInfo("T", CREATED))


def _objects(data: bytes) -> list[tuple[tuple[int, int], bytes, bytes | None]]:
    """Every object of a file as qpdf reads it: its dictionary or value (keys in order) and a stream's stored bytes."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            (obj.objgen, obj.stream_dict.unparse(), obj.read_raw_bytes())
            if isinstance(obj, pikepdf.Stream)
            else (obj.objgen, obj.unparse(resolved=True), None)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Object)
        ]


@pytest.mark.parametrize("standard", sorted(STANDARDS))
@pytest.mark.parametrize("faults", [["no-pdfx-keys"], ["no-pdfx-keys", "lowres-image", "rgb-image", "rgb-in-form"]])
@pytest.mark.parametrize("a85", [False, True], ids=["binary", "ascii85"])
def test_the_streams_are_those_qpdf_compresses(
    a85: bool, faults: list[str], standard: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streams already deflated keep their bytes and the others are deflated as qpdf deflates them: the file has
    every object qpdf's own compression gives, stream for stream (only the order of the stored keys differs).
    Streams in ASCII85 (ReportLab's default; the print renderer writes binary) are left to qpdf."""
    monkeypatch.setattr(rl_config, "useA85", int(a85))
    raw = build_page(tmp_path / "raw.pdf", faults).read_bytes()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        assert pdfx._compressed_as_qpdf_would(pdf) is not a85
    info = DocumentInfo(TITLE, CREATED)
    ours = write_pdfx(raw, standard, FOGRA39, info)
    monkeypatch.setattr(pdfx, "_compressed_as_qpdf_would", lambda pdf: False)
    assert _objects(ours) == _objects(write_pdfx(raw, standard, FOGRA39, info))


def test_the_deflated_profile_is_kept_and_met_again(raw: bytes) -> None:
    """The output profile is deflated once; a build with the cache open takes it from there."""
    info = DocumentInfo(TITLE, CREATED)
    expected = write_pdfx(raw, "x-1a", FOGRA39, info)
    first = Memo(deflated.NAMESPACE, deflated.memo_version())
    with deflated.deflated_through(first):
        assert write_pdfx(raw, "x-1a", FOGRA39, info) == expected
    assert first.misses == 1
    again = Memo(deflated.NAMESPACE, deflated.memo_version(), read_pack(first.pack()))
    with deflated.deflated_through(again):
        assert write_pdfx(raw, "x-1a", FOGRA39, info) == expected
    assert (again.hits, again.misses) == (1, 0)
