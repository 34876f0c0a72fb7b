"""Bidi and script runs, font fallback, HarfBuzz shaping and measuring: text as positioned glyphs.

ReportLab alone prints Hebrew letter-reversed and Arabic unjoined without any error, so every string
goes through here: it is split into runs of one script, one direction and one font, each run is shaped
by HarfBuzz, the runs are put in visual order, and widths come from the shaped glyphs. Nothing here knows
about PDF: `render/textdraw.py` draws the shaped lines.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, NamedTuple, Protocol

import uharfbuzz as hb
from bidi import get_display

from calendar_builder.errors import CalendarError, DataError, Location, Problem
from calendar_builder.text.fonts import Face, FontBook, char_label, is_ignorable, script_extensions, script_of

_NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})
ALIGNS = ("left", "right", "centre", "center")


class CoverageError(CalendarError):
    """A string reached shaping with a character that no shipped font has: it would print as a box."""


class Glyph(NamedTuple):
    """One positioned glyph; lengths are in em (multiply by the font size for points).

    A named tuple rather than a frozen dataclass: a calendar shapes some 50,000 glyphs, and a tuple is made
    several times faster (equally immutable).
    """

    gid: int
    cluster: int  # index in the line's text of the first character this glyph belongs to
    advance: float
    dx: float
    dy: float


#: a Glyph from a tuple of its five fields (`Glyph._make` without its Python-level length check: tens of thousands
#: a run)
glyph_from = partial(tuple.__new__, Glyph)


@dataclass(frozen=True)
class Run:
    """A stretch of one script, one direction and one font, shaped; glyphs in drawing order."""

    face: Face
    text: str  # the run's characters in logical (reading) order
    start: int  # offset of the run in the line's text
    rtl: bool
    script: str
    glyphs: tuple[Glyph, ...]
    advance: float  # em


@dataclass(frozen=True)
class ShapedLine:
    """A shaped single line: runs in visual (left-to-right drawing) order, measured after shaping."""

    text: str
    size: float
    style: str
    runs: tuple[Run, ...]
    em_width: float

    @property
    def width(self) -> float:
        """Width in points at `size`."""
        return self.em_width * self.size

    def at(self, size: float) -> ShapedLine:
        """The same shaping at another size (HarfBuzz positions scale linearly: no hinting)."""
        # the constructor, not dataclasses.replace: asked once per drawn line, and replace inspects the fields each time
        return ShapedLine(self.text, size, self.style, self.runs, self.em_width)


# --- itemisation ---------------------------------------------------------------------------------


def resolve_scripts(text: str) -> list[str]:
    """Script per character, with common and inherited characters given to their neighbours' script.

    Spaces and punctuation inside an Arabic phrase stay in the Arabic run, marks stay with their base,
    and a character whose script extensions name a specific script (the Arabic comma, the danda) goes
    with that script.
    """
    raw = [script_of(c) for c in text]
    out = list(raw)
    last: str | None = None
    pending: list[int] = []
    for i, s in enumerate(raw):
        if s not in _NEUTRAL_SCRIPTS:
            for j in pending:
                out[j] = _pick(text[j], s)
            pending.clear()
            last = s
            continue
        if last is None:
            pending.append(i)
            continue
        out[i] = _pick(text[i], last)
    for j in pending:  # no strong character at all
        out[j] = _pick(text[j], "Zyyy")
    return out


def _pick(ch: str, neighbour: str) -> str:
    scx = script_extensions(ch) - _NEUTRAL_SCRIPTS
    if not scx or neighbour in scx:
        return neighbour
    return sorted(scx)[0]


#: bidi classes that can raise a character above level 0 in a left-to-right paragraph
_NOT_PLAIN_LTR = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"})

_LEVEL_RE = re.compile(r"Level\(\s*(\d+),?\s*\)")


def bidi_levels(text: str) -> list[int]:
    """Unicode bidi embedding level per character (even = left-to-right, odd = right-to-left).

    python-bidi wraps the `unicode-bidi` crate (full UBA: brackets, isolates) but exposes only the
    reordered string; its debug form carries the resolved levels per UTF-8 byte, read here and
    checked for length so that a change of that form fails loudly instead of misordering text.
    """
    if not text:
        return []
    if not any(unicodedata.bidirectional(ch) in _NOT_PLAIN_LTR for ch in text):
        # No right-to-left letter, Arabic digit or explicit embedding: rules W7 and I1 leave every character
        # at the paragraph's level 0, so the (slow) full algorithm would only confirm that.
        return [0] * len(text)
    debug = str(get_display(text, debug=True))
    head, sep, tail = debug.partition("levels:")
    per_byte = [int(m) for m in _LEVEL_RE.findall(tail.partition("paragraphs")[0])] if sep else []
    encoded = text.encode("utf-8")
    if len(per_byte) != len(encoded):
        raise RuntimeError(
            f"python-bidi returned {len(per_byte)} levels for {len(encoded)} bytes of {text!r}; "
            "its debug output format has changed"
        )
    levels: list[int] = []
    offset = 0
    for ch in text:
        levels.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def visual_order(levels: list[int]) -> list[int]:
    """Indices of items in display order (rule L2: reverse from the highest level down to the lowest odd)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(lvl for lvl in levels if lvl % 2) if any(lvl % 2 for lvl in levels) else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


@lru_cache(maxsize=8192)
def _is_continuation(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or is_ignorable(ord(ch))


@dataclass(frozen=True)
class _Item:
    start: int
    end: int
    level: int
    script: str
    face: Face


@lru_cache(maxsize=16384)
def _cluster_font(
    book: FontBook, cluster: str, script: str, style: str
) -> tuple[str, bool, Face, Face, str, tuple[tuple[str, tuple[Face, ...]], ...]]:
    """What `_itemise` decides for one cluster on its own, cached: a calendar repeats the same letters.

    Returns the characters needing a glyph, whether the cluster starts with a neutral (common or inherited)
    character, the first font of the chain, the font chosen from the chain, the script to shape it with, and
    the characters no font in the chain covers (with that chain).
    """
    chain = book.chain(script, style)
    needed = "".join(c for c in cluster if not is_ignorable(ord(c)))
    neutral = script_of(cluster[0]) in _NEUTRAL_SCRIPTS
    missing: list[tuple[str, tuple[Face, ...]]] = []
    face = next((f for f in chain if all(f.covers(c) for c in needed)), None)
    if face is None:
        for c in needed:
            if not any(f.covers(c) for f in chain):
                missing.append((c, chain))
        face = next((f for f in chain if f.covers(needed[0])), chain[0])
    if neutral and face is not chain[0]:
        script = "Zyyy"  # a symbol from a fallback font is shaped as common script
    return needed, neutral, chain[0], face, script, tuple(missing)


class _PlainCharacters:
    """For one book and style, the characters found plain (see `_one_plain_run`), the Latin letters among them,
    and those found not plain."""

    def __init__(self, book: FontBook, style: str) -> None:
        latin, common = book.chain("Latn", style)[0], book.chain("Zyyy", style)[0]
        #: the font both Latin letters and common signs are set in (None: they are not, and nothing is plain)
        self.face = latin if latin is common else None
        self.plain: set[str] = set()
        self.latin: set[str] = set()
        self.other: set[str] = set()

    def learn(self, text: str) -> bool:
        """Whether every character of the text is plain, deciding those not seen before."""
        for ch in set(text).difference(self.plain):
            if ch in self.other:
                return False
            script = _plain_script(ch, self.face)
            if script is None:
                self.other.add(ch)
                return False
            self.plain.add(ch)
            if script == "Latn":
                self.latin.add(ch)
        return True


def _plain_script(ch: str, face: Face | None) -> str | None:
    """ "Latn" for a Latin letter, "Zyyy" for a common sign that takes its neighbours' script whatever they are,
    when the face has it, it is drawn (not default-ignorable), begins a cluster of its own and cannot raise the
    bidi level; None for any other character."""
    if face is None or _is_continuation(ch) or unicodedata.bidirectional(ch) in _NOT_PLAIN_LTR or not face.covers(ch):
        return None
    script = script_of(ch)
    if script == "Latn" or (script == "Zyyy" and not script_extensions(ch) - _NEUTRAL_SCRIPTS):
        return script
    return None


#: the plain characters of each book and style (see `_one_plain_run`)
_plain_characters: dict[tuple[FontBook, str], _PlainCharacters] = {}


def _one_plain_run(book: FontBook, text: str, style: str) -> tuple[_Item, ...] | None:
    """The items `_itemise` makes of a text of plain characters only (`_plain_script`: Latin letters and common
    signs the base font has), found by set operations once its characters are known: most of a calendar's
    strings. Such a text is one run at level 0 in the base font, in Latin script when it has a Latin letter and
    in common script when it has none (each sign takes its neighbours' script: `resolve_scripts`); None for any
    other text, which is itemised character by character."""
    known = _plain_characters.get((book, style))
    if known is None:
        known = _plain_characters[(book, style)] = _PlainCharacters(book, style)
    if not text or known.face is None or (not known.plain.issuperset(text) and not known.learn(text)):
        return None
    script = "Zyyy" if known.latin.isdisjoint(text) else "Latn"
    return (_Item(0, len(text), 0, script, known.face),)


@lru_cache(maxsize=16384)
def _itemise(
    book: FontBook, text: str, style: str
) -> tuple[tuple[_Item, ...], tuple[tuple[str, tuple[Face, ...]], ...]]:
    """Runs in logical order, and the characters no font in their chain covers (with that chain).

    Cached: the coverage check before layout and the shaping afterwards ask for the same strings.
    """
    plain = _one_plain_run(book, text, style)
    if plain is not None:
        return plain, ()
    scripts = resolve_scripts(text)
    levels = bidi_levels(text)
    items: list[list[Any]] = []  # [start, end, level, script, face], made into _Item at the end
    missing: list[tuple[str, tuple[Face, ...]]] = []
    last: list[Any] | None = None
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and _is_continuation(text[j]):
            j += 1
        script = scripts[i]
        level = levels[i]
        needed, neutral, first, face, own_script, gaps = _cluster_font(book, text[i:j], script, style)
        if not needed:
            face = last[4] if last is not None else first
        elif neutral and last is not None and last[2] == level and all(ord(c) in last[4].cmap for c in needed):
            # a space or sign between symbols stays in the symbols' font: fewer runs, same look
            face = last[4]
            script = last[3]
        else:
            script = own_script
            missing.extend(gaps)
        if last is not None and last[4] is face and last[2] == level and last[3] == script:
            last[1] = j
        else:
            last = [i, j, level, script, face]
            items.append(last)
        i = j
    return tuple(_Item(*item) for item in items), tuple(missing)


# --- shaping ---------------------------------------------------------------------------------------


def _shape_item(text: str, item: _Item, lang: str | None) -> Run:
    face = item.face
    buf = hb.Buffer()
    buf.add_str(text, item.start, item.end - item.start)  # whole line as context, e.g. for joining
    rtl = item.level % 2 == 1
    buf.direction = "rtl" if rtl else "ltr"
    if item.script in _NEUTRAL_SCRIPTS:
        buf.guess_segment_properties()
        buf.direction = "rtl" if rtl else "ltr"
    else:
        buf.script = item.script
    if lang:
        buf.language = lang
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    # One cluster per character wherever the font does not merge them: ActualText spans stay small.
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(face.hb_font, buf, {})
    em = 1.0 / face.upem
    positions = buf.glyph_positions
    advances = [pos.x_advance * em for pos in positions]
    glyphs = tuple(
        glyph_from((info.codepoint, info.cluster, advance, pos.x_offset * em, pos.y_offset * em))
        for info, pos, advance in zip(buf.glyph_infos, positions, advances, strict=True)
    )
    return Run(
        face=face,
        text=text[item.start : item.end],
        start=item.start,
        rtl=rtl,
        script=item.script,
        glyphs=glyphs,
        advance=sum(advances),
    )


class LineStore(Protocol):
    """Where shaped lines and coverage verdicts made in earlier runs are kept (the build cache: see
    `text/shape_cache.py`); each method makes the value with the callable it is given when it has none."""

    def line(
        self, book: FontBook, text: str, style: str, lang: str | None, make: Callable[[], ShapedLine]
    ) -> ShapedLine: ...

    def width(self, book: FontBook, text: str, style: str, make: Callable[[], ShapedLine]) -> float: ...

    def covered(self, book: FontBook, text: str, style: str, has_gaps: Callable[[], bool]) -> bool: ...


#: the store of the running command, set by `use_store` (None: everything is shaped here)
_store: LineStore | None = None


def use_store(store: LineStore | None) -> None:
    """Shape through `store` from now on (None: without one); the command that opened the store saves it. The
    lines this process shaped before are forgotten, so that every line shaped while a store is in use went
    through it (and is kept there)."""
    global _store
    _store = store
    _shape_em.cache_clear()


@lru_cache(maxsize=16384)
def _shape_em(book: FontBook, text: str, style: str, lang: str | None) -> ShapedLine:
    if _store is not None:
        return _store.line(book, text, style, lang, lambda: _shape_now(book, text, style, lang))
    return _shape_now(book, text, style, lang)


def _shape_now(book: FontBook, text: str, style: str, lang: str | None) -> ShapedLine:
    items, missing = _itemise(book, text, style)
    if missing:
        ch, chain = missing[0]
        raise CoverageError(
            f"character {char_label(ch)} in {text!r} is in no shipped font "
            f"(tried: {', '.join(f.family for f in chain)})"
        )
    runs = [_shape_item(text, item, lang) for item in items]
    order = visual_order([item.level for item in items])
    ordered = tuple(runs[k] for k in order)
    return ShapedLine(text=text, size=1.0, style=style, runs=ordered, em_width=sum(r.advance for r in ordered))


def shape(
    text: str,
    font_size: float,
    base_font: str = "sans",
    *,
    lang: str | None = None,
    book: FontBook | None = None,
) -> ShapedLine:
    """Shape one line of text for `base_font` ("sans", "bold" or "serif") at `font_size` points.

    Results are cached per (text, style, language); sizes are applied by scaling. `lang` is a BCP 47
    tag passed to HarfBuzz (it selects e.g. Urdu or Persian forms where a font has them).
    Raises CoverageError for a character no shipped font covers (run `check_coverage` first for a
    message that names the data file and entry).
    """
    book = book or FontBook.default()
    return _shape_em(book, text, base_font, lang).at(font_size)


def measure(text: str, size: float, base_font: str = "sans", *, book: FontBook | None = None) -> float:
    """Width in points of the shaped text."""
    return em_width(text, base_font, book=book) * size


def em_width(text: str, base_font: str = "sans", *, book: FontBook | None = None) -> float:
    """Width of the shaped text at 1 pt: layout multiplies it by the size it tries (no copy per size)."""
    book = book or FontBook.default()
    if _store is not None:  # a width needs no glyphs: the store reads it without making the runs
        return _store.width(book, text, base_font, lambda: _shape_em(book, text, base_font, None))
    return _shape_em(book, text, base_font, None).em_width


def fit(
    text: str,
    max_width: float,
    max_size: float,
    min_size: float,
    base_font: str = "sans",
    *,
    step: float = 0.1,
    book: FontBook | None = None,
) -> float | None:
    """Largest size (a multiple of `step`, at most `max_size`) at which the text fits `max_width`;
    None when even `min_size` is too wide."""
    em = shape(text, 1.0, base_font, book=book).em_width
    size = max_size if em <= 0 else min(max_size, max_width / em)
    size = math.floor(size / step + 1e-9) * step
    size = min(round(size, 6), max_size)
    if size < min_size - 1e-9:
        return None
    return size


# --- coverage ----------------------------------------------------------------------------------------


def check_coverage(
    text: str, where: Location, entry: str = "", base_font: str = "sans", *, book: FontBook | None = None
) -> list[Problem]:
    """One problem per distinct character of `text` that no font in its fallback chain covers."""
    book = book or FontBook.default()
    if _store is not None and _store.covered(book, text, base_font, lambda: bool(_itemise(book, text, base_font)[1])):
        return []
    _, missing = _itemise(book, text, base_font)
    problems: list[Problem] = []
    seen: set[str] = set()
    for ch, chain in missing:
        if ch in seen:
            continue
        seen.add(ch)
        who = f"entry '{entry}': " if entry else ""
        problems.append(
            Problem(
                where,
                f"{who}character {char_label(ch)} in {text!r} is in no shipped font "
                f"(tried: {', '.join(f.family for f in chain)}); "
                "use another spelling or add a font that covers it to fonts/",
            )
        )
    return problems


def require_coverage(
    strings: Iterable[tuple[str, Location, str]], base_font: str = "sans", *, book: FontBook | None = None
) -> None:
    """Check every (text, location, entry id) before anything is drawn; raise DataError listing all gaps."""
    problems: list[Problem] = []
    for text, where, entry in strings:
        problems.extend(check_coverage(text, where, entry, base_font, book=book))
    if problems:
        raise DataError(problems)
