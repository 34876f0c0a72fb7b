"""Walks every content stream of a page like a renderer would, tracking the graphics and text state.

It reports what a renderer would put on paper: colour operators and spaces, the ink of every colour actually
painted, each text run's effective size and bounding box, and each image's placed size. Form XObjects are
followed with their matrices; tiling patterns are walked in their own pattern space.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from calendar_builder.core.limits import MB
from calendar_builder.preflight.budget import (
    CONTENT_BYTES,
    IMAGE_PIXELS,
    MAX_OPERATORS,
    TooLarge,
    check_image,
    content_streams,
    decoded_size,
)
from calendar_builder.preflight.colour import DEVICE_CMYK, DEVICE_GRAY, ColourSpace, classify, function_outputs
from calendar_builder.preflight.fonts import FontInfo, embedding_problem, font_info, font_name, is_subset
from calendar_builder.preflight.geometry import (
    IDENTITY,
    Matrix,
    Rect,
    apply,
    multiply,
    transform_rect,
    x_scale,
    y_scale,
)
from calendar_builder.preflight.images import InkMeasure, image_transparency, ink_problem, measure_image_ink
from calendar_builder.preflight.report import Collector, Severity
from calendar_builder.preflight.settings import MM, PreflightSettings

Finding3 = tuple[Severity, str, str]  # severity, check id, message

#: decoded bytes of one content stream (the calendar's largest is 0.13 MB); parsed, 2 MB of the shortest
#: operators ("q Q ") take 300 MB, so this bounds the memory of the check as well as its time
CONTENT_STREAM_BYTES = 2 * MB
#: parsed streams with more operators than this are not kept for reuse (a form used on many pages is small)
CACHE_OPERATORS = 50_000
MAX_DEPTH = 12  # forms inside forms; deeper nesting is either a loop or not worth following
TOL = 0.1  # points, for "touches" tests against the safe zone


@dataclass(frozen=True)
class PageGeometry:
    number: int
    trim: Rect
    bleed: Rect
    safe: Rect
    binding_bottom: float  # y below which the top binding zone begins (page space)

    def where(self, x: float, y: float) -> str:
        """A point as mm from the top-left corner of the trim, the way one measures on the printed sheet."""
        return f"x {(x - self.trim[0]) / MM:.1f} mm, y {(self.trim[3] - y) / MM:.1f} mm"


class _State:
    """The parts of the graphics state (including the text state) that the checks need; copied on q."""

    __slots__ = ("ctm", "fill_cs", "fill_ink", "stroke_cs", "stroke_ink", "font", "size",
                 "tc", "tw", "th", "tl", "rise", "render")  # fmt: skip

    def __init__(self, ctm: Matrix) -> None:
        self.ctm = ctm
        self.fill_cs: ColourSpace = DEVICE_GRAY
        self.fill_ink: float | None = 100.0
        self.stroke_cs: ColourSpace = DEVICE_GRAY
        self.stroke_ink: float | None = 100.0
        self.font: FontInfo | None = None
        self.size = 0.0
        self.tc = 0.0
        self.tw = 0.0
        self.th = 1.0
        self.tl = 0.0
        self.rise = 0.0
        self.render = 0

    def copy(self) -> _State:
        other = _State.__new__(_State)
        for slot in _State.__slots__:
            setattr(other, slot, getattr(self, slot))
        return other


_FILL_OPS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*"})
_STROKE_OPS = frozenset({"S", "s", "B", "B*", "b", "b*"})
_PATH_OPS = frozenset({"m", "l", "c", "v", "y", "re"})
#: operators the walk has nothing to do for: path closing, clipping, line style, marked content, graphics state
#: dictionaries (checked with the resources), compatibility sections, Type 3 glyph metrics
_NOT_WALKED = frozenset({"h", "W", "W*", "w", "J", "j", "M", "d", "ri", "i", "gs", "ET", "BMC", "BDC", "EMC",
                         "MP", "DP", "BX", "EX", "d0", "d1"})  # fmt: skip
_TEXT_FILL = frozenset({0, 2, 4, 6})
_TEXT_STROKE = frozenset({1, 2, 5, 6})


#: a PDF number operand as a float (float itself: called ~100,000 times per calendar, a wrapper doubles the cost)
_num: Callable[[Any], float] = float


class Scanner:
    """One per document: caches parsed forms, fonts and per-object results across pages."""

    def __init__(self, pdf: pikepdf.Pdf, settings: PreflightSettings, out: Collector) -> None:
        self.pdf = pdf
        self.settings = settings
        self.out = out
        self.pdfx = settings.pdfx
        self._fonts: dict[tuple[int, int], FontInfo] = {}
        self._parsed: dict[tuple[int, int], list[Any]] = {}
        self._checked: set[tuple[int, tuple[int, int]]] = set()
        self._object_findings: dict[tuple[int, int], list[Finding3]] = {}
        self._cs_cache: dict[tuple[int, int], ColourSpace] = {}
        self._image_ink: dict[tuple[int, int], InkMeasure] = {}
        self._shadings_seen: set[tuple[int, object]] = set()
        self.peaks: dict[int, float] = {}  # page -> highest ink coverage painted there (percent)
        self.content_bytes = 0  # decoded content stream bytes so far, against CONTENT_BYTES
        self.operators = 0  # content stream operators so far, against MAX_OPERATORS
        #: the decoded bytes and operators of each parsed stream kept for reuse
        self._sizes: dict[tuple[int, int], tuple[int, int]] = {}
        #: what the current page's walk reads (see `start_page`), and the kept streams it has counted
        self.page_bytes = 0
        self.page_operators = 0
        self._page_counted: set[tuple[int, int]] = set()

    def could_pass_budget(self, content_bytes: int, operators: int) -> bool:
        """Whether this walk's counts and another walk's together could pass a limit of the budget (the limits
        are read here, where the walk itself reads them)."""
        return self.content_bytes + content_bytes > CONTENT_BYTES or self.operators + operators > MAX_OPERATORS

    def start_page(self) -> None:
        """Count what the next page's walk reads as a walk of that page alone would: every stream it uses once,
        also one parsed for an earlier page (kept.py: a page's record must not depend on the pages before it)."""
        self.page_bytes = self.page_operators = 0
        self._page_counted = set()

    def _peak(self, page: int, ink: float | None) -> None:
        if ink is not None and ink > self.peaks.get(page, 0.0):
            self.peaks[page] = ink

    # -- shared objects: checked once, reported once with every page that uses them --------------------------

    def _object_report(self, obj: Any, page: int, check: Any) -> None:
        """Run `check(obj) -> [(severity, check id, message)]` once per indirect object; replay for later pages."""
        key = obj.objgen if obj.is_indirect else None
        if key is not None and key in self._object_findings:
            found = self._object_findings[key]
        else:
            found = check(obj)
            if key is not None:
                self._object_findings[key] = found
        for severity, check_id, message in found:
            self.out.add(severity, page, check_id, message, key=(key, message) if key else None, shared=key is not None)

    # -- resources -----------------------------------------------------------------------------------------------

    def sweep_resources(self, resources: Any, page: PageGeometry, depth: int = 0) -> None:
        """Check every font, colour space, shading, pattern, graphics state and image a page can reach, used or not:
        print shops' preflights flag an unembedded font or an RGB image even if nothing draws with it."""
        if not isinstance(resources, Dictionary) or depth > MAX_DEPTH:
            return
        n = page.number
        fonts = resources.get("/Font")
        if isinstance(fonts, Dictionary):
            for _, font in fonts.items():
                if isinstance(font, Dictionary):
                    self._object_report(font, n, self._font_findings)
        spaces = resources.get("/ColorSpace")
        if isinstance(spaces, Dictionary):
            for name, cs in spaces.items():
                found = classify(cs, resources, self.pdfx)
                if not found.allowed:
                    self.out.add("error", n, "colour", f"colour space resource {name}: {found.problem}",
                                 key=("cs-res", found.problem))  # fmt: skip
        if self.pdfx == "PDF/X-1a:2001":
            states = resources.get("/ExtGState")
            if isinstance(states, Dictionary):
                for name, gs in states.items():
                    if isinstance(gs, Dictionary):
                        for problem in _extgstate_transparency(gs):
                            self.out.add("error", n, "transparency", f"graphics state {name}: {problem} "
                                         "(PDF/X-1a allows no transparency)")  # fmt: skip
        shadings = resources.get("/Shading")
        if isinstance(shadings, Dictionary):
            for name, shading in shadings.items():
                self._check_shading(shading, resources, page, str(name))
        patterns = resources.get("/Pattern")
        if isinstance(patterns, Dictionary):
            for name, pattern in patterns.items():
                if not isinstance(pattern, Dictionary | Stream):
                    continue
                if int(pattern.get("/PatternType", 0)) == 2:
                    self._check_shading(pattern.get("/Shading"), resources, page, f"pattern {name}")
                elif isinstance(pattern, Stream) and self._first_visit(pattern, page):
                    matrix = _matrix(pattern.get("/Matrix"))
                    sub = pattern.get("/Resources")
                    self.sweep_resources(sub, page, depth + 1)
                    self.walk(pattern, sub if isinstance(sub, Dictionary) else resources, matrix, page,
                              depth + 1, in_pattern=True)  # fmt: skip
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, Dictionary):
            for name, xobj in xobjects.items():
                if not isinstance(xobj, Stream):
                    continue
                subtype = str(xobj.get("/Subtype", ""))
                if subtype == "/Image":
                    label = str(name)[1:]
                    self._object_report(xobj, n, lambda o, nm=label, r=resources: self._image_findings(o, nm, r))
                elif subtype == "/Form" and self._first_visit(xobj, page):
                    if self.pdfx == "PDF/X-1a:2001" and _is_transparency_group(xobj):
                        self.out.add("error", n, "transparency", f"form {name} is a transparency group "
                                     "(PDF/X-1a allows no transparency)")  # fmt: skip
                    self.sweep_resources(xobj.get("/Resources"), page, depth + 1)

    def _first_visit(self, obj: Any, page: PageGeometry) -> bool:
        key = (page.number, obj.objgen) if obj.is_indirect else None
        if key is None:
            return True
        if key in self._checked:
            return False
        self._checked.add(key)
        return True

    def _font_findings(self, font: Dictionary) -> list[Finding3]:
        name = font_name(font)
        problem = embedding_problem(font)
        if problem:
            return [("error", "fonts", f"font {name} {problem}; every font must be embedded")]
        if str(font.get("/Subtype", "")) != "/Type3" and not is_subset(font):
            return [("warning", "fonts", f"font {name} is embedded in full, not as a subset (prints, but is "
                     "against the edition's rule and makes the file bigger)")]  # fmt: skip
        return []

    def _image_findings(self, image: Stream, name: str, resources: Dictionary) -> list[Finding3]:
        found: list[Finding3] = []
        label = f"image {name} ({int(image.get('/Width', 0))}×{int(image.get('/Height', 0))} px)"
        if image.get("/ImageMask", False):
            cs: ColourSpace | None = None
        else:
            cs = classify(image.get("/ColorSpace", Name.DeviceGray), resources, self.pdfx)
            if not cs.allowed:
                found.append(("error", "colour", f"{label}: {cs.problem}"))
        if self.pdfx == "PDF/X-1a:2001":
            for problem in image_transparency(image):
                found.append(("error", "transparency", f"{label}: {problem} (PDF/X-1a allows no transparency)"))
        if cs is not None and cs.allowed:
            check_image(image, f"image {name}")
            measure = measure_image_ink(image, cs, self.settings.ink_limit_percent)
            if image.is_indirect:
                self._image_ink[image.objgen] = measure
            too_much = ink_problem(measure, self.settings.ink_limit_percent)
            if too_much:
                found.append((too_much[0], "ink", f"{label}: {too_much[1]}"))
        return found

    def _check_shading(self, shading: Any, resources: Dictionary, page: PageGeometry, label: str) -> None:
        if not isinstance(shading, Dictionary | Stream):
            return
        # The same shading is met in the resources and at its `sh`: check it once per page.
        seen = (page.number, shading.objgen if shading.is_indirect else label)
        if seen in self._shadings_seen:
            return
        self._shadings_seen.add(seen)
        cs = classify(shading.get("/ColorSpace", Name.DeviceGray), resources, self.pdfx)
        if not cs.allowed:
            self.out.add("error", page.number, "colour", f"shading {label}: {cs.problem}", key=("sh", label))
            return
        outputs = function_outputs(shading.get("/Function"))
        if outputs is None:
            return
        limit = self.settings.ink_limit_percent
        inks = [v for v in (cs.ink(o) for o in outputs) if v is not None]
        if inks:
            self._peak(page.number, max(inks))
        if inks and max(inks) > limit + 1e-6:
            self.out.add("error", page.number, "ink",
                         f"shading {label} reaches {max(inks):.0f} % ink (limit {limit:.0f} %)")  # fmt: skip

    # -- content streams -----------------------------------------------------------------------------------------

    def _instructions(self, stream: Any) -> list[Any]:
        key = stream.objgen if isinstance(stream, Stream) and stream.is_indirect else None
        if key is not None and key in self._parsed:
            if key not in self._page_counted:
                self._page_counted.add(key)
                size, operators = self._sizes[key]
                self.page_bytes += size
                self.page_operators += operators
            return self._parsed[key]
        read = 0
        for part in content_streams(stream):
            size = decoded_size(part, CONTENT_STREAM_BYTES)
            read += size
            self.content_bytes += size
            if size > CONTENT_STREAM_BYTES:
                raise TooLarge(f"a content stream decodes to more than {CONTENT_STREAM_BYTES // MB} MB (the limit)")
            if self.content_bytes > CONTENT_BYTES:
                raise TooLarge(f"the content streams decode to more than {CONTENT_BYTES // MB} MB (the limit)")
        try:
            parsed = pikepdf.parse_content_stream(stream)
        except pikepdf.PdfError as exc:
            raise _Unreadable(str(exc)) from exc
        self.operators += len(parsed)
        if self.operators > MAX_OPERATORS:
            raise TooLarge(f"the content streams hold more than {MAX_OPERATORS:,} operators (the limit)")
        self.page_bytes += read
        self.page_operators += len(parsed)
        if key is not None and len(parsed) <= CACHE_OPERATORS:
            self._parsed[key] = parsed
            self._sizes[key] = (read, len(parsed))
            self._page_counted.add(key)
        return parsed

    def _font(self, resources: Dictionary, name: Any) -> FontInfo | None:
        fonts = resources.get("/Font")
        font = fonts.get(str(name)) if isinstance(fonts, Dictionary) else None
        if not isinstance(font, Dictionary):
            return None
        key = font.objgen if font.is_indirect else None
        if key is not None and key in self._fonts:
            return self._fonts[key]
        info = font_info(font)
        if key is not None:
            self._fonts[key] = info
        return info

    def walk(
        self, stream: Any, resources: Any, ctm: Matrix, page: PageGeometry, depth: int = 0, in_pattern: bool = False
    ) -> None:
        """Interpret one content stream (a page, a form or a tiling pattern)."""
        if depth > MAX_DEPTH:
            return
        if not isinstance(resources, Dictionary):
            resources = Dictionary()
        try:
            instructions = self._instructions(stream)
        except _Unreadable as exc:
            self.out.add("error", page.number, "pdf", f"content stream cannot be read: {exc}")
            return
        out = self.out
        n = page.number
        settings = self.settings
        limit = settings.ink_limit_percent
        min_pt = settings.min_text_pt
        st = _State(ctm)
        stack: list[_State] = []
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        path: list[float] = []  # x0, y0, x1, y1 of the current path in user space
        inline_image = pikepdf.ContentStreamInlineImage
        pdf_string = pikepdf.String
        for ins in instructions:
            if isinstance(ins, inline_image):
                self._inline_image(ins, st, resources, page)
                continue
            op = str(ins.operator)
            # Operators that need no operands first (reading the operands costs more than the test).
            if op in _NOT_WALKED:
                continue
            if op in _FILL_OPS or op in _STROKE_OPS:
                if op in _FILL_OPS:
                    self._paint_ink(st.fill_ink, "fill", path, st.ctm, page, limit)
                if op in _STROKE_OPS:
                    self._paint_ink(st.stroke_ink, "stroke", path, st.ctm, page, limit)
                path = []
                continue
            if op == "n":
                path = []
                continue
            if op == "BT":
                tm = tlm = IDENTITY
                continue
            if op == "q":
                stack.append(st.copy())
                continue
            if op == "Q":
                if stack:
                    st = stack.pop()
                continue
            args = ins.operands
            if op in ("k", "K", "g", "G"):
                space = DEVICE_CMYK if op in ("k", "K") else DEVICE_GRAY
                ink = space.ink([_num(a) for a in args])
                if op in ("k", "g"):
                    st.fill_cs, st.fill_ink = space, ink
                else:
                    st.stroke_cs, st.stroke_ink = space, ink
                continue
            if op in _PATH_OPS:
                if op == "re" and len(args) == 4:
                    x, y, w, h = map(_num, args)
                    _grow(path, x, y)
                    _grow(path, x + w, y + h)
                elif len(args) >= 2:
                    _grow(path, _num(args[-2]), _num(args[-1]))
                continue
            if op in ("Tj", "TJ", "'", '"'):
                if op == "'":
                    tlm = (tlm[0], tlm[1], tlm[2], tlm[3], tlm[4] - st.tl * tlm[2], tlm[5] - st.tl * tlm[3])
                    tm = tlm
                elif op == '"' and len(args) == 3:
                    st.tw, st.tc = _num(args[0]), _num(args[1])
                    tlm = (tlm[0], tlm[1], tlm[2], tlm[3], tlm[4] - st.tl * tlm[2], tlm[5] - st.tl * tlm[3])
                    tm = tlm
                    args = args[2:]
                font = st.font
                if font is None or not args:
                    continue
                parts: list[bytes] = []
                adv = 0.0
                glyphs = 0
                size, tc, tw = st.size, st.tc, st.tw
                if op == "TJ":
                    for item in args[0]:
                        if isinstance(item, pdf_string):
                            data = bytes(item)
                            a, g = font.advance(data, size, tc, tw)
                            adv += a
                            glyphs += g
                            parts.append(data)
                        else:
                            adv -= float(item) / 1000 * size
                else:
                    data = bytes(args[0])
                    adv, glyphs = font.advance(data, size, tc, tw)
                    parts.append(data)
                adv *= st.th
                trm = multiply(tm, st.ctm)
                tm = (tm[0], tm[1], tm[2], tm[3], tm[4] + adv * tm[0], tm[5] + adv * tm[1])
                if glyphs == 0 or st.render in (3, 7):
                    continue
                self._text_run(font, parts, glyphs, adv, trm, st, page, in_pattern, min_pt)
                ink = st.fill_ink if st.render in _TEXT_FILL else None
                if st.render in _TEXT_STROKE and (st.stroke_ink or 0) > (ink or 0):
                    ink = st.stroke_ink
                self._peak(n, ink)
                if ink is not None and ink > limit + 1e-6:
                    x, y = apply(trm, 0, 0)
                    out.add("error", n, "ink", f"text in a colour with {ink:.0f} % ink (limit {limit:.0f} %) "
                            f"at {page.where(x, y)}", key=("ink-text", round(ink)))  # fmt: skip
                continue
            if op == "Tm" and len(args) == 6:
                tm = tlm = tuple(map(_num, args))  # type: ignore[assignment]
            elif op == "cm" and len(args) == 6:
                st.ctm = multiply(tuple(map(_num, args)), st.ctm)  # type: ignore[arg-type]
            elif op == "Tf" and len(args) == 2:
                st.font = self._font(resources, args[0])
                st.size = _num(args[1])
                if st.font is None:
                    out.add("error", n, "fonts", f"text uses font {args[0]}, which is not in the resources",
                            key=("no-font", str(args[0])))  # fmt: skip
            elif op == "Td" and len(args) == 2:
                tlm = _translate(tlm, _num(args[0]), _num(args[1]))
                tm = tlm
            elif op == "TD" and len(args) == 2:
                ty = _num(args[1])
                st.tl = -ty
                tlm = _translate(tlm, _num(args[0]), ty)
                tm = tlm
            elif op == "T*":
                tlm = _translate(tlm, 0.0, -st.tl)
                tm = tlm
            elif op == "Tc" and args:
                st.tc = _num(args[0])
            elif op == "Tw" and args:
                st.tw = _num(args[0])
            elif op == "Tz" and args:
                st.th = _num(args[0]) / 100
            elif op == "TL" and args:
                st.tl = _num(args[0])
            elif op == "Ts" and args:
                st.rise = _num(args[0])
            elif op == "Tr" and args:
                st.render = int(args[0])
            elif op in ("rg", "RG"):
                kind = "fill" if op == "rg" else "stroke"
                values = " ".join(f"{_num(a):g}" for a in args)
                out.add("error", n, "colour", f"RGB {kind} colour: operator '{values} {op}'", key=("rgb", op, values))
                ink = None
                if op == "rg":
                    st.fill_ink = None
                else:
                    st.stroke_ink = None
            elif op in ("cs", "CS") and args:
                space = self._colour_space(args[0], resources)
                if not space.allowed:
                    out.add("error", n, "colour", f"{space.problem}: operator '{args[0]} {op}'",
                            key=("cs", op, space.problem))  # fmt: skip
                if op == "cs":
                    st.fill_cs, st.fill_ink = space, space.ink(space.initial) if space.initial else None
                else:
                    st.stroke_cs, st.stroke_ink = space, space.ink(space.initial) if space.initial else None
            elif op in ("sc", "scn", "SC", "SCN"):
                space = st.fill_cs if op in ("sc", "scn") else st.stroke_cs
                comps = [_num(a) for a in args if not isinstance(a, Name)]
                ink = space.ink(comps) if comps and space.allowed else None
                if op in ("sc", "scn"):
                    st.fill_ink = ink
                else:
                    st.stroke_ink = ink
            elif op == "Do" and args:
                self._do(args[0], st, resources, page, depth, in_pattern)
            elif op == "sh" and args:
                shadings = resources.get("/Shading")
                shading = shadings.get(str(args[0])) if isinstance(shadings, Dictionary) else None
                self._check_shading(shading, resources, page, str(args[0]))

    def _colour_space(self, operand: Any, resources: Dictionary) -> ColourSpace:
        name = str(operand)
        if name in ("/DeviceCMYK", "/DeviceGray", "/Pattern", "/DeviceRGB"):
            return classify(operand, None, self.pdfx)
        spaces = resources.get("/ColorSpace")
        obj = spaces.get(name) if isinstance(spaces, Dictionary) else None
        if obj is not None and getattr(obj, "is_indirect", False):
            key = obj.objgen
            if key not in self._cs_cache:
                self._cs_cache[key] = classify(obj, resources, self.pdfx)
            return self._cs_cache[key]
        return classify(operand, resources, self.pdfx)

    def _paint_ink(self, ink: float | None, kind: str, path: list[float], ctm: Matrix, page: PageGeometry,
                   limit: float) -> None:  # fmt: skip
        self._peak(page.number, ink)
        if ink is None or ink <= limit + 1e-6:
            return
        where = ""
        if path:
            x0, y0, x1, y1 = transform_rect(ctm, *path)
            where = f" in the area {page.where(x0, y1)} to {page.where(x1, y0)}"
        self.out.add("error", page.number, "ink", f"{kind} colour with {ink:.0f} % ink (limit {limit:.0f} %){where}",
                     key=("ink", kind, round(ink, 1)))  # fmt: skip

    def _text_run(self, font: FontInfo, parts: list[bytes], glyphs: int, adv: float, trm: Matrix, st: _State,
                  page: PageGeometry, in_pattern: bool, min_pt: float) -> None:  # fmt: skip
        """Size and position checks of one text-showing operator (one run, not one glyph: fast and enough)."""
        size = abs(st.size) * y_scale(trm)
        if size < min_pt - 1e-6:
            x, y = apply(trm, 0, st.rise)
            text = _snippet(font, parts, glyphs)
            self.out.add("error", page.number, "text-size",
                         f"text {text} is {size:.2f} pt (minimum {min_pt:g} pt) at {page.where(x, y)}",
                         key=("size", text, round(size, 2)))  # fmt: skip
        if in_pattern:
            return
        s = st.size
        x0, y0, x1, y1 = transform_rect(trm, 0, st.rise + font.descent * s, adv, st.rise + font.ascent * s)
        sx0, sy0, sx1, sy1 = page.safe
        if x0 >= sx0 - TOL and y0 >= sy0 - TOL and x1 <= sx1 + TOL and y1 <= sy1 + TOL:
            return
        self._text_outside(font, parts, glyphs, (x0, y0, x1, y1), page)

    def _text_outside(self, font: FontInfo, parts: list[bytes], glyphs: int, box: Rect, page: PageGeometry) -> None:
        x0, y0, x1, y1 = box
        text = _snippet(font, parts, glyphs)
        bx0, by0, bx1, by1 = page.bleed
        tx0, ty0, tx1, ty1 = page.trim
        at = page.where(x0, y1)
        s = self.settings
        if x1 < bx0 or x0 > bx1 or y1 < by0 or y0 > by1:
            self.out.add("warning", page.number, "safe-zone",
                         f"text {text} at {at} lies outside the bleed (in the slug; it is cut off)")  # fmt: skip
            return
        if y1 > page.binding_bottom + TOL:
            self.out.add("error", page.number, "binding-zone",
                         f"text {text} at {at} reaches into the top binding zone: its top is "
                         f"{(ty1 - y1) / MM:.1f} mm below the top trim edge (nothing but background in the top "
                         f"{s.binding_zone_mm:g} mm)")  # fmt: skip
            return
        edges = [("left", x0 - tx0), ("right", tx1 - x1), ("bottom", y0 - ty0)]
        edge, gap = min(edges, key=lambda e: e[1])
        beyond = f"{-gap / MM:.1f} mm beyond" if gap < 0 else f"{gap / MM:.1f} mm from"
        self.out.add("error", page.number, "safe-zone",
                     f"text {text} at {at} is {beyond} the {edge} trim edge (safe zone {s.safe_mm:g} mm)")  # fmt: skip

    def _do(self, name: Any, st: _State, resources: Dictionary, page: PageGeometry, depth: int,
            in_pattern: bool) -> None:  # fmt: skip
        xobjects = resources.get("/XObject")
        xobj = xobjects.get(str(name)) if isinstance(xobjects, Dictionary) else None
        if not isinstance(xobj, Stream):
            return
        subtype = str(xobj.get("/Subtype", ""))
        if subtype == "/Form":
            matrix = multiply(_matrix(xobj.get("/Matrix")), st.ctm)
            sub = xobj.get("/Resources")
            self.walk(xobj, sub if isinstance(sub, Dictionary) else resources, matrix, page, depth + 1, in_pattern)
        elif subtype == "/Image":
            if not xobj.get("/ImageMask", False):
                measure = self._image_ink.get(xobj.objgen) if xobj.is_indirect else None
                self._peak(page.number, measure.peak if measure else None)
                width, height = int(xobj.get("/Width", 0)), int(xobj.get("/Height", 0))
                self._placement(f"image {str(name)[1:]}", width, height, st.ctm, page, in_pattern)

    def _inline_image(self, ins: Any, st: _State, resources: Dictionary, page: PageGeometry) -> None:
        image = ins.iimage
        label = f"inline image ({image.width}×{image.height} px)"
        if image.image_mask:
            return
        raw = image.obj.get("/CS", image.obj.get("/ColorSpace", Name.DeviceGray)) if hasattr(image, "obj") else None
        cs = classify(raw if raw is not None else image.colorspace, resources, self.pdfx)
        if not cs.allowed:
            self.out.add("error", page.number, "colour", f"{label}: {cs.problem}")
        elif cs.components == 4:
            if image.width * image.height > IMAGE_PIXELS:
                raise TooLarge(f"{label} has more pixels than the limit of {IMAGE_PIXELS:,}")
            measure = measure_image_ink(image, cs, self.settings.ink_limit_percent)
            self._peak(page.number, measure.peak)
            problem = ink_problem(measure, self.settings.ink_limit_percent)
            if problem:
                self.out.add(problem[0], page.number, "ink", f"{label}: {problem[1]}")
        self._placement(label, image.width, image.height, st.ctm, page, False)

    def _placement(self, label: str, width: int, height: int, ctm: Matrix, page: PageGeometry,
                   in_pattern: bool) -> None:  # fmt: skip
        """Effective resolution and position of one placed image (an image maps the unit square through the CTM)."""
        s = self.settings
        placed_w, placed_h = x_scale(ctm), y_scale(ctm)
        if placed_w <= 0 or placed_h <= 0:
            return
        ppi = min(width / (placed_w / 72), height / (placed_h / 72))
        x0, y0, x1, y1 = transform_rect(ctm, 0, 0, 1, 1)
        at = page.where(x0, y1)
        size = f"{placed_w / MM:.1f} × {placed_h / MM:.1f} mm"
        if ppi < s.image_ppi_error - 1e-6:
            self.out.add("error", page.number, "image-ppi", f"{label} at {at}, {size}: {ppi:.0f} ppi "
                         f"(minimum {s.image_ppi_error:g} ppi, {s.image_ppi_warning:g} wanted)")  # fmt: skip
        elif ppi < s.image_ppi_warning - 1e-6:
            self.out.add("warning", page.number, "image-ppi",
                         f"{label} at {at}, {size}: {ppi:.0f} ppi (below {s.image_ppi_warning:g} ppi)")  # fmt: skip
        if in_pattern:
            return
        self._image_position(label, (x0, y0, x1, y1), page)

    def _image_position(self, label: str, box: Rect, page: PageGeometry) -> None:
        """An image must stay inside the safe zone, or run off into the bleed on every edge where it leaves it.

        So a background running off the page is fine (also across the top binding zone), while a picture or logo
        that stops a few millimetres short of the trim, or sits in the binding zone, is an error.
        """
        x0, y0, x1, y1 = box
        bx0, by0, bx1, by1 = page.bleed
        if x1 <= bx0 or x0 >= bx1 or y1 <= by0 or y0 >= by1:
            return  # entirely in the slug: printer's marks or leftovers, cut off anyway
        sx0, sy0, sx1, sy1 = page.safe
        tx0, ty0, tx1, ty1 = page.trim
        tol = 0.5
        s = self.settings
        at = page.where(x0, y1)
        if y1 > page.binding_bottom + TOL and y1 < by1 - tol:
            self.out.add("error", page.number, "binding-zone",
                         f"{label} at {at} reaches into the top binding zone but not into the bleed: only a "
                         f"background running off the top edge may be in the top {s.binding_zone_mm:g} mm")  # fmt: skip
            return
        for edge, leaves, reaches, gap in (
            ("left", x0 < sx0 - TOL, x0 <= bx0 + tol, x0 - tx0),
            ("right", x1 > sx1 + TOL, x1 >= bx1 - tol, tx1 - x1),
            ("bottom", y0 < sy0 - TOL, y0 <= by0 + tol, y0 - ty0),
        ):
            if leaves and not reaches:
                where = f"{gap / MM:.1f} mm from" if gap >= 0 else f"{-gap / MM:.1f} mm beyond"
                self.out.add("error", page.number, "safe-zone",
                             f"{label} at {at} ends {where} the {edge} trim edge: keep it {s.safe_mm:g} mm inside "
                             f"the trim or run it {s.bleed_mm:g} mm into the bleed")  # fmt: skip


class _Unreadable(Exception):
    pass


def _grow(path: list[float], x: float, y: float) -> None:
    if not path:
        path.extend((x, y, x, y))
        return
    if x < path[0]:
        path[0] = x
    elif x > path[2]:
        path[2] = x
    if y < path[1]:
        path[1] = y
    elif y > path[3]:
        path[3] = y


def _translate(m: Matrix, tx: float, ty: float) -> Matrix:
    return (m[0], m[1], m[2], m[3], tx * m[0] + ty * m[2] + m[4], tx * m[1] + ty * m[3] + m[5])


def _matrix(obj: Any) -> Matrix:
    if isinstance(obj, Array) and len(obj) == 6:
        return tuple(float(v) for v in obj)  # type: ignore[return-value]
    return IDENTITY


def _snippet(font: FontInfo, parts: list[bytes], glyphs: int) -> str:
    text = font.text(b"".join(parts)).strip()
    if not text:
        return f"({glyphs} glyphs in {font.name})"
    return '"' + (text if len(text) <= 40 else text[:39] + "…") + '"'


def _extgstate_transparency(gs: Dictionary) -> list[str]:
    problems = []
    smask = gs.get("/SMask")
    if smask is not None and str(smask) != "/None":
        problems.append("soft mask (SMask)")
    for key in ("/CA", "/ca"):
        value = gs.get(key)
        if value is not None and float(value) < 1:
            problems.append(f"{key[1:]} {float(value):g} (opacity below 1)")
    blend = gs.get("/BM")
    if blend is not None:
        modes = [str(b) for b in blend] if isinstance(blend, Array) else [str(blend)]
        if modes and modes[0] not in ("/Normal", "/Compatible"):
            problems.append(f"blend mode {modes[0][1:]}")
    return problems


def _is_transparency_group(xobj: Stream) -> bool:
    group = xobj.get("/Group")
    return isinstance(group, Dictionary) and str(group.get("/S", "")) == "/Transparency"
