"""Checks an uploaded logo: size before reading, type by content, pixels before decoding; a new clean file out.

A raster logo is measured and checked for damage by the core's image guard (the one print uses), then drawn
into a new PNG: no EXIF (GPS, camera, names), XMP, text chunk or ICC profile survives (colours are converted
to sRGB first, and the EXIF orientation is applied). An SVG is cleaned of everything active (`svgclean`) and
must then pass the same check print uses (the core's SVG reader: vector shapes only, no text, no transparency).
"""

from __future__ import annotations

import base64
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from calendar_builder.portal import core
from calendar_builder.portal.svgclean import SvgCleanError, clean_svg

MAX_BYTES = 2 * 1024 * 1024
#: 25 mm at 300 ppi is 295 pixels: smaller raster logos print soft.
MIN_PIXELS = 295
#: Longest side; together with the total (checked from the header, before decoding) it keeps a small file
#: from claiming gigabytes of pixels.
MAX_PIXELS = 5000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


class LogoError(ValueError):
    """An upload that cannot be a logo; the message says why, for the person uploading it."""


class Upload(Protocol):
    """What Django's UploadedFile offers and the check needs."""

    size: int | None

    def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class CheckedLogo:
    data: bytes
    type: str
    suffix: str

    def as_record(self) -> dict[str, str]:
        return {"data": base64.b64encode(self.data).decode("ascii"), "type": self.type, "suffix": self.suffix}


def read_upload(upload: Upload) -> bytes:
    """The uploaded bytes, refused by their declared size before any is read, and never more than the limit."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise LogoError(_("The file is larger than 2 MB."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise LogoError(_("The file is larger than 2 MB."))
    return data


def check_logo_upload(data: bytes) -> CheckedLogo:
    if len(data) > MAX_BYTES:
        raise LogoError(_("The file is larger than 2 MB."))
    if data.startswith(PNG_MAGIC) or data.startswith(JPEG_MAGIC):
        return _raster(data)
    if _looks_like_xml(data):
        return _svg(data)
    raise LogoError(_("Expected a PNG, JPEG or SVG file."))


def _looks_like_xml(data: bytes) -> bool:
    head = data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and b"<svg" in data[:65536]


def _raster(data: bytes) -> CheckedLogo:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        path.write_bytes(data)
        why = core.image_problem(path, MAX_PIXELS * MAX_PIXELS, MAX_BYTES)
        if why:
            raise LogoError(_("The file cannot be used as a logo: it %(reason)s.") % {"reason": why})
        with Image.open(path) as probe:
            size = probe.size
            if max(size) > MAX_PIXELS:
                raise LogoError(_("The image is larger than %(max)s pixels.") % {"max": MAX_PIXELS})
            if min(size) < MIN_PIXELS:
                raise LogoError(_("The image has only %(w)s×%(h)s pixels; at least %(min)s are needed for print.")
                                % {"w": size[0], "h": size[1], "min": MIN_PIXELS})  # fmt: skip
            clean = _pixels_only(probe)
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return CheckedLogo(out.getvalue(), "image/png", ".png")


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels (in sRGB, upright): nothing of the file's metadata comes along."""
    upright = ImageOps.exif_transpose(image) or image
    alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
    mode = "RGBA" if alpha else "RGB"
    icc = image.info.get("icc_profile")
    converted = None
    if icc and upright.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(upright, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None  # a broken profile: the pixels are taken as they are
    if converted is None:
        converted = upright.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _svg(data: bytes) -> CheckedLogo:
    try:
        cleaned = clean_svg(data)
    except SvgCleanError as exc:
        raise LogoError(_("The SVG cannot be read: %(reason)s") % {"reason": exc}) from None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "logo.svg"
        path.write_bytes(cleaned)
        try:
            core.load_drawing(path)
        except core.SvgLogoError as exc:
            raise LogoError(_("The SVG cannot be printed: %(reason)s") % {"reason": exc}) from exc
    return CheckedLogo(cleaned, "image/svg+xml", ".svg")
