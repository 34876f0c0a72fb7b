"""The proof PDF for the council: the print pages in screen colours with guides and marks, the open decisions
first, then the review list of every entry with its source and caveats, and what changed since the last proof.

The print pages are drawn by the print renderer exactly as for the press, converted from CMYK to sRGB through
the output profile, and placed as forms under a proof sheet drawn here (guides, marks, comment field). The
print renderer never sees the proof marks, so the print file cannot carry them by accident.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.calendars.monthnames import MONTHS_DE
from calendar_builder.edition.settings import MM, EditionSettings
from calendar_builder.layout.geometry import Box, Page
from calendar_builder.proof.problems import ProblemSection, day_label, month_pages
from calendar_builder.proof.review import Changes, ReviewEntry
from calendar_builder.proof.rounds import ProofInfo
from calendar_builder.render import textdraw
from calendar_builder.render.print_pdf import PRODUCER, draw_pages
from calendar_builder.render.screen_colour import ScreenColours, convert_pdf
from calendar_builder.text import metrics

PROOF_MARK = "KORREKTURABZUG – NICHT ZUM DRUCK"
SHEET_MARGIN = 16 * MM  # around the bleed of a calendar page: guide labels and the proof mark
SHEET_FOOTER = 40 * MM  # below the margin: information line and the comment field
A4_LANDSCAPE = (297 * MM, 210 * MM)
A4_PORTRAIT = (210 * MM, 297 * MM)
LIST_MARGIN = 12 * MM

RED = (0.80, 0.07, 0.10)
DARK = (0.12, 0.12, 0.12)
GREY = (0.45, 0.45, 0.45)
LIGHT = (0.94, 0.94, 0.94)
TRIM_COLOUR = (0.85, 0.0, 0.55)
BLEED_COLOUR = (0.0, 0.55, 0.85)
SAFE_COLOUR = (0.0, 0.62, 0.30)
BINDING_COLOUR = (0.95, 0.45, 0.0)
CHANGED_COLOUR = (0.45, 0.0, 0.9)  # violet: unlike every guide

PAGE_NAMES = ("Titel", *MONTHS_DE, "Rückseite")
WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


@dataclass
class _Section:
    """Bookkeeping while drawing: page labels and bookmarks are added to the finished file."""

    labels: list[tuple[int, str, bool]] = field(default_factory=list)  # (first page, prefix, numbered)
    outline: list[tuple[str, int, int]] = field(default_factory=list)  # (title, page index, level)
    sheets: list[tuple[int, int, Box]] = field(default_factory=list)  # (proof page, print page, placement)
    pages: int = 0


def render_proof_pdf(
    pages: tuple[Page, ...],
    settings: EditionSettings,
    info: ProofInfo,
    entries: Sequence[ReviewEntry],
    changes: Changes | None,
    problems: Sequence[ProblemSection],
) -> bytes:
    """The proof as bytes: problems, the calendar pages with guides, the change list and the review list."""
    printed = pikepdf.open(io.BytesIO(draw_pages(pages, replace(settings, crop_marks=False), info.title)))
    convert_pdf(printed, ScreenColours(settings.icc_profile))

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4_PORTRAIT, invariant=1, pageCompression=1,
                    initialFontName=textdraw.register_fonts(), initialFontSize=10)  # fmt: skip
    canvas.setTitle(f"{info.title} – Korrekturabzug {info.number}")
    canvas.setAuthor("Ausländerrat/Migrationsrat Heidelberg")
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    section = _Section()
    _problem_pages(canvas, section, info, problems)
    changed = changes.changed_days if changes is not None else frozenset()
    for index, page in enumerate(pages):
        _sheet(canvas, section, info, page, index, changed, pages)
    _list_pages(canvas, section, info, entries, changes)
    canvas.save()

    proof = pikepdf.open(io.BytesIO(buffer.getvalue()))
    for proof_index, print_index, box in section.sheets:
        form = proof.copy_foreign(printed.pages[print_index].as_form_xobject())
        proof.pages[proof_index].add_underlay(form, pikepdf.Rectangle(box.x, box.y, box.right, box.top))
    _labels_and_outline(proof, section)
    out = io.BytesIO()
    proof.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


# --- text helpers -------------------------------------------------------------------------------------------


SUBSTITUTES = {"\u2212": "-"}


def printable(text: str, bold: bool = False) -> str:
    """The text with every character no shipped font has shown as <U+XXXX>, so the list never fails or hides it."""
    if metrics.renderable(text, bold):
        return text
    out = []
    for char in text:
        char = SUBSTITUTES.get(char, char)
        out.append(char if metrics.renderable(char, bold) else f"<U+{ord(char):04X}>")
    return "".join(out)


def _text(canvas: Canvas, text: str, x: float, y: float, size: float, colour: tuple[float, float, float] = DARK,
          bold: bool = False, align: str = "left") -> None:  # fmt: skip
    canvas.setFillColorRGB(*colour)
    textdraw.draw(canvas, printable(text, bold), x, y, size, bold, align)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap on measured (shaped) widths; a word wider than the column is split."""
    text = printable(text, bold)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if metrics.measure(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while metrics.measure(word, size, bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and metrics.measure(word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _date_text(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day:%d.%m.%Y}"


def _comment_field(canvas: Canvas, name: str, box: Box, label: str) -> None:
    """A multi-line form field any PDF reader lets a reviewer type into."""
    _text(canvas, label, box.x, box.top + 2.2 * MM, 8, GREY, bold=True)
    canvas.acroForm.textfield(
        name=name, tooltip=label, x=box.x, y=box.y, width=box.w, height=box.h, value="",
        fieldFlags="multiline", borderStyle="solid", borderWidth=0.6, borderColor=_rl(GREY),
        fillColor=_rl((1.0, 1.0, 0.93)), textColor=_rl(DARK), fontSize=10, maxlen=None, forceBorder=True,
    )  # fmt: skip


def _rl(rgb: tuple[float, float, float]) -> object:
    from reportlab.lib.colors import Color

    return Color(*rgb)


def _banner(canvas: Canvas, info: ProofInfo, box: Box) -> None:
    """The loud sample-data warning: white on red, as long as sample organisations remain."""
    if not info.sample_warning:
        return
    canvas.setFillColorRGB(*RED)
    canvas.rect(box.x, box.y, box.w, box.h, stroke=0, fill=1)
    size = 11.0
    lines = wrap(info.sample_warning, box.w - 6 * MM, size, True)
    while len(lines) * size * 1.2 > box.h - 2 * MM and size > 6:
        size -= 0.5
        lines = wrap(info.sample_warning, box.w - 6 * MM, size, True)
    y = box.top - (box.h - len(lines) * size * 1.2) / 2 - size * 0.95
    for line in lines:
        _text(canvas, line, box.x + 3 * MM, y, size, (1, 1, 1), bold=True)
        y -= size * 1.2


def _head(canvas: Canvas, info: ProofInfo, width: float, top: float, page_name: str, margin: float) -> None:
    """Proof mark, round, build date and data version: one line at the top of every page."""
    _text(canvas, PROOF_MARK, margin, top, 10, RED, bold=True)
    _text(canvas, f"{info.line} · {page_name}", width - margin, top - 10, 8, GREY, align="right")


def _new_page(canvas: Canvas, section: _Section, size: tuple[float, float]) -> None:
    if section.pages:
        canvas.showPage()
    canvas.setPageSize(size)
    section.pages += 1


# --- problems first -------------------------------------------------------------------------------------------


def _problem_pages(canvas: Canvas, section: _Section, info: ProofInfo, problems: Sequence[ProblemSection]) -> None:
    width, height = A4_PORTRAIT
    margin = LIST_MARGIN
    comment_h = 32 * MM
    bottom = margin + comment_h + 8 * MM
    text_w = width - 2 * margin
    first = section.pages
    number = 0

    def start() -> float:
        nonlocal number
        _new_page(canvas, section, A4_PORTRAIT)
        number += 1
        _head(canvas, info, width, height - margin, f"Zu entscheiden {number}", margin)
        top = height - margin - 9 * MM
        if info.sample_warning:
            _banner(canvas, info, Box(margin, top - 16 * MM, text_w, 16 * MM))
            top -= 20 * MM
        _comment_field(canvas, f"korrektur-zu-entscheiden-{number}", Box(margin, margin, text_w, comment_h),
                       "Ihre Entscheidungen und Korrekturen zu dieser Seite (hier tippen):")  # fmt: skip
        return top

    y = start()
    section.labels.append((first, "Zu entscheiden ", True))
    section.outline.append(("Zu entscheiden", first, 0))
    y -= 14
    _text(canvas, "Vor dem Druck zu entscheiden", margin, y, 18, DARK, bold=True)
    y -= 8 * MM
    total = sum(len(p.findings) for p in problems)
    for line in wrap(f"{total} Punkte. Jede Zeile nennt die Datei und Zeile, in der die Angabe steht. Erst wenn "
                     "diese Liste leer ist oder jeder Punkt bewusst entschieden wurde, geht der Kalender in den "
                     "Druck.", text_w, 9.5):  # fmt: skip
        _text(canvas, line, margin, y, 9.5, DARK)
        y -= 12
    for problem in problems:
        y -= 6
        if y - 30 < bottom:
            y = start() - 14
        _text(canvas, f"{problem.heading} ({len(problem.findings)})", margin, y, 11.5, RED if problem.findings
              else DARK, bold=True)  # fmt: skip
        y -= 15
        for finding in problem.findings or ("nichts gefunden",):
            lines = wrap(finding, text_w - 5 * MM, 8.5)
            if y - len(lines) * 10.5 < bottom:
                y = start() - 14
            _text(canvas, "•" if problem.findings else "–", margin + 1 * MM, y, 8.5, DARK)
            for line in lines:
                _text(canvas, line, margin + 5 * MM, y, 8.5, DARK)
                y -= 10.5
            y -= 2


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
    section.sheets.append((proof_index, index, placement))
    ox, oy = placement.x + page.bleed, placement.y + page.bleed  # trim origin on the sheet

    canvas.saveState()
    canvas.translate(ox, oy)
    _guides(canvas, page)
    month = dict((id(p), m) for m, p in month_pages(pages)).get(id(page))
    marked = _changed_cells(canvas, page, info.year, month, changed) if month is not None else 0
    canvas.restoreState()

    top = height - SHEET_MARGIN / 2 - 4
    inside = SHEET_MARGIN + page.bleed + 4 * MM  # clear of the trim ticks
    _text(canvas, PROOF_MARK, inside, top, 14, RED, bold=True)
    _text(canvas, f"{info.line} · {name}", width - inside, top - 14, 10, GREY, align="right")
    legend = [("Endformat (Beschnitt)", TRIM_COLOUR), ("Anschnitt 3 mm", BLEED_COLOUR),
              ("Sicherheitsabstand", SAFE_COLOUR), ("Bindung/Aufhänger: nur Hintergrund", BINDING_COLOUR)]  # fmt: skip
    if marked:
        legend.append((f"seit Korrektur {info.previous} geändert", CHANGED_COLOUR))
    x = SHEET_MARGIN
    y = SHEET_FOOTER + SHEET_MARGIN / 2 - 3
    for label, colour in legend:
        canvas.setStrokeColorRGB(*colour)
        canvas.setLineWidth(1.2)
        canvas.line(x, y + 3, x + 8 * MM, y + 3)
        _text(canvas, label, x + 10 * MM, y, 9, DARK)
        x += 10 * MM + metrics.measure(label, 9) + 8 * MM
    banner_h = 12 * MM if info.sample_warning else 0.0
    comment = Box(SHEET_MARGIN, 4 * MM, width - 2 * SHEET_MARGIN, SHEET_FOOTER - 14 * MM - banner_h)
    if info.sample_warning:
        _banner(canvas, info, Box(SHEET_MARGIN, comment.top + 7 * MM, comment.w, banner_h))
    _comment_field(canvas, f"korrektur-{name.lower()}", comment, f"Korrekturen zur Seite „{name}“ (hier tippen):")


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


# --- the review list ----------------------------------------------------------------------------------------


#: column title and width in mm (the last takes the rest)
COLUMNS = (("Datum", 29.0), ("Name", 60.0), ("Tradition / Organisation", 40.0), ("Quelle", 72.0), ("Hinweise", 0.0))
LIST_SIZE = 7.5
LIST_LEADING = 9.2


class _ListWriter:
    """Flows headings, text lines and table rows over A4 landscape pages with a head line and comment field."""

    def __init__(self, canvas: Canvas, section: _Section, info: ProofInfo) -> None:
        self.canvas, self.section, self.info = canvas, section, info
        self.width, self.height = A4_LANDSCAPE
        self.margin = LIST_MARGIN
        self.comment_h = 20 * MM
        self.bottom = self.margin + self.comment_h + 7 * MM
        self.number = 0
        self.y = 0.0
        self.table_open = False
        fixed = sum(w for _, w in COLUMNS) * MM
        self.widths = [w * MM if w else self.width - 2 * self.margin - fixed for _, w in COLUMNS]

    @property
    def text_w(self) -> float:
        return self.width - 2 * self.margin

    def page(self) -> None:
        _new_page(self.canvas, self.section, A4_LANDSCAPE)
        self.number += 1
        if self.number == 1:
            self.section.labels.append((self.section.pages - 1, "Prüfliste ", True))
            self.section.outline.append(("Prüfliste", self.section.pages - 1, 0))
        _head(self.canvas, self.info, self.width, self.height - self.margin, f"Prüfliste {self.number}", self.margin)
        self.y = self.height - self.margin - 9 * MM
        if self.info.sample_warning:
            _banner(self.canvas, self.info, Box(self.margin, self.y - 10 * MM, self.text_w, 10 * MM))
            self.y -= 13 * MM
        _comment_field(self.canvas, f"korrektur-pruefliste-{self.number}",
                       Box(self.margin, self.margin, self.text_w, self.comment_h),
                       "Korrekturen zu den Einträgen dieser Seite (hier tippen):")  # fmt: skip
        if self.table_open:
            self.table_head()

    def need(self, height: float) -> None:
        if self.number == 0 or self.y - height < self.bottom:
            self.page()

    def heading(self, text: str, bookmark: str | None = None, size: float = 13) -> None:
        self.table_open = False
        self.need(size * 2 + 8 * LIST_LEADING)  # never a heading alone at the foot of a page
        self.y -= size * 1.2
        _text(self.canvas, text, self.margin, self.y, size, DARK, bold=True)
        if bookmark:
            self.section.outline.append((bookmark, self.section.pages - 1, 1))
        self.y -= size * 0.6

    def paragraph(self, text: str, size: float = 8.5, colour: tuple[float, float, float] = DARK,
                  bold: bool = False, indent: float = 0.0) -> None:  # fmt: skip
        lines = wrap(text, self.text_w - indent, size, bold)
        self.need(len(lines) * size * 1.25)
        for line in lines:
            self.y -= size * 1.25
            _text(self.canvas, line, self.margin + indent, self.y, size, colour, bold)
        self.y -= size * 0.3

    def table_head(self) -> None:
        self.table_open = True
        self.need(LIST_LEADING * 4)
        self.y -= LIST_LEADING + 2
        x = self.margin
        for (title, _), w in zip(COLUMNS, self.widths, strict=True):
            _text(self.canvas, title, x + 1.2 * MM, self.y, LIST_SIZE, GREY, bold=True)
            x += w
        self.y -= 3
        self.canvas.setStrokeColorRGB(*GREY)
        self.canvas.setLineWidth(0.6)
        self.canvas.line(self.margin, self.y, self.margin + self.text_w, self.y)

    def row(self, cells: list[list[tuple[str, bool]]], shaded: bool) -> None:
        """One entry: per column a list of (text, bold) paragraphs, wrapped to the column."""
        wrapped: list[list[tuple[str, bool]]] = []
        for paragraphs, w in zip(cells, self.widths, strict=True):
            lines: list[tuple[str, bool]] = []
            for text, bold in paragraphs:
                lines += [(line, bold) for line in wrap(text, w - 2.4 * MM, LIST_SIZE, bold)]
            wrapped.append(lines)
        height = max(len(lines) for lines in wrapped) * LIST_LEADING + 4
        self.need(height)
        if shaded:
            self.canvas.setFillColorRGB(*LIGHT)
            self.canvas.rect(self.margin, self.y - height, self.text_w, height, stroke=0, fill=1)
        x = self.margin
        for lines, w in zip(wrapped, self.widths, strict=True):
            y = self.y - LIST_LEADING + 1
            for text, bold in lines:
                _text(self.canvas, text, x + 1.2 * MM, y, LIST_SIZE, DARK, bold)
                y -= LIST_LEADING
            x += w
        self.y -= height


def _list_pages(canvas: Canvas, section: _Section, info: ProofInfo, entries: Sequence[ReviewEntry],
                changes: Changes | None) -> None:  # fmt: skip
    writer = _ListWriter(canvas, section, info)
    writer.heading(f"Prüfliste {info.year}: jeder Eintrag mit Quelle und Hinweisen", size=16)
    writer.paragraph(
        "Bitte jedes Datum mit der Quelle vergleichen. „Quelle“ nennt die Regel in Worten oder die Tabelle und die "
        "Stelle in den Daten (Datei:Zeile); unter „Hinweise“ stehen Vorbehalte wie Beginn am Vorabend oder "
        "mögliche Abweichung um einen Tag. Wo Autoritäten verschiedene Daten nennen, stehen beide da."
    )
    _change_list(writer, info, changes)
    by_month: dict[int, list[ReviewEntry]] = {m: [] for m in range(1, 13)}
    for entry in entries:
        day = date.fromisoformat(entry.date)
        by_month[day.month if day.year == info.year else 1].append(entry)
    for month in range(1, 13):
        items = by_month[month]
        noun = "Eintrag" if len(items) == 1 else "Einträge"
        writer.heading(f"{MONTHS_DE[month - 1]} {info.year} – {len(items)} {noun}", MONTHS_DE[month - 1])
        if not items:
            writer.paragraph("Keine Einträge.")
            continue
        writer.table_head()
        for number, entry in enumerate(items):
            writer.row(_entry_cells(entry, info), shaded=number % 2 == 1)


def _entry_cells(entry: ReviewEntry, info: ProofInfo) -> list[list[tuple[str, bool]]]:
    dates = [(_date_text(entry.date), True)]
    if entry.end != entry.date:
        dates.append((f"bis {_date_text(entry.end)}", False))
    names = [(entry.name, True)]
    if entry.original_name:
        names.append((entry.original_name, False))
    kind = "Fest" if entry.kind == "festival" else "Termin"
    group = [(info.groups.get(entry.group, entry.group), False), (kind, False)]
    caveats = [(f"• {c}", False) for c in entry.caveats] or [("–", False)]
    return [dates, names, group, [(entry.source, False)], caveats]


def change_lines(changes: Changes, groups: dict[str, str]) -> list[str]:
    """One line per change, each starting with NEU, ENTFERNT, VERSCHOBEN or UMBENANNT (also for tests)."""

    def who(entry: ReviewEntry) -> str:
        return groups.get(entry.group, entry.group)

    lines = [f"NEU: {_date_text(e.date)} {e.name} ({who(e)}) – {e.source}" for e in changes.added]
    lines += [f"ENTFERNT: {_date_text(e.date)} {e.name} ({who(e)})" for e in changes.removed]
    lines += [
        f"VERSCHOBEN: {new.name} ({who(new)}): {_date_text(old.date)} → {_date_text(new.date)}"
        + (f" (bis {_date_text(new.end)})" if new.end != new.date else "")
        for old, new in changes.moved
    ]
    lines += [
        f"UMBENANNT: {_date_text(new.date)} „{old.name}“ → „{new.name}“ ({who(new)})"
        + (
            f", Originalname „{old.original_name}“ → „{new.original_name}“"
            if old.original_name != new.original_name
            else ""
        )  # fmt: skip
        for old, new in changes.renamed
    ]
    return lines


def _change_list(writer: _ListWriter, info: ProofInfo, changes: Changes | None) -> None:
    if changes is None:
        writer.heading("Änderungen: erster Korrekturabzug", "Änderungen")
        writer.paragraph("Dies ist der erste Korrekturabzug dieser Ausgabe; der nächste zeigt hier, was sich seither "
                         "geändert hat.")  # fmt: skip
        return
    writer.heading(f"Änderungen seit Korrekturabzug {info.previous}", "Änderungen")
    if changes.empty:
        writer.paragraph(f"Keine Einträge hinzugekommen, entfallen, verschoben oder umbenannt seit Korrekturabzug "
                         f"{info.previous}.")  # fmt: skip
        return
    counts = (f"{len(changes.added)} neu, {len(changes.removed)} entfernt, {len(changes.moved)} verschoben, "
              f"{len(changes.renamed)} umbenannt")  # fmt: skip
    writer.paragraph(f"{counts}. Geänderte Tage sind auf den Monatsseiten violett umrandet.")
    for line in change_lines(changes, info.groups):
        writer.paragraph(line, size=8.5, colour=CHANGED_COLOUR if line.startswith("ENTFERNT") else DARK)


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


__all__ = ["PROOF_MARK", "ProofInfo", "change_lines", "render_proof_pdf", "wrap", "day_label"]
