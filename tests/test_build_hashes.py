"""Every file of the default build is byte-for-byte the one recorded in tests/reference/default-build.sha256.

A change that changes the output on purpose updates the list with `tools/update_build_hashes.py` and says in
its commit which files changed and why; any other difference is a regression.
"""

from __future__ import annotations

from tests.build_hashes import HASH_FILE, build_hashes


def test_the_default_build_is_unchanged() -> None:
    expected = HASH_FILE.read_text(encoding="utf-8").splitlines()
    actual = build_hashes().splitlines()
    assert [line.split("  ")[1] for line in actual] == [line.split("  ")[1] for line in expected], "other files"
    changed = [b.split("  ")[1] for a, b in zip(expected, actual, strict=True) if a != b]
    assert not changed, f"changed: {changed}; if on purpose, run tools/update_build_hashes.py and say why"
