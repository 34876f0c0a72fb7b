"""A month page decided as data: artwork, month names, the week grid with fitted festival names, the strip
explaining the month's festivals and the box for the featured organisation."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import CMYK, Occurrence, Tradition
from ..monthnames import MONTHS_DE, cldr_month_names, other_calendar_months
from ..render import textdraw
from . import style
from .artwork import mosaic
from .fit import LayoutError, Token, fit_size, line, line_count, measure, paragraph, sizes, words
from .frame import Frame
from .geometry import Box, Cell, Element, Fill, Image, MoonIcon, Page, Rule, TextLine
from .style import pt

WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
EVENING_MARK = "*"  # begins at sunset the evening before
UNCERTAIN_MARK = "±"  # may fall a day earlier or later


@dataclass(frozen=True)
class DayEntry:
    """A festival named in a day cell; `continued` when it began in an earlier month."""

    occurrence: Occurrence
    continued: bool = False


@dataclass(frozen=True)
class MonthInput:
    """Everything a month page needs, gathered once for the edition."""

    year: int
    month: int
    occurrences: tuple[Occurrence, ...]
    traditions: dict[str, Tradition]
    tradition_order: dict[str, int]
    moon: dict[date, str]
    languages: tuple[str, ...]
    artwork: Image | None
    partner: tuple[str, str, str]  # heading, name, text


def entry_sort_key(item: DayEntry, order: dict[str, int]) -> tuple[int, int, str]:
    occurrence = item.occurrence
    return (0 if occurrence.public_holiday else 1, order.get(occurrence.festival.tradition, 99), occurrence.id)


def month_entries(occurrences: tuple[Occurrence, ...], year: int, month: int,
                  order: dict[str, int]) -> tuple[dict[int, list[DayEntry]], dict[int, list[Occurrence]]]:  # fmt: skip
    """Names per day (first day, or day 1 for spans that began earlier) and multi-day bars per day."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    named: dict[int, list[DayEntry]] = {}
    bars: dict[int, list[Occurrence]] = {}
    for occurrence in occurrences:
        if occurrence.end < first or occurrence.start > last:
            continue
        if occurrence.start >= first:
            named.setdefault(occurrence.start.day, []).append(DayEntry(occurrence))
        else:
            named.setdefault(1, []).append(DayEntry(occurrence, continued=True))
        if occurrence.end > occurrence.start:
            day = max(first, occurrence.start)
            while day <= min(last, occurrence.end):
                bars.setdefault(day.day, []).append(occurrence)
                day += timedelta(days=1)
    for items in named.values():
        items.sort(key=lambda item: entry_sort_key(item, order))
    for spans in bars.values():
        spans.sort(key=lambda o: (o.start, o.id))
    return named, bars


def marks(occurrence: Occurrence) -> str:
    found = ""
    if occurrence.festival.evening_before:
        found += EVENING_MARK
    if occurrence.uncertain_days:
        found += UNCERTAIN_MARK
    return found


def cell_text(item: DayEntry) -> str:
    name = item.occurrence.festival.name_de
    return f"… {name}" if item.continued else name


def date_label(occurrence: Occurrence, year: int, month: int) -> str:
    start, end = occurrence.start, occurrence.end
    if start.month != month or start.year != year:
        return f"bis {end.day}.{end.month}."
    if end == start:
        return f"{start.day}.{start.month}."
    if end.month == start.month:
        return f"{start.day}.–{end.day}.{end.month}."
    return f"{start.day}.{start.month}.–{end.day}.{end.month}."


def layout_month(frame: Frame, data: MonthInput, number: int) -> Page:
    palette = style.PALETTES[data.month - 1]
    elements: list[Element] = []
    w, h, s = frame.width, frame.height, frame.scale
    margin = max(frame.mm(12), frame.safe.x)
    art_h = h * (0.25 if frame.landscape else 0.29)
    art_box = Box(-frame.bleed, h - art_h, w + 2 * frame.bleed, art_h + frame.bleed)
    if data.artwork is not None:
        elements.append(Image(data.artwork.path, art_box, data.artwork.ppi))
    else:
        elements.append(mosaic(art_box, palette, data.year * 100 + data.month, 9 if frame.landscape else 8))

    # Title block: German month name large, year, CLDR names, other calendars.
    title_top = h - art_h - frame.mm(7)
    content = Box(margin, frame.safe.y, w - 2 * margin, title_top - frame.safe.y)
    name_size = pt(72, s)
    baseline = title_top - textdraw.ascent(name_size)
    month_name = MONTHS_DE[data.month - 1]
    elements.append(line(month_name, margin, baseline, name_size, palette[0], content, bold=True))
    elements.append(line(str(data.year), w - margin, baseline, name_size, palette[1], content, align="right"))
    names = [name for _, name in cldr_month_names(data.month, data.languages) if textdraw.renderable(name)]
    cldr_text = "  ·  ".join(names)
    cldr_size = fit_size(cldr_text, content.w, pt(13, s), pt(8, s))
    if cldr_size is None:
        raise LayoutError(f"the month names of {month_name} in {', '.join(data.languages)} do not fit one line; "
                          "list fewer languages under month_languages in data/edition.yaml")  # fmt: skip
    baseline -= frame.mm(11)
    elements.append(line(cldr_text, margin, baseline, cldr_size, style.GREY_DARK, content))
    baseline -= frame.mm(6.5)
    elements.extend(_calendar_spans(data, margin, baseline, content, pt(10, s)))

    grid_top = baseline - frame.mm(5.5)
    named, bars = month_entries(data.occurrences, data.year, data.month, data.tradition_order)
    # The strip below the grid grows (and the grid shrinks) until every festival of the month fits it.
    shares = (0.19, 0.22, 0.25, 0.28, 0.31) if not frame.landscape else (0.2, 0.24, 0.28, 0.32)
    for attempt, share in enumerate(shares):
        bottom_h = h * share
        grid_bottom = frame.safe.y + frame.mm(4) + bottom_h + frame.mm(5)
        grid_box = Box(margin, grid_bottom, w - 2 * margin, grid_top - grid_bottom)
        grid_elements, cells = _grid(frame, data, grid_box, named, bars, palette)
        bottom = Box(margin, frame.safe.y + frame.mm(4), w - 2 * margin, bottom_h)
        strip_w = bottom.w * (0.68 if not frame.landscape else 0.74)
        strip_box = Box(bottom.x, bottom.y, strip_w, bottom.h)
        partner_box = Box(bottom.x + strip_w + frame.mm(6), bottom.y, bottom.w - strip_w - frame.mm(6), bottom.h)
        try:
            strip = _strip(frame, data, strip_box, palette, cells)
        except StripOverflow:
            if attempt == len(shares) - 1:
                raise
            continue
        elements += grid_elements + strip + partner_panel(frame, partner_box, data.partner, palette)
        return Page(number, "month", w, h, frame.bleed, frame.safe, frame.binding, tuple(elements), tuple(cells))
    raise AssertionError("unreachable: the last attempt returns or raises")


class StripOverflow(LayoutError):
    """The month's festivals do not fit the strip; a larger strip (and smaller grid) may be tried."""


def _calendar_spans(data: MonthInput, x: float, baseline: float, container: Box, size: float) -> list[TextLine]:
    tokens: list[Token] = []
    for index, span in enumerate(other_calendar_months(data.year, data.month)):
        if index:
            tokens.append(Token("  ·  ", False, style.GREY))
        tokens.append(Token(span.calendar, True, style.GREY_DARK, glue=bool(index)))
        tokens += words(span.label, False, style.GREY_DARK)
    for candidate in sizes(size, max(style.MIN_TEXT_SIZE, size * 0.75)):
        lines = paragraph(tokens, x, baseline, container.w, candidate, candidate * 1.2, container)
        if lines is not None and line_count(lines) == 1:
            return lines
    raise LayoutError(f"the other calendars' months of {MONTHS_DE[data.month - 1]} do not fit one line")


def _grid(frame: Frame, data: MonthInput, box: Box, named: dict[int, list[DayEntry]],
          bars: dict[int, list[Occurrence]],
          palette: tuple[CMYK, ...]) -> tuple[list[Element], list[Cell]]:  # fmt: skip
    elements: list[Element] = []
    s = frame.scale
    kw_w = frame.mm(9)
    header_h = frame.mm(6.5)
    col_w = (box.w - kw_w) / 7
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(data.year, data.month)
    row_h = (box.h - header_h) / len(weeks)
    header_top = box.top
    header_size = pt(9, s)
    head_size = max(style.MIN_TEXT_SIZE, header_size * 0.9)
    kw_size = max(style.MIN_TEXT_SIZE, header_size * 0.8)
    for index, name in enumerate(WEEKDAYS_DE):
        x = box.x + kw_w + index * col_w
        head = Box(x, header_top - header_h, col_w, header_h)
        colour = style.RED if index == 6 else style.GREY_DARK
        elements.append(line(name.upper(), x + frame.mm(1.8), header_top - header_h + frame.mm(1.6), head_size,
                             colour, head, bold=True))  # fmt: skip
    elements.append(line("KW", box.x + kw_w / 2, header_top - header_h + frame.mm(1.6), kw_size,
                         style.GREY, Box(box.x, header_top - header_h, kw_w, header_h), align="center"))  # fmt: skip
    grid_top = header_top - header_h
    elements.append(Rule(box.x, grid_top, box.right, grid_top, palette[0], 1.2 * s, "rule"))
    cells: list[Cell] = []
    for row, week in enumerate(weeks):
        y = grid_top - (row + 1) * row_h
        kw_box = Box(box.x, y, kw_w, row_h)
        iso_week = week[0].isocalendar()[1]
        elements.append(line(str(iso_week), box.x + kw_w / 2, y + row_h - frame.mm(1.8) - textdraw.ascent(pt(8, s)),
                             pt(8, s), style.GREY, kw_box, align="center"))  # fmt: skip
        for column, day in enumerate(week):
            cell_box = Box(box.x + kw_w + column * col_w, y, col_w, row_h)
            if day.month != data.month:
                continue
            cell_elements, day_cell = _cell(frame, data, cell_box, day, named.get(day.day, []), bars.get(day.day, []))
            elements.extend(cell_elements)
            cells.append(day_cell)
        elements.append(Rule(box.x, y, box.right, y, style.GREY_LIGHT, 0.5 * s, "rule"))
    for column in range(1, 7):
        x = box.x + kw_w + column * col_w
        elements.append(Rule(x, box.y, x, grid_top, style.GREY_LIGHT, 0.5 * s, "rule"))
    x = box.x + kw_w
    elements.append(Rule(x, box.y, x, grid_top, style.GREY_LIGHT, 0.5 * s, "rule"))
    return elements, cells


def _cell(frame: Frame, data: MonthInput, box: Box, day: date, entries: list[DayEntry],
          spans: list[Occurrence]) -> tuple[list[Element], Cell]:  # fmt: skip
    s = frame.scale
    pad = frame.mm(1.6)
    holiday = any(e.occurrence.public_holiday for e in entries) or any(o.public_holiday for o in spans)
    sunday = day.weekday() == 6
    elements: list[Element] = []
    if holiday or sunday:
        tint = style.HOLIDAY_TINT if holiday else style.SUNDAY_TINT
        elements.append(Fill(box, tint, role="cell"))
    number_size = pt(24, s)
    number_colour = style.RED if (holiday or sunday) else style.BLACK
    number_baseline = box.top - pad - 0.72 * number_size
    elements.append(line(str(day.day), box.x + pad, number_baseline, number_size, number_colour, box, bold=True))
    phase = data.moon.get(day)
    if phase:
        r = frame.mm(2.1)
        elements.append(MoonIcon(box.right - pad - r, box.top - pad - r, r, phase))
    bar_h = frame.mm(1.3)
    bar_gap = frame.mm(0.5)
    first = date(day.year, day.month, 1)
    for index, occurrence in enumerate(spans[:3]):
        tradition = data.traditions[occurrence.festival.tradition]
        bar_y = box.y + pad / 2 + index * (bar_h + bar_gap)
        left_open = occurrence.start < day and day != first
        right_open = occurrence.end > day and day.weekday() != 6
        x0 = box.x if left_open else box.x + pad
        x1 = box.right if right_open else box.right - pad
        elements.append(Fill(Box(x0, bar_y, x1 - x0, bar_h), tradition.colour, role="cell"))
    bars_height = min(len(spans), 3) * (bar_h + bar_gap)
    area = Box(box.x + pad, box.y + pad / 2 + bars_height + frame.mm(0.6), box.w - 2 * pad,
               number_baseline - textdraw.descent(number_size) - frame.mm(1.0) - (box.y + pad / 2 + bars_height
                                                                                   + frame.mm(0.6)))  # fmt: skip
    lines, shown, hidden, size = fit_cell(data, entries, area, box)
    elements.extend(lines)
    return elements, Cell(day.day, box, tuple(e.occurrence.id for e in shown), tuple(e.occurrence.id for e in hidden),
                          size)  # fmt: skip


def _entry_lines(data: MonthInput, item: DayEntry, area: Box, top: float, size: float,
                 cell: Box) -> list[TextLine] | None:  # fmt: skip
    """One festival in a cell: coloured tradition symbol, then the name (at most MAX_NAME_LINES) and its marks."""
    occurrence = item.occurrence
    tradition = data.traditions[occurrence.festival.tradition]
    symbol_size = size * 1.15
    symbol_w = measure(tradition.symbol, symbol_size) + size * 0.3
    colour = style.RED if occurrence.public_holiday else style.BLACK
    tokens = words(cell_text(item), occurrence.public_holiday, colour)
    suffix = marks(occurrence)
    if suffix:
        tokens.append(Token("\u2009" + suffix, False, colour, glue=True))
    baseline = top - textdraw.ascent(size)
    lines = paragraph(tokens, area.x + symbol_w, baseline, area.w - symbol_w, size, size * 1.12, cell)
    if lines is None or line_count(lines) > style.MAX_NAME_LINES:
        return None
    symbol = line(tradition.symbol, area.x, baseline, symbol_size, tradition.colour, cell)
    return [symbol, *lines]


def fit_cell(data: MonthInput, entries: list[DayEntry], area: Box,
             cell: Box) -> tuple[list[TextLine], list[DayEntry], list[DayEntry], float]:  # fmt: skip
    """The largest size at which every entry fits the cell; at the minimum size, as many as fit plus '+N'.

    A festival whose name does not fit the cell even alone at the minimum size is an error: it would be cut.
    """
    if not entries:
        return [], [], [], style.MAX_ENTRY_SIZE
    for size in sizes(style.MAX_ENTRY_SIZE, style.MIN_ENTRY_SIZE):
        placed = _place(data, entries, area, size, cell)
        if placed is not None:
            return placed, entries, [], size
    size = style.MIN_ENTRY_SIZE
    for item in entries:
        if _place(data, [item], area, size, cell) is None:
            festival = item.occurrence.festival
            raise LayoutError(
                f"{festival.file}:{festival.line} [names.de]: the name {festival.name_de!r} of festival "
                f"'{festival.id}' does not fit a day cell ({area.w / 2.8346:.0f} mm wide) in "
                f"{style.MAX_NAME_LINES} lines even at {size} pt; give it a shorter German name"
            )
    for keep in range(len(entries) - 1, -1, -1):
        hidden = entries[keep:]
        more = line(f"+{len(hidden)} (s. unten)", area.x, 0, size, style.GREY_DARK, cell, bold=True)
        more_h = size * 1.25
        shrunk = Box(area.x, area.y + more_h, area.w, area.h - more_h)
        placed = _place(data, entries[:keep], shrunk, size, cell) if keep else []
        if placed is not None:
            bottom = min((item.bounds.y for item in placed), default=area.top)
            baseline = min(bottom, area.top) - textdraw.ascent(size) - (size * 0.2 if placed else 0)
            more = line(more.text, area.x, baseline, size, style.GREY_DARK, cell, bold=True)
            if more.bounds.y >= area.y - 0.01:
                return [*placed, more], entries[:keep], hidden, size
    raise LayoutError(f"day cell {cell} is too small for even one festival line at {size} pt")


def _place(data: MonthInput, entries: list[DayEntry], area: Box, size: float, cell: Box) -> list[TextLine] | None:
    top = area.top
    placed: list[TextLine] = []
    for item in entries:
        lines = _entry_lines(data, item, area, top, size, cell)
        if lines is None:
            return None
        if min(item.bounds.y for item in lines) < area.y - 0.01:
            return None
        placed.extend(lines)
        top = min(item.baseline for item in lines) - textdraw.descent(size) - size * 0.28
    return placed


def _strip(frame: Frame, data: MonthInput, box: Box, palette: tuple[CMYK, ...], cells: list[Cell]) -> list[Element]:
    """Every festival of the month with date, original name and explanation; the full list behind any '+N'."""
    s = frame.scale
    elements: list[Element] = []
    heading_size = pt(11, s)
    heading = f"Feste und Gedenktage im {MONTHS_DE[data.month - 1]}"
    baseline = box.top - textdraw.ascent(heading_size)
    elements.append(line(heading, box.x, baseline, heading_size, palette[0], box, bold=True))
    named, _ = month_entries(data.occurrences, data.year, data.month, data.tradition_order)
    items = [item for day in sorted(named) for item in named[day]]
    if not items:
        elements.append(line("In diesem Monat sind keine Feste verzeichnet.", box.x, baseline - frame.mm(7), pt(8, s),
                             style.GREY_DARK, box))  # fmt: skip
        return elements
    columns = 3 if frame.landscape else 2
    gap = frame.mm(5)
    col_w = (box.w - gap * (columns - 1)) / columns
    top = baseline - textdraw.descent(heading_size) - frame.mm(2.5)
    for size in sizes(8.5, style.MIN_ENTRY_SIZE):
        placed = _flow(data, items, box, top, columns, col_w, gap, size)
        if placed is not None:
            return elements + placed
    raise StripOverflow(
        f"the festivals of {MONTHS_DE[data.month - 1]} {data.year} ({len(items)} entries) do not fit the strip at "
        f"{style.MIN_ENTRY_SIZE} pt; shorten their explanations (de) in the data"
    )


def _strip_tokens(data: MonthInput, item: DayEntry) -> list[Token]:
    occurrence = item.occurrence
    festival = occurrence.festival
    tradition = data.traditions[festival.tradition]
    tokens = [Token(date_label(occurrence, data.year, data.month), True, style.BLACK),
              Token(tradition.symbol, False, tradition.colour)]  # fmt: skip
    tokens += words(festival.name_de, True, style.BLACK)
    originals = [text for _, text in festival.original_names if text != festival.name_de and textdraw.renderable(text)]
    if originals:
        tokens += words(f"({originals[0]})", False, style.GREY_DARK)
    suffix = marks(occurrence)
    if suffix:
        tokens.append(Token(suffix, False, style.BLACK))
    if occurrence.public_holiday:
        tokens += words("– gesetzlicher Feiertag.", False, style.RED)
    explanation = festival.explanation_de.strip()
    if explanation:
        tokens += words(f"– {explanation}" if not occurrence.public_holiday else explanation, False, style.BLACK)
    return tokens


def _flow(data: MonthInput, items: list[DayEntry], box: Box, top: float, columns: int, col_w: float, gap: float,
          size: float) -> list[Element] | None:  # fmt: skip
    leading = size * 1.2
    column = 0
    cursor = top
    placed: list[Element] = []
    indent = size * 0.8
    for item in items:
        tokens = _strip_tokens(data, item)
        x = box.x + column * (col_w + gap)
        lines = paragraph(tokens, x, cursor - textdraw.ascent(size), col_w, size, leading, box, indent=indent)
        if lines is None:
            return None
        if min(item.bounds.y for item in lines) < box.y - 0.01:
            column += 1
            if column >= columns:
                return None
            cursor = top
            x = box.x + column * (col_w + gap)
            lines = paragraph(tokens, x, cursor - textdraw.ascent(size), col_w, size, leading, box, indent=indent)
            if lines is None or min(item.bounds.y for item in lines) < box.y - 0.01:
                return None
        placed.extend(lines)
        cursor = min(item.baseline for item in lines) - textdraw.descent(size) - size * 0.45
    return placed


def partner_panel(frame: Frame, box: Box, partner: tuple[str, str, str], palette: tuple[CMYK, ...]) -> list[Element]:
    """The featured organisation: a tinted panel with heading, name and a short text that must fit."""
    s = frame.scale
    heading, name, text = partner
    elements: list[Element] = [Fill(box, style.PANEL_TINT, role="panel", radius=frame.mm(2))]
    pad = frame.mm(4)
    inner = box.inset(pad)
    baseline = inner.top - textdraw.ascent(pt(7.5, s))
    elements.append(line(heading.upper(), inner.x, baseline, pt(7.5, s), palette[0], box, bold=True))
    for size in sizes(8.5, 6.5):
        name_size = size * 1.45
        name_lines = paragraph(words(name, True, style.BLACK), inner.x, baseline - frame.mm(2) -
                               textdraw.ascent(name_size), inner.w, name_size, name_size * 1.15, box)  # fmt: skip
        if name_lines is None:
            continue
        text_top = min(item.baseline for item in name_lines) - textdraw.descent(name_size) - frame.mm(2)
        body = paragraph(words(text, False, style.BLACK), inner.x, text_top - textdraw.ascent(size), inner.w, size,
                         size * 1.3, box)  # fmt: skip
        if body is not None and min(item.bounds.y for item in body) >= inner.y:
            return elements + name_lines + body
    raise LayoutError(f"the text about {name!r} does not fit its box at 6.5 pt; shorten it")
