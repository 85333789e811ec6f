"""Set assessment: view gating, scores, focus, B-stance checks."""

import dataclasses

import numpy as np

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.form.assess import assess_set
from hingecoach.form.bstance import (
    compute_kickstand_share,
    compute_pelvis_yaw_deg,
    detect_kickstand_side,
)
from hingecoach.form.findings import FaultCode
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View
from hingecoach.pose.landmarks import Landmark


def analysed(synthetic_session_factory, fault, **kwargs):
    session = synthetic_session_factory(fault, n_reps=3, **kwargs)
    series = LandmarkSeries.from_pose_frames(session.frames)
    return series, analyze_landmarks(series, model_name="t")


def test_front_view_reports_sagittal_faults_as_not_checked(synthetic_session_factory):
    _, result = analysed(synthetic_session_factory, "squatting")
    front = dataclasses.replace(result.view, view=View.FRONT)
    form = assess_set(result.reps, result.kinematics, front)
    assert form.set_faults == ()
    unchecked = {item.code for item in form.not_checked}
    assert {FaultCode.SQUATTING, FaultCode.ROUNDED_BACK, FaultCode.LEANING_BACK} <= unchecked
    assert all("side or oblique" in item.reason for item in form.not_checked)


def test_tape_peaks_drive_rounded_back_and_lower_the_score(synthetic_session_factory):
    _, result = analysed(synthetic_session_factory, "none")
    clean = assess_set(result.reps, result.kinematics, result.view, tape_peaks=[(10.0, 0.9)] * 3)
    rounded = assess_set(result.reps, result.kinematics, result.view, tape_peaks=[(90.0, 0.9)] * 3)
    assert clean.set_faults == () and clean.score == 100
    assert rounded.set_faults == (FaultCode.ROUNDED_BACK,)
    assert rounded.focus.code is FaultCode.ROUNDED_BACK
    assert rounded.reps[0].cue == rounded.reps[0].faults[0].cue
    assert rounded.score < clean.score
    finding = rounded.reps[0].faults[0]
    assert 0 < finding.confidence <= 0.9  # tape confidence carries into the finding
    assert not any(item.code is FaultCode.ROUNDED_BACK for item in rounded.not_checked)


def test_oblique_view_lowers_confidence(synthetic_session_factory):
    _, result = analysed(synthetic_session_factory, "squatting")
    side = assess_set(result.reps, result.kinematics, result.view)
    oblique = assess_set(
        result.reps, result.kinematics, dataclasses.replace(result.view, view=View.OBLIQUE)
    )
    assert oblique.set_faults == side.set_faults == (FaultCode.SQUATTING,)
    assert oblique.reps[0].faults[0].confidence < side.reps[0].faults[0].confidence


def test_faults_are_listed_most_important_first(synthetic_session_factory):
    _, result = analysed(synthetic_session_factory, "squatting", lowering_s=0.3)
    form = assess_set(result.reps, result.kinematics, result.view, tape_peaks=[(90.0, 1)] * 3)
    codes = [finding.code for finding in form.reps[0].faults]
    assert codes[0] is FaultCode.ROUNDED_BACK
    assert codes == sorted(codes, key=lambda code: code.priority)


def test_b_stance_needs_a_front_or_oblique_view(synthetic_session_factory):
    series, result = analysed(synthetic_session_factory, "none")
    form = assess_set(
        result.reps, result.kinematics, result.view, world_xyz_m=series.world_xyz_m, b_stance=True
    )
    unchecked = {item.code for item in form.not_checked}
    assert {FaultCode.WEIGHT_ON_KICKSTAND, FaultCode.HIPS_TWISTING} <= unchecked


def front_b_stance(n_frames, twist_deg, hips_x):
    """Hand-built world landmarks, seen from the front: front foot left, kickstand right."""
    world = np.zeros((n_frames, 33, 3))
    half = np.radians(np.linspace(0.0, twist_deg, n_frames))
    world[:, Landmark.LEFT_HIP] = np.column_stack(
        [-0.1 * np.cos(half), 0 * half, -0.1 * np.sin(half)]
    )
    world[:, Landmark.RIGHT_HIP] = -world[:, Landmark.LEFT_HIP]
    world[:, [Landmark.LEFT_HIP, Landmark.RIGHT_HIP], 0] += hips_x
    world[:, Landmark.LEFT_ANKLE] = [-0.15, 0.9, 0.0]
    world[:, Landmark.RIGHT_ANKLE] = [0.15, 0.9, 0.2]
    world[:, Landmark.LEFT_HEEL] = [-0.15, 0.95, 0.0]
    world[:, Landmark.LEFT_FOOT_INDEX] = [-0.15, 0.95, -0.15]
    world[:, Landmark.RIGHT_HEEL] = [0.15, 0.85, 0.2]  # heel up: the kickstand
    world[:, Landmark.RIGHT_FOOT_INDEX] = [0.15, 0.95, 0.05]
    return world


def test_b_stance_measures_on_hand_built_landmarks():
    world = front_b_stance(11, twist_deg=30.0, hips_x=-0.09)
    assert detect_kickstand_side(world) is Landmark.RIGHT_ANKLE
    share = compute_kickstand_share(world, Landmark.RIGHT_ANKLE)
    assert np.allclose(share, 0.2)
    yaw = compute_pelvis_yaw_deg(world)
    assert abs(yaw[0]) < 1e-9
    assert 29.0 < abs(yaw[-1] - yaw[0]) < 31.0
