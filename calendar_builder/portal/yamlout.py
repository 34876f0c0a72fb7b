"""organisations.yaml in one canonical, hand-editable form: the same data always gives the same bytes.

The layout is the one people write by hand in data/organisations.yaml: block mappings, short texts in
several languages as a flow mapping on one line, long texts folded (`>-`), dates and language codes as flow
lists, times always quoted, comment lines kept above their organisation. A scalar is written plain only when
reading it back gives the same string; otherwise it is double-quoted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

import yaml

#: No written line is longer than this unless a single word is.
WIDTH = 105
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Texts:
    """Text in one or more languages, written as a plain string when it is German only (unless `keyed`)."""

    pairs: tuple[tuple[str, str], ...]
    #: always write {de: …}: organisation descriptions are written that way, titles are not
    keyed: bool = False


@dataclass(frozen=True)
class Flow:
    """A short list (language codes, dates) written on one line."""

    items: tuple[object, ...]


@lru_cache(maxsize=65536)
def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or "\n" in value:
        return False
    if flow and any(c in value for c in ",[]{}"):
        return False
    try:
        loaded = yaml.load(f"{{k: {value}}}" if flow else f"k: {value}", Loader=_Loader)  # noqa: S506
    except yaml.YAMLError:
        return False
    return loaded == {"k": value}


def scalar(value: object, flow: bool = False) -> str:
    """One value as YAML text: plain where that reads back the same, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    text = str(value)
    return text if _plain_ok(text, flow) else json.dumps(text, ensure_ascii=False)


def _folded(indent: int, text: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and indent + len(current) + 1 + len(word) > WIDTH:
            lines.append(" " * indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(" " * indent + current)
    return lines


def _text_lines(indent: int, key: str, text: str) -> list[str]:
    pad = " " * indent
    single = f"{pad}{key}: {scalar(text)}"
    if len(single) <= WIDTH or " " not in text or text != " ".join(text.split()):
        return [single]
    return [f"{pad}{key}: >-", *_folded(indent + 2, text)]


def _texts_lines(indent: int, key: str, texts: Texts) -> list[str]:
    pad = " " * indent
    pairs = texts.pairs
    if len(pairs) == 1 and pairs[0][0] == "de" and not texts.keyed:
        return _text_lines(indent, key, pairs[0][1])
    flow = f"{pad}{key}: {{" + ", ".join(f"{scalar(lang, True)}: {scalar(text, True)}" for lang, text in pairs) + "}"
    if len(flow) <= WIDTH:
        return [flow]
    lines = [f"{pad}{key}:"]
    for lang, text in pairs:
        lines += _text_lines(indent + 2, scalar(lang), text)
    return lines


def mapping_lines(indent: int, record: Iterable[tuple[str, object]]) -> list[str]:
    """A block mapping; the first key may carry a list dash in the caller's prefix."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in record:
        if isinstance(value, Texts):
            lines += _texts_lines(indent, key, value)
        elif isinstance(value, Flow):
            lines.append(f"{pad}{key}: [" + ", ".join(scalar(v, True) for v in value.items) + "]")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += mapping_lines(indent + 2, value.items())
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                lines += list_item_lines(indent + 2, item)
        elif isinstance(value, str):
            lines += _text_lines(indent, key, value)
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def list_item_lines(indent: int, item: object) -> list[str]:
    """`- key: value` items; a small mapping of scalars (a moved date) fits on one line as a flow mapping."""
    pad = " " * indent
    if isinstance(item, FlowMap):
        return [f"{pad}- {{" + ", ".join(f"{k}: {scalar(v, True)}" for k, v in item.pairs) + "}"]
    assert isinstance(item, dict)
    inner = mapping_lines(indent + 2, item.items())
    return [f"{pad}- {inner[0].lstrip()}", *inner[1:]]


@dataclass(frozen=True)
class FlowMap:
    pairs: tuple[tuple[str, object], ...]


def comment_lines(indent: int, comment: str) -> list[str]:
    pad = " " * indent
    return [f"{pad}# {line}".rstrip() if line else f"{pad}#" for line in comment.split("\n")] if comment else []


def organisations_text(header: str, entries: list[tuple[str, dict[str, object]]]) -> str:
    """The whole file: header comment, then each organisation (its comment above it), a blank line between."""
    lines = [header.rstrip("\n")] if header.strip() else []
    if lines:
        lines.append("")
    lines.append("organisations:")
    for number, (comment, record) in enumerate(entries):
        if number:
            lines.append("")
        lines += comment_lines(2, comment)
        lines += list_item_lines(2, record)
    return "\n".join(lines) + "\n"
