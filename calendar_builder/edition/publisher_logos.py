"""The publishers' and partners' logos printed on the cover, from `publishers_logos:` in data/edition.yaml.

A logo is a file in the data folder: SVG (printed as vectors) or PNG/JPEG (checked for its resolution at the
printed size). A logo the publishers have not supplied yet may be a neutral placeholder marked
`placeholder: true`; the build then prints it with the word "Platzhalter" and keeps the edition a draft (a print
gate), so no stand-in ever reaches the print shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calendar_builder.core.inputfiles import inside
from calendar_builder.core.textcheck import brief
from calendar_builder.core.yamlsource import LineDict, LineList
from calendar_builder.errors import ProblemCollector

KEY = "publishers_logos"
SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
FIELDS = ("file", "name", "credit", "placeholder")
#: the side of the square each logo is fitted into on the cover, in mm
PUBLISHER_LOGO_MM = 20.0


@dataclass(frozen=True)
class PublisherLogo:
    """One logo of the cover's row: its file, whose it is (printed under it), an optional credit for the imprint,
    and whether it is a placeholder (a print gate)."""

    path: Path
    name: str
    credit: str = ""
    placeholder: bool = False
    line: int = 0

    @property
    def vector(self) -> bool:
        return self.path.suffix.lower() == ".svg"


def read_publisher_logos(data: LineDict, file: str, data_dir: Path,
                         problems: ProblemCollector) -> tuple[PublisherLogo, ...]:  # fmt: skip
    """The list under `publishers_logos`; every problem (unknown field, missing file, wrong type) is reported
    with its line and the field, and the entry is left out."""
    value = data.get(KEY)
    if value is None:
        return ()
    if not isinstance(value, LineList):
        problems.error(file, data.line_of(KEY), KEY, "expected a list of {file: logos/…svg, name: …}")
        return ()
    found: list[PublisherLogo] = []
    for index, item in enumerate(value):
        line = value.item_lines[index] if index < len(value.item_lines) else data.line_of(KEY)
        where = f"{KEY}[{index + 1}]"
        if not isinstance(item, LineDict):
            problems.error(file, line, where, "expected {file: logos/….svg, name: …, credit: …, placeholder: …}")
            continue
        unknown = [str(k) for k in item if k not in FIELDS]
        for key in unknown:
            problems.error(file, item.line_of(key), f"{where}.{key}", f"unknown field; known: {', '.join(FIELDS)}")
        name, relative, credit = item.get("name"), item.get("file"), item.get("credit", "")
        placeholder = item.get("placeholder", False)
        if not isinstance(name, str) or not name.strip():
            problems.error(file, item.line_of("name") or line, f"{where}.name", "expected whose logo it is")
            continue
        if not isinstance(credit, str):
            problems.error(file, item.line_of("credit"), f"{where}.credit", "expected a text")
            continue
        if not isinstance(placeholder, bool):
            problems.error(file, item.line_of("placeholder"), f"{where}.placeholder", "expected true or false")
            continue
        if not isinstance(relative, str) or not relative.strip():
            problems.error(file, item.line_of("file") or line, f"{where}.file",
                           "expected the logo's file in the data folder, e.g. logos/amr.svg")  # fmt: skip
            continue
        path = inside(data_dir, relative.strip())
        field_line = item.line_of("file")
        if path is None:
            why = f"path {brief(relative)} leaves the data folder; expected a path inside {data_dir}/"
            problems.error(file, field_line, f"{where}.file", why)
            continue
        if path.suffix.lower() not in SUFFIXES:
            problems.error(file, field_line, f"{where}.file",
                           f"{relative}: expected an SVG (printed as vectors), PNG or JPEG; a PDF logo can be "
                           "turned into SVG with `pdftocairo -svg logo.pdf logo.svg`")  # fmt: skip
            continue
        if not path.is_file():
            problems.error(file, field_line, f"{where}.file", f"logo file not found: {path}")
            continue
        found.append(PublisherLogo(path, " ".join(name.split()), " ".join(credit.split()), placeholder, line))
    return tuple(found)
