"""Turn a CMYK PDF into a PDF/X file: output intent with the ICC profile, identification keys, page boxes.

The content itself must already be PDF/X-clean (CMYK/gray only, fonts embedded); this only adds what
identifies the file as PDF/X. `calendar_builder.preflight` checks the result.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from calendar_builder.errors import CalendarError

VERSIONS = ("PDF/X-1a:2001", "PDF/X-4")
MM = 72 / 25.4


def _pdf_date() -> str:
    """Now, or SOURCE_DATE_EPOCH for reproducible files, in PDF's date syntax."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch and epoch.isdigit() else datetime.now(tz=UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def apply_pdfx(
    path: Path | str,
    icc_profile_path: Path | str,
    version: str = "PDF/X-1a:2001",
    title: str = "",
    *,
    output_condition_identifier: str = "FOGRA39",
    output_condition: str = "ISO Coated v2 300% (FOGRA39, offset, coated paper)",
    trim_mm: tuple[float, float] | None = None,
    bleed_mm: float | None = None,
    out_path: Path | str | None = None,
) -> Path:
    """Add the PDF/X output intent and keys to `path` (in place unless `out_path` is given); returns the path written.

    With `trim_mm` (width, height) and `bleed_mm`, every page gets a TrimBox of that size centred on its MediaBox
    and a BleedBox that much larger, for files whose producer set no boxes. Existing CreationDate/ModDate are
    kept so that a reproducible producer stays reproducible; the file ID is derived from the content.
    """
    if version not in VERSIONS:
        raise CalendarError(f"unknown PDF/X version {version!r}; known: {', '.join(VERSIONS)}")
    profile_path = Path(icc_profile_path)
    try:
        profile = profile_path.read_bytes()
    except OSError as exc:
        raise CalendarError(f"cannot read ICC profile {profile_path}: {exc.strerror}") from exc
    if len(profile) < 128 or profile[36:40] != b"acsp" or profile[16:20] != b"CMYK":
        raise CalendarError(f"{profile_path} is not a CMYK ICC profile (header: class {profile[12:16]!r}, "
                            f"colour space {profile[16:20]!r})")  # fmt: skip
    source = Path(path)
    target = Path(out_path) if out_path is not None else source
    with pikepdf.open(source, allow_overwriting_input=True) as pdf:
        stream = pikepdf.Stream(pdf, profile)
        stream[Name.N] = 4
        intent = Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFX,
            OutputConditionIdentifier=String(output_condition_identifier),
            OutputCondition=String(output_condition),
            RegistryName=String("http://www.color.org"),
            Info=String(output_condition),
            DestOutputProfile=stream,
        )
        pdf.Root[Name.OutputIntents] = Array([pdf.make_indirect(intent)])
        if trim_mm is not None:
            _set_boxes(pdf, trim_mm, bleed_mm or 0.0)
        now = _pdf_date()
        info = pdf.docinfo
        if title:
            info[Name.Title] = String(title)
        elif Name.Title not in info:
            info[Name.Title] = String(source.stem)
        for key in (Name.CreationDate, Name.ModDate):
            if key not in info:
                info[key] = String(now)
        info[Name.Trapped] = Name("/False")  # Name.False_ would write /False_
        if version == "PDF/X-1a:2001":
            info[Name.GTS_PDFXVersion] = String("PDF/X-1:2001")
            info[Name.GTS_PDFXConformance] = String("PDF/X-1a:2001")
        else:
            info[Name.GTS_PDFXVersion] = String("PDF/X-4")
            if Name.GTS_PDFXConformance in info:
                del info[Name.GTS_PDFXConformance]
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
                meta["dc:title"] = str(info[Name.Title])
                meta["pdf:Trapped"] = "False"
        # PDF/X-1a:2001 is based on PDF 1.3/1.4: no object streams (a PDF 1.5 feature).
        x1a = version == "PDF/X-1a:2001"
        if x1a:
            pdf.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                     force_version="1.4")  # fmt: skip
        else:
            pdf.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return target


def _set_boxes(pdf: pikepdf.Pdf, trim_mm: tuple[float, float], bleed_mm: float) -> None:
    width, height = trim_mm[0] * MM, trim_mm[1] * MM
    bleed = bleed_mm * MM
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        trim = [cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2]
        page.obj[Name.TrimBox] = Array([round(v, 4) for v in trim])
        page.obj[Name.BleedBox] = Array(
            [round(trim[0] - bleed, 4), round(trim[1] - bleed, 4), round(trim[2] + bleed, 4), round(trim[3] + bleed, 4)]
        )
