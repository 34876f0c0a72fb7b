"""The organisations on paper: the "Verein des Monats" box of a month page, the partners' box of a month
without one, and the directory on the back page. Everything is fitted here; a text that cannot fit at the
minimum size returns None (the caller tries a larger box) or is a LayoutError naming the organisation."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from calendar_builder.core.model import CMYK
from calendar_builder.edition.media import Media, Vector
from calendar_builder.layout import style
from calendar_builder.layout.fit import LayoutError, Token, line, paragraph, sizes, words
from calendar_builder.layout.frame import Frame
from calendar_builder.layout.geometry import Box, Element, Fill, Image, QRCode, TextLine, VectorImage
from calendar_builder.layout.images import GOOD_PPI, MIN_PPI
from calendar_builder.layout.qr_runs import qr_runs
from calendar_builder.organisations import Organisation
from calendar_builder.organisations.language_codes import german_names
from calendar_builder.organisations.logos import logo_path
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.organisations.series_words import series_line
from calendar_builder.text import metrics

FEATURED_HEADING = "Verein des Monats"
#: the label of an organisation's recurring events, printed once instead of in every day cell
SERIES_LABEL = "Regelmäßig:"
PARTNERS_HEADING = "Herausgeber und Partner"
PARTNER_MARK = "Partner"


def language_names(codes: Sequence[str]) -> str:
    """German display names of language codes from CLDR (Babel), e.g. ['tr', 'de'] -> 'Türkisch, Deutsch'."""
    names = german_names()
    return ", ".join(names.get(code, code) for code in codes)


def website_label(url: str) -> str:
    """A web address as people type it: without the scheme and a trailing slash."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.rstrip("/")


def contact_lines(org: Organisation) -> list[str]:
    """Address, phone, e-mail and website, each present one on its own line."""
    contact = org.contact
    found = []
    if contact.address:
        found.append(contact.address)
    if contact.phone:
        found.append(f"Tel. {contact.phone}")
    if contact.email:
        found.append(contact.email)
    if contact.website:
        found.append(website_label(contact.website))
    return found


def printed_strings(org: Organisation) -> list[tuple[str, str]]:
    """(field, text) of everything about an organisation that print shows, for the glyph coverage check."""
    found = [("name", org.name), ("short_name", org.short_name), ("description.de", org.describe("de"))]
    found += [("contact", text) for text in contact_lines(org)]
    found.append(("languages", language_names(org.languages)))
    return found


def placed_logo(org: Organisation, box: Box, media: Media) -> Image | VectorImage | None:
    """The logo fitted into `box` (whole, centred, never cropped or distorted); a raster logo with its effective
    ppi there, an SVG logo as vectors (sharp at any size)."""
    if not org.logo:
        return None
    path = logo_path(Path(org.file).parent if org.file else Path("data"), org.logo)
    found = media.of(path) if path is not None else None
    if path is None or found is None:
        raise LayoutError(f"{org.file}:{org.logo_line or org.line} [logo]: organisation '{org.id}': logo {org.logo!r} "
                          "was not read before layout")  # fmt: skip
    if isinstance(found, Vector):
        scale = min(box.w / found.width, box.h / found.height)
        w, h = found.width * scale, found.height * scale
        return VectorImage(str(path), Box(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h), role="logo")
    width, height = found.pixels
    scale = min(box.w / width, box.h / height)
    w, h = width * scale, height * scale
    ppi = 72 / scale
    if ppi < MIN_PPI:
        raise LayoutError(f"{org.file}:{org.line} [logo]: organisation '{org.id}': {path.name} has {width}×{height} "
                          f"pixels, only {ppi:.0f} ppi at {w / 72 * 25.4:.0f} mm; at least {MIN_PPI} ppi are needed, "
                          f"{GOOD_PPI} for sharp print")  # fmt: skip
    return Image(str(path), Box(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h), round(ppi, 1), role="logo")


def qr_code(url: str, box: Box) -> QRCode:
    """Dark modules as horizontal runs, drawn later as 100 % K rectangles (vector, no image, no RGB)."""
    size, runs = qr_runs(url)
    return QRCode(box, size, runs, style.BLACK)


def _bottom(lines: Sequence[Element]) -> float:
    return min(item.bounds.y for item in lines)


def _last_baseline(lines: Sequence[TextLine]) -> float:
    return min(item.baseline for item in lines)


def _block(tokens: list[Token], x: float, top: float, width: float, size: float, leading: float,
           container: Box) -> list[TextLine] | None:  # fmt: skip
    if not tokens:
        return []
    return paragraph(tokens, x, top - metrics.ascent(size), width, size, leading, container)


def _panel(frame: Frame, box: Box, heading: str, palette: tuple[CMYK, ...]) -> tuple[list[Element], Box, float]:
    """The tinted panel with its heading: the elements so far, the inner box and the top left for content."""
    inner = box.inset(frame.mm(4))
    heading_size = style.pt(7.5, frame.scale)
    base: list[Element] = [Fill(box, style.PANEL_TINT, role="panel", radius=frame.mm(2))]
    baseline = inner.top - metrics.ascent(heading_size)
    base.append(line(heading.upper(), inner.x, baseline, heading_size, palette[0], box, bold=True))
    return base, inner, baseline - metrics.descent(heading_size) - frame.mm(2.5)


def featured_panel(
    frame: Frame, box: Box, org: Organisation, palette: tuple[CMYK, ...], media: Media,
    series: Sequence[OrgEvent] = (),
) -> tuple[list[Element], int] | None:  # fmt: skip
    """Heading, logo beside the name, description, its "Regelmäßig" lines, languages, contact and a QR code.

    Sizes shrink together from 8.5 pt to the note size; when even then the box is too small, the series lines
    go last to first (they stay in the directory and the feeds). Returns the elements and how many series lines
    they hold; None when nothing helps.
    """
    for count in range(len(series), -1, -1):
        found = _featured_panel(frame, box, org, palette, media, series[:count])
        if found is not None:
            return found, count
    return None


def series_tokens(series: Sequence[OrgEvent], colour: CMYK) -> list[Token]:
    """'Regelmäßig: dienstags 16:00 Hausaufgabenhilfe; jeden 2. Freitag im Monat 19:00 Filmabend'."""
    if not series:
        return []
    tokens = [Token(SERIES_LABEL, True, colour)]
    for index, event in enumerate(series):
        text = series_line(event) + (";" if index < len(series) - 1 else "")
        tokens += words(text, False, style.BLACK)
    return tokens


def _featured_panel(frame: Frame, box: Box, org: Organisation, palette: tuple[CMYK, ...], media: Media,
                    series: Sequence[OrgEvent]) -> list[Element] | None:  # fmt: skip
    base, inner, top = _panel(frame, box, FEATURED_HEADING, palette)
    logo_side = frame.mm(22)
    has_logo = bool(org.logo)
    website = org.contact.website
    for size in sizes(8.5, style.MIN_ENTRY_SIZE):
        elements: list[Element] = []
        # logo on the left, name beside it
        name_x = inner.x
        logo_bottom = top
        if has_logo:
            logo_box = Box(inner.x, top - logo_side, logo_side, logo_side)
            elements.append(Fill(logo_box, style.WHITE, role="panel", radius=frame.mm(1.5)))
            image = placed_logo(org, logo_box.inset(frame.mm(1)), media)
            if image is not None:
                elements.append(image)
            name_x = logo_box.right + frame.mm(3)
            logo_bottom = logo_box.y
        name_size = size * 1.5
        name = _block(words(org.name, True, style.BLACK), name_x, top, inner.right - name_x, name_size,
                      name_size * 1.12, box)  # fmt: skip
        if name is None:
            continue
        elements += name
        cursor = min(logo_bottom, _last_baseline(name) - metrics.descent(name_size)) - frame.mm(2)
        leading = size * 1.28
        body = _block(words(org.describe("de"), False, style.BLACK), inner.x, cursor, inner.w, size, leading, box)
        if body is None:
            continue
        elements += body
        if body:
            cursor = _last_baseline(body) - metrics.descent(size) - frame.mm(1.5)
        regular = _block(series_tokens(series, style.BLACK), inner.x, cursor, inner.w, size, leading, box)
        if regular is None:
            continue
        elements += regular
        if regular:
            cursor = _last_baseline(regular) - metrics.descent(size) - frame.mm(1.5)
        if org.languages:
            tokens = [Token("Sprachen:", True, palette[0])] + words(language_names(org.languages), False, style.BLACK)
            langs = _block(tokens, inner.x, cursor, inner.w, size, leading, box)
            if langs is None:
                continue
            elements += langs
            cursor = _last_baseline(langs) - metrics.descent(size) - frame.mm(1.5)
        qr_side = frame.mm(19) if website else 0.0
        text_w = inner.w - (qr_side + frame.mm(3) if website else 0.0)
        contact: list[TextLine] = []
        ctop = cursor
        fitted = True
        for text in contact_lines(org):
            placed = _block(words(text, False, style.BLACK), inner.x, ctop, text_w, size, leading, box)
            if placed is None:
                fitted = False
                break
            contact += placed
            ctop = _last_baseline(placed) - (leading - metrics.ascent(size))
        if not fitted:
            continue
        elements += contact
        bottom = _bottom(contact) if contact else cursor
        if website:
            qr_box = Box(inner.right - qr_side, max(inner.y, cursor - qr_side), qr_side, qr_side)
            if qr_box.top > cursor + 0.01:
                continue
            elements.append(qr_code(website, qr_box))
            bottom = min(bottom, qr_box.y)
        if bottom >= inner.y - 0.01:
            return base + elements
    return None


def partners_panel(frame: Frame, box: Box, partners: Sequence[Organisation],
                   palette: tuple[CMYK, ...]) -> list[Element] | None:  # fmt: skip
    """The publishers and partners, each with name and contact (or its description where it has none)."""
    base, inner, top = _panel(frame, box, PARTNERS_HEADING, palette)
    for size in sizes(8.5, style.MIN_ENTRY_SIZE):
        elements = partner_entries(partners, inner, top, size, box, frame.mm(2))
        if elements is not None and (not elements or _bottom(elements) >= inner.y - 0.01):
            return base + elements
    return None


def partner_entries(orgs: Sequence[Organisation], inner: Box, top: float, size: float, container: Box,
                    gap: float) -> list[Element] | None:  # fmt: skip
    elements: list[Element] = []
    leading = size * 1.25
    for org in orgs:
        name = _block(words(org.name, True, style.BLACK), inner.x, top, inner.w, size * 1.1, size * 1.3, container)
        if name is None:
            return None
        elements += name
        top = _last_baseline(name) - metrics.descent(size * 1.1)
        details = " · ".join(contact_lines(org)) or org.describe("de")
        body = _block(words(details, False, style.GREY_DARK), inner.x, top, inner.w, size, leading, container)
        if body is None:
            return None
        elements += body
        top = (_last_baseline(body) - metrics.descent(size) if body else top) - gap
    return elements


def directory_tokens(org: Organisation, colour: CMYK, series: Sequence[OrgEvent] = (),
                     compact: bool = False) -> list[Token]:  # fmt: skip
    """One directory entry: bold name (and 'Partner'), then contact, or the description when there is none, then
    the organisation's "Regelmäßig" line. `compact`: name and web address (or e-mail) only."""
    tokens = words(org.name, True, style.BLACK)
    if org.partner:
        tokens.append(Token(f"· {PARTNER_MARK}", True, colour))
    if compact:
        reach = website_label(org.contact.website) if org.contact.website else org.contact.email
        return tokens + ([Token("–", False, style.BLACK), *words(reach, False, style.BLACK)] if reach else [])
    details = contact_lines(org)
    text = " · ".join(details) if details else org.describe("de")
    if org.languages and details and not org.partner:
        text += f" · Sprachen: {language_names(org.languages)}"
    tokens.append(Token("–", False, style.BLACK))
    tokens += words(text, False, style.BLACK)
    if series:
        tokens[-1] = Token(tokens[-1].text + ".", False, style.BLACK)
        tokens += series_tokens(series, colour)
    return tokens


def directory_order(orgs: Sequence[Organisation]) -> list[Organisation]:
    """Partners first (publishers in the data's order), then every other organisation by name."""
    partners = [o for o in orgs if o.partner]
    others = sorted((o for o in orgs if not o.partner), key=lambda o: o.name.casefold())
    return partners + others


def flow_directory(orgs: Sequence[Organisation], boxes: Sequence[Box], size: float, gap: float, colour: CMYK,
                   series: dict[str, tuple[OrgEvent, ...]] | None = None,
                   compact: bool = False) -> list[TextLine] | None:  # fmt: skip
    """Every organisation's entry, flowing through `boxes` in order; None if they do not all fit."""
    placed: list[TextLine] = []
    index = 0
    leading = size * 1.25
    if not boxes:
        return None
    cursor = boxes[0].top
    for org in directory_order(orgs):
        tokens = directory_tokens(org, colour, (series or {}).get(org.id, ()), compact)
        while True:
            box = boxes[index]
            lines = paragraph(tokens, box.x, cursor - metrics.ascent(size), box.w, size, leading, box,
                              indent=size * 0.8)  # fmt: skip
            if lines is None:
                return None
            if _bottom(lines) >= box.y - 0.01:
                break
            index += 1
            if index >= len(boxes):
                return None
            cursor = boxes[index].top
        placed += lines
        cursor = _last_baseline(lines) - metrics.descent(size) - gap
    return placed
