"""The shipped fonts as ReportLab sees them: registration, and the character code that carries each glyph.

The text layer shapes with HarfBuzz and knows glyph ids only; a PDF shows glyphs through character codes of a
font subset. This module owns that mapping (and ReportLab's global font registry), so nothing outside
`render/` touches ReportLab.
"""

from __future__ import annotations

from functools import cached_property

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from calendar_builder.render.ttfload import FastTTFont
from calendar_builder.text.fonts import Face, FontBook

#: Prefix of the names under which the fonts are registered with ReportLab.
_RL_PREFIX = "CB-"


class PdfFace:
    """ReportLab's view of one shipped face: its registered font and the codes that carry its glyphs."""

    def __init__(self, face: Face) -> None:
        self.face = face
        self._pua: dict[int, int] = {}

    @property
    def rl_name(self) -> str:
        return _RL_PREFIX + self.face.key

    @cached_property
    def rl_font(self) -> TTFont:
        """The ReportLab font, registered once per process (ReportLab's registry is global)."""
        # Ask the registry first: getFont on an unknown name searches the disk for AFM files (seconds).
        font = pdfmetrics.getFont(self.rl_name) if self.rl_name in pdfmetrics.getRegisteredFontNames() else None
        if not isinstance(font, TTFont):
            font = FastTTFont(self.rl_name, str(self.face.path))
            pdfmetrics.registerFont(font)
        return font

    @cached_property
    def private_codes(self) -> dict[int, int]:
        """A fixed private-use code for each glyph that no BMP character maps to.

        The codes depend only on the font (glyphs ranked by id), never on what was drawn before,
        so the same calendar gives the same PDF bytes in any process. Astral characters are carried
        this way too: ReportLab's ToUnicode map cannot express code points above U+FFFF.
        """
        face = self.face
        font = face.hb_font
        carried = {font.get_nominal_glyph(cp) for cp in face.cmap if cp <= 0xFFFF and cp != 0xA0}
        without = [gid for gid in range(face.hb_face.glyph_count) if gid not in carried]
        free = [cp for cp in range(0xE000, 0xF900) if cp not in face.cmap]
        return dict(zip(without, free, strict=False))

    def code_for_glyph(self, gid: int) -> int:
        """A character code that ReportLab maps to glyph `gid`, so that the glyph lands in the subset.

        Glyphs that no character maps to (ligatures, conjuncts, contextual forms) get a private-use
        code; their text then comes from an ActualText span, not from the font's ToUnicode map.
        """
        if gid in self._pua:
            return self._pua[gid]
        face = self.face
        rl_face = self.rl_font.face
        for cp in rl_face.glyphToChar.get(gid, ()):
            # ReportLab turns U+00A0 into a space when it writes text, so never use it as a carrier.
            if cp <= 0xFFFF and cp != 0xA0 and cp in face.cmap and rl_face.charToGlyph.get(cp) == gid:
                self._pua[gid] = cp
                return cp
        cp = self.private_codes.get(gid, 0)
        if not cp:
            raise RuntimeError(f"{face.family}: no private-use code left for glyph {gid}")
        rl_face.charToGlyph[cp] = gid
        rl_face.glyphToChar.setdefault(gid, []).append(cp)
        # HarfBuzz's advance in font units: ReportLab's hmetrics past numberOfHMetrics are already in 1/1000 em.
        rl_face.charWidths[cp] = face.hb_font.get_glyph_h_advance(gid) * 1000.0 / face.upem
        self._pua[gid] = cp
        return cp


_PDF_FACES: dict[Face, PdfFace] = {}


def pdf_face(face: Face) -> PdfFace:
    """The one PdfFace of a shipped face in this process (its carrier codes must stay fixed)."""
    found = _PDF_FACES.get(face)
    if found is None:
        found = _PDF_FACES[face] = PdfFace(face)
    return found


def register_every_face(book: FontBook | None = None) -> list[str]:
    """Register every shipped face now (each is read once per process) and return their names: done before a
    worker is forked, the worker and this process share them instead of each reading them again."""
    return [str(pdf_face(face).rl_font.fontName) for face in (book or FontBook.default()).faces()]


def initial_font_name(book: FontBook | None = None) -> str:
    """Register and return the regular sans font: pass it as a Canvas's initialFontName so that no page refers
    to ReportLab's unembedded Helvetica."""
    face = (book or FontBook.default()).base_face("sans")
    return str(pdf_face(face).rl_font.fontName)
