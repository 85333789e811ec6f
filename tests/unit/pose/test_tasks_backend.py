"""The Tasks backend: following one person, the others-in-view warning, model files."""

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.pose.backends import others_in_view_warning
from hingecoach.pose.landmarks import N_LANDMARKS, Landmark
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.tasks_backend import (
    TasksPoseEstimator,
    _Candidate,
    choose_person,
    default_models_dir,
    task_model_path,
)


def _person(centre_xy, size_px):
    """A square 'body' of 33 landmarks spread over size_px around centre_xy."""
    rng = np.random.default_rng(0)
    xy = np.asarray(centre_xy) + (rng.random((N_LANDMARKS, 2)) - 0.5) * size_px
    image = np.column_stack([xy, np.zeros(N_LANDMARKS)])
    return _Candidate(image, np.zeros((N_LANDMARKS, 3)), np.ones(N_LANDMARKS), None)


def test_the_largest_person_is_followed_at_the_start():
    small, large = _person((100, 100), 50), _person((400, 300), 200)
    assert choose_person([small, large], None) == 1


def test_the_person_nearest_to_the_last_torso_is_followed_even_when_smaller():
    small, large = _person((100, 100), 50), _person((400, 300), 200)
    last_torso = small.image_xyz_px[
        [Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP],
        :2,
    ] + 5.0
    assert choose_person([large, small], last_torso) == 1


def test_others_in_view_warn_after_a_second_of_frames_only():
    assert others_in_view_warning(10, 300, fps=30.0) is None
    warning = others_in_view_warning(45, 300, fps=30.0)
    assert warning is not None and "15%" in warning
    assert others_in_view_warning(0, 0, fps=30.0) is None


def test_only_the_full_model_has_a_task_bundle(tmp_path: Path):
    with pytest.raises(InputError, match="no lite model"):
        task_model_path(PoseModel.LITE, tmp_path)
    with pytest.raises(InputError, match="not installed"):
        task_model_path(PoseModel.FULL, tmp_path)
    (tmp_path / "pose_landmarker_full.task").write_bytes(b"x")
    assert task_model_path(PoseModel.FULL, tmp_path).name == "pose_landmarker_full.task"


class _TwoPeopleLandmarker:
    """Answers every frame with two people, as the landmarker would (no model run)."""

    def detect_for_video(self, image, timestamp_ms):
        def person(x):
            return [SimpleNamespace(x=x, y=k / 40, z=0.0, visibility=0.9) for k in range(33)]

        return SimpleNamespace(
            pose_landmarks=[person(0.2), person(0.7)],
            pose_world_landmarks=[person(0.0), person(0.0)],
            segmentation_masks=None,
        )

    def close(self):
        pass


@pytest.mark.skipif(
    not (default_models_dir() / "pose_landmarker_full.task").is_file(),
    reason="the Tasks model is not installed (make setup installs it)",
)
def test_a_parallel_runs_lead_in_is_not_counted_for_other_people():
    estimator = TasksPoseEstimator(PoseModel.FULL)
    estimator._landmarker.close()
    estimator._landmarker = _TwoPeopleLandmarker()
    estimator.count_from(5)  # frames 0-4 are the previous run's, which counts them
    rgb = np.zeros((40, 40, 3), dtype=np.uint8)
    poses = [estimator.estimate(rgb, index=k, t_s=k / 30) for k in range(12)]
    estimator.close()
    assert all(pose.detected for pose in poses)  # every frame is tracked, lead-in too
    assert (estimator.frames_with_others, estimator.frames_seen) == (7, 7)
