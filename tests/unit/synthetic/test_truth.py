"""Ground truth agrees with the landmarks, and each fault moves the way it should."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.pose.landmarks import Landmark
from hingecoach.synthetic import SyntheticFault

from ._helpers import frame_at, mid, stack


def _unsigned_joint_flexion_deg(centre, proximal, distal):
    """180 minus the angle at ``centre``, computed with arccos as a reader would."""
    a, b = proximal - centre, distal - centre
    cosine = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return 180.0 - np.degrees(np.arccos(np.clip(cosine, -1, 1)))


def _inclination_from_up_deg(vector, facing):
    """Angle from up (y is down), sign from the horizontal component along facing."""
    up = np.array([0.0, -1.0])
    v = vector[:, :2]
    cosine = (v @ up) / np.linalg.norm(v, axis=1)
    return np.sign(facing * v[:, 0]) * np.degrees(np.arccos(np.clip(cosine, -1, 1)))


def _recompute(xyz, facing):
    hip = mid(xyz, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    knee = mid(xyz, Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE)
    ankle = mid(xyz, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE)
    shoulder = mid(xyz, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    leg = np.linalg.norm(hip - knee, axis=1) + np.linalg.norm(knee - ankle, axis=1)
    return {
        "hip_flexion_deg": _unsigned_joint_flexion_deg(hip, shoulder, knee),
        "knee_flexion_deg": _unsigned_joint_flexion_deg(knee, hip, ankle),
        "trunk_inclination_deg": _inclination_from_up_deg(shoulder - hip, facing),
        "shin_inclination_deg": _inclination_from_up_deg(knee - ankle, facing),
        "hip_shift_leg": -facing * (hip[:, 0] - ankle[:, 0]) / leg,
        "hip_height_leg": (ankle[:, 1] - hip[:, 1]) / leg,
    }


@pytest.mark.parametrize(
    ("fault", "facing"),
    [("none", 1), ("rounded_back", 1), ("squatting", 1), ("none", -1), ("hips_not_back", -1)],
)
@pytest.mark.parametrize("field", ["world_xyz_m", "image_xyz_px"])
def test_truth_matches_landmark_midpoints(synthetic_session_factory, fault, facing, field):
    session = synthetic_session_factory(fault, n_reps=2, facing=facing)
    recomputed = _recompute(stack(session, field), facing)
    for name, values in recomputed.items():
        np.testing.assert_allclose(getattr(session.truth, name), values, atol=1e-6, err_msg=name)


def test_truth_keeps_the_sign_of_hip_hyperextension(synthetic_session_factory):
    session = synthetic_session_factory("leaning_back", n_reps=2)
    truth = session.truth
    recomputed = _recompute(stack(session, "world_xyz_m"), 1)
    np.testing.assert_allclose(
        np.abs(truth.hip_flexion_deg), np.abs(recomputed["hip_flexion_deg"]), atol=1e-6
    )
    assert truth.hip_flexion_deg[frame_at(session, truth.rep_end_s[0])] < -10


def _at_bottom(session, name):
    frames = [frame_at(session, t) for t in session.truth.rep_bottom_s]
    return getattr(session.truth, name)[frames]


def test_good_hinge_is_in_the_expected_ranges(synthetic_session_factory):
    good = synthetic_session_factory("none")
    hip, knee = _at_bottom(good, "hip_flexion_deg"), _at_bottom(good, "knee_flexion_deg")
    assert np.all((hip > 80) & (hip < 90))
    assert np.all((knee > 15) & (knee < 25))
    assert np.all(np.abs(_at_bottom(good, "shin_inclination_deg")) <= 10)
    trunk = _at_bottom(good, "trunk_inclination_deg")
    assert np.all((trunk > 60) & (trunk < 75))
    assert np.all(_at_bottom(good, "spine_rounding_deg") <= 5)
    # The hips travel back by about a fifth of a leg or more, they do not just drop.
    assert np.all(_at_bottom(good, "hip_shift_leg") - good.truth.hip_shift_leg[0] > 0.2)


def test_squatting_bends_the_knees_and_tips_the_shins(synthetic_session_factory):
    good, squat = synthetic_session_factory("none"), synthetic_session_factory("squatting")
    knee = _at_bottom(squat, "knee_flexion_deg")
    shin = _at_bottom(squat, "shin_inclination_deg")
    assert np.all(knee > _at_bottom(good, "knee_flexion_deg").max() + 40)
    assert np.all((knee > 100) & (knee < 125))
    assert np.all(shin > _at_bottom(good, "shin_inclination_deg").max() + 15)
    assert np.all((shin > 35) & (shin < 48))
    assert np.all(_at_bottom(squat, "trunk_inclination_deg") < 35)
    assert np.all(_at_bottom(squat, "hip_height_leg") < _at_bottom(good, "hip_height_leg") - 0.2)


def test_rounded_back_bends_the_spine_and_shortens_the_trunk_chord(synthetic_session_factory):
    good, rounded = synthetic_session_factory("none"), synthetic_session_factory("rounded_back")
    rounding = _at_bottom(rounded, "spine_rounding_deg")
    assert np.all((rounding >= 30) & (rounding <= 40))
    assert np.all(rounding > _at_bottom(good, "spine_rounding_deg") + 25)
    world = stack(rounded, "world_xyz_m")
    chord = np.linalg.norm(
        mid(world, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
        - mid(world, Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
        axis=1,
    )
    bottoms = [frame_at(rounded, t) for t in rounded.truth.rep_bottom_s]
    assert np.all(chord[bottoms] < chord[0] - 0.01)


def test_shallow_flexes_the_hips_less(synthetic_session_factory):
    good, shallow = synthetic_session_factory("none"), synthetic_session_factory("shallow")
    peak = shallow.truth.hip_flexion_deg.max()
    assert peak < good.truth.hip_flexion_deg.max() - 30
    assert _at_bottom(shallow, "hip_flexion_deg").min() >= 44 and peak <= 52


def test_fast_lowers_in_half_a_second(synthetic_session_factory):
    good, fast = synthetic_session_factory("none"), synthetic_session_factory("fast")
    np.testing.assert_allclose(fast.truth.rep_bottom_s - fast.truth.rep_start_s, 0.5)
    np.testing.assert_allclose(good.truth.rep_bottom_s - good.truth.rep_start_s, 2.0)


def test_hips_not_back_shifts_less_and_tips_the_shins(synthetic_session_factory):
    good, fault = synthetic_session_factory("none"), synthetic_session_factory("hips_not_back")
    assert np.all(_at_bottom(fault, "hip_shift_leg") < _at_bottom(good, "hip_shift_leg") - 0.1)
    assert np.all(_at_bottom(fault, "shin_inclination_deg") > 10)


def test_leaning_back_ends_each_rep_behind_vertical(synthetic_session_factory):
    session = synthetic_session_factory(SyntheticFault.LEANING_BACK)
    ends = [frame_at(session, t) for t in session.truth.rep_end_s]
    trunk = session.truth.trunk_inclination_deg[ends]
    assert np.all((trunk <= -10) & (trunk >= -15))
    good = synthetic_session_factory("none")
    assert np.all(good.truth.trunk_inclination_deg[ends] > 0)


def test_rep_bottom_is_the_maximum_hip_flexion(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=3, pause_bottom_s=0.6)
    truth = session.truth
    reps = zip(truth.rep_start_s, truth.rep_bottom_s, truth.rep_end_s, strict=True)
    for start, bottom, end in reps:
        window = (truth.t_s >= start) & (truth.t_s <= end)
        peak = truth.hip_flexion_deg[window].max()
        np.testing.assert_allclose(truth.hip_flexion_deg[frame_at(session, bottom)], peak)
        # Standing at both ends of the rep.
        assert truth.hip_flexion_deg[frame_at(session, start)] < 1
        assert truth.hip_flexion_deg[frame_at(session, end)] < 1
