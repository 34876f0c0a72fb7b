"""Run the third-party parsers real clients use over .ics files: ical.js (node) and libical (PyGObject).

Both run in subprocesses: ical.js because it is JavaScript, libical because its Python bindings live in
Debian's system Python. A missing parser skips the test on a workstation but fails it under CI (CI=1),
so that the feeds are never declared good without them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
JS_DIR = HERE / "js"
SYSTEM_PYTHONS = ("/usr/bin/python3", "python3")


def _missing(what: str) -> None:
    message = f"{what} is not available"
    if os.environ.get("CI"):
        pytest.fail(message + " (required under CI)")
    pytest.skip(message)


def ical_js(paths: list[Path], until: str = "2031-01-01") -> list[dict[str, Any]]:
    """What ical.js (Thunderbird, Nextcloud) reads from each file, recurring events expanded up to `until`."""
    node = shutil.which("node")
    if node is None:
        _missing("node")
    if not (JS_DIR / "node_modules" / "ical.js").exists():
        npm = shutil.which("npm")
        if npm is None:
            _missing("npm")
        subprocess.run([str(npm), "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, check=True, capture_output=True)
    result = subprocess.run(
        [str(node), str(JS_DIR / "dump_ics.mjs"), until, *map(str, paths)],
        cwd=JS_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"ical.js could not parse the feed:\n{result.stderr}"
    return json.loads(result.stdout)


def libical_python() -> str:
    for candidate in SYSTEM_PYTHONS:
        python = shutil.which(candidate)
        if python is None:
            continue
        probe = subprocess.run(
            [python, "-c", "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"],
            capture_output=True, check=False,
        )  # fmt: skip
        if probe.returncode == 0:
            return python
    _missing("libical (python3-gi and gir1.2-ical-3.0)")
    raise AssertionError("unreachable")


def libical(paths: list[Path], until: str = "2031-01-01") -> list[dict[str, Any]]:
    """What libical (Evolution, GNOME) reads from each file; errors are the X-LIC-ERRORs it inserted."""
    result = subprocess.run(
        [libical_python(), str(HERE / "libical_dump.py"), until, *map(str, paths)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"libical could not parse the feed:\n{result.stderr}"
    return json.loads(result.stdout)


def unescape_text(value: str) -> str:
    """RFC 5545 TEXT unescaping, for properties a parser hands back raw (ical.js does so for NAME and X-WR-*)."""
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)
