"""Generators of hostile files: images, SVGs, PDFs, calendars and spreadsheets, each small to make and bad to read."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

import pikepdf
from PIL import Image

# -- images ------------------------------------------------------------------------------------------------------


def png(width: int = 300, height: int = 300, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels, with a few bytes of data (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 4096))
            + _chunk(b"IEND", b""))  # fmt: skip


def png_bomb(side: int = 20_000) -> bytes:
    """A real PNG of side × side black pixels: 1.2 GB decoded, a few hundred kB on disk."""
    row = b"\0" + b"\0" * (side * 3)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def truncated_png() -> bytes:
    whole = png(600, 600, (10, 120, 200))
    return whole[: len(whole) // 2]


def jpeg_truncated() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((800, 800), 60).convert("RGB").save(buffer, "JPEG", quality=95)
    whole = buffer.getvalue()
    return whole[: len(whole) // 3]


# -- SVG ---------------------------------------------------------------------------------------------------------

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" '
SQUARE = '<rect x="0" y="0" width="10" height="10" fill="#c00"/>'


def svg(attributes: str, body: str = SQUARE) -> bytes:
    return f"{SVG_HEAD}{attributes}>{body}</svg>\n".encode()


def svg_many_elements(count: int = 60_000) -> bytes:
    return svg('viewBox="0 0 10 10"', SQUARE * count)


def svg_entity_laughs() -> bytes:
    entities = '<!ENTITY a "lollollollollollollollollollol">'
    for level in range(1, 10):
        previous = chr(ord("a") + level - 1)
        entities += f'<!ENTITY {chr(ord("a") + level)} "{("&" + previous + ";") * 10}">'
    return (f'<?xml version="1.0"?><!DOCTYPE svg [{entities}]>'
            f'{SVG_HEAD}viewBox="0 0 10 10"><title>&j;</title>{SQUARE}</svg>').encode()  # fmt: skip


# -- PDF ---------------------------------------------------------------------------------------------------------


def _save(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _deflated(chunks: Iterator[bytes]) -> bytes:
    compressor = zlib.compressobj(9)
    return b"".join(compressor.compress(c) for c in chunks) + compressor.flush()


def _flate_stream(pdf: pikepdf.Pdf, data: bytes, **keys: object) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(data, filter=pikepdf.Name.FlateDecode)
    for key, value in keys.items():
        stream[f"/{key}"] = value
    return stream


def pdf_page(content: bytes = b"0 0 m 10 10 l S", pages: int = 1) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(842, 1191))
        pdf.pages[-1].obj.Contents = pdf.make_stream(content)
    return _save(pdf)


def pdf_content_bomb(megabytes: int = 1024) -> bytes:
    """One page whose content stream inflates to `megabytes` MB of spaces."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(842, 1191))
    data = _deflated(b" " * (1 << 20) for _ in range(megabytes))
    pdf.pages[0].obj.Contents = _flate_stream(pdf, data)
    return _save(pdf)


def pdf_huge_image(width: int = 60_000, height: int = 60_000) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(842, 1191))
    image = _flate_stream(pdf, b"\0" * 1024, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=width,
                          Height=height, ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8)  # fmt: skip
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(b"q 800 0 0 1100 20 40 cm /Im0 Do Q")
    return _save(pdf)


def pdf_image_data_bomb() -> bytes:
    """A 100 × 100 CMYK image whose Flate data inflates to 1 GB."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(842, 1191))
    data = _deflated(b"\0" * (1 << 20) for _ in range(1024))
    image = _flate_stream(pdf, data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=100,
                          Height=100, ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8)  # fmt: skip
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(b"q 100 0 0 100 20 40 cm /Im0 Do Q")
    return _save(pdf)


def pdf_profile_bomb() -> bytes:
    """An output intent whose ICC profile inflates to 1 GB."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(842, 1191))
    profile = _flate_stream(pdf, _deflated(b"\0" * (1 << 20) for _ in range(1024)), N=4)
    intent = pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, DestOutputProfile=profile,
                                OutputConditionIdentifier=pikepdf.String("FOGRA39"))  # fmt: skip
    pdf.Root.OutputIntents = pikepdf.Array([intent])
    return _save(pdf)


def pdf_tounicode_bomb() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(842, 1191))
    cmap = _flate_stream(pdf, _deflated(b"\0" * (1 << 20) for _ in range(1024)))
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                              ToUnicode=cmap)  # fmt: skip
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 100 100 Td (Hallo) Tj ET")
    return _save(pdf)


def pdf_many_operators(operators: int = 1_500_000) -> bytes:
    return pdf_page(b"q Q " * (operators // 2))


def pdf_self_drawing_form() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(842, 1191))
    form = pikepdf.Stream(pdf, b"/Fm0 Do")
    form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 10, 10]
    form = pdf.make_indirect(form)
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
    page.obj.Contents = pdf.make_stream(b"/Fm0 Do")
    return _save(pdf)


def pdf_contents_not_a_stream() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(842, 1191))
    pdf.pages[0].obj.Contents = 42
    return _save(pdf)


def pdf_encrypted() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(842, 1191))
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(owner="o", user="u"))
    return buffer.getvalue()


def pdf_truncated() -> bytes:
    whole = pdf_page(b"0 0 m 100 100 l S " * 2000, pages=3)
    return whole[: len(whole) // 2]


# -- calendars and spreadsheets ---------------------------------------------------------------------------------


def ics(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n".replace("\n", "\r\n").replace("\r\r", "\r")
                   for e in events)  # fmt: skip
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//DE\r\n{head}{body}END:VCALENDAR\r\n".encode()


def vevent(uid: str = "a@x", start: str = "20270107T190000", summary: str = "Treff", extra: str = "") -> str:
    lines = [f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"DTSTART;TZID=Europe/Berlin:{start}", f"SUMMARY:{summary}"]
    return "\n".join(lines) + ("\n" + extra.strip() if extra.strip() else "")


def ics_many(count: int) -> bytes:
    return ics(*(vevent(f"e{i}@x", f"2027{1 + i % 12:02d}{1 + i % 28:02d}T190000", f"Treffen {i}")
                 for i in range(count)))  # fmt: skip


CSV_HEAD = "Titel;Datum;Beginn;Ort;Beschreibung;Link;Wiederholung;Wiederholung bis;Ausnahmen\n"


def csv_rows(*rows: str) -> bytes:
    return (CSV_HEAD + "".join(r + "\n" for r in rows)).encode("utf-8")


def csv_many(count: int) -> bytes:
    row = "Treffen;07.01.2027;19:00;Raum;;;;;\n"
    return (CSV_HEAD + row * count).encode("utf-8")
