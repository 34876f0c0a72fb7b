"""The feed state's stamps are read field by field: every stamp the writer writes reads back as itself, and any
other text is either the moment strptime reads from it or a ValueError."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendar_builder.feeds.state import STAMP_FORMAT, _parse_stamp


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)))
def test_every_written_stamp_reads_back(moment: datetime) -> None:
    moment = moment.replace(microsecond=0, tzinfo=UTC)
    text = moment.strftime(STAMP_FORMAT)
    if len(text) == 16:  # years before 1000 are written with fewer digits on some platforms
        assert _parse_stamp(text) == moment


@given(st.one_of(st.text(max_size=20), st.from_regex(r"\A[0-9]{8}T[0-9]{6}Z\Z"), st.from_regex(r"\A.{16}\Z")))
def test_any_text_is_strptimes_moment_or_refused(text: str) -> None:
    try:
        expected = datetime.strptime(text, STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        with pytest.raises(ValueError):
            _parse_stamp(text)
        return
    try:
        assert _parse_stamp(text) == expected
    except ValueError:
        assert not text.isascii() or len(text) != 16  # strptime's lenient forms the writer never writes
