"""Drawn pages in the build cache: a page whose content and starting point did not change is written again from the
operators it was drawn with last time, not drawn afresh.

Drawing a calendar page means placing hundreds of shaped lines glyph by glyph, and after one festival is renamed
thirteen of the fourteen pages are the same as in the last build. A page's content stream is a pure function of
the page (its elements), the settings it is drawn with (inks, offset, crop marks) and the document's state where
the page starts. That state is what the pages before it filled in: the subset and code every font has given its
glyphs so far, and the fonts' internal names (ReportLab's ExtGState names start afresh on every page). So a record
is found by the SHA-256 of the page's complete contents (a month page's: that of its month-page record), the
settings, and the digest of that state, and it holds:

- the page's operators, in pieces between its live elements;
- the live elements: raster images and SVG logos, which register objects with the document and read files, so
  they are drawn again every time, each with the overprint and graphics state it met. Their files' contents are
  part of the key, and their operators must come out exactly as recorded, or the page is drawn afresh; a page is
  only recorded when its live elements add nothing to the document but what is the same however often it is
  added (an image, a PDF version), so a page given up half-way is drawn as from the start;
- the state the page leaves: each font's subsets and codes, the fonts' internal names, the page's ExtGState names;
- the shaped-text records its drawing read first (as a month page's record lists what its layout read): a page is
  written again only while the cache holds them, and then they are kept, so that the pack stays the build's.

Writing a page again gives the bytes of drawing it, and leaves the document as drawing would, so the next page
meets the state it was recorded with. A page is only recorded when its drawing touched nothing else of the
document and the canvas (no shading, annotation, spot colour or other object but its live elements'). The
namespace's version covers every file of the package and the layout caches' versions (the month-page cache's
version), ReportLab's canvas, document and font modules and its number formatting, and the fonts' digest.
Records are compressed JSON, checked field by field; reading any bytes gives a sound record or nothing (then the
page is drawn); nothing in a record is ever run.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from calendar_builder.cache import DrawnRecords, Memo, code_version, file_digest, package_sources
from calendar_builder.layout.geometry import Image, Page, VectorImage
from calendar_builder.layout.page_cache import record_digest
from calendar_builder.render.pdffonts import pdf_face
from calendar_builder.text.fonts import FontBook

#: the namespaces of drawn pages in the build cache by inks (.cache/drawn-pages-press.pack, -screen.pack)
NAMESPACES = {"press": "drawn-pages-press", "screen": "drawn-pages-screen"}
#: the elements drawn again every time (they read files and register images with the document)
LIVE = (Image, VectorImage)
#: the largest record read, uncompressed (a page's record is about 100 kB)
RECORD_BYTES = 32 * 1024 * 1024
#: the private-use range the carrier codes of glyphs without a character come from (see pdffonts.private_codes)
_PRIVATE = range(0xE000, 0xF900)

#: the memos of the caches the drawing reads through (shaped text), whose records a page's record lists
_watched: tuple[Memo, ...] = ()


def memo_version(pages_version: str, fonts: str) -> str:
    """The month-page cache's version (every file of the package, the layout caches' versions, Python), the
    ReportLab modules that draw a page and write its text and numbers, Pillow's and littleCMS's versions (the
    proof's screen colours) and the fonts' digest."""
    from PIL import ImageCms

    reportlab = ("__init__", "rl_config", "rl_settings", "pdfgen/canvas", "pdfgen/pathobject", "pdfgen/textobject",
                 "pdfbase/pdfdoc", "pdfbase/pdfmetrics", "pdfbase/ttfonts", "lib/colors", "lib/rl_accel")  # fmt: skip
    pillow = package_sources("PIL", ("_version", "ImageCms"))
    colours = f"littleCMS {ImageCms.core.littlecms_version}"
    return "; ".join([pages_version, package_sources("reportlab", reportlab), code_version("_rl_accel"), pillow,
                      colours, fonts])  # fmt: skip


# --- the document's state ---------------------------------------------------------------------------------------


FontState = tuple[str, str | None, int, tuple[tuple[int, ...], ...], tuple[tuple[int, int], ...]]


def _fonts(doc: Any) -> dict[str, FontState]:
    """Each shipped font's state in this document: (name prefix, internal name, next code, subsets, assignments)."""
    states: dict[str, FontState] = {}
    for name, font in pdfmetrics._fonts.items():
        state = font.state.get(doc) if isinstance(font, TTFont) else None
        if state is not None:
            states[name] = (state.namePrefix, state.internalName, state.nextCode,
                            tuple(map(tuple, state.subsets)), tuple(state.assignments.items()))  # fmt: skip
    return states


@dataclass(frozen=True)
class _Start:
    """What a page's drawing reads of the document and the canvas where it starts."""

    fonts: dict[str, FontState]
    mapping: tuple[tuple[str, str], ...]
    delayed: tuple[str, ...]
    gstate: tuple[tuple[str, object], ...]
    names: tuple[tuple[tuple[str, object], str], ...]
    #: the lowest PDF version the document's features need so far
    version: tuple[int, int]

    @classmethod
    def of(cls, canvas: Any) -> _Start:
        doc = canvas._doc
        return cls(
            _fonts(doc),
            tuple(doc.fontMapping.items()),
            tuple(font.fontName for font in doc.delayedFonts),
            tuple(sorted(canvas._extgstate._d.items())),
            tuple(canvas._extgstate._c.items()),
            tuple(doc._pdfVersion),
        )

    def digest(self) -> str:
        state = (sorted(self.fonts.items()), self.mapping, self.delayed, self.gstate, self.names, self.version)
        return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


def _shared(canvas: Any) -> tuple[object, ...]:
    """What a live element must leave as it found it to be recorded: the document's fonts, shadings and the page's
    annotations, colours and other resources (what it may add, an image or a PDF version, is the same however
    often it is added, so a page given up half-way through being written again is drawn as from the start)."""
    doc = canvas._doc
    return (tuple(doc.fontMapping), len(doc.delayedFonts), doc.shadingCounter, len(canvas._annotationrefs),
            len(canvas._colorsUsed), len(canvas._shadingUsed), len(canvas._psCommandsBeforePage),
            len(canvas._psCommandsAfterPage), canvas._formData is None, len(canvas._codeStack))  # fmt: skip


def _touched(canvas: Any) -> tuple[object, ...]:
    """Everything but the fonts that drawing could add to the document or the page's resources: unchanged over a
    page's own operators, or the page is not recorded."""
    doc = canvas._doc
    return (doc.objectcounter, len(doc.idToObject), doc.shadingCounter,
            len(canvas._formsinuse), len(canvas._annotationrefs), len(canvas._colorsUsed), len(canvas._shadingUsed),
            len(canvas._psCommandsBeforePage), len(canvas._psCommandsAfterPage), canvas._formData is None,
            len(canvas._codeStack))  # fmt: skip


# --- records --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Live:
    """A live element: its index on the page, the overprint flag, graphics state and ExtGState names it meets, the
    canvas's font there, and the operators it wrote."""

    index: int
    overprint: bool
    gstate: tuple[tuple[str, object], ...]
    names: tuple[tuple[tuple[str, object], str], ...]
    font: tuple[str, float]
    code: str


@dataclass(frozen=True)
class Drawn:
    """A page's record: its operators (None: a piece with no operators) and live elements in order, and the state
    it leaves: the fonts whose state it changed (face key and state), the fonts' internal names, the page's
    ExtGState names and the PDF version its features need (transparency raises it)."""

    pieces: tuple[str | None | Live, ...]
    fonts: tuple[tuple[str, FontState], ...]
    mapping: tuple[tuple[str, str], ...]
    names: tuple[tuple[tuple[str, object], str], ...]
    version: tuple[int, int]
    #: the keys of the records of the watched caches (see `pages_through`) the drawing read or made first
    used: tuple[tuple[bytes, ...], ...] = ()


def encode(drawn: Drawn) -> bytes:
    pieces = [piece if not isinstance(piece, Live) else
              [piece.index, piece.overprint, [list(pair) for pair in piece.gstate], _names(piece.names),
               list(piece.font), piece.code]
              for piece in drawn.pieces]  # fmt: skip
    fonts = [[key, prefix, internal, next_code, [list(s) for s in subsets], [n for pair in assignments for n in pair]]
             for key, (prefix, internal, next_code, subsets, assignments) in drawn.fonts]  # fmt: skip
    names = _names(drawn.names)
    record = {
        "pieces": pieces,
        "fonts": fonts,
        "mapping": [list(m) for m in drawn.mapping],
        "names": names,
        "version": list(drawn.version),
        "used": [[key.hex() for key in keys] for keys in drawn.used],
    }
    return zlib.compress(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def _names(names: tuple[tuple[tuple[str, object], str], ...]) -> list[list[object]]:
    return [[a, value, name] for (a, value), name in names]


def _read_names(value: Any) -> tuple[tuple[tuple[str, object], str], ...]:
    _expect(isinstance(value, list))
    names = []
    for entry in value:
        _expect(isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and isinstance(entry[2], str))
        names.append(((entry[0], _scalar(entry[1])), entry[2]))
    return tuple(names)


def _keys(value: Any) -> tuple[bytes, ...]:
    _expect(isinstance(value, list) and all(isinstance(key, str) and len(key) == 64 for key in value))
    return tuple(bytes.fromhex(key) for key in value)


class _Bad(ValueError):
    """A record that is not what `encode` writes."""


def _expect(ok: bool) -> None:
    if not ok:
        raise _Bad


def _ints(value: Any) -> tuple[int, ...]:
    _expect(isinstance(value, list) and all(type(n) is int for n in value))
    return tuple(value)


def _scalar(value: Any) -> object:
    _expect(type(value) in (bool, int, float, str))
    return value


def _pair(value: Any) -> tuple[str, object]:
    _expect(isinstance(value, list) and len(value) == 2 and isinstance(value[0], str))
    return value[0], _scalar(value[1])


def _piece(value: Any) -> str | None | Live:
    if value is None or isinstance(value, str):
        return value
    _expect(isinstance(value, list) and len(value) == 6)
    index, overprint, gstate, names, font, code = value
    _expect(type(index) is int and type(overprint) is bool and isinstance(gstate, list) and isinstance(code, str))
    _expect(isinstance(font, list) and len(font) == 2 and isinstance(font[0], str) and type(font[1]) in (int, float))
    return Live(index, overprint, tuple(map(_pair, gstate)), _read_names(names), (font[0], float(font[1])), code)


def _font(value: Any) -> tuple[str, FontState]:
    _expect(isinstance(value, list) and len(value) == 6)
    key, prefix, internal, next_code, subsets, assignments = value
    _expect(isinstance(key, str) and isinstance(prefix, str) and (internal is None or isinstance(internal, str)))
    _expect(type(next_code) is int and isinstance(subsets, list) and isinstance(assignments, list))
    flat = _ints(assignments)
    _expect(len(flat) % 2 == 0)
    pairs = tuple(zip(flat[::2], flat[1::2], strict=True))
    return key, (prefix, internal, next_code, tuple(map(_ints, subsets)), pairs)


def decode(data: bytes) -> Drawn | None:
    """The record's page; None for bytes that are not a record `encode` writes."""
    try:
        inflate = zlib.decompressobj()
        text = inflate.decompress(data, RECORD_BYTES)
        _expect(inflate.eof and not inflate.unused_data and not inflate.unconsumed_tail)
        record = json.loads(text)
        _expect(
            isinstance(record, dict) and record.keys() == {"pieces", "fonts", "mapping", "names", "version", "used"}
        )
        for part in record.values():
            _expect(isinstance(part, list))
        mapping = tuple(
            (name, internal) for name, internal in map(_pair, record["mapping"]) if isinstance(internal, str)
        )
        _expect(len(mapping) == len(record["mapping"]))
        names = _read_names(record["names"])
        major, minor = _ints(record["version"])
        used = tuple(_keys(keys) for keys in record["used"])
        return Drawn(tuple(map(_piece, record["pieces"])), tuple(map(_font, record["fonts"])),
                     mapping, names, (major, minor), used)  # fmt: skip
    except (_Bad, ValueError, TypeError, RecursionError, zlib.error):
        return None


#: the memo of the running command (see `pages_through`; without one every page is drawn here) and the records
#: this process used or made, for a worker to hand back (see `drawn_here`)
_records = DrawnRecords(decode)


# --- drawing through the cache -----------------------------------------------------------------------------------


#: draws the whole page; with a hook, each live element is drawn through it: hook(index, overprinting, draw)
DrawPage = Callable[[Callable[[int, bool, Callable[[], None]], None] | None], None]
#: draws one live element of the page, by its index, meeting this overprint flag
DrawLive = Callable[[int, bool], None]


def page_key(
    page: Page, settings: tuple[object, ...], start: _Start, files: tuple[Path, ...] = ()
) -> tuple[object, ...]:
    """The page's complete contents, the contents of the files its live elements draw and of `files` (the
    profiles the inks convert through), the settings it is drawn with and the digest of the state it starts from.
    The contents are the digest of the month-page record the page was read from or kept as, which holds all of it
    (layout/page_cache.record_digest), or else of the page pickled (only the digest is used, nothing is ever
    unpickled). Raises OSError when a file cannot be read (drawing says why)."""
    record = record_digest(page)
    if record is not None:  # a month page from the month-page cache: its record holds all of it
        contents = "record " + record.hex()
    else:
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=5)
        pickler.fast = True  # no memo: equal pages give equal bytes whichever of their objects are shared
        pickler.dump(page)
        contents = hashlib.sha256(out.getbuffer()).hexdigest()
    live = tuple(Path(element.path) for element in page.elements if isinstance(element, LIVE))
    return ("page", contents, tuple(map(file_digest, (*live, *files))), settings, start.digest())


def draw_page(canvas: Any, page: Page, settings: tuple[object, ...], files: tuple[Path, ...], draw: DrawPage,
              live: DrawLive) -> None:  # fmt: skip
    """Draw the page on the canvas (between setting its size and showing it): from the build cache when it holds
    this page for this starting state, else drawn (and then recorded). `settings` and `files`: what the page's
    operators depend on besides the page (see `page_key`)."""
    memo = _records.memo
    if memo is None or canvas._code:
        draw(None)
        return
    start = _Start.of(canvas)
    try:
        key = page_key(page, settings, start, files)
    except OSError:
        draw(None)
        return
    stored = memo.find(key)
    drawn = decode(stored) if stored is not None else None
    if (
        stored is not None
        and drawn is not None
        and len(drawn.used) == len(_watched)
        and all(watched.holds(keys) for watched, keys in zip(_watched, drawn.used, strict=True))
        and _write_again(canvas, page, drawn, live)
    ):
        for watched, keys in zip(_watched, drawn.used, strict=True):
            watched.reuse(keys)
        _records.used(key, stored)
        return
    if stored is not None:
        memo.hits -= 1  # found, but not usable: counted as the miss it is below
    marks = [watched.mark() for watched in _watched]
    recorder = _Recorder(canvas)
    draw(recorder.live)
    made = recorder.finish(start)
    if made is not None:
        made = replace(
            made, used=tuple(watched.used_since(mark) for watched, mark in zip(_watched, marks, strict=True))
        )
        record = encode(made)
        if decode(record) == made:
            _records.keep(key, record)


class _Recorder:
    """Collects a page's operators between its live elements while it is drawn, and whether it may be recorded."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.pieces: list[str | None | Live] = []
        self.done = 0  # operators of the page collected so far
        self.touched = _touched(canvas)
        self.sound = True

    def _operators(self, end: int) -> str | None:
        code = self.canvas._code[self.done : end]
        return "\n".join(code) if code else None

    def live(self, index: int, overprinting: bool, draw: Callable[[], None]) -> None:
        canvas = self.canvas
        self.sound &= _touched(canvas) == self.touched
        before = len(canvas._code)
        self.pieces.append(self._operators(before))
        gstate = tuple(sorted(canvas._extgstate._d.items()))
        names = tuple(canvas._extgstate._c.items())
        font = (canvas._fontname, float(canvas._fontsize))
        fonts = _fonts(canvas._doc)
        shared = _shared(canvas)
        draw()
        self.sound &= _fonts(canvas._doc) == fonts and _shared(canvas) == shared and len(canvas._code) > before
        self.pieces.append(Live(index, overprinting, gstate, names, font, "\n".join(canvas._code[before:])))
        self.done = len(canvas._code)
        self.touched = _touched(canvas)

    def finish(self, start: _Start) -> Drawn | None:
        """The page's record, or None when its drawing touched more than a record restores."""
        canvas = self.canvas
        if not self.sound or _touched(canvas) != self.touched:
            return None
        self.pieces.append(self._operators(len(canvas._code)))
        end = _Start.of(canvas)
        if end.gstate != start.gstate or end.delayed != tuple(name for name, _ in end.mapping) or canvas.state_stack:
            return None
        keys = {pdf_face(face).rl_name: face.key for face in FontBook.default().faces()}
        changed = [(name, state) for name, state in end.fonts.items() if start.fonts.get(name) != state]
        if any(name not in keys for name, _ in changed):
            return None
        fonts = tuple((keys[name], state) for name, state in sorted(changed))
        return Drawn(tuple(self.pieces), fonts, end.mapping, end.names, end.version)


def _write_again(canvas: Any, page: Page, drawn: Drawn, live: DrawLive) -> bool:
    """Write a recorded page into the canvas and leave the document as drawing it would; False (and the canvas as
    it was) when the record does not fit this page or a live element came out differently."""
    fonts = _ready_fonts(drawn)
    if fonts is None or not _fits(canvas, page, drawn):
        return False
    code = canvas._code
    forms = len(canvas._formsinuse)
    depth = len(canvas.state_stack)
    graphics = {name: canvas.__dict__[name] for name in canvas.STATE_ATTRIBUTES}  # as the page's drawing ends
    names = dict(canvas._extgstate._c)  # shared by every copy of the graphics state
    canvas._extgstate = canvas._extgstate.pushCopy()
    try:
        for piece in drawn.pieces:
            if isinstance(piece, Live):
                canvas._extgstate._d = dict(piece.gstate)
                canvas._extgstate._c.clear()
                canvas._extgstate._c.update(piece.names)
                before = len(code)
                live(piece.index, piece.overprint)
                if "\n".join(code[before:]) != piece.code:  # back to where the page started: it is drawn
                    del code[:]
                    del canvas._formsinuse[forms:]
                    graphics["_extgstate"]._c.clear()
                    graphics["_extgstate"]._c.update(names)
                    return False
            elif piece is not None:
                code.append(piece)
    finally:
        canvas.__dict__.update(graphics)
        del canvas.state_stack[depth:]
    _leave(canvas, drawn, fonts)
    return True


def _fits(canvas: Any, page: Page, drawn: Drawn) -> bool:
    """Whether the record's live elements are live elements of this page, met with the canvas's font, and its
    internal names extend the document's."""
    for piece in drawn.pieces:
        if isinstance(piece, Live):
            if not (0 <= piece.index < len(page.elements) and isinstance(page.elements[piece.index], LIVE)):
                return False
            if piece.font != (canvas._fontname, float(canvas._fontsize)):
                return False
    mapping = tuple(canvas._doc.fontMapping.items())
    return drawn.mapping[: len(mapping)] == mapping


def _ready_fonts(drawn: Drawn) -> list[tuple[TTFont, FontState]] | None:
    """The ReportLab font of each font the record changes, with every private-use code it assigns carried by its
    glyph (as drawing would have made it); None when a font or a glyph is not the shipped one's."""
    book = FontBook.default()
    keys = {face.key for face in book.faces()}
    ready = []
    for key, state in drawn.fonts:
        if key not in keys:
            return None
        carrier = pdf_face(book.face(key))
        font = carrier.rl_font
        missing = [code for code, _ in state[4] if code not in font.face.charToGlyph]
        if missing:
            glyph_of = {code: gid for gid, code in carrier.private_codes.items()}
            for code in missing:
                if code not in _PRIVATE or code not in glyph_of or carrier.code_for_glyph(glyph_of[code]) != code:
                    return None
        ready.append((font, state))
    return ready


def _leave(canvas: Any, drawn: Drawn, fonts: list[tuple[TTFont, FontState]]) -> None:
    """The document's and the page's state after the page, as drawing it leaves them."""
    doc = canvas._doc
    for font, (prefix, internal, next_code, subsets, assignments) in fonts:
        state = font._assignState(doc)
        state.namePrefix = prefix
        state.internalName = internal
        state.nextCode = next_code
        state.subsets = [list(subset) for subset in subsets]
        state.assignments = dict(assignments)
    for name, internal in drawn.mapping[len(doc.fontMapping) :]:
        doc.fontMapping[name] = internal
        doc.delayedFonts.append(pdfmetrics.getFont(name))
    names = canvas._extgstate._c
    names.clear()
    names.update(drawn.names)
    doc._pdfVersion = max(tuple(doc._pdfVersion), drawn.version)


@contextmanager
def pages_through(memo: Memo, watched: tuple[Memo, ...] = ()) -> Iterator[Memo]:
    """Read and add drawn pages through the memo while the block runs; `watched`: the memos of the caches drawing
    reads through (shaped text), whose records a page's record lists."""
    global _watched
    _watched = watched
    try:
        with _records.through(memo):
            yield memo
    finally:
        _watched = ()


def drawn_here() -> tuple[tuple[object, bytes], ...]:
    """The records this process used or made while the memo was open (what a forked worker that draws hands
    back)."""
    return _records.here()


def keep_drawn(records: tuple[tuple[object, bytes], ...]) -> None:
    """Count records another process used or made (see `drawn_here`) as used here, for the next run."""
    _records.adopt(records)


__all__ = [
    "LIVE",
    "NAMESPACES",
    "Drawn",
    "Live",
    "decode",
    "draw_page",
    "drawn_here",
    "encode",
    "keep_drawn",
    "memo_version",
    "page_key",
    "pages_through",
]
