"""The language codes organisations are checked against, through the build cache (organisations/language_codes.py):
the codes Babel's English names give, read back from a record, and asked of Babel again for any record that is not
one."""

from __future__ import annotations

import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from calendar_builder.cache import Memo
from calendar_builder.organisations import language_codes
from calendar_builder.organisations.language_codes import KEY, codes_through, decode, encode, known_codes

BABEL = frozenset(Locale("en").languages)


def test_codes_read_back_are_babels() -> None:
    memo = Memo(language_codes.NAMESPACE, language_codes.memo_version())
    with codes_through(memo):
        made = known_codes()
        read = known_codes()
    assert made == read == BABEL == known_codes()
    assert {"ar", "ti", "ckb", "uk", "fa", "de"} <= made
    again = Memo(language_codes.NAMESPACE, language_codes.memo_version(), {memo.key(KEY): memo.find(KEY) or b""})
    with codes_through(again):
        assert known_codes() == BABEL
    assert again.hits == 1 and again.misses == 0


@pytest.mark.parametrize(
    "record",
    [b"", b"\xff", b"ar\nde", encode(BABEL).replace(b"\nde\n", b"\nDE\n"), encode(BABEL) + b"\n",
     "\n".join(sorted(BABEL, reverse=True)).encode(), encode(BABEL).replace(b"\nar\n", b"\nar\nar\n"), "ä".encode()],
)  # fmt: skip
def test_a_record_that_is_not_the_codes_is_asked_of_babel_again(record: bytes) -> None:
    memo = Memo(language_codes.NAMESPACE, language_codes.memo_version())
    memo.keep(KEY, record)
    with codes_through(memo):
        assert known_codes() == BABEL
    assert memo.find(KEY) == encode(BABEL)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.from_regex(r"[a-z]{2,3}(_[A-Z][a-z]{3})?", fullmatch=True), min_size=100, max_size=300))
def test_encode_and_decode_are_inverse(codes: set[str]) -> None:
    assert decode(encode(frozenset(codes))) == codes


def test_the_version_names_babel_and_the_code() -> None:
    assert "babel sources" in language_codes.memo_version()


GERMAN = dict(Locale("de").languages)


def test_german_names_read_back_are_babels() -> None:
    memo = Memo(language_codes.NAMESPACE, language_codes.memo_version())
    with codes_through(memo):
        made = language_codes.german_names()
        read = language_codes.german_names()
    assert made == read == GERMAN == language_codes.german_names()
    assert made["ti"] == "Tigrinya" and made["tr"] == "Türkisch"


@pytest.mark.parametrize(
    "record",
    [b"", b"\xff", b"ar\tArabisch", language_codes.encode_names(GERMAN).replace(b"\ntr\t", b"\ntr"),
     language_codes.encode_names(GERMAN).replace("Türkisch".encode(), b""),
     language_codes.encode_names(GERMAN) + b"\nzz\tA\tB", language_codes.encode_names({**GERMAN, "AR": "x"})],
)  # fmt: skip
def test_a_record_that_is_not_the_names_is_asked_of_babel_again(record: bytes) -> None:
    memo = Memo(language_codes.NAMESPACE, language_codes.memo_version())
    memo.keep(language_codes.NAMES_KEY, record)
    with codes_through(memo):
        assert language_codes.german_names() == GERMAN
    assert memo.find(language_codes.NAMES_KEY) == language_codes.encode_names(GERMAN)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z]{2,3}", fullmatch=True),
        st.text(st.characters(blacklist_characters="\t\n", blacklist_categories=("Cs",)), min_size=1, max_size=12),
        min_size=100,
        max_size=200,
    )
)
def test_names_encode_and_decode_are_inverse(names: dict[str, str]) -> None:
    assert language_codes.decode_names(language_codes.encode_names(names)) == names
