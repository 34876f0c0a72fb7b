"""Files the data points to (artwork, logos, the ICC profile): kept inside the data folder.

A path in the data is relative to the data folder and must stay there, symlinks included, so that a data
folder from elsewhere cannot pull /etc/passwd or another project's pictures into the print file. The images
themselves are opened and measured by calendar_builder.media (media/guard.py).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

#: ICC profiles shipped with the package, usable by file name from edition.yaml
SHIPPED_PROFILES = Path(__file__).resolve().parents[1] / "profiles"


def inside(folder: Path, relative: str) -> Path | None:
    """`relative` under `folder`, or None if it leaves it (absolute, drive letter, '..', or a symlink out)."""
    pure = PurePosixPath(relative.replace("\\", "/"))
    if not relative.strip() or pure.is_absolute() or ".." in pure.parts or (len(relative) > 1 and relative[1] == ":"):
        return None
    if "\x00" in relative:
        return None
    path = folder / Path(*pure.parts)
    try:
        if not path.resolve().is_relative_to(folder.resolve()):
            return None
    except (OSError, ValueError):
        return None
    return path
