"""Which colour spaces a CMYK print file may use, and how much ink a colour puts on paper.

Ink ("total area coverage") is C+M+Y+K in percent. DeviceGray prints on the black plate only, so gray g is
(1 − g) × 100 % K. Separation/DeviceN with process colourant names count as those process inks; /All is the
registration colour of printer's marks and is not counted (it lies outside the bleed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from calendar_builder.preflight import budget

PROCESS = frozenset({"Cyan", "Magenta", "Yellow", "Black"})

InkFn = Callable[[Sequence[float]], float | None]


@dataclass(frozen=True)
class ColourSpace:
    """A resolved colour space: allowed or not (with the reason), its component count and its ink function."""

    label: str
    allowed: bool
    components: int
    ink: InkFn  # components -> percent, or None when ink does not apply (e.g. /All, patterns)
    problem: str = ""
    initial: tuple[float, ...] = ()


def _cmyk_ink(c: Sequence[float]) -> float | None:
    return (c[0] + c[1] + c[2] + c[3]) * 100 if len(c) >= 4 else None


def _gray_ink(c: Sequence[float]) -> float | None:
    return (1 - c[0]) * 100 if c else None


def _tint_ink(c: Sequence[float]) -> float | None:
    return c[0] * 100 if c else None


def _no_ink(c: Sequence[float]) -> float | None:
    return None


DEVICE_CMYK = ColourSpace("DeviceCMYK", True, 4, _cmyk_ink, initial=(0.0, 0.0, 0.0, 1.0))
DEVICE_GRAY = ColourSpace("DeviceGray", True, 1, _gray_ink, initial=(0.0,))
PATTERN = ColourSpace("Pattern", True, 0, _no_ink)

# Abbreviations are used by inline images.
_DEVICE = {"/DeviceCMYK": DEVICE_CMYK, "/CMYK": DEVICE_CMYK, "/DeviceGray": DEVICE_GRAY, "/G": DEVICE_GRAY,
           "/Pattern": PATTERN}  # fmt: skip
_RGB_NAMES = {"/DeviceRGB", "/RGB", "/CalRGB"}


def _bad(label: str, problem: str, components: int) -> ColourSpace:
    return ColourSpace(label, False, components, _no_ink, problem)


def icc_colour_space(stream: Stream) -> str:
    """The data colour space from an ICC profile header ('CMYK', 'GRAY', 'RGB', …), bytes 16–19."""
    try:
        header = budget.read(stream, "an ICC profile")[:20]
    except pikepdf.PdfError:
        return "?"
    return header[16:20].decode("ascii", "replace").strip() if len(header) >= 20 else "?"


def classify(cs: object, resources: Dictionary | None, pdfx: str, depth: int = 0) -> ColourSpace:
    """Resolve a colour space operand, resource name or object and decide if the print file may use it."""
    if depth > 8:
        return _bad("?", "colour space nested too deeply", 0)
    if isinstance(cs, Name) or isinstance(cs, str):
        name = str(cs)
        if name in _DEVICE:
            return _DEVICE[name]
        if name in _RGB_NAMES:
            return _bad(name[1:], f"RGB colour space {name}", 3)
        if name in ("/Indexed", "/I"):
            return _bad("Indexed", "Indexed colour space without base", 1)
        colour_spaces = resources.get("/ColorSpace") if resources is not None else None
        if isinstance(colour_spaces, Dictionary) and name in colour_spaces:
            return classify(colour_spaces[name], resources, pdfx, depth + 1)
        return _bad(name[1:], f"unknown colour space {name}", 0)
    if isinstance(cs, Array) and len(cs) > 0:
        family = str(cs[0])
        if len(cs) == 1:
            return classify(cs[0], resources, pdfx, depth + 1)
        if family == "/ICCBased":
            profile = cs[1]
            space = icc_colour_space(profile) if isinstance(profile, Stream) else "?"
            n = int(profile.get("/N", 0)) if isinstance(profile, Stream) else 0
            if space == "CMYK" or (space == "?" and n == 4):
                base = DEVICE_CMYK
            elif space == "GRAY" or (space == "?" and n == 1):
                base = DEVICE_GRAY
            else:
                return _bad(f"ICCBased {space}", f"ICC-based {space} colour space", n)
            if pdfx == "PDF/X-1a:2001":
                return _bad(f"ICCBased {space}", f"ICC-based {space} colour space (PDF/X-1a allows only "
                            "DeviceCMYK/DeviceGray)", base.components)  # fmt: skip
            return ColourSpace(f"ICCBased {space}", True, base.components, base.ink, initial=base.initial)
        if family in ("/Indexed", "/I") and len(cs) >= 4:
            base = classify(cs[1], resources, pdfx, depth + 1)
            if not base.allowed:
                return _bad(f"Indexed {base.label}", f"Indexed colour space over {base.problem}", 1)
            table = _lookup_inks(cs[3], base)
            return ColourSpace(f"Indexed {base.label}", True, 1, _indexed_ink(table), initial=(0.0,))
        if family == "/Separation":
            colourant = str(cs[1])[1:]
            if colourant in PROCESS:
                return ColourSpace(f"Separation {colourant}", True, 1, _tint_ink, initial=(1.0,))
            if colourant in ("All", "None"):
                return ColourSpace(f"Separation {colourant}", True, 1, _no_ink, initial=(1.0,))
            return _bad(f"Separation {colourant}", f"spot colour '{colourant}' (Separation)", 1)
        if family == "/DeviceN":
            names = [str(n)[1:] for n in cs[1]] if isinstance(cs[1], Array) else []
            spots = [n for n in names if n not in PROCESS and n != "None"]
            if spots:
                return _bad("DeviceN", "spot colour(s) " + ", ".join(f"'{n}'" for n in spots) + " (DeviceN)",
                            len(names))  # fmt: skip
            mask = [n in PROCESS for n in names]
            return ColourSpace("DeviceN " + "+".join(names), True, len(names),
                               lambda c: sum(v for v, m in zip(c, mask, strict=False) if m) * 100,
                               initial=tuple(1.0 for _ in names))  # fmt: skip
        if family == "/Pattern":
            base = classify(cs[1], resources, pdfx, depth + 1)
            if not base.allowed:
                return _bad(f"Pattern over {base.label}", f"uncoloured pattern in {base.problem}", base.components)
            return ColourSpace(f"Pattern over {base.label}", True, base.components + 1,
                               lambda c: base.ink(c[: base.components]))  # fmt: skip
        if family in ("/CalRGB",):
            return _bad("CalRGB", "RGB colour space CalRGB", 3)
        if family == "/Lab":
            return _bad("Lab", "Lab colour space", 3)
        if family == "/CalGray":
            return _bad("CalGray", "calibrated gray CalGray (only DeviceGray is allowed)", 1)
        return _bad(family[1:], f"colour space {family}", 0)
    return _bad("?", f"unreadable colour space {cs!r}", 0)


def _lookup_inks(lookup: object, base: ColourSpace) -> list[float]:
    """Ink of each palette entry of an Indexed colour space (the lookup table is bytes, n per entry)."""
    if isinstance(lookup, Stream):
        data = budget.read(lookup, "an Indexed colour lookup table")
    elif isinstance(lookup, pikepdf.String):
        data = bytes(lookup)
    else:
        return []
    n = base.components or 1
    inks: list[float] = []
    for i in range(0, len(data) - n + 1, n):
        ink = base.ink([b / 255 for b in data[i : i + n]])
        inks.append(ink if ink is not None else 0.0)
    return inks


def _indexed_ink(table: list[float]) -> InkFn:
    def ink(c: Sequence[float]) -> float | None:
        if not c or not table:
            return None
        i = int(c[0])
        return table[i] if 0 <= i < len(table) else None

    return ink


def max_lookup_ink(cs: ColourSpace, entries: int) -> float | None:
    """Highest ink among the first `entries` palette entries of an Indexed space (for Indexed images)."""
    inks = [cs.ink([i]) for i in range(entries)]
    known = [v for v in inks if v is not None]
    return max(known) if known else None


def function_outputs(function: object, depth: int = 0) -> list[list[float]] | None:
    """Output values at which a shading function reaches its extremes, for the kinds we can evaluate exactly.

    Type 2 (exponential) reaches its extremes at C0 and C1 for t in [0, 1]; type 3 (stitching) at those of its
    parts. Sampled (0) and PostScript (4) functions return None: their ink is not measured.
    """
    if depth > 8:
        return None
    if isinstance(function, Array):
        # An array of 1-output functions, one per colour component.
        parts = [function_outputs(f, depth + 1) for f in function]
        if any(p is None for p in parts):
            return None
        outs = [p for p in parts if p is not None]
        return [[o[i][0] for o in outs] for i in range(min(len(o) for o in outs))]
    if not isinstance(function, Dictionary | Stream):
        return None
    kind = int(function.get("/FunctionType", -1))
    if kind == 2:
        c0 = [float(v) for v in function.get("/C0", [0.0])]
        c1 = [float(v) for v in function.get("/C1", [1.0])]
        return [c0, c1]
    if kind == 3:
        values: list[list[float]] = []
        for f in function.get("/Functions", []):
            sub = function_outputs(f, depth + 1)
            if sub is None:
                return None
            values += sub
        return values
    return None
