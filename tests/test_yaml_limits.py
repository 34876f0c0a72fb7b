"""The YAML reader's bounds: aliases, nesting, keys, and what a text may hold (controls, bidi, length)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.core.limits import LINE_CHARS, PARAGRAPH_CHARS, YAML_ALIAS_NODES, YAML_BYTES
from calendar_builder.core.textcheck import text_problem
from calendar_builder.core.yamlsource import MAX_DEPTH, load_yaml, parse_yaml
from calendar_builder.errors import DataError


def laughs(levels: int, width: int = 9) -> str:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_billion_laughs_is_refused_with_the_line_of_the_repeated_block(tmp_path: Path) -> None:
    path = write(tmp_path, laughs(9))
    with pytest.raises(DataError) as caught:
        load_yaml(path)
    (problem,) = caught.value.problems
    assert problem.location.file == str(path)
    assert problem.location.line == 9  # l8, the largest block the aliases repeat
    assert f"{YAML_ALIAS_NODES:,}" in problem.message
    assert len(str(caught.value)) < 500


def test_a_few_aliases_stay_allowed(tmp_path: Path) -> None:
    data, problems = load_yaml(write(tmp_path, laughs(2)))
    assert problems == []
    assert len(data["l2"]) == 9 and data["l2"][0] == data["l1"]


@pytest.mark.parametrize(("levels", "refused"), [(3, False), (5, True)])
def test_alias_budget_counts_the_expanded_values(tmp_path: Path, levels: int, refused: bool) -> None:
    """Three levels repeat about 7,000 values (within the budget), five about 590,000 (beyond it)."""
    path = write(tmp_path, laughs(levels))
    if refused:
        with pytest.raises(DataError):
            load_yaml(path)
    else:
        assert load_yaml(path)[1] == []


def test_an_aliased_text_reads_as_pyyaml_reads_it(tmp_path: Path) -> None:
    """Texts are taken from their nodes directly; an alias of one is still read as PyYAML's own loader reads it,
    with the lines of the keys."""
    text = 'a: &t "Fest"\nb: *t\nc: [*t, x, "1", 2, 2027-01-06]\nd: plain words\n'
    data, problems = load_yaml(write(tmp_path, text))
    assert problems == []
    assert data == yaml.safe_load(text)
    assert [data.line_of(key) for key in "abcd"] == [1, 2, 3, 4]


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="refers to the block it stands in"):
        load_yaml(write(tmp_path, "a: &a [1, *a]\n"))


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    text = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "x: 1\n"
    with pytest.raises(DataError, match=f"nested more than {MAX_DEPTH}"):
        load_yaml(write(tmp_path, text))


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as stream:
        stream.truncate(YAML_BYTES + 1)
    with pytest.raises(DataError, match="more than the limit of 5.0 MB"):
        load_yaml(path)


def test_list_as_key_is_a_located_problem(tmp_path: Path) -> None:
    data, problems = load_yaml(write(tmp_path, "a: 1\n? [x, y]\n: 2\n"))
    assert data == {"a": 1}
    assert [(p.location.line, "a key must be a name" in p.message) for p in problems] == [(2, True)]


def test_control_and_bidi_characters_are_located(tmp_path: Path) -> None:
    text = 'items:\n  - title: "Fest\\x1b"\n    description: {de: "ok\\nzwei Zeilen", en: "a\\u202eb"}\n'
    _, problems = load_yaml(write(tmp_path, text))
    assert [(p.location.line, p.location.field) for p in problems] == [(2, "items.title"), (3, "items.description.en")]
    assert "U+001B" in problems[0].message and "RIGHT-TO-LEFT OVERRIDE" in problems[1].message


def test_line_break_only_in_multi_line_fields(tmp_path: Path) -> None:
    _, problems = load_yaml(write(tmp_path, 'title: "a\\nb"\nexplanation: "a\\nb"\n'))
    assert [(p.location.field, "line break" in p.message) for p in problems] == [("title", True)]


@pytest.mark.parametrize("mark", ["\u200c", "\u200d", "\u200e", "\u200f"])
def test_joiners_and_direction_marks_stay_allowed(tmp_path: Path, mark: str) -> None:
    _, problems = load_yaml(write(tmp_path, f'name: "می{mark}خواهم"\n'))
    assert problems == []


def test_text_lengths() -> None:
    assert text_problem("x" * LINE_CHARS, multiline=False) == ""
    assert "longer than the limit" in text_problem("x" * (LINE_CHARS + 1), multiline=False)
    assert text_problem("x" * PARAGRAPH_CHARS, multiline=True) == ""
    assert "longer than the limit" in text_problem("x" * (PARAGRAPH_CHARS + 1), multiline=True)


FORBIDDEN = [chr(c) for c in (*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0))]
FORBIDDEN += [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from(FORBIDDEN), st.text(max_size=40), st.booleans())
def test_every_forbidden_character_is_found(before: str, bad: str, after: str, multiline: bool) -> None:
    assert text_problem(before + bad + after, multiline)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_characters=FORBIDDEN + ["\n", "\r"]), max_size=200))
def test_ordinary_text_passes(text: str) -> None:
    assert text_problem(text, multiline=False) == ""


def _scalars() -> st.SearchStrategy[object]:
    return st.one_of(st.integers(-1000, 1000), st.booleans(), st.none(), st.text("abcäöü 12-:", max_size=8))


_TREES = st.recursive(
    _scalars(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text("abcxyz", min_size=1, max_size=5), inner, max_size=4)
    ),
    max_leaves=25,
)


def _lines_agree(value: object, node: yaml.Node) -> bool:
    """Every block's line and each key's and item's line are those of the composed node."""
    if isinstance(node, yaml.MappingNode):
        assert isinstance(value, dict)
        pairs = list(zip(value.items(), node.value, strict=True))
        return getattr(value, "line", None) == node.start_mark.line + 1 and all(
            value.line_of(key) == key_node.start_mark.line + 1 and _lines_agree(item, value_node)
            for (key, item), (key_node, value_node) in pairs
        )
    if isinstance(node, yaml.SequenceNode):
        assert isinstance(value, list)
        return (
            getattr(value, "line", None) == node.start_mark.line + 1
            and value.item_lines == [child.start_mark.line + 1 for child in node.value]
            and all(_lines_agree(item, child) for item, child in zip(value, node.value, strict=True))
        )
    return True


@settings(max_examples=150, deadline=None)
@given(_TREES, st.booleans(), st.sampled_from(["block", "flow"]))
def test_plain_and_aliased_documents_read_as_pyyaml_reads_them(tree: object, aliased: bool, style: str) -> None:
    """Plain documents are built straight away and documents with an alias after the walk of their shape: both
    give PyYAML's own data, with every line where the composed node says it is."""
    if style == "flow":  # JSON is YAML's flow style
        body = f"tree: {json.dumps(tree, ensure_ascii=False)}\n"
    else:
        body = yaml.safe_dump({"tree": tree}, allow_unicode=True, sort_keys=False)
    text = f"shared: &shared {{x: 1}}\n{body}again: *shared\n" if aliased else body
    data, problems = parse_yaml(text, "generated.yaml")
    assert data == yaml.safe_load(text)
    assert _lines_agree(data, yaml.compose(text))
    assert not [p for p in problems if "twice" in p.message]


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
def test_the_depth_limit_is_the_same_with_and_without_an_alias(depth: int, tmp_path: Path) -> None:
    nested = "[" * (depth - 1) + "x" + "]" * (depth - 1)
    for text in (f"{nested}\n", f"- &a 1\n- *a\n- {nested}\n"):
        levels = depth if text.startswith("[") else depth + 1  # the list around it is one more block
        if levels > MAX_DEPTH:
            with pytest.raises(DataError, match=f"nested more than {MAX_DEPTH} deep"):
                parse_yaml(text, "deep.yaml")
        else:
            data, _ = parse_yaml(text, "deep.yaml")
            assert data == yaml.safe_load(text)


@pytest.mark.parametrize("kind", ["pipe", "device"])
def test_a_pipe_or_a_device_in_place_of_a_data_file_is_refused_unread(tmp_path: Path, kind: str) -> None:
    """A pipe without a writer would wait forever and /dev/zero never ends: both are refused before reading."""
    path = tmp_path / "holidays.yaml"
    if kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(DataError, match="is a pipe or a device, not a file") as caught:
        load_yaml(path)
    assert caught.value.problems[0].location.file == str(path)
