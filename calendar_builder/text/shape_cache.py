"""Shaped lines of text in the build cache: the HarfBuzz result of a line, kept from one run to the next.

Itemising a line (scripts, bidi levels, font fallback) and shaping its runs is a large part of laying out and
drawing a calendar, and almost every line is the same as in the last run. A line's record is found by everything
that decides its glyphs: the text, the style (which picks the fonts), the language given to HarfBuzz, the contents
of every shipped font file, the source of the text package and the versions of HarfBuzz, python-bidi, fontTools
and the Unicode database. The record holds the runs in drawing order with the exact floats shaping made, so a
line from the cache prints byte for byte like a line shaped afresh. A second kind of record says that a string
is covered by the fonts (the check before layout); a string with a gap is never recorded and is checked afresh.
"""

from __future__ import annotations

import hashlib
import struct
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import starmap
from pathlib import Path
from typing import NamedTuple

from calendar_builder.cache import Memo, code_version, file_digest
from calendar_builder.text import shaping
from calendar_builder.text.fonts import FontBook
from calendar_builder.text.shaping import Run, ShapedLine, glyph_from

#: the namespace of shaped lines in the build cache (.cache/shaped-text.pack)
NAMESPACE = "shaped-text"

#: em width and number of runs of a line
_LINE = struct.Struct("<dH")
#: per run: start and length in the line's text, right-to-left, length of "face key NUL script", glyphs, advance
_RUN = struct.Struct("<II?HId")
#: per glyph: glyph id, cluster, advance, x offset, y offset (as in `Glyph`)
_GLYPH = struct.Struct("<IIddd")


def memo_version() -> str:
    """The version of the namespace: the code that itemises and shapes, and the libraries and data it calls."""
    import bidi
    import fontTools
    import uharfbuzz

    modules = ("calendar_builder.text.shaping", "calendar_builder.text.fonts", "calendar_builder.text.shape_cache")
    # the versions the modules carry: asking the installed distributions would import importlib.metadata (email)
    libraries = (
        f"uharfbuzz {uharfbuzz.__version__} (HarfBuzz {uharfbuzz.version_string()})",
        f"python-bidi {bidi.VERSION}",
        f"fonttools {fontTools.version}",
        f"unicode {unicodedata.unidata_version}",
    )
    return "; ".join([code_version(*modules), *libraries])


def fonts_digest(font_dir: Path) -> str:
    """SHA-256 of the name and contents of every font file in the folder: another font file is another key."""
    digest = hashlib.sha256()
    for path in sorted(font_dir.glob("*.ttf")):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(bytes.fromhex(file_digest(path)))
    return digest.hexdigest()


class Undecodable(ValueError):
    """A record that does not describe a line of this text with these fonts (never expected: records are checked
    against their key; the line is then shaped afresh)."""


def encode(line: ShapedLine) -> bytes:
    """The record of a line shaped at 1 pt: its runs in drawing order, each with its font, script and glyphs."""
    parts = [_LINE.pack(line.em_width, len(line.runs))]
    for run in line.runs:
        name = f"{run.face.key}\0{run.script}".encode()
        parts.append(_RUN.pack(run.start, len(run.text), run.rtl, len(name), len(run.glyphs), run.advance))
        parts.append(name)
        parts.extend(starmap(_GLYPH.pack, run.glyphs))
    return b"".join(parts)


class _RunHead(NamedTuple):
    start: int
    length: int
    rtl: bool
    key: str
    script: str
    advance: float
    glyphs: slice  # where the run's glyphs are in the record


def _read(data: bytes, text: str, fonts: frozenset[str]) -> tuple[float, list[_RunHead]]:
    """The line's width and its runs' heads, checked to fit the text, the fonts and the record's length."""
    try:
        em_width, count = _LINE.unpack_from(data, 0)
        offset = _LINE.size
        heads: list[_RunHead] = []
        for _ in range(count):
            start, length, rtl, name_length, glyphs, advance = _RUN.unpack_from(data, offset)
            offset += _RUN.size
            key, _, script = data[offset : offset + name_length].decode("utf-8").partition("\0")
            offset += name_length
            end = offset + glyphs * _GLYPH.size
            if start + length > len(text) or end > len(data) or key not in fonts:
                raise Undecodable(f"a run of {text!r} outside the line or in an unknown font {key!r}")
            heads.append(_RunHead(start, length, rtl, key, script, advance, slice(offset, end)))
            offset = end
    except (struct.error, UnicodeDecodeError) as exc:
        raise Undecodable(str(exc)) from exc
    if offset != len(data):
        raise Undecodable(f"{len(data) - offset} bytes after the last run of {text!r}")
    return float(em_width), heads


def decode(data: bytes, book: FontBook, text: str, style: str, fonts: frozenset[str]) -> ShapedLine:
    """The line a record describes, with the book's own faces (so that drawing finds the fonts it embeds);
    `fonts`: the keys of the book's font files."""
    em_width, heads = _read(data, text, fonts)
    runs = tuple(
        Run(
            book.face(head.key),
            text[head.start : head.start + head.length],
            head.start,
            head.rtl,
            head.script,
            tuple(map(glyph_from, _GLYPH.iter_unpack(data[head.glyphs]))),
            head.advance,
        )
        for head in heads
    )
    return ShapedLine(text=text, size=1.0, style=style, runs=runs, em_width=em_width)


def decode_width(data: bytes, text: str, fonts: frozenset[str]) -> float:
    """The width a record gives its line, after the same checks as `decode` but without making the glyphs
    (layout measures thousands of lines and draws none)."""
    return _read(data, text, fonts)[0]


class _Gaps(Exception):
    """A string some character of which no font covers: nothing is recorded for it."""


def _covered(has_gaps: Callable[[], bool]) -> bytes:
    if has_gaps():
        raise _Gaps
    return b""


class ShapeStore:
    """The shaped lines and coverage verdicts of one run, read from and collected into a build cache memo
    (see `shaping.LineStore`)."""

    def __init__(self, memo: Memo) -> None:
        self.memo = memo
        self._fonts: dict[Path, tuple[str, frozenset[str]]] = {}

    def _fonts_of(self, book: FontBook) -> tuple[str, frozenset[str]]:
        """The digest of the book's font files and their keys, once per run."""
        if book.font_dir not in self._fonts:
            keys = frozenset(path.stem for path in book.font_dir.glob("*.ttf"))
            self._fonts[book.font_dir] = (fonts_digest(book.font_dir), keys)
        return self._fonts[book.font_dir]

    def fonts_digest(self, book: FontBook) -> str:
        """The digest of the book's font files (see `fonts_digest`), once per run."""
        return self._fonts_of(book)[0]

    def _line_parts(
        self, book: FontBook, text: str, style: str, lang: str | None
    ) -> tuple[tuple[object, ...], frozenset[str]]:
        """The key parts of a line's record, and the keys of the book's font files (a record names its runs' fonts
        by them)."""
        digest, fonts = self._fonts_of(book)
        return ("line", digest, text, style, lang), fonts

    def _remake(self, parts: tuple[object, ...], make: Callable[[], ShapedLine]) -> ShapedLine:
        line = make()
        self.memo.keep(parts, encode(line))
        return line

    def line(
        self, book: FontBook, text: str, style: str, lang: str | None, make: Callable[[], ShapedLine]
    ) -> ShapedLine:
        parts, fonts = self._line_parts(book, text, style, lang)
        made: list[ShapedLine] = []

        def shape_and_encode() -> bytes:
            made.append(make())
            return encode(made[0])

        data = self.memo.get(parts, shape_and_encode)
        if made:
            return made[0]
        try:
            return decode(data, book, text, style, fonts)
        except Undecodable:
            return self._remake(parts, make)

    def width(self, book: FontBook, text: str, style: str, make: Callable[[], ShapedLine]) -> float:
        """The width at 1 pt of the line (shaped without a language), read without making its glyphs; a line the
        memo lacks is made by `make`, which shapes it through `line` (and so keeps it) or gives a line this process
        shaped through `line` before (see `shaping.use_store`)."""
        parts, fonts = self._line_parts(book, text, style, None)
        data = self.memo.find(parts)
        if data is None:
            return make().em_width
        try:
            return decode_width(data, text, fonts)
        except Undecodable:
            return self._remake(parts, make).em_width

    def covered(self, book: FontBook, text: str, style: str, has_gaps: Callable[[], bool]) -> bool:
        try:
            self.memo.get(("covered", self._fonts_of(book)[0], text, style), _covered, has_gaps)
        except _Gaps:
            return False
        return True


@contextmanager
def shaping_through(memo: Memo) -> Iterator[ShapeStore]:
    """Shape through the memo while the block runs: lines it holds are read, lines it lacks are shaped and added."""
    store = ShapeStore(memo)
    shaping.use_store(store)
    try:
        yield store
    finally:
        shaping.use_store(None)


__all__ = [
    "NAMESPACE",
    "ShapeStore",
    "decode",
    "decode_width",
    "encode",
    "fonts_digest",
    "memo_version",
    "shaping_through",
]
