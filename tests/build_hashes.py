"""The default build, made reproducibly in a scratch folder, as a list of "sha256  path" lines."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HASH_FILE = ROOT / "tests" / "reference" / "default-build.sha256"
#: the edition and the moment the list is made for (2026-01-01T00:00:00Z)
YEAR = 2027
EPOCH = "1767225600"


def build_hashes() -> str:
    """Build the default edition from a copy of data/ (the build updates feed-state.json) and hash every file."""
    with tempfile.TemporaryDirectory() as scratch:
        return build_and_hash(Path(scratch))


def build_and_hash(scratch: Path) -> str:
    """Build the default edition in `scratch` (data/ copied there first unless it is there already; the build
    cache in scratch/.cache/) and hash every file of out/ and the feed state."""
    data = scratch / "data"
    if not data.exists():
        shutil.copytree(ROOT / "data", data)
    out = scratch / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    command = [sys.executable, str(ROOT / "cli.py"), "build", "--year", str(YEAR)]
    subprocess.run([*command, "--data", str(data), "--out", str(out)], check=True, capture_output=True, env=env,
                   cwd=scratch)  # fmt: skip
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(out).as_posix()}"
        for path in sorted(out.rglob("*"))
        if path.is_file()
    ]
    state = data / "feed-state.json"
    lines.append(f"{hashlib.sha256(state.read_bytes()).hexdigest()}  data/feed-state.json")
    return "\n".join(lines) + "\n"
