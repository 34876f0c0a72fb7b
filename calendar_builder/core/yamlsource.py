"""YAML reading that remembers line numbers, so every problem can point at file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from calendar_builder.errors import DataError, Location, Problem


class LineDict(dict[Any, Any]):
    """A mapping from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence from YAML that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that records lines and rejects duplicate keys (plain YAML keeps the last silently)."""

    duplicate_keys: list[tuple[Any, int]]
    impossible_dates: list[tuple[str, int]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in result.key_lines:
                self.duplicate_keys.append((key, key_node.start_mark.line + 1))
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        # PyYAML raises a bare ValueError (no line) for 2025-02-30; keep the text and report it located.
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            self.impossible_dates.append((str(node.value), node.start_mark.line + 1))
            return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_checked_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


def load_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Read a YAML file; syntax errors become a DataError, duplicate keys come back as problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(Location(str(path)), "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(Location(str(path)), f"not UTF-8 text ({exc.reason})")]) from None
    return parse_yaml(text, str(path))


def parse_yaml(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text that reports as the file `name` (e.g. a file about to be written, checked first)."""
    path = name
    loader = _Loader(text)
    loader.duplicate_keys = []
    loader.impossible_dates = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        reason = getattr(exc, "problem", None) or str(exc)
        raise DataError([Problem(Location(str(path), line), f"YAML syntax error: {reason}")]) from None
    finally:
        loader.dispose()
    problems = [
        Problem(Location(str(path), line, str(key)), f"key {key!r} appears twice in the same block")
        for key, line in loader.duplicate_keys
    ]
    problems += [
        Problem(Location(str(path), line), f"impossible date {text!r}: no such day in the calendar")
        for text, line in loader.impossible_dates
    ]
    return data, problems
