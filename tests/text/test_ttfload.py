"""The bulk TrueType reader builds exactly the tables ReportLab's own reader builds, for every shipped font."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from calendar_builder.render.ttfload import FastTTFont, FastTTFontFace
from calendar_builder.text.fonts import FONT_DIR

FONTS = sorted(FONT_DIR.glob("*.ttf"))
TABLES = ("charToGlyph", "glyphToChar", "charWidths")


@pytest.mark.parametrize("path", FONTS, ids=[p.stem for p in FONTS])
def test_same_tables_as_reportlab(path: Path) -> None:
    ours, theirs = FastTTFontFace(str(path)), TTFontFace(str(path))
    for name in set(vars(ours)) | set(vars(theirs)):
        if name != "_pdfScale":  # a fresh lambda per instance
            assert getattr(ours, name) == getattr(theirs, name), name
    for name in TABLES:  # same insertion order, so anything iterating them sees the same sequence
        assert list(getattr(ours, name).items()) == list(getattr(theirs, name).items()), name
    assert [tuple(map(type, m)) for m in ours.hmetrics] == [tuple(map(type, m)) for m in theirs.hmetrics]


def test_format_4_segments_reading_past_the_subtable_give_glyph_0(tmp_path: Path) -> None:
    """A broken idRangeOffset pointing beyond the subtable: ReportLab maps those characters to glyph 0."""
    path = FONT_DIR / "NotoSansHebrew-Regular.ttf"
    face = FastTTFontFace(str(path))
    at = face._cmap_subtable(face._ttf_data)
    assert at is not None and struct.unpack_from(">H", face._ttf_data, at)[0] == 4
    seg_count = struct.unpack_from(">H", face._ttf_data, at + 6)[0] // 2
    length = struct.unpack_from(">H", face._ttf_data, at + 2)[0]
    data = bytearray(face._ttf_data)
    first = at + 16 + 6 * seg_count  # idRangeOffset[0]: point it 2 bytes before the end of the subtable
    struct.pack_into(">H", data, first, (at + length - 2 - first) & 0xFFFF)
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(bytes(data))
    ours, theirs = FastTTFontFace(str(broken)), TTFontFace(str(broken))
    assert ours.charToGlyph == theirs.charToGlyph
    assert list(ours.glyphToChar.items()) == list(theirs.glyphToChar.items())
    assert ours.charWidths == theirs.charWidths


def test_font_draws_like_reportlab_font() -> None:
    font = FastTTFont("CB-test-fast", str(FONT_DIR / "NotoSans-Regular.ttf"))
    assert font.fontName == "CB-test-fast"
    assert font.stringWidth("Kalender", 10) > 0
