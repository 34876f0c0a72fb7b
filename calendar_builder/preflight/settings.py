"""The print shop's limits the preflight checks against, taken from the edition settings (data/edition.yaml).

There is one source of truth for trim, bleed, safe zone, binding band, PDF/X flavour, ink limit and minimum
text size: `EditionSettings`. The layout is made to these numbers and the preflight checks the file against
the same numbers, so the two can never disagree about what the print shop was promised.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from calendar_builder.edition.settings import (
    PDFX_STANDARDS,
    EditionSettings,
    load_edition_settings,
    read_edition_settings,
)

MM = 72 / 25.4  # points per millimetre

PDFX_VERSIONS = ("PDF/X-1a:2001", "PDF/X-4", "none")


@dataclass(frozen=True)
class PreflightSettings:
    """Defaults are the ones the offset print shop gave for the A3 wall calendar (issue 3).

    Lengths are in millimetres because that is how print shops state them; the checks convert to points.
    `pdfx` may be "none" to skip the PDF/X checks, e.g. for a proof PDF.
    """

    trim_width_mm: float = 297.0
    trim_height_mm: float = 420.0
    bleed_mm: float = 3.0
    safe_mm: float = 5.0  # sides and bottom
    binding_zone_mm: float = 20.0  # top: Wire-O binding and hanger cut-out, background only
    pdfx: str = "PDF/X-1a:2001"
    ink_limit_percent: float = 300.0
    min_text_pt: float = 6.0
    image_ppi_warning: float = 300.0
    image_ppi_error: float = 150.0
    box_tolerance_pt: float = 0.1

    def with_overrides(self, **values: Any) -> PreflightSettings:
        """A copy with the given fields replaced; None values are left as they are (unset CLI flags)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def from_edition(look: EditionSettings) -> PreflightSettings:
    """The limits the edition was laid out for: format, bleed, safe zone, binding band, PDF/X, ink, text size."""
    width, height = look.trim_mm
    return PreflightSettings(
        trim_width_mm=width,
        trim_height_mm=height,
        bleed_mm=look.bleed_mm,
        safe_mm=look.safe_mm,
        binding_zone_mm=max(look.binding_mm, look.safe_mm),
        pdfx=PDFX_STANDARDS[look.pdfx],
        ink_limit_percent=float(look.ink_limit),
        min_text_pt=look.min_text_pt,
    )


def load_settings(path: Path) -> PreflightSettings:
    """The limits of one edition settings file (data/edition.yaml format); a bad value is a located DataError."""
    return from_edition(read_edition_settings(path))


def settings_for_data(data_dir: Path) -> PreflightSettings:
    """The limits of the edition in a data folder (its edition.yaml, or the defaults without one)."""
    return from_edition(load_edition_settings(data_dir))
