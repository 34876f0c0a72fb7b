"""The whole print edition as data: cover, twelve month pages and the back page, in binding order."""

from __future__ import annotations

import calendar

from calendar_builder.calendars.monthnames import MONTHS_DE
from calendar_builder.core.model import CMYK, Tradition
from calendar_builder.edition.gates import DRAFT_MARK
from calendar_builder.edition.model import Edition
from calendar_builder.edition.settings import IMPRINT_FIELDS, IMPRINT_LABELS, IMPRINT_REQUIRED, EditionSettings
from calendar_builder.layout import style
from calendar_builder.layout.artwork import mosaic
from calendar_builder.layout.directory import COLUMN_GAP_MM, COLUMNS, layout_directory, overflow_directory
from calendar_builder.layout.fit import LayoutError, address_tokens, line, paragraph, words
from calendar_builder.layout.frame import Frame, page_frame
from calendar_builder.layout.geometry import Box, Circle, Element, Fill, MoonIcon, Page, Rule
from calendar_builder.layout.images import placed_image
from calendar_builder.layout.month import (
    EVENING_MARK,
    SCHOOL_LABEL,
    STAGES,
    UNCERTAIN_MARK,
    MonthInput,
    art_shares,
    busiest_day,
)
from calendar_builder.layout.moon_cache import moon_phases
from calendar_builder.layout.orgbox import qr_code
from calendar_builder.layout.page_cache import extended, fits_only, forget_month_inputs, month_page
from calendar_builder.layout.publisher_row import logo_row
from calendar_builder.layout.style import pt
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.text import metrics

NOTES = (
    ("Beginn am Vorabend",
     f"Im Judentum, im Islam und in der Bahá'í-Religion beginnt der Tag mit dem Sonnenuntergang. Feste, die mit "
     f"{EVENING_MARK} markiert sind, beginnen deshalb schon am Abend vor dem eingetragenen Datum; eingetragen ist "
     f"der erste volle Tag."),
    ("Mondsichtung",
     f"Islamische Monate beginnen mit dem Neulicht. Die Daten folgen der astronomischen Berechnung, die in "
     f"Deutschland der Koordinationsrat der Muslime verwendet. Gemeinden, die der Sichtung oder dem saudischen "
     f"Kalender folgen, feiern manchmal einen Tag früher oder später ({UNCERTAIN_MARK})."),
    ("Mondphasen",
     "Neumond, Halbmond und Vollmond sind astronomisch berechnet und nach deutscher Zeit (MEZ/MESZ) eingetragen."),
)  # fmt: skip


def layout_edition(edition: Edition, settings: EditionSettings, draft: bool = False) -> tuple[Page, ...]:
    """Decide every page before anything is drawn; a LayoutError names what does not fit and why. A `draft` has
    "ENTWURF – NICHT DRUCKEN" on every page, inside the trim."""
    frame = page_frame(settings)
    traditions = {t.id: t for t in edition.catalogue.traditions}
    order = {t.id: index for index, t in enumerate(edition.catalogue.traditions)}
    moon = dict(moon_phases(edition.year))
    languages = settings.month_languages
    orgs = edition.organisations.organisations
    short_names = tuple((o.id, o.short_name) for o in orgs)
    partners = tuple(o for o in orgs if o.partner)
    _check_traditions(edition, traditions)
    series = year_series(edition)
    inputs: dict[int, MonthInput] = {}
    for month in range(1, 13):
        image = settings.artwork_for(month)
        art_h = frame.height * art_shares(frame)[0]
        art_box = Box(-frame.bleed, frame.height - art_h, frame.width + 2 * frame.bleed, art_h + frame.bleed)
        inputs[month] = MonthInput(
            year=edition.year, month=month, occurrences=edition.occurrences, traditions=traditions,
            tradition_order=order, moon=moon, languages=languages,
            artwork=placed_image(image, art_box, edition.media) if image else None, events=edition.events,
            short_names=short_names, featured=edition.featured_in(month), partners=partners, media=edition.media,
            series=series.get(featured.id, ()) if (featured := edition.featured_in(month)) else (),
            school_days=edition.school_days,
        )  # fmt: skip
    pages: list[Page] = [layout_cover(frame, edition, settings), *_month_pages(frame, inputs)]
    forget_month_inputs()
    pages.append(layout_back(frame, edition, settings, traditions, series))
    if draft:
        banner = draft_banner(frame)
        pages = [extended(page, banner) for page in pages]
    return tuple(pages)


def check_layout(edition: Edition, settings: EditionSettings) -> None:
    """Lay out every page as `build` does, raising the LayoutError it would meet; nothing is kept, so the month
    pages the build cache holds are not built again from their records (see `page_cache.fits_only`)."""
    with fits_only():
        layout_edition(edition, settings)


def draft_banner(frame: Frame) -> tuple[Element, ...]:
    """A red band with "ENTWURF – NICHT DRUCKEN" across the top of the safe zone: over the artwork on month
    pages, readable from across the room, inside the trim so that no cut removes it."""
    size = pt(22, frame.scale)
    height = size * 1.9
    inset = frame.mm(1.5)
    band = Box(frame.safe.x + inset, frame.safe.top - height - inset, frame.safe.w - 2 * inset, height)
    baseline = band.y + (height - metrics.ascent(size) + metrics.descent(size)) / 2
    text = line(DRAFT_MARK, band.x + band.w / 2, baseline, size, style.WHITE, band, bold=True, align="center",
                role="draft")  # fmt: skip
    edge = frame.mm(1.2)
    outline = Box(band.x - edge, band.y - edge, band.w + 2 * edge, band.h + 2 * edge)
    return (Fill(outline, style.WHITE, role="draft"), Fill(band, style.RED, role="draft"), text)


def year_series(edition: Edition) -> dict[str, tuple[OrgEvent, ...]]:
    """Per organisation, its recurring series with an occurrence in the year that are not printed in the cells:
    each is named once, as a "Regelmäßig" line (first occurrence's order)."""
    found: dict[str, dict[str, OrgEvent]] = {}
    for occurrence in edition.events:
        event = occurrence.event
        if event.recurring and not event.print_in_cells:
            found.setdefault(event.organisation, {}).setdefault(event.id, event)
    return {org: tuple(events.values()) for org, events in found.items()}


def _month_pages(frame: Frame, inputs: dict[int, MonthInput]) -> list[Page]:
    """Twelve month pages with one artwork height for all: the largest at which every month fits.

    The months are tried the most crowded first (`month.busiest_day`), and a month that did not fit is tried first
    at the next height: a height that some month does not take is given up after laying out few months that do.
    The pages do not depend on this order: they are those of the first height and stage at which all twelve fit.
    """
    order = sorted(inputs, key=lambda month: -busiest_day(inputs[month]))
    problem = ""
    # Stage by stage (month.STAGES: festivals on lines of their own, then run in, ...), every height; spills last.
    for stage in STAGES:
        # with spills, the smallest artwork first: the tallest cells send the fewest festivals to the strip
        for art in sorted(art_shares(frame)) if stage[1] else art_shares(frame):
            found: dict[int, Page] = {}
            for month in list(order):
                try:
                    found[month] = month_page(frame, inputs[month], month + 1, (art,), (stage,))
                except LayoutError as exc:
                    problem = exc.message
                    order.remove(month)
                    order.insert(0, month)
                    break
            if len(found) == len(inputs):
                return [found[month] for month in sorted(found)]
    raise LayoutError(problem)


def _check_traditions(edition: Edition, traditions: dict[str, Tradition]) -> None:
    for occurrence in edition.occurrences:
        if occurrence.festival.tradition not in traditions:
            raise LayoutError(f"festival '{occurrence.id}' names unknown tradition '{occurrence.festival.tradition}'")


def layout_cover(frame: Frame, edition: Edition, settings: EditionSettings) -> Page:
    w, h, s = frame.width, frame.height, frame.scale
    palette = style.PALETTES[0][:1] + style.PALETTES[6][1:2] + style.PALETTES[3][1:3] + style.PALETTES[8][3:4]
    bleed_box = Box(-frame.bleed, -frame.bleed, w + 2 * frame.bleed, h + 2 * frame.bleed)
    elements: list[Element] = []
    image = settings.artwork_for(0)
    if image:
        elements.append(placed_image(image, bleed_box, edition.media))
    else:
        elements.append(mosaic(bleed_box, palette, edition.year, 7 if frame.landscape else 6))
    margin = frame.mm(18)
    panel = Box(margin, frame.mm(28), w - 2 * margin, frame.mm(118) if not frame.landscape else frame.mm(96))
    elements.append(Fill(panel, style.WHITE, role="panel"))
    inner = panel.inset(frame.mm(12))
    title = settings.title_for(edition.year)
    title_size = pt(50, s)
    tokens = words(title, True, style.PALETTES[0][0])
    baseline = inner.top - metrics.ascent(title_size)
    lines = paragraph(tokens, inner.x, baseline, inner.w, title_size, title_size * 1.08, panel)
    if lines is None or len({item.baseline for item in lines}) > 2:
        raise LayoutError(f"the title {title!r} does not fit the cover in two lines; shorten it in data/edition.yaml")
    elements.extend(lines)
    baseline = min(item.baseline for item in lines) - frame.mm(12)
    elements.append(line(settings.subtitle, inner.x, baseline, pt(20, s), style.GREY_DARK, panel))
    symbols = list(edition.catalogue.traditions)
    x = inner.x
    baseline -= frame.mm(14)
    for tradition in symbols:
        symbol = line(tradition.symbol, x, baseline, pt(18, s), tradition.colour, panel)
        if symbol.bounds.right > inner.right:
            break
        elements.append(symbol)
        x = symbol.bounds.right + frame.mm(4)
    baseline = inner.y + (len(settings.publishers) - 1) * pt(14, s) * 1.3
    for index, publisher in enumerate(settings.publishers):
        size = pt(14, s) if index == 0 else pt(11, s)
        elements.append(line(publisher, inner.x, baseline, size, style.BLACK, panel, bold=index == 0))
        baseline -= pt(14, s) * 1.3
    elements += logo_row(frame, edition, settings, inner)
    return Page(1, "cover", w, h, frame.bleed, frame.safe, frame.binding, tuple(elements))


def layout_back(frame: Frame, edition: Edition, settings: EditionSettings, traditions: dict[str, Tradition],
                series: dict[str, tuple[OrgEvent, ...]] | None = None) -> Page:  # fmt: skip
    """The back page in three bands under the artwork strip: the legend and marks beside the year overview and
    the notes; then the directory of organisations across the full width, in balanced columns under one heading;
    at the foot the imprint beside the QR code with its address in words."""
    w, h, s = frame.width, frame.height, frame.scale
    palette = style.PALETTES[0][:1] + style.PALETTES[6][1:2] + style.PALETTES[3][1:3] + style.PALETTES[8][3:4]
    band_h = h * 0.09
    band = Box(-frame.bleed, h - band_h, w + 2 * frame.bleed, band_h + frame.bleed)
    elements: list[Element] = [mosaic(band, palette, edition.year + 1, 16 if not frame.landscape else 22)]
    margin = max(frame.mm(14), frame.safe.x)
    content = Box(margin, frame.safe.y + frame.mm(4), w - 2 * margin, h - band_h - frame.mm(8) - frame.safe.y)
    gap = frame.mm(10)
    count = 3 if frame.landscape else 2
    col_w = (content.w - gap * (count - 1)) / count
    columns = [Box(content.x + i * (col_w + gap), content.y, col_w, content.h) for i in range(count)]
    legend_col, marks_col, year_col = (columns[0], columns[0], columns[1]) if count == 2 else columns
    notes_col = year_col if count == 2 else columns[1]

    # The top band: legend and marks | year overview and notes (landscape: legend | marks and notes | year).
    cursor = _heading(elements, "Traditionen und ihre Farben", legend_col, legend_col.top, s, palette[0])
    cursor = _legend_traditions(elements, edition.catalogue.traditions, legend_col, cursor, s)
    marks_top = cursor - frame.mm(7) if marks_col is legend_col else marks_col.top
    bottoms = [_legend_marks(elements, frame, marks_col, _heading(elements, "Zeichen im Kalender", marks_col,
                                                                  marks_top, s, palette[0]), s)]  # fmt: skip
    top = _heading(elements, f"Das Jahr {edition.year} im Überblick", year_col, year_col.top, s, palette[0])
    top = _year_overview(elements, frame, edition, year_col, top, s)
    notes_top = top - frame.mm(2) if notes_col is year_col else bottoms[0] - frame.mm(2)
    for title, text in NOTES:
        notes_top = _heading(elements, title, notes_col, notes_top - frame.mm(4), s, palette[0], size=11)
        notes_top = _text(elements, text, notes_col, notes_top, pt(9.5, s))
    bottoms += [notes_top, top]

    # The foot: the imprint beside the QR code and its caption.
    qr_size = frame.mm(38)
    foot = Box(content.x, content.y, content.w, qr_size)
    qr_col = columns[-1]
    qr_box = Box(qr_col.right - qr_size, foot.y, qr_size, qr_size)
    elements.append(qr_code(settings.subscribe_page_url, qr_box))
    caption = Box(qr_col.x, foot.y, qr_col.w - qr_size - frame.mm(5), qr_size)
    ctop = _heading(elements, "Alle Termine im eigenen Kalender", caption, caption.top, s, palette[0], size=12)
    ctop = _text(elements, "QR-Code scannen und den Kalender abonnieren – auf dem Handy, in Outlook, Google oder "
                 "Thunderbird. Neue Termine erscheinen dann von selbst.", caption, ctop, pt(9, s))  # fmt: skip
    url_size = pt(8.5, s)
    url_lines = paragraph(address_tokens(settings.subscribe_page_url, True, style.BLACK), caption.x,
                          ctop - frame.mm(1.5) - metrics.ascent(url_size), caption.w, url_size, url_size * 1.35,
                          caption)  # fmt: skip
    if url_lines is None or min(item.bounds.y for item in url_lines) < caption.y - 0.01:
        raise LayoutError(f"the address {settings.subscribe_page_url!r} does not fit beside the QR code")
    elements.extend(url_lines)
    imprint = Box(content.x, foot.y, qr_col.x - gap - content.x, qr_size)
    elements.append(Rule(content.x, foot.top + frame.mm(4), content.right, foot.top + frame.mm(4), style.GREY_LIGHT,
                         0.5 * s, "rule"))  # fmt: skip
    itop = _heading(elements, "Impressum", imprint, imprint.top, s, style.GREY_DARK, size=10)
    _text(elements, imprint_text(settings), imprint, itop, style.FINE_PRINT_SIZE + 1)

    # The directory across the full width between the two, in balanced columns under one heading.
    orgs = edition.organisations.organisations
    top_band = min(bottoms) - frame.mm(8)
    heading = _heading(elements if orgs else [], "Organisationen und Kontakte", content, top_band, s, palette[0])
    directory_box = Box(content.x, foot.top + frame.mm(9), content.w, heading - frame.mm(1) - foot.top - frame.mm(9))
    if directory_box.h <= 0:
        raise LayoutError("the back page's legend, notes and year overview leave no room for the directory of "
                          "organisations; shorten the notes")  # fmt: skip
    columns_n = COLUMNS[1] if frame.landscape else COLUMNS[0]
    column_gap = frame.mm(COLUMN_GAP_MM)
    found = layout_directory(orgs, directory_box, columns_n, column_gap, pt(9, s), palette[0], series or {})
    if found is None:
        found = overflow_directory(orgs, directory_box, columns_n, column_gap, palette[0],
                                   settings.subscribe_page_url)  # fmt: skip
    if found is None:
        raise LayoutError("the back page has no room for a directory of organisations; shorten the notes")
    elements.extend(found.lines)
    printed = (series or {}) if found.with_series else {}
    placements = tuple((f"{event.organisation}/{event.id}", "Regelmäßig") for events in printed.values()
                       for event in events)  # fmt: skip
    return Page(14, "back", w, h, frame.bleed, frame.safe, frame.binding, tuple(elements), placements=placements)


def imprint_text(settings: EditionSettings) -> str:
    """The imprint from data/edition.yaml, field by field; an empty required field shows as missing (the build is
    then a draft and lists it)."""
    parts = []
    for key in IMPRINT_FIELDS:
        text = settings.imprint_text(key)
        if text or key in IMPRINT_REQUIRED:
            parts.append(f"{IMPRINT_LABELS[key]}: {text or '[fehlt]'}")
    credited = [f"{logo.name} ({logo.credit})" for logo in settings.publisher_logos if logo.credit]
    if credited:
        parts.append(f"Logos: {', '.join(credited)}")
    return " · ".join(parts)


def _heading(elements: list[Element], text: str, box: Box, top: float, s: float, colour: CMYK,
             size: float = 14.0) -> float:  # fmt: skip
    size = pt(size, s)
    baseline = top - metrics.ascent(size)
    elements.append(line(text, box.x, baseline, size, colour, box, bold=True))
    return baseline - metrics.descent(size) - size * 0.5


def _text(elements: list[Element], text: str, box: Box, top: float, size: float, bold: bool = False) -> float:
    lines = paragraph(words(text, bold, style.BLACK), box.x, top - metrics.ascent(size), box.w, size, size * 1.35, box)
    if lines is None:
        raise LayoutError(f"a word of {text[:40]!r}… is wider than its column on the back page")
    elements.extend(lines)
    return min(item.baseline for item in lines) - metrics.descent(size)


def _legend_traditions(elements: list[Element], traditions: tuple[Tradition, ...], box: Box, top: float,
                       s: float) -> float:  # fmt: skip
    """Colour swatch, symbol and name of each tradition: two columns if the names allow, else one."""
    for columns, size in ((2, pt(10.5, s)), (2, pt(9.5, s)), (2, pt(8.5, s)), (1, pt(10, s))):
        placed = _legend_rows(traditions, box, top, columns, size)
        if placed is not None:
            found, bottom = placed
            elements.extend(found)
            return bottom
    raise LayoutError("the tradition names are too long for the legend on the back page")


def _legend_rows(traditions: tuple[Tradition, ...], box: Box, top: float, columns: int,
                 size: float) -> tuple[list[Element], float] | None:  # fmt: skip
    col_w = box.w / columns
    rows = (len(traditions) + columns - 1) // columns
    row_h = size * 1.9
    found: list[Element] = []
    for index, tradition in enumerate(traditions):
        column, row = divmod(index, rows)
        x = box.x + column * col_w
        baseline = top - row * row_h - metrics.ascent(size)
        found.append(Fill(Box(x, baseline - size * 0.25, size * 1.5, size * 1.2), tradition.colour, role="swatch"))
        found.append(line(tradition.symbol, x + size * 1.9, baseline, size * 1.1, tradition.colour, box))
        label = line(tradition.name_de, x + size * 3.4, baseline, size, style.BLACK, box)
        if label.bounds.right > x + col_w - size * 0.8:
            return None
        found.append(label)
    return found, top - rows * row_h


def _legend_marks(elements: list[Element], frame: Frame, box: Box, top: float, s: float) -> float:
    size = pt(10, s)
    row_h = size * 1.9
    items: list[tuple[str, str]] = [
        ("evening", "beginnt am Vorabend mit dem Sonnenuntergang"),
        ("uncertain", "Datum kann je nach Gemeinde um einen Tag abweichen"),
        ("bar", "Fest über mehrere Tage"),
        ("event", "Termin eines Vereins: Uhrzeit, Verein und Titel; in dieser Farbe auch als Balken über mehrere Tage"),
        (
            "more",
            "weitere Termine dieses Tages: in der Liste „Weitere Termine“ unten oder im Online-Kalender; an sehr "
            "vollen Tagen stehen weitere Feste mit · getrennt hintereinander, erklärt im Streifen unter dem Monat",
        ),
        ("holiday", "gesetzlicher Feiertag in Baden-Württemberg; Sonntage rot"),
        ("school", f"{SCHOOL_LABEL}: Band oben im Tageskästchen und unter den Tagen der Jahresübersicht"),
        ("moon", "Neumond, zunehmender Halbmond, Vollmond, abnehmender Halbmond"),
    ]
    for index, (kind, text) in enumerate(items):
        baseline = top - index * row_h - metrics.ascent(size)
        x = box.x
        if kind == "evening":
            elements.append(line(EVENING_MARK, x, baseline, size * 1.2, style.BLACK, box))
        elif kind == "uncertain":
            elements.append(line(UNCERTAIN_MARK, x, baseline, size * 1.2, style.BLACK, box))
        elif kind == "bar":
            elements.append(Fill(Box(x, baseline, size * 2.6, frame.mm(1.3)), style.PALETTES[2][1], role="swatch"))
        elif kind == "event":
            elements.append(Fill(Box(x + size * 0.1, baseline + size * 0.02, size * 0.6, size * 0.6), style.EVENT,
                                 role="swatch", radius=size * 0.12))  # fmt: skip
            elements.append(Fill(Box(x + size * 1.0, baseline, size * 1.6, frame.mm(1.3)), style.EVENT, role="swatch"))
        elif kind == "more":
            elements.append(line("+2", x, baseline, size, style.BLACK, box, bold=True))
        elif kind == "holiday":
            elements.append(Fill(Box(x, baseline - size * 0.3, size * 2.6, size * 1.3), style.HOLIDAY_TINT,
                                 role="swatch"))  # fmt: skip
            elements.append(line("1", x + size * 0.4, baseline, size, style.RED, box, bold=True))
        elif kind == "school":
            elements.append(Fill(Box(x, baseline + size * 0.5, size * 2.6, frame.mm(1.2)), style.SCHOOL_HOLIDAY,
                                 role="swatch"))  # fmt: skip
        elif kind == "moon":
            r = size * 0.42
            for number, phase in enumerate(("new", "first-quarter", "full", "last-quarter")):
                elements.append(MoonIcon(x + r + number * (2 * r + size * 0.35), baseline + r * 0.7, r, phase))
            x += size * 3.2
        label = Box(x + size * 3.4, box.y, box.right - x - size * 3.4, box.h)
        lines = paragraph(words(text, False, style.BLACK), label.x, baseline, label.w, size, size * 1.25, box)
        if lines is None:
            raise LayoutError(f"the legend text {text!r} does not fit the back page")
        elements.extend(lines)
        top -= (len({item.baseline for item in lines}) - 1) * size * 1.25
    return top - len(items) * row_h


def _year_overview(elements: list[Element], frame: Frame, edition: Edition, box: Box, top: float, s: float) -> float:
    holidays = {
        o.start.toordinal() + offset
        for o in edition.occurrences
        if o.public_holiday
        for offset in range((o.end - o.start).days + 1)
    }
    columns = 3
    gap = frame.mm(5)
    col_w = (box.w - gap * (columns - 1)) / columns
    size = pt(8.5, s)
    row_h = size * 1.45
    block_h = size * 1.6 + row_h * 7 + frame.mm(3)
    for index in range(12):
        month = index + 1
        column, row = index % columns, index // columns
        x0 = box.x + column * (col_w + gap)
        y_top = top - row * block_h
        cell_w = col_w / 7
        container = Box(x0, y_top - block_h, col_w, block_h)
        elements.append(line(MONTHS_DE[index], x0, y_top - metrics.ascent(size * 1.25), size * 1.25,
                             style.BLACK, container, bold=True))  # fmt: skip
        grid_top = y_top - size * 1.6 - frame.mm(0.8)
        for day_index, letter in enumerate("MDMDFSS"):
            colour = style.RED if day_index == 6 else style.GREY
            elements.append(line(letter, x0 + (day_index + 0.5) * cell_w, grid_top - metrics.ascent(size), size,
                                 colour, container, align="center"))  # fmt: skip
        weeks = calendar.Calendar(0).monthdatescalendar(edition.year, month)
        for week_index, week in enumerate(weeks):
            for day in week:
                if day.month != month:
                    continue
                holiday = day.toordinal() in holidays
                cx = x0 + (day.weekday() + 0.5) * cell_w
                baseline = grid_top - (week_index + 1) * row_h - metrics.ascent(size)
                if holiday:
                    elements.append(Circle(cx, baseline + size * 0.35, size * 0.78, style.HOLIDAY_TINT, role="icon"))
                colour = style.RED if (holiday or day.weekday() == 6) else style.BLACK
                elements.append(line(str(day.day), cx, baseline, size, colour, container, bold=holiday, align="center"))
                if day in edition.school_days:
                    elements.append(Fill(Box(x0 + day.weekday() * cell_w, baseline - size * 0.42, cell_w, size * 0.22),
                                         style.SCHOOL_HOLIDAY, role="icon"))  # fmt: skip
    return top - 4 * block_h
