"""Phone videos carry a display-matrix rotation: frames must come out upright.

Expected pictures are FFmpeg's own autorotation, measured once with
``ffmpeg -i f.mp4 -f rawvideo -pix_fmt rgb24 -`` on files written like these: a stored
rotation of +90 (counter-clockwise) puts the stored top-left block at the bottom-left,
180 at the bottom-right, and 270 (stored by FFmpeg as -90) at the top-right. When ffmpeg
is installed, :func:`test_frames_match_ffmpeg_autorotation` repeats that comparison.
"""

import shutil
import subprocess

import numpy as np
import pytest

from hingecoach.source.video_file import iter_video_frames, probe_video
from tests.fixtures.media import (
    MARKER_BLOCK_HEIGHT,
    MARKER_BLOCK_WIDTH,
    MARKER_HEIGHT,
    MARKER_WIDTH,
    marker_frame,
    write_video,
)

W, H, BW, BH = MARKER_WIDTH, MARKER_HEIGHT, MARKER_BLOCK_WIDTH, MARKER_BLOCK_HEIGHT

# stored rotation -> (upright rotation_deg, upright (height, width), block rows, block cols)
EXPECTED = {
    0: (0, (H, W), (0, BH), (0, BW)),
    90: (90, (W, H), (W - BW, W), (0, BH)),  # bottom-left, block turned on its side
    180: (180, (H, W), (H - BH, H), (W - BW, W)),  # bottom-right
    270: (270, (W, H), (0, BW), (H - BH, H)),  # top-right
    -90: (270, (W, H), (0, BW), (H - BH, H)),  # -90 is the same turn as 270
}


@pytest.fixture(params=sorted(EXPECTED), ids=lambda r: f"rot{r}")
def rotated_video(request, tmp_path):
    rotation = request.param
    path = write_video(
        tmp_path / f"rot{rotation}.mp4", [marker_frame()] * 3, fps=10, rotation_deg=rotation
    )
    return rotation, path


def _block_mask(rgb):
    return rgb[..., 0] > 128


def test_frames_are_upright(rotated_video):
    rotation, path = rotated_video
    _, shape, (row0, row1), (col0, col1) = EXPECTED[rotation]
    frames = list(iter_video_frames(path))
    assert len(frames) == 3
    for frame in frames:
        assert frame.rgb.shape == (*shape, 3)
        expected = np.zeros(shape, dtype=bool)
        expected[row0:row1, col0:col1] = True
        assert np.array_equal(_block_mask(frame.rgb), expected)


def test_probe_reports_upright_size_and_rotation(rotated_video):
    rotation, path = rotated_video
    rotation_deg, (height, width), _, _ = EXPECTED[rotation]
    info = probe_video(path)
    assert (info.width, info.height) == (width, height)
    assert info.rotation_deg == rotation_deg


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_frames_match_ffmpeg_autorotation(rotated_video):
    _, path = rotated_video
    first = next(iter(iter_video_frames(path)))
    command = ["ffmpeg", "-v", "error", "-i", str(path), "-frames:v", "1"]
    raw = subprocess.run(
        [*command, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    assert len(raw) == first.rgb.size
    reference = np.frombuffer(raw, dtype=np.uint8).reshape(first.rgb.shape)
    assert np.array_equal(_block_mask(reference), _block_mask(first.rgb))
