"""Logo paths: inside the data folder, of a printable type, and the size a logo prints at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calendar_builder.core.inputfiles import inside
from calendar_builder.errors import ProblemCollector
from calendar_builder.organisations.model import LOGO_BOX_MM

RASTER_SUFFIXES = (".png", ".jpg", ".jpeg")
LOGO_SUFFIXES = (*RASTER_SUFFIXES, ".svg")
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class LogoSize:
    """A raster logo's pixels, the size it prints at inside the logo box, and the resulting resolution."""

    pixels: tuple[int, int]
    printed_mm: tuple[float, float]

    @property
    def ppi(self) -> float:
        return self.pixels[0] / (self.printed_mm[0] / MM_PER_INCH)


def printed_size(pixels: tuple[int, int], box_mm: tuple[float, float] = LOGO_BOX_MM) -> LogoSize:
    """Scale the image to fit the box, keeping its proportions, as the month page places it."""
    width, height = pixels
    scale = min(box_mm[0] / width, box_mm[1] / height)
    return LogoSize(pixels, (width * scale, height * scale))


def logo_path(data_dir: Path, relative: str) -> Path | None:
    """The logo's file, or None if the path leaves the data folder (absolute, '..', or a symlink out)."""
    return inside(data_dir, relative)


def check_logo_path(
    relative: str, data_dir: Path, file: str, line: int, org_id: str, problems: ProblemCollector
) -> Path | None:
    """The logo's file if it is a PNG, JPEG or SVG inside the data folder; else a located error and None.
    The file's pixels and drawing are checked by calendar_builder.media, which opens it."""
    label = f"organisation '{org_id}'"
    path = logo_path(data_dir, relative)
    if path is None:
        problems.error(
            file,
            line,
            "logo",
            f"{label}: logo path {relative!r} leaves the data folder; expected a path inside "
            f"{data_dir}/ such as 'logos/{org_id or 'name'}.png'",
        )
        return None
    if path.suffix.lower() not in LOGO_SUFFIXES:
        problems.error(file, line, "logo", f"{label}: logo {relative!r} must be PNG, JPEG or SVG")
        return None
    if not path.is_file():
        problems.error(file, line, "logo", f"{label}: logo file {path} not found")
        return None
    return path
