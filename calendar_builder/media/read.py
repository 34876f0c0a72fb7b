"""Opening every image file an edition prints, once: logos and artwork are checked here and measured for layout.

Pixels and SVG drawings are read before anything is laid out, so `check` reports what `build` would hit and the
layout never opens a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from calendar_builder.core.limits import ARTWORK_BYTES, ARTWORK_PIXELS, LOGO_BYTES, LOGO_PIXELS
from calendar_builder.edition.media import Media, Medium, Raster, Vector
from calendar_builder.edition.model import Edition
from calendar_builder.edition.publisher_logos import PUBLISHER_LOGO_MM, PublisherLogo
from calendar_builder.edition.settings import EditionSettings
from calendar_builder.errors import DataError, Location, Problem, ProblemCollector
from calendar_builder.media.image_sizes import raster_size, svg_size
from calendar_builder.media.svg import SvgLogoError
from calendar_builder.organisations import Organisation
from calendar_builder.organisations.logos import logo_path, printed_size
from calendar_builder.organisations.model import LOGO_ERROR_PPI, LOGO_WARN_PPI

if TYPE_CHECKING:
    from calendar_builder.cache import Memo


def read_media(edition: Edition, look: EditionSettings, data_dir: Path, problems: ProblemCollector,
               sizes: Memo | None = None) -> Media:  # fmt: skip
    """Open the organisations' logos and the artwork; report every problem (file, line, field) into `problems`.
    `sizes`: the build cache's image sizes (see image_sizes.py)."""
    files = read_logos(edition.organisations.organisations, look, data_dir, problems, sizes)
    for page, path in look.artwork:
        medium = _artwork(path, page, data_dir / "edition.yaml", look.artwork_line(page), problems)
        if medium is not None:
            files[str(path)] = medium
    return Media(tuple(sorted(files.items())))


def read_logos(organisations: Iterable[Organisation], look: EditionSettings, data_dir: Path,
               problems: ProblemCollector, sizes: Memo | None = None) -> dict[str, Medium]:  # fmt: skip
    """The organisations' and the publishers' logos, by path, checked and measured (see `read_media`)."""
    files: dict[str, Medium] = {}
    for org in organisations:
        if org.logo:
            found = _logo(org, problems, sizes)
            if found is not None:
                files[str(found[0])] = found[1]
    for logo in look.publisher_logos:
        medium = _publisher_logo(logo, look.file or str(data_dir / "edition.yaml"), problems, sizes)
        if medium is not None:
            files[str(logo.path)] = medium
    return files


def with_media(edition: Edition, look: EditionSettings, data_dir: Path, sizes: Memo | None = None) -> Edition:
    """The edition with its image files read (`sizes`: see `read_media`); a DataError lists every file that cannot
    be printed."""
    problems = ProblemCollector()
    media = read_media(edition, look, data_dir, problems, sizes)
    if problems.errors:
        raise DataError(problems.errors)
    return replace(edition, media=media)


def _logo(org: Organisation, problems: ProblemCollector, sizes: Memo | None) -> tuple[Path, Medium] | None:
    file, line, label = org.file, org.logo_line, f"organisation '{org.id}'"
    path = logo_path(Path(org.file).parent if org.file else Path("data"), org.logo)
    if path is None or not path.is_file():
        return None  # already reported when the organisations were loaded
    if path.suffix.lower() == ".svg":
        try:
            width, height = svg_size(path, sizes)
        except SvgLogoError as exc:
            problems.error(file, line, "logo", f"{label}: SVG logo {exc.located(path)}")
            return None
        return path, Vector(width, height)

    def measure() -> tuple[int, int] | None:
        why = _image_problem(path, LOGO_PIXELS, LOGO_BYTES)
        if why:
            problems.error(file, line, "logo", f"{label}: logo {path} {why}")
            return None
        return _pixels(path, problems, Location(file, line, "logo"), f"{label}: cannot read logo {path}")

    pixels = raster_size(path, LOGO_PIXELS, LOGO_BYTES, measure, sizes)
    if pixels is None:
        return None
    size = printed_size(pixels)
    where = f"{pixels[0]}×{pixels[1]} px printed {size.printed_mm[0]:.0f} mm wide"
    if size.ppi < LOGO_ERROR_PPI:
        problems.error(
            file, line, "logo",
            f"{label}: logo {org.logo} has {size.ppi:.0f} ppi ({where}); at least {LOGO_ERROR_PPI} ppi needed, "
            f"{LOGO_WARN_PPI} ppi expected: ask for a larger file or an SVG",
        )  # fmt: skip
        return None
    if size.ppi < LOGO_WARN_PPI:
        problems.warning(
            file, line, "logo",
            f"{label}: logo {org.logo} has only {size.ppi:.0f} ppi ({where}); print wants {LOGO_WARN_PPI} ppi",
        )  # fmt: skip
    return path, Raster(pixels)


def _publisher_logo(logo: PublisherLogo, file: str, problems: ProblemCollector, sizes: Memo | None) -> Medium | None:
    """A publisher's logo checked like an organisation's: an SVG that prints as vectors, or a PNG/JPEG within the
    size limits and sharp at the cover's logo size."""
    where = Location(file, logo.line, "publishers_logos.file")
    label = f"the logo of {logo.name!r}"
    if logo.vector:
        try:
            width, height = svg_size(logo.path, sizes)
        except SvgLogoError as exc:
            problems.problems.append(Problem(where, f"{label}: SVG logo {exc.located(logo.path)}"))
            return None
        return Vector(width, height)

    def measure() -> tuple[int, int] | None:
        why = _image_problem(logo.path, LOGO_PIXELS, LOGO_BYTES)
        if why:
            problems.problems.append(Problem(where, f"{label}: {logo.path} {why}"))
            return None
        return _pixels(logo.path, problems, where, f"{label}: cannot read {logo.path}")

    pixels = raster_size(logo.path, LOGO_PIXELS, LOGO_BYTES, measure, sizes)
    if pixels is None:
        return None
    size = printed_size(pixels, (PUBLISHER_LOGO_MM, PUBLISHER_LOGO_MM))
    if size.ppi < LOGO_ERROR_PPI:
        problems.problems.append(Problem(where, (
            f"{label}: {logo.path.name} has {pixels[0]}×{pixels[1]} px, {size.ppi:.0f} ppi at "
            f"{PUBLISHER_LOGO_MM:.0f} mm on the cover; at least {LOGO_ERROR_PPI} ppi needed: ask for an SVG or a "
            "larger file")))  # fmt: skip
        return None
    return Raster(pixels)


def _artwork(path: Path, page: int, settings_file: Path, line: int, problems: ProblemCollector) -> Raster | None:
    where = Location(str(settings_file), line, f"artwork.{'cover' if page == 0 else page}")
    # artwork is tens of megapixels, read by every command: checked for damage without decoding
    why = _image_problem(path, ARTWORK_PIXELS, ARTWORK_BYTES, decode=False)
    if why:
        problems.problems.append(Problem(where, f"image {path} {why}"))
        return None
    pixels = _pixels(path, problems, where, f"{path}: cannot read the artwork image")
    return Raster(pixels) if pixels is not None else None


def _image_problem(path: Path, max_pixels: int, max_bytes: int, decode: bool = True) -> str:
    from calendar_builder.media.guard import image_problem  # Pillow: not needed when every logo is in the cache

    return image_problem(path, max_pixels, max_bytes, decode)


def _pixels(path: Path, problems: ProblemCollector, where: Location, failure: str) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return (int(image.size[0]), int(image.size[1]))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        problems.problems.append(Problem(where, f"{failure}: {exc}"))
        return None
