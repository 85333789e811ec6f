"""Kinematics from landmarks against the synthetic model's ground truth."""

import numpy as np
import pytest

from hingecoach.kinematics.angles import (
    compute_counting_signals,
    compute_joint_flexion_deg,
    compute_kinematics,
    compute_signed_hip_flexion_deg,
)
from hingecoach.kinematics.series import LandmarkSeries

CHANNELS = (
    "hip_flexion_deg",
    "knee_flexion_deg",
    "trunk_inclination_deg",
    "shin_inclination_deg",
)


def test_joint_flexion_of_hand_built_points():
    proximal = np.array([[0.0, -1.0], [0.0, -1.0], [1.0, 0.0]])
    joint = np.zeros((3, 2))
    distal = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]])
    assert compute_joint_flexion_deg(proximal, joint, distal) == pytest.approx([0, 90, 180])


def test_signed_hip_flexion_is_negative_when_leaning_back():
    hip = np.array([[0.0, 0.0], [0.0, 0.0]])
    knee = np.array([[0.0, 10.0], [0.0, 10.0]])
    shoulder = np.array([[5.0, -8.66], [-5.0, -8.66]])  # 30° forward / 30° back, facing +x
    assert compute_signed_hip_flexion_deg(shoulder, hip, knee, facing=1) == pytest.approx(
        [30.0, -30.0], abs=0.01
    )
    assert compute_signed_hip_flexion_deg(shoulder, hip, knee, facing=-1) == pytest.approx(
        [-30.0, 30.0], abs=0.01
    )


@pytest.mark.parametrize("fault", ["none", "squatting", "rounded_back", "leaning_back"])
@pytest.mark.parametrize("facing", [1, -1])
def test_angles_match_ground_truth_within_one_degree(synthetic_session_factory, fault, facing):
    session = synthetic_session_factory(fault, facing=facing)
    series = LandmarkSeries.from_pose_frames(session.frames)
    kinematics = compute_kinematics(series.t_s, series.image_xyz_px, facing)
    truth = session.truth
    for name in CHANNELS:
        error = np.abs(getattr(kinematics, name) - getattr(truth, name))
        assert np.nanmax(error) < 1.0, name
    shift_error = np.abs(kinematics.hip_shift_leg - truth.hip_shift_leg)
    assert np.nanmax(shift_error) < 0.01


def test_counting_signals_are_unsigned_and_agree_between_image_and_world(
    synthetic_session_factory,
):
    session = synthetic_session_factory("none")
    series = LandmarkSeries.from_pose_frames(session.frames)
    hip_image, trunk_image = compute_counting_signals(
        series.image_xyz_px, series.world_xyz_m, use_world=False
    )
    hip_world, trunk_world = compute_counting_signals(
        series.image_xyz_px, series.world_xyz_m, use_world=True
    )
    assert np.nanmin(hip_image) >= 0 and np.nanmin(trunk_image) >= 0
    assert np.nanmax(np.abs(hip_image - np.abs(session.truth.hip_flexion_deg))) < 1.0
    assert np.nanmax(np.abs(hip_world - hip_image)) < 1.0
    assert np.nanmax(np.abs(trunk_world - trunk_image)) < 1.0
