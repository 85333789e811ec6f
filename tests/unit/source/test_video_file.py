"""source.video_file: upright frames, true timestamps, and one clear error per bad file."""

from fractions import Fraction

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.source.video_file import DecodeReport, iter_video_frames, probe_video
from tests.fixtures.media import (
    marker_frame,
    noise_frames,
    truncate_file,
    write_audio,
    write_video,
)


def gradient_frames(n_frames, width=64, height=48):
    """Frames whose brightness encodes their index, so each frame can be told apart."""
    return [np.full((height, width, 3), 10 + 8 * i, dtype=np.uint8) for i in range(n_frames)]


@pytest.fixture
def cfr_video(tmp_path):
    return write_video(tmp_path / "cfr.mp4", gradient_frames(12), fps=24)


def test_constant_rate_timestamps_are_index_over_fps(cfr_video):
    frames = list(iter_video_frames(cfr_video))
    assert [f.index for f in frames] == list(range(12))
    np.testing.assert_allclose([f.t_s for f in frames], np.arange(12) / 24, atol=1e-9)


def test_frames_are_decoded_in_order_and_read_only(cfr_video):
    frames = list(iter_video_frames(cfr_video))
    brightness = [float(f.rgb.mean()) for f in frames]
    np.testing.assert_allclose(brightness, 10 + 8 * np.arange(12), atol=3)
    assert all(f.rgb.shape == (48, 64, 3) and f.rgb.dtype == np.uint8 for f in frames)
    with pytest.raises(ValueError, match="read-only"):
        frames[0].rgb[0, 0, 0] = 1


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_variable_frame_rate_times_are_the_pts_times(tmp_path, suffix):
    pts_ms = [0, 33, 50, 120, 130, 200, 260, 270, 400, 433]  # uneven gaps, 10-130 ms
    path = write_video(
        tmp_path / f"vfr{suffix}",
        gradient_frames(len(pts_ms)),
        fps=30,
        pts=pts_ms,
        time_base=Fraction(1, 1000),
    )
    t_s = np.array([f.t_s for f in iter_video_frames(path)])
    np.testing.assert_allclose(t_s, np.array(pts_ms) / 1000, atol=1e-9)
    assert np.all(np.diff(t_s) > 0)
    # Not index / fps: a constant-rate reading would be off by up to 100 ms here.
    assert np.max(np.abs(t_s - np.arange(len(pts_ms)) / 30)) > 0.05


def test_timestamps_start_at_zero_and_increase_strictly(tmp_path):
    pts = [3000, 3001, 3004, 3010, 3011, 3030]  # a stream that does not start at 0
    path = write_video(
        tmp_path / "late.mkv", gradient_frames(len(pts)), pts=pts, time_base=Fraction(1, 100)
    )
    t_s = np.array([f.t_s for f in iter_video_frames(path)])
    np.testing.assert_allclose(t_s, (np.array(pts) - 3000) / 100, atol=1e-9)
    assert t_s[0] == 0.0 and np.all(np.diff(t_s) > 0)


def test_probe_reports_the_stream(cfr_video):
    info = probe_video(cfr_video)
    assert (info.width, info.height) == (64, 48)
    assert info.fps == pytest.approx(24)
    assert info.frame_count == 12
    assert info.duration_s == pytest.approx(0.5, abs=0.05)
    assert info.rotation_deg == 0
    assert info.codec == "h264"


def test_report_counts_frames_and_has_no_warning_for_a_sound_file(cfr_video):
    report = DecodeReport()
    assert sum(1 for _ in iter_video_frames(cfr_video, report)) == 12
    assert report.frames_decoded == 12
    assert report.warnings == [] and not report.broke_off


def test_rotated_frames_have_upright_shape(tmp_path):
    path = write_video(tmp_path / "r.mp4", [marker_frame()] * 2, rotation_deg=-90)
    assert all(f.rgb.shape == (64, 48, 3) for f in iter_video_frames(path))


# --- bad files: each gives one InputError sentence naming the problem --------------------


def read_all(path):
    return list(iter_video_frames(path))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"does not exist; pass the path of a video file\."):
        probe_video(tmp_path / "nope.mp4")


def test_folder(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_all(tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.mp4"
    path.touch()
    with pytest.raises(InputError, match=r"is empty \(0 bytes\)"):
        probe_video(path)


def test_text_file_named_mp4(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("these are my training notes, not a video\n" * 20)
    with pytest.raises(InputError, match="could not be read as a video"):
        probe_video(path)


@pytest.mark.parametrize("name", ["tone.wav", "tone.m4a"])
def test_audio_only(tmp_path, name):
    path = write_audio(tmp_path / name)
    with pytest.raises(InputError, match=r"has no video stream \(it holds audio\)"):
        probe_video(path)
    with pytest.raises(InputError, match="has no video stream"):
        read_all(path)


def test_video_stream_without_frames(tmp_path):
    # MP4 drops a track with no samples; AVI keeps the stream, so it shows this case.
    path = write_video(tmp_path / "zero.avi", [])
    with pytest.raises(InputError, match="has a video stream with no frames"):
        probe_video(path)
    with pytest.raises(InputError, match="has a video stream with no frames"):
        read_all(path)


def test_mp4_without_frames_holds_no_streams(tmp_path):
    path = write_video(tmp_path / "zero.mp4", [])
    with pytest.raises(InputError, match="holds no streams at all"):
        probe_video(path)


def test_mp4_cut_before_its_index_is_called_truncated(tmp_path):
    # Muxers write the MP4 index (moov) last, so a half-copied file has none.
    whole = write_video(tmp_path / "whole.mp4", noise_frames(30, 64, 48))
    path = truncate_file(whole, tmp_path / "half.mp4")
    with pytest.raises(InputError, match="probably truncated or damaged"):
        probe_video(path)


@pytest.mark.parametrize("decoder_threads", [True, False])
@pytest.mark.parametrize(
    ("name", "options"),
    [("fast.mp4", {"movflags": "faststart"}), ("whole.mkv", None)],
)
def test_file_cut_after_its_index_yields_the_start_and_a_warning(
    tmp_path, name, options, decoder_threads
):
    # One decoding thread meets the broken last frame that FFmpeg's frame threads hide;
    # either way the warning says the file was cut off.
    whole = write_video(
        tmp_path / name, noise_frames(60, 64, 48), fps=30, container_options=options
    )
    path = truncate_file(whole, tmp_path / f"half_{name}")
    report = DecodeReport()
    frames = list(iter_video_frames(path, report, decoder_threads=decoder_threads))
    assert 10 < len(frames) < 60
    assert len(report.warnings) == 1
    assert "probably truncated" in report.warnings[0]
    assert "declares 2.0 s" in report.warnings[0]


def test_frames_are_scaled_down_to_fit_max_side_and_keep_their_picture(tmp_path):
    frame = np.zeros((96, 128, 3), dtype=np.uint8)
    frame[:, :64] = 200  # left half bright
    path = write_video(tmp_path / "big.mp4", [frame] * 3, fps=10)
    scaled = list(iter_video_frames(path, max_side_px=64))
    assert scaled[0].rgb.shape == (48, 64, 3)
    assert scaled[0].rgb[:, :28].mean() > 150 and scaled[0].rgb[:, 36:].mean() < 50
    assert next(iter(iter_video_frames(path, max_side_px=500))).rgb.shape == (96, 128, 3)
