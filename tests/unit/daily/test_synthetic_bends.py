"""Everyday bends on the synthetic model: each pick-up exactly classed, the daily scene."""

from __future__ import annotations

import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.daily import DAILY
from hingecoach.daily.bends import BendClass
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.synthetic.daily import BEND_HOLD_S, BendStyle, daily_bend
from tests.unit.daily._scene import SMALL, analyse, scene_result

#: The class each synthetic style must get (a sink lean is a partial hinge).
EXPECTED = {
    BendStyle.HINGE_PICKUP: BendClass.HINGE,
    BendStyle.SQUAT_PICKUP: BendClass.SQUAT,
    BendStyle.STOOP_PICKUP: BendClass.STOOP,
    BendStyle.SINK_LEAN: BendClass.HINGE,
}


@pytest.mark.parametrize("style", list(BendStyle))
def test_each_synthetic_bend_is_classed_exactly(style):
    session = daily_bend(style, **SMALL)
    result = analyse(session, exercise=DAILY)
    assert result.exercise.id == DAILY and result.exercise.source == "given"
    (bend,) = result.bends.bends
    assert bend.kind is EXPECTED[style]
    assert bend.confidence >= 0.8
    truth = session.truth
    assert bend.start_s <= truth.rep_bottom_s[0] <= bend.end_s
    # Anywhere in the hold at the bottom (truth marks its middle) is the deepest point.
    hold = BEND_HOLD_S[style] / 2
    assert bend.peak_s == pytest.approx(truth.rep_bottom_s[0], abs=hold + 0.3)
    # The frame indices address the same moments in the kinematic series.
    t_s = result.kinematics.t_s
    assert t_s[bend.peak_frame] == pytest.approx(bend.peak_s, abs=1 / SMALL["fps"])
    assert bend.start_frame < bend.peak_frame < bend.end_frame
    window = result.kinematics.trunk_inclination_deg[bend.frames]
    assert window.max() == pytest.approx(bend.peak_trunk_inclination_deg)
    assert bend.duration_s == pytest.approx(bend.end_s - bend.start_s)


def test_the_stoop_reads_a_rounded_lower_back_and_straight_legs():
    result = analyse(daily_bend(BendStyle.STOOP_PICKUP, **SMALL), exercise=DAILY)
    (bend,) = result.bends.bends
    assert bend.tape_pct is not None and bend.tape_pct >= 50.0 and bend.tape_reason is None
    assert bend.knee_flexion_deg < 30.0


def test_the_sink_lean_is_held_and_shallow():
    session = daily_bend(BendStyle.SINK_LEAN, **SMALL)
    (bend,) = analyse(session, exercise=DAILY).bends.bends
    assert bend.duration_s > 5.0  # 1.2 s down, 4 s held, 1 s up
    assert bend.peak_hip_flexion_deg < 60.0


def test_the_daily_scene_is_recognised_and_every_bend_classed():
    scene, result = scene_result()
    assert result.exercise.id == DAILY and result.exercise.source == "recognised"
    assert [bend.kind for bend in result.bends.bends] == [EXPECTED[s] for s in scene.styles]
    summary = result.bends
    assert summary.good_share == pytest.approx(0.5)
    assert summary.poor_pattern is BendClass.STOOP  # the lower back before the knees


def test_a_synthetic_set_stays_a_set(synthetic_session_factory):
    session = synthetic_session_factory("squatting", n_reps=4)
    series = LandmarkSeries.from_pose_frames(session.frames)
    result = analyze_landmarks(series, model_name="synthetic")
    assert result.exercise.id != DAILY
    assert {bend.kind for bend in result.bends.bends} == {BendClass.SQUAT}
