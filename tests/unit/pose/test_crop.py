"""Pose on a window around the person in very wide or tall frames."""

import numpy as np

from hingecoach.pose.crop import CroppingEstimator, window_starts
from hingecoach.pose.landmarks import PoseFrame


class BlockFinder:
    """A stand-in pose model: 'finds' a body where a white block is, in its own input."""

    model_name = "block"

    def __init__(self):
        self.inputs = []

    def estimate(self, rgb, *, index, t_s):
        self.inputs.append(rgb.shape[:2])
        height, width = rgb.shape[:2]
        ys, xs = np.nonzero(rgb[..., 0] == 255)
        if xs.size == 0:
            return PoseFrame(index=index, t_s=t_s, image_size=(width, height))
        xyz = np.zeros((33, 3))
        xyz[:, 0], xyz[:, 1] = xs.mean(), ys.mean()
        mask = (rgb[..., 0] == 255).astype(np.float32)
        return PoseFrame(
            index=index,
            t_s=t_s,
            image_size=(width, height),
            image_xyz_px=xyz,
            world_xyz_m=np.zeros((33, 3)),
            visibility=np.ones(33),
            segmentation_mask=mask,
        )

    def close(self):
        pass


def frame(width, height, block_x, block_y=None):
    rgb = np.zeros((height, width, 3), dtype=np.uint8)
    y = height // 2 if block_y is None else block_y
    rgb[y - 10 : y + 10, block_x - 10 : block_x + 10] = 255
    return rgb


def test_window_search_starts_in_the_middle():
    assert window_starts(1280, 640) == [320, 0, 640]
    assert window_starts(500, 640) == [0]


def test_ordinary_frames_are_not_cropped():
    inner = BlockFinder()
    pose = CroppingEstimator(inner).estimate(frame(640, 360, 500), index=0, t_s=0.0)
    assert inner.inputs == [(360, 640)] and abs(pose.image_xyz_px[0, 0] - 500) < 1


def test_a_person_at_the_side_of_a_very_wide_frame_is_found_and_followed():
    inner = BlockFinder()
    estimator = CroppingEstimator(inner)
    poses = [estimator.estimate(frame(1280, 360, 1100), index=i, t_s=i / 30) for i in range(3)]
    assert [p.detected for p in poses] == [False, False, True]  # middle, left, then right
    assert all(shape == (360, 640) for shape in inner.inputs)  # 16:9 windows
    found = poses[-1]
    assert found.image_size == (1280, 360)
    assert abs(found.image_xyz_px[0, 0] - 1100) < 1 and abs(found.image_xyz_px[0, 1] - 180) < 1
    assert found.segmentation_mask.shape == (360, 1280)
    assert found.segmentation_mask[180, 1100] == 1 and found.segmentation_mask[180, 300] == 0
    # Walking to the middle: the window follows, the person stays found.
    for i, x in enumerate(range(1100, 500, -40)):
        pose = estimator.estimate(frame(1280, 360, x), index=3 + i, t_s=(3 + i) / 30)
        assert pose.detected and abs(pose.image_xyz_px[0, 0] - x) < 1


def test_a_very_tall_frame_is_cropped_along_its_height():
    inner = BlockFinder()
    estimator = CroppingEstimator(inner)
    poses = [estimator.estimate(frame(200, 1000, 100, 150), index=i, t_s=i) for i in range(4)]
    found = [p for p in poses if p.detected]
    assert found and abs(found[0].image_xyz_px[0, 1] - 150) < 1
    assert all(shape[0] <= 356 for shape in inner.inputs)
