"""YAML reading that remembers line numbers, so every problem can point at file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from calendar_builder.core.limits import YAML_ALIAS_NODES, YAML_BYTES, check_size
from calendar_builder.core.textcheck import MULTILINE_KEYS, brief, text_problem
from calendar_builder.errors import DataError, Location, Problem

#: blocks inside blocks; the data needs 6, and Python's own recursion ends near 300
MAX_DEPTH = 64
#: the tag of a plain or quoted text (see `_Loader.construct_object`)
_STR_TAG = "tag:yaml.org,2002:str"


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
    #: (line, field, why) for keys and texts that cannot stand in the data
    bad_values: list[tuple[int, str, str]]
    #: the mapping keys from the innermost list item down to the value being built, e.g. ["description", "de"]
    keys: list[str]

    #: blocks open around the node being built
    depth: int
    #: whether `_check_shape` has passed the document (then aliases are built as PyYAML builds them)
    walked: bool

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # An alias (a node met again) or a block that is too deep: stop and let `_check_shape` walk the whole
        # document, which says exactly what is wrong, if anything. Plain data never gets here.
        if self.walked:
            return super().construct_object(node, deep)
        if node in self.constructed_objects or node in self.recursive_objects or self.depth >= MAX_DEPTH:
            raise _WalkFirst
        if type(node) is yaml.ScalarNode and node.tag == _STR_TAG:
            # most nodes are texts, whose value is the node's own (PyYAML's str constructor returns it): noted as
            # built, without PyYAML's lookup of a constructor and its bookkeeping (a tenth of reading holidays.yaml)
            self.constructed_objects[node] = node.value
            return node.value
        if not isinstance(node, yaml.ScalarNode):
            self.depth += 1
            try:
                return super().construct_object(node, deep)
            finally:
                self.depth -= 1
        return super().construct_object(node, deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int | float | bool | date) and key is not None:
                # a list or mapping as a key ("? [a, b]: x") cannot be looked up; say so instead of failing
                self.bad_values.append((line, ".".join(self.keys), f"a key must be a name, not {brief(key)}"))
                continue
            if key in result.key_lines:
                self.duplicate_keys.append((key, line))
            self.keys.append(str(key))
            if isinstance(key, str):
                self._check_text(key, line, multiline=False)
            value = self.construct_object(value_node, deep=True)
            if isinstance(value, str):
                self._check_text(value, value_node.start_mark.line + 1, multiline=self._multiline())
            self.keys.pop()
            result[key] = value
            result.key_lines[key] = line
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        outer = self.keys
        self.keys = outer[-1:]
        result = LineList()
        for child in node.value:
            value = self.construct_object(child, deep=True)
            if isinstance(value, str):
                self._check_text(value, child.start_mark.line + 1, multiline=self._multiline())
            result.append(value)
        self.keys = outer
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    def _multiline(self) -> bool:
        return any(key in MULTILINE_KEYS for key in self.keys)

    def _check_text(self, text: str, line: int, multiline: bool) -> None:
        why = text_problem(text, multiline)
        if why:
            self.bad_values.append((line, ".".join(self.keys), why))

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


class _WalkFirst(Exception):
    """The document has an alias or deep blocks: it is built only after `_check_shape` has walked it."""


def load_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Read a YAML file; syntax errors become a DataError, duplicate keys and bad texts come back as problems."""
    check_size(path, YAML_BYTES, "the YAML file")
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
    loader.bad_values = []
    loader.keys = []
    loader.depth = 0
    loader.walked = False
    try:
        node = loader.get_single_node()
        data = _construct(loader, node, path) if node is not None else None
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
    problems += [Problem(Location(str(path), line, field), why) for line, field, why in loader.bad_values]
    return data, problems


def _construct(loader: _Loader, node: yaml.Node, path: str) -> Any:
    """The document's data. Most documents are plain trees within MAX_DEPTH, built straight away; the walk of
    `_check_shape` (a third of the time of a large file) is needed only when building meets an alias or a deep
    block, and then runs over the whole document before it is built again from the start."""
    try:
        return loader.construct_document(node)
    except _WalkFirst:
        _check_shape(node, path)
    loader.constructed_objects, loader.recursive_objects, loader.state_generators = {}, {}, []
    loader.deep_construct = False
    loader.duplicate_keys, loader.impossible_dates, loader.bad_values, loader.keys = [], [], [], []
    loader.walked = True
    return loader.construct_document(node)


def _check_shape(root: yaml.Node, path: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and aliases that would repeat more than YAML_ALIAS_NODES nodes.

    An alias (*name) repeats a whole anchored block without copying it; a few nested ones ("billion laughs")
    stand for more nodes than any machine holds, which any walk over the data or any message quoting it would
    try to visit. The expanded size is counted on the node graph, each node once, before anything is built.
    """
    expanded: dict[int, int] = {}
    unique = 0
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            continue
        if key in expanded:
            continue
        line = node.start_mark.line + 1
        if key in on_path:
            raise _shape_error(path, line, "an alias (*name) refers to the block it stands in; write the values out")
        if depth > MAX_DEPTH:
            raise _shape_error(path, line, f"blocks are nested more than {MAX_DEPTH} deep")
        unique += 1
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node) if id(child) not in expanded)
    total = expanded[id(root)]
    if total - unique > YAML_ALIAS_NODES:
        repeated = max(_repeated_nodes(root), key=lambda n: expanded[id(n)], default=root)
        raise _shape_error(
            path, repeated.start_mark.line + 1,
            f"aliases (*name) repeat anchored blocks into more than {YAML_ALIAS_NODES:,} extra values "
            f"({total - unique:,}); write the values out instead of repeating them",
        )  # fmt: skip


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _repeated_nodes(root: yaml.Node) -> list[yaml.Node]:
    """The nodes that aliases repeat: those reached along more than one edge."""
    seen: dict[int, yaml.Node] = {}
    edges: dict[int, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        edges[id(node)] = edges.get(id(node), 0) + 1
        if id(node) not in seen:
            seen[id(node)] = node
            stack.extend(_children(node))
    return [node for key, node in seen.items() if edges[key] > 1]


def _shape_error(path: str, line: int, message: str) -> DataError:
    return DataError([Problem(Location(str(path), line), message)])
