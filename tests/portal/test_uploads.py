"""Hostile logo uploads: SVG with script or outside references, pixel bombs, files lying about their type.

Each upload goes through the same path as the profile form: `read_upload` (size before reading) and
`check_logo_upload` (type by content, the core's image guard, a new file without metadata).
"""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from calendar_builder.media.svg import load_drawing
from calendar_builder.portal.logos import MAX_BYTES, LogoError, check_logo_upload, read_upload
from calendar_builder.portal.svgclean import clean_svg

from .conftest import ORG_A, PASSWORD

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">'
SQUARE = '<rect x="10" y="10" width="80" height="80" fill="#1f6f8b"/>'


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are matched in English (the interface default is German)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _png(size: tuple[int, int] = (400, 300), **save: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, format=save.pop("format", "PNG"), **save)
    return out.getvalue()


def _gps_jpeg() -> bytes:
    """A JPEG with GPS position, camera owner, an XMP packet and an ICC profile, rotated by its EXIF."""
    image = Image.new("RGB", (400, 320), "teal")
    image.paste((200, 30, 30), (0, 0, 400, 40))  # a red band on top, to see the rotation
    exif = Image.Exif()
    exif[0x013B] = "Vorstand Privat"  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (49.0, 24.0, 36.0), 3: "E", 4: (8.0, 40.0, 12.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><dc:creator>Vorstand Privat</dc:creator></rdf:RDF></x:xmpmeta>'
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), xmp=xmp, icc_profile=icc, quality=95)
    return out.getvalue()


def test_a_photo_loses_gps_exif_xmp_and_profile_but_keeps_its_orientation() -> None:
    upload = _gps_jpeg()
    with Image.open(io.BytesIO(upload)) as original:  # the fixture really carries what must go
        assert original.getexif().get_ifd(0x8825) and original.info.get("icc_profile") and original.info.get("xmp")
    checked = check_logo_upload(upload)
    assert checked.type == "image/png" and checked.suffix == ".png"
    assert b"Vorstand" not in checked.data and b"xmpmeta" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as out:
        assert not out.getexif() and not out.getexif().get_ifd(0x8825)
        assert set(out.info) <= {"dpi", "gamma"}, out.info
        assert out.size == (320, 400)  # turned upright as the camera meant it
        red, green, _ = out.convert("RGB").getpixel((out.width - 5, out.height // 2))
        assert red > 150 and green < 100  # the top band is now on the right


def test_png_text_chunks_and_profile_do_not_survive() -> None:
    from PIL import ImageCms, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Vorstand Privat")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 49.41 8.67</x:xmpmeta>")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    checked = check_logo_upload(_png(pnginfo=info, icc_profile=icc))
    assert b"Vorstand" not in checked.data and b"GPS" not in checked.data and b"iCCP" not in checked.data


@pytest.mark.parametrize(
    "svg",
    [
        f"{SVG_HEAD}<script>alert(1)</script>{SQUARE}</svg>",
        SVG_HEAD.replace("<svg ", '<svg onload="alert(1)" ') + SQUARE + "</svg>",
        f'{SVG_HEAD}<rect onclick="alert(1)" onmouseover="x()" width="50" height="50"/>{SQUARE}</svg>',
        f'{SVG_HEAD}<use xlink:href="https://evil.example/sprite.svg#icon"/>{SQUARE}</svg>',
        f'{SVG_HEAD}<use href="file:///etc/passwd"/>{SQUARE}</svg>',
        f'{SVG_HEAD}<foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" '
        f'src="https://evil.example/"/></foreignObject>{SQUARE}</svg>',
        f'{SVG_HEAD}<rect width="9" height="9" style="fill:url(https://evil.example/p.svg#p);stroke:#000"/>'
        f"{SQUARE}</svg>",
        f'{SVG_HEAD}<rect width="9" height="9" fill="url(\'https://evil.example/g.svg#g\')"/>{SQUARE}</svg>',
        f"{SVG_HEAD}<style>@import url(https://evil.example/a.css); rect {{ fill: url(//evil.example/x) }}</style>"
        f"{SQUARE}</svg>",
        f'{SVG_HEAD}<a xlink:href="javascript:alert(1)">{SQUARE}</a></svg>',
        f'{SVG_HEAD}<set attributeName="onmouseover" to="alert(1)"/><animate attributeName="href" '
        f'to="javascript:alert(1)"/>{SQUARE}</svg>',
        f'{SVG_HEAD}<linearGradient id="g" xlink:href="https://evil.example/g.svg#g"/>{SQUARE}</svg>',
    ],
    ids=[
        "script",
        "onload",
        "handlers",
        "use-external",
        "use-file",
        "foreign-object",
        "css-url-style",
        "url-attribute",
        "style-import",
        "javascript-link",
        "animation",
        "gradient-href",
    ],  # fmt: skip
)
def test_hostile_svg_is_cleaned_to_its_drawing(svg: str) -> None:
    checked = check_logo_upload(svg.encode())
    assert checked.type == "image/svg+xml"
    _assert_inert(checked.data)
    assert load_drawing_from(checked.data).width == pytest.approx(75.0)  # the square is still there, printable


def load_drawing_from(data: bytes) -> Any:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "logo.svg"
        path.write_bytes(data)
        return load_drawing(path)


def _assert_inert(data: bytes) -> None:
    """Nothing that runs or loads: checked on the parsed tree, element by element and attribute by attribute."""
    root = ET.fromstring(data)
    assert b"<!ENTITY" not in data and b"<!DOCTYPE" not in data
    for element in root.iter():
        name = element.tag.rpartition("}")[2]
        assert name not in ("script", "foreignObject", "iframe", "set", "animate", "a"), name
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2]
            assert not local.lower().startswith("on"), (name, attribute)
            assert "javascript:" not in value.lower() and "evil.example" not in value and "file:" not in value
            if local == "href":
                assert value.startswith("#")
        if name == "style":
            assert "@import" not in (element.text or "") and "evil" not in (element.text or "")


def test_the_shipped_two_colour_logo_survives_cleaning_unchanged_in_drawing() -> None:
    original = (FIXTURES / "logo-two-colours.svg").read_bytes()
    cleaned = clean_svg(original)
    before, after = load_drawing_from(original), load_drawing_from(cleaned)
    assert (before.width, before.height) == (after.width, after.height)
    assert len(before.getContents()) == len(after.getContents())
    assert clean_svg(cleaned) == cleaned  # cleaning twice changes nothing


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    '<script>alert(1)</script>', '<rect onload="alert(1)" width="1" height="1"/>',
    '<use xlink:href="https://evil.example/s.svg#a"/>', '<a xlink:href="javascript:alert(1)"><g/></a>',
    '<rect style="fill:url(http://evil.example/a)" width="1" height="1"/>', '<style>@import "http://evil.example";</style>',
    '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', SQUARE,
    '<g transform="translate(1,1)"><circle cx="5" cy="5" r="4" fill="#c00"/></g>',
    '<set attributeName="onclick" to="alert(1)"/>', '<path d="M0 0L10 10" stroke="#000" onmouseover="x()"/>',
]), max_size=8))  # fmt: skip
def test_any_mixture_of_hostile_parts_comes_out_inert(parts: list[str]) -> None:
    _assert_inert(clean_svg((SVG_HEAD + "".join(parts) + "</svg>").encode()))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "Expected a PNG, JPEG or SVG file"),
        (b"GIF89a" + b"\0" * 100, "Expected a PNG, JPEG or SVG file"),
        (b"PK\x03\x04" + b"\0" * 100, "Expected a PNG, JPEG or SVG file"),
        (b"<html><body><svg></svg></body></html>", "cannot be read"),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><title>&b;</title></svg>',
            "declares XML entities",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>Verein</text></svg>', "<text>"),
        (SVG_HEAD.encode() + b"<g>" * 20000 + b"</g>" * 20000 + b"</svg>", "nested more than 64 deep"),
        (SVG_HEAD.encode() + b'<rect width="1" height="1"/>' * 60000 + b"</svg>", "more than 50,000 elements"),
        (SVG_HEAD.encode() + b"<g>", "not well-formed XML (line 1"),
    ],
    ids=["pdf", "gif", "zip", "html", "entities", "svg-text", "deep", "many", "unclosed"],
)
def test_files_that_are_no_logo_are_refused_by_content(data: bytes, message: str) -> None:
    with pytest.raises(LogoError, match=message.replace("(", r"\(")):
        check_logo_upload(data)


def test_a_pdf_named_png_is_refused_through_the_form_path() -> None:
    upload = SimpleUploadedFile("logo.png", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", content_type="image/png")
    with pytest.raises(LogoError, match="Expected a PNG, JPEG or SVG"):
        check_logo_upload(read_upload(upload))


def _bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header declaring huge dimensions, with a tiny compressed body (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\0" * (1 + width) * 64, 9)  # 64 rows of zeros, far fewer than declared
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(60000, 60000), (20000, 20000), (5001, 1000)])
def test_pixel_bombs_are_refused_from_the_header(size: tuple[int, int]) -> None:
    data = _bomb_png(*size)
    assert len(data) < MAX_BYTES
    with pytest.raises(LogoError, match="pixels"):
        check_logo_upload(data)


def test_a_truncated_jpeg_is_refused() -> None:
    whole = _png((600, 600), format="JPEG", quality=90)
    with pytest.raises(LogoError, match="damaged|truncated"):
        check_logo_upload(whole[: len(whole) // 2])


def test_a_20_mb_upload_is_refused_before_it_is_read() -> None:
    class Huge:
        size = 20 * 1024 * 1024
        read_calls = 0

        def read(self, size: int = -1) -> bytes:
            self.read_calls += 1
            return b"\0" * (size if size >= 0 else self.size)

    huge = Huge()
    with pytest.raises(LogoError, match="2 MB"):
        read_upload(huge)
    assert huge.read_calls == 0
    undeclared = Huge()
    undeclared.size = None  # type: ignore[assignment]
    with pytest.raises(LogoError, match="2 MB"):
        read_upload(undeclared)  # read only up to the limit and one byte
    with pytest.raises(LogoError, match="2 MB"):
        check_logo_upload(_png() + b"\0" * (MAX_BYTES + 1))


def test_the_profile_form_stores_only_the_cleaned_logo(accounts: dict[str, Any]) -> None:
    from calendar_builder.portal.models import Change, Organisation
    from calendar_builder.portal.records import profile_record

    client = Client()
    client.login(username="mitglied-a", password=PASSWORD)
    org = Organisation.objects.get(slug=ORG_A)
    record = profile_record(org)
    form = {"name": record["name"], "short_name": record.get("short_name", ""), "description_de": "Ein Verein.",
            "logo_alt": "Ein blaues Quadrat"}  # fmt: skip
    svg = SVG_HEAD.replace("<svg ", '<svg onload="alert(1)" ') + f"<script>alert(2)</script>{SQUARE}</svg>"
    form["logo"] = SimpleUploadedFile("logo.png", svg.encode(), content_type="image/png")
    response = client.post(reverse("portal:edit-profile", args=[ORG_A]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = Change.objects.filter(organisation=org).latest("id")
    import base64

    stored = base64.b64decode(change.payload["logo_upload"]["data"])
    assert change.payload["logo_upload"]["type"] == "image/svg+xml"
    _assert_inert(stored)
    bomb = dict(form, logo=SimpleUploadedFile("logo.png", _bomb_png(60000, 60000), content_type="image/png"))
    response = client.post(reverse("portal:edit-profile", args=[ORG_A]), bomb)
    assert response.status_code == 200 and "pixels" in response.content.decode()
