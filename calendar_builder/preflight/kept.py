"""Page checks kept between builds: a page whose objects are all as they were is not walked again.

A page's findings depend only on the page and the objects it reaches (pages.py), so what checking it added to
the report is kept under the digest of those objects: the page dictionary (without /Parent, with the attributes
it inherits from the page tree), and each object it reaches by its contents (a stream by its dictionary and its
stored bytes), a reference standing for the digest of the object it refers to. The same page in a file written
again, with other object numbers, has the same digest. The page's number and the preflight's settings are part
of the key; the preflight's code and pikepdf's and qpdf's versions are the namespace's version.

A record holds the page's collector calls in order, its ink peak and what a walk of that page alone reads. A
finding about a shared object (a font, an image) is folded with the same object's findings on other pages by
its object number, so the record names the object by its digest, and the number of the object with that digest
in the file at hand is put back; a page reaching two objects of the same contents is not kept.

The report is the one of a single process walking page after page: kept and freshly checked pages are added
in page order. The one thing spanning pages is the budget (budget.py): each page's count is at least what that
page adds to a walk of the whole file, so while their sum stays below the limits, so does that walk. Should it
not, or should anything else stop the check, `preflight_kept` gives None and the file is checked as without
kept pages (preflight/__init__.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from pathlib import Path
from typing import Any

import pikepdf

from calendar_builder.cache import Memo, code_version
from calendar_builder.feed_worker import Job
from calendar_builder.preflight.document import check_document, inherited
from calendar_builder.preflight.draft import check_draft
from calendar_builder.preflight.pages import PageChecked, check_one, check_some, worker_pages
from calendar_builder.preflight.report import Collector, Report
from calendar_builder.preflight.scan import Scanner
from calendar_builder.preflight.settings import PreflightSettings

NAMESPACE = "preflight-pages"
#: what a page takes from the page tree when it does not set it (PDF 32000-1, 7.7.3.4)
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
#: objects digested per file at most; the build's calendar has a few hundred
MAX_OBJECTS = 100_000
#: an indirect reference as qpdf writes it; in a string it only adds an object to the key, never leaves one out
_REFERENCE = re.compile(rb"(\d+) (\d+) R")
#: what a reference is replaced by, before the 32 bytes of a digest: qpdf writes a string holding it as <hex>
_MARK = b"\0"


def memo_version() -> str:
    """The preflight's source (its package and the limits it reads) and the PDF library's versions."""
    package = Path(__file__).resolve().parent
    modules = sorted(f"{__package__}.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__")
    sources = code_version(__package__, *modules, "calendar_builder.core.limits")
    return f"{sources}; pikepdf {pikepdf.__version__}; qpdf {pikepdf.__libqpdf_version__}"


class _Loop(Exception):
    """The page reaches an object through itself (or too many objects): it is checked, not kept."""


class ObjectDigests:
    """The content digest of each object of one open file, made once per object."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self._pdf = pdf
        self._made: dict[tuple[int, int], bytes] = {}
        self._open: set[tuple[int, int]] = set()
        #: digest -> the object with it; None where two objects have it
        self.objects: dict[bytes, tuple[int, int] | None] = {}

    def page(self, page: pikepdf.Dictionary) -> bytes | None:
        """The digest of a page and all it reaches; None for a page that cannot be kept."""
        try:
            own = pikepdf.Dictionary({name: page[name] for name in page.keys() if name != "/Parent"})
            for name in INHERITED:
                if name not in page:
                    value = inherited(page, name)
                    if value is not None:
                        own[name] = value
            return hashlib.sha256(b"page" + _MARK + self._text(own.unparse())).digest()
        except Exception:  # a loop, a damaged object, a number in a string too large for an object number
            self._open.clear()
            return None

    def of(self, objgen: tuple[int, int]) -> bytes | None:
        """The digest of an object already digested, if no other object has it."""
        digest = self._made.get(objgen)
        return digest if digest is not None and self.objects.get(digest) == objgen else None

    def _text(self, unparsed: bytes) -> bytes:
        return _REFERENCE.sub(lambda m: _MARK + self._object((int(m[1]), int(m[2]))), unparsed)

    def _object(self, objgen: tuple[int, int]) -> bytes:
        made = self._made.get(objgen)
        if made is not None:
            return made
        if objgen in self._open or len(self._made) >= MAX_OBJECTS:
            raise _Loop
        self._open.add(objgen)
        obj = self._pdf.get_object(objgen)
        if isinstance(obj, pikepdf.Stream):
            raw = hashlib.sha256(obj.read_raw_bytes()).digest()
            text = b"stream" + _MARK + self._text(obj.stream_dict.unparse(resolved=True)) + _MARK + raw
        elif isinstance(obj, pikepdf.Object):
            text = b"object" + _MARK + self._text(obj.unparse(resolved=True))
        else:  # a number, a boolean or null, which pikepdf gives as a Python value
            text = b"value" + _MARK + repr(obj).encode("utf-8")
        self._open.discard(objgen)
        digest = hashlib.sha256(text).digest()
        self._made[objgen] = digest
        self.objects[digest] = objgen if self.objects.get(digest, objgen) == objgen else None
        return digest


def encode(checked: PageChecked, digests: ObjectDigests) -> bytes | None:
    """A page's record, or None when it names an object that cannot be told apart from another."""
    calls: list[Any] = []
    for args, kwargs in checked.calls:
        if set(kwargs) - {"key", "shared"}:
            return None
        key = kwargs.get("key")
        if kwargs.get("shared") and key is not None:
            digest = digests.of(key[0])
            if digest is None:
                return None
            key = ("object", digest.hex(), *key[1:])
        calls.append([list(args), key, bool(kwargs.get("shared", False))])
    record = {"calls": calls, "peak": checked.peak, "bytes": checked.content_bytes, "operators": checked.operators}
    try:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return None
    return zlib.compress(text.encode("utf-8"))


def decode(value: bytes, digests: ObjectDigests) -> PageChecked | None:
    """A stored record with this file's object numbers put back; None for one that cannot be used."""
    try:
        record = json.loads(zlib.decompress(value))
        calls = tuple(_call(call, digests) for call in record["calls"])
        peak, size, operators = record["peak"], record["bytes"], record["operators"]
    except (zlib.error, ValueError, TypeError, KeyError, IndexError):
        return None
    if not (peak is None or type(peak) in (int, float)) or type(size) is not int or type(operators) is not int:
        return None
    return PageChecked(calls, peak, size, operators)


def _call(call: Any, digests: ObjectDigests) -> tuple[tuple[Any, ...], dict[str, Any]]:
    args, key, shared = call
    severity, page, check, message = args
    if severity not in ("error", "warning") or not (page is None or type(page) is int) or type(shared) is not bool:
        raise ValueError("not a finding")
    if not isinstance(check, str) or not isinstance(message, str):
        raise ValueError("not a finding")
    key = _tuples(key)
    if shared and key is not None:
        objgen = digests.objects.get(bytes.fromhex(key[1])) if key[0] == "object" else None
        if objgen is None:
            raise ValueError("an object this file does not have, or has twice")
        key = (objgen, *key[2:])
    kwargs: dict[str, Any] = {"key": key}
    if shared:
        kwargs["shared"] = True
    return (severity, page, check, message), kwargs


def _tuples(value: Any) -> Any:
    """JSON's lists back to the tuples the collector's keys were (they are hashed)."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        raise ValueError("a mapping in a key")
    return value


def preflight_kept(pdf: pikepdf.Pdf, path: Path, settings: PreflightSettings, memo: Memo,
                   summary: str) -> Report | None:  # fmt: skip
    """The report of `path` (open as `pdf`) with the kept pages replayed and the others checked (the later half of
    them by a forked worker) and kept; None when the file must be checked as usual."""
    try:
        return _report(pdf, path, settings, memo, summary)
    except Exception:  # the check as usual meets it again, and says what it is
        return None


def _report(pdf: pikepdf.Pdf, path: Path, settings: PreflightSettings, memo: Memo, summary: str) -> Report | None:
    digests = ObjectDigests(pdf)
    pages = list(pdf.pages)
    keys = [_key(digests, page.obj, number, settings) for number, page in enumerate(pages, start=1)]
    records: dict[int, PageChecked] = {}
    for number, key in enumerate(keys, start=1):
        stored = memo.find(key) if key is not None else None
        record = decode(stored, digests) if stored is not None else None
        if record is not None:
            records[number] = record
    theirs = worker_pages(pdf, [number for number in range(1, len(pages) + 1) if number not in records])
    job = Job.start(lambda _: check_some(path, theirs, settings)) if theirs else None
    out = Collector()
    peaks: dict[int, float] = {}
    try:
        check_draft(pdf, out)
        scanner = Scanner(pdf, settings, out)
        check_document(pdf, settings, out)
        counted = [0, 0]  # what the records used so far read, beside what this process read
        worked: dict[int, PageChecked] | None = None
        for number, page in enumerate(pages, start=1):
            record = records.get(number)
            made = record is None
            if record is None and number in theirs:
                if worked is None:
                    worked = _outcome(job)
                record = worked.get(number)
            if record is None:
                record = check_one(page, number, settings, scanner)
            else:
                counted[0] += record.content_bytes
                counted[1] += record.operators
            if scanner.could_pass_budget(*counted):
                return None
            for args, kwargs in record.calls:
                out.add(*args, **kwargs)
            if record.peak is not None:
                peaks[number] = record.peak
            key = keys[number - 1]
            value = encode(record, digests) if made and key is not None else None
            if value is not None:
                memo.keep(key, value)
    finally:
        if job is not None:
            job.stop()
    every_peak = tuple(peaks.get(number, 0.0) for number in range(1, len(pages) + 1))
    return Report(str(path), len(pages), summary, out.findings(), every_peak)


def _key(digests: ObjectDigests, page: pikepdf.Dictionary, number: int, settings: PreflightSettings) -> object:
    digest = digests.page(page)
    return None if digest is None else (digest.hex(), number, settings)


def _outcome(job: Job[dict[int, PageChecked] | None] | None) -> dict[int, PageChecked]:
    """The worker's pages, or none (it failed in any way: its pages are then checked here)."""
    if job is None:
        return {}
    try:
        return job.result(lambda _: None) or {}
    except Exception:
        return {}


__all__ = ["NAMESPACE", "ObjectDigests", "decode", "encode", "memo_version", "preflight_kept"]
