"""Bad input in holidays.yaml: every kind of mistake is reported with file, line and field, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from calendar_builder.cli import main

GOOD_HEAD = """\
traditions:
  - id: christian-western
    name: {de: Christentum, en: Christianity}
    colour: [0, 60, 100, 10]
    symbol: "✝"
festivals:
"""

GOOD_FESTIVAL = """\
  - id: easter
    tradition: christian-western
    names: {de: Ostersonntag, en: Easter Sunday}
    explanation: {de: Fest der Auferstehung.}
    rule: easter
"""


def run_check(tmp_path: Path, text: str) -> tuple[int, str]:
    (tmp_path / "holidays.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--data", str(tmp_path)])
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def festival(**changes: str) -> str:
    lines = GOOD_FESTIVAL.splitlines()
    out = []
    for line in lines:
        key = line.strip().lstrip("- ").split(":")[0]
        if key in changes:
            indent = line[: len(line) - len(line.lstrip())]
            prefix = "- " if line.strip().startswith("- ") else ""
            out.append(f"{indent}{prefix}{key}: {changes.pop(key)}")
        else:
            out.append(line)
    out += [f"    {key}: {value}" for key, value in changes.items()]
    return "\n".join(out) + "\n"


CASES = [
    # (what is wrong, festival block, expected line, expected words in the message)
    ("unknown key with suggestion", festival(evening_befor="true"), 12,
     ["unknown key 'evening_befor'", "evening_before"]),
    ("unknown tradition", festival(tradition="budhist"), 8,
     ["unknown tradition 'budhist'", "known: christian-western"]),
    ("invalid rule", festival(rule="eastr + 1"), 11, ["unknown rule kind 'eastr'"]),
    ("rule syntax", festival(rule="easter plus 1"), 11, ["easter", "takes 0 argument"]),
    ("impossible fixed day", festival(rule="fixed 31 apr"), 11, ["day 31 does not exist"]),
    ("unknown month", festival(rule="hebrew 15 nissan"), 11, ["unknown Hebrew month 'nissan'", "nisan"]),
    ("impossible hebrew day", festival(rule="hebrew 31 nisan"), 11, ["day 31 does not exist"]),
    ("bad id", festival(id="Easter Sunday"), 7, ["lowercase slug"]),
    ("missing German name", festival(names="{en: Easter}"), 9, ["expected a name in 'de'"]),
    ("missing explanation", festival(explanation="{en: x}"), 10, ["explanation.de"]),
    ("bad days", festival(days="0"), 12, ["1 to 60"]),
    ("flag not boolean", festival(evening_before="sometimes"), 12, ["expected true or false"]),
    ("bad public holiday", festival(public_holiday="often"), 12, ["list of years"]),
    ("table without dates", festival(rule="table"), 11, ["needs a 'dates' table"]),
    ("impossible table date", festival(rule="table", dates="{2025: 2025-02-30}", dates_source="x"), 12,
     ["impossible date '2025-02-30'"]),
    ("table date in wrong year", festival(rule="table", dates="{2025: 2026-01-03}", dates_source="x"), 12,
     ["2026-01-03 is not in 2025"]),
    ("table without source", festival(rule="table", dates="{2025: 2025-01-03}"), 12, ["needs 'dates_source'"]),
    ("bad weekday shift", festival(rule="fixed 27 nov; sun someday"), 11, ["unknown shift 'someday'"]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "block", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_located(tmp_path: Path, what: str, block: str, line: int, words: list[str]) -> None:
    code, output = run_check(tmp_path, GOOD_HEAD + block)
    assert code == 1, output
    assert f"holidays.yaml:{line}" in output, output
    for word in words:
        assert word in output, output


def test_duplicate_id_names_the_first_line(tmp_path: Path) -> None:
    code, output = run_check(tmp_path, GOOD_HEAD + GOOD_FESTIVAL + GOOD_FESTIVAL)
    assert code == 1
    assert "holidays.yaml:12 [id]: error: duplicate id 'easter', first used on line 7" in output


def test_duplicate_key_in_one_block(tmp_path: Path) -> None:
    code, output = run_check(tmp_path, GOOD_HEAD + GOOD_FESTIVAL + "    rule: easter + 1\n")
    assert code == 1
    assert "holidays.yaml:12 [rule]: error: key 'rule' appears twice" in output


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    code, output = run_check(tmp_path, GOOD_HEAD + GOOD_FESTIVAL + "    days: [1\n")
    assert code == 1
    assert "holidays.yaml:" in output and "YAML syntax error" in output


def test_bad_tradition_colour_and_symbol(tmp_path: Path) -> None:
    head = GOOD_HEAD.replace("[0, 60, 100, 10]", "[0, 60, 180]").replace('"✝"', '""')
    code, output = run_check(tmp_path, head + GOOD_FESTIVAL)
    assert code == 1
    assert "holidays.yaml:4 [colour]" in output and "four percentages" in output
    assert "holidays.yaml:5 [symbol]" in output


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = GOOD_HEAD + festival(tradition="budhist") + festival(id="other", rule="fixed 31 apr")
    code, output = run_check(tmp_path, text)
    assert code == 1
    assert "unknown tradition 'budhist'" in output and "day 31 does not exist" in output
    assert "2 error(s)" in output


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["dates", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "holidays.yaml: error: file not found" in result.output


def test_dates_refuses_a_broken_file_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "holidays.yaml").write_text(GOOD_HEAD + festival(rule="fixed 31 apr"), encoding="utf-8")
    result = CliRunner().invoke(main, ["dates", "--data", str(tmp_path), "--year", "2027"])
    assert result.exit_code == 2
    assert "day 31 does not exist" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
