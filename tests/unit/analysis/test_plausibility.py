"""Plausibility: a body lying down, upside down, a clip too short, legs or head cut off."""

from dataclasses import replace

import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.plausibility import LEG_FAULTS, check_plausibility
from hingecoach.form.findings import FaultCode
from hingecoach.kinematics.quality import compute_body_tilt_deg
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.synthetic import synthetic_session


@pytest.fixture(scope="module")
def squatting():
    session = synthetic_session("squatting", n_reps=3, noise_px=1.0)
    return LandmarkSeries.from_pose_frames(session.frames)


def turned(series: LandmarkSeries, quarter_turns: int) -> LandmarkSeries:
    """The landmarks of the same set in a picture turned by 90° steps (or flipped)."""
    width, height = series.image_size
    xyz = series.image_xyz_px.copy()
    x, y = xyz[..., 0].copy(), xyz[..., 1].copy()
    if quarter_turns == 1:  # lying on its side
        xyz[..., 0], xyz[..., 1] = height - y, x
        size = (height, width)
    else:  # upside down
        xyz[..., 1] = height - y
        size = (width, height)
    return replace(series, image_xyz_px=xyz, image_size=size)


def test_upright_synthetic_set_is_plausible(squatting):
    assert compute_body_tilt_deg(squatting.image_xyz_px, squatting.image_size) < 20
    result = analyze_landmarks(squatting, model_name="synthetic")
    assert result.form is not None and result.rep_count == 3
    assert not any("sideways" in w or "upside" in w or "too short" in w for w in result.warnings)


def test_a_body_lying_sideways_gets_a_warning_and_no_verdict(squatting):
    lying = turned(squatting, 1)
    assert 70 < compute_body_tilt_deg(lying.image_xyz_px, lying.image_size) < 110
    result = analyze_landmarks(lying, model_name="synthetic")
    assert result.form is None
    assert any("lying sideways" in warning for warning in result.warnings)


def test_an_upside_down_body_gets_a_warning_and_no_verdict(squatting):
    flipped = turned(squatting, 2)
    assert compute_body_tilt_deg(flipped.image_xyz_px, flipped.image_size) > 160
    result = analyze_landmarks(flipped, model_name="synthetic")
    assert result.form is None
    assert any("upside down" in warning for warning in result.warnings)


def test_a_clip_too_short_for_a_rep_gets_a_warning(squatting):
    n = 6  # 0.2 s at 30 fps
    short = LandmarkSeries(
        t_s=squatting.t_s[:n],
        image_xyz_px=squatting.image_xyz_px[:n],
        world_xyz_m=squatting.world_xyz_m[:n],
        visibility=squatting.visibility[:n],
        image_size=squatting.image_size,
    )
    result = analyze_landmarks(short, model_name="synthetic")
    assert result.rep_count == 0 and result.form is None
    assert any("0.2 s long, too short to hold a rep" in w for w in result.warnings)


def test_legs_out_of_the_picture_withdraw_the_faults_that_need_them(squatting):
    judged = analyze_landmarks(squatting, model_name="synthetic")
    assert FaultCode.SQUATTING in judged.form.set_faults  # the synthetic fault is seen
    width, _ = squatting.image_size
    knee_y = np.nanmedian(squatting.image_xyz_px[:, 25:29, 1])
    cropped = replace(squatting, image_size=(width, int(knee_y) - 5))  # picture ends above
    plausibility = check_plausibility(cropped, duration_s=10.0)
    assert {item.code for item in plausibility.not_checked} == set(LEG_FAULTS)
    assert plausibility.judge_form  # legs out of view say nothing about the orientation
    result = analyze_landmarks(cropped, model_name="synthetic")
    codes = {f.code for rep in result.form.reps for f in rep.faults}
    assert not codes & LEG_FAULTS
    not_checked = {item.code: item.reason for item in result.form.not_checked}
    assert "legs are out of the picture" in not_checked[FaultCode.SQUATTING]


def test_head_out_of_the_picture_withdraws_the_tape(squatting):
    xyz = squatting.image_xyz_px.copy()
    xyz[:, :11, 1] = -20.0  # nose, eyes, ears above the picture's top edge
    plausibility = check_plausibility(replace(squatting, image_xyz_px=xyz), duration_s=10.0)
    assert [item.code for item in plausibility.not_checked] == [FaultCode.ROUNDED_BACK]
    assert plausibility.judge_form
