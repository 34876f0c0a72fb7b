"""Deflated bytes kept in the build cache (render/deflated.py): the bytes are zlib's, the file is the same."""

from __future__ import annotations

import io
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.cache import Memo, read_pack
from calendar_builder.render import deflated


def _memo(before: Memo | None = None) -> Memo:
    return Memo(deflated.NAMESPACE, deflated.memo_version(), read_pack(before.pack()) if before else None)


@given(st.binary(max_size=5000))
def test_the_bytes_are_zlibs_made_or_kept(data: bytes) -> None:
    first = _memo()
    with deflated.deflated_through(first):
        assert deflated.deflate(data) == zlib.compress(data)
    again = _memo(first)
    with deflated.deflated_through(again):
        assert deflated.deflate(data) == zlib.compress(data)
    assert (again.hits, again.misses) == (1, 0)
    assert deflated.deflate(data) == zlib.compress(data), "and without a cache"


def _drawn() -> bytes:
    """A small PDF of three pages, each with text and a raster image, deflated, as ReportLab writes it."""
    from PIL import Image

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1, invariant=1)
    for page in range(3):
        canvas.drawString(72, 720, f"Seite {page + 1}: Interkultureller Kalender")
        canvas.drawImage(ImageReader(Image.new("CMYK", (64, 48), (page * 40, 10, 0, 0))), 72, 500, 64, 48)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_reportlab_writes_the_same_file_through_the_cache() -> None:
    expected = _drawn()
    first = _memo()
    with deflated.deflated_through(first), deflated.reportlab_streams():
        assert _drawn() == expected
    assert first.misses >= 6, "the pages' operators and the images went through it"
    again = _memo(first)
    with deflated.deflated_through(again), deflated.reportlab_streams():
        assert _drawn() == expected
    assert again.misses == 0 and again.hits == first.misses


def test_reportlabs_zlib_is_given_back_whatever_happens() -> None:
    own = pdfdoc.zlib
    with pytest.raises(RuntimeError), deflated.reportlab_streams():
        assert pdfdoc.zlib is not own
        assert pdfdoc.zlib.decompress(pdfdoc.zlib.compress(b"x")) == b"x"
        raise RuntimeError("a drawing that fails")
    assert pdfdoc.zlib is own
