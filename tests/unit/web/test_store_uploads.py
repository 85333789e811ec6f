import json

import cv2
import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.web.live import decode_jpeg
from hingecoach.web.store import save_set
from hingecoach.web.uploads import check_video, safe_filename


def test_save_set_writes_json_and_no_partial_file(tmp_path):
    path = save_set(tmp_path / "sets", {"rep_count": 3, "reps": []})
    assert path.parent == tmp_path / "sets" and path.name.startswith("set-")
    record = json.loads(path.read_text())
    assert record["rep_count"] == 3 and record["saved_at_utc"].endswith("Z")
    assert not list((tmp_path / "sets").glob("*.part"))


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("my set.mp4", "my_set.mp4"),
        ("../../etc/passwd", "passwd"),
        ("", "video"),
        (None, "video"),
        ("..", "video"),
    ],
)
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def test_check_video_refuses_a_text_file(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("hello")
    with pytest.raises(InputError, match=r"^notes.mp4 is not a video"):
        check_video(path, "notes.mp4")


def test_decode_jpeg_gives_rgb_and_shrinks_large_frames():
    bgr = np.zeros((1080, 1920, 3), dtype=np.uint8)
    bgr[..., 2] = 255  # red in BGR order
    _, data = cv2.imencode(".jpg", bgr)
    rgb = decode_jpeg(data.tobytes(), max_side_px=960)
    assert rgb.shape == (540, 960, 3)
    assert rgb[..., 0].mean() > 240 and rgb[..., 2].mean() < 15


def test_decode_jpeg_refuses_garbage():
    with pytest.raises(InputError, match="not a JPEG"):
        decode_jpeg(b"garbage")
