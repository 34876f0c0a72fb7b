"""Rewrite tests/reference/default-build.sha256: the hash of every file the default build writes.

Run it only on purpose, when a change is meant to change the output, and say in the commit which files
changed and why. The test `tests/test_build_hashes.py` compares every build with this list.

    .venv/bin/python tools/update_build_hashes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.build_hashes import HASH_FILE, build_hashes  # noqa: E402

if __name__ == "__main__":
    HASH_FILE.write_text(build_hashes(), encoding="utf-8")
    print(f"wrote {HASH_FILE.relative_to(ROOT)}")
