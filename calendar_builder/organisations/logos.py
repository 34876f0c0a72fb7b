"""Logo files: inside the data folder, readable, and sharp enough at their printed size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..errors import ProblemCollector
from ..inputfiles import image_problem, inside
from ..limits import LOGO_BYTES, LOGO_PIXELS
from .model import LOGO_BOX_MM, LOGO_ERROR_PPI, LOGO_WARN_PPI
from .svg import SvgLogoError, load_drawing

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


def check_logo(relative: str, data_dir: Path, file: str, line: int, org_id: str, problems: ProblemCollector) -> None:
    """Report a logo that cannot be placed at print quality; nothing when it is fine."""
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
        return
    if path.suffix.lower() not in LOGO_SUFFIXES:
        problems.error(file, line, "logo", f"{label}: logo {relative!r} must be PNG, JPEG or SVG")
        return
    if not path.is_file():
        problems.error(file, line, "logo", f"{label}: logo file {path} not found")
        return
    if path.suffix.lower() == ".svg":
        _check_svg(path, file, line, label, problems)
        return
    why = image_problem(path, LOGO_PIXELS, LOGO_BYTES)
    if why:
        problems.error(file, line, "logo", f"{label}: logo {path} {why}")
        return
    with Image.open(path) as image:
        pixels = image.size
    size = printed_size(pixels)
    where = f"{pixels[0]}×{pixels[1]} px printed {size.printed_mm[0]:.0f} mm wide"
    if size.ppi < LOGO_ERROR_PPI:
        problems.error(
            file,
            line,
            "logo",
            f"{label}: logo {relative} has {size.ppi:.0f} ppi ({where}); at least {LOGO_ERROR_PPI} ppi needed, "
            f"{LOGO_WARN_PPI} ppi expected: ask for a larger file or an SVG",
        )
    elif size.ppi < LOGO_WARN_PPI:
        problems.warning(
            file,
            line,
            "logo",
            f"{label}: logo {relative} has only {size.ppi:.0f} ppi ({where}); print wants {LOGO_WARN_PPI} ppi",
        )


def _check_svg(path: Path, file: str, line: int, label: str, problems: ProblemCollector) -> None:
    """Vectors print sharp at any size; what matters is that svglib can draw the file without text or
    transparency (see organisations/svg.py)."""
    try:
        load_drawing(path)
    except SvgLogoError as exc:
        problems.error(file, line, "logo", f"{label}: SVG logo {exc.located(path)}")
