from __future__ import annotations

import struct
import zlib

import pytest

from amparo.retention.shareable import NotAnImage, shareable_copy

GPS = b"GPSLatitude 34.0522 N GPSLongitude 118.2437 W"


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _jpeg() -> bytes:
    return (b"\xff\xd8" + _segment(0xE0, b"JFIF\x00\x01\x01") + _segment(0xE1, b"Exif\x00\x00" + GPS)
            + _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:gps/>") + _segment(0xFE, b"taken by Ana")
            + _segment(0xDB, b"\x00" + bytes(64)) + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
            + b"\x12\x34\xff\x00\x56" + b"\xff\xd9")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png() -> bytes:
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + _chunk(b"eXIf", b"MM\x00*" + GPS) + _chunk(b"tEXt", b"Comment\x00" + GPS)
            + _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + _chunk(b"IEND", b""))


def test_it_strips_exif_xmp_and_comments_from_a_jpeg_and_keeps_the_pixels():
    original = _jpeg()
    copy = shareable_copy(original)
    assert GPS not in copy and b"Exif" not in copy and b"adobe" not in copy and b"Ana" not in copy
    assert copy.startswith(b"\xff\xd8" + _segment(0xE0, b"JFIF\x00\x01\x01"))
    assert copy.endswith(b"\x12\x34\xff\x00\x56\xff\xd9")  # the scan is copied byte for byte
    assert GPS in original  # the evidence original is not touched


def test_it_strips_exif_and_text_chunks_from_a_png():
    copy = shareable_copy(_png())
    assert GPS not in copy and b"eXIf" not in copy and b"tEXt" not in copy
    assert b"IHDR" in copy and b"IDAT" in copy and copy.endswith(_chunk(b"IEND", b""))


@pytest.mark.parametrize("data", [b"GIF89a...", b"\xff\xd8\xff\xe1\xff\xff", b"", b"%PDF-1.7"])
def test_it_refuses_what_it_cannot_clean(data):
    with pytest.raises(NotAnImage):
        shareable_copy(data)
