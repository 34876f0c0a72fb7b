"""The proof's open decisions on the feeds address and the imprint follow the print gates' settings."""

from __future__ import annotations

from dataclasses import replace

from calendar_builder.edition.settings import IMPRINT_REQUIRED, EditionSettings
from calendar_builder.proof.decisions import Topic, _feeds_address, _imprint


def test_the_feeds_address_is_open_until_confirmed() -> None:
    look = EditionSettings()
    (open_address,) = _feeds_address(look)
    assert open_address.topic is Topic.FEEDS_ADDRESS and look.feeds_base_url in open_address.text
    assert "feeds_base_url_confirmed" in open_address.where and "feeds_base_url" not in open_address.text
    assert _feeds_address(replace(look, feeds_base_url_confirmed=True)) == []


def test_each_empty_required_imprint_field_is_one_open_decision() -> None:
    look = EditionSettings()
    assert len(_imprint(look)) == len(IMPRINT_REQUIRED)
    filled = replace(look, imprint=tuple((key, "Beispiel") for key in IMPRINT_REQUIRED if key != "printer"))
    (missing,) = _imprint(filled)
    assert missing.text == "Im Impressum fehlt: Druck" and "[imprint.printer]" in missing.where
    complete = replace(look, imprint=tuple((key, "Beispiel") for key in IMPRINT_REQUIRED))
    assert _imprint(complete) == []
