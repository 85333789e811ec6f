"""pose.second_person: box, painting, scheduling and the warning, without MediaPipe."""

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.pose.landmarks import N_LANDMARKS, Landmark, PoseFrame
from hingecoach.pose.second_person import (
    SecondPersonDetector,
    SecondPersonParams,
    compute_check_frame,
    compute_check_step,
    compute_person_box_px,
    compute_torso_visibility,
    second_person_warning,
)


def landmarks_in_box(x0, y0, x1, y1):
    """33 landmarks spread over the box, with its corners among them."""
    xyz = np.zeros((N_LANDMARKS, 3))
    xyz[:, 0] = np.linspace(x0, x1, N_LANDMARKS)
    xyz[:, 1] = np.linspace(y1, y0, N_LANDMARKS)
    return xyz


def pose_at(index, xyz=None, size=(200, 100)):
    return PoseFrame(index=index, t_s=index / 30, image_size=size, image_xyz_px=xyz)


@pytest.mark.parametrize(
    ("fps", "every_s", "step"), [(30, 1.0, 30), (59.94, 1.0, 60), (0.0, 1.0, 30), (5, 0.1, 1)]
)
def test_check_step(fps, every_s, step):
    assert compute_check_step(fps, every_s) == step


def test_box_is_padded_and_clipped():
    xyz = landmarks_in_box(50, 20, 150, 80)
    assert compute_person_box_px(xyz, (200, 100), pad=0.0) == (50, 20, 150, 80)
    assert compute_person_box_px(xyz, (200, 100), pad=0.1) == (40, 14, 160, 86)
    assert compute_person_box_px(xyz, (120, 60), pad=0.1) == (40, 14, 120, 60)


def test_box_ignores_nan_and_is_none_when_outside_or_empty():
    xyz = landmarks_in_box(50, 20, 150, 80)
    xyz[0] = np.nan
    assert compute_person_box_px(xyz, (200, 100), pad=0.0) is not None
    assert compute_person_box_px(np.full((33, 3), np.nan), (200, 100), pad=0.1) is None
    outside = landmarks_in_box(300, 20, 400, 80)
    assert compute_person_box_px(outside, (200, 100), pad=0.1) is None


def test_check_frame_paints_the_box_with_the_mean_colour():
    rgb = np.zeros((100, 200, 3), dtype=np.uint8)
    rgb[:, 100:] = 200  # mean colour 100
    painted = compute_check_frame(rgb, (10, 20, 30, 40), max_side_px=640)
    assert painted.shape == rgb.shape
    assert np.all(painted[20:40, 10:30] == 100)
    assert np.array_equal(painted[:20], rgb[:20]) and np.array_equal(painted[40:], rgb[40:])
    assert rgb.max() == 200 and rgb[20:40, 10:30].max() == 0  # the input is untouched


def test_check_frame_keeps_every_factor_th_pixel_of_a_large_frame():
    rows, cols = np.meshgrid(np.arange(1080), np.arange(1920), indexing="ij")
    rgb = np.stack([rows % 251, cols % 251, np.zeros_like(rows)], axis=-1).astype(np.uint8)
    small = compute_check_frame(rgb, (300, 90, 600, 300), max_side_px=640)
    assert small.shape == (360, 640, 3)  # factor 3
    expected = rgb[::3, ::3].copy()
    expected[30:100, 100:200] = small[50, 150]
    assert np.array_equal(small, expected)
    assert small.flags.c_contiguous and not np.shares_memory(small, rgb)


def test_torso_visibility_reads_shoulders_and_hips():
    visibility = np.zeros(N_LANDMARKS)
    visibility[[Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER]] = 1.0
    visibility[Landmark.NOSE] = 1.0
    assert compute_torso_visibility(visibility) == pytest.approx(0.5)


def test_warning_sentence():
    assert second_person_warning(1, 5, min_seen=2) is None
    assert second_person_warning(3, 5, min_seen=2) == (
        "A second person was seen in 3 of 5 checked frames; film one person at a time, "
        "or the wrong person may be measured."
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"every_s": 0.0},
        {"box_pad": -0.1},
        {"min_detection_confidence": 1.0},
        {"min_torso_visibility": 0.0},
        {"min_seen_checks": 0},
        {"model_complexity": 2},
        {"max_side_px": 10},
    ],
)
def test_params_reject_bad_values(bad):
    with pytest.raises(InputError, match=next(iter(bad))):
        SecondPersonParams(**bad)


class ScriptedDetector(SecondPersonDetector):
    """The real scheduling, with the MediaPipe call replaced by a script of answers."""

    def __init__(self, fps, answers, params=None):
        super().__init__(fps, params)
        self.answers = iter(answers)
        self.shapes = []

    def _detect(self, rgb):
        self.shapes.append(rgb.shape)
        found = next(self.answers)
        return None if found is None else np.full(N_LANDMARKS, found)


def test_detector_checks_once_per_interval_on_tracked_frames_only():
    rgb = np.zeros((100, 200, 3), dtype=np.uint8)
    body = landmarks_in_box(50, 20, 150, 80)
    detector = ScriptedDetector(10, answers=[0.9, None, 0.2, 0.95])
    for index in range(40):
        tracked = index not in (10, 11)  # lost when the second check falls due
        detector.update(rgb, pose_at(index, body if tracked else None))
    # checks at 0, at 12 (due at 10, lost until 12), at 22 and at 32
    assert detector.checked == 4
    assert detector.seen == 2  # 0.9 and 0.95 count; None and 0.2 do not
    assert detector.shapes == [(100, 200, 3)] * 4
    assert "2 of 4 checked frames" in detector.warning()


def test_detector_without_checks_starts_no_model_and_gives_no_warning():
    detector = SecondPersonDetector(30)
    detector.update(np.zeros((10, 10, 3), dtype=np.uint8), pose_at(0))  # nobody tracked
    assert detector.checked == 0 and detector.warning() is None
    detector.close()  # nothing to release
