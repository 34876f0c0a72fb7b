"""Checks shared by every data-file loader: known keys with suggestions, slug ids, lists of mappings."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from calendar_builder.core.yamlsource import LineDict, LineList
from calendar_builder.errors import ProblemCollector

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def suggest(word: str, choices: Iterable[Any]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_keys(item: LineDict, allowed: tuple[str, ...], file: str, what: str, problems: ProblemCollector) -> None:
    """One located error per key that is not allowed, listing the allowed keys and the likely one meant."""
    for key in item:
        if key not in allowed:
            problems.error(
                file, item.line_of(key), str(key),
                f"unknown key {key!r}{' in ' + what if what else ''}; allowed: {', '.join(allowed)}"
                + suggest(str(key), allowed),
            )  # fmt: skip


def slug_id(
    item: LineDict,
    file: str,
    problems: ProblemCollector,
    seen: dict[str, int],
    what: str = "",
    example: str = "eid-al-fitr",
    within: str = "",
) -> str:
    """The item's `id` if it is a lowercase slug not used before in `seen`; '' (with an error) otherwise."""
    value = item.get("id")
    prefix = f"{what} id: " if what else ""
    if not isinstance(value, str) or not SLUG.match(value):
        problems.error(
            file, item.line_of("id"), "id",
            f"{prefix}expected a lowercase slug such as '{example}' (letters, digits, hyphens), not {value!r}",
        )  # fmt: skip
        return ""
    if value in seen:
        problems.error(
            file, item.line_of("id"), "id",
            f"duplicate {what + ' ' if what else ''}id {value!r}{within}, first used on line {seen[value]}",
        )  # fmt: skip
    else:
        seen[value] = item.line_of("id")
    return value


def mappings(raw: Any, line: int, file: str, field: str, expected: str, problems: ProblemCollector) -> list[LineDict]:
    """The mappings of a YAML list; a missing list or an item that is not a mapping is a located error."""
    if not isinstance(raw, LineList):
        problems.error(file, line, field, f"expected a list of {field}")
        return []
    found = []
    for item, item_line in zip(raw, raw.item_lines, strict=True):
        if isinstance(item, LineDict):
            found.append(item)
        else:
            problems.error(file, item_line, field, f"expected a mapping with {expected}")
    return found
