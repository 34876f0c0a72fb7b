"""Shaped lines in the build cache: a line read back is the line HarfBuzz made, field for field and float for float;
a record is found only under the text, style, language and font files that made it; a damaged, undecodable or
missing record costs only the shaping (builds and checks from such caches: tests/test_layout_caches.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.cache import Memo, read_pack
from calendar_builder.errors import Location
from calendar_builder.text import shaping
from calendar_builder.text.fonts import FONT_DIR, FontBook
from calendar_builder.text.shape_cache import NAMESPACE, decode, encode, fonts_digest, memo_version, shaping_through
from calendar_builder.text.shaping import CoverageError, ShapedLine, check_coverage, shape
from tests.text.samples import SAMPLES

#: strings of every script the calendar prints, mixed directions, marks, symbols, blanks and an empty line
LINES = tuple(
    dict.fromkeys(
        [
            *(sample.text for sample in SAMPLES),
            "Pessach (פסח) – 15. Nisan",
            "Newroz نوروز 2027 ☀",
            "Tết 春节 설날 ✡ ☪",
            "",
            "  ",
        ]
    )
)
#: (text, language) of the samples that give HarfBuzz a language
WITH_LANGUAGE = tuple((sample.text, sample.lang) for sample in SAMPLES if sample.lang)
#: words of the samples, numbers and punctuation, to put together lines of mixed scripts and directions (whole
#: words: a vowel sign on its own after a Latin letter is in no shipped font)
WORDS = sorted({word for sample in SAMPLES for word in sample.text.split()} | set("0123456789.,:;()–„“☀✡"))
#: a Runic letter: no shipped font has it
UNCOVERED = "Fest ᚠ"
WHERE = Location("data/holidays.yaml", 12, "names.de")


def _fresh_book(font_dir: Path = FONT_DIR) -> FontBook:
    """A book of its own: the shaping functions' in-process caches are keyed by the book, so nothing is remembered
    from another test."""
    return FontBook(font_dir)


def _fonts(book: FontBook) -> frozenset[str]:
    return frozenset(path.stem for path in book.font_dir.glob("*.ttf"))


def _same(a: ShapedLine, b: ShapedLine) -> None:
    """The same line: the same runs in the same fonts with the same glyphs at the same (exact) positions."""
    assert (a.text, a.size, a.style, a.em_width) == (b.text, b.size, b.style, b.em_width)
    assert len(a.runs) == len(b.runs)
    for x, y in zip(a.runs, b.runs, strict=True):
        assert (x.face.key, x.face.path) == (y.face.key, y.face.path)
        assert (x.text, x.start, x.rtl, x.script, x.advance) == (y.text, y.start, y.rtl, y.script, y.advance)
        assert x.glyphs == y.glyphs


def _no_shaping(*args: object) -> NoReturn:
    raise AssertionError(f"shaped although the cache holds the line: {args!r}")


@pytest.mark.parametrize("style", ["sans", "bold", "serif"])
def test_a_record_gives_back_the_line_it_was_made_from(style: str) -> None:
    book = FontBook.default()
    cases = [(text, None) for text in LINES] + list(WITH_LANGUAGE)
    for text, lang in cases:
        line = shaping._shape_now(book, text, style, lang)
        back = decode(encode(line), book, text, style, _fonts(book))
        _same(back, line)
        assert all(x.face is y.face for x, y in zip(back.runs, line.runs, strict=True))  # the book's own faces


@given(
    st.lists(st.sampled_from(WORDS), max_size=8),
    st.sampled_from([" ", "", " – "]),
    st.sampled_from(["sans", "bold", "serif"]),
)
def test_any_line_of_the_printed_scripts_survives_the_record(words: list[str], space: str, style: str) -> None:
    text = space.join(words)
    book = FontBook.default()
    line = shaping._shape_now(book, text, style, None)
    _same(decode(encode(line), book, text, style, _fonts(book)), line)


def test_a_warm_store_shapes_nothing_and_gives_the_same_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    cold = Memo(NAMESPACE, memo_version())
    book = _fresh_book()
    with shaping_through(cold):
        made = [shape(text, 9.5, style, book=book) for text in LINES for style in ("sans", "bold")]
        verdicts = [check_coverage(text, WHERE, "x", book=book) for text in LINES]
    assert (cold.hits, cold.misses) == (0, 3 * len(LINES))
    assert verdicts == [[] for _ in LINES]

    warm = Memo(NAMESPACE, memo_version(), read_pack(cold.pack()))
    monkeypatch.setattr(shaping, "_shape_now", _no_shaping)
    monkeypatch.setattr(shaping, "_itemise", _no_shaping)
    book = _fresh_book()
    with shaping_through(warm):
        widths = [shaping.em_width(text, style, book=book) for text in LINES for style in ("sans", "bold")]
        read = [shape(text, 9.5, style, book=book) for text in LINES for style in ("sans", "bold")]
        assert [check_coverage(text, WHERE, "x", book=book) for text in LINES] == verdicts
    assert (warm.hits, warm.misses) == (3 * len(LINES), 0)  # each record counted once, however often read
    assert widths == [line.em_width for line in made]
    assert not warm.changed
    for a, b in zip(read, made, strict=True):
        _same(a, b)
    assert shaping._store is None  # the store is put away when the block ends


def test_a_character_no_font_has_is_reported_and_never_recorded() -> None:
    memo = Memo(NAMESPACE, memo_version())
    book = _fresh_book()
    without = check_coverage(UNCOVERED, WHERE, "fest", book=book)
    assert len(without) == 1 and "U+16A0" in without[0].message
    with shaping_through(memo):
        assert check_coverage(UNCOVERED, WHERE, "fest", book=_fresh_book()) == without
        with pytest.raises(CoverageError, match="U\\+16A0"):
            shape(UNCOVERED, 10.0, book=_fresh_book())
    assert read_pack(memo.pack()) == {}


def test_an_undecodable_record_is_shaped_again_and_replaced() -> None:
    """A record under the right key that does not describe the line (it cannot pass the pack's check unless the
    key was forged): the line is shaped afresh, and the good record takes its place."""
    book = _fresh_book()
    text = "Newroz نوروز 2027 ☀"
    right = encode(shaping._shape_now(book, text, "sans", None))
    for bad in (b"", b"\x00" * 7, right[:-3], right + b"\x00", right.replace(b"NotoSans-Regular", b"NotoSans-Missing")):
        probe = Memo(NAMESPACE, memo_version())
        key = probe.key(("line", fonts_digest(FONT_DIR), text, "sans", None))
        memo = Memo(NAMESPACE, memo_version(), {key: bad})
        with shaping_through(memo):
            line = shape(text, 1.0, book=_fresh_book())
        _same(line, shaping._shape_now(book, text, "sans", None))
        assert read_pack(memo.pack()) == {key: right}
        memo = Memo(NAMESPACE, memo_version(), {key: bad})
        with shaping_through(memo):
            assert shaping.em_width(text, book=_fresh_book()) == line.em_width
        assert read_pack(memo.pack()) == {key: right}


def test_other_font_files_find_nothing(tmp_path: Path) -> None:
    """A changed font file (here: one byte more at the end, which HarfBuzz does not read) is another key."""
    stored = Memo(NAMESPACE, memo_version())
    with shaping_through(stored):
        for text in LINES:
            shape(text, 10.0, book=_fresh_book())
    fonts = tmp_path / "fonts"
    shutil.copytree(FONT_DIR, fonts)
    with (fonts / "NotoSans-Regular.ttf").open("ab") as stream:
        stream.write(b"\0")
    other = Memo(NAMESPACE, memo_version(), read_pack(stored.pack()))
    with shaping_through(other):
        for text in LINES:
            shape(text, 10.0, book=_fresh_book(fonts))
    assert (other.hits, other.misses) == (0, len(LINES))
