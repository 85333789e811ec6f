"""Read an image's size from its JPEG or PNG header, before anything decodes it.

A 700-byte JPEG can declare 30000 x 30000 pixels; decoding it takes gigabytes. Live
frames are therefore checked here first: only JPEG and PNG, and at most
:data:`MAX_FRAME_PIXELS`.
"""

from __future__ import annotations

import struct

from hingecoach.errors import InputError

#: Largest live frame accepted: 4096 x 4096 = 16.8 MP (a 4K camera frame is 8.3 MP; the
#: page sends 640 px frames, so anything near this is not from it).
MAX_FRAME_PIXELS = 4096 * 4096
#: Longest side accepted (a 1 x 16M strip is as costly to decode as a square).
MAX_FRAME_SIDE_PX = 8192
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: JPEG start-of-frame markers (baseline, progressive, lossless, ...): not DHT/JPG/DAC.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _png_size(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise InputError("The frame's PNG header is broken; send JPEG frames from the page.")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            break
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            index += 2
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        if marker in _SOF_MARKERS:
            if index + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    raise InputError("The frame's JPEG header is broken; send JPEG frames from the page.")


def image_size_from_header(data: bytes) -> tuple[int, int]:
    """``(width, height)`` declared by a JPEG or PNG header, without decoding pixels.

    Raises
    ------
    InputError
        If the bytes are neither JPEG nor PNG, or the header is broken.
    """
    if data.startswith(_PNG_MAGIC):
        return _png_size(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    raise InputError("The frame is not a JPEG image; send JPEG bytes after the time stamp.")


def check_frame_header(data: bytes) -> tuple[int, int]:
    """Refuse a frame whose header declares too many pixels; return its ``(width, height)``.

    Raises
    ------
    InputError
        If the image is not JPEG/PNG, its header is broken, or it is over the limits.
    """
    width, height = image_size_from_header(data)
    if width == 0 or height == 0:
        raise InputError("The frame declares an empty picture (0 pixels); send camera frames.")
    if width * height > MAX_FRAME_PIXELS or max(width, height) > MAX_FRAME_SIDE_PX:
        raise InputError(
            f"The frame declares {width}x{height} pixels, over the "
            f"{MAX_FRAME_PIXELS / 1e6:.1f} MP limit; send frames of at most 4096x4096."
        )
    return width, height
