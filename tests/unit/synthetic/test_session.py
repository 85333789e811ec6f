"""The public entry point: conventions, rep layout, mirroring, degradation, validation."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.pose.landmarks import Landmark
from hingecoach.synthetic import SyntheticFault, SyntheticSession, synthetic_session

from ._helpers import frame_at, mid, stack

FAULTS = [fault.value for fault in SyntheticFault]


def test_frames_carry_33_landmarks_and_regular_times(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=2, fps=25.0)
    assert isinstance(session, SyntheticSession)
    assert session.fps == 25.0 and session.fault is SyntheticFault.NONE
    for index, frame in enumerate(session.frames):
        assert frame.index == index
        assert frame.t_s == pytest.approx(index / 25.0)
        assert frame.image_size == (1280, 720)
        assert frame.image_xyz_px.shape == (33, 3)
        assert frame.world_xyz_m.shape == (33, 3)
        assert frame.visibility.shape == (33,)
    np.testing.assert_allclose(session.truth.t_s, np.arange(len(session.frames)) / 25.0)


def test_world_origin_is_mid_hip_and_y_points_down(synthetic_session_factory):
    world = stack(synthetic_session_factory("squatting", n_reps=2), "world_xyz_m")
    assert np.abs(mid(world, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)).max() < 1e-9
    # Head above hips above feet: smaller y is higher.
    assert np.all(world[:, Landmark.NOSE, 1] < 0)
    assert np.all(world[:, Landmark.LEFT_ANKLE, 1] > 0.3)
    assert np.all(world[:, Landmark.LEFT_HEEL, 1] > world[:, Landmark.LEFT_ANKLE, 1])


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("image_size", [(1280, 720), (720, 1280)])
def test_image_landmarks_stay_inside_the_frame(synthetic_session_factory, fault, image_size):
    session = synthetic_session_factory(fault, n_reps=1, image_size=image_size, facing=-1)
    image = stack(session, "image_xyz_px")
    width, height = image_size
    assert image[..., 0].min() > 0 and image[..., 0].max() < width
    assert image[..., 1].min() > 0 and image[..., 1].max() < height


def test_standing_person_fills_most_of_the_image_height(synthetic_session_factory):
    image = synthetic_session_factory("none", n_reps=1).frames[0].image_xyz_px
    eye_to_heel_px = image[Landmark.LEFT_HEEL, 1] - image[Landmark.LEFT_EYE, 1]
    assert 0.55 * 720 < eye_to_heel_px < 0.75 * 720
    # Feet on a floor line near the bottom.
    assert 0.85 * 720 < image[Landmark.LEFT_HEEL, 1] < 720


def test_near_side_faces_the_camera_and_is_more_visible(synthetic_session_factory):
    for facing, near, far in [(1, "RIGHT", "LEFT"), (-1, "LEFT", "RIGHT")]:
        session = synthetic_session_factory("none", n_reps=1, facing=facing)
        assert session.truth.side == near.lower() and session.truth.facing == facing
        frame = session.frames[10]
        for joint in ("HIP", "SHOULDER", "KNEE", "ANKLE", "EAR"):
            near_mark, far_mark = Landmark[f"{near}_{joint}"], Landmark[f"{far}_{joint}"]
            assert frame.world_xyz_m[near_mark, 2] < 0 < frame.world_xyz_m[far_mark, 2]
            assert frame.image_xyz_px[near_mark, 2] < 0
            assert 0.95 <= frame.visibility[near_mark] <= 0.99
            assert 0.5 <= frame.visibility[far_mark] <= 0.8


def test_facing_left_mirrors_x_and_turns_the_body_round(synthetic_session_factory):
    right = synthetic_session_factory("rounded_back", n_reps=1)
    left = synthetic_session_factory("rounded_back", n_reps=1, facing=-1)
    world_r, world_l = stack(right, "world_xyz_m"), stack(left, "world_xyz_m")
    np.testing.assert_allclose(world_l[..., 0], -world_r[..., 0], atol=1e-12)
    np.testing.assert_allclose(world_l[..., 1], world_r[..., 1], atol=1e-12)
    np.testing.assert_allclose(world_l[..., 2], -world_r[..., 2], atol=1e-12)
    image_r, image_l = stack(right, "image_xyz_px"), stack(left, "image_xyz_px")
    np.testing.assert_allclose(image_l[..., 0], 1280 - image_r[..., 0], atol=1e-9)
    np.testing.assert_allclose(left.truth.hip_flexion_deg, right.truth.hip_flexion_deg)
    # Facing right, the nose is to the right of the ears.
    assert np.all(world_r[:, Landmark.NOSE, 0] > world_r[:, Landmark.RIGHT_EAR, 0])


@pytest.mark.parametrize("n_reps", [0, 1, 4])
def test_n_reps_gives_that_many_truth_reps(synthetic_session_factory, n_reps):
    truth = synthetic_session_factory("none", n_reps=n_reps).truth
    assert truth.n_reps == n_reps
    assert truth.rep_bottom_s.shape == truth.rep_end_s.shape == (n_reps,)
    assert np.all(truth.rep_start_s < truth.rep_bottom_s)
    assert np.all(truth.rep_bottom_s < truth.rep_end_s)
    assert np.all(truth.rep_end_s[:-1] < truth.rep_start_s[1:])
    # About a second of standing before the first rep and after the last.
    if n_reps:
        assert truth.rep_start_s[0] == pytest.approx(1.0)
        assert truth.t_s[-1] - truth.rep_end_s[-1] == pytest.approx(1.0, abs=0.05)


def test_start_at_bottom_makes_the_first_rep_a_rise(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=3, start_at_bottom=True)
    truth = session.truth
    assert truth.n_reps == 3
    assert truth.rep_start_s[0] == 0 and truth.rep_bottom_s[0] == 0
    assert truth.rep_end_s[0] == pytest.approx(1.5)
    assert truth.hip_flexion_deg[0] > 80
    assert truth.hip_flexion_deg[frame_at(session, truth.rep_end_s[0])] < 1


def test_final_partial_lowering_is_not_a_rep(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=2, final_partial=True)
    truth = session.truth
    assert truth.n_reps == 2
    after = truth.t_s > truth.rep_end_s[-1] + 0.1
    peak = truth.hip_flexion_deg[after].max()
    assert 20 < peak < 0.8 * truth.hip_flexion_deg.max()
    # It never returns: the session ends at the partial depth.
    assert truth.hip_flexion_deg[-1] == pytest.approx(peak)


def test_dropout_loses_frames_in_short_bursts(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=3, dropout_fraction=0.2)
    detected = np.array([frame.detected for frame in session.frames])
    assert detected[0] and detected[-1]
    assert (~detected).mean() == pytest.approx(0.2, abs=0.01)
    lost = [frame for frame in session.frames if not frame.detected]
    assert all(f.world_xyz_m is None and f.visibility is None for f in lost)
    assert all(f.image_size == (1280, 720) for f in lost)
    edges = np.diff(np.concatenate([[0], (~detected).astype(int), [0]]))
    burst_lengths = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    assert burst_lengths.min() >= 1 and burst_lengths.max() <= 5
    assert len(burst_lengths) > 5


def test_noise_perturbs_landmarks_but_not_the_truth(synthetic_session_factory):
    clean = synthetic_session_factory("none", n_reps=2)
    noisy = synthetic_session_factory("none", n_reps=2, noise_px=3.0)
    difference = stack(noisy, "image_xyz_px") - stack(clean, "image_xyz_px")
    assert difference.std() == pytest.approx(3.0, rel=0.05)
    world = stack(noisy, "world_xyz_m")
    assert np.abs(mid(world, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)).max() < 1e-9
    np.testing.assert_array_equal(noisy.truth.hip_flexion_deg, clean.truth.hip_flexion_deg)


def test_same_seed_gives_identical_sessions_and_another_seed_does_not():
    kwargs = {"n_reps": 2, "noise_px": 2.0, "dropout_fraction": 0.1}
    first = synthetic_session("squatting", seed=7, **kwargs)
    second = synthetic_session("squatting", seed=7, **kwargs)
    other = synthetic_session("squatting", seed=8, **kwargs)
    for field in ("image_xyz_px", "world_xyz_m", "visibility"):
        np.testing.assert_array_equal(stack(first, field), stack(second, field))
    np.testing.assert_array_equal(first.truth.hip_flexion_deg, second.truth.hip_flexion_deg)
    assert not np.array_equal(first.truth.hip_flexion_deg, other.truth.hip_flexion_deg)


def test_arrays_are_read_only(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=1)
    with pytest.raises(ValueError, match="read-only"):
        session.truth.hip_flexion_deg[0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        session.frames[0].world_xyz_m[0, 0] = 1.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"fault": "deadbug"}, "Unknown synthetic fault 'deadbug'"),
        ({"n_reps": -1}, "n_reps is -1"),
        ({"n_reps": 2.5}, "n_reps is 2.5"),
        ({"fps": 0.0}, "fps is 0.0"),
        ({"fps": float("nan")}, "fps is nan"),
        ({"noise_px": -1.0}, "noise_px is -1.0"),
        ({"dropout_fraction": 1.0}, r"dropout_fraction is 1.0; pass a fraction in \[0, 1\)"),
        ({"dropout_fraction": -0.1}, "dropout_fraction is -0.1"),
        ({"lowering_s": 0.0}, "lowering_s is 0.0; pass a positive time"),
        ({"rising_s": -1.0}, "rising_s is -1.0"),
        ({"pause_top_s": -0.5}, "pause_top_s is -0.5; pass a non-negative time"),
        ({"pause_bottom_s": float("inf")}, "pause_bottom_s is inf"),
        ({"facing": 0}, "facing is 0"),
        ({"image_size": (0, 720)}, r"image_size is \(0, 720\)"),
        ({"n_reps": 0, "start_at_bottom": True}, "start_at_bottom needs a rep"),
    ],
)
def test_bad_arguments_raise_input_error(kwargs, match):
    with pytest.raises(InputError, match=match):
        synthetic_session(**kwargs)
