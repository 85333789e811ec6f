"""The per-frame pipeline of ``analyze_video``: pose, then the side work in order, elsewhere."""

import threading

import numpy as np

from hingecoach.analysis.video import estimate_poses
from hingecoach.kinematics.back_contour import measure_back_contour
from hingecoach.pose.landmarks import Landmark, PoseFrame
from tests.fixtures.back import HINGED, SIZE, render_trunk_mask
from tests.fixtures.media import marker_frame, write_video

N_FRAMES = 24


def _facing_right(points):
    """The hinged landmarks with toes and nose pointing to image +x (both facing cues +1)."""
    points = points.copy()
    for heel, toe in (
        (Landmark.LEFT_HEEL, Landmark.LEFT_FOOT_INDEX),
        (Landmark.RIGHT_HEEL, Landmark.RIGHT_FOOT_INDEX),
    ):
        points[heel, :2] = (190.0, 380.0)
        points[toe, :2] = (230.0, 380.0)
    points[Landmark.LEFT_EAR, :2] = points[Landmark.RIGHT_EAR, :2] = (370.0, 215.0)
    points[Landmark.NOSE, :2] = (390.0, 220.0)
    return points


LANDMARKS = _facing_right(HINGED)
MASK = render_trunk_mask(LANDMARKS, 1, 10.0, SIZE)


class FakeEstimator:
    """Every frame shows the same hinged trunk facing +x, with its mask."""

    model_name = "fake"

    def __init__(self):
        self.threads = set()

    def estimate(self, rgb, *, index, t_s):
        self.threads.add(threading.get_ident())
        return PoseFrame(
            index=index,
            t_s=t_s,
            image_size=SIZE,
            image_xyz_px=LANDMARKS,
            world_xyz_m=np.zeros((33, 3)),
            visibility=np.ones(33),
            segmentation_mask=MASK,
        )

    def close(self):
        pass


class RecordingSecondPerson:
    """Records the frames it sees and the thread it sees them on."""

    def __init__(self):
        self.indices, self.threads = [], set()

    def update(self, rgb, pose):
        assert rgb.ndim == 3 and pose.segmentation_mask is not None
        self.indices.append(pose.index)
        self.threads.add(threading.get_ident())


def _run(tmp_path):
    path = write_video(tmp_path / "v.mp4", [marker_frame()] * N_FRAMES)
    estimator, second = FakeEstimator(), RecordingSecondPerson()
    contours = []
    poses = estimate_poses(path, estimator, second_person=second, contours=contours)
    return poses, contours, estimator, second


def test_side_work_sees_every_frame_in_order_off_the_pose_thread(tmp_path):
    poses, contours, estimator, second = _run(tmp_path)
    assert [p.index for p in poses] == list(range(N_FRAMES))
    assert all(p.segmentation_mask is None for p in poses)
    assert second.indices == list(range(N_FRAMES))
    assert not second.threads & estimator.threads
    assert len(contours) == N_FRAMES


def test_the_back_is_measured_for_the_running_facing_only_once_it_is_clear(tmp_path):
    _, contours, _, _ = _run(tmp_path)
    right = measure_back_contour(MASK, LANDMARKS, 1)
    left = measure_back_contour(MASK, LANDMARKS, -1)
    assert right.confidence > 0.5
    for pair in contours:
        # The facing every frame votes for is always measured, exactly as before.
        assert np.array_equal(pair[0].points_xy_px, right.points_xy_px, equal_nan=True)
        assert pair[0].sagitta_ratio == right.sagitta_ratio
    # Each frame votes +2; from a lead of 20 votes (the 10th frame) the other side is
    # left unmeasured.
    for pair in contours[:9]:
        assert np.array_equal(pair[1].depth_px, left.depth_px, equal_nan=True)
    for pair in contours[9:]:
        assert pair[1].confidence == 0.0 and np.isnan(pair[1].sagitta_ratio)
        assert np.isnan(pair[1].points_xy_px).all()
