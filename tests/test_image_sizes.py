"""Logo sizes in the build cache: a recorded size is the size the checks and svglib or Pillow give; a logo that
fails a check, an SVG that refers to another file, or a damaged record is read afresh, and a record follows the
file's contents (and, for pixels, the limits)."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest

from calendar_builder.cache import Memo, read_pack
from calendar_builder.media import image_sizes
from calendar_builder.media.svg import SvgLogoError, load_drawing

LOGO = Path(__file__).resolve().parent / "fixtures" / "logo-two-colours.svg"
GOOD = LOGO.read_text(encoding="utf-8")


def _memo(stored: dict[bytes, bytes] | None = None) -> Memo:
    return Memo(image_sizes.NAMESPACE, image_sizes.memo_version(), stored)


def _svg(tmp_path: Path, text: str, name: str = "logo.svg") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _size(path: Path) -> tuple[float, float]:
    drawing = load_drawing(path)
    return float(drawing.width), float(drawing.height)


def _no_reading(path: Path) -> NoReturn:
    raise AssertionError(f"read {path} although the cache holds its size")


def test_a_recorded_size_is_the_size_svglib_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = _size(LOGO)
    cold = _memo()
    assert image_sizes.svg_size(LOGO, cold) == size
    assert image_sizes.svg_size(LOGO) == size
    warm = _memo(read_pack(cold.pack()))
    copy = _svg(tmp_path, GOOD, "elsewhere.svg")  # the same contents under another name: the same record
    monkeypatch.setattr(image_sizes, "_read", _no_reading)
    assert image_sizes.svg_size(copy, warm) == size
    assert (warm.hits, warm.misses) == (1, 0)


def test_another_content_is_another_record(tmp_path: Path) -> None:
    memo = _memo()
    wide = GOOD.replace(
        'viewBox="0 0 240 160" width="240" height="160"', 'viewBox="0 0 480 160" width="480" height="160"'
    )
    assert wide != GOOD
    first, second = _svg(tmp_path, GOOD, "first.svg"), _svg(tmp_path, wide, "second.svg")
    assert image_sizes.svg_size(first, memo) == _size(first)
    assert image_sizes.svg_size(second, memo) == _size(second)
    assert _size(first) != _size(second) and memo.misses == 2


def test_a_refused_svg_is_never_recorded(tmp_path: Path) -> None:
    memo = _memo()
    with_text = GOOD.replace("</svg>", '<text x="1" y="9">Verein</text></svg>')
    for _ in range(2):
        with pytest.raises(SvgLogoError, match="<text>"):
            image_sizes.svg_size(_svg(tmp_path, with_text), memo)
    assert read_pack(memo.pack()) == {}


def test_an_svg_that_refers_to_another_file_is_read_every_time(tmp_path: Path) -> None:
    memo = _memo()
    inner = GOOD.replace("</svg>", '<use href="parts.svg#leaf"/></svg>')
    own = GOOD.replace("</svg>", '<use href="#c"/></svg>')
    image_sizes.svg_size(_svg(tmp_path, inner), memo)
    assert read_pack(memo.pack()) == {}
    image_sizes.svg_size(_svg(tmp_path, own), memo)
    assert len(read_pack(memo.pack())) == 1


@pytest.mark.parametrize("bad", [b"", b"\x00" * 16, b"\x00" * 5, b"\xff" * 16])
def test_a_record_that_is_no_size_is_read_again_and_replaced(tmp_path: Path, bad: bytes) -> None:
    probe = _memo()
    image_sizes.svg_size(LOGO, probe)
    (key,) = read_pack(probe.pack())
    memo = _memo({key: bad})
    assert image_sizes.svg_size(LOGO, memo) == _size(LOGO)
    assert read_pack(memo.pack()) == read_pack(probe.pack())


PNG = Path(__file__).resolve().parents[1] / "data" / "logos" / "beispielverein-habesha.png"
LIMITS = (25_000_000, 20 << 20)


def _measured(path: Path, calls: list[Path]) -> tuple[int, int] | None:
    from PIL import Image

    calls.append(path)
    with Image.open(path) as image:
        image.load()
        return int(image.size[0]), int(image.size[1])


def test_a_recorded_pixel_size_is_pillows(tmp_path: Path) -> None:
    calls: list[Path] = []
    cold = _memo()
    size = image_sizes.raster_size(PNG, *LIMITS, lambda: _measured(PNG, calls), cold)
    assert size == _measured(PNG, [])
    copy = tmp_path / "copy.png"
    copy.write_bytes(PNG.read_bytes())
    warm = _memo(read_pack(cold.pack()))
    assert image_sizes.raster_size(copy, *LIMITS, lambda: _measured(copy, calls), warm) == size
    assert calls == [PNG] and (warm.hits, warm.misses) == (1, 0)
    other = _memo(read_pack(cold.pack()))  # other limits: another record
    image_sizes.raster_size(copy, LIMITS[0] - 1, LIMITS[1], lambda: _measured(copy, calls), other)
    assert calls == [PNG, copy]


def test_a_refused_image_is_never_recorded(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(PNG.read_bytes()[:200])
    memo = _memo()
    for _ in range(2):
        assert image_sizes.raster_size(broken, *LIMITS, lambda: None, memo) is None
    assert read_pack(memo.pack()) == {}


@pytest.mark.parametrize("bad", [b"", b"\x00" * 8, b"\x01\x00\x00\x00", b"\xff" * 8])
def test_a_record_that_is_no_pixel_size_is_measured_again(bad: bytes) -> None:
    probe = _memo()
    image_sizes.raster_size(PNG, *LIMITS, lambda: _measured(PNG, []), probe)
    (key,) = read_pack(probe.pack())
    calls: list[Path] = []
    memo = _memo({key: bad})
    assert image_sizes.raster_size(PNG, *LIMITS, lambda: _measured(PNG, calls), memo) == _measured(PNG, [])
    assert calls == [PNG]
    assert read_pack(memo.pack()) == read_pack(probe.pack())
