"""Laid-out month pages in the build cache: a month whose inputs did not change is read back, not laid out again.

Laying out a month tries artwork heights, strip heights and crowding stages, and measures thousands of words on
the way: most of the time of a warm build, a check and a proof. Each call of `month.layout_month` is a pure
function of its arguments, the fonts, the shaping engine and the code, so its outcome (the page, or the
LayoutError with which it gave up: `pages._month_pages` then tries another height) is kept in the build cache's
namespace `month-pages` while a command has opened it (see `pages_through`).

The key of a record is complete by construction:

- the arguments: the frame, the month's number, the heights and stages tried, and the whole MonthInput, written
  out field by field by `canonical` (every dataclass field, dicts in their order, sets sorted, floats exactly; a
  value of a type it does not know is an error, never a guess). The MonthInput is first cut down to the festivals
  and events that touch the month (`month_slice`), the only ones `month_entries` and `event_entries` ever look
  at, and the month is laid out from that slice, cached or not: so a festival renamed in January changes
  January's key alone, and the key still holds every argument of the call it stands for;
- the fonts: the digest of every font file of the folder layout measures with (the shaped-text cache's);
- the code: the SHA-256 of every file of the package (layout, text, calendars, their tables, the style), the
  sources of the calendar libraries that name the other calendars' months (pyluach, hijridate, convertdate), the
  versions of the other layout caches (HarfBuzz, python-bidi, fontTools and the Unicode database for shaping,
  qrcode for the printed codes, Babel for the month names) and the Python version (the artwork's random shapes).

Layout reads nothing else: no settings but the frame and the MonthInput made from them, no clock, no
environment, no file (the sizes of images come in the MonthInput's media).

A record also lists the records of the other layout caches (shaped text, QR codes, month names) that the layout
read or made: a month read back uses them as if it had been laid out, so those caches keep them, and a month
whose records are gone from them is laid out again (and makes them again). Values are JSON (those keys on the
first line, then the page) with a type tag per geometry class from a fixed registry, checked field by field
against the class's types, behind a SHA-256 of the JSON: reading any bytes gives the page that was stored or
nothing (then the month is laid out afresh); nothing in a record is ever run.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import sys
import types
import typing
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from functools import cache, partial
from itertools import product
from pathlib import PurePath
from typing import Any

from calendar_builder.cache import Memo, library_sources, package_version
from calendar_builder.core.model import CMYK
from calendar_builder.layout import geometry
from calendar_builder.layout.fit import LayoutError
from calendar_builder.layout.frame import Frame
from calendar_builder.layout.geometry import Box, Cell, Element, Page
from calendar_builder.layout.month import MonthInput, layout_month
from calendar_builder.text.fonts import FontBook
from calendar_builder.text.shape_cache import fonts_digest

#: the namespace of month pages in the build cache (.cache/month-pages.pack)
NAMESPACE = "month-pages"
#: the calendar libraries month layout calls (the other calendars' month names)
LIBRARIES = ("pyluach", "hijridate", "convertdate")

#: the memo of the running command (see `pages_through`); None: every month is laid out here
_store: PageStore | None = None


def memo_version(*caches: str) -> str:
    """Every file of the package, the calendar libraries' sources, the versions of the layout caches month layout
    reads through (`caches`: shaped text, QR codes, month names) and the Python version."""
    return "; ".join([package_version(), *map(library_sources, LIBRARIES), *caches, f"python {sys.version}"])


# --- the key -------------------------------------------------------------------------------------------------


class Uncacheable(TypeError):
    """An argument of a type `canonical` does not know: the month is laid out without the cache."""


def canonical(value: object, seen: dict[int, tuple[object, str]] | None = None) -> str:
    """A complete, deterministic text of a value: equal texts only for values equal field by field and of the
    same types (sets sorted, as their order is the hash seed's, dicts in their order, which layout may follow).
    `seen`: the texts of dataclass objects written before, by identity (an organisation's event is shared by all
    its dates), each with its object, so that the identity is not given to another while it is known."""
    parts: list[str] = []
    _write(value, parts, {} if seen is None else seen)
    return "".join(parts)


#: how values of the simplest types are written (repr is exact for floats: it reads back to the same number)
_ATOMS: dict[type, Callable[[Any], str]] = {
    type(None): repr, bool: repr, int: repr, str: repr, bytes: repr, float: lambda value: f"f{value!r}",
    date: repr, datetime: repr, time: repr, timedelta: repr,
}  # fmt: skip


@cache
def _dataclass_fields(kind: type) -> tuple[str, ...] | None:
    return tuple(item.name for item in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


def _write(value: object, out: list[str], seen: dict[int, tuple[object, str]]) -> None:
    kind: type = type(value)
    atom = _ATOMS.get(kind)
    if atom is not None:
        out.append(atom(value))
        return
    fields = _dataclass_fields(kind)
    if fields is not None:
        known = seen.get(id(value))
        if known is None or known[0] is not value:
            inner = [f"{kind.__module__}.{kind.__qualname__}("]
            for name in fields:
                item = getattr(value, name)
                atom = _ATOMS.get(type(item))
                if atom is not None:  # most fields: written here, without a call for each
                    inner.append(f"{name}={atom(item)},")
                else:
                    inner.append(f"{name}=")
                    _write(item, inner, seen)
                    inner.append(",")
            inner.append(")")
            known = seen[id(value)] = (value, "".join(inner))
        out.append(known[1])
    elif isinstance(value, enum.Enum):
        out.append(f"{kind.__module__}.{kind.__qualname__}.{value.name}")
    elif isinstance(value, PurePath):
        out.append(f"{kind.__name__}({str(value)!r})")
    elif isinstance(value, (tuple, list)):
        out.append("(" if kind is tuple else "[" if kind is list else f"{kind.__module__}.{kind.__qualname__}(")
        for item in value:
            _write(item, out, seen)
            out.append(",")
        out.append("]" if kind is list else ")")
    elif kind is dict:
        out.append("{")
        for key, item in value.items():  # type: ignore[attr-defined]
            _write(key, out, seen)
            out.append(":")
            _write(item, out, seen)
            out.append(",")
        out.append("}")
    elif kind in (set, frozenset):
        out.append(f"{kind.__name__}{{{','.join(sorted(canonical(item, seen) for item in value))}}}")  # type: ignore[attr-defined]
    else:
        raise Uncacheable(f"{kind.__module__}.{kind.__qualname__} has no canonical text")


def month_slice(data: MonthInput) -> MonthInput:
    """The month's input with only the festivals and events that touch the month (in their order): the rest are
    never looked at by month layout, so the page is the same, and a change elsewhere in the year does not
    change this month's key."""
    first = date(data.year, data.month, 1)
    last = (date(data.year + 1, 1, 1) if data.month == 12 else date(data.year, data.month + 1, 1)) - timedelta(1)
    occurrences = tuple(o for o in data.occurrences if not (o.end < first or o.start > last))
    events = tuple(e for e in data.events if not (e.end < first or e.start > last))
    return dataclasses.replace(data, occurrences=occurrences, events=events)


# --- the value -----------------------------------------------------------------------------------------------

#: the classes a record may hold, by tag: the geometry of a page and its colours (nothing else is ever built)
CLASSES: dict[str, type] = {
    cls.__name__: cls for cls in (*typing.get_args(geometry.Element), Box, Cell, Page, CMYK)
}  # fmt: skip
#: the tag of a month that does not fit (the LayoutError's message follows)
NO_FIT = "LayoutError"


class Undecodable(ValueError):
    """A record that does not hold a page of this registry (the month is then laid out afresh)."""


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(item.name for item in dataclasses.fields(cls))


def _tagged(value: object) -> list[object]:
    """The JSON form of a geometry object: [tag, field, ...] (its fields' values in turn by the JSON encoder, a
    tuple as a list); anything else is refused."""
    kind: type = type(value)
    tag = kind.__name__
    if CLASSES.get(tag) is not kind:
        raise Uncacheable(f"{kind.__module__}.{kind.__qualname__} is not a geometry class")
    fields = value.__dict__
    return [tag, *(fields[name] for name in _field_names(kind))]


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_tagged)


def encode(outcome: Page | LayoutError, used: tuple[tuple[bytes, ...], ...] = ()) -> bytes:
    """The record of a month's outcome and the keys of the other caches' records it was made from: a SHA-256,
    then the keys' JSON on a line of its own (JSON text holds no line break), then the outcome's JSON. A run that
    only asks whether the months fit (`fits_only`) reads the keys' line and the outcome's tag, not the page."""
    made = [NO_FIT, outcome.message] if isinstance(outcome, LayoutError) else outcome
    keys = _ENCODER.encode([[key.hex() for key in group] for group in used])
    body = f"{keys}\n{_ENCODER.encode(made)}".encode()
    return hashlib.sha256(body).digest() + body


#: how the JSON of a page that fitted begins (a LayoutError's begins with its tag, NO_FIT)
_PAGE_START = b'["Page",'


def decode(data: bytes, page: bool = True) -> tuple[Page | LayoutError | None, tuple[tuple[bytes, ...], ...]] | None:
    """The outcome and used keys a record holds, exactly as stored; None for any bytes that are not such a
    record. Without `page`, a page that fitted is not built again from the record (nor its JSON read): its
    outcome is None."""
    body = data[32:]
    if len(data) < 32 or hashlib.sha256(body).digest() != data[:32]:
        return None
    head, line_break, outcome = body.partition(b"\n")
    if not line_break:
        return None
    try:
        keys = tuple(tuple(map(_key, _list(group))) for group in _list(json.loads(head)))
        if not outcome.startswith(_PAGE_START):
            made = json.loads(outcome)
            if type(made) is list and made[:1] == [NO_FIT] and len(made) == 2 and type(made[1]) is str:
                return LayoutError(made[1]), keys
            return None
        if not page:
            return None, keys
        return _reader(Page)(json.loads(outcome)), keys  # type: ignore[return-value]
    except (ValueError, TypeError, RecursionError):  # json, hex, and Undecodable (a ValueError)
        return None
    finally:
        _leaves.clear()


def _list(value: object) -> list[object]:
    if type(value) is not list:
        raise Undecodable(f"{type(value).__name__} where a list belongs")
    return value


def _key(value: object) -> bytes:
    key = bytes.fromhex(value) if type(value) is str else b""
    if len(key) != 32:
        raise Undecodable(f"{value!r} is no SHA-256")
    return key


Reader = Callable[[object], object]


@cache
def _reader(hint: object) -> Reader:
    """A function that reads the JSON form of a value of this type hint, checked to be of that type (made once
    per hint: a page has thousands of values)."""
    if hint in _SCALARS:
        return partial(_scalar, _SCALARS[hint])
    origin = typing.get_origin(hint)
    options = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if not all(option is type(None) or option in CLASSES.values() for option in options):
            raise TypeError(f"no reader for {hint}")  # the geometry's unions are of its classes and None
        # the classes' readers are looked up when a value is read: a Group's elements are Elements again
        return partial(_one_of, type(None) in options, {option.__name__: option for option in options
                                                        if option is not type(None)})  # fmt: skip
    if origin is tuple:
        if len(options) == 2 and options[1] is Ellipsis:
            return partial(_many, _reader(options[0]))
        return partial(_fixed, tuple(_reader(option) for option in options))
    if isinstance(hint, type) and CLASSES.get(hint.__name__) is hint:
        hints = typing.get_type_hints(hint)
        names = _field_names(hint)
        # every combination of JSON types its fields' values may have (a scalar field is checked by this alone) ...
        allowed = frozenset(product(*(_SCALARS.get(hints[name], (list, type(None))) for name in names)))
        # ... and the reader of each field that holds more than a scalar
        deeper = tuple((index, _reader(hints[name])) for index, name in enumerate(names) if hints[name] not in _SCALARS)
        if not deeper:  # a Box, a colour: the same few values again and again, made once per record
            return partial(_leaf, hint, (hint.__name__, *names), allowed)
        return partial(_instance, hint, (hint.__name__, *names), allowed, deeper)
    raise TypeError(f"no reader for {hint}")


#: the JSON types a value of each scalar type of the geometry is read from (JSON keeps an int an int)
_SCALARS: dict[object, tuple[type, ...]] = {float: (float, int), int: (int,), str: (str,), bool: (bool,)}


def _scalar(allowed: tuple[type, ...], value: object) -> object:
    if type(value) not in allowed:
        raise Undecodable(f"{value!r} is no {'/'.join(kind.__name__ for kind in allowed)}")
    return value


def _one_of(optional: bool, classes: dict[str, type], value: object) -> object:
    if value is None and optional:
        return None
    cls = classes.get(_list(value)[0]) if value else None  # type: ignore[call-overload]
    if cls is None:
        raise Undecodable(f"{str(value)[:40]} is none of {sorted(classes)}")
    return _reader(cls)(value)


def _many(reader: Reader, value: object) -> tuple[object, ...]:
    return tuple(map(reader, _list(value)))


def _fixed(readers: tuple[Reader, ...], value: object) -> tuple[object, ...]:
    items = _list(value)
    if len(items) != len(readers):
        raise Undecodable(f"{len(items)} values where {len(readers)} belong")
    return tuple(reader(item) for reader, item in zip(readers, items, strict=True))


def _instance(cls: type, head: tuple[str, ...], allowed: frozenset[tuple[type, ...]],
              deeper: tuple[tuple[int, Reader], ...], value: object) -> object:  # fmt: skip
    """An object of a geometry class from [tag, field, ...]: the JSON types of all fields checked at once, the
    fields that hold more read in turn."""
    if type(value) is not list or len(value) != len(head) or value[0] != head[0]:
        raise Undecodable(f"no {head[0]}: {str(value)[:80]}")
    values = value[1:]
    if tuple(map(type, values)) not in allowed:
        raise Undecodable(f"a field of {head[0]} of the wrong type: {str(value)[:80]}")
    for index, reader in deeper:
        values[index] = reader(values[index])
    made: object = object.__new__(cls)
    # the fields set as the frozen dataclass's own __init__ sets them (it has no __post_init__ and no slots)
    made.__dict__.update(zip(head[1:], values, strict=True))
    return made


#: the objects of scalar fields only (boxes, colours) read from the record being read, by their fields
_leaves: dict[tuple[type, str], object] = {}


def _leaf(cls: type, head: tuple[str, ...], allowed: frozenset[tuple[type, ...]], value: object) -> object:
    """An object of a geometry class whose fields are all scalars: one per distinct value in a record (equal
    values of frozen dataclasses, as layout itself shares one box among the lines in it)."""
    if type(value) is not list:
        raise Undecodable(f"no {head[0]}: {str(value)[:80]}")
    key = (cls, repr(value))  # repr, not the values: 1 == 1.0 == True and 0.0 == -0.0, but their reprs differ
    made = _leaves.get(key)
    if made is None:
        if len(value) != len(head) or value[0] != head[0] or tuple(map(type, value[1:])) not in allowed:
            raise Undecodable(f"no {head[0]}: {str(value)[:80]}")
        made = _leaves[key] = object.__new__(cls)
        made.__dict__.update(zip(head[1:], value[1:], strict=True))
    return made


# --- the store -----------------------------------------------------------------------------------------------


class PageStore:
    """The month pages of one run, read from and collected into a build cache memo; `watched`: the memos of the
    other layout caches, whose records a month's record lists; `fonts`: the digest of the fonts layout measures
    with (asked once, when first needed)."""

    def __init__(self, memo: Memo, watched: tuple[Memo, ...] = (), fonts: Callable[[], str] | None = None) -> None:
        self.memo = memo
        self.watched = watched
        self._fonts = fonts or _default_fonts
        self._fonts_digest: str | None = None
        #: each month input of this run by identity (the same input is tried at several heights): its slice and
        #: the SHA-256 of the slice's canonical text; the input is held, so that its identity is not given to another
        self._inputs: dict[int, tuple[MonthInput, MonthInput, str | None]] = {}
        #: the canonical texts of the dataclass objects of this run's inputs (see `canonical`): the traditions, the
        #: moon, the media and the partners are the same objects in all twelve months, an event in all its dates
        self._seen: dict[int, tuple[object, str]] = {}
        #: whether a stored page is built again from its record; not while only whether the months fit is asked
        #: (see `fits_only`)
        self.pages = True
        #: the digest of the record each page this run returned was read from or kept as, by the page's identity (a
        #: weak reference tells a page from a later object given the id of one that is gone): see `record_digest`
        self.records: dict[int, tuple[weakref.ref[Page], bytes]] = {}

    def input_digest(self, data: MonthInput) -> str:
        """SHA-256 of the canonical text of the month's input."""
        return hashlib.sha256(canonical(data, self._seen).encode("utf-8")).hexdigest()

    def sliced(self, data: MonthInput) -> tuple[MonthInput, str | None]:
        """The month's slice (see `month_slice`) and its digest (None when it has no canonical text)."""
        known = self._inputs.get(id(data))
        if known is None or known[0] is not data:
            part = month_slice(data)
            try:
                digest: str | None = self.input_digest(part)
            except Uncacheable:
                digest = None
            known = self._inputs[id(data)] = (data, part, digest)
        return known[1], known[2]

    def month(self, frame: Frame, data: MonthInput, number: int, arts: tuple[float, ...],
              stages: tuple[tuple[int, bool], ...]) -> Page:  # fmt: skip
        """`layout_month` of the month's slice and these arguments, read from the memo when it holds them and the
        records they were made from, else laid out and kept."""
        data, digest = self.sliced(data)
        try:
            if digest is None:
                raise Uncacheable("the month's input")
            if self._fonts_digest is None:
                self._fonts_digest = self._fonts()
            parts = (self._fonts_digest, canonical(frame), digest, number, canonical(arts), canonical(stages))
        except Uncacheable:
            return layout_month(frame, data, number, arts, stages)
        stored = self.memo.find(parts)
        if stored is not None:
            found = decode(stored, self.pages)
            if (
                found is not None
                and len(found[1]) == len(self.watched)
                and all(memo.holds(keys) for memo, keys in zip(self.watched, found[1], strict=True))
            ):
                for memo, keys in zip(self.watched, found[1], strict=True):
                    memo.reuse(keys)
                if isinstance(found[0], LayoutError):
                    raise found[0]
                if found[0] is None:
                    return _fitted(frame, number)
                return self._made_from(found[0], stored)
            self.memo.hits -= 1  # found, but not usable: counted as the miss it is below
        marks = [memo.mark() for memo in self.watched]
        try:
            outcome = layout_month(frame, data, number, arts, stages)
        except LayoutError as exc:
            if type(exc) is LayoutError:
                self._keep(parts, exc, marks)
            raise
        value = self._keep(parts, outcome, marks)
        return self._made_from(outcome, value) if value is not None else outcome

    def _keep(self, parts: object, outcome: Page | LayoutError, marks: list[int]) -> bytes | None:
        used = tuple(memo.used_since(mark) for memo, mark in zip(self.watched, marks, strict=True))
        try:
            value = encode(outcome, used)
        except Uncacheable:
            return None
        self.memo.keep(parts, value)
        return value

    def _made_from(self, page: Page, record: bytes) -> Page:
        """Note the record the page was read from or kept as (see `record_digest`)."""
        self.records[id(page)] = (weakref.ref(page), record[:32])
        return page


def month_page(frame: Frame, data: MonthInput, number: int, arts: tuple[float, ...],
               stages: tuple[tuple[int, bool], ...]) -> Page:  # fmt: skip
    """The month's page (see `month.layout_month`), laid out from its slice of the year (`month_slice`) and, while
    a command has opened the cache, read from it or kept in it."""
    store = _store
    if store is None:
        return layout_month(frame, month_slice(data), number, arts, stages)
    return store.month(frame, data, number, arts, stages)


def _fitted(frame: Frame, number: int) -> Page:
    """What stands for a stored page that fitted while only whether the months fit is asked: its frame, nothing
    on it."""
    return Page(number, "month", frame.width, frame.height, frame.bleed, frame.safe, frame.binding, ())


@contextmanager
def fits_only() -> Iterator[None]:
    """While the block runs, a month page the cache holds is not built again from its record (about 10 ms each):
    for a run that asks only whether the months fit (`check`), whose pages are then empty frames. Outside a
    cache, pages are laid out as always."""
    store = _store
    if store is None:
        yield
        return
    store.pages = False
    try:
        yield
    finally:
        store.pages = True


def record_digest(page: Page) -> bytes | None:
    """The SHA-256 of the record a month page of this run was read from or kept as, while a command has the cache
    open; a page with elements added by `extended` has one made from its page's and the elements. None for any
    other page. The record holds the whole page (every element and value, checked when read), so the digest
    stands for the page's contents: the drawn pages' key uses it instead of writing the page out again
    (render/drawn_pages.py). A month read back from its record has the digest it had when it was kept."""
    known = _store.records.get(id(page)) if _store is not None else None
    return known[1] if known is not None and known[0]() is page else None


def extended(page: Page, elements: tuple[Element, ...]) -> Page:
    """The page with the elements added on top (a draft's mark), with a record digest made from the page's and
    the elements' own contents when the page has one."""
    made = dataclasses.replace(page, elements=page.elements + elements)
    digest = record_digest(page)
    if digest is not None and _store is not None:
        try:
            written = _ENCODER.encode(list(elements)).encode("utf-8")
        except Uncacheable:
            return made
        _store.records[id(made)] = (weakref.ref(made), hashlib.sha256(b"elements added\0" + digest + written).digest())
    return made


def forget_month_inputs() -> None:
    """Let go of the canonical texts and slices of this layout's month inputs (a few MB): once the month pages
    are decided they are not asked for again, and the build's peak of memory comes later, while it draws."""
    if _store is not None:
        _store._seen.clear()
        _store._inputs.clear()


def _default_fonts() -> str:
    """The digest of the font files layout measures with (the default book's folder)."""
    return fonts_digest(FontBook.default().font_dir)


@contextmanager
def pages_through(memo: Memo, watched: tuple[Memo, ...] = (),
                  fonts: Callable[[], str] | None = None) -> Iterator[PageStore]:  # fmt: skip
    """Read and add month pages through the memo while the block runs; `watched`: the memos of the other layout
    caches (see `PageStore`); `fonts`: the digest of the fonts, when the shaped-text cache has it already."""
    global _store
    _store = PageStore(memo, watched, fonts)
    try:
        yield _store
    finally:
        _store = None


__all__ = [
    "CLASSES",
    "LIBRARIES",
    "NAMESPACE",
    "PageStore",
    "Uncacheable",
    "canonical",
    "decode",
    "encode",
    "fits_only",
    "extended",
    "forget_month_inputs",
    "memo_version",
    "month_page",
    "month_slice",
    "pages_through",
    "record_digest",
]
