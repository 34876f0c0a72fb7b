"""Built-in preflight: checks a print PDF against the print shop's rules, without Ghostscript.

    report = preflight(Path("out/2027/kalender-2027-druck.pdf"), settings_for_data(Path("data")))
    print(format_report(report)); report.ok

Checks (check ids in brackets) and the rules chosen where the standards leave room:

[boxes]   Every page has a TrimBox of exactly the trim size and a BleedBox exactly `bleed_mm` larger on every side
          (tolerance 0.1 pt); the MediaBox (and a CropBox, if any) contains the BleedBox.
[pdfx]    PDF/X-1a:2001: Info GTS_PDFXVersion 'PDF/X-1:2001', GTS_PDFXConformance 'PDF/X-1a:2001'; PDF/X-4:
          XMP pdfxid:GTS_PDFXVersion 'PDF/X-4'. Both: Trapped /True or /False, Title, CreationDate, ModDate, a
          trailer /ID, no encryption, exactly one output intent /GTS_PDFX with an OutputConditionIdentifier and
          an embedded ICC profile whose header says CMYK. PDF version: X-1a:2001 is based on PDF 1.3; 1.3 and
          1.4 headers are accepted (1.4 is what most producers write; 1.4 features such as transparency are
          caught by [transparency]). X-4 accepts up to 1.6.
[transparency] PDF/X-1a only: no soft masks, opacity below 1, blend modes other than Normal, transparency
          groups, or images with SMask/SMaskInData.
[colour]  Only DeviceCMYK and DeviceGray, in every content stream, form, tiling pattern, shading and image
          (used or merely present in the resources). Indexed over those is fine; ICCBased CMYK/Gray only in
          PDF/X-4; Separation/DeviceN only with process colourants (and /All, /None for printer's marks). RGB
          operators (rg/RG), DeviceRGB, CalRGB, ICC RGB, Lab and spot colours are errors.
[ink]     The highest C+M+Y+K of any colour actually painted (fills, strokes, text, shadings with exponential or
          stitching functions) and of any image pixel (8-bit CMYK and Indexed images) must not exceed the limit.
[fonts]   Every font is embedded (FontFile/2/3); a font present in the resources but unused counts too. A font
          embedded in full rather than subset is a warning.
[text-size] Effective size = Tf size × the vertical scale of text matrix × CTM, per text-showing operator.
[safe-zone] / [binding-zone] Text: the run's box (advance widths × font ascent/descent, through the text and
          current matrices) must lie inside the trim inset by `safe_mm` at the sides and bottom and by
          `binding_zone_mm` at the top. Text wholly outside the bleed (slug) is a warning only.
          Images: an image must stay inside that safe rectangle, or run into the bleed on every edge where it
          leaves it; so full-bleed backgrounds (also across the top binding zone) pass, while a logo in the
          binding zone or a picture ending 2 mm before the trim fails. Vector paths are treated as background
          and may go anywhere.
[draft]   A file the build marked as a draft (document information key /CalendarBuilderDraft, or a title
          beginning with ENTWURF) is an error: it carries "ENTWURF – NICHT DRUCKEN" on every page.
[image-ppi] Effective resolution = pixels / placed size (from the CTM) in each direction, the lower one counts:
          warning below `image_ppi_warning`, error below `image_ppi_error`. Stencil masks are not rated.

Not checked: clipping (text hidden by a clip path still counts), annotations and their appearances, Type 3 glyph
procedures, 16-bit or Separation images' ink, sampled/PostScript shading functions' ink, overprint settings.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from calendar_builder.cache import Memo
from calendar_builder.core.limits import PDF_BYTES, megabytes
from calendar_builder.errors import CalendarError
from calendar_builder.feed_worker import Job
from calendar_builder.preflight.budget import MAX_PAGES, TooLarge
from calendar_builder.preflight.document import check_document
from calendar_builder.preflight.draft import check_draft
from calendar_builder.preflight.kept import preflight_kept
from calendar_builder.preflight.pages import PagesChecked, check_page, check_pages_from, share_point, take_over
from calendar_builder.preflight.report import Collector, Finding, Report, format_report
from calendar_builder.preflight.scan import Scanner
from calendar_builder.preflight.settings import PreflightSettings, from_edition, load_settings, settings_for_data


class PreflightError(CalendarError):
    """The file could not be preflighted at all (missing, not a PDF, password-protected)."""


def preflight(path: Path | str, settings: PreflightSettings | None = None, kept: Memo | None = None) -> Report:
    """Check one PDF; every problem found is a finding in the report, nothing is raised for a bad PDF's content.
    With `kept` (the build's, kept.py), the pages checked before are not walked again, and the others are kept."""
    settings = settings or PreflightSettings()
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PreflightError(f"{path}: cannot be read as a PDF ({exc.strerror or exc})") from None
    if size > PDF_BYTES:
        return _too_large(path, settings, 0, Collector(), f"the file is {megabytes(size)}, more than the limit of "
                          f"{megabytes(PDF_BYTES)}")  # fmt: skip
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise PreflightError(f"{path}: the PDF is password-protected; PDF/X forbids encryption") from exc
    except (pikepdf.PdfError, OSError, ValueError, RecursionError) as exc:
        raise PreflightError(f"{path}: cannot be read as a PDF ({str(exc)[:300]})") from None
    out = Collector()
    with pdf:
        try:
            pages = len(pdf.pages)
        except (pikepdf.PdfError, ValueError, RecursionError) as exc:
            raise PreflightError(f"{path}: its page tree cannot be read ({str(exc)[:300]})") from None
        if pages > MAX_PAGES:
            return _too_large(path, settings, pages, out, f"{pages:,} pages, more than the limit of {MAX_PAGES}")
        if kept is not None:
            report = preflight_kept(pdf, path, settings, kept, summarise(settings))
            if report is not None:
                return report
        check_draft(pdf, out)
        scanner = Scanner(pdf, settings, out)
        number = 0
        # the pages after the first half of the content are checked by a forked worker meanwhile (pages.py)
        first = share_point(pdf)
        job = Job.start(lambda _: check_pages_from(path, first, settings)) if first else None
        try:
            check_document(pdf, settings, out)
            for number, page in enumerate(pdf.pages, start=1):
                if number == first and take_over(_outcome(job), scanner, out):
                    break
                check_page(page, number, settings, scanner, out)
        except TooLarge as exc:
            return _too_large(path, settings, pages, out, f"{exc}" + (f" (page {number})" if number else ""))
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            # a structure no producer writes (a number where a dictionary belongs, a loop of references)
            where = f"page {number}" if number else "the document structure"
            out.add("error", number or None, "pdf", f"cannot be checked further: {where} is damaged "
                    f"({type(exc).__name__}: {str(exc)[:200]})")  # fmt: skip
        finally:
            if job is not None:
                job.stop()
    peaks = tuple(scanner.peaks.get(n, 0.0) for n in range(1, pages + 1))
    return Report(str(path), pages, summarise(settings), out.findings(), peaks)


def _outcome(job: Job[PagesChecked | None] | None) -> PagesChecked | None:
    """The worker's pages, or None (no worker, or it failed in any way: the pages are then checked here)."""
    if job is None:
        return None
    try:
        return job.result(lambda _: None)
    except Exception:
        return None


def _too_large(path: Path, settings: PreflightSettings, pages: int, out: Collector, why: str) -> Report:
    """The findings so far and one error saying what limit stopped the check: never a crash, never a pass."""
    out.add("error", None, "size", f"too large to check: {why}")
    return Report(str(path), pages, summarise(settings), out.findings())


def summarise(s: PreflightSettings) -> str:
    standard = f"checked as {s.pdfx}" if s.pdfx != "none" else "checked without the PDF/X rules"
    return (
        f"{standard}, trim {s.trim_width_mm:g} × {s.trim_height_mm:g} mm, bleed {s.bleed_mm:g} mm, "
        f"safe zone {s.safe_mm:g} mm (top {s.binding_zone_mm:g} mm), ink ≤ {s.ink_limit_percent:g} %, "
        f"text ≥ {s.min_text_pt:g} pt, images ≥ {s.image_ppi_warning:g} ppi (error below {s.image_ppi_error:g})"
    )


__all__ = [
    "Finding",
    "PreflightError",
    "PreflightSettings",
    "Report",
    "format_report",
    "from_edition",
    "load_settings",
    "preflight",
    "settings_for_data",
]
