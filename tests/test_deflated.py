"""Deflated bytes kept in the build cache (render/deflated.py): the bytes are zlib's, the file is the same."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from typing import Any

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


def _drawn(shown: Callable[[Canvas], None] = lambda _canvas: None, before_saving: Callable[[], None] = lambda: None
           ) -> bytes:  # fmt: skip
    """A small PDF of three pages, each with text and a raster image, deflated, as ReportLab writes it; `shown` is
    called after each page is shown, `before_saving` before the file is written."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1, invariant=1)
    for page in range(3):
        canvas.drawString(72, 720, f"Seite {page + 1}: Interkultureller Kalender")
        canvas.drawImage(ImageReader(_image(page)), 72, 500, 64, 48)
        canvas.showPage()
        shown(canvas)
    before_saving()
    canvas.save()
    return buffer.getvalue()


def _image(page: int) -> Any:
    from PIL import Image

    return Image.new("CMYK", (64, 48), (page * 40, 10, 0, 0))


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


@given(st.lists(st.binary(max_size=3000), max_size=4), st.booleans())
def test_bytes_deflated_beside_are_zlibs(inputs: list[bytes], cached: bool) -> None:
    memo = _memo() if cached else None
    with deflated.deflating_beside():
        if memo is not None:
            with deflated.deflated_through(memo):
                _deflate_beside_then_take(inputs)
        else:
            _deflate_beside_then_take(inputs)
        assert not deflated._beside, "every deflate started beside was taken"
    if memo is not None:
        assert memo.misses == len(set(inputs)), "each is kept once, for the next build"


def _deflate_beside_then_take(inputs: list[bytes]) -> None:
    for data in inputs:
        deflated.deflate_beside(data)
    assert len(deflated._beside) == len(set(inputs))
    for data in inputs:
        assert deflated.deflate(data) == zlib.compress(data)


def test_nothing_is_deflated_beside_outside_a_build_or_when_the_cache_holds_it() -> None:
    data = b"Interkultureller Kalender " * 400
    deflated.deflate_beside(data)
    assert not deflated._beside, "outside `deflating_beside`: no thread"
    first = _memo()
    with deflated.deflated_through(first):
        deflated.deflate(data)
    again = _memo(first)
    with deflated.deflating_beside(), deflated.deflated_through(again):
        deflated.deflate_beside(data)
        assert not deflated._beside, "the cache holds it: no thread"
        assert deflated.deflate(data) == zlib.compress(data)


def test_threads_end_with_the_block_and_a_forked_process_deflates_itself() -> None:
    data = bytes(range(256)) * 4000
    with deflated.deflating_beside():
        deflated.deflate_beside(data)
        pending = deflated._beside[next(iter(deflated._beside))]
    assert not deflated._beside and not pending.thread.is_alive(), "left: joined and forgotten"
    pending.out = None  # what a forked process holds: the entry, without the thread that would fill it
    assert pending.result(data) == zlib.compress(data)


def test_a_print_pdf_deflated_beside_is_the_same_file() -> None:
    expected = _drawn()
    memo = _memo()
    started: list[int] = []

    def shown(canvas: Canvas) -> None:
        deflated.deflate_beside(canvas._doc.Pages.pages[-1].stream.encode("utf-8"))

    with deflated.deflating_beside(), deflated.deflated_through(memo), deflated.reportlab_streams():
        drawn = _drawn(shown, lambda: started.append(len(deflated._beside)))
        assert started == [3], "each page's operators deflated beside"
        assert not deflated._beside, "and taken when the file was written"
    assert drawn == expected
