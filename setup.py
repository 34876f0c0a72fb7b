"""Build step: put copies of the repository's fonts/ and data/ into the package, so that a wheel can print.

In the repository the fonts stay in fonts/ (with their licences and sources) and the default edition's data in
data/; calendar_builder/resources.py finds them there. A wheel carries copies in calendar_builder/shipped/,
made here from the source tree (the sdist has them through MANIFEST.in). Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: folder -> the files of it the wheel carries
SHIPPED = {
    "fonts": ("*.ttf", "*.txt", "README.md"),  # the fonts, their licences (OFL, Apache 2.0) and where they came from
    "data": ("**/*",),  # the default edition: holidays, organisations, edition settings, logos, events, feed state
}


class BuildPyWithShippedFiles(build_py):
    """build_py, then the shipped copies into build_lib (never into the source tree)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's folders themselves
        for folder, patterns in SHIPPED.items():
            source = ROOT / folder
            target = Path(self.build_lib) / "calendar_builder" / "shipped" / folder
            if target.exists():
                shutil.rmtree(target)
            files = sorted({p for pattern in patterns for p in source.glob(pattern) if p.is_file()})
            if not files:
                raise SystemExit(f"setup.py: nothing to ship from {source}")
            for path in files:
                if any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(source).parts):
                    continue
                destination = target / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)


setup(cmdclass={"build_py": BuildPyWithShippedFiles})
