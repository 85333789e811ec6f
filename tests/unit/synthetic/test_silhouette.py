"""The synthetic lifter's back as a mask: the spine's shape and the contour measured on it."""

import numpy as np
import pytest

from hingecoach.kinematics.back_contour import compute_dorsal_normal
from hingecoach.synthetic.silhouette import compute_spine_px, render_spine_mask

HIP, SHOULDER = np.array([200.0, 200.0]), np.array([340.0, 215.0])


@pytest.mark.parametrize("facing", [1, -1])
def test_spine_runs_from_hip_to_shoulder_and_bulges_out_of_the_back(facing):
    hip, shoulder = (HIP, SHOULDER) if facing == 1 else (SHOULDER, HIP)
    straight = compute_spine_px(hip, shoulder, 0.0, 0.0, facing)
    assert np.allclose(straight[0], hip) and np.allclose(straight[-1], shoulder)
    chord = (shoulder - hip) / np.hypot(*(shoulder - hip))
    normal = compute_dorsal_normal(chord, facing)
    assert np.allclose((straight - hip) @ normal, 0.0, atol=1e-9)
    for lumbar, thoracic in ((30.0, 0.0), (0.0, 30.0)):
        bent = compute_spine_px(hip, shoulder, lumbar, thoracic, facing)
        assert np.allclose(bent[-1], shoulder)
        assert ((bent - hip) @ normal).max() > 5.0  # a forward bend rounds the back outwards


def test_mask_covers_the_trunk_and_nothing_far_from_it():
    spine = compute_spine_px(HIP, SHOULDER, 10.0, 10.0, 1)
    mask = render_spine_mask(spine, 30.0, (500, 400), 1)
    assert mask.shape == (400, 500) and mask.dtype == np.float32
    x, y = np.round(spine[len(spine) // 2]).astype(int)
    assert mask[y, x] == 1.0
    assert mask[390, 10] == 0.0
    assert 0.0 < mask.mean() < 0.2
