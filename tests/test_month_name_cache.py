"""Month names in the build cache: the names read back are Babel's, a warm store asks Babel nothing, and a record
that cannot be twelve names is read from Babel again."""

from __future__ import annotations

from typing import NoReturn

import pytest
from babel.dates import get_month_names

from calendar_builder.cache import Memo, read_pack
from calendar_builder.calendars import monthnames
from calendar_builder.edition import month_name_cache

LANGUAGES = ("tr", "it", "pl", "ro", "el", "ru", "uk", "ar", "fa", "ti", "vi")


def _memo(stored: dict[bytes, bytes] | None = None) -> Memo:
    return Memo(month_name_cache.NAMESPACE, month_name_cache.memo_version(), stored)


def _babel(language: str, month: int) -> str:
    name = str(get_month_names("wide", "stand-alone", locale=language)[month])
    return name[:1].upper() + name[1:]


def _no_babel(language: str) -> NoReturn:
    raise AssertionError(f"asked Babel for {language} although the cache holds its names")


@pytest.fixture(autouse=True)
def _fresh() -> object:
    monthnames._cldr_names.cache_clear()
    yield None
    monthnames._cldr_names.cache_clear()
    assert monthnames._store is None


def test_cold_and_warm_stores_give_babels_names(monkeypatch: pytest.MonkeyPatch) -> None:
    cold = _memo()
    with month_name_cache.names_through(cold):
        made = {(lang, m): monthnames.cldr_month_name(m, lang) for lang in LANGUAGES for m in range(1, 13)}
    assert made == {(lang, m): _babel(lang, m) for lang in LANGUAGES for m in range(1, 13)}
    assert (cold.hits, cold.misses) == (0, len(LANGUAGES))

    monthnames._cldr_names.cache_clear()
    warm = _memo(read_pack(cold.pack()))
    monkeypatch.setattr(monthnames, "babel_month_names", _no_babel)
    with month_name_cache.names_through(warm):
        read = {(lang, m): monthnames.cldr_month_name(m, lang) for lang in LANGUAGES for m in range(1, 13)}
    assert read == made
    assert (warm.hits, warm.misses, warm.changed) == (len(LANGUAGES), 0, False)


@pytest.mark.parametrize("bad", [b"", "\n".join(["Mai"] * 11).encode(), b"\xff\xfe", "\n".join([""] * 12).encode()])
def test_a_record_that_is_not_twelve_names_is_read_again(bad: bytes) -> None:
    probe = _memo()
    key = probe.key("tr")
    memo = _memo({key: bad})
    with month_name_cache.names_through(memo):
        assert [monthnames.cldr_month_name(m, "tr") for m in range(1, 13)] == [_babel("tr", m) for m in range(1, 13)]
    assert read_pack(memo.pack()) == {key: month_name_cache.encode(monthnames.babel_month_names("tr"))}


def test_names_read_ahead_are_taken_at_the_first_name_missing_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    ahead = month_name_cache.names_ahead(LANGUAGES[:4])
    taken: list[int] = []

    def take() -> dict[bytes, bytes]:
        taken.append(1)
        return ahead

    monkeypatch.setattr(monthnames, "babel_month_names", _no_babel)
    memo = _memo()
    with month_name_cache.names_through(memo), month_name_cache.names_beside(take):
        read = {(lang, m): monthnames.cldr_month_name(m, lang) for lang in LANGUAGES[:4] for m in range(1, 13)}
    monkeypatch.undo()
    assert read == {(lang, m): _babel(lang, m) for lang in LANGUAGES[:4] for m in range(1, 13)}
    assert taken == [1], "taken once, when the first name was missing"
    assert read_pack(memo.pack()) == ahead, "and kept for the next run"


def test_a_language_the_worker_did_not_read_is_read_here() -> None:
    memo = _memo()
    with month_name_cache.names_through(memo), month_name_cache.names_beside(dict):
        assert monthnames.cldr_month_name(5, "tr") == _babel("tr", 5)
