"""Document-level checks: page boxes, PDF/X identification keys, output intent, version, encryption."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from calendar_builder.preflight import budget
from calendar_builder.preflight.geometry import Rect, normalise
from calendar_builder.preflight.report import Collector
from calendar_builder.preflight.scan import PageGeometry
from calendar_builder.preflight.settings import MM, PreflightSettings

# PDF/X-1a:2001 (ISO 15930-1) is based on PDF 1.3; files declaring 1.4 are widely produced and accepted as long
# as they use no 1.4 feature such as transparency (checked separately). PDF/X-4 (ISO 15930-7) is based on PDF 1.6.
MAX_VERSION = {"PDF/X-1a:2001": "1.4", "PDF/X-4": "1.6"}
INFO_VERSION = {"PDF/X-1a:2001": "PDF/X-1:2001", "PDF/X-4": "PDF/X-4"}


def _box(page: Dictionary, key: str) -> Rect | None:
    value = page.get(key)
    if isinstance(value, Array) and len(value) == 4:
        return normalise([float(v) for v in value])
    return None


def _size_mm(box: Rect) -> str:
    return f"{(box[2] - box[0]) / MM:.2f} × {(box[3] - box[1]) / MM:.2f} mm"


def _contains(outer: Rect, inner: Rect, tol: float) -> bool:
    return (outer[0] <= inner[0] + tol and outer[1] <= inner[1] + tol
            and outer[2] >= inner[2] - tol and outer[3] >= inner[3] - tol)  # fmt: skip


def check_boxes(page: pikepdf.Page, number: int, s: PreflightSettings, out: Collector) -> PageGeometry:
    """TrimBox exactly the trim size, BleedBox exactly the bleed around it, MediaBox (and CropBox) around both.

    Returns the page's geometry for the position checks, falling back to the boxes that exist so that those
    checks still run on a file with broken boxes.
    """
    obj = page.obj
    tol = s.box_tolerance_pt
    media = normalise([float(v) for v in page.mediabox])
    crop_value = inherited(obj, "/CropBox")
    crop = normalise([float(v) for v in crop_value]) if isinstance(crop_value, Array) and len(crop_value) == 4 else None
    trim = _box(obj, "/TrimBox")
    bleed = _box(obj, "/BleedBox")
    c = "boxes"
    if trim is None:
        out.add("error", number, c, "no TrimBox: the print shop cannot know where to cut")
    else:
        width, height = (trim[2] - trim[0]), (trim[3] - trim[1])
        if abs(width - s.trim_width_mm * MM) > tol or abs(height - s.trim_height_mm * MM) > tol:
            out.add("error", number, c, f"TrimBox is {_size_mm(trim)}, expected "
                    f"{s.trim_width_mm:.2f} × {s.trim_height_mm:.2f} mm (±{tol:g} pt)")  # fmt: skip
    if bleed is None:
        out.add("error", number, c, f"no BleedBox: {s.bleed_mm:g} mm bleed on every side is required")
    elif trim is not None:
        want = s.bleed_mm * MM
        sides = {"left": trim[0] - bleed[0], "bottom": trim[1] - bleed[1],
                 "right": bleed[2] - trim[2], "top": bleed[3] - trim[3]}  # fmt: skip
        wrong = {k: v for k, v in sides.items() if abs(v - want) > tol}
        if wrong:
            detail = ", ".join(f"{k} {v / MM:.2f} mm" for k, v in wrong.items())
            out.add("error", number, c, f"BleedBox is not the TrimBox plus {s.bleed_mm:g} mm bleed: {detail}")
    inner = bleed or trim
    if inner is not None and not _contains(media, inner, tol):
        out.add("error", number, c, f"MediaBox ({_size_mm(media)}) does not contain the "
                f"{'BleedBox' if bleed else 'TrimBox'}")  # fmt: skip
    if crop is not None and inner is not None and not _contains(crop, inner, tol):
        out.add("error", number, c, "CropBox cuts into the bleed: it must contain the BleedBox")
    _check_nesting(obj, number, out)
    rotate = int(inherited(obj, "/Rotate") or 0)
    if rotate % 360:
        out.add("warning", number, c, f"page is rotated by {rotate}° (/Rotate); check the orientation")
    if float(obj.get("/UserUnit", 1)) != 1:
        out.add("warning", number, c, "page uses /UserUnit; sizes are not in points")
    trim_r = trim or bleed or crop or media
    bleed_r = bleed or trim_r
    side, bottom, top = s.safe_mm * MM, s.safe_mm * MM, s.binding_zone_mm * MM
    safe = (trim_r[0] + side, trim_r[1] + bottom, trim_r[2] - side, trim_r[3] - top)
    return PageGeometry(number, trim_r, bleed_r, safe, trim_r[3] - top)


def _stored(value: Any) -> list[Decimal] | None:
    """A box as the file stores it: exact decimals (pikepdf reads PDF reals as Decimal), corners ordered."""
    if not isinstance(value, Array) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (Decimal(str(v)) if not isinstance(v, Decimal) else v for v in value)
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _check_nesting(obj: Dictionary, number: int, out: Collector) -> None:
    """TrimBox within BleedBox within CropBox/MediaBox, compared exactly: PDF/X allows no box outside its parent,
    however small the overhang (a rounding of 0.000038 pt is enough for a strict preflight to reject)."""
    boxes = [(name, _stored(inherited(obj, name) if name in ("/MediaBox", "/CropBox") else obj.get(name)))
             for name in ("/TrimBox", "/BleedBox", "/CropBox", "/MediaBox")]  # fmt: skip
    present = [(name[1:], box) for name, box in boxes if box is not None]
    for index, (name, box) in enumerate(present[:-1]):
        for parent_name, parent in present[index + 1 :]:
            outside = [f"{side} by {abs(a - b)} pt" for side, a, b, inward in (
                ("left", box[0], parent[0], True), ("bottom", box[1], parent[1], True),
                ("right", box[2], parent[2], False), ("top", box[3], parent[3], False),
            ) if (a < b if inward else a > b)]  # fmt: skip
            if outside:
                out.add("error", number, "boxes", f"{name} lies outside the {parent_name} ({', '.join(outside)}, "
                        "as stored)")  # fmt: skip


def inherited(obj: Dictionary, key: str) -> Any:
    """A page attribute, inherited from the page tree if the page does not set it."""
    node: Any = obj
    for _ in range(32):
        if not isinstance(node, Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def check_document(pdf: pikepdf.Pdf, s: PreflightSettings, out: Collector) -> None:
    """The identification a PDF/X consumer reads before anything else."""
    if s.pdfx == "none":
        return
    c = "pdfx"
    version = s.pdfx
    if pdf.is_encrypted:
        out.add("error", None, c, "the file is encrypted; PDF/X forbids encryption")
    declared = str(pdf.pdf_version)
    catalog_version = pdf.Root.get("/Version")
    if catalog_version is not None:
        declared = max(declared, str(catalog_version)[1:], key=_version_key)
    if _version_key(declared) > _version_key(MAX_VERSION[version]):
        out.add("error", None, c, f"PDF version {declared} is too new for {version} "
                f"(at most {MAX_VERSION[version]})")  # fmt: skip
    if "/ID" not in pdf.trailer:
        out.add("error", None, c, "no file identifier (/ID in the trailer), which PDF/X requires")
    info = pdf.trailer.get("/Info")
    info = info if isinstance(info, Dictionary) else Dictionary()
    _check_info(info, version, out)
    if version == "PDF/X-4":
        _check_xmp(pdf, out)
    _check_output_intent(pdf.Root.get("/OutputIntents"), out)


def _version_key(v: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in v.split(".")[:2])
    except ValueError:
        return (99,)


def _text(info: Dictionary, key: str) -> str | None:
    value = info.get(key)
    if value is None:
        return None
    return str(value)


def _shown(value: str | None) -> str:
    return "missing" if value is None else repr(value)


def _check_info(info: Dictionary, version: str, out: Collector) -> None:
    c = "pdfx"
    want = INFO_VERSION[version]
    got = _text(info, "/GTS_PDFXVersion")
    if version == "PDF/X-1a:2001":
        if got != want:
            out.add("error", None, c, f"Info /GTS_PDFXVersion is {_shown(got)}, expected {want!r} for {version}")
        conformance = _text(info, "/GTS_PDFXConformance")
        if conformance != "PDF/X-1a:2001":
            out.add("error", None, c, f"Info /GTS_PDFXConformance is {_shown(conformance)}, expected 'PDF/X-1a:2001'")
    elif got is not None and not got.startswith("PDF/X-4"):
        out.add("error", None, c, f"Info /GTS_PDFXVersion is {_shown(got)}, expected 'PDF/X-4'")
    trapped = info.get("/Trapped")
    if trapped is None or str(trapped) not in ("/True", "/False"):
        shown = "missing" if trapped is None else repr(str(trapped))
        out.add("error", None, c, f"Info /Trapped is {shown}; PDF/X needs /True or /False")
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not _text(info, key):
            out.add("error", None, c, f"Info {key} is missing; {version} requires it")


def _check_xmp(pdf: pikepdf.Pdf, out: Collector) -> None:
    if not isinstance(pdf.Root.get("/Metadata"), Stream):
        out.add("error", None, "pdfx", "no XMP metadata; PDF/X-4 identifies itself there (pdfxid:GTS_PDFXVersion)")
        return
    meta = pdf.open_metadata()
    value = meta.get("pdfxid:GTS_PDFXVersion")
    if not (isinstance(value, str) and value.startswith("PDF/X-4")):
        out.add("error", None, "pdfx", f"XMP pdfxid:GTS_PDFXVersion is {value!r}, expected 'PDF/X-4'")


def _check_output_intent(intents: Any, out: Collector) -> None:
    c = "pdfx"
    if not isinstance(intents, Array) or len(intents) == 0:
        out.add("error", None, c, "no output intent (/OutputIntents): the print condition and its CMYK ICC "
                "profile must be named")  # fmt: skip
        return
    pdfx = [i for i in intents if isinstance(i, Dictionary) and i.get("/S") == Name("/GTS_PDFX")]
    if len(pdfx) != 1:
        out.add("error", None, c, f"{len(pdfx)} output intents with /S /GTS_PDFX; exactly one is required")
        if not pdfx:
            return
    intent = pdfx[0]
    if not _text(intent, "/OutputConditionIdentifier"):
        out.add("error", None, c, "output intent has no /OutputConditionIdentifier (e.g. 'FOGRA39')")
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, Stream):
        out.add("error", None, c, "output intent has no embedded ICC profile (/DestOutputProfile)")
        return
    try:
        header = budget.read(profile, "the output intent ICC profile")[:128]
    except pikepdf.PdfError as exc:
        out.add("error", None, c, f"output intent ICC profile cannot be read: {exc}")
        return
    if len(header) < 128 or header[36:40] != b"acsp":
        out.add("error", None, c, "output intent profile is not an ICC profile (no 'acsp' signature)")
        return
    space = header[16:20].decode("ascii", "replace").strip()
    if space != "CMYK":
        out.add("error", None, c, f"output intent profile describes {space!r}, not CMYK")
    device_class = header[12:16].decode("ascii", "replace")
    if device_class != "prtr":
        out.add("warning", None, c, f"output intent profile is of class {device_class!r}, not an output ('prtr') "
                "profile")  # fmt: skip
