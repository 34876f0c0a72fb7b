"""The one PDF/X writer: page boxes, output intent with the ICC profile, identification keys, deterministic save.

ReportLab draws the pages; this turns its file into PDF/X-1a:2001 or PDF/X-4. The print PDF and the preflight
test pages both go through `write_pdfx`, so what the tests check is what the print shop gets. The content
itself must already be PDF/X-clean (CMYK/grey only, fonts embedded); `calendar_builder.preflight` checks it.

What each standard requires of the file (ISO 15930-1:2001 and ISO 15930-7):

- PDF/X-1a:2001 is based on PDF 1.3: header version 1.3, so no object streams (a PDF 1.5 feature); Info carries
  /GTS_PDFXVersion (PDF/X-1:2001) and /GTS_PDFXConformance (PDF/X-1a:2001).
- PDF/X-4 is based on PDF 1.6 and identifies itself in XMP metadata (pdfxid:GTS_PDFXVersion), whose title,
  dates, producer and /Trapped must agree with Info; the XMP also carries a document and version id.
- Both: exactly one output intent /GTS_PDFX with the output condition and its CMYK ICC profile embedded;
  Info /Title, /CreationDate, /ModDate and /Trapped (/True or /False); a trailer /ID; a TrimBox and a
  BleedBox on every page.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pikepdf

from calendar_builder.errors import CalendarError
from calendar_builder.render.deflated import deflate

#: Creator and Producer of every PDF the package writes.
PRODUCER = "calendar_builder"


@dataclass(frozen=True)
class Standard:
    """One PDF/X standard: how the file declares it and which PDF version it is built on."""

    name: str  # as print shops and the preflight name it
    info_version: str  # Info /GTS_PDFXVersion
    conformance: str | None  # Info /GTS_PDFXConformance (PDF/X-1a only)
    pdf_version: str
    xmp: bool  # identified in XMP metadata as well


#: By the names edition.yaml uses.
STANDARDS = {
    "x-1a": Standard("PDF/X-1a:2001", "PDF/X-1:2001", "PDF/X-1a:2001", "1.3", xmp=False),
    "x-4": Standard("PDF/X-4", "PDF/X-4", None, "1.6", xmp=True),
}


@dataclass(frozen=True)
class OutputIntent:
    """The printing condition the file is made for, and the ICC profile that characterises it."""

    profile: Path
    identifier: str  # e.g. FOGRA39, as registered at color.org
    condition: str  # in words, e.g. "ISO Coated v2 300% (basICColor), FOGRA39, ISO 12647-2:2004"
    registry: str = "http://www.color.org"


@dataclass(frozen=True)
class DocumentInfo:
    """What the Info dictionary (and the XMP of PDF/X-4) says about the document."""

    title: str
    created: datetime  # CreationDate and ModDate: a fixed moment keeps the file reproducible
    author: str = ""  # left out when empty
    creator: str = PRODUCER
    producer: str = PRODUCER
    #: further Info entries (key with its slash -> text), e.g. the draft mark the preflight looks for
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PageBoxes:
    """A page's trim box (x0, y0, x1, y1 in points) and the bleed around it."""

    trim: tuple[float, float, float, float]
    bleed: float


@dataclass(frozen=True)
class ExactBoxes:
    """A page's MediaBox, BleedBox and TrimBox exactly as they are to be stored (decimals, each inside the next)."""

    media: Sequence[Decimal]
    bleed: Sequence[Decimal]
    trim: Sequence[Decimal]


def write_pdfx(
    raw: bytes,
    standard: str,
    intent: OutputIntent,
    info: DocumentInfo,
    boxes: Sequence[PageBoxes | ExactBoxes] | None = None,
) -> bytes:
    """The PDF/X file made from `raw` (a PDF), deterministically: same input, same bytes.

    `standard` is a key of STANDARDS. With `boxes` (one per page), each page gets that TrimBox and BleedBox
    and loses its CropBox; without, the pages keep the boxes their producer set.
    """
    spec = STANDARDS.get(standard)
    if spec is None:
        raise CalendarError(f"unknown PDF/X standard {standard!r}; known: {', '.join(STANDARDS)}")
    profile = read_cmyk_profile(intent.profile)
    pdf = pikepdf.open(io.BytesIO(raw))
    if boxes is not None:
        if len(boxes) != len(pdf.pages):
            raise ValueError(f"{len(boxes)} page boxes for {len(pdf.pages)} pages")
        for page, box in zip(pdf.pages, boxes, strict=True):
            if isinstance(box, ExactBoxes):
                page.obj.MediaBox = pikepdf.Array(list(box.media))
                page.obj.BleedBox = pikepdf.Array(list(box.bleed))
                page.obj.TrimBox = pikepdf.Array(list(box.trim))
            else:
                trim, b = list(box.trim), box.bleed
                page.obj.TrimBox = pikepdf.Array(trim)
                page.obj.BleedBox = pikepdf.Array([trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b])
            if "/CropBox" in page.obj:
                del page.obj["/CropBox"]
    icc = pdf.make_stream(b"")
    icc.write(deflate(profile), filter=pikepdf.Name.FlateDecode)
    icc.N = 4
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFX,
                OutputConditionIdentifier=pikepdf.String(intent.identifier),
                OutputCondition=pikepdf.String(intent.condition),
                RegistryName=pikepdf.String(intent.registry),
                Info=pikepdf.String(intent.condition),
                DestOutputProfile=icc,
            )
        ]
    )
    pdf.trailer.Info = pdf.make_indirect(_info(info, spec))
    if spec.xmp:
        pdf.Root.Metadata = pdf.make_stream(_xmp(info, spec), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    elif "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]  # metadata from the producer would disagree with Info
    out = io.BytesIO()
    pdf.save(
        out,
        force_version=spec.pdf_version,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        compress_streams=not _compressed_as_qpdf_would(pdf),
        fix_metadata_version=False,
    )
    return out.getvalue()


def _compressed_as_qpdf_would(pdf: pikepdf.Pdf) -> bool:
    """Compress every stream as qpdf's `compress_streams` would, where that is plain: a stream without a filter
    is deflated (zlib's default level, as qpdf does), and one deflated already keeps its bytes, with /FlateDecode
    as a name rather than an array of one (qpdf inflates and deflates it again, which gives those bytes, at about
    0.1 s for the calendar). False, with nothing changed, when any stream has another filter or decode
    parameters: then qpdf compresses them all."""
    plain: list[pikepdf.Stream] = []
    deflated: list[pikepdf.Stream] = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/DecodeParms") is not None:
            return False
        filters = obj.get("/Filter")
        if filters is None:
            plain.append(obj)
        elif filters == pikepdf.Name.FlateDecode or (
            isinstance(filters, pikepdf.Array) and len(filters) == 1 and filters[0] == pikepdf.Name.FlateDecode
        ):
            deflated.append(obj)
        else:
            return False
    for stream in deflated:
        stream.Filter = pikepdf.Name.FlateDecode
    for stream in plain:
        stream.write(deflate(stream.read_bytes()), filter=pikepdf.Name.FlateDecode)
    return True


def read_cmyk_profile(path: Path) -> bytes:
    """The bytes of a CMYK output ICC profile; anything else is a clear error."""
    try:
        profile = path.read_bytes()
    except OSError as exc:
        raise CalendarError(f"cannot read ICC profile {path}: {exc.strerror}") from exc
    if len(profile) < 128 or profile[36:40] != b"acsp" or profile[16:20] != b"CMYK":
        raise CalendarError(
            f"{path} is not a CMYK ICC profile (header: class {profile[12:16]!r}, colour space {profile[16:20]!r}); "
            "PDF/X needs the CMYK profile of the printing condition"
        )
    return profile


def pdf_date(moment: datetime) -> str:
    """A moment in PDF's date syntax (UTC)."""
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def _info(info: DocumentInfo, spec: Standard) -> pikepdf.Dictionary:
    date = pikepdf.String(pdf_date(info.created))
    entries: dict[str, pikepdf.Object] = {"/Title": pikepdf.String(info.title)}
    if info.author:
        entries["/Author"] = pikepdf.String(info.author)
    entries["/Creator"] = pikepdf.String(info.creator)
    entries["/Producer"] = pikepdf.String(info.producer)
    entries["/CreationDate"] = entries["/ModDate"] = date
    entries["/Trapped"] = pikepdf.Name("/False")  # pikepdf.Name.False_ would write /False_
    entries["/GTS_PDFXVersion"] = pikepdf.String(spec.info_version)
    if spec.conformance is not None:
        entries["/GTS_PDFXConformance"] = pikepdf.String(spec.conformance)
    for key, text in info.extra:
        entries[key] = pikepdf.String(text)
    return pikepdf.Dictionary(entries)


def _xmp(info: DocumentInfo, spec: Standard) -> bytes:
    """The XMP packet PDF/X-4 requires: its version, and title, dates, tools and /Trapped as Info has them."""
    stamp = info.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    title = _xml(info.title)
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"calendar_builder:{info.title}:{stamp}")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:format>application/pdf</dc:format>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <xmp:CreatorTool>{_xml(info.creator)}</xmp:CreatorTool>
   <pdf:Producer>{_xml(info.producer)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{spec.info_version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")
