"""Fonts the portal serves itself for scripts a visitor's device may lack: the project's own Noto fonts.

The printed calendar already ships Noto Sans Arabic (SIL Open Font License, fonts/OFL-Noto.txt); this static
files finder offers those few files under /static/portal/fonts/ so that no page needs a font from another
host. The stylesheet names them with a `unicode-range`, so a browser fetches one only for a page that has
Arabic letters and only when the device has no such font of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

from calendar_builder.resources import font_dir

#: the files offered, by their name in fonts/
FILES = ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
PREFIX = "portal/fonts"


class FontFinder(BaseFinder):
    """Finds exactly FILES under PREFIX; nothing else of fonts/ becomes public."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.storage = FileSystemStorage(location=str(font_dir()))
        self.storage.prefix = PREFIX  # collectstatic puts the files under it

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [Error(f"font {name} missing in {font_dir()}", id="portal.E001") for name in FILES
                if not (font_dir() / name).is_file()]  # fmt: skip

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        """The file's path, or a list of it with find_all; an empty list when it is not one of ours (as Django's)."""
        folder, _, name = path.rpartition("/")
        found = [str(font_dir() / name)] if folder == PREFIX and name in FILES else []
        if find_all or kwargs.get("all"):
            return found
        return found[0] if found else []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for name in FILES:
            yield name, self.storage
