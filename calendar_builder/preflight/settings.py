"""The print shop's limits the preflight checks against, and how to read them from the edition settings."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Location, Problem

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


# Keys accepted in the settings file, with the field each sets. `trim_mm: [297, 420]` sets both trim fields.
_KEYS = {f.name: f.name for f in fields(PreflightSettings)} | {
    "bleed": "bleed_mm",
    "safe_zone_mm": "safe_mm",
    "top_zone_mm": "binding_zone_mm",
    "ink_limit": "ink_limit_percent",
    "min_text_size_pt": "min_text_pt",
    "min_ppi": "image_ppi_warning",
    "error_ppi": "image_ppi_error",
}


def settings_from_mapping(data: dict[str, Any], file: str = "<settings>", section: str = "") -> PreflightSettings:
    """Build settings from a mapping such as the `preflight:` (or `print:`) section of data/edition.yaml.

    Keys that are not preflight settings are ignored, because the `print:` section also holds layout settings.
    Every bad value is reported at once with its key.
    """
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def bad(key: str, expected: str) -> None:
        field = f"{section}.{key}" if section else key
        problems.append(Problem(Location(file, 0, field), f"expected {expected}, got {data[key]!r}"))

    for key, raw in data.items():
        if key == "trim_mm":
            if (
                isinstance(raw, list | tuple) and len(raw) == 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in raw)
            ):  # fmt: skip
                values["trim_width_mm"], values["trim_height_mm"] = float(raw[0]), float(raw[1])
            else:
                bad(key, "[width, height] in millimetres, e.g. [297, 420]")
            continue
        name = _KEYS.get(key)
        if name is None:
            continue
        if name == "pdfx":
            if raw not in PDFX_VERSIONS:
                bad(key, "one of " + ", ".join(PDFX_VERSIONS))
            else:
                values[name] = raw
        elif isinstance(raw, int | float) and not isinstance(raw, bool) and raw >= 0:
            values[name] = float(raw)
        else:
            bad(key, "a number ≥ 0")
    if problems:
        raise DataError(problems)
    return PreflightSettings(**values)


def load_settings(path: Path) -> PreflightSettings:
    """Read the preflight limits from an edition settings file (section `preflight:`, else `print:`, else top level)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError([Problem(Location(str(path)), f"cannot read settings file: {exc.strerror}")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise DataError([Problem(Location(str(path), line), f"not valid YAML: {exc}")]) from exc
    if data is None:
        return PreflightSettings()
    if not isinstance(data, dict):
        raise DataError([Problem(Location(str(path)), "expected a mapping of settings")])
    for section in ("preflight", "print"):
        if isinstance(data.get(section), dict):
            return settings_from_mapping(data[section], str(path), section)
    return settings_from_mapping(data, str(path))
