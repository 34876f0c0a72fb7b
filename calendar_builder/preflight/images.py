"""Raster images: the most ink any pixel carries, and transparency that PDF/X-1a forbids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Stream
from PIL import Image, ImageMath

from calendar_builder.preflight.colour import ColourSpace
from calendar_builder.preflight.report import Severity


def image_transparency(image: Stream) -> list[str]:
    problems = []
    if image.get("/SMask") is not None:
        problems.append("soft mask (SMask)")
    if int(image.get("/SMaskInData", 0)) > 0:
        problems.append("alpha channel in the image data (SMaskInData)")
    return problems


@dataclass(frozen=True)
class InkMeasure:
    """The most ink any pixel carries (percent) and how many pixels exceed the limit; or why it is unknown."""

    peak: float | None
    over: int = 0
    pixels: int = 0
    unmeasured: str = ""


def measure_image_ink(image: Any, cs: ColourSpace, limit: float) -> InkMeasure:
    """Decode the image and find its darkest pixel in ink terms.

    Only CMYK (4 components, 8 bits) and Indexed images can exceed a limit of 100 %; gray images never do, and
    other kinds (16-bit, Separation/DeviceN images) are not measured.
    """
    if cs.components == 1 and not cs.label.startswith("Indexed"):
        return InkMeasure(None)
    try:
        pdfimage = image if isinstance(image, pikepdf.PdfInlineImage) else pikepdf.PdfImage(image)
        if cs.label.startswith("Indexed"):
            return _indexed_peak(pdfimage, cs, limit)
        if cs.components == 4 and pdfimage.bits_per_component == 8:
            return _cmyk_peak(pdfimage, _inverted(image), limit)
    except (pikepdf.PdfError, NotImplementedError, OSError, ValueError, Image.DecompressionBombError) as exc:
        return InkMeasure(None, unmeasured=f"image cannot be decoded ({exc})")
    return InkMeasure(None)


def ink_problem(measure: InkMeasure, limit: float) -> tuple[Severity, str] | None:
    if measure.unmeasured:
        return ("warning", f"ink coverage not measured: {measure.unmeasured}")
    if measure.peak is None or measure.peak <= limit + 1e-6:
        return None
    share = 100 * measure.over / measure.pixels if measure.pixels else 0.0
    return ("error", f"pixels reach {measure.peak:.0f} % ink (limit {limit:.0f} %; {share:.2g} % of the pixels are "
            "over)")  # fmt: skip


def _inverted(image: Any) -> bool:
    """A /Decode array of [1 0 …] means the samples are stored inverted (common for Adobe CMYK JPEGs)."""
    decode = image.get("/Decode") if isinstance(image, Stream) else None
    return isinstance(decode, Array) and len(decode) >= 2 and float(decode[0]) == 1 and float(decode[1]) == 0


def _cmyk_peak(pdfimage: Any, inverted: bool, limit: float) -> InkMeasure:
    pil = pdfimage.as_pil_image()
    if pil.mode != "CMYK":
        return InkMeasure(None, unmeasured=f"decoded as {pil.mode}, not CMYK")
    c, m, y, k = pil.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    low, high = total.getextrema()
    threshold = int(limit / 100 * 255)
    if inverted:
        peak = (1020 - low) / 255 * 100
        over_mask = ImageMath.lambda_eval(lambda a: a["t"] < (1020 - threshold), t=total)
    else:
        peak = high / 255 * 100
        over_mask = ImageMath.lambda_eval(lambda a: a["t"] > threshold, t=total)
    over = 0
    if peak > limit:
        hist = over_mask.convert("L").histogram()
        over = sum(hist[1:])
    return InkMeasure(peak, over, pil.width * pil.height)


def _indexed_peak(pdfimage: Any, cs: ColourSpace, limit: float) -> InkMeasure:
    pil = pdfimage.as_pil_image()
    if pil.mode not in ("P", "L"):
        return InkMeasure(None, unmeasured=f"indexed image decoded as {pil.mode}")
    counts = pil.getcolors(maxcolors=256) or []
    inks = [(cs.ink([index]), count) for count, index in counts]
    known = [(ink, count) for ink, count in inks if ink is not None]
    if not known:
        return InkMeasure(None)
    peak = max(ink for ink, _ in known)
    over = sum(count for ink, count in known if ink > limit + 1e-6)
    return InkMeasure(peak, over, pil.width * pil.height)
