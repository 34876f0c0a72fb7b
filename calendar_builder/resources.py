"""Where the files shipped with the package are: the fonts, the ICC profile and the default data.

A repository checkout (and an editable install of it) reads the repository's own fonts/ and data/ folders.
A wheel carries copies of both inside the package, in calendar_builder/shipped/, put there by the build step
in setup.py (MANIFEST.in puts the originals into the sdist). The ICC profile lives in the package either way.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

#: the copies a wheel carries; absent in a repository checkout
SHIPPED = PACKAGE / "shipped"

ICC_PROFILE_NAME = "ISOcoated_v2_300_bas.icc"


def _folder(name: str) -> Path:
    inside = SHIPPED / name
    return inside if inside.is_dir() else PACKAGE.parent / name


def font_dir() -> Path:
    """The folder with the shipped TrueType fonts, their licences and fonts/README.md."""
    return _folder("fonts")


def default_data_dir() -> Path:
    """The default edition's data (holidays.yaml, organisations.yaml, edition.yaml, logos, feed state)."""
    return _folder("data")


def icc_profile() -> Path:
    """The FOGRA39 output profile (ISO Coated v2 300 %) that the print PDF embeds unless edition.yaml names another."""
    return PACKAGE / "profiles" / ICC_PROFILE_NAME
