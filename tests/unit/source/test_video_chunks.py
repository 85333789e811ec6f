"""A run of frames decoded from the middle of a file equals the same frames read in one pass."""

from fractions import Fraction

import av
import numpy as np
import pytest

from hingecoach.source.video_chunks import frame_timestamps, iter_frame_run
from hingecoach.source.video_file import DecodeReport, iter_video_frames
from tests.fixtures.media import noise_frames


def write_gop_video(path, frames, pts, time_base, gop):
    """H.264 with a keyframe every ``gop`` frames and B-frames (pts out of decode order)."""
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=60)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        stream.time_base = stream.codec_context.time_base = time_base
        stream.options = {"g": str(gop), "keyint_min": str(gop), "bf": "2", "sc_threshold": "0"}
        for rgb, stamp in zip(frames, pts, strict=True):
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            frame.pts, frame.time_base = stamp, time_base
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    """90 frames at a variable rate, a keyframe every 20, so a seek lands mid-file."""
    path = tmp_path_factory.mktemp("chunks") / "vfr.mkv"
    steps = np.tile([1, 2, 1, 3], 23)[:90]
    pts = np.concatenate([[0], np.cumsum(steps[:-1])]).tolist()
    return write_gop_video(path, noise_frames(90, 64, 48), pts, Fraction(1, 60), gop=20)


def test_the_video_has_keyframes_mid_file(video):
    with av.open(str(video)) as container:
        keyframes = sum(p.is_keyframe for p in container.demux(video=0) if p.size)
    assert keyframes >= 4


def test_timestamps_index_every_frame(video):
    pts = frame_timestamps(video)
    assert pts is not None and len(pts) == 90
    assert np.all(np.diff(pts) > 0)


@pytest.mark.parametrize(("first", "stop"), [(0, 30), (37, 61), (70, 90)])
def test_a_run_matches_the_one_pass_frames(video, first, stop):
    whole = list(iter_video_frames(video))
    report = DecodeReport()
    run = list(iter_frame_run(video, frame_timestamps(video), first, stop, report))
    assert [frame.index for frame in run] == list(range(first, stop))
    assert [frame.t_s for frame in run] == pytest.approx([f.t_s for f in whole[first:stop]])
    for ours, theirs in zip(run, whole[first:stop], strict=True):
        np.testing.assert_array_equal(ours.rgb, theirs.rgb)
    assert report.frames_decoded == stop - first and not report.broke_off
