"""ReportLab TrueType fonts, loaded without ReportLab's slow per-number reading of the big tables.

ReportLab's `TTFontFile.extractInfo` reads the character map, the horizontal metrics and the glyph locations one
16-bit number at a time through a method call each; for the CJK and Hangul files (tens of thousands of
characters and glyphs) that is most of the time a print PDF spends on fonts. `FastTTFont` builds exactly the same
tables (same contents, same dictionary order) with bulk `struct` reads, and lets ReportLab itself read everything
else (names, header, OS/2, post, hhea, maxp). Character map formats other than 4 and 12 go through ReportLab's
own reader unchanged. The face maps its file rather than reading it whole (`_ttf_data` is an mmap with the
bytes ReportLab would read). `FastTTFont` runs ReportLab's own `TTFont` constructor with that face. The tests
compare every attribute of font and face with a stock `TTFont`'s for every shipped font; pyproject.toml pins ReportLab
to the minor version this was checked against (5.1): its reader is what this mirrors.

Stock `TTFont` needs about 0.44 s for all shipped fonts (0.38 s of it for the three CJK/Hangul files), this
0.09 s (best of five, 2-core machine, ReportLab 5.1.0).
"""

from __future__ import annotations

import mmap
import struct
import types
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

#: a font file's contents: mapped (see `FastTTFontFace.readFile`) or, where it cannot be, read
FontData = bytes | mmap.mmap


class FastTTFontFace(TTFontFace):
    """A `TTFontFace` whose character map, metrics and glyph locations are read in bulk, from the file mapped
    into memory rather than read whole."""

    def readFile(self, f: Any) -> None:  # noqa: N802 - ReportLab's name
        """The file mapped read-only (`_ttf_data` holds what ReportLab's read gives, as an mmap): a print PDF
        embeds a few dozen of a CJK font's 30,000 glyphs, so most of its 4 MB is never read and never held (every
        shipped font loaded holds 34 MiB instead of 50). A file that cannot be mapped
        (a file object, an empty or missing file) goes to ReportLab's reader, which says what is wrong, and so does
        a face asked to validate (its whole-file checksum takes bytes only)."""
        if isinstance(f, str) and not self.validate and not hasattr(self, "_ttf_data"):
            try:
                with open(f, "rb") as file:
                    self._ttf_data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                pass
            else:
                self.filename = f
        super().readFile(f)

    def extractInfo(self, charInfo: int = 1) -> None:  # noqa: N802 - ReportLab's name
        if not charInfo:
            super().extractInfo(charInfo)
            return
        data: FontData = self._ttf_data
        cmap = self._cmap_subtable(data)
        if cmap is None or _ushort(data, cmap) not in (4, 12):
            super().extractInfo(charInfo)  # an unusual character map: ReportLab's own reader
            return
        super().extractInfo(0)  # the small tables, read as ReportLab reads them
        head = self.table["head"]["offset"]
        index_to_loc_format = _ushort(data, head + 50)
        if _ushort(data, head + 52) != 0:
            raise TTFError(f"Unknown glyph data format ({_ushort(data, head + 52)})")
        number_of_hmetrics = _ushort(data, self.table["hhea"]["offset"] + 34)
        num_glyphs: int = self.numGlyphs
        char_to_glyph, glyph_to_char = _read_cmap(data, cmap)
        self.charToGlyph = char_to_glyph
        self.glyphToChar = glyph_to_char

        scale = self._pdfScale
        hmtx = self.table["hmtx"]["offset"]
        pairs = struct.unpack_from(f">{2 * number_of_hmetrics}H", data, hmtx)
        advances = list(pairs[0::2])
        # Equal (advance, side bearing) pairs are one tuple: a CJK font has some 50,000 glyphs but a few hundred
        # distinct pairs, so the table takes 0.1 MB instead of 3 MB (the list is equal to ReportLab's all the same).
        same: dict[tuple[Any, int], tuple[Any, int]] = {}
        pairs_read = zip(advances, pairs[1::2], strict=True)
        hmetrics: list[tuple[Any, int]] = [same.setdefault(pair, pair) for pair in pairs_read]
        rest = num_glyphs - number_of_hmetrics
        if rest > 0:
            # ReportLab stores the last advance already scaled to 1/1000 em for these glyphs: kept as it is
            last = scale(advances[-1])
            lsbs = struct.unpack_from(f">{rest}H", data, hmtx + 4 * number_of_hmetrics)
            same_last: dict[tuple[Any, int], tuple[Any, int]] = {}  # apart: a float advance equals an int one as a key
            hmetrics.extend([same_last.setdefault(pair, pair) for pair in zip([last] * rest, lsbs, strict=True)])
            advances.extend([advances[-1]] * rest)
        self.hmetrics = hmetrics
        self.defaultWidth = scale(advances[0])
        char_widths: dict[int, float] = {}
        scaled: dict[int, float] = {}
        for glyph in sorted(g for g in glyph_to_char if 0 <= g < num_glyphs):
            aw = advances[glyph]
            width = scaled.get(aw)
            if width is None:
                width = scaled[aw] = scale(aw)
            for char in glyph_to_char[glyph]:
                char_widths[char] = width
        self.charWidths = char_widths

        if "loca" not in self.table:
            raise TTFError("missing location table")
        loca = self.table["loca"]["offset"]
        if index_to_loc_format == 0:
            self.glyphPos = [v << 1 for v in struct.unpack_from(f">{num_glyphs + 1}H", data, loca)]
            self._pos = loca + 2 * (num_glyphs + 1)
        elif index_to_loc_format == 1:
            self.glyphPos = list(struct.unpack_from(f">{num_glyphs + 1}L", data, loca))
            self._pos = loca + 4 * (num_glyphs + 1)
        else:
            raise TTFError(f"Unknown location table format ({index_to_loc_format})")
        if 0x20 in char_to_glyph:
            char_to_glyph[0xA0] = char_to_glyph[0x20]
            char_widths[0xA0] = char_widths[0x20]
        elif 0xA0 in char_to_glyph:
            char_to_glyph[0x20] = char_to_glyph[0xA0]
            char_widths[0x20] = char_widths[0xA0]

    def _cmap_subtable(self, data: FontData) -> int | None:
        """Absolute offset of the character map subtable ReportLab would choose (same rules, same order)."""
        if "cmap" not in self.table:
            return None
        cmap_offset = self.table["cmap"]["offset"]
        version, count = struct.unpack_from(">HH", data, cmap_offset)
        if count == 0 and version != 0:
            count = version
        encoffs = None
        enc = 0
        for n in range(count):
            platform, encoding, offset = struct.unpack_from(">HHL", data, cmap_offset + 4 + 8 * n)
            if platform == 3:
                enc = 1
                encoffs = offset
            elif platform == 1 and encoding == 0 and enc != 1:
                enc = 2
                encoffs = offset
            elif platform == 1 and encoding == 1:
                enc = 1
                encoffs = offset
            elif platform == 0 and encoding != 5:
                enc = 1
                encoffs = offset
        return None if encoffs is None else cmap_offset + encoffs


def _ushort(data: FontData, pos: int) -> int:
    return int(struct.unpack_from(">H", data, pos)[0])


def _read_cmap(data: FontData, at: int) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Character to glyph and glyph to characters of a format 4 or 12 subtable, as ReportLab builds them."""
    char_to_glyph: dict[int, int] = {}
    glyph_to_char: dict[int, list[int]] = {}
    fmt = _ushort(data, at)
    if fmt == 12:
        (groups,) = struct.unpack_from(">L", data, at + 12)
        values = struct.unpack_from(f">{3 * groups}L", data, at + 16)
        for n in range(groups):
            start, end, first = values[3 * n : 3 * n + 3]
            inc = first - start
            for unichar in range(start, end + 1):
                glyph = unichar + inc
                char_to_glyph[unichar] = glyph
                glyph_to_char.setdefault(glyph, []).append(unichar)
        return char_to_glyph, glyph_to_char
    length = _ushort(data, at + 2)
    limit = at + length
    seg_count = _ushort(data, at + 6) // 2
    ends = struct.unpack_from(f">{seg_count}H", data, at + 14)
    starts = struct.unpack_from(f">{seg_count}H", data, at + 16 + 2 * seg_count)
    deltas = struct.unpack_from(f">{seg_count}h", data, at + 16 + 4 * seg_count)
    range_start = at + 16 + 6 * seg_count  # where idRangeOffset[0] lies
    range_offsets = struct.unpack_from(f">{seg_count}H", data, range_start)
    for n in range(seg_count):
        start, end, delta, range_offset = starts[n], ends[n], deltas[n], range_offsets[n]
        if end < start:
            continue
        if range_offset == 0:
            for unichar in range(start, end + 1):
                glyph = (unichar + delta) & 0xFFFF
                char_to_glyph[unichar] = glyph
                glyph_to_char.setdefault(glyph, []).append(unichar)
            continue
        base = range_start + 2 * n + range_offset  # glyph index of `start`
        inside = max(0, min(end - start + 1, (limit - base + 1) // 2))  # entries that start before the limit
        ids = struct.unpack_from(f">{inside}H", data, base) if inside else ()
        for k, unichar in enumerate(range(start, end + 1)):
            glyph = ids[k] if k < inside else 0  # beyond the subtable: glyph 0, as ReportLab does
            if glyph != 0:
                glyph = (glyph + delta) & 0xFFFF
            char_to_glyph[unichar] = glyph
            glyph_to_char.setdefault(glyph, []).append(unichar)
    return char_to_glyph, glyph_to_char


def _init_with_face(face_class: type[TTFontFace]) -> Callable[..., None]:
    """ReportLab's own `TTFont.__init__`, run as it is, except that the face it makes is a `face_class`.

    The function is ReportLab's code object with a copy of its module's globals in which `TTFontFace` names
    `face_class`; ReportLab's module is left untouched (no patching, safe in threads). Whatever a later
    ReportLab sets in its constructor is set here too; the tests compare every attribute with a stock TTFont.
    """
    init = TTFont.__init__
    names = dict(init.__globals__, TTFontFace=face_class)
    return types.FunctionType(init.__code__, names, init.__name__, init.__defaults__, init.__closure__)


class FastTTFont(TTFont):
    """`TTFont` whose face is a `FastTTFontFace`; everything else is ReportLab's constructor as it stands."""

    __init__ = _init_with_face(FastTTFontFace)
