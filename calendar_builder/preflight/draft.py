"""[draft] A file the build marked as a draft ("ENTWURF – NICHT DRUCKEN") is never for print, whatever else passes."""

from __future__ import annotations

import pikepdf

from calendar_builder.edition.settings import DRAFT_KEY
from calendar_builder.preflight.report import Collector

DRAFT_CHECK = "draft"
DRAFT_WORD = "ENTWURF"


def check_draft(pdf: pikepdf.Pdf, out: Collector) -> None:
    info = pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return
    title = str(info.get("/Title", ""))
    if DRAFT_KEY in info or title.startswith(DRAFT_WORD):
        reason = str(info.get(DRAFT_KEY, "")) or title
        message = (f"the file is a draft, marked on every page: not for print ({reason}). Fix the blockers `build` "
                   "lists and build again: only kalender-<year>-druck.pdf goes to the printer")  # fmt: skip
        out.add("error", None, DRAFT_CHECK, message)
