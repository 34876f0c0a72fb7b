"""Glyph coverage: every string is checked before drawing, and a gap is a located data error."""

from __future__ import annotations

import unicodedata

import pytest

from calendar_builder.errors import DataError, Location
from calendar_builder.text.fonts import FontBook
from calendar_builder.text.shaping import CoverageError, check_coverage, require_coverage, shape
from tests.text.samples import SAMPLES, Sample

# Losar, the Tibetan New Year, in Tibetan script: no shipped font has Tibetan.
LOSAR = "ལོ་གསར་"
WHERE = Location("data/holidays.yaml", 412, "names.bo")


def test_uncovered_character_is_a_located_error() -> None:
    problems = check_coverage(LOSAR, WHERE, "losar")
    assert problems
    first = str(problems[0])
    assert first.startswith("data/holidays.yaml:412 [names.bo]: error: ")
    assert "entry 'losar'" in first
    assert "U+0F63 TIBETAN LETTER LA" in first
    assert LOSAR in first
    for font in (
        "Noto Sans Regular",
        "Noto Sans Symbols Regular",
        "Noto Sans Symbols2 Regular",
        "Droid Sans Fallback",
    ):
        assert font in first
    # one problem per distinct character, each naming it
    distinct = list(dict.fromkeys(LOSAR))
    assert [p.message.split("character ")[1].split(" in ")[0] for p in problems] == [
        f"U+{ord(c):04X} {unicodedata.name(c)}" for c in distinct
    ]


def test_require_coverage_reports_every_gap_at_once() -> None:
    strings = [
        ("Losar", Location("data/holidays.yaml", 410, "names.en"), "losar"),
        (LOSAR, WHERE, "losar"),
        ("ଦୋଳ ପୂର୍ଣ୍ଣିମା", Location("data/holidays.yaml", 520, "names.or"), "dola-purnima"),  # Odia
        ("عيد الفطر", Location("data/holidays.yaml", 30, "names.ar"), "eid-al-fitr"),
    ]
    with pytest.raises(DataError) as info:
        require_coverage(strings)
    text = str(info.value)
    assert "entry 'losar'" in text and "entry 'dola-purnima'" in text
    assert "U+0B26 ORIYA LETTER DA" in text
    assert "eid-al-fitr" not in text
    assert all(p.location.file == "data/holidays.yaml" for p in info.value.problems)


def test_shaping_refuses_uncovered_text_instead_of_drawing_boxes() -> None:
    with pytest.raises(CoverageError, match="U\\+0F63 TIBETAN LETTER LA"):
        shape(LOSAR, 10)


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.key for s in SAMPLES])
def test_every_sample_is_covered(sample: Sample) -> None:
    assert check_coverage(sample.text, WHERE, sample.key, sample.style) == []


TRADITION_MARKERS = "✝☦✡☪☸☬ॐ☯☮☥✠卍🕉"


@pytest.mark.parametrize("style", ["sans", "bold", "serif"])
def test_tradition_markers_are_covered(style: str) -> None:
    book = FontBook.default()
    for ch in TRADITION_MARKERS:
        assert book.covers(ch, style), f"U+{ord(ch):04X}"
        assert shape(ch, 10, style).width > 0


def test_languages_letters_are_covered() -> None:
    """Letters of the Latin-script, Arabic-script and other alphabets the calendar's communities use."""
    alphabets = {
        "Turkish": "ÇçĞğİıÖöŞşÜü",
        "Kurmanji": "ÇçÊêÎîŞşÛû",
        "Polish": "ĄąĆćĘęŁłŃńÓóŚśŹźŻż",
        "Vietnamese": "ĂăÂâĐđÊêÔôƠơƯư" + "".join(map(chr, range(0x1EA0, 0x1EFA))),  # Ạ … ỹ
        "Persian": "پچژگکی",
        "Urdu": "ٹڈڑںہھۓےۃ",
        "Sorani": "ڕڵۆێەڤ",
        "German": "ÄäÖöÜüß„“‚‘–—…",
    }
    book = FontBook.default()
    for language, letters in alphabets.items():
        missing = [f"U+{ord(c):04X}" for c in letters if not book.covers(c)]
        assert not missing, f"{language}: {missing}"


def test_ignorable_characters_need_no_glyph() -> None:
    # zero width non-joiner in a Persian word, variation selector after a symbol
    assert check_coverage("می\u200cخواهم", WHERE) == []
    assert check_coverage("☪\ufe0f", WHERE) == []
    assert shape("☪\ufe0f", 10).width == pytest.approx(shape("☪", 10).width)
