"""What may stand in a text field: no invisible control characters, no bidi overrides, a bounded length.

Control characters (C0, DEL, C1) are invisible in an editor and do harm downstream: ESC or NUL in a PDF
string, a form feed in an .ics line. The bidi embedding, override and isolate controls (U+202A–U+202E,
U+2066–U+2069) can make a printed line read differently from the data ("Trojan Source"); the marks that
Persian, Arabic and Hebrew text legitimately needs stay allowed: ZWNJ U+200C, ZWJ U+200D, LRM U+200E,
RLM U+200F. Line breaks are allowed in multi-line fields only.
"""

from __future__ import annotations

import re
import unicodedata

from calendar_builder.core.limits import LINE_CHARS, PARAGRAPH_CHARS

#: keys whose text may run over several lines (explanations, descriptions, postal addresses)
MULTILINE_KEYS = frozenset({"description", "explanation", "address", "Beschreibung", "DESCRIPTION"})

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_FORBIDDEN = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")
_FORBIDDEN_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")


def text_problem(text: str, multiline: bool) -> str:
    """Why `text` cannot stand in a field ('' when it can): the first bad character, named, and where."""
    limit = PARAGRAPH_CHARS if multiline else LINE_CHARS
    if len(text) > limit:
        return f"text of {len(text):,} characters is longer than the limit of {limit:,}"
    match = forbidden_character(text, multiline)
    if match is None:
        return ""
    char = match.group()
    position = match.start() + 1
    if char == "\n":
        return f"line break at character {position}; expected one line of text"
    return f"invisible control character {describe(char)} at character {position}; remove it"


def forbidden_character(text: str, multiline: bool) -> re.Match[str] | None:
    """The first character that may not stand in the field (a bidi control, a control, a line break where one
    line is expected), or None; positions count a Windows line break as one character."""
    pattern = _FORBIDDEN if multiline else _FORBIDDEN_ONE_LINE
    return pattern.search(text.replace("\r\n", "\n") if multiline else text)


def describe(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE, U+001B (control)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X} (control)"


def brief(value: object, limit: int = 60) -> str:
    """A value as a message may quote it: repr cut to `limit` characters, never a whole structure."""
    if isinstance(value, dict):
        return f"a mapping of {len(value)} key(s)"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item(s)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
