"""Converted raster images in the build cache: an image from a record gives the page the bytes of one converted
afresh (press CMYK and the proof's screen colours), a changed image file or another placed size is converted
afresh, and no record is used unless it decodes to exactly the pixels of the size it states."""

from __future__ import annotations

import io
import os
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image as PILImage
from reportlab.pdfgen.canvas import Canvas

from calendar_builder.cache import Memo, read_pack
from calendar_builder.layout.geometry import Box, Image, Page
from calendar_builder.render import print_pdf, raster_cache
from calendar_builder.render.print_pdf import PRESS, Inks, _image
from calendar_builder.render.screen_colour import ScreenInks
from calendar_builder.render.textdraw import register_fonts
from tests.printkit import PROFILE, look

ROOT = Path(__file__).resolve().parent.parent
LOGOS = sorted((ROOT / "data" / "logos").glob("*.png"))
BOXES = (Box(20, 30, 60, 60), Box(150, 40, 120, 50))


def _page(paths: list[Path], inks: Inks) -> bytes:
    """One uncompressed page with each image drawn into each box, as the print renderer draws it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 400), invariant=1, pageCompression=0, initialFontName=register_fonts(),
                    initialFontSize=10, enforceColorSpace=inks.colour_space)  # fmt: skip
    settings = look()
    for path in paths:
        for box in BOXES:
            _image(canvas, Image(str(path), box, 300.0), settings, inks)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _memo(inks: Inks, stored: dict[bytes, bytes] | None = None) -> Memo:
    return Memo(raster_cache.NAMESPACES[inks.name], raster_cache.memo_version(), stored)


def test_the_shipped_data_has_raster_logos() -> None:
    assert LOGOS, "the pages these tests draw hold raster images"


def test_images_from_records_give_the_bytes_of_images_converted_afresh() -> None:
    for inks in (PRESS, ScreenInks(PROFILE)):
        afresh = _page(LOGOS, inks)
        memo = _memo(inks)
        with raster_cache.images_through(memo):
            assert _page(LOGOS, inks) == afresh
            made = raster_cache.converted_here()
        assert memo.misses == len(LOGOS) * len(BOXES) and len(made) == memo.misses
        assert len({key for key, _ in made}) == len(made), "one record an image and placed size"
        stored = read_pack(memo.pack())
        warm = _memo(inks, stored)
        with raster_cache.images_through(warm):
            assert _page(LOGOS, inks) == afresh
        assert warm.hits == len(made) and warm.misses == 0


def test_a_changed_image_file_is_converted_afresh(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGOS[0].read_bytes())
    memo = _memo(PRESS)
    with raster_cache.images_through(memo):
        _page([logo], PRESS)
    stored = read_pack(memo.pack())
    with PILImage.open(LOGOS[1]) as other:
        other.save(logo)
    warm = _memo(PRESS, stored)
    with raster_cache.images_through(warm):
        assert _page([logo], PRESS) == _page([LOGOS[1]], PRESS)
    assert warm.hits == 0


def test_the_screen_and_the_press_keep_their_own_records() -> None:
    press, screen = _memo(PRESS), _memo(ScreenInks(PROFILE))
    with raster_cache.images_through(press):
        _page(LOGOS[:1], PRESS)
    with raster_cache.images_through(screen):
        _page(LOGOS[:1], ScreenInks(PROFILE))
    assert read_pack(press.pack()).keys().isdisjoint(read_pack(screen.pack()).keys())


@given(st.sampled_from(raster_cache.MODES), st.integers(1, 40), st.integers(1, 40), st.binary(min_size=1, max_size=64))
def test_a_record_gives_back_exactly_its_image(mode: str, width: int, height: int, seed: bytes) -> None:
    pixels = (seed * (width * height * len(mode) // len(seed) + 1))[: width * height * len(mode)]
    image = PILImage.frombytes(mode, (width, height), pixels)
    record = raster_cache.encode(image)
    assert record is not None
    back = raster_cache.decode(record)
    assert back is not None and back.mode == mode and back.size == (width, height)
    assert back.tobytes() == pixels


@given(st.binary(max_size=200))
def test_no_arbitrary_bytes_decode_to_an_image_unless_sound(data: bytes) -> None:
    image = raster_cache.decode(data)
    if image is not None:  # only a head and exactly its pixels, compressed, can decode
        assert raster_cache.encode(image) is not None
        assert zlib.decompress(data[9:]) == image.tobytes()


def test_a_cut_short_padded_or_lying_record_is_not_used() -> None:
    image = PILImage.new("CMYK", (8, 5), (10, 20, 30, 40))
    record = raster_cache.encode(image)
    assert record is not None and raster_cache.decode(record) is not None
    head = record[:9]
    body = zlib.compress(image.tobytes())
    assert raster_cache.decode(record[:-3]) is None  # cut short
    assert raster_cache.decode(record + b"\0") is None  # more after the pixels
    assert raster_cache.decode(head + zlib.compress(image.tobytes() + b"\0")) is None  # one pixel byte too many
    assert raster_cache.decode(head + zlib.compress(image.tobytes()[:-1])) is None  # one too few
    lying = bytearray(head)
    lying[0] = 7  # a mode that is none of the recorded
    assert raster_cache.decode(bytes(lying) + body) is None
    assert raster_cache.decode(head[:1] + (10**9).to_bytes(4, "little") * 2 + body) is None  # too large to record


def test_an_image_of_another_mode_or_too_large_is_never_recorded() -> None:
    assert raster_cache.encode(PILImage.new("P", (4, 4))) is None
    assert raster_cache.encode(PILImage.new("RGBA", (4, 4))) is None
    side = int((raster_cache.RECORD_BYTES / 4) ** 0.5) + 1
    assert side * side * 4 > raster_cache.RECORD_BYTES
    assert raster_cache.encode(PILImage.new("CMYK", (side, side))) is None


def _images() -> list[tuple[Path, Path, tuple[float, float]]]:
    """The images `_page` draws, as `print_pdf.raster_images` lists them."""
    return [(path, look().icc_profile, (box.w, box.h)) for path in LOGOS for box in BOXES]


def _converting_here_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Converting an image in this process (not in a forked worker) raises."""
    here = os.getpid()
    convert = print_pdf.cmyk_image

    def only_elsewhere(*args: object, **kwargs: object) -> PILImage.Image:
        if os.getpid() == here:
            raise AssertionError("an image was converted in the drawing process")
        return convert(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(print_pdf, "cmyk_image", only_elsewhere)


def test_records_converted_beside_are_taken_once_at_the_first_image_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    afresh = _page(LOGOS, PRESS)
    with raster_cache.images_through(_memo(PRESS)):
        pending = raster_cache.not_held(_images(), PRESS)
        assert len(pending) == len(_images())
        records = raster_cache.convert_all(pending, print_pdf.converted_image)
    assert len(records) == len(LOGOS) * len(BOXES)
    _converting_here_fails(monkeypatch)
    taken: list[int] = []
    memo = _memo(PRESS)
    with raster_cache.images_through(memo), raster_cache.converted_beside(lambda: taken.append(1) or records):
        assert _page(LOGOS, PRESS) == afresh
        assert raster_cache.not_held(_images(), PRESS) == []
    assert taken == [1]
    assert read_pack(memo.pack()) == {memo.key(key): record for key, record in records}  # kept for the next run


def _page_of(images: list[tuple[Path, Path, tuple[float, float]]]) -> Page:
    """A page laid out with these images (file, profile, placed size)."""
    box = Box(0, 0, 400, 400)
    placed = tuple(Image(str(path), Box(0, 0, *size), 300.0) for path, _, size in images)
    return Page(1, "month", 400, 400, 0, box, box, placed)


def test_a_build_s_missing_images_are_converted_by_a_worker_while_it_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """The drawing process converts none of the images the cache lacks, and the page is the one converted afresh;
    with every image in the cache no worker is started."""
    from calendar_builder import build
    from calendar_builder.feed_worker import Job

    afresh = _page(LOGOS, PRESS)
    pages = (_page_of(_images()),)
    assert print_pdf.raster_images(pages, look()) == _images()
    _converting_here_fails(monkeypatch)
    memo = _memo(PRESS)
    with raster_cache.images_through(memo), build.images_converted_beside(pages, look()):
        assert _page(LOGOS, PRESS) == afresh
    started: list[object] = []
    monkeypatch.setattr(Job, "start", classmethod(lambda cls, work: started.append(work)))
    with (
        raster_cache.images_through(_memo(PRESS, read_pack(memo.pack()))),
        build.images_converted_beside(pages, look()),
    ):
        assert _page(LOGOS, PRESS) == afresh
    assert started == []


def test_an_image_the_worker_cannot_read_fails_the_drawing_as_it_would_here(tmp_path: Path) -> None:
    from calendar_builder import build
    from calendar_builder.errors import CalendarError

    broken = tmp_path / "logo.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not an image")
    images = [(broken, look().icc_profile, (60.0, 60.0))]
    with raster_cache.images_through(_memo(PRESS)), build.images_converted_beside((_page_of(images),), look()):
        with pytest.raises(CalendarError, match=f"{broken}: cannot read the image"):
            _page([broken], PRESS)
