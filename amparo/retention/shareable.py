"""Copies of photos shared outside the organization carry no metadata.

The evidence original is kept as received (its hash proves it unaltered); a
copy given to a lawyer, a journalist or the public goes through
``shareable_copy``, which removes EXIF (GPS position, camera serial, time),
XMP, IPTC and comments. No Pillow: the containers are walked, the pixels are
not touched (no re-encoding, no quality loss)."""

from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks that carry metadata rather than the image: EXIF, text (may hold GPS or names), time.
PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
# JPEG segments kept before the scan: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform).
JPEG_KEEP_APP = {0xE0, 0xE2, 0xEE}


class NotAnImage(ValueError):
    """Not a JPEG or PNG this module can clean: do not share it."""


def shareable_copy(data: bytes) -> bytes:
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    raise NotAnImage("only JPEG and PNG copies can be cleaned for sharing")


def _jpeg(data: bytes) -> bytes:
    out = bytearray(b"\xff\xd8")
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise NotAnImage("malformed JPEG segment")
        marker = data[i + 1] if i + 1 < len(data) else 0
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:  # end of image
            out += data[i:i + 2]
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out += data[i:i + 2]
            i += 2
            continue
        if i + 4 > len(data):
            raise NotAnImage("truncated JPEG")
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        end = i + 2 + length
        if length < 2 or end > len(data):
            raise NotAnImage("truncated JPEG segment")
        if marker == 0xDA:  # start of scan: the compressed image runs to the end, copied unchanged
            out += data[i:]
            return bytes(out)
        is_app = 0xE0 <= marker <= 0xEF
        if not (is_app and marker not in JPEG_KEEP_APP) and marker != 0xFE:  # 0xFE: comment
            out += data[i:end]
        i = end
    return bytes(out)


def _png(data: bytes) -> bytes:
    out = bytearray(PNG_SIGNATURE)
    i = len(PNG_SIGNATURE)
    while i + 8 <= len(data):
        (length,) = struct.unpack(">I", data[i:i + 4])
        kind = data[i + 4:i + 8]
        end = i + 12 + length
        if end > len(data):
            raise NotAnImage("truncated PNG chunk")
        if kind not in PNG_DROP:
            out += data[i:end]
        i = end
        if kind == b"IEND":
            break
    return bytes(out)
