"""The cover's row of logos: the publishers' (from `publishers_logos` in data/edition.yaml) first, then the partner
organisations' that have one, each fitted whole into a square and named underneath."""

from __future__ import annotations

import re

from calendar_builder.edition.media import Media, Raster, Vector
from calendar_builder.edition.model import Edition
from calendar_builder.edition.publisher_logos import PUBLISHER_LOGO_MM, PublisherLogo
from calendar_builder.edition.settings import EditionSettings
from calendar_builder.layout import style
from calendar_builder.layout.fit import LayoutError, Token, paragraph
from calendar_builder.layout.frame import Frame
from calendar_builder.layout.geometry import Box, Element, Image, VectorImage
from calendar_builder.layout.images import MIN_PPI
from calendar_builder.layout.orgbox import placed_logo
from calendar_builder.layout.style import pt
from calendar_builder.organisations import Organisation
from calendar_builder.text import metrics

#: the name under a logo takes at most this many lines
CAPTION_LINES = 4
#: the least width of a logo's slot, in ems of the caption size (room for a name of four short lines)
SLOT_EMS = 9.5
#: the word under a placeholder logo: a reviewer sees at a glance which logo is still missing
PLACEHOLDER_LABEL = "Platzhalter"


def fitted(logo: PublisherLogo, box: Box, media: Media) -> Image | VectorImage:
    """The logo fitted whole into `box`, centred, never cropped or distorted; an SVG stays vectors."""
    found = media.of(logo.path)
    if found is None:
        raise LayoutError(f"{logo.path}: the logo of {logo.name!r} was not read before layout")
    if isinstance(found, Vector):
        scale = min(box.w / found.width, box.h / found.height)
        w, h = found.width * scale, found.height * scale
        return VectorImage(str(logo.path), Box(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h), role="logo")
    assert isinstance(found, Raster)
    width, height = found.pixels
    scale = min(box.w / width, box.h / height)
    w, h = width * scale, height * scale
    if 72 / scale < MIN_PPI:
        raise LayoutError(f"{logo.path}: the logo of {logo.name!r} has only {72 / scale:.0f} ppi on the cover")
    return Image(str(logo.path), Box(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h), round(72 / scale, 1),
                 role="logo")  # fmt: skip


def logo_row(frame: Frame, edition: Edition, settings: EditionSettings, inner: Box) -> list[Element]:
    """Right to left from the bottom right of the cover panel, so the first logo of the data stands leftmost; the
    left of the panel stays for the publishers' names. A logo that no longer fits is left out of the row (the
    publishers' lines still name everyone)."""
    partners: list[PublisherLogo | Organisation] = [o for o in edition.organisations.organisations
                                                    if o.partner and o.logo]  # fmt: skip
    items: list[PublisherLogo | Organisation] = [*settings.publisher_logos, *partners]
    side, gap = frame.mm(PUBLISHER_LOGO_MM), frame.mm(5)
    caption = pt(7.5, frame.scale)
    leading = caption * 1.2
    caption_h = leading * CAPTION_LINES + caption * 0.3
    # a slot holds the logo and its name underneath (the name never below the minimum size, on any format)
    slot = max(side, caption * SLOT_EMS)
    count = 0
    while count < len(items) and inner.right - (count + 1) * slot - count * gap >= inner.x + inner.w * 0.5:
        count += 1
    found: list[Element] = []
    x = inner.right - count * slot - (count - 1) * gap if count else inner.right
    for item in items[:count]:
        box = Box(x + (slot - side) / 2, inner.y + caption_h, side, side)
        if isinstance(item, PublisherLogo):
            found.append(fitted(item, box, edition.media))
            label = f"{PLACEHOLDER_LABEL}: {item.name}" if item.placeholder else item.name
        else:
            logo = placed_logo(item, box, edition.media)
            if logo is not None:
                found.append(logo)
            label = item.short_name
        # a long compound such as "Ausländerrat/Migrationsrat" may break after its slash
        tokens = [Token(piece, False, style.BLACK, glue=index > 0) for word in label.split()
                  for index, piece in enumerate(re.split(r"(?<=/)", word)) if piece]  # fmt: skip
        if isinstance(item, PublisherLogo) and item.placeholder:
            tokens[0] = Token(tokens[0].text, True, style.BLACK)
        width = slot + gap * 0.8
        lines = paragraph(tokens, x, inner.y + caption_h - caption * 0.3 - metrics.ascent(caption),
                          width, caption, leading, inner, max_lines=CAPTION_LINES)  # fmt: skip
        if lines is None:
            raise LayoutError(f"the name {label!r} under its logo on the cover needs more than {CAPTION_LINES} lines; "
                              "shorten it in data/edition.yaml (publishers_logos)")  # fmt: skip
        found += lines
        x += slot + gap
    return found
