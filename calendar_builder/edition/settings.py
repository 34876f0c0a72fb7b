"""Typed settings of the printed edition (format, margins, PDF/X flavour, languages, artwork) from data/edition.yaml.

The file is optional: without it the defaults below give the A3 portrait PDF/X-1a edition the print shop expects.
Every value a user can get wrong is reported with file, line and field, never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from calendar_builder.core.inputfiles import SHIPPED_PROFILES, inside
from calendar_builder.core.limits import ICC_BYTES, megabytes
from calendar_builder.core.textcheck import brief
from calendar_builder.core.webaddress import PUBLISHED_SCHEMES, is_web_address
from calendar_builder.core.yamlsource import LineDict, load_yaml
from calendar_builder.edition.publisher_logos import PublisherLogo, read_publisher_logos
from calendar_builder.errors import ProblemCollector
from calendar_builder.resources import icc_profile
from calendar_builder.settings import DEFAULT_FEEDS_BASE_URL

MM = 72 / 25.4  # PostScript points per millimetre

#: trim width and height in millimetres of each selectable format
FORMATS: dict[str, tuple[float, float]] = {
    "a3-portrait": (297.0, 420.0),
    "a4-portrait": (210.0, 297.0),
    "a3-landscape": (420.0, 297.0),
}
PDFX_VERSIONS = ("x-1a", "x-4")
#: the settings' short names of the PDF/X flavours -> the names the standards (and the preflight) use
PDFX_STANDARDS = {"x-1a": "PDF/X-1a:2001", "x-4": "PDF/X-4"}
#: the document information key a draft print PDF carries (besides the visible mark on every page), which the
#: preflight refuses for print (preflight/draft.py)
DRAFT_KEY = "/CalendarBuilderDraft"

#: Languages of Heidelberg's largest migrant communities whose month names accompany the German ones.
DEFAULT_MONTH_LANGUAGES = ("tr", "it", "pl", "ro", "el", "ru", "uk", "ar", "fa")

DEFAULT_PUBLISHERS = (
    "Ausländerrat/Migrationsrat Heidelberg",
    "in Zusammenarbeit mit dem Eine-Welt-Zentrum Heidelberg",
)

KEYS = (
    "title", "subtitle", "publishers", "format", "bleed_mm", "safe_mm", "binding_mm", "crop_marks", "pdfx",
    "icc_profile", "output_condition_identifier", "output_condition", "month_languages", "artwork",
    "subscribe_url", "feeds_base_url", "ink_limit", "min_text_pt", "proof_contact", "proof_deadline",
    "feeds_base_url_confirmed", "imprint", "publishers_logos", "web_legal",
)  # fmt: skip
#: The imprint printed on the back page (§ 8 Landespressegesetz Baden-Württemberg: printer and publisher with
#: name and address; the person responsible for content; print run and date by custom). Required fields have no
#: default: an empty one keeps the build a draft.
IMPRINT_FIELDS = ("publisher", "responsible", "printer", "print_run", "published", "credits")
IMPRINT_REQUIRED = ("publisher", "responsible", "printer", "print_run", "published")
IMPRINT_LABELS = {
    "publisher": "Herausgeber", "responsible": "Verantwortlich für den Inhalt", "printer": "Druck",
    "print_run": "Auflage", "published": "Erscheinungsdatum", "credits": "Bildnachweis",
}  # fmt: skip

#: The legal pages of the web site the feeds are published on, linked from the subscribe page's footer: a German
#: web page needs an Impressum (§ 5 DDG) and a privacy notice (Art. 13 DSGVO); public bodies also publish an
#: accessibility statement (§ 10 L-BGG BW).
WEB_LEGAL_FIELDS = ("imprint", "privacy", "accessibility")
#: the portal's legal pages on the host the feeds are published on by default
DEFAULT_WEB_LEGAL = tuple(
    (name, DEFAULT_FEEDS_BASE_URL.removesuffix("feeds/") + f"rechtliches/{page}/")
    for name, page in zip(WEB_LEGAL_FIELDS, ("impressum", "datenschutz", "barrierefreiheit"), strict=True)
)


#: The FOGRA39 profile shipped with the package; data/edition.yaml may point to another one.
DEFAULT_ICC_PROFILE = icc_profile()


def icc_problem(path: Path) -> str:
    """Why the file is no CMYK output profile ('' if it is), from its 128-byte header (ICC.1:2010 §7.2)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            header = stream.read(128)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size > ICC_BYTES:
        return f"is {megabytes(size)}, more than the limit of {megabytes(ICC_BYTES)} for an ICC profile"
    if len(header) < 128 or header[36:40] != b"acsp":
        return "is not an ICC profile (no 'acsp' signature in its header)"
    if header[16:20] != b"CMYK":
        return (
            f"is an ICC profile for {header[16:20].decode('latin-1').strip()!r}, not CMYK; print needs a CMYK profile"
        )
    return ""


def _shipped_profiles() -> list[str]:
    return sorted(p.name for p in SHIPPED_PROFILES.glob("*.icc"))


@dataclass(frozen=True)
class EditionSettings:
    """What the printed edition looks like; paths are resolved against the data folder."""

    title: str = "Interkultureller Kalender {year}"
    subtitle: str = "Feste der Religionen und Kulturen"
    publishers: tuple[str, ...] = DEFAULT_PUBLISHERS
    format: str = "a3-portrait"
    bleed_mm: float = 3.0
    safe_mm: float = 5.0
    binding_mm: float = 20.0
    crop_marks: bool = False
    pdfx: str = "x-1a"
    icc_profile: Path = DEFAULT_ICC_PROFILE
    output_condition_identifier: str = "FOGRA39"
    output_condition: str = "ISO Coated v2 300% (basICColor), FOGRA39, ISO 12647-2:2004"
    month_languages: tuple[str, ...] = DEFAULT_MONTH_LANGUAGES
    #: 0 = cover, 1..12 = month pages
    artwork: tuple[tuple[int, Path], ...] = ()
    #: page -> the line of its artwork in edition.yaml, for messages about the image file
    artwork_lines: tuple[tuple[int, int], ...] = ()
    #: where out/<year>/feeds/ is published; the feeds' links and the subscribe page use it
    feeds_base_url: str = DEFAULT_FEEDS_BASE_URL
    #: the page the back page's QR code leads to; empty: the subscribe page under feeds_base_url
    subscribe_url: str = ""
    ink_limit: int = 300
    #: no text below this size anywhere in the file (the print shop's minimum; layout keeps names at 6.5 pt)
    min_text_pt: float = 6.0
    #: who receives the council's corrections and by when (the proof's first page; `proof` requires both)
    proof_contact: str = ""
    proof_deadline: date | None = None
    #: true once the address under feeds_base_url is published and tested: the QR code may be printed
    feeds_base_url_confirmed: bool = False
    #: imprint field -> text (IMPRINT_FIELDS); a required field that is missing or empty keeps the build a draft
    imprint: tuple[tuple[str, str], ...] = ()
    #: the publishers' and partners' logos on the cover (`publishers_logos`); a placeholder keeps the build a draft
    publisher_logos: tuple[PublisherLogo, ...] = ()
    #: legal page (WEB_LEGAL_FIELDS) -> its https address, for the subscribe page
    web_legal: tuple[tuple[str, str], ...] = DEFAULT_WEB_LEGAL
    file: str = field(default="", compare=False)
    #: line of each key in the settings file, for the print gates' messages
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    @property
    def trim_mm(self) -> tuple[float, float]:
        return FORMATS[self.format]

    @property
    def subscribe_page_url(self) -> str:
        """The address printed under the back page's QR code: the subscribe page unless set otherwise."""
        return self.subscribe_url or self.feeds_base_url

    def title_for(self, year: int) -> str:
        return self.title.replace("{year}", str(year))

    def artwork_for(self, page: int) -> Path | None:
        return dict(self.artwork).get(page)

    def artwork_line(self, page: int) -> int:
        return dict(self.artwork_lines).get(page, 0)

    def imprint_text(self, key: str) -> str:
        return dict(self.imprint).get(key, "")

    def line_of(self, key: str) -> int:
        """The line of `key` in data/edition.yaml (0 when the file does not set it)."""
        return dict(self.lines).get(key, 0)


def load_edition_settings(data_dir: Path) -> EditionSettings:
    """Read data/edition.yaml if it exists; every problem in it is reported at once (DataError)."""
    path = data_dir / "edition.yaml"
    if not path.exists():
        return EditionSettings()
    return read_edition_settings(path)


def read_edition_settings(path: Path) -> EditionSettings:
    """Read one edition settings file; paths in it are relative to the folder it lies in."""
    data_dir = path.parent
    defaults = EditionSettings()
    data, duplicates = load_yaml(path)
    problems = ProblemCollector(list(duplicates))
    file = str(path)
    if data is None:
        return defaults
    if not isinstance(data, LineDict):
        problems.error(file, 1, "", "expected a mapping of edition settings")
        problems.raise_if_errors()
    values: dict[str, Any] = {}
    for key in data:
        if key not in KEYS:
            problems.error(file, data.line_of(key), str(key), f"unknown setting; known: {', '.join(KEYS)}")
    reader = _Reader(data, file, problems, data_dir)
    values["title"] = reader.text("title", defaults.title)
    values["subtitle"] = reader.text("subtitle", defaults.subtitle)
    values["publishers"] = reader.texts("publishers", defaults.publishers)
    values["format"] = reader.choice("format", FORMATS, defaults.format)
    values["bleed_mm"] = reader.number("bleed_mm", defaults.bleed_mm, 0, 10)
    values["safe_mm"] = reader.number("safe_mm", defaults.safe_mm, 0, 30)
    values["binding_mm"] = reader.number("binding_mm", defaults.binding_mm, 0, 60)
    values["crop_marks"] = reader.flag("crop_marks", defaults.crop_marks)
    values["pdfx"] = reader.choice("pdfx", PDFX_VERSIONS, defaults.pdfx)
    values["icc_profile"] = reader.profile("icc_profile", defaults.icc_profile)
    values["output_condition_identifier"] = reader.text(
        "output_condition_identifier", defaults.output_condition_identifier
    )
    values["output_condition"] = reader.text("output_condition", defaults.output_condition)
    values["month_languages"] = reader.languages("month_languages", defaults.month_languages)
    values["artwork"] = reader.artwork("artwork")
    values["artwork_lines"] = tuple(sorted(reader.artwork_lines.items()))
    values["feeds_base_url"] = reader.url("feeds_base_url", defaults.feeds_base_url)
    values["subscribe_url"] = reader.url("subscribe_url", defaults.subscribe_url)
    values["ink_limit"] = int(reader.number("ink_limit", defaults.ink_limit, 200, 400))
    values["min_text_pt"] = reader.number("min_text_pt", defaults.min_text_pt, 4, 12)
    if "proof_contact" in data:
        values["proof_contact"] = reader.text("proof_contact", "")
    values["proof_deadline"] = reader.day("proof_deadline")
    values["feeds_base_url_confirmed"] = reader.flag("feeds_base_url_confirmed", False)
    values["imprint"] = reader.imprint("imprint")
    values["publisher_logos"] = read_publisher_logos(data, file, data_dir, problems)
    values["web_legal"] = reader.web_legal("web_legal")
    problems.raise_if_errors()
    lines = [(str(key), data.line_of(key)) for key in data]
    imprint = data.get("imprint")
    if isinstance(imprint, LineDict):
        lines += [(f"imprint.{key}", imprint.line_of(key)) for key in imprint]
    return EditionSettings(**values, file=file, lines=tuple(lines))


@dataclass
class _Reader:
    """Reads one typed value per key and records a located problem instead of raising."""

    data: LineDict
    file: str
    problems: ProblemCollector
    data_dir: Path
    artwork_lines: dict[int, int] = field(default_factory=dict)

    def _error(self, key: str, message: str) -> None:
        self.problems.error(self.file, self.data.line_of(key), key, message)

    def text(self, key: str, default: str) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self._error(key, "expected a non-empty text")
            return default
        return value.strip()

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, date):
            self._error(key, "expected a date as YYYY-MM-DD")
            return None
        return value

    def url(self, key: str, default: str) -> str:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, str) or not is_web_address(value.strip(), PUBLISHED_SCHEMES):
            self._error(key, "expected a web address starting with https:// and a host name, e.g. "
                        "https://example.org/kalender/feeds/")  # fmt: skip
            return default
        return value.strip()

    def texts(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self._error(key, "expected a list of texts, one line each")
            return default
        return tuple(v.strip() for v in value)

    def choice(self, key: str, choices: Any, default: str) -> str:
        value = self.data.get(key, default)
        if value not in choices:
            self._error(key, f"unknown value {value!r}; known: {', '.join(choices)}")
            return default
        return str(value)

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            self._error(key, f"expected a number from {low:g} to {high:g}")
            return default
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self._error(key, "expected true or false")
            return default
        return value

    def profile(self, key: str, default: Path) -> Path:
        """An ICC output profile: a file inside the data folder, or one shipped with the package by name."""
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self._error(key, "expected a file path relative to the data folder")
            return default
        resolved = inside(self.data_dir, value.strip())
        shipped = inside(SHIPPED_PROFILES, value.strip())
        if resolved is None or not resolved.is_file():
            resolved = shipped if shipped is not None and shipped.is_file() else resolved
        if resolved is None:
            self._error(key, f"path {brief(value)} leaves the data folder; expected a path inside {self.data_dir}/ "
                        f"or the name of a shipped profile ({', '.join(_shipped_profiles())})")  # fmt: skip
            return default
        if not resolved.is_file():
            self._error(key, f"file not found: {resolved}")
            return default
        why = icc_problem(resolved)
        if why:
            self._error(key, f"{resolved} {why}")
            return default
        return resolved

    def languages(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        from babel import Locale, UnknownLocaleError

        value = self.data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._error(key, "expected a list of language codes such as [tr, ar, pl]")
            return default
        for code in value:
            try:
                Locale.parse(code)
            except (ValueError, UnknownLocaleError):
                self._error(key, f"unknown language {code!r} (expected a CLDR locale code such as 'tr' or 'fa')")
        return tuple(value)

    def web_legal(self, key: str) -> tuple[tuple[str, str], ...]:
        if key not in self.data:
            return DEFAULT_WEB_LEGAL
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, LineDict):
            self._error(key, f"expected a mapping with {', '.join(WEB_LEGAL_FIELDS)}, each an https:// address")
            return ()
        found: list[tuple[str, str]] = []
        for name, address in value.items():
            line = value.line_of(name)
            if name not in WEB_LEGAL_FIELDS:
                self.problems.error(self.file, line, f"{key}.{name}",
                                    f"unknown legal page; known: {', '.join(WEB_LEGAL_FIELDS)}")  # fmt: skip
            elif address is None or address == "":
                continue
            elif not isinstance(address, str) or not is_web_address(address.strip(), PUBLISHED_SCHEMES):
                self.problems.error(self.file, line, f"{key}.{name}",
                                    "expected a web address starting with https:// and a host name")  # fmt: skip
            else:
                found.append((str(name), address.strip()))
        return tuple(sorted(found, key=lambda pair: WEB_LEGAL_FIELDS.index(pair[0])))

    def imprint(self, key: str) -> tuple[tuple[str, str], ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, LineDict):
            self._error(key, f"expected a mapping with {', '.join(IMPRINT_FIELDS)}")
            return ()
        found: list[tuple[str, str]] = []
        for name, text in value.items():
            where = f"{key}.{name}"
            if name not in IMPRINT_FIELDS:
                self.problems.error(self.file, value.line_of(name), where,
                                    f"unknown imprint field; known: {', '.join(IMPRINT_FIELDS)}")  # fmt: skip
            elif text is not None and not isinstance(text, str | int):
                self.problems.error(self.file, value.line_of(name), where, "expected a text")
            elif text is not None and str(text).strip():
                found.append((str(name), " ".join(str(text).split())))
        return tuple(found)

    def artwork(self, key: str) -> tuple[tuple[int, Path], ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, LineDict):
            self._error(key, "expected a mapping: cover or a month number 1..12 -> image path")
            return ()
        found: list[tuple[int, Path]] = []
        for page, image in value.items():
            line = value.line_of(page)
            number = 0 if page == "cover" else page
            if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 12:
                self.problems.error(self.file, line, f"{key}.{page}", "expected 'cover' or a month number 1..12")
                continue
            if not isinstance(image, str):
                self.problems.error(self.file, line, f"{key}.{page}", "expected an image path")
                continue
            resolved = inside(self.data_dir, image)
            if resolved is None:
                where = f"expected a path inside {self.data_dir}/ such as 'artwork/cover.jpg'"
                self.problems.error(
                    self.file, line, f"{key}.{page}", f"image path {brief(image)} leaves the data folder; {where}"
                )
                continue
            if not resolved.is_file():
                self.problems.error(self.file, line, f"{key}.{page}", f"image not found: {resolved}")
                continue
            found.append((number, resolved))
            self.artwork_lines[number] = line
        return tuple(sorted(found))
