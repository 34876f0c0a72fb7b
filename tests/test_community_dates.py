"""Festival dates against what the communities themselves published for given years (the 2027 audit).

Each row is a date a community or its federation announced, with where it was read; the rule must give it.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from calendar_builder.core.expand import expand_festival
from calendar_builder.core.load import load_catalogue
from calendar_builder.core.model import Festival
from calendar_builder.core.rules import ExpandOptions
from tests.conftest import ROOT

PUBLISHED = [
    # Alevitische Gemeinde Deutschland / Austrian federation: Tuesday to Thursday of the second week of February.
    ("hizir-fast", date(2020, 2, 11), "kalenderderkulturen.de: Hızır-Fasten 11.2.–13.2.2020"),
    ("hizir-fast", date(2026, 2, 10), "haberturk.com, kanal6haber.com: Hızır orucu 10–12 Şubat 2026"),
    ("hizir-fast", date(2027, 2, 9), "alevi.com (AABF) Alevitischer Kalender: 09.–11. Februar"),
    # Muharrem fast and Aşure as Alevi communities in Germany and Turkey announced them.
    ("muharrem-fast", date(2008, 12, 29), "alevi-frankfurt.com: Muharrem-Fasten 29.12.08–09.01.2009"),
    ("muharrem-fast", date(2017, 9, 21), "alevi-du.com: Muharrem-Fasten und Aşuretag 21.09.–03.10.2017"),
    ("asure-alevi", date(2017, 10, 3), "alevi-du.com: Aşuretag am 03.10.2017"),
    ("muharrem-fast", date(2020, 8, 20), "pirha.org (Alevi news agency): 20–31 Ağustos 2020, Aşure 1 Eylül"),
    ("asure-alevi", date(2020, 9, 1), "pirha.org: Aşure 1 Eylül 2020"),
    ("muharrem-fast", date(2022, 7, 30), "ruhrbarone.de: 30. Juli bis 10. August 2022"),
    ("asure-alevi", date(2022, 8, 11), "ruhrbarone.de: Aşure-Fest am 11. August 2022"),
    ("muharrem-fast", date(2024, 7, 7), "Cem Vakfı calendar 2024 (kacgun2017.com): Muharrem orucu 07 Temmuz"),
    ("asure-alevi", date(2024, 7, 19), "Cem Vakfı calendar 2024: Aşure günü 19 Temmuz"),
    # Ezidi: Cejna Êzîd on the first Friday of December in the Ezidi (Julian) calendar.
    ("ida-ezi", date(2017, 12, 15), "ezidipress.com, 15 Dec 2017"),
    ("ida-ezi", date(2022, 12, 16), "anfdeutsch.com: KCDK-E greeting, Cejna Êzî am 16. Dezember"),
    # Iranian calendars date Chaharshanbe Suri by the evening of the last Tuesday of the year (the 2027 audit).
    ("chaharshanbe-suri", date(2007, 3, 13), "thestoryofacomet.blogspot.com, 13 March 2007: the last Tuesday"),
    ("chaharshanbe-suri", date(2013, 3, 19), "payvand.com: celebrated on Tuesday night (19 March 2013)"),
    ("chaharshanbe-suri", date(2019, 3, 19), "camiranbrasil.com.br: Tuesday, March 19, 2019"),
    # Diyanet's Dini Günler for 2026 (sabah.com.tr, yenisafak.com, turkiyegazetesi.com.tr): the nights by evening.
    ("regaib-kandili", date(2025, 12, 25), "Diyanet 2026: Regaib Kandili 25 Aralık 2025"),
    ("isra-miraj", date(2026, 1, 15), "Diyanet 2026: Miraç Kandili 15 Ocak 2026"),
    ("laylat-al-baraat", date(2026, 2, 2), "Diyanet 2026: Berat Kandili 2 Şubat 2026"),
    ("ramadan", date(2026, 2, 19), "Diyanet 2026: Ramazan Başlangıcı 19 Şubat 2026"),
    ("laylat-al-qadr", date(2026, 3, 16), "Diyanet 2026: Kadir Gecesi 16 Mart 2026"),
    ("eid-al-fitr", date(2026, 3, 20), "Diyanet 2026: Ramazan Bayramı 1. Gün 20 Mart 2026"),
    ("eid-al-adha", date(2026, 5, 27), "Diyanet 2026: Kurban Bayramı 1. Gün 27 Mayıs 2026"),
    ("islamic-new-year", date(2026, 6, 16), "Diyanet 2026: Hicri Yılbaşı 16 Haziran 2026"),
    ("ashura", date(2026, 6, 25), "Diyanet 2026: Aşure Günü 25 Haziran 2026"),
    ("regaib-kandili", date(2026, 12, 10), "Diyanet 2026: Regaip Kandili 10 Aralık 2026 (1 Recep 1448)"),
    # Ezidische Jugend e.V., Êzîdîsche Feiertage: Xidir Nebî on the first Friday of February (Ezidi calendar).
    ("cejna-xidir-nebi", date(2026, 2, 20), "ciwanen-ezidi.de: erster Freitag im Februar nach ezidischem Kalender"),
    # Interkulturelle Woche and Tag des Flüchtlings, as their organisers announced them.
    ("interkulturelle-woche", date(2025, 9, 21), "demokratie-leben.de: IKW 21.–28. September 2025"),
    ("tag-des-fluechtlings", date(2025, 9, 26), "demokratie-leben.de: Tag des Flüchtlings am 26. September 2025"),
]


@cache
def festivals() -> dict[str, Festival]:
    return {f.id: f for f in load_catalogue(ROOT / "data" / "holidays.yaml").festivals}


@pytest.mark.parametrize(("festival_id", "day", "where"), PUBLISHED)
def test_rule_gives_the_date_the_community_published(festival_id: str, day: date, where: str) -> None:
    starts = [o.start for o in expand_festival(festivals()[festival_id], day.year, ExpandOptions())]
    assert day in starts, f"{festival_id} {day} ({where}); rule gives {starts}"


def test_hizir_fast_is_tuesday_to_thursday() -> None:
    for year in range(1950, 2101):
        (occurrence,) = expand_festival(festivals()["hizir-fast"], year, ExpandOptions())
        assert occurrence.start.weekday() == 1 and occurrence.end.weekday() == 3
        assert 8 <= occurrence.start.day <= 14


def test_chaharshanbe_suri_is_the_evening_of_the_last_tuesday_before_nowruz() -> None:
    """Dated by its Tuesday evening, as Iranian calendars print it (it was printed on the Wednesday before the
    2027 audit): the last Tuesday at least a day before Nowruz, within the last eight days of the year."""
    from calendar_builder.calendars.persian import nowruz

    for year in range(1950, 2101):
        (occurrence,) = expand_festival(festivals()["chaharshanbe-suri"], year, ExpandOptions())
        gap = (nowruz(year) - occurrence.start).days
        assert occurrence.start.weekday() == 1 and 2 <= gap <= 8, (year, occurrence.start)
