"""Small print PDFs for the preflight tests: one clean CMYK page, and the same page with one fault planted.

Built with ReportLab the way the print renderer builds its pages (TrueType fonts, CMYK colours, bleed drawn by
hand, boxes set explicitly), then made PDF/X by the writer the print PDF uses (calendar_builder.render.pdfx).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.render.pdfx import DocumentInfo, OutputIntent, write_pdfx
from calendar_builder.resources import icc_profile

# the FOGRA39 profile shipped with the package (the same file as Debian's scribus-data has)
ICC_PROFILE = icc_profile()
FOGRA39 = OutputIntent(ICC_PROFILE, "FOGRA39", "ISO Coated v2 300% (basICColor), FOGRA39, ISO 12647-2:2004")
CREATED = datetime(2026, 1, 1, tzinfo=UTC)
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian: fonts-dejavu-core
FONT = "DejaVuSans"

TRIM_W, TRIM_H, BLEED = 297 * mm, 420 * mm, 3 * mm

FAULTS = (
    "rgb-text", "rgb-in-form", "rgb-image", "spot-colour", "helvetica", "binding-text", "side-text", "long-name",
    "helvetica-unused", "ink-320", "lowres-image", "small-text", "scaled-small-text", "logo-in-binding-zone",
    "transparency",
    "wrong-trim", "no-bleedbox", "short-bleed", "no-output-intent", "no-pdfx-keys",
)  # fmt: skip


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))


def cmyk_image(width: int, height: int, cmyk: tuple[int, int, int, int], block: tuple[int, int, int, int] | None = None,
               block_cmyk: tuple[int, int, int, int] = (0, 0, 0, 0)) -> Image.Image:  # fmt: skip
    """A flat CMYK image (0–255 per ink), optionally with a rectangle of another colour."""
    image = Image.new("CMYK", (width, height), cmyk)
    if block is not None:
        image.paste(Image.new("CMYK", (block[2] - block[0], block[3] - block[1]), block_cmyk), block[:2])
    return image


def _place(c: Canvas, image: Image.Image, x: float, y: float, w: float, h: float) -> None:
    c.drawImage(ImageReader(image), x, y, w, h)


def trim_xy(x_mm: float, y_from_top_mm: float) -> tuple[float, float]:
    """Page coordinates (points) of a point given in mm from the trim's top-left corner."""
    return BLEED + x_mm * mm, BLEED + TRIM_H - y_from_top_mm * mm


def build_page(path: Path, faults: Iterable[str] = (), pages: int = 1, runs_per_page: int = 0) -> Path:
    """One A3 calendar-like page (or several), clean unless faults are named; then PDF/X-1a."""
    faults = set(faults)
    unknown = faults - set(FAULTS)
    assert not unknown, unknown
    register_font()
    width, height = TRIM_W + 2 * BLEED, TRIM_H + 2 * BLEED
    rgb = bool(faults & {"rgb-text", "rgb-in-form", "rgb-image", "spot-colour"})  # the canvas would refuse these
    c = Canvas(
        str(path), pagesize=(width, height), invariant=1, pageCompression=1,
        initialFontName=None if faults & {"helvetica", "helvetica-unused"} else FONT,
        enforceColorSpace=None if rgb else "cmyk",
    )  # fmt: skip
    for page in range(pages):
        trim_box = (BLEED, BLEED, BLEED + TRIM_W, BLEED + TRIM_H)
        if "wrong-trim" in faults:
            trim_box = (BLEED, BLEED, BLEED + TRIM_W, BLEED + TRIM_H - 1 * mm)
        c.setTrimBox(trim_box)
        if "no-bleedbox" not in faults:
            b = 1 * mm if "short-bleed" in faults else BLEED
            c.setBleedBox((BLEED - b, BLEED - b, BLEED + TRIM_W + b, BLEED + TRIM_H + b))
        # Background runs into the bleed; artwork band at the top across the binding zone into the bleed.
        c.setFillColor(CMYKColor(0.04, 0.02, 0.08, 0))
        c.rect(0, 0, width, height, stroke=0, fill=1)
        band_h_mm = 23
        _place(c, cmyk_image(int(303 / 25.4 * 305) + 1, int(band_h_mm / 25.4 * 305) + 1, (30, 10, 0, 0)),
               0, height - band_h_mm * mm, width, band_h_mm * mm)  # fmt: skip
        # Rich black block within the ink limit (60/40/40/100 = 240 %).
        c.setFillColor(CMYKColor(0.6, 0.4, 0.4, 1.0))
        x, y = trim_xy(20, 200)
        c.rect(x, y, 120 * mm, 40 * mm, stroke=0, fill=1)
        # A photo at 320 ppi whose darkest part carries 280 % ink.
        x, y = trim_xy(180, 120)
        photo = cmyk_image(252, 252, (100, 60, 20, 0), (50, 50, 150, 150), (200, 180, 180, 154))
        _place(c, photo, x, y, 20 * mm, 20 * mm)
        c.setFillColor(CMYKColor(0, 0, 0, 1))
        c.setFont(FONT, 36)
        c.drawString(*trim_xy(20, 40), f"Interkultureller Kalender – Seite {page + 1}")
        c.setFont(FONT, 10)
        c.drawString(*trim_xy(20, 60), "Ausländerrat/Migrationsrat Heidelberg")
        c.setFont(FONT, 6.5)
        c.drawString(*trim_xy(20, 70), "Diwali · Chanukka · Nouruz")
        # Festival-list columns: 50 lines of 6.5 pt per column, three columns (150 text runs per page).
        for start in range(0, runs_per_page, 50):
            column = start // 50
            t = c.beginText(*trim_xy(20 + 90 * (column % 3), 270))
            t.setFont(FONT, 6.5, 7.8)
            for i in range(start, min(start + 50, runs_per_page)):
                t.textLine(f"{i + 1:3d}. Festtag der Gemeinde {i % 7} – eine Zeile")
            c.drawText(t)
        # The planted faults.
        if "rgb-text" in faults:
            c.setFillColorRGB(1, 0, 0)
            c.drawString(*trim_xy(20, 80), "Rot in RGB")
            c.setFillColor(CMYKColor(0, 0, 0, 1))
        if "rgb-in-form" in faults:
            c.beginForm("rgbform")
            c.setFillColorRGB(0, 0.5, 0)
            c.rect(0, 0, 20, 20, stroke=0, fill=1)
            c.endForm()
            c.doForm("rgbform")
        if "rgb-image" in faults:
            _place(c, Image.new("RGB", (300, 300), (10, 200, 30)), *trim_xy(100, 150), 20 * mm, 20 * mm)
        if "spot-colour" in faults:
            c.setFillColor(CMYKColorSep(0, 0.6, 1, 0, spotName="HKS 7 K"))
            c.rect(*trim_xy(200, 250), 20 * mm, 10 * mm, stroke=0, fill=1)
            c.setFillColor(CMYKColor(0, 0, 0, 1))
        if "helvetica" in faults:
            c.setFont("Helvetica", 10)
            c.drawString(*trim_xy(20, 90), "Helvetica ist nicht eingebettet")
        if "binding-text" in faults:
            c.setFont(FONT, 12)
            c.drawString(*trim_xy(140, 12), "Im Bindungsbereich")
        if "side-text" in faults:
            c.setFont(FONT, 10)
            c.drawString(*trim_xy(3, 250), "Zu nah am Rand")
        if "long-name" in faults:
            c.setFont(FONT, 6.5)
            c.drawString(*trim_xy(250, 260), "Geburtstag des Báb und Geburtstag von Bahá'u'lláh (Zwillingsfeiertag)")
        if "ink-320" in faults:
            c.setFillColor(CMYKColor(0.8, 0.8, 0.8, 0.8))
            c.rect(*trim_xy(20, 350), 50 * mm, 20 * mm, stroke=0, fill=1)
            c.setFillColor(CMYKColor(0, 0, 0, 1))
        if "lowres-image" in faults:
            _place(c, cmyk_image(79, 79, (0, 100, 200, 0)), *trim_xy(220, 200), 20 * mm, 20 * mm)  # 100 ppi
        if "small-text" in faults:
            c.setFont(FONT, 5)
            c.drawString(*trim_xy(20, 380), "Fünf Punkt")
        if "scaled-small-text" in faults:
            c.saveState()
            c.translate(*trim_xy(120, 380))
            c.scale(0.4, 0.4)
            c.setFont(FONT, 12)
            c.drawString(0, 0, "Skaliert")
            c.restoreState()
        if "logo-in-binding-zone" in faults:
            _place(c, cmyk_image(240, 120, (0, 0, 0, 200)), *trim_xy(130, 15), 20 * mm, 10 * mm)
        if "transparency" in faults:
            c.saveState()
            c.setFillAlpha(0.5)
            c.setFillColor(CMYKColor(0.5, 0, 0, 0))
            c.rect(*trim_xy(150, 330), 20 * mm, 20 * mm, stroke=0, fill=1)
            c.restoreState()
        c.showPage()
    c.save()
    if "no-pdfx-keys" not in faults:
        make_pdfx(path, "x-1a", "Preflight-Testseite")
    if "no-output-intent" in faults:
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            del pdf.Root[pikepdf.Name.OutputIntents]
            pdf.save(path, deterministic_id=True)
    return path


def make_pdfx(path: Path, standard: str, title: str, intent: OutputIntent = FOGRA39) -> Path:
    """Make the file at `path` PDF/X in place, keeping the boxes it was drawn with."""
    path.write_bytes(write_pdfx(path.read_bytes(), standard, intent, DocumentInfo(title, CREATED)))
    return path
