"""Every bad input gives one clear sentence and exit code 2, or a warning in the JSON.

Each test runs the real command line in a subprocess, on a file made inside the test, and
checks the exit code, that no traceback leaks out, and that the sentence names the problem.
"""

import json

import numpy as np
import pytest

from tests.fixtures.cli import run_hingecoach
from tests.fixtures.media import (
    clip_or_skip,
    noise_frames,
    read_clip_frames,
    truncate_file,
    write_audio,
    write_clip_cut,
    write_video,
)


def run_analyze(video, *args):
    return run_hingecoach("analyze", str(video), "--quiet", *args, timeout=180)


def assert_refused(done, *phrases):
    """Exit 2 with one sentence on stderr that contains every phrase."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    message = done.stderr.strip()
    assert message.count("\n") == 0, f"expected one line, got: {message!r}"
    for phrase in phrases:
        assert phrase in message, message


def analyze_to_json(video, tmp_path):
    json_path = tmp_path / "result.json"
    done = run_analyze(video, "--json", str(json_path))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(json_path.read_text())


def has_warning(data, phrase):
    return any(phrase in warning for warning in data["warnings"])


# --- files that are not usable videos ------------------------------------------------------


def test_missing_file(tmp_path):
    assert_refused(run_analyze(tmp_path / "nope.mp4"), "nope.mp4 does not exist")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.mp4"
    path.touch()
    assert_refused(run_analyze(path), "empty.mp4 is empty (0 bytes)")


def test_folder(tmp_path):
    assert_refused(run_analyze(tmp_path), "is a folder")


def test_text_file_named_mp4(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("3 x 5 deadlifts at 100 kg, felt good\n" * 40)
    assert_refused(run_analyze(path), "notes.mp4 could not be read as a video")


def test_audio_only(tmp_path):
    path = write_audio(tmp_path / "voice.m4a", seconds=1.0)
    assert_refused(run_analyze(path), "voice.m4a has no video stream", "holds audio")


def test_truncated_mp4(tmp_path):
    # An interrupted copy of an ordinary MP4 loses the index written at its end.
    whole = write_video(tmp_path / "whole.mp4", noise_frames(60, 64, 48))
    path = truncate_file(whole, tmp_path / "half.mp4")
    assert_refused(run_analyze(path), "half.mp4", "probably truncated or damaged")


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("zero.avi", "zero.avi has a video stream with no frames"),
        ("zero.mp4", "zero.mp4 holds no streams at all"),  # MP4 drops a track with no samples
    ],
)
def test_video_without_frames(tmp_path, name, sentence):
    path = write_video(tmp_path / name, [])
    assert_refused(run_analyze(path), sentence)


def test_single_frame(tmp_path):
    path = write_video(tmp_path / "one.mp4", noise_frames(1, 64, 48))
    assert_refused(run_analyze(path), "has 1 frame(s)")


def test_bad_model_option_is_a_usage_error(tmp_path):
    path = write_video(tmp_path / "one.mp4", noise_frames(1, 64, 48))
    done = run_analyze(path, "--model", "enormous")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--model" in done.stderr and "enormous" in done.stderr


def test_output_path_that_is_a_folder(tmp_path):
    done = run_hingecoach("demo", "--json", str(tmp_path), timeout=120)
    assert_refused(done, str(tmp_path), "is a folder; pass a file name to --json")


def test_no_person(tmp_path):
    frames = noise_frames(60, 320, 240, seed=1)
    frames[30:] = [np.full((240, 320, 3), 90, dtype=np.uint8)] * 30  # then a flat grey wall
    path = write_video(tmp_path / "empty_room.mp4", frames, fps=30)
    assert_refused(run_analyze(path), "No person was found in the video", "0 of 60 frames")


# --- real people, filmed badly: analysis goes on, with a warning ----------------------------

TBY66_GOOD = "tby66/0016c_1.mp4"  # 360x640 portrait, side view; first descent at ~1.8 s
#: Cuts keep at most 30 frames a second: a 60 fps clip's seconds of movement, half the pose.
CUT_FPS = 30


@pytest.mark.clips
@pytest.mark.slow
def test_person_who_never_hinges(tmp_path):
    path = write_clip_cut(
        clip_or_skip(TBY66_GOOD), tmp_path / "standing.mp4", stop_s=1.5, max_fps=CUT_FPS
    )
    data = analyze_to_json(path, tmp_path)
    assert data["rep_count"] == 0
    assert has_warning(data, "No hinge was seen")


@pytest.mark.clips
@pytest.mark.slow
def test_body_cut_off_by_the_frame_edge(tmp_path):
    def keep_top(rgb):  # the top 60 %: the lower legs and feet leave the picture
        return rgb[: int(rgb.shape[0] * 0.6) // 2 * 2]

    path = write_clip_cut(
        clip_or_skip(TBY66_GOOD),
        tmp_path / "cropped.mp4",
        stop_s=1.5,
        transform=keep_top,
        max_fps=CUT_FPS,
    )
    data = analyze_to_json(path, tmp_path)
    assert has_warning(data, "head or feet are outside the picture")


@pytest.mark.clips
@pytest.mark.slow
def test_front_view(tmp_path):
    path = write_clip_cut(
        clip_or_skip("sebitzu/squat.mp4"),
        tmp_path / "front.mp4",
        stop_s=2.0,
        scale=0.5,
        max_fps=CUT_FPS,
    )
    data = analyze_to_json(path, tmp_path)
    assert data["view"] == "front"
    assert has_warning(data, "Filmed from the front")


@pytest.mark.clips
@pytest.mark.slow
def test_two_people_side_by_side(tmp_path):
    left, fps = read_clip_frames(clip_or_skip(TBY66_GOOD), stop_s=2.5, max_fps=CUT_FPS)
    right, _ = read_clip_frames(clip_or_skip("tby66/0016k_1.mp4"), stop_s=2.5, max_fps=CUT_FPS)
    frames = [np.hstack([a, b[:, ::-1]]) for a, b in zip(left, right, strict=False)]
    path = write_video(tmp_path / "two.mp4", frames, fps=round(fps))
    data = analyze_to_json(path, tmp_path)
    assert has_warning(data, "A second person was seen in")
    assert has_warning(data, "film one person at a time")


@pytest.mark.clips
@pytest.mark.slow
def test_truncated_file_with_index_first_is_analysed_up_to_the_cut(tmp_path):
    whole = write_clip_cut(
        clip_or_skip(TBY66_GOOD),
        tmp_path / "whole.mp4",
        stop_s=3.0,
        container_options={"movflags": "faststart"},
        max_fps=CUT_FPS,
    )
    path = truncate_file(whole, tmp_path / "half.mp4")
    data = analyze_to_json(path, tmp_path)
    assert has_warning(data, "probably truncated")
    assert 0.5 < data["duration_s"] < 2.9
