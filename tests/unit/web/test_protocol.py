import math
import struct

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.web.protocol import error_message, json_safe, pack_frame, parse_frame


def test_frame_round_trip():
    frame = parse_frame(pack_frame(1234.5, b"\xff\xd8jpeg"))
    assert frame.t_ms == 1234.5
    assert frame.jpeg == b"\xff\xd8jpeg"


def test_short_frame_is_refused():
    with pytest.raises(InputError, match="too short"):
        parse_frame(b"\x00" * 8)


def test_oversized_frame_is_refused():
    with pytest.raises(InputError, match="over the 100-byte limit"):
        parse_frame(pack_frame(1.0, b"x" * 200), max_bytes=100)


@pytest.mark.parametrize("t_ms", [math.nan, math.inf, -5.0])
def test_frame_time_must_be_a_time(t_ms):
    with pytest.raises(InputError, match="not a time"):
        parse_frame(struct.pack("<d", t_ms) + b"jpeg")


def test_json_safe_turns_nan_and_numpy_into_plain_values():
    value = {"a": math.nan, "b": [np.float64(1.5), np.int64(3)], "c": (math.inf,)}
    assert json_safe(value) == {"a": None, "b": [1.5, 3], "c": [None]}


def test_error_message_shape():
    assert error_message("Bad.") == {"type": "error", "message": "Bad."}
