"""Checks an uploaded logo: type by content, size, dimensions; raster images re-encoded without metadata.

An SVG must pass the same check print uses (the core's SVG reader: vector shapes only, no text, no
transparency) and contain nothing active: no script, event handler, foreign object or external reference.
"""

from __future__ import annotations

import base64
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from calendar_builder.portal import core

MAX_BYTES = 2 * 1024 * 1024
#: 25 mm at 300 ppi is 295 pixels: smaller raster logos print soft.
MIN_PIXELS = 295
MAX_PIXELS = 5000
_ACTIVE_SVG = re.compile(
    rb"<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*[\"'](?!#)|<!ENTITY|<image",
    re.IGNORECASE,
)


class LogoError(ValueError):
    """An upload that cannot be a logo; the message says why, for the person uploading it."""


@dataclass(frozen=True)
class CheckedLogo:
    data: bytes
    type: str
    suffix: str

    def as_record(self) -> dict[str, str]:
        return {"data": base64.b64encode(self.data).decode("ascii"), "type": self.type, "suffix": self.suffix}


def check_logo_upload(data: bytes) -> CheckedLogo:
    if len(data) > MAX_BYTES:
        raise LogoError(_("The file is larger than 2 MB."))
    head = data[:512].lstrip()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        return _svg(data)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            size = probe.size
            if kind not in ("PNG", "JPEG"):
                raise LogoError(_("Expected a PNG, JPEG or SVG file."))
            if max(size) > MAX_PIXELS:
                raise LogoError(_("The image is larger than %(max)s pixels.") % {"max": MAX_PIXELS})
            if min(size) < MIN_PIXELS:
                raise LogoError(_("The image has only %(w)s×%(h)s pixels; at least %(min)s are needed for print.")
                                % {"w": size[0], "h": size[1], "min": MIN_PIXELS})  # fmt: skip
            probe.load()
            image = probe.convert("RGBA" if probe.mode in ("RGBA", "LA", "P") else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise LogoError(_("The file is not a readable image.")) from exc
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # a new file: no EXIF, GPS or other metadata survives
    return CheckedLogo(out.getvalue(), "image/png", ".png")


def _svg(data: bytes) -> CheckedLogo:
    if _ACTIVE_SVG.search(data):
        raise LogoError(_("The SVG contains scripts, links or embedded images; save it as plain shapes."))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "logo.svg"
        path.write_bytes(data)
        try:
            core.load_drawing(path)
        except core.SvgLogoError as exc:
            raise LogoError(_("The SVG cannot be printed: %(reason)s") % {"reason": exc}) from exc
    return CheckedLogo(data, "image/svg+xml", ".svg")
