"""Screen colours for proofs: every DeviceCMYK colour and image of a PDF turned into sRGB through the output profile.

Reviewers look at proofs on screens and office printers, which guess badly at raw CMYK. Converting through
the print shop's profile (relative colorimetric, paper white -> screen white) shows the colours as the press
will print them. The print PDF itself is never touched: this works on a copy of its pages.
"""

from __future__ import annotations

import io
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import pikepdf
from PIL import Image as PILImage
from PIL import ImageCms

CMYK_OPERATORS = {"k": "rg", "K": "RG"}


class ScreenColours:
    """CMYK -> sRGB through one ICC output profile, with a cache for the few dozen colours a calendar uses."""

    def __init__(self, profile: Path) -> None:
        cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile.read_bytes()))  # in memory: safe across a fork
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        self._transform = ImageCms.buildTransform(
            cmyk, srgb, "CMYK", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
        )
        self._colour = lru_cache(maxsize=4096)(self._convert_colour)

    def _convert_colour(self, c: int, m: int, y: int, k: int) -> tuple[float, float, float]:
        pixel = PILImage.new("CMYK", (1, 1), (c, m, y, k))
        converted = ImageCms.applyTransform(pixel, self._transform)
        assert converted is not None
        r, g, b = converted.getpixel((0, 0))  # type: ignore[misc]
        return round(r / 255, 4), round(g / 255, 4), round(b / 255, 4)

    def colour(self, c: float, m: float, y: float, k: float) -> tuple[float, float, float]:
        """sRGB (0..1) for a CMYK colour given as PDF operands (0..1)."""
        return self._colour(*(max(0, min(255, round(v * 255))) for v in (c, m, y, k)))

    def image(self, image: PILImage.Image) -> PILImage.Image:
        converted = ImageCms.applyTransform(image.convert("CMYK"), self._transform)
        assert converted is not None
        return converted


def convert_pdf(pdf: pikepdf.Pdf, colours: ScreenColours) -> None:
    """Rewrite every page (and the forms and images it uses) from DeviceCMYK to DeviceRGB, in place."""
    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        _convert_stream_owner(pdf, page.obj, colours, done, is_page=True)


def _convert_stream_owner(
    pdf: pikepdf.Pdf, owner: pikepdf.Object, colours: ScreenColours, done: set[tuple[int, int]], is_page: bool
) -> None:
    if is_page:
        pikepdf.Page(owner).contents_coalesce()
        contents = owner.Contents
    else:
        contents = owner
    instructions = pikepdf.parse_content_stream(contents)
    rewritten: list[pikepdf.ContentStreamInstruction] = []
    cmyk_space = {"fill": False, "stroke": False}
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            rewritten.append(instruction)  # type: ignore[arg-type]
            continue
        operands: list[Any] = list(instruction.operands)
        operator = str(instruction.operator)
        if operator in CMYK_OPERATORS and len(operands) == 4:
            rgb = colours.colour(*(float(v) for v in operands))
            operator = CMYK_OPERATORS[operator]
            operands = list(rgb)
        elif operator in ("cs", "CS") and operands and operands[0] == pikepdf.Name.DeviceCMYK:
            cmyk_space["fill" if operator == "cs" else "stroke"] = True
            operands = [pikepdf.Name.DeviceRGB]
        elif operator in ("sc", "scn", "SC", "SCN") and len(operands) == 4:
            if cmyk_space["fill" if operator.islower() else "stroke"]:
                operands = list(colours.colour(*(float(v) for v in operands)))
        rewritten.append(pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(operator)))
    contents.write(pikepdf.unparse_content_stream(rewritten))
    resources = owner.get("/Resources")
    if resources is None:
        return
    for _, xobject in (resources.get("/XObject") or {}).items():
        key = xobject.objgen
        if key in done:
            continue
        done.add(key)
        subtype = xobject.get("/Subtype")
        if subtype == pikepdf.Name.Image:
            _convert_image(xobject, colours)
        elif subtype == pikepdf.Name.Form:
            _convert_stream_owner(pdf, xobject, colours, done, is_page=False)


def _is_cmyk(space: object) -> bool:
    if space == pikepdf.Name.DeviceCMYK:
        return True
    if isinstance(space, pikepdf.Array) and len(space) == 2 and space[0] == pikepdf.Name.ICCBased:
        return int(space[1].get("/N", 0)) == 4
    return False


def _convert_image(image: pikepdf.Object, colours: ScreenColours) -> None:
    if not _is_cmyk(image.get("/ColorSpace")):
        return
    picture = pikepdf.PdfImage(image).as_pil_image()  # type: ignore[arg-type]
    rgb = colours.image(picture)
    image.write(zlib.compress(rgb.tobytes()), filter=pikepdf.Name.FlateDecode)
    image.ColorSpace = pikepdf.Name.DeviceRGB
    image.BitsPerComponent = 8
    for key in ("/Decode", "/DecodeParms"):
        if key in image:
            del image[key]
