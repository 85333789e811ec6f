"""The live WebSocket protocol: frame messages in, JSON out (no I/O here).

A frame is one binary message: an 8-byte little-endian float64 capture time in
milliseconds (the page's ``performance.now()``), then the JPEG bytes. The server answers
each frame with one JSON text message that echoes ``t_ms``, so the page sends the next
frame only after the answer (one frame in flight: frames are dropped, never queued).
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import Any

from hingecoach.errors import InputError

#: Bytes of the capture-time header.
HEADER_BYTES = 8
#: Largest frame message accepted (a 1280x720 JPEG at quality 0.9 is about 300 kB).
MAX_FRAME_BYTES = 2_000_000
#: Largest text (control) message accepted.
MAX_TEXT_BYTES = 4_096


@dataclass(frozen=True, slots=True)
class FrameMessage:
    """A parsed frame: capture time and the JPEG bytes."""

    t_ms: float
    jpeg: bytes


def parse_frame(data: bytes, *, max_bytes: int = MAX_FRAME_BYTES) -> FrameMessage:
    """Split a binary frame message into its capture time and JPEG bytes.

    Parameters
    ----------
    data : bytes
        The whole WebSocket message.
    max_bytes : int
        Size limit of the message.

    Returns
    -------
    FrameMessage

    Raises
    ------
    InputError
        If the message is too short, too large or its time is not a finite number >= 0.
    """
    if len(data) > max_bytes:
        raise InputError(
            f"A frame of {len(data)} bytes is over the {max_bytes}-byte limit; send smaller JPEGs."
        )
    if len(data) <= HEADER_BYTES:
        raise InputError(
            f"A frame of {len(data)} bytes is too short; send an 8-byte time stamp, then a JPEG."
        )
    (t_ms,) = struct.unpack("<d", data[:HEADER_BYTES])
    if not math.isfinite(t_ms) or t_ms < 0:
        raise InputError(f"The frame time {t_ms} is not a time; send milliseconds >= 0.")
    return FrameMessage(t_ms, bytes(data[HEADER_BYTES:]))


def pack_frame(t_ms: float, jpeg: bytes) -> bytes:
    """Build a binary frame message (the inverse of :func:`parse_frame`; for tests)."""
    return struct.pack("<d", t_ms) + jpeg


def error_message(text: str) -> dict[str, str]:
    """The JSON answer to a message the server could not use."""
    return {"type": "error", "message": text}


def json_safe(value: Any) -> Any:
    """Turn NaN/inf into None and numpy scalars into Python numbers, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return json_safe(value.item())
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return value
