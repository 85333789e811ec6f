"""The second-person check finds a person pasted beside the tracked one, on either API.

As in ``test_bad_input.py``: two real side-view clips side by side (the second mirrored)
make a picture with two people; the left clip alone is the control with one. The tracked
person's poses come from the Tasks landmarker (the one backend every interpreter has);
each check then paints that person over and looks for anyone else, through the legacy
per-image graph (CPython 3.11/3.12) or the Tasks landmarker (all, and the only one on 3.13).
"""

import json
import logging

import cv2
import numpy as np
import pytest

from hingecoach.analysis.parallel import ParallelParams, track_video_parallel
from hingecoach.analysis.video import track_video
from hingecoach.pose import backends
from hingecoach.pose.backends import PoseBackend, legacy_available
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.second_person import SecondPersonDetector, SecondPersonParams
from hingecoach.pose.second_person_tasks import TasksSecondPersonDetector
from hingecoach.pose.tasks_backend import TasksPoseEstimator, default_models_dir
from hingecoach.web.live import LiveWorker
from tests.fixtures.media import clip_or_skip, read_clip_frames, write_video

LEFT, RIGHT = "tby66/0016c_1.mp4", "tby66/0016k_1.mp4"
#: Checks twice a second over 2.5 s: five or six checks a picture.
PARAMS = SecondPersonParams(every_s=0.5)

pytestmark = [
    pytest.mark.skipif(
        not (default_models_dir() / "pose_landmarker_full.task").is_file(),
        reason="the Tasks model is not installed (make setup installs it)",
    ),
    pytest.mark.clips,
    pytest.mark.slow,
]

DETECTORS = [
    pytest.param(
        SecondPersonDetector,
        id="legacy",
        marks=pytest.mark.skipif(not legacy_available(), reason="mediapipe has no legacy API"),
    ),
    pytest.param(TasksSecondPersonDetector, id="tasks"),
]


def _tracked(frames, fps):
    """Each frame with the pose of the one person the landmarker follows."""
    with TasksPoseEstimator(PoseModel.FULL, num_poses=1) as estimator:
        return [
            (rgb, estimator.estimate(rgb, index=k, t_s=k / fps)) for k, rgb in enumerate(frames)
        ]


@pytest.fixture(scope="module")
def scenes():
    left, fps = read_clip_frames(clip_or_skip(LEFT), stop_s=2.5, max_fps=30)
    right, _ = read_clip_frames(clip_or_skip(RIGHT), stop_s=2.5, max_fps=30)
    two = [np.hstack([a, b[:, ::-1]]) for a, b in zip(left, right, strict=False)]
    return {"two": (_tracked(two, fps), fps), "one": (_tracked(left, fps), fps)}


def _check(detector_type, scene):
    tracked, fps = scene
    with detector_type(fps, PARAMS) as detector:
        for rgb, pose in tracked:
            detector.update(rgb, pose)
    return detector


@pytest.mark.parametrize("detector_type", DETECTORS)
def test_a_second_person_is_reported(scenes, detector_type):
    detector = _check(detector_type, scenes["two"])
    assert detector.checked >= 4
    # Measured: the pasted person is found in every check with either API.
    assert detector.seen >= detector.checked - 1
    assert "film one person at a time" in (detector.warning() or "")


@pytest.mark.parametrize("detector_type", DETECTORS)
def test_one_person_alone_gives_no_warning(scenes, detector_type):
    detector = _check(detector_type, scenes["one"])
    assert detector.checked >= 4
    assert detector.seen == 0 and detector.warning() is None


def test_the_live_page_asks_for_one_person_without_the_legacy_api(scenes, monkeypatch, tmp_path):
    # As on CPython 3.13 (mediapipe 0.10.30+): the set-up check runs on the Tasks API.
    monkeypatch.setattr(backends, "legacy_available", lambda: False)
    worker = LiveWorker(lambda: TasksPoseEstimator(PoseModel.FULL, segmentation=True))
    tracked, fps = scenes["two"]
    answers = []
    for k, (rgb, _) in enumerate(tracked):
        jpeg = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))[1].tobytes()
        answers.append(json.dumps(worker.process(jpeg, (k + 1) / fps)))
    detector = worker._detector
    assert isinstance(detector, TasksSecondPersonDetector)
    assert detector.seen >= 1  # checked during set-up only, once every 15 frames
    assert any("Only one person in the picture, please." in answer for answer in answers)
    worker.finish(tmp_path)  # closes the session and the check's landmarker


def test_two_tasks_workers_warn_exactly_as_one_pass(scenes, tmp_path, caplog):
    # The landmarker counts the people itself; each worker counts from its own first
    # frame (not its lead-in), so the runs add up to one pass's count and sentence.
    tracked, fps = scenes["two"]
    video = write_video(tmp_path / "two.mp4", (rgb for rgb, _ in tracked), fps=round(fps))
    one_pass = track_video(video, backend=PoseBackend.TASKS)
    with caplog.at_level(logging.WARNING, logger="hingecoach.analysis.parallel"):
        runs = track_video_parallel(
            video,
            workers=2,
            parallel=ParallelParams(overlap_s=0.5, min_chunk_s=1.0),
            backend=PoseBackend.TASKS,
        )
    assert not caplog.records  # the two runs joined (no fall-back to one pass)
    crowd = [w for w in one_pass.warnings if "second person" in w]
    assert crowd and crowd == [w for w in runs.warnings if "second person" in w]
