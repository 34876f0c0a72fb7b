"""A month page decided as data: artwork, month names, the week grid with fitted festival names, the strip
explaining the month's festivals and the box for the featured organisation."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from calendar_builder.calendars.monthnames import MONTHS_DE, cldr_month_names, other_calendar_months
from calendar_builder.core.model import CMYK, Greeting, Occurrence, Tradition
from calendar_builder.edition.media import Media
from calendar_builder.edition.variant_words import night_phrase_de, variant_phrase_de
from calendar_builder.layout import style
from calendar_builder.layout.artwork import mosaic
from calendar_builder.layout.fit import (
    LayoutError,
    Token,
    fit_size,
    line,
    line_count,
    measure,
    paragraph,
    sizes,
    words,
)
from calendar_builder.layout.frame import Frame
from calendar_builder.layout.geometry import Box, Cell, Element, Fill, Image, MoonIcon, Page, Rule, TextLine
from calendar_builder.layout.images import placed_image
from calendar_builder.layout.orgbox import featured_panel, partners_panel
from calendar_builder.layout.style import pt
from calendar_builder.organisations import EventOccurrence, Organisation
from calendar_builder.organisations.model import OrgEvent
from calendar_builder.text import metrics

WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
EVENING_MARK = "*"  # begins at sunset the evening before
UNCERTAIN_MARK = "±"  # may fall a day earlier or later


@dataclass(frozen=True)
class DayEntry:
    """A festival named in a day cell; `continued` when it began in an earlier month."""

    occurrence: Occurrence
    continued: bool = False


@dataclass(frozen=True)
class EventEntry:
    """An organisation's event named in a day cell; `continued` when it began in an earlier month."""

    occurrence: EventOccurrence
    short_name: str
    continued: bool = False

    @property
    def key(self) -> str:
        """Stable id of the event within the edition: organisation id / event id."""
        return f"{self.occurrence.organisation}/{self.occurrence.event.id}"


@dataclass(frozen=True)
class RunIn:
    """The further festivals of a crowded day set as one paragraph: names only (symbol, German name, marks), run in
    on shared lines and separated by " · ", at the secondary festival size. Their original names and explanations
    are in the strip below the grid."""

    festivals: tuple[DayEntry, ...]
    #: set beside the day number: its first line runs from `beside.x` to `beside.right` on the baseline `beside.y`
    #: (the number's), the others below across the cell (only when the run-in is the cell's first entry)
    beside: Box | None = None
    #: without the gloss in brackets at the end of a name ("Newroz (kurdisches Neujahr)" → "Newroz"): the strip
    #: below has it, with the explanation
    short: bool = False


Entry = DayEntry | EventEntry | RunIn


@dataclass(frozen=True)
class Span:
    """A multi-day festival or event, drawn as a bar through the cells of its days."""

    key: str
    start: date
    end: date
    colour: CMYK
    public_holiday: bool = False


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
    events: tuple[EventOccurrence, ...] = ()
    #: organisation id -> short name shown in the day cells
    short_names: tuple[tuple[str, str], ...] = ()
    #: the "Verein des Monats"; None: the partners' box is shown
    featured: Organisation | None = None
    partners: tuple[Organisation, ...] = ()
    #: sizes of the logos and artwork, read before layout
    media: Media = Media()
    #: the featured organisation's recurring series with occurrences in the year ("Regelmäßig" lines)
    series: tuple[OrgEvent, ...] = ()
    #: the days off school in Baden-Württemberg (a band along the top of their cells)
    school_days: frozenset[date] = frozenset()
    #: whether a crowded day may send festivals to the strip (only once no geometry holds them all)
    allow_spill: bool = True
    #: how far a crowded day may go to keep its festivals in the cell (see `festival_plans`): 0 each festival on
    #: lines of its own, 1 also the further ones run in, 2 also run in without their glosses
    crowding: int = 2


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


def event_entries(data: MonthInput) -> tuple[dict[int, list[EventEntry]], dict[int, list[Span]]]:
    """Organisation events per day (first day, or day 1 for spans that began earlier) and their bars."""
    first = date(data.year, data.month, 1)
    last = date(data.year, data.month, calendar.monthrange(data.year, data.month)[1])
    short = dict(data.short_names)
    named: dict[int, list[EventEntry]] = {}
    bars: dict[int, list[Span]] = {}
    for occurrence in data.events:
        if occurrence.end < first or occurrence.start > last or not in_cells(occurrence):
            continue
        entry = EventEntry(occurrence, short.get(occurrence.organisation, occurrence.organisation),
                           continued=occurrence.start < first)  # fmt: skip
        named.setdefault(max(first, occurrence.start).day, []).append(entry)
        if occurrence.end > occurrence.start:
            day = max(first, occurrence.start)
            while day <= min(last, occurrence.end):
                bars.setdefault(day.day, []).append(Span(entry.key, occurrence.start, occurrence.end, style.EVENT))
                day += timedelta(days=1)
    for items in named.values():
        items.sort(key=event_sort_key)
    return named, bars


def busiest_day(data: MonthInput) -> int:
    """How crowded the month's busiest day cell is: the characters of the names and titles it holds (each counted
    a dozen more for its line and marks), times the month's weeks (a six-week month has lower cells). An estimate
    for the order in which months are tried (see `pages._month_pages`), never for what fits."""
    named, _ = month_entries(data.occurrences, data.year, data.month, {})
    events, _ = event_entries(data)
    load: dict[int, int] = {}
    for day, items in named.items():
        load[day] = sum(len(item.occurrence.festival.name_de) + 12 for item in items)
    for day, entries in events.items():
        load[day] = load.get(day, 0) + sum(len(entry.occurrence.event.title_de) + 12 for entry in entries)
    return max(load.values(), default=0) * len(calendar.Calendar().monthdatescalendar(data.year, data.month))


def occurrence_key(item: EventEntry) -> str:
    """One occurrence of an event within the edition: 'organisation/event@first day'."""
    return f"{item.key}@{item.occurrence.start.isoformat()}"


def in_cells(occurrence: EventOccurrence) -> bool:
    """One-off events and the one series an organisation marked `print_in_cells` are named in day cells; every
    other series is printed once, as a "Regelmäßig" line of its organisation."""
    return not occurrence.event.recurring or occurrence.event.print_in_cells


def event_priority(item: EventEntry) -> tuple[bool, str, str, str]:
    """Which event keeps its place when not all fit (docs/design.md): one-off events before a marked series,
    then by first day, then through the day (all-day first), then by organisation/event id."""
    occurrence = item.occurrence
    time = occurrence.time.strftime("%H:%M") if occurrence.time else ""
    return (occurrence.event.recurring, occurrence.start.isoformat(), time, item.key)


def event_sort_key(item: EventEntry) -> tuple[str, str]:
    """Through the day by starting time; all-day events first."""
    time = item.occurrence.time
    return (time.strftime("%H:%M") if time else "", item.key)


def day_spans(bars: dict[int, list[Occurrence]], event_bars: dict[int, list[Span]],
              traditions: dict[str, Tradition]) -> dict[int, list[Span]]:  # fmt: skip
    """Festival bars (tradition colour) and event bars (the events' colour) per day, in a steady order."""
    found: dict[int, list[Span]] = {}
    for day, occurrences in bars.items():
        found.setdefault(day, []).extend(
            Span(o.id, o.start, o.end, traditions[o.festival.tradition].colour, o.public_holiday) for o in occurrences
        )
    for day, spans in event_bars.items():
        found.setdefault(day, []).extend(spans)
    for spans in found.values():
        spans.sort(key=lambda span: (span.colour == style.EVENT, span.start, span.key))
    return found


def event_text(item: EventEntry) -> list[Token]:
    """Time (bold), organisation short name (bold) and title, all in the events' colour."""
    occurrence = item.occurrence
    tokens: list[Token] = []
    if item.continued:
        tokens.append(Token("…", False, style.EVENT))
    elif occurrence.time is not None:
        tokens.append(Token(occurrence.time.strftime("%H:%M"), True, style.EVENT))
    tokens += words(item.short_name + ":", True, style.EVENT)
    tokens += words(occurrence.event.title_de, False, style.EVENT)
    return tokens


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
    return date_range_label(occurrence.start, occurrence.end, year, month)


#: Share of the page height given to the artwork, largest first: a crowded month gives up artwork before its
#: day cells shrink.
ART_SHARES = (0.29, 0.25, 0.215, 0.18)
ART_SHARES_LANDSCAPE = (0.25, 0.21, 0.18)
#: Share of the page height for the strip and the organisation box below the grid, smallest first.
STRIP_SHARES = (0.19, 0.22, 0.25, 0.28)
STRIP_SHARES_LANDSCAPE = (0.2, 0.24, 0.28, 0.32)


#: The edition's ways of holding crowded days, tried in order, each over every artwork height (largest first): the
#: first that holds every festival of the year in its cell wins, so a calendar sets its festivals as fully as its
#: busiest day allows. (crowding, allow_spill): festivals on lines of their own; further festivals run in; run in
#: without glosses; and, only for formats whose cells are too small even for that, the spill to the strip.
STAGES: tuple[tuple[int, bool], ...] = ((0, False), (1, False), (2, False), (2, True))


def art_shares(frame: Frame) -> tuple[float, ...]:
    return ART_SHARES_LANDSCAPE if frame.landscape else ART_SHARES


def layout_month(
    frame: Frame,
    data: MonthInput,
    number: int,
    arts: tuple[float, ...] | None = None,
    stages: tuple[tuple[int, bool], ...] = ((2, False), (2, True)),
) -> Page:
    """The first geometry in which every festival and event fits its cell, the strip and the box; `arts` limits
    the artwork heights tried (the edition gives every month the same one), `stages` the (crowding, allow_spill)
    tried in order (see `STAGES`)."""
    problem = ""
    arts = arts or art_shares(frame)
    strips = STRIP_SHARES_LANDSCAPE if frame.landscape else STRIP_SHARES
    for crowding, allow_spill in stages:
        attempt = replace(data, allow_spill=allow_spill, crowding=crowding)
        # with spills, the tallest cells first: as few festivals as possible leave their cell
        for art_share in sorted(arts) if allow_spill else arts:
            best: Page | None = None
            for strip_share in strips:
                try:
                    page = _layout_month(frame, attempt, number, art_share, strip_share)
                except CellOverflow as exc:
                    problem = exc.message
                    break  # a taller strip only makes the cells smaller
                except StripOverflow as exc:
                    problem = exc.message
                    continue
                # a taller strip is taken only while it brings events from "feeds only" onto the page
                if best is None or _feeds_only(page) < _feeds_only(best):
                    best = page
                if _feeds_only(best) == 0:
                    break
            if best is not None:
                return best
    raise LayoutError(problem)


def _feeds_only(page: Page) -> int:
    return sum(1 for _, place in page.placements if place == "feeds only")


def _layout_month(frame: Frame, data: MonthInput, number: int, art_share: float, strip_share: float) -> Page:
    palette = style.PALETTES[data.month - 1]
    elements: list[Element] = []
    w, h, s = frame.width, frame.height, frame.scale
    margin = max(frame.mm(12), frame.safe.x)
    art_h = h * art_share
    art_box = Box(-frame.bleed, h - art_h, w + 2 * frame.bleed, art_h + frame.bleed)
    if data.artwork is not None:
        elements.append(placed_image(Path(data.artwork.path), art_box, data.media))
    else:
        elements.append(mosaic(art_box, palette, data.year * 100 + data.month, 9 if frame.landscape else 8))

    # Title block: German month name large, year, CLDR names, other calendars.
    title_top = h - art_h - frame.mm(7)
    content = Box(margin, frame.safe.y, w - 2 * margin, title_top - frame.safe.y)
    name_size = pt(72, s)
    baseline = title_top - metrics.ascent(name_size)
    month_name = MONTHS_DE[data.month - 1]
    elements.append(line(month_name, margin, baseline, name_size, palette[0], content, bold=True))
    elements.append(line(str(data.year), w - margin, baseline, name_size, palette[1], content, align="right"))
    names = list(dict.fromkeys(name for _, name in cldr_month_names(data.month, data.languages)))
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
    events, event_bars = event_entries(data)
    spans = day_spans(bars, event_bars, data.traditions)
    bottom_h = h * strip_share
    grid_bottom = frame.safe.y + frame.mm(4) + bottom_h + KEY_HEIGHT_MM * frame.scale * MM_PT
    grid_box = Box(margin, grid_bottom, w - 2 * margin, grid_top - grid_bottom)
    grid_elements, cells = _grid(frame, data, grid_box, named, events, spans, palette)
    bottom = Box(margin, frame.safe.y + frame.mm(4), w - 2 * margin, bottom_h)
    strip_w = bottom.w * (0.66 if not frame.landscape else 0.72)
    strip_box = Box(bottom.x, bottom.y, strip_w, bottom.h)
    org_box = Box(bottom.x + strip_w + frame.mm(6), bottom.y, bottom.w - strip_w - frame.mm(6), bottom.h)
    strip, listed = _strip(frame, data, strip_box, palette, cells, events)
    placements = _placements(events, cells, set(listed))
    featured = data.featured
    panel: list[Element] | None
    if featured is not None:
        found = featured_panel(frame, org_box, featured, palette, data.media, data.series)
        panel = found[0] if found is not None else None
        printed = data.series[: found[1]] if found is not None else ()
        placements += tuple((f"{event.organisation}/{event.id}", "Regelmäßig") for event in printed)
    else:
        panel = partners_panel(frame, org_box, data.partners, palette)
    if panel is None:
        who = data.featured
        raise StripOverflow(
            f"{who.file}:{who.line} [description.de]: the box of organisation '{who.id}' on the {month_name} page "
            f"does not fit at {style.MIN_ENTRY_SIZE} pt; shorten its description"
            if who is not None
            else "the partners' box does not fit; shorten their entries"
        )
    key_box = Box(margin, bottom.top + frame.mm(1.5), w - 2 * margin, grid_bottom - bottom.top - frame.mm(2.5))
    elements += (
        grid_elements
        + month_key(data, key_box, named, events, spans, any(cell.hidden_events for cell in cells))
        + strip
        + panel
    )
    return Page(number, "month", w, h, frame.bleed, frame.safe, frame.binding, tuple(elements), tuple(cells),
                placements)  # fmt: skip


def _placements(events: dict[int, list[EventEntry]], cells: list[Cell],
                listed: set[str]) -> tuple[tuple[str, str], ...]:  # fmt: skip
    """Where each event occurrence of the month's cells went: 'cell', 'month list' or 'feeds only'."""
    shown = {(cell.day, key) for cell in cells for key in cell.shown_events}
    found = []
    for day in sorted(events):
        for item in events[day]:
            key = occurrence_key(item)
            place = "cell" if (day, item.key) in shown else "month list" if key in listed else "feeds only"
            found.append((key, place))
    return tuple(found)


#: Height of the key line between the grid and the strip (two rows at the note size), in mm at A3.
KEY_HEIGHT_MM = 11.0
MM_PT = 72 / 25.4


def month_key(data: MonthInput, box: Box, named: dict[int, list[DayEntry]], events: dict[int, list[EventEntry]],
              spans: dict[int, list[Span]], hidden: bool) -> list[Element]:  # fmt: skip
    """The key of this page: the marks, symbols and colours that appear in this month, at the note size.

    The back page keeps the full legend and the notes; this line lets a reader of one month read it alone.
    """
    size = style.NOTE_SIZE
    occurrences = [item.occurrence for items in named.values() for item in items]
    traditions = sorted({o.festival.tradition for o in occurrences}, key=lambda t: data.tradition_order.get(t, 99))
    pieces: list[tuple[str, str, CMYK | None]] = []  # (kind, text, swatch colour)
    if any(o.festival.evening_before for o in occurrences):
        pieces.append(("mark", f"{EVENING_MARK} beginnt am Vorabend", None))
    if any(o.uncertain_days for o in occurrences):
        pieces.append(("mark", f"{UNCERTAIN_MARK} kann je nach Gemeinde einen Tag abweichen", None))
    if any(o.public_holiday for o in occurrences):
        pieces.append(("tint", "Feiertag in Baden-Württemberg", style.HOLIDAY_TINT))
    month_days = [date(data.year, data.month, d) for d in range(1, calendar.monthrange(data.year, data.month)[1] + 1)]
    if any(day in data.school_days for day in month_days):
        pieces.append(("bar", SCHOOL_LABEL, style.SCHOOL_HOLIDAY))
    if events:
        pieces.append(("square", "Termin eines Vereins (Uhrzeit, Verein, Titel)", style.EVENT))
    if hidden:
        pieces.append(("mark", "+N weitere: in der Liste unten oder im Online-Kalender", None))
    if any(spans.values()):
        pieces.append(("bar", "Balken: mehrtägig", style.GREY_LIGHT))
    if data.moon:
        pieces.append(("moon", "Mondphasen", None))
    for tradition_id in traditions:
        tradition = data.traditions[tradition_id]
        pieces.append(("tradition", f"{tradition.symbol} {tradition.name_de}", tradition.colour))
    elements: list[Element] = []
    x, row = box.x, 0
    leading = size * 1.45
    label = line("Zeichen", box.x, box.top - metrics.ascent(size), size, style.BLACK, box, bold=True)
    elements.append(label)
    x = label.bounds.right + size * 0.9
    for kind, text, colour in pieces:
        lead = size * 1.3 if kind in ("tint", "square", "bar", "moon", "tradition") else 0.0
        text_w = measure(text, size)
        if x + lead + text_w > box.right and x > box.x:
            row += 1
            x = box.x
        baseline = box.top - metrics.ascent(size) - row * leading
        if baseline - metrics.descent(size) < box.y - 0.01:
            break  # the key never pushes the grid: what does not fit stays on the back page's full legend
        if kind in ("tint", "tradition", "bar") and colour is not None:
            height = size * 0.7 if kind != "bar" else size * 0.3
            elements.append(Fill(Box(x, baseline + (size * 0.2 if kind == "bar" else 0.0), size * 0.95, height),
                                 colour, role="swatch"))  # fmt: skip
        elif kind == "square" and colour is not None:
            elements.append(Fill(Box(x + size * 0.15, baseline, size * 0.6, size * 0.6), colour, role="swatch",
                                 radius=size * 0.12))  # fmt: skip
        elif kind == "moon":
            elements.append(MoonIcon(x + size * 0.45, baseline + size * 0.33, size * 0.4, "full"))
        elements.append(line(text, x + lead, baseline, size, style.BLACK, box))
        x += lead + text_w + size * 1.6
    return elements


class StripOverflow(LayoutError):
    """Something of the month does not fit this geometry (strip, box or a crowded cell); another may be tried."""


class CellOverflow(StripOverflow):
    """A day's festivals do not fit its cell: only taller cells (less artwork, a shorter strip) can help."""


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
          events: dict[int, list[EventEntry]], spans: dict[int, list[Span]],
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
        elements.append(line(str(iso_week), box.x + kw_w / 2, y + row_h - frame.mm(1.8) - metrics.ascent(pt(8, s)),
                             pt(8, s), style.GREY, kw_box, align="center"))  # fmt: skip
        for column, day in enumerate(week):
            cell_box = Box(box.x + kw_w + column * col_w, y, col_w, row_h)
            if day.month != data.month:
                continue
            items: list[Entry] = [*named.get(day.day, []), *events.get(day.day, [])]
            cell_elements, day_cell = _cell(frame, data, cell_box, day, items, spans.get(day.day, []))
            elements.extend(cell_elements)
            cells.append(day_cell)
        elements.append(Rule(box.x, y, box.right, y, style.GREY_LIGHT, 0.5 * s, "rule"))
    for column in range(1, 7):
        x = box.x + kw_w + column * col_w
        elements.append(Rule(x, box.y, x, grid_top, style.GREY_LIGHT, 0.5 * s, "rule"))
    x = box.x + kw_w
    elements.append(Rule(x, box.y, x, grid_top, style.GREY_LIGHT, 0.5 * s, "rule"))
    return elements, cells


def _cell(frame: Frame, data: MonthInput, box: Box, day: date, entries: list[Entry],
          spans: list[Span]) -> tuple[list[Element], Cell]:  # fmt: skip
    s = frame.scale
    pad = frame.mm(1.6)
    holiday = any(isinstance(e, DayEntry) and e.occurrence.public_holiday for e in entries) or any(
        span.public_holiday for span in spans
    )
    sunday = day.weekday() == 6
    elements: list[Element] = []
    if holiday or sunday:
        tint = style.HOLIDAY_TINT if holiday else style.SUNDAY_TINT
        elements.append(Fill(box, tint, role="cell"))
    if day in data.school_days:
        band = frame.mm(SCHOOL_BAND_MM)
        elements.append(Fill(Box(box.x, box.top - band, box.w, band), style.SCHOOL_HOLIDAY, role="cell"))
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
    for index, span in enumerate(spans[:MAX_BARS]):
        bar_y = box.y + pad / 2 + index * (bar_h + bar_gap)
        left_open = span.start < day and day != first
        right_open = span.end > day and day.weekday() != 6
        x0 = box.x if left_open else box.x + pad
        x1 = box.right if right_open else box.right - pad
        elements.append(Fill(Box(x0, bar_y, x1 - x0, bar_h), span.colour, role="cell"))
    bars_height = min(len(spans), MAX_BARS) * (bar_h + bar_gap)
    area_y = box.y + pad / 2 + bars_height + frame.mm(0.6)
    area = Box(box.x + pad, area_y, box.w - 2 * pad,
               number_baseline - metrics.descent(number_size) - frame.mm(1.0) - area_y)  # fmt: skip
    number_w = measure(str(day.day), number_size, True)
    beside_right = box.right - pad - (2 * frame.mm(2.1) + frame.mm(1.0) if phase else 0.0)
    beside = Box(box.x + pad + number_w + frame.mm(1.5), number_baseline, 0.0, 0.0)
    beside = replace(beside, w=max(0.0, beside_right - beside.x))
    lines, shown, hidden, size = fit_cell(data, entries, area, box, beside)
    elements.extend(lines)
    return elements, Cell(
        day.day, box,
        tuple(e.occurrence.id for e in shown if isinstance(e, DayEntry)),
        tuple(e.occurrence.id for e in hidden if isinstance(e, DayEntry)),
        size,
        tuple(e.key for e in shown if isinstance(e, EventEntry)),
        tuple(e.key for e in hidden if isinstance(e, EventEntry)),
    )  # fmt: skip


#: height of the school holiday band along the top of a cell, in mm at A3
SCHOOL_BAND_MM = 1.6
#: the key's and legend's words for it
SCHOOL_LABEL = "Schulferien Baden-Württemberg"

#: at most this many span bars at the foot of a cell (every span is also named in its first cell and the strip)
MAX_BARS = 3


def _entry_lines(data: MonthInput, item: Entry, area: Box, top: float, size: float,
                 cell: Box) -> list[Element] | None:  # fmt: skip
    """One festival (tradition symbol, name, marks) or event (square marker, time, organisation, title) in a
    cell, wrapped to at most MAX_NAME_LINES lines."""
    baseline = top - metrics.ascent(size)
    if isinstance(item, EventEntry):
        marker = size * 0.55
        indent = marker + size * 0.45
        lines = paragraph(event_text(item), area.x + indent, baseline, area.w - indent, size, size * 1.12, cell,
                          max_lines=style.MAX_NAME_LINES)  # fmt: skip
        if lines is None or line_count(lines) > style.MAX_NAME_LINES:
            return None
        square = Fill(Box(area.x + size * 0.05, baseline + size * 0.02, marker, marker), style.EVENT, role="cell",
                      radius=marker * 0.2)  # fmt: skip
        return [square, *lines]
    if isinstance(item, RunIn):
        tokens = run_in_tokens(data, item)
        leading = size * 1.12
        first: list[TextLine] = []
        if item.beside is not None and top >= area.top - 0.01:
            # as many words as fit beside the day number; the rest from the next line across the cell
            beside = item.beside
            count = len(tokens)
            while count and paragraph(tokens[:count], beside.x, beside.y, beside.w, size, leading, cell,
                                      max_lines=1) is None:  # fmt: skip
                count -= 1
            first = paragraph(tokens[:count], beside.x, beside.y, beside.w, size, leading, cell) or [] if count else []
            tokens = tokens[count:]
            baseline = beside.y - leading if first else baseline
        if not tokens:
            return list(first)
        lines = paragraph(tokens, area.x, baseline, area.w, size, leading, cell)
        return [*first, *lines] if lines is not None else None
    occurrence = item.occurrence
    tradition = data.traditions[occurrence.festival.tradition]
    symbol_size = size * 1.15
    symbol_w = measure(tradition.symbol, symbol_size) + size * 0.3
    colour = style.RED if occurrence.public_holiday else style.BLACK
    tokens = words(cell_text(item), occurrence.public_holiday, colour)
    suffix = marks(occurrence)
    if suffix:
        tokens.append(Token("\u2009" + suffix, False, colour, glue=True))
    lines = paragraph(tokens, area.x + symbol_w, baseline, area.w - symbol_w, size, size * 1.12, cell,
                      max_lines=style.MAX_NAME_LINES)  # fmt: skip
    if lines is None or line_count(lines) > style.MAX_NAME_LINES:
        return None
    symbol = line(tradition.symbol, area.x, baseline, symbol_size, tradition.colour, cell)
    return [symbol, *lines]


#: between two run-in festival names; bound to the name before it, so that no line starts with it
RUN_IN_SEPARATOR = "\u00a0·"


def short_name(name: str) -> str:
    """The name without a gloss in brackets at its end: "Newroz (kurdisches Neujahr)" → "Newroz"."""
    return re.sub(r"\s*\([^()]*\)$", "", name) or name


def run_in_tokens(data: MonthInput, item: RunIn) -> list[Token]:
    """Each festival as its tradition symbol bound to the first word of its name, the name, its marks bound to the
    last word and " · " before the next: a line may break between words of a name, never between a symbol, a mark
    or a separator and its word."""
    tokens: list[Token] = []
    for index, entry in enumerate(item.festivals):
        occurrence = entry.occurrence
        colour = style.RED if occurrence.public_holiday else style.BLACK
        name = (short_name(cell_text(entry)) if item.short else cell_text(entry)).split()
        name[0] = f"{data.traditions[occurrence.festival.tradition].symbol}\u00a0{name[0]}"
        suffix = marks(occurrence)
        if suffix:
            name[-1] += "\u2009" + suffix
        if index < len(item.festivals) - 1:
            name[-1] += RUN_IN_SEPARATOR
        tokens += [Token(word, occurrence.public_holiday, colour) for word in name]
    return tokens


def _located(item: DayEntry | EventEntry) -> str:
    if isinstance(item, EventEntry):
        event = item.occurrence.event
        return (f"{event.file}:{event.line} [title]: the title {event.title_de!r} of event '{item.key}' (with "
                f"time and organisation)")  # fmt: skip
    festival = item.occurrence.festival
    return f"{festival.file}:{festival.line} [names.de]: the name {festival.name_de!r} of festival '{festival.id}'"


def festival_plans(festivals: list[DayEntry], beside: Box | None = None,
                   crowding: int = 2) -> list[list[tuple[Entry, float]]]:  # fmt: skip
    """The ways a day's festivals are set, tried in order (docs/design.md, "What goes where"):

    1. each festival on lines of its own at the festival size;
    2. the first two so, the third and later each on lines of their own at the secondary size; 2a. all so;
    3. the first two so, the third and later run in, names only, on shared lines at the secondary size;
    4. the first one so, the others run in; 5. all run in, from beside the day number (`beside`);
    6.–8. as 3.–5., the run-in names without their gloss in brackets (the strip keeps it).
    `crowding` (0, 1, 2) stops after 2., 5. or 8. Never smaller than the secondary size."""
    big, small = style.FESTIVAL_SIZE, style.FESTIVAL_SECONDARY_SIZE
    count = len(festivals)
    plans: list[list[tuple[Entry, float]]] = [
        [(item, big) for item in festivals],
        [(item, big if index < 2 else small) for index, item in enumerate(festivals)],
        [(item, small) for item in festivals],
    ]
    for short in (False, True)[:crowding]:
        for lead in (2, 1, 0):
            if count > lead:
                place = beside if lead == 0 and beside and beside.w > 0 else None
                run_in = RunIn(tuple(festivals[lead:]), place, short)
                plans.append([*((item, big) for item in festivals[:lead]), (run_in, small)])
    if count <= 2:
        plans = plans[:1] + plans[2:]
    return plans


def fit_cell(data: MonthInput, entries: list[Entry], area: Box, cell: Box,
             beside: Box | None = None) -> tuple[list[Element], list[Entry], list[Entry], float]:  # fmt: skip
    """Every festival of the day at a fixed size of the type scale, then as many events (at the event size, by
    `event_priority`) as fit below them; the events left out are counted as "+N weitere" and go to the month
    list (or, beyond it, to the feeds only).

    A festival name too long for MAX_NAME_LINES lines is an error in the data; festivals that do not fit the
    cell together are a StripOverflow (the month tries a geometry with taller cells).
    """
    festivals = [e for e in entries if isinstance(e, DayEntry)]
    ranked = sorted((e for e in entries if isinstance(e, EventEntry)), key=event_priority)
    if not entries:
        return [], [], [], style.FESTIVAL_SIZE
    for item in festivals:
        if _entry_lines(data, item, area, area.top, style.FESTIVAL_SECONDARY_SIZE, cell) is None:
            raise LayoutError(
                f"{_located(item)} does not fit a day cell ({area.w / 2.8346:.0f} mm wide) in "
                f"{style.MAX_NAME_LINES} lines even at {style.FESTIVAL_SECONDARY_SIZE} pt; shorten it"
            )
    sized: list[tuple[Entry, float]] | None = None
    for plan in festival_plans(festivals, beside, data.crowding):
        if _place(data, plan, area, cell) is not None:
            sized = plan
            break
    if sized is None:
        if not data.allow_spill:
            raise CellOverflow(f"the festivals of {cell_day(data, cell)} do not fit its cell")
        kept, spilled, reference = _spill(data, festivals, area, cell)
        # a day this crowded gives its cell to the festivals: its events are counted in the month list
        return reference, list(kept), [*spilled, *ranked], style.FESTIVAL_SECONDARY_SIZE
    shown: list[EventEntry] = []
    placed = _place(data, sized, area, cell) or []
    more_h = style.EVENT_SIZE * 1.3
    for count in range(1, len(ranked) + 1):
        candidate = sorted(ranked[:count], key=event_sort_key)
        left = len(ranked) - count
        room = Box(area.x, area.y + (more_h if left else 0.0), area.w, area.h - (more_h if left else 0.0))
        attempt = _place(data, sized + [(e, style.EVENT_SIZE) for e in candidate], room, cell)
        if attempt is None:
            break
        shown, placed = candidate, attempt
    if len(shown) < len(ranked) and not shown:
        # no event fits: keep the festivals where they are, but leave room for the count below them
        room = Box(area.x, area.y + more_h, area.w, area.h - more_h)
        if _place(data, sized, room, cell) is None:
            more_h = 0.0
    hidden: list[Entry] = [e for e in ranked if e not in shown]
    elements: list[Element] = list(placed)
    if hidden and more_h:
        bottom = min((item.bounds.y for item in placed), default=area.top)
        baseline = min(bottom - style.EVENT_SIZE * 0.25, area.top) - metrics.ascent(style.EVENT_SIZE)
        more = line(f"+{len(hidden)} weitere", area.x, baseline, style.EVENT_SIZE, style.BLACK, cell, bold=True)
        if more.bounds.y >= area.y - 0.01:
            elements.append(more)
    size = sized[-1][1] if sized else style.EVENT_SIZE
    return elements, [*festivals, *shown], hidden, size


#: the arrow that ties a festival that spilled out of its crowded cell to its entry in the strip
SPILL_MARK = "→"


def _spill(data: MonthInput, festivals: list[DayEntry], area: Box,
           cell: Box) -> tuple[list[DayEntry], list[DayEntry], list[Element]]:  # fmt: skip
    """A day with more festivals than its cell holds at the secondary size: the first ones (public holidays, then
    the legend's order) stay, and a reference line "→ N weitere Feste unten" sends the reader to the strip, where
    each spilled festival is set with the same arrow. Returns (kept, spilled, the reference line)."""
    size = style.FESTIVAL_SECONDARY_SIZE
    for keep in range(len(festivals) - 1, -1, -1):
        placed = _place(data, [(f, size) for f in festivals[:keep]], area, cell)
        if placed is None:
            continue
        bottom = min((e.bounds.y for e in placed), default=area.top)
        baseline = min(bottom - size * 0.25, area.top) - metrics.ascent(size)
        count = len(festivals) - keep
        texts = (f"{SPILL_MARK} {count} weitere{'s Fest' if count == 1 else ' Feste'} unten",
                 f"{SPILL_MARK} {count} weitere unten", f"{SPILL_MARK} +{count} unten")  # fmt: skip
        fitting = [text for text in texts if measure(text, size, True) <= area.w] or [texts[-1]]
        reference = line(fitting[0], area.x, baseline, size, style.BLACK, cell, bold=True)
        if reference.bounds.y >= area.y - 0.01:
            return festivals[:keep], festivals[keep:], [*placed, reference]
    raise StripOverflow(f"the day cell of {cell_day(data, cell)} is too small for even one line at {size} pt")


def cell_day(data: MonthInput, cell: Box) -> str:
    return f"a day in {MONTHS_DE[data.month - 1]} {data.year} ({cell.w / 2.8346:.0f} × {cell.h / 2.8346:.0f} mm)"


def _place(data: MonthInput, entries: list[tuple[Entry, float]], area: Box, cell: Box) -> list[Element] | None:
    """The entries one below the other from the top of `area`, each at its size; None if they do not all fit."""
    top = area.top
    placed: list[Element] = []
    for item, size in entries:
        lines = _entry_lines(data, item, area, top, size, cell)
        if lines is None:
            return None
        if min(item.bounds.y for item in lines) < area.y - 0.01:
            return None
        placed.extend(lines)
        top = min(item.baseline for item in lines if isinstance(item, TextLine)) - metrics.descent(size) - size * 0.28
    return placed


def _strip(frame: Frame, data: MonthInput, box: Box, palette: tuple[CMYK, ...], cells: list[Cell],
           events: dict[int, list[EventEntry]]) -> tuple[list[Element], list[str]]:  # fmt: skip
    """Every festival of the month with date, original name and explanation, then "Weitere Termine im <Monat>":
    the events a day cell counted as "+N", by `event_priority`, as many as the strip holds (the rest are in the
    feeds only). All at the strip size. Returns the elements and the "organisation/event@date" keys listed."""
    elements: list[Element] = []
    heading_size = pt(12, frame.scale)
    month_name = MONTHS_DE[data.month - 1]
    heading = f"Feste und Gedenktage im {month_name}"
    baseline = box.top - metrics.ascent(heading_size)
    elements.append(line(heading, box.x, baseline, heading_size, palette[0], box, bold=True))
    named, _ = month_entries(data.occurrences, data.year, data.month, data.tradition_order)
    festivals = [item for day in sorted(named) for item in named[day]]
    hidden_keys = {(cell.day, key) for cell in cells for key in cell.hidden_events}
    hidden = [(day, item) for day in sorted(events) for item in events[day] if (day, item.key) in hidden_keys]
    hidden.sort(key=lambda pair: event_priority(pair[1]))
    spilled = {(cell.day, key) for cell in cells for key in cell.hidden}
    columns = 3 if frame.landscape else 2
    gap = frame.mm(5)
    col_w = (box.w - gap * (columns - 1)) / columns
    top = baseline - metrics.descent(heading_size) - frame.mm(2.5)
    size = style.STRIP_SIZE
    # A crowded month keeps its type size and gives up words instead: first all but the first sentence of each
    # explanation, then the explanations, last the greetings (the feeds and the proof keep the full texts).
    for brevity in STRIP_BREVITY:
        paragraphs = [_strip_tokens(data, item, (item_day(item, data), item.occurrence.id) in spilled, brevity)
                      for item in festivals]  # fmt: skip
        if not festivals:
            paragraphs.append(words("In diesem Monat sind keine Feste verzeichnet.", False, style.BLACK))
        placed = _flow(paragraphs, box, top, columns, col_w, gap, size)
        if placed is not None:
            break
    if placed is None:
        raise StripOverflow(
            f"the {len(festivals)} festivals of {month_name} {data.year} do not fit the strip at {size} pt; "
            "shorten the festivals' explanations (de) in the data"
        )
    if not hidden:
        return elements + placed, []

    def listed(count: int) -> list[Element] | None:
        chosen = sorted(hidden[:count], key=lambda pair: (pair[0], event_sort_key(pair[1])))
        extra = [words(f"Weitere Termine im {month_name}", True, style.BLACK)]
        extra += [_strip_event_tokens(data, day, item) for day, item in chosen]
        if count < len(hidden):
            extra.append(words(f"… und {len(hidden) - count} weitere im Online-Kalender", False, style.BLACK))
        return _flow(paragraphs + extra, box, top, columns, col_w, gap, size, frozenset({len(paragraphs)}))

    low, best = 0, listed(0)
    high = len(hidden)
    full = listed(high)
    if full is not None:
        low, best = high, full
    else:
        while high - low > 1:  # the largest count that fits: more events never need less room
            middle = (low + high) // 2
            attempt = listed(middle)
            if attempt is None:
                high = middle
            else:
                low, best = middle, attempt
    if best is None:
        best = placed
        low = 0
    keys = [occurrence_key(item) for _, item in hidden[:low]]
    return elements + best, keys


def item_day(item: DayEntry, data: MonthInput) -> int:
    """The day whose cell names the festival: its first day, or the 1st for a span from an earlier month."""
    return 1 if item.continued else item.occurrence.start.day


#: how much of each festival's text the strip tries, fullest first; the greeting goes last, as it is the part a
#: neighbour uses (the feeds and the proof keep every full text)
STRIP_BREVITY = ("full", "first sentence", "greeting only", "names only")


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence: a stop after a word of four or more letters or a year, so that
    "z. B." or "Jh." do not end it."""
    match = re.search(r"(?:\w{4,}|\d{4})[.!?](?=\s|$)", text)
    return text[: match.end()] if match else text


def _strip_tokens(data: MonthInput, item: DayEntry, spilled: bool = False, brevity: str = "full") -> list[Token]:
    occurrence = item.occurrence
    festival = occurrence.festival
    tradition = data.traditions[festival.tradition]
    tokens = [Token(SPILL_MARK, True, style.BLACK)] if spilled else []
    tokens += [Token(date_label(occurrence, data.year, data.month), True, style.BLACK),
              Token(tradition.symbol, False, tradition.colour)]  # fmt: skip
    tokens += words(festival.name_de, True, style.BLACK)
    # a name is never repeated by its own explanation: an original name already part of the German name is left out
    originals = [text for _, text in festival.original_names
                 if text not in festival.name_de and text not in festival.explanation_de]  # fmt: skip
    suffix = marks(occurrence)
    if suffix:  # bound to the German name, before a right-to-left original that bidi would reorder around it
        tokens.append(Token("\u2009" + suffix, True, style.BLACK, glue=True))
    if originals:
        original = f"({originals[0]})"
        if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in original):
            # a right-to-left name stays on one line: split, each part would be ordered on its own
            tokens.append(Token(original, False, style.BLACK))
        else:
            tokens += words(original, False, style.BLACK)
    if occurrence.provisional:
        tokens += words("(vorläufig)", False, style.BLACK)
    night = night_phrase_de(occurrence)
    if night:
        tokens += words(f"({night})", False, style.BLACK)
    for variant in occurrence.variants:
        tokens += words(f"({variant_phrase_de(variant)})", False, style.BLACK)
    if festival.greetings and brevity != "names only":
        tokens += _greeting_tokens(festival.greetings[0])
    if occurrence.public_holiday:
        tokens += words("– gesetzlicher Feiertag.", False, style.RED)
    explanation = festival.explanation_de.strip()
    if brevity == "first sentence":
        explanation = first_sentence(explanation)
    elif brevity in ("greeting only", "names only"):
        explanation = ""
    if explanation:
        tokens += words(f"– {explanation}" if not occurrence.public_holiday else explanation, False, style.BLACK)
    return tokens


def _greeting_tokens(greeting: Greeting) -> list[Token]:
    """The festival's first greeting, e.g. „عيد مبارك“ (Eid Mubarak); right-to-left text stays one token."""
    text = f"„{greeting.text}“"
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        tokens = [Token(text, False, style.BLACK)]
    else:
        tokens = words(text, False, style.BLACK)
    if greeting.transliteration:
        tokens += words(f"({greeting.transliteration})", False, style.BLACK)
    return tokens


def _strip_event_tokens(data: MonthInput, day: int, item: EventEntry) -> list[Token]:
    weekday = WEEKDAYS_SHORT[date(data.year, data.month, day).weekday()]
    occurrence = item.occurrence
    label = f"{weekday} {day}.{data.month}."
    if occurrence.end > occurrence.start:
        label = date_range_label(occurrence.start, occurrence.end, data.year, data.month)
    tokens = [Token(label, True, style.BLACK), Token(EVENT_MARK, False, style.BLACK)]
    return tokens + event_text(EventEntry(occurrence, item.short_name))


#: the events' marker where it is set as text (the strip, the legend); day cells draw the same square
EVENT_MARK = "■"


def date_range_label(start: date, end: date, year: int, month: int) -> str:
    """'3.4.', '3.–5.4.', '30.4.–2.5.', or 'bis 2.5.' for a span that began in an earlier month."""
    if start.month != month or start.year != year:
        return f"bis {end.day}.{end.month}."
    if end == start:
        return f"{start.day}.{start.month}."
    if end.month == start.month:
        return f"{start.day}.–{end.day}.{end.month}."
    return f"{start.day}.{start.month}.–{end.day}.{end.month}."


def _flow(paragraphs: list[list[Token]], box: Box, top: float, columns: int, col_w: float, gap: float,
          size: float, keep: frozenset[int] = frozenset()) -> list[Element] | None:  # fmt: skip
    """The paragraphs in columns; a paragraph whose index is in `keep` (a heading) goes to the next column
    rather than end a column without the paragraph that follows it."""
    leading = size * 1.2
    column = 0
    cursor = top
    placed: list[Element] = []
    indent = size * 0.8
    for number, tokens in enumerate(paragraphs):
        x = box.x + column * (col_w + gap)
        lines = paragraph(tokens, x, cursor - metrics.ascent(size), col_w, size, leading, box, indent=indent)
        if lines is None:
            return None
        if number in keep and number + 1 < len(paragraphs) and min(item.bounds.y for item in lines) >= box.y - 0.01:
            below = min(item.baseline for item in lines) - metrics.descent(size) - size * 0.45
            following = paragraph(paragraphs[number + 1], x, below - metrics.ascent(size), col_w, size, leading, box,
                                  indent=indent)  # fmt: skip
            if following is not None and min(item.bounds.y for item in following) < box.y - 0.01:
                lines = [replace(item, baseline=box.y - 1000) for item in lines]  # forces the move below
        if min(item.bounds.y for item in lines) < box.y - 0.01:
            column += 1
            if column >= columns:
                return None
            cursor = top
            x = box.x + column * (col_w + gap)
            lines = paragraph(tokens, x, cursor - metrics.ascent(size), col_w, size, leading, box, indent=indent)
            if lines is None or min(item.bounds.y for item in lines) < box.y - 0.01:
                return None
        placed.extend(lines)
        cursor = min(item.baseline for item in lines) - metrics.descent(size) - size * 0.45
    return placed
