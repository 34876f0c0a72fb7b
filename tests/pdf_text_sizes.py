"""The size at which each text run lands on the page, read from a PDF's content streams (forms followed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf

from calendar_builder.preflight.document import check_boxes, inherited
from calendar_builder.preflight.geometry import y_scale
from calendar_builder.preflight.report import Collector
from calendar_builder.preflight.scan import Scanner, _snippet
from calendar_builder.preflight.settings import PreflightSettings


class _Sizes(Scanner):
    """The preflight's content-stream walker, recording every text run's effective size instead of judging it."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        super().__init__(pdf, PreflightSettings(pdfx="none", min_text_pt=0), Collector())
        self.runs: list[tuple[int, float, str]] = []

    def _text_run(self, font: Any, parts: list[bytes], glyphs: int, adv: float, trm: Any, st: Any, page: Any,
                  in_pattern: bool, min_pt: float) -> None:  # fmt: skip
        if glyphs:
            self.runs.append((page.number, abs(st.size) * y_scale(trm), _snippet(font, parts, glyphs)))


def text_runs(path: Path) -> list[tuple[int, float, str]]:
    """(page number, size in pt as placed on the page, the start of the text) for every text run."""
    with pikepdf.open(path) as pdf:
        scanner = _Sizes(pdf)
        for number, page in enumerate(pdf.pages, start=1):
            geometry = check_boxes(page, number, scanner.settings, Collector())
            resources = inherited(page.obj, "/Resources")
            scanner.walk(page, resources, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), geometry)
        return scanner.runs
