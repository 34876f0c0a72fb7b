"""The bulk TrueType reader builds exactly the tables ReportLab's own reader builds, for every shipped font."""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from calendar_builder.render.ttfload import FastTTFont, FastTTFontFace
from calendar_builder.text.fonts import FONT_DIR

FONTS = sorted(FONT_DIR.glob("*.ttf"))
TABLES = ("charToGlyph", "glyphToChar", "charWidths")


@pytest.mark.parametrize("path", FONTS, ids=[p.stem for p in FONTS])
def test_same_tables_as_reportlab(path: Path) -> None:
    ours, theirs = FastTTFontFace(str(path)), TTFontFace(str(path))
    assert isinstance(ours._ttf_data, mmap.mmap) and ours._ttf_data[:] == theirs._ttf_data
    for name in set(vars(ours)) | set(vars(theirs)):
        if name not in ("_pdfScale", "_ttf_data"):  # a fresh lambda per instance; the file mapped, compared above
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


def face_attributes(face: TTFontFace) -> dict[str, object]:
    """Every attribute of a face, with the per-instance scaling lambda replaced by what it computes and the file's
    contents as bytes (FastTTFontFace maps the file)."""
    found = dict(vars(face))
    scale = found.pop("_pdfScale")
    found["_pdfScale(values)"] = [scale(v) for v in (0, 1, 7, 1000, 2048, 65535)]
    found["_ttf_data"] = bytes(found["_ttf_data"])
    return found


def font_attributes(font: TTFont) -> dict[str, object]:
    """Every attribute of a font; face, encoding and state (a WeakKeyDictionary) by their contents."""
    found = dict(vars(font))
    found["face"] = (isinstance(font.face, TTFontFace), face_attributes(font.face))
    found["encoding"] = (type(font.encoding), vars(font.encoding))
    found["state"] = (type(font.state), dict(font.state))
    return found


@pytest.mark.parametrize("path", FONTS, ids=[p.stem for p in FONTS])
def test_every_attribute_as_a_stock_ttfont(path: Path) -> None:
    """FastTTFont runs ReportLab's own constructor: the font and its face carry exactly what TTFont's do."""
    ours, theirs = FastTTFont("CB-test", str(path)), TTFont("CB-test", str(path))
    assert type(ours.face) is FastTTFontFace and type(theirs.face) is TTFontFace
    mine, stock = font_attributes(ours), font_attributes(theirs)
    assert sorted(mine) == sorted(stock)
    for name in stock:
        assert mine[name] == stock[name], name
    assert sorted(face_attributes(ours.face)) == sorted(face_attributes(theirs.face))
    for name in ("charToGlyph", "glyphToChar", "charWidths", "glyphWidths", "table"):
        assert list(getattr(ours.face, name).items()) == list(getattr(theirs.face, name).items()), name
    assert ours.shapable == theirs.shapable and ours.stringWidth("Kalender ١٢", 10) == theirs.stringWidth(
        "Kalender ١٢", 10
    )


def test_constructor_arguments_as_a_stock_ttfont() -> None:
    """ReportLab's keyword arguments (and unShapedFontGlob) work as they do for TTFont."""
    path = str(FONT_DIR / "NotoSansArabic-Regular.ttf")
    for kwargs in ({"asciiReadable": 1, "shapable": False}, {"validate": 1}, {"subfontIndex": 0}):
        assert font_attributes(FastTTFont("CB-kw", path, **kwargs)) == font_attributes(TTFont("CB-kw", path, **kwargs))


def test_reportlab_is_the_version_the_loader_was_checked_against() -> None:
    """The pin in pyproject.toml (reportlab>=5.1,<5.2) and the installed ReportLab agree."""
    import reportlab

    assert reportlab.Version.split(".")[:2] == ["5", "1"]
