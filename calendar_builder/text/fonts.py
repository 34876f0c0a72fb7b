"""The shipped fonts: which file serves which script and style, and what each one covers.

A festival name printed in empty boxes insults the people it names, so coverage is decided from the
fonts' own character maps, per script, with an explicit fallback chain whose names can be reported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools import unicodedata as ftunicodedata

from calendar_builder.resources import font_dir

#: The shipped fonts (see fonts/README.md for where each file came from): the repository's fonts/ folder, or the
#: copy an installed wheel carries.
FONT_DIR = font_dir()

#: The base styles a caller can ask for.
STYLES = ("sans", "bold", "serif")

# Characters that never need a glyph: HarfBuzz uses them for joining decisions and then drops them.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),  # Arabic letter mark
    (0x180B, 0x180F),  # Mongolian variation selectors
    (0x200B, 0x200F),  # zero width space, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, isolates
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # zero width no-break space
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)


@lru_cache(maxsize=8192)
def is_ignorable(cp: int) -> bool:
    """True for default-ignorable code points: they steer shaping but are never drawn (cached: asked per
    character of every string the layout measures)."""
    return any(lo <= cp <= hi for lo, hi in _IGNORABLE_RANGES)


@dataclass(frozen=True, eq=False)
class Face:
    """One font file. HarfBuzz objects are made on first use: the CJK files are large."""

    key: str  # file stem, e.g. "NotoSansArabic-Regular"
    path: Path
    family: str  # name shown in messages, e.g. "Noto Sans Arabic Regular"

    @cached_property
    def hb_face(self) -> hb.Face:
        return hb.Face(hb.Blob.from_file_path(str(self.path)))

    @cached_property
    def hb_font(self) -> hb.Font:
        return hb.Font(self.hb_face)

    @cached_property
    def upem(self) -> int:
        return int(self.hb_face.upem)

    @cached_property
    def cmap(self) -> frozenset[int]:
        """Code points the font maps to a glyph (its own cmap, untouched by ReportLab's additions)."""
        return frozenset(self.hb_face.unicodes)

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.cmap


# Script-specific files per style: (regular, bold). Serif falls back to the regular sans file for
# scripts with no serif shipped; the calendar uses serif only for Latin-script headings.
_SCRIPT_FILES: dict[str, tuple[str, str]] = {
    "Arab": ("NotoSansArabic-Regular", "NotoSansArabic-Bold"),
    "Armn": ("NotoSansArmenian-Regular", "NotoSansArmenian-Bold"),
    "Beng": ("NotoSansBengali-Regular", "NotoSansBengali-Bold"),
    "Deva": ("NotoSansDevanagari-Regular", "NotoSansDevanagari-Bold"),
    "Ethi": ("NotoSansEthiopic-Regular", "NotoSansEthiopic-Bold"),
    "Geor": ("NotoSansGeorgian-Regular", "NotoSansGeorgian-Bold"),
    "Guru": ("NotoSansGurmukhi-Regular", "NotoSansGurmukhi-Bold"),
    "Hebr": ("NotoSansHebrew-Regular", "NotoSansHebrew-Bold"),
    "Sinh": ("NotoSansSinhala-Regular", "NotoSansSinhala-Bold"),
    "Taml": ("NotoSansTamil-Regular", "NotoSansTamil-Bold"),
    "Thai": ("NotoSansThai-Regular", "NotoSansThai-Bold"),
    # Droid Sans Fallback has no bold; Chinese and Japanese print in its single weight.
    "Hani": ("DroidSansFallbackFull", "DroidSansFallbackFull"),
    "Hira": ("DroidSansFallbackFull", "DroidSansFallbackFull"),
    "Kana": ("DroidSansFallbackFull", "DroidSansFallbackFull"),
    "Bopo": ("DroidSansFallbackFull", "DroidSansFallbackFull"),
    "Hang": ("NanumGothic", "NanumGothicBold"),
}

# Latin, Greek and Cyrillic live in the base family of each style.
_BASE_FILES = {"sans": "NotoSans-Regular", "bold": "NotoSans-Bold", "serif": "NotoSerif-Regular"}
_BASE_SCRIPTS = frozenset({"Latn", "Grek", "Cyrl", "Zyyy", "Zinh", "Zzzz"})

# Tried after the script's own font and the base font: symbols (tradition markers), then CJK
# punctuation and other common signs.
_TAIL_FILES = {
    "sans": ("NotoSansSymbols-Regular", "NotoSansSymbols2-Regular", "DroidSansFallbackFull"),
    "bold": ("NotoSansSymbols-Bold", "NotoSansSymbols2-Regular", "DroidSansFallbackFull"),
    "serif": ("NotoSansSymbols-Regular", "NotoSansSymbols2-Regular", "DroidSansFallbackFull"),
}


@lru_cache(maxsize=8192)
def script_of(ch: str) -> str:
    """ISO 15924 script code of a character (Zyyy common, Zinh inherited, Zzzz unknown)."""
    return str(ftunicodedata.script(ch))


@lru_cache(maxsize=8192)
def script_extensions(ch: str) -> frozenset[str]:
    """Scripts a common character is used with (e.g. the Arabic comma, the Devanagari danda)."""
    return frozenset(str(s) for s in ftunicodedata.script_extension(ch))


class FontBook:
    """The shipped fonts and the fallback chain per script and style.

    Loading is lazy per file; one book per font folder is enough for a process (see `FontBook.default`).
    """

    def __init__(self, font_dir: Path = FONT_DIR) -> None:
        self.font_dir = Path(font_dir)
        self._faces: dict[str, Face] = {}
        self._chains: dict[tuple[str, str], tuple[Face, ...]] = {}
        needed = set(_BASE_FILES.values())
        for pair in _SCRIPT_FILES.values():
            needed.update(pair)
        for tail in _TAIL_FILES.values():
            needed.update(tail)
        missing = sorted(k for k in needed if not (self.font_dir / f"{k}.ttf").is_file())
        if missing:
            raise FileNotFoundError(f"font folder {self.font_dir} lacks: " + ", ".join(f"{k}.ttf" for k in missing))

    @staticmethod
    @lru_cache(maxsize=4)
    def default(font_dir: Path = FONT_DIR) -> FontBook:
        """The shared book for a font folder: fonts are parsed once per process, not once per string."""
        return FontBook(font_dir)

    def face(self, key: str) -> Face:
        if key not in self._faces:
            path = self.font_dir / f"{key}.ttf"
            self._faces[key] = Face(key=key, path=path, family=_family_name(path))
        return self._faces[key]

    def base_face(self, style: str = "sans") -> Face:
        _check_style(style)
        return self.face(_BASE_FILES[style])

    def chain(self, script: str, style: str = "sans") -> tuple[Face, ...]:
        """Fonts tried, in order, for a character of `script` in `style`."""
        _check_style(style)
        cache_key = (script, style)
        if cache_key not in self._chains:
            keys: list[str] = []
            if script in _SCRIPT_FILES and script not in _BASE_SCRIPTS:
                keys.append(_SCRIPT_FILES[script][1 if style == "bold" else 0])
            keys.append(_BASE_FILES[style])
            keys.extend(_TAIL_FILES[style])
            ordered = list(dict.fromkeys(keys))
            self._chains[cache_key] = tuple(self.face(k) for k in ordered)
        return self._chains[cache_key]

    def font_for(self, ch: str, script: str | None = None, style: str = "sans") -> Face | None:
        """First font of the chain that has a glyph for `ch`; None when no shipped font does."""
        for face in self.chain(script or script_of(ch), style):
            if face.covers(ch):
                return face
        return None

    def covers(self, ch: str, style: str = "sans") -> bool:
        """Whether some shipped font prints `ch` (default-ignorable characters need no glyph)."""
        return is_ignorable(ord(ch)) or self.font_for(ch, style=style) is not None

    def faces(self, keys: Iterable[str] | None = None) -> list[Face]:
        """All shipped faces (or the named ones), for inspection and tests."""
        if keys is None:
            keys = sorted(p.stem for p in self.font_dir.glob("*.ttf"))
        return [self.face(k) for k in keys]


def _check_style(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown font style {style!r}; known: {', '.join(STYLES)}")


def _family_name(path: Path) -> str:
    """The font's full name (name ID 4), read through HarfBuzz to avoid parsing the file twice."""
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    for entry in face.list_names():
        if int(entry.name_id) == 4:
            name = face.get_name(entry.name_id)
            if name:
                return str(name)
    return path.stem


def char_label(ch: str) -> str:
    """U+XXXX and the Unicode name, as the person fixing a data file needs to see it."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '<unnamed>')}"
