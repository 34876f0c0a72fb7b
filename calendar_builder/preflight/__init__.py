"""Built-in preflight: checks a print PDF against the print shop's rules without Ghostscript.

    report = preflight(Path("out/2027/kalender-2027-druck.pdf"), PreflightSettings())
    print(format_report(report)); report.ok

What is checked, and the rules chosen where the standard leaves room, is listed in `describe_checks()`.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from ..errors import CalendarError
from .document import check_boxes, check_document
from .report import Collector, Finding, Report, format_report
from .scan import Scanner
from .settings import PreflightSettings, load_settings, settings_from_mapping


class PreflightError(CalendarError):
    """The file could not be preflighted at all (missing, not a PDF, password-protected)."""


def preflight(path: Path | str, settings: PreflightSettings | None = None) -> Report:
    """Check one PDF; every problem found is a finding in the report, nothing is raised for a bad PDF's content."""
    settings = settings or PreflightSettings()
    path = Path(path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise PreflightError(f"{path}: the PDF is password-protected; PDF/X forbids encryption") from exc
    except (pikepdf.PdfError, OSError) as exc:
        raise PreflightError(f"{path}: cannot be read as a PDF ({exc})") from exc
    out = Collector()
    with pdf:
        check_document(pdf, settings, out)
        scanner = Scanner(pdf, settings, out)
        for number, page in enumerate(pdf.pages, start=1):
            geometry = check_boxes(page, number, settings, out)
            resources = page.obj.get("/Resources")
            scanner.sweep_resources(resources, geometry)
            if settings.pdfx == "PDF/X-1a:2001":
                group = page.obj.get("/Group")
                if isinstance(group, pikepdf.Dictionary) and str(group.get("/S", "")) == "/Transparency":
                    out.add("error", number, "transparency", "page is a transparency group (PDF/X-1a allows none)")
            if "/Contents" in page.obj:
                scanner.walk(page, resources, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), geometry)
        pages = len(pdf.pages)
    peaks = tuple(scanner.peaks.get(n, 0.0) for n in range(1, pages + 1))
    return Report(str(path), pages, summarise(settings), out.findings(), peaks)


def summarise(s: PreflightSettings) -> str:
    return (
        f"checked as {s.pdfx}, trim {s.trim_width_mm:g} × {s.trim_height_mm:g} mm, bleed {s.bleed_mm:g} mm, "
        f"safe zone {s.safe_mm:g} mm (top {s.binding_zone_mm:g} mm), ink ≤ {s.ink_limit_percent:g} %, "
        f"text ≥ {s.min_text_pt:g} pt, images ≥ {s.image_ppi_warning:g} ppi (error below {s.image_ppi_error:g})"
    )


__all__ = [
    "Finding",
    "PreflightError",
    "PreflightSettings",
    "Report",
    "format_report",
    "load_settings",
    "preflight",
    "settings_from_mapping",
]
