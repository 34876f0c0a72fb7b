"""Month names: CLDR through Babel, other calendars' months cross-checked against convertdate."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from babel.dates import get_month_names
from convertdate import hebrew, islamic, persian

from calendar_builder.calendars.monthnames import cldr_month_names, hebrew_months, islamic_months, persian_months
from calendar_builder.calendars.registry import calendar_system

HEBREW_MONTHS_DE = calendar_system("hebrew").month_labels_de
HIJRI_MONTHS_DE = tuple(calendar_system("hijri").month_labels_de[m] for m in range(1, 13))
PERSIAN_MONTHS_DE = tuple(calendar_system("persian").month_labels_de[m] for m in range(1, 13))

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("language", ["tr", "it", "pl", "ro", "el", "ru", "uk", "ar", "fa"])
def test_cldr_names_are_babels(language: str) -> None:
    names = dict(cldr_month_names(5, (language,)))
    expected = str(get_month_names("wide", "stand-alone", locale=language)[5])
    assert names[language][1:] == expected[1:] and names[language][0] == expected[0].upper()


@pytest.mark.parametrize("year", range(2024, 2036))
def test_hebrew_months_against_convertdate(year: int) -> None:
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        label = hebrew_months(year, month)
        for day in (1, last):
            hy, hm, _ = hebrew.from_gregorian(year, month, day)
            leap = hebrew.leap(hy)
            name = HEBREW_MONTHS_DE[hm] if not (leap and hm in (12, 13)) else ("Adar I" if hm == 12 else "Adar II")
            assert name in label and str(hy) in label, (year, month, day, label)


@pytest.mark.parametrize("year", [2025, 2026, 2030])
def test_persian_months_against_convertdate(year: int) -> None:
    for month in range(1, 13):
        py, pm, _ = persian.from_gregorian(year, month, 15)
        assert f"{PERSIAN_MONTHS_DE[pm - 1]}" in persian_months(year, month)
        assert str(py) in persian_months(year, month)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_islamic_months_agree_with_the_arithmetic_calendar_mid_month(year: int) -> None:
    # Umm al-Qura and the arithmetic (tabular) calendar differ by a day or two at month starts only.
    for month in range(1, 13):
        label = islamic_months(year, month)
        for day in range(1, calendar.monthrange(year, month)[1] + 1):
            iy, im, iday = islamic.from_gregorian(year, month, day)
            if 4 <= iday <= 26:
                assert HIJRI_MONTHS_DE[im - 1] in label and str(iy) in label, (date(year, month, day), label)
