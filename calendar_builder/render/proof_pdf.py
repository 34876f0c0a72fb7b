"""The proof PDF for the council: a first page with the task and the open decisions, the changes since the last
round, the review list (one row per festival, event series and one-off event), the calendar pages, and at the end
an appendix for the editorial team with files, lines and the data version.

The calendar pages are drawn by the print renderer exactly as for the press but in screen colours (each CMYK
colour and image through the output profile to sRGB as it is drawn), once for both versions, and placed as forms
under a proof sheet drawn here (guides, marks, comment field). The screen version shows each page whole; the
office-printer version cuts each page into bands along its week rows, each on one A4 page at a scale that keeps
every text at 6 pt or more. The print renderer never sees the proof marks. Both versions are drawn together, the
pages they share once, on two canvases that can be drawn side by side (the first pages and the review list; the
calendar sheets and the appendix), and each version is cut from the two.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache, partial

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.calendars.monthnames import MONTHS_DE
from calendar_builder.edition.settings import MM, EditionSettings
from calendar_builder.layout.geometry import Box, Page, TextLine
from calendar_builder.proof.changes import DATES, FESTIVALS, NAMES, ORGANISATIONS, Changes
from calendar_builder.proof.decisions import HEADINGS, NOTES, by_topic, month_pages
from calendar_builder.proof.rounds import ProofInfo, ProofRound
from calendar_builder.proof.things import FESTIVAL, SERIES, ReviewThing, dates_in_words
from calendar_builder.render import textdraw
from calendar_builder.render.pdffonts import register_every_face
from calendar_builder.render.print_pdf import PRODUCER, draw_pages
from calendar_builder.render.screen_colour import ScreenInks
from calendar_builder.text import metrics

PROOF_MARK = "KORREKTURABZUG – NICHT ZUM DRUCK"
APPENDIX = "Für das Redaktionsteam"
SHEET_MARGIN = 16 * MM  # around the bleed of a calendar page: guide labels and the proof mark
SHEET_FOOTER = 40 * MM  # below the margin: information line and the comment field
A4_LANDSCAPE = (297 * MM, 210 * MM)
A4_PORTRAIT = (210 * MM, 297 * MM)
LIST_MARGIN = 12 * MM
#: the office-printer version: no text below this size, and margins an office printer can print into
MIN_PRINTED_PT = 6.0
A4_MARGIN = 7 * MM
A4_HEAD = 9 * MM

RED = (0.80, 0.07, 0.10)
DARK = (0.12, 0.12, 0.12)
GREY = (0.40, 0.40, 0.40)
LIGHT = (0.94, 0.94, 0.94)
GROUP_FILL = (0.86, 0.89, 0.93)
TRIM_COLOUR = (0.85, 0.0, 0.55)
BLEED_COLOUR = (0.0, 0.55, 0.85)
SAFE_COLOUR = (0.0, 0.62, 0.30)
BINDING_COLOUR = (0.95, 0.45, 0.0)
CHANGED_COLOUR = (0.45, 0.0, 0.9)  # violet: unlike every guide

PAGE_NAMES = ("Titel", *MONTHS_DE, "Rückseite")
WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
CHANGE_SECTIONS = (
    (FESTIVALS, "Neue und entfallene Feste"),
    (DATES, "Geänderte Daten"),
    (NAMES, "Geänderte Namen"),
    (ORGANISATIONS, "Vereine und ihre Termine"),
)


@dataclass
class _Section:
    """Bookkeeping while drawing, in pages of the canvas: page labels and bookmarks are added to each finished
    version, each on its own pages."""

    labels: list[tuple[int, str, bool]] = field(default_factory=list)  # (first page, prefix, numbered)
    outline: list[tuple[str, int, int]] = field(default_factory=list)  # (title, page index, level)
    #: (proof page, print page, form-space clip box, placement on the proof page)
    sheets: list[tuple[int, int, Box, Box]] = field(default_factory=list)
    #: (section name, its first page, 1-based), for the first page's table of contents
    starts: list[tuple[str, int]] = field(default_factory=list)
    pages: int = 0


#: the two versions: the screen version (False) and the office-printer version on A4 (True)
VERSIONS = (False, True)


def render_proof_pdf(pages: tuple[Page, ...], settings: EditionSettings, proof: ProofRound, a4: bool = False) -> bytes:
    """The proof as bytes; `a4` gives the office-printer version (calendar pages in bands on A4)."""
    return assemble_proof(draw_sheets(pages, proof), draw_screen_pages(pages, settings, proof.info.title), a4)


def load_fonts() -> None:
    """Read every shipped font for drawing: called before the calendar pages' worker is forked, so that the worker
    and this process, which both draw text, share the fonts rather than each reading them."""
    register_every_face()


def draw_screen_pages(pages: tuple[Page, ...], settings: EditionSettings, title: str) -> bytes:
    """The calendar pages as the print renderer draws them for the press, but in screen colours and without crop
    marks: one PDF whose pages both versions of the proof place under their sheets."""
    return draw_pages(pages, replace(settings, crop_marks=False), title, ScreenInks(settings.icc_profile))


@dataclass(frozen=True)
class SheetPart:
    """One half of the sheets as drawn (see `draw_own_pages`, `draw_calendar_sheets`): its PDF, its bookkeeping
    in its own pages, and the pages of each piece of it."""

    data: bytes
    section: _Section
    pieces: dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class Sheets:
    """Both versions of the proof as drawn here, without the calendar pages' content, in two PDFs drawn side by
    side (the pages of `rest` follow those of `data`): the pages the versions share (changes, review list,
    appendix) are drawn once. `order` holds each version's pages of the two together."""

    data: bytes
    rest: bytes
    section: _Section
    order: dict[bool, tuple[int, ...]]
    titles: dict[bool, str]


def draw_sheets(pages: tuple[Page, ...], proof: ProofRound) -> Sheets:
    """Everything of both versions but the calendar pages' content: first pages, changes, review list, the sheets
    (or A4 bands) around each calendar page, the appendix (both halves drawn here, one after the other)."""
    return join_sheets(proof, draw_own_pages(pages, proof), draw_calendar_sheets(pages, proof))


def draw_own_pages(pages: tuple[Page, ...], proof: ProofRound) -> SheetPart:
    """The first half of the sheets: each version's first pages, then the change pages and the review list."""
    # Twice: the first pass flows every page of both halves without drawing text and finds where each section
    # starts, for the table of contents on the first page.
    first, order = _plan(pages, proof)
    starts = {a4: _starts(first, order[a4]) for a4 in VERSIONS}
    return _draw(pages, proof, starts, OWN_PAGES)


def draw_calendar_sheets(pages: tuple[Page, ...], proof: ProofRound) -> SheetPart:
    """The second half of the sheets, which needs nothing of the first: the sheets (or A4 bands) around each
    calendar page in each version, then the appendix; its pages are numbered from 0."""
    return _draw(pages, proof, {}, CALENDAR_SHEETS)


def join_sheets(proof: ProofRound, own: SheetPart, calendar: SheetPart) -> Sheets:
    """The two halves as one set of sheets: the calendar half's pages after the first half's."""
    shift = own.section.pages
    pieces = {**own.pieces, **{name: tuple(p + shift for p in span) for name, span in calendar.pieces.items()}}
    titles = {a4: f"{proof.info.title} – Korrekturabzug {proof.info.number} ({_version_name(a4)})" for a4 in VERSIONS}
    return Sheets(own.data, calendar.data, _joined(own.section, calendar.section), _order(pieces), titles)


def _joined(first: _Section, second: _Section) -> _Section:
    """The bookkeeping of two canvases as of one, the second's pages after the first's."""
    by = first.pages
    return _Section(
        labels=first.labels + [(p + by, prefix, numbered) for p, prefix, numbered in second.labels],
        outline=first.outline + [(title, p + by, level) for title, p, level in second.outline],
        sheets=first.sheets + [(p + by, printed, clip, box) for p, printed, clip, box in second.sheets],
        starts=first.starts + [(name, p + by) for name, p in second.starts],
        pages=first.pages + second.pages,
    )


def _version_name(a4: bool) -> str:
    return "Druckfassung A4" if a4 else "Bildschirmfassung"


def _starts(section: _Section, order: tuple[int, ...]) -> dict[str, int]:
    """Where each section starts in one version (1-based), from where it starts in the canvas."""
    position = {page: number for number, page in enumerate(order, start=1)}
    starts: dict[str, int] = {}
    for name, page in section.starts:
        if page - 1 in position:
            starts.setdefault(name, position[page - 1])
    return starts


def assemble_proof(sheets: Sheets, screen_pages: bytes, a4: bool) -> bytes:
    """One finished version: its pages of the sheets, each calendar page of `screen_pages` placed under its sheet
    or bands, the page labels, bookmarks and form fields of its own pages, saved with a fixed document ID."""
    printed = pikepdf.open(io.BytesIO(screen_pages))
    document = pikepdf.open(io.BytesIO(sheets.data))
    _append_pages(document, pikepdf.open(io.BytesIO(sheets.rest)))
    order = sheets.order[a4]
    kept = set(order)
    for index in reversed(range(len(document.pages))):
        if index not in kept:
            del document.pages[index]
    _own_fields(document)
    document.docinfo["/Title"] = pikepdf.String(sheets.titles[a4])
    section = _version_section(sheets.section, order)
    forms: dict[int, pikepdf.Object] = {}
    for proof_index, print_index, clip, box in section.sheets:
        if print_index not in forms:
            forms[print_index] = document.copy_foreign(printed.pages[print_index].as_form_xobject())
        _underlay(document, document.pages[proof_index], forms[print_index], clip, box)
    _labels_and_outline(document, section)
    out = io.BytesIO()
    document.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _version_section(section: _Section, order: tuple[int, ...]) -> _Section:
    """The bookkeeping of one version's pages, numbered as that version's pages."""
    position = {page: number for number, page in enumerate(order)}
    return _Section(
        labels=[(position[p], prefix, numbered) for p, prefix, numbered in section.labels if p in position],
        outline=[(title, position[p], level) for title, p, level in section.outline if p in position],
        sheets=[(position[p], printed, clip, box) for p, printed, clip, box in section.sheets if p in position],
        pages=len(order),
    )


def _append_pages(document: pikepdf.Pdf, other: pikepdf.Pdf) -> None:
    """Add the other half's pages after the document's, with their form fields (the halves name theirs apart)."""
    copied = document.add_pages_from(other, forms="preserve")
    if copied.renamed_fields:
        raise RuntimeError(f"the halves of the proof both have the form fields {sorted(copied.renamed_fields)}")


def _own_fields(document: pikepdf.Pdf) -> None:
    """Keep in the form only the fields whose widgets are on the pages left (the other version's are gone)."""
    form = document.Root.get("/AcroForm")
    if form is None or "/Fields" not in form:
        return
    on_pages = {annot.objgen for page in document.pages for annot in page.obj.get("/Annots", ())}
    form.Fields = pikepdf.Array([f for f in form.Fields if f.objgen in on_pages])


def _underlay(document: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object, clip: Box, box: Box) -> None:
    """Draw the part `clip` of a print page (as a form) into `box`, under the sheet's own drawing.

    Done by hand rather than with pikepdf's add_underlay, which names the resource at random: the same proof
    must give the same bytes.
    """
    band = pikepdf.Stream(document, b"q /P Do Q")
    band.Type = pikepdf.Name.XObject
    band.Subtype = pikepdf.Name.Form
    band.BBox = pikepdf.Array([clip.x, clip.y, clip.right, clip.top])
    band.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(P=form))
    scale = box.w / clip.w
    matrix = f"{scale:.6f} 0 0 {scale:.6f} {box.x - clip.x * scale:.4f} {box.y - clip.y * scale:.4f}"
    resources = page.obj.get("/Resources")
    if resources is None:
        page.obj.Resources = resources = pikepdf.Dictionary()
    if "/XObject" not in resources:
        resources.XObject = pikepdf.Dictionary()
    resources.XObject.Sheet = band
    page.contents_add(pikepdf.Stream(document, f"q {matrix} cm /Sheet Do Q\n".encode()), prepend=True)


class _Tally(Canvas):
    """The canvas of the first pass, which only finds where each section starts: pages are flowed as in the
    second, but no text and no form field is drawn."""


#: the two halves of the sheets, each drawn on a canvas of its own (in two processes when `build` draws a proof)
OWN_PAGES = "own pages"
CALENDAR_SHEETS = "calendar sheets"


def _plan(pages: tuple[Page, ...], proof: ProofRound) -> tuple[_Section, dict[bool, tuple[int, ...]]]:
    """The first pass: both halves flowed on one counting canvas, for where each section starts in each version."""
    section = _Section()
    canvas = _canvas(proof.info, io.BytesIO(), _Tally)
    pieces = {**_pieces(canvas, section, pages, proof, {a4: {} for a4 in VERSIONS}, OWN_PAGES),
              **_pieces(canvas, section, pages, proof, {}, CALENDAR_SHEETS)}  # fmt: skip
    return section, _order(pieces)


def _order(pieces: dict[str, tuple[int, ...]]) -> dict[bool, tuple[int, ...]]:
    """Each version's pages: its first pages, the shared review, its calendar sheets, the shared appendix."""
    return {a4: pieces[f"opening-{a4}"] + pieces["review"] + pieces[f"calendar-{a4}"] + pieces["appendix"]
            for a4 in VERSIONS}  # fmt: skip


def _draw(pages: tuple[Page, ...], proof: ProofRound, starts: dict[bool, dict[str, int]], half: str) -> SheetPart:
    """One half of the sheets on a canvas of its own; the pages the versions share are drawn once."""
    buffer = io.BytesIO()
    canvas = _canvas(proof.info, buffer, Canvas)
    section = _Section()
    pieces = _pieces(canvas, section, pages, proof, starts, half)
    canvas.save()
    return SheetPart(buffer.getvalue(), section, pieces)


def _canvas(info: ProofInfo, buffer: io.BytesIO, kind: type[Canvas]) -> Canvas:
    canvas = kind(buffer, pagesize=A4_PORTRAIT, invariant=1, pageCompression=1,
                  initialFontName=textdraw.register_fonts(), initialFontSize=10)  # fmt: skip
    canvas.setTitle(f"{info.title} – Korrekturabzug {info.number}")  # each version gets its own when assembled
    canvas.setAuthor("Ausländerrat/Migrationsrat Heidelberg")
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    return canvas


def _pieces(canvas: Canvas, section: _Section, pages: tuple[Page, ...], proof: ProofRound,
            starts: dict[bool, dict[str, int]], half: str) -> dict[str, tuple[int, ...]]:  # fmt: skip
    """Draw one half's pieces onto the canvas; returns the canvas pages of each piece. The own pages are the first
    pages of each version and the review (change pages, review list); the calendar sheets are each version's
    sheets around the calendar pages and the appendix."""
    info = proof.info
    changed = proof.changes.changed_days if proof.changes is not None else frozenset()

    def part(draw: Callable[[], None]) -> tuple[int, ...]:
        first = section.pages
        draw()
        return tuple(range(first, section.pages))

    def calendar(a4: bool) -> None:
        section.starts.append(("Kalenderseiten", section.pages + 1))
        for index, page in enumerate(pages):
            if a4:
                _bands(canvas, section, info, page, index, changed, pages)
            else:
                _sheet(canvas, section, info, page, index, changed, pages)

    def opening(a4: bool) -> None:
        _first_pages(canvas, section, proof, a4, starts[a4])

    def review() -> None:
        _change_pages(canvas, section, info, proof.changes)
        _list_pages(canvas, section, info, proof.things)

    if half == OWN_PAGES:
        pieces = {f"opening-{a4}": part(partial(opening, a4)) for a4 in VERSIONS}
        return {**pieces, "review": part(review)}
    pieces = {f"calendar-{a4}": part(partial(calendar, a4)) for a4 in VERSIONS}
    return {**pieces, "appendix": part(partial(_appendix, canvas, section, proof))}


# --- text helpers -------------------------------------------------------------------------------------------


SUBSTITUTES = {"\u2212": "-"}


def printable(text: str, bold: bool = False) -> str:
    """The text with every character no shipped font has shown as <U+XXXX>, so the list never fails or hides it."""
    if all(metrics.renderable(char, bold) for char in set(text)):  # one cached answer per character
        return text
    out = []
    for char in text:
        char = SUBSTITUTES.get(char, char)
        out.append(char if metrics.renderable(char, bold) else f"<U+{ord(char):04X}>")
    return "".join(out)


def _text(canvas: Canvas, text: str, x: float, y: float, size: float, colour: tuple[float, float, float] = DARK,
          bold: bool = False, align: str = "left") -> None:  # fmt: skip
    if isinstance(canvas, _Tally):
        return
    canvas.setFillColorRGB(*colour)
    textdraw.draw(canvas, printable(text, bold), x, y, size, bold, align)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap on measured (shaped) widths; a word wider than the column is split."""
    return list(_wrap(text, width, size, bold))


@lru_cache(maxsize=1 << 14)
def _wrap(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    """Cached: both passes over the proof, and both versions, wrap the same paragraphs.

    Each line takes as many words as fit when the whole line is shaped. Shaping every longer candidate line
    (as a plain greedy wrap does) shapes a paragraph once per word; instead the break is guessed from the
    words' own widths and then confirmed on the shaped line: it fits, and with one word more it does not.
    """
    text = printable(text, bold)
    words = text.split()
    lines: list[str] = []
    current: list[str] = []  # the words of the line being filled
    i = 0
    while i < len(words):
        joining = _joining(current, words[i:], width, size, bold)
        current += words[i : i + joining]
        i += joining
        if i == len(words):
            break
        if current:
            lines.append(" ".join(current))
        word = words[i]
        i += 1
        while metrics.measure(word, size, bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and metrics.measure(word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = [word]
    if current:
        lines.append(" ".join(current))
    return tuple(lines or [""])


def _joining(current: list[str], words: list[str], width: float, size: float, bold: bool) -> int:
    """How many of `words` join the line `current` in a greedy wrap: a guess from the width of each word and of
    a space, then moved until the shaped line fits and would not with one more word (a shaped line is never
    narrower than one with a word less, so this is where the greedy wrap breaks)."""
    space = metrics.em_width(" ", bold)
    room = width / size - sum(metrics.em_width(w, bold) for w in current) - space * max(0, len(current) - 1)
    count = 0
    for word in words:
        room -= metrics.em_width(word, bold) + (space if current or count else 0.0)
        if room < 0:
            break
        count += 1

    def fits(n: int) -> bool:
        return metrics.measure(" ".join(current + words[:n]), size, bold) <= width

    while count > 0 and not fits(count):
        count -= 1
    while count < len(words) and fits(count + 1):
        count += 1
    return count


def _date_text(day: date) -> str:
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day:%d.%m.%Y}"


def _comment_field(canvas: Canvas, name: str, box: Box, label: str) -> None:
    """A multi-line form field any PDF reader lets a reviewer type into (printed, it is a box to write in)."""
    if isinstance(canvas, _Tally):
        return
    _text(canvas, label, box.x, box.top + 2.2 * MM, 8, GREY, bold=True)
    canvas.acroForm.textfield(
        name=name, tooltip=label, x=box.x, y=box.y, width=box.w, height=box.h, value="",
        fieldFlags="multiline", borderStyle="solid", borderWidth=0.6, borderColor=_rl(GREY),
        fillColor=_rl((1.0, 1.0, 0.93)), textColor=_rl(DARK), fontSize=10, maxlen=None, forceBorder=True,
    )  # fmt: skip


def _rl(rgb: tuple[float, float, float]) -> object:
    from reportlab.lib.colors import Color

    return Color(*rgb)


def sample_banner(count: int) -> str:
    noun = "erfundener Beispielverein ist" if count == 1 else "erfundene Beispielvereine sind"
    return f"ACHTUNG: {count} {noun} noch im Kalender. So darf er nicht gedruckt werden."


def _banner(canvas: Canvas, info: ProofInfo, box: Box) -> None:
    """The loud sample-data warning: white on red, as long as sample organisations remain."""
    if not info.samples:
        return
    canvas.setFillColorRGB(*RED)
    canvas.rect(box.x, box.y, box.w, box.h, stroke=0, fill=1)
    text = sample_banner(info.samples)
    size = min(11.0, box.h * 0.55)
    while metrics.measure(text, size, True) > box.w - 6 * MM and size > 7:
        size -= 0.5
    _text(canvas, text, box.x + 3 * MM, box.y + (box.h - size * 0.7) / 2, size, (1, 1, 1), bold=True)


def _head(canvas: Canvas, info: ProofInfo, width: float, top: float, page_name: str, margin: float) -> None:
    """Proof mark, round and date: one line at the top of every page."""
    _text(canvas, PROOF_MARK, margin, top, 10, RED, bold=True)
    _text(canvas, f"{info.line} · {page_name}", width - margin, top - 10, 8, GREY, align="right")


def _new_page(canvas: Canvas, section: _Section, size: tuple[float, float]) -> None:
    if section.pages:
        canvas.showPage()
    canvas.setPageSize(size)
    section.pages += 1


# --- flowing text ---------------------------------------------------------------------------------------------


def _column_widths(text_w: float, columns: Sequence[tuple[str, float]]) -> list[float]:
    """Each column's width in points: as given in mm, the one given as 0 taking the rest."""
    fixed = sum(w for _, w in columns) * MM
    return [w * MM if w else text_w - fixed for _, w in columns]


class _Flow:
    """Flows headings, paragraphs and table rows over pages of one size, each with a head line, the sample
    banner and (optionally) a comment field at the foot."""

    def __init__(self, canvas: Canvas, section: _Section, info: ProofInfo, size: tuple[float, float], name: str,
                 comment: str = "", columns: Sequence[tuple[str, float]] = ()) -> None:  # fmt: skip
        self.canvas, self.section, self.info = canvas, section, info
        self.width, self.height = size
        self.name, self.comment = name, comment
        self.margin = LIST_MARGIN
        self.comment_h = 16 * MM if comment else 0.0
        self.bottom = self.margin + (self.comment_h + 6 * MM if comment else 0.0)
        self.number = 0
        self.y = 0.0
        self.columns = tuple(columns)
        self.widths = _column_widths(self.text_w, self.columns)
        self.table_open = False
        self.group = ""

    @property
    def text_w(self) -> float:
        return self.width - 2 * self.margin

    def page(self) -> None:
        _new_page(self.canvas, self.section, (self.width, self.height))
        self.number += 1
        if self.number == 1:
            self.section.labels.append((self.section.pages - 1, f"{self.name} ", True))
            self.section.outline.append((self.name, self.section.pages - 1, 0))
            self.section.starts.append((self.name, self.section.pages))
        _head(self.canvas, self.info, self.width, self.height - self.margin, f"{self.name} {self.number}", self.margin)
        self.y = self.height - self.margin - 7 * MM
        if self.info.samples:
            _banner(self.canvas, self.info, Box(self.margin, self.y - 7 * MM, self.text_w, 7 * MM))
            self.y -= 9 * MM
        if self.comment:
            _comment_field(self.canvas, f"korrektur-{self.name.lower().replace(' ', '-')}-{self.number}",
                           Box(self.margin, self.margin, self.text_w, self.comment_h), self.comment)  # fmt: skip
        if self.table_open:
            self.table_head()
            if self.group:
                self.group_row(self.group, continued=True)

    def need(self, height: float) -> None:
        if self.number == 0 or self.y - height < self.bottom:
            self.page()

    def space(self, points: float) -> None:
        self.y -= points

    def heading(self, text: str, bookmark: str | None = None, size: float = 13, keep: float = 6) -> None:
        self.table_open = False
        self.group = ""
        self.need(size * 2 + keep * ROW_LEADING)  # never a heading alone at the foot of a page
        self.y -= size * 1.25
        _text(self.canvas, text, self.margin, self.y, size, DARK, bold=True)
        if bookmark:
            self.section.outline.append((bookmark, self.section.pages - 1, 1))
        self.y -= size * 0.5

    def paragraph(self, text: str, size: float = 9, colour: tuple[float, float, float] = DARK,
                  bold: bool = False, indent: float = 0.0, bullet: str = "") -> None:  # fmt: skip
        lines = wrap(text, self.text_w - indent - (4 * MM if bullet else 0), size, bold)
        leading = size * 1.25
        self.need(len(lines) * leading)
        x = self.margin + indent
        for number, line in enumerate(lines):
            self.y -= leading
            if bullet and number == 0:
                _text(self.canvas, bullet, x, self.y, size, colour, bold)
            _text(self.canvas, line, x + (4 * MM if bullet else 0), self.y, size, colour, bold)
        self.y -= size * 0.3

    def table_head(self) -> None:
        self.table_open = True
        self.need(ROW_LEADING * 4)
        self.y -= ROW_LEADING + 1
        x = self.margin
        for (title, _), w in zip(self.columns, self.widths, strict=True):
            _text(self.canvas, title, x + 1.2 * MM, self.y, ROW_SIZE, GREY, bold=True)
            x += w
        self.y -= 3
        self.canvas.setStrokeColorRGB(*GREY)
        self.canvas.setLineWidth(0.6)
        self.canvas.line(self.margin, self.y, self.margin + self.text_w, self.y)

    def group_row(self, text: str, continued: bool = False) -> None:
        """A shaded line naming the tradition or organisation of the rows below it."""
        if not continued:
            self.group = ""  # a page break here continues no group
            self.need(ROW_LEADING * 4)
            self.group = text
        height = ROW_LEADING + 3
        self.canvas.setFillColorRGB(*GROUP_FILL)
        self.canvas.rect(self.margin, self.y - height, self.text_w, height, stroke=0, fill=1)
        label = f"{text} (Fortsetzung)" if continued else text
        _text(self.canvas, label, self.margin + 1.2 * MM, self.y - ROW_LEADING + 0.5, ROW_SIZE, DARK, bold=True)
        self.y -= height

    def row(self, cells: list[list[tuple[str, bool]]], shaded: bool) -> None:
        """One row: per column a list of (text, bold) paragraphs, wrapped to the column."""
        wrapped = _cell_lines(cells, self.widths)
        height = max(len(lines) for lines in wrapped) * ROW_LEADING + 3
        self.need(height)
        if shaded:
            self.canvas.setFillColorRGB(*LIGHT)
            self.canvas.rect(self.margin, self.y - height, self.text_w, height, stroke=0, fill=1)
        x = self.margin
        for lines, w in zip(wrapped, self.widths, strict=True):
            y = self.y - ROW_LEADING + 1
            for text, bold in lines:
                _text(self.canvas, text, x + 1.2 * MM, y, ROW_SIZE, DARK, bold)
                y -= ROW_LEADING
            x += w
        self.y -= height


ROW_SIZE = 7.5
ROW_LEADING = 9.0


def _cell_lines(cells: list[list[tuple[str, bool]]], widths: Sequence[float]) -> list[list[tuple[str, bool]]]:
    """Each column's paragraphs of a table row, wrapped to the column: (line, bold) per column."""
    wrapped: list[list[tuple[str, bool]]] = []
    for paragraphs, w in zip(cells, widths, strict=True):
        lines: list[tuple[str, bool]] = []
        for text, bold in paragraphs:
            lines += [(line, bold) for line in wrap(text, w - 2.4 * MM, ROW_SIZE, bold)]
        wrapped.append(lines)
    return wrapped


# --- the first pages: the task and the open decisions -------------------------------------------------------


def _first_pages(canvas: Canvas, section: _Section, proof: ProofRound, a4: bool, starts: dict[str, int]) -> None:
    info = proof.info
    flow = _Flow(
        canvas,
        section,
        info,
        A4_PORTRAIT,
        "Übersicht",
        "Ihre Anmerkungen und Ihre Meinung zu den offenen Punkten (hier tippen):",
    )
    flow.page()
    flow.y -= 4
    flow.paragraph(f"{info.title}: Korrekturabzug {info.number}", size=18, bold=True)
    flow.paragraph(f"Bitte bis {WEEKDAYS_LONG[info.deadline.weekday()]}, {info.deadline.day}. "
                   f"{MONTHS_DE[info.deadline.month - 1]} {info.deadline.year} zurückschicken an: {info.contact}",
                   size=12, bold=True, colour=RED)  # fmt: skip
    flow.space(4)
    flow.paragraph("Liebe Mitglieder des Ausländerrats/Migrationsrats, dies ist der Entwurf des Kalenders. Bevor er "
                   "gedruckt wird (5.000 Stück, ein falsches Datum lässt sich danach nicht mehr ändern), bitten wir "
                   "Sie um Ihren Blick darauf. Sie brauchen keine Vorkenntnisse.")  # fmt: skip
    flow.heading("Was Sie prüfen", size=12, keep=3)
    for item in (
        "Die Feste Ihrer Religion oder Kultur und die Termine Ihres Vereins: Stimmt das Datum? Stimmen Name und "
        "Schreibweise, auch in der Originalschrift?",
        "Fehlt ein wichtiges Fest oder ein Termin? Ist etwas dabei, das nicht in den Kalender gehört?",
        "Die Punkte unter „Vor dem Druck zu entscheiden“ (unten): Bitte schreiben Sie dazu Ihre Meinung.",
        "Ab dem zweiten Korrekturabzug: die Änderungen seit dem letzten Mal. Geänderte Tage sind auf den "
        "Kalenderseiten violett umrandet.",
    ):
        flow.paragraph(item, bullet="•")
    flow.heading("Wie Sie Anmerkungen machen", size=12, keep=3)
    for item in (
        "Am Bildschirm: Auf jeder Seite ist ein gelbes Feld. Klicken Sie hinein, schreiben Sie Ihre Anmerkung, "
        "speichern Sie die Datei und schicken Sie sie zurück.",
        "Auf Papier: Drucken Sie die Fassung „A4“ (Dateiname endet auf „-a4.pdf“) auf einem normalen Drucker aus, "
        "schreiben Sie in die Seiten oder an den Rand und geben Sie sie ab oder schicken Sie ein Foto oder einen Scan.",
        "Bitte nennen Sie bei jeder Anmerkung das Datum und den Namen des Eintrags.",
    ):
        flow.paragraph(item, bullet="•")
    flow.heading("Was in diesem Korrekturabzug steht", size=12, keep=3)
    changes = "Änderungen seit dem letzten Korrekturabzug" if info.previous else "Änderungen (erster Korrekturabzug)"
    calendar = ("die Kalenderseiten, jede auf mehrere A4-Seiten verteilt" if a4
                else "die Kalenderseiten in voller Größe mit Schnittlinien")  # fmt: skip
    for name, text in (("Zu entscheiden", "Vor dem Druck zu entscheiden"), ("Änderungen", changes),
                       ("Prüfliste", "Prüfliste: jedes Fest und jeder Termin in einer Zeile, nach Monaten"),
                       ("Kalenderseiten", calendar[0].upper() + calendar[1:]),
                       (APPENDIX, f"{APPENDIX} (technische Angaben, für Sie nicht nötig)")):  # fmt: skip
        where = f"Seite {starts[name]}" if name in starts else ""
        flow.paragraph(f"{text}{' – ' + where if where else ''}", bullet="–")
    _decisions(flow, section, proof)


WEEKDAYS_LONG = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def _decisions(flow: _Flow, section: _Section, proof: ProofRound) -> None:
    flow.space(4)
    flow.section.starts.append(("Zu entscheiden", flow.section.pages))
    flow.section.outline.append(("Zu entscheiden", flow.section.pages - 1, 0))
    flow.heading("Vor dem Druck zu entscheiden", size=14, keep=4)
    total = len(proof.decisions)
    flow.paragraph(f"{total} offene Punkte. Der Kalender geht erst in den Druck, wenn jeder Punkt entschieden ist. "
                   "Bitte schreiben Sie Ihre Meinung dazu in das gelbe Feld oder an den Rand.")  # fmt: skip
    for topic, items in by_topic(proof.decisions):
        flow.heading(f"{HEADINGS[topic]} ({len(items)})", size=10.5, keep=2)
        if items and topic in NOTES:
            flow.paragraph(NOTES[topic], size=8.5)
        for item in items or ():
            flow.paragraph(item.text, size=8.5, bullet="•")
        if not items:
            flow.paragraph("nichts gefunden", size=8.5, colour=GREY, bullet="–")


# --- changes since the last round ---------------------------------------------------------------------------


def _change_pages(canvas: Canvas, section: _Section, info: ProofInfo, changes: Changes | None) -> None:
    flow = _Flow(canvas, section, info, A4_PORTRAIT, "Änderungen", "Ihre Anmerkungen zu den Änderungen (hier tippen):")
    if changes is None:
        flow.heading("Änderungen: erster Korrekturabzug", size=14)
        flow.paragraph("Dies ist der erste Korrekturabzug dieser Ausgabe. Ab dem nächsten steht hier, was sich seither "
                       "geändert hat.")  # fmt: skip
        return
    flow.heading(f"Änderungen seit Korrekturabzug {changes.previous}", size=14)
    if changes.empty:
        flow.paragraph(f"Seit Korrekturabzug {changes.previous} hat sich nichts geändert.")
        return
    flow.paragraph(f"{len(changes.items)} Änderungen, eine Zeile je Fest, Termin oder Terminreihe. Die betroffenen "
                   "Tage sind auf den Kalenderseiten violett umrandet.")  # fmt: skip
    for number, title in CHANGE_SECTIONS:
        items = [c for c in changes.items if c.section == number]
        if not items:
            continue
        flow.heading(f"{title} ({len(items)})", size=10.5, keep=2)
        for change in items:
            flow.paragraph(change_line(change.label, change.text), size=8.5, bullet="•")


def change_line(label: str, text: str) -> str:
    return f"{label}: {text}"


def change_lines(changes: Changes) -> list[str]:
    """One line per change, in the order of the proof (also for tests and the command's output)."""
    return list(changes.lines)


# --- the review list ----------------------------------------------------------------------------------------


#: column title and width in mm (the last takes the rest)
COLUMNS = (("Datum", 44.0), ("Name", 62.0), ("So wird das Datum bestimmt", 70.0), ("Hinweise", 0.0))


def _list_pages(canvas: Canvas, section: _Section, info: ProofInfo, things: Sequence[ReviewThing]) -> None:
    flow = _Flow(
        canvas,
        section,
        info,
        A4_LANDSCAPE,
        "Prüfliste",
        "Korrekturen zu den Einträgen dieser Seite (hier tippen; bitte Datum und Name nennen):",
        COLUMNS,
    )
    flow.heading(f"Prüfliste {info.year}: jedes Fest und jeder Termin in einer Zeile", size=15)
    flow.paragraph(
        "Nach Monaten geordnet, innerhalb eines Monats nach Religion oder Kultur und nach Verein. Regelmäßige "
        "Termine der Vereine (zum Beispiel jede Woche) stehen einmal am Ende, mit der Regel, der Zahl der Termine und "
        "den Ausnahmen. Unter „Hinweise“ steht, was beim Datum zu beachten ist: Beginn am Vorabend, mögliche "
        "Abweichung um einen Tag, vorläufige Daten und der Tag, an dem andere Gemeinden feiern."
    )
    by_month: dict[int, list[ReviewThing]] = {m: [] for m in range(1, 13)}
    for thing in things:
        if thing.kind != SERIES:
            by_month[thing.month(info.year)].append(thing)
    for month in range(1, 13):
        items = by_month[month]
        noun = "Eintrag" if len(items) == 1 else "Einträge"
        flow.heading(f"{MONTHS_DE[month - 1]} {info.year} – {len(items)} {noun}", MONTHS_DE[month - 1], size=12)
        if not items:
            flow.paragraph("Keine Einträge.")
            continue
        flow.table_head()
        _grouped_rows(flow, info, items)
    series = [t for t in things if t.kind == SERIES]
    flow.heading(f"Regelmäßige Termine der Vereine – {len(series)} Terminreihen", "Regelmäßige Termine", size=12)
    if not series:
        flow.paragraph("Keine Terminreihen.")
        return
    flow.table_head()
    _grouped_rows(flow, info, series)


def wrap_review_list(things: Sequence[ReviewThing]) -> None:
    """Wrap every cell of the review list now; the wrapped lines are kept for drawing. Most of the proof's text
    is in these rows, so this is done while a worker lays out the calendar, off the way to the finished proof."""
    widths = _column_widths(A4_LANDSCAPE[0] - 2 * LIST_MARGIN, COLUMNS)
    for thing in things:
        _cell_lines(_cells(thing), widths)


def _grouped_rows(flow: _Flow, info: ProofInfo, items: list[ReviewThing]) -> None:
    """Festivals grouped by tradition, then events grouped by organisation, each group in date order."""
    groups: dict[tuple[bool, str], list[ReviewThing]] = {}
    for thing in items:
        groups.setdefault((thing.kind != FESTIVAL, info.groups.get(thing.group, thing.group)), []).append(thing)
    for (is_event, name), members in sorted(groups.items()):
        flow.group_row(f"Verein: {name}" if is_event else name)
        for number, thing in enumerate(sorted(members, key=lambda t: (t.first, t.name))):
            flow.row(_cells(thing), shaded=number % 2 == 1)


def _cells(thing: ReviewThing) -> list[list[tuple[str, bool]]]:
    if thing.kind == SERIES:
        count = len(thing.dates)
        dates = [
            (f"{count} {'Termin' if count == 1 else 'Termine'}", True),
            (f"erster: {_date_text(thing.first)}", False),
            (f"letzter: {_date_text(thing.last)}", False),
        ]
    else:
        dates = [(dates_in_words(thing).replace("; ", " und "), True)]
    names = [(thing.name, True)]
    if thing.original_name:
        names.append((thing.original_name, False))
    if thing.kind == FESTIVAL:
        rule = thing.rule
    elif thing.kind == SERIES:
        rule = f"Terminreihe: {thing.rule}"
    else:
        rule = "Einzeltermin, vom Verein gemeldet"
    caveats = [(f"• {c}", False) for c in thing.caveats] or [("–", False)]
    return [dates, names, [(rule, False)], caveats]


# --- calendar sheets ------------------------------------------------------------------------------------------


def _sheet(canvas: Canvas, section: _Section, info: ProofInfo, page: Page, index: int, changed: frozenset[date],
           pages: tuple[Page, ...]) -> None:  # fmt: skip
    """One print page in screen colours (placed later) with guides, marks, changed days and a comment field."""
    bleed_w, bleed_h = page.width + 2 * page.bleed, page.height + 2 * page.bleed
    width = bleed_w + 2 * SHEET_MARGIN
    height = bleed_h + 2 * SHEET_MARGIN + SHEET_FOOTER
    _new_page(canvas, section, (width, height))
    proof_index = section.pages - 1
    name = PAGE_NAMES[index] if index < len(PAGE_NAMES) else f"Seite {page.number}"
    section.labels.append((proof_index, name, False))
    section.outline.append((name, proof_index, 0))
    placement = Box(SHEET_MARGIN, SHEET_FOOTER + SHEET_MARGIN, bleed_w, bleed_h)
    section.sheets.append((proof_index, index, Box(0, 0, bleed_w, bleed_h), placement))
    ox, oy = placement.x + page.bleed, placement.y + page.bleed  # trim origin on the sheet

    canvas.saveState()
    canvas.translate(ox, oy)
    _guides(canvas, page)
    marked = _mark_changes(canvas, page, info.year, changed, pages)
    canvas.restoreState()

    top = height - SHEET_MARGIN / 2 - 4
    inside = SHEET_MARGIN + page.bleed + 4 * MM  # clear of the trim ticks
    _text(canvas, PROOF_MARK, inside, top, 14, RED, bold=True)
    _text(canvas, f"{info.line} · {name}", width - inside, top - 14, 10, GREY, align="right")
    x = SHEET_MARGIN
    y = SHEET_FOOTER + SHEET_MARGIN / 2 - 3
    for label, colour in _legend(info, marked):
        canvas.setStrokeColorRGB(*colour)
        canvas.setLineWidth(1.2)
        canvas.line(x, y + 3, x + 8 * MM, y + 3)
        _text(canvas, label, x + 10 * MM, y, 9, DARK)
        x += 10 * MM + metrics.measure(label, 9) + 8 * MM
    banner_h = 12 * MM if info.samples else 0.0
    comment = Box(SHEET_MARGIN, 4 * MM, width - 2 * SHEET_MARGIN, SHEET_FOOTER - 14 * MM - banner_h)
    if info.samples:
        _banner(canvas, info, Box(SHEET_MARGIN, comment.top + 7 * MM, comment.w, banner_h))
    _comment_field(canvas, f"korrektur-{name.lower()}", comment, f"Korrekturen zur Seite „{name}“ (hier tippen):")


def _legend(info: ProofInfo, marked: int) -> list[tuple[str, tuple[float, float, float]]]:
    legend = [("Schnittkante", TRIM_COLOUR), ("Anschnitt 3 mm", BLEED_COLOUR), ("Sicherheitsabstand", SAFE_COLOUR),
              ("Bindung/Aufhänger: nur Hintergrund", BINDING_COLOUR)]  # fmt: skip
    if marked:
        legend.append((f"seit Korrekturabzug {info.previous} geändert", CHANGED_COLOUR))
    return legend


def _mark_changes(canvas: Canvas, page: Page, year: int, changed: frozenset[date], pages: tuple[Page, ...]) -> int:
    month = dict((id(p), m) for m, p in month_pages(pages)).get(id(page))
    return _changed_cells(canvas, page, year, month, changed) if month is not None else 0


def a4_scale(page: Page) -> float:
    """The scale at which a page's trim width fits an A4 landscape sheet inside the office printer's margins."""
    return min(1.0, (A4_LANDSCAPE[0] - 2 * A4_MARGIN) / page.width)


def a4_whole_scale(page: Page) -> float:
    """The scale at which the whole page fits one A4 portrait sheet (for pages whose smallest text allows it)."""
    width, height = A4_PORTRAIT
    return min(1.0, (width - 2 * A4_MARGIN) / page.width, (height - 2 * A4_MARGIN - A4_HEAD) / page.height)


def smallest_text(page: Page) -> float:
    return min((e.size for e in page.walk() if isinstance(e, TextLine)), default=99.0)


def a4_bands(page: Page, scale: float) -> list[tuple[float, float]]:
    """Horizontal bands (bottom, top in trim coordinates, top band first) that each fit one A4 landscape sheet.

    A band ends at the lower edge of a week row where it can, else below a line of text, never inside one.
    """
    room = (A4_LANDSCAPE[1] - 2 * A4_MARGIN - A4_HEAD) / scale
    rows = sorted({round(c.box.y, 2) for c in page.cells} | {round(c.box.top, 2) for c in page.cells})
    below_lines: list[float] | None = None  # made only where no row ends within reach: it compares every two lines
    bands: list[tuple[float, float]] = []
    top = page.height
    while top > 0:
        if top <= room:
            bands.append((0.0, top))
            break
        fits = [c for c in rows if top - room <= c < top - room / 3]
        if not fits:
            if below_lines is None:
                lines = [e.bounds for e in page.walk() if isinstance(e, TextLine)]
                below = sorted({round(b.y - 1.5, 2) for b in lines})
                below_lines = [c for c in below if not any(b.y < c < b.top for b in lines)]
            fits = [c for c in below_lines if top - room <= c < top - room / 3]
        bottom = min(fits) if fits else top - room
        bands.append((bottom, top))
        top = bottom
    return bands


def _bands(canvas: Canvas, section: _Section, info: ProofInfo, page: Page, index: int, changed: frozenset[date],
           pages: tuple[Page, ...]) -> None:  # fmt: skip
    """One print page on A4: whole if its smallest text stays at 6 pt or more, else cut into bands, each on an A4
    landscape sheet at a scale that keeps every text at 6 pt or more."""
    whole = a4_whole_scale(page)
    if smallest_text(page) * whole >= MIN_PRINTED_PT:
        scale, size, bands = whole, A4_PORTRAIT, [(0.0, page.height)]
    else:
        scale, size = a4_scale(page), A4_LANDSCAPE
        bands = a4_bands(page, scale)
    name = PAGE_NAMES[index] if index < len(PAGE_NAMES) else f"Seite {page.number}"
    width, height = size
    for number, (bottom, top) in enumerate(bands, start=1):
        _new_page(canvas, section, size)
        proof_index = section.pages - 1
        part = f"{name}, Teil {number} von {len(bands)}" if len(bands) > 1 else name
        if number == 1:
            section.labels.append((proof_index, f"{name} ", True))
            section.outline.append((name, proof_index, 0))
        placed_h = (top - bottom) * scale
        placement = Box(
            (width - page.width * scale) / 2, height - A4_MARGIN - A4_HEAD - placed_h, page.width * scale, placed_h
        )
        clip = Box(page.bleed, page.bleed + bottom, page.width, top - bottom)  # in the print page's space
        section.sheets.append((proof_index, index, clip, placement))
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(placement.x, placement.y, placement.w, placement.h)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.translate(placement.x, placement.y - bottom * scale)
        canvas.scale(scale, scale)
        _guides(canvas, page)
        marked = _mark_changes(canvas, page, info.year, changed, pages)
        canvas.restoreState()
        _text(canvas, PROOF_MARK, A4_MARGIN, height - A4_MARGIN - 7, 9, RED, bold=True)
        _text(canvas, f"{info.line} · {part}", width - A4_MARGIN, height - A4_MARGIN - 7, 7.5, GREY, align="right")
        second = height - A4_MARGIN - 17
        if info.samples:
            _text(canvas, sample_banner(info.samples), A4_MARGIN, second, 7.5, RED, bold=True)
        if marked:
            _text(canvas, f"violett umrandet: seit Korrekturabzug {info.previous} geändert", width - A4_MARGIN,
                  second, 7.5, CHANGED_COLOUR, align="right")  # fmt: skip


# --- the appendix for the editorial team --------------------------------------------------------------------


APPENDIX_COLUMNS = (("Eintrag", 70.0), ("Schlüssel", 62.0), ("Datei und Zeile", 0.0))


def _appendix(canvas: Canvas, section: _Section, proof: ProofRound) -> None:
    """Files, lines, keys and the data version: what the editorial team needs to act on the council's remarks."""
    info = proof.info
    flow = _Flow(canvas, section, info, A4_PORTRAIT, APPENDIX, columns=APPENDIX_COLUMNS)
    flow.heading(f"Anhang: {APPENDIX}", size=14)
    flow.paragraph("Dieser Teil ist für die Redaktion, die die Anmerkungen in die Daten einträgt. Der Rat braucht "
                   "ihn nicht zu lesen.")  # fmt: skip
    flow.paragraph(f"Datenstand (Prüfsumme der Datendateien): {info.data_version}")
    flow.paragraph(f"Schnappschuss dieses Korrekturabzugs: {info.snapshot} – bitte mit git einchecken; der nächste "
                   "Korrekturabzug vergleicht mit ihm.")  # fmt: skip
    flow.heading("Offene Punkte: wo sie entschieden werden", size=11, keep=3)
    for topic, items in by_topic(proof.decisions):
        located = [item for item in items if item.where]
        if located:
            flow.paragraph(HEADINGS[topic], size=8.5, bold=True)
        for item in located:
            flow.paragraph(f"{item.text} → {item.where}", size=7.5, bullet="•")
    if proof.notes:
        flow.heading("Meldungen des Programms", size=11, keep=3)
        for note in proof.notes:
            flow.paragraph(note, size=7.5, bullet="•")
    flow.heading("Jeder Eintrag der Prüfliste mit Datei und Zeile", size=11)
    flow.table_head()
    for number, thing in enumerate(sorted(proof.things, key=lambda t: (t.file, t.line, t.key))):
        flow.row([[(thing.name, False)], [(thing.key, False)], [(f"{thing.file}:{thing.line}", False)]],
                 shaded=number % 2 == 1)  # fmt: skip


def _guides(canvas: Canvas, page: Page) -> None:
    """Thin guides in trim coordinates: bleed, trim, safe zone, binding band; ticks at the trim in the margin."""
    canvas.setLineWidth(0.7)
    canvas.setDash(4, 3)
    canvas.setStrokeColorRGB(*BLEED_COLOUR)
    b = page.bleed_box
    canvas.rect(b.x, b.y, b.w, b.h, stroke=1, fill=0)
    canvas.setDash()
    canvas.setStrokeColorRGB(*TRIM_COLOUR)
    canvas.rect(0, 0, page.width, page.height, stroke=1, fill=0)
    for x in (0.0, page.width):  # ticks outside the bleed, like crop marks
        for y, sign in ((0.0, -1), (page.height, 1)):
            canvas.line(x, y + sign * (page.bleed + 2 * MM), x, y + sign * (page.bleed + 10 * MM))
    for y in (0.0, page.height):
        for x, sign in ((0.0, -1), (page.width, 1)):
            canvas.line(x + sign * (page.bleed + 2 * MM), y, x + sign * (page.bleed + 10 * MM), y)
    canvas.setDash(1.5, 2)
    canvas.setStrokeColorRGB(*SAFE_COLOUR)
    s = page.safe
    canvas.rect(s.x, s.y, s.w, s.h, stroke=1, fill=0)
    canvas.setDash(6, 3)
    canvas.setStrokeColorRGB(*BINDING_COLOUR)
    bind = page.binding
    canvas.rect(bind.x, bind.y, bind.w, bind.h, stroke=1, fill=0)
    canvas.setDash()


def _changed_cells(canvas: Canvas, page: Page, year: int, month: int, changed: frozenset[date]) -> int:
    """A frame and a corner flag on every day cell whose entries changed since the last proof; returns how many."""
    days = {d.day for d in changed if d.year == year and d.month == month}
    if not days:
        return 0
    marked = 0
    canvas.setStrokeColorRGB(*CHANGED_COLOUR)
    canvas.setFillColorRGB(*CHANGED_COLOUR)
    canvas.setLineWidth(2.2)
    for cell in page.cells:
        if cell.day not in days:
            continue
        box = cell.box.inset(1.2)
        canvas.rect(box.x, box.y, box.w, box.h, stroke=1, fill=0)
        flag = 5 * MM
        path = canvas.beginPath()
        path.moveTo(box.right, box.top)
        path.lineTo(box.right - flag, box.top)
        path.lineTo(box.right, box.top - flag)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
        marked += 1
    return marked


# --- labels and bookmarks -----------------------------------------------------------------------------------


def _labels_and_outline(pdf: pikepdf.Pdf, section: _Section) -> None:
    nums: list[object] = []
    for first, prefix, numbered in section.labels:
        label = pikepdf.Dictionary(P=pikepdf.String(prefix))
        if numbered:
            label.S = pikepdf.Name.D
            label.St = 1
        nums += [first, label]
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    with pdf.open_outline() as outline:
        parent: pikepdf.OutlineItem | None = None
        for title, index, level in section.outline:
            item = pikepdf.OutlineItem(title, index)
            if level == 0 or parent is None:
                outline.root.append(item)
                parent = item
            else:
                parent.children.append(item)


__all__ = [
    "APPENDIX",
    "PROOF_MARK",
    "Sheets",
    "a4_bands",
    "a4_scale",
    "assemble_proof",
    "change_lines",
    "draw_screen_pages",
    "draw_sheets",
    "load_fonts",
    "printable",
    "render_proof_pdf",
    "wrap",
    "wrap_review_list",
]
