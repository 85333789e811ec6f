"""The Tasks backend on a real clip: same reps as legacy, body found, masks for the tape."""

import pytest
from benchmarks.clips import CLIPS_DIR

from hingecoach.analysis.video import analyze_video
from hingecoach.pose.backends import PoseBackend
from hingecoach.pose.second_person import SecondPersonDetector
from hingecoach.pose.tasks_backend import default_models_dir

pytestmark = [
    pytest.mark.skipif(not CLIPS_DIR.is_dir(), reason="../shared/clips is not present"),
    pytest.mark.skipif(
        not (default_models_dir() / "pose_landmarker_full.task").is_file(),
        reason="the Tasks model is not installed (make setup installs it)",
    ),
    pytest.mark.clips,
    pytest.mark.slow,
]


def test_tasks_backend_counts_and_measures_a_real_deadlift(monkeypatch: pytest.MonkeyPatch):
    def legacy_graph(*args, **kwargs):
        raise AssertionError("the Tasks backend started the legacy second-person graph")

    # The Tasks landmarker sees other people itself, also inside the cropping wrapper
    # (mediapipe 0.10.30+ on CPython 3.13 has no legacy graph to start).
    monkeypatch.setattr(SecondPersonDetector, "_detect", legacy_graph)
    result = analyze_video(CLIPS_DIR / "bichraix" / "good014.mp4", backend=PoseBackend.TASKS)
    assert result.rep_count == 1
    assert result.model.startswith("mediapipe-tasks-pose")
    assert result.provenance["pose_backend"] == "tasks"
    # Tracking coverage floor: the legacy backend finds the body in 111/111 frames here.
    assert result.frames_with_person >= 0.95 * result.frames
    # The segmentation masks reach the back contour: the tape has readings.
    assert result.tape is not None
