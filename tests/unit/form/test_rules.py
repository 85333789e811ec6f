"""Each fault rule's direction and threshold, on synthetic sets and hand-built measures."""

import dataclasses
import math

import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.errors import InputError
from hingecoach.form import rules
from hingecoach.form.findings import FaultCode
from hingecoach.form.measures import (
    RepFormMeasures,
    compute_hinge_squat_index,
    compute_rise_order,
)
from hingecoach.form.params import FaultThresholds
from hingecoach.kinematics.series import LandmarkSeries

GOOD = RepFormMeasures(
    peak_hip_flexion_deg=85.0,
    trunk_inclination_at_bottom_deg=65.0,
    hinge_squat_index=0.25,
    hip_shift_at_bottom_leg=0.25,
    rise_trunk_share=0.5,
    rise_knee_range_deg=20.0,
    rise_trunk_range_deg=60.0,
    lockout_hip_flexion_deg=0.0,
    wrist_forward_at_bottom_leg=0.15,
    lowering_s=2.0,
    started_at_bottom=False,
)
CONTEXT = rules.SetContext(median_peak_hip_flexion_deg=85.0, tape_peak_pct=10.0)
PARAMS = FaultThresholds()


def set_faults(synthetic_session_factory, fault):
    session = synthetic_session_factory(fault, n_reps=4, noise_px=1.5, dropout_fraction=0.02)
    result = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="t")
    return result.form


@pytest.mark.parametrize("rule", [*rules.SAGITTAL_RULES.values(), rules.rushing])
def test_a_good_rep_has_no_fault(rule):
    assert rule(GOOD, CONTEXT, PARAMS) is None


@pytest.mark.parametrize(
    ("rule", "change", "context_change"),
    [
        (rules.squatting, {"hinge_squat_index": 0.8}, {}),
        (rules.hips_not_back, {"hip_shift_at_bottom_leg": 0.05}, {}),
        (rules.hips_rise_first, {"rise_trunk_share": 0.0}, {}),
        (rules.too_shallow, {"peak_hip_flexion_deg": 40.0}, {}),
        (rules.leaning_back, {"lockout_hip_flexion_deg": -20.0}, {}),
        (rules.incomplete_lockout, {"lockout_hip_flexion_deg": 30.0}, {}),
        (rules.load_drift, {"wrist_forward_at_bottom_leg": 0.7}, {}),
        (rules.rushing, {"lowering_s": 0.3}, {}),
        (rules.rounded_back, {}, {"tape_peak_pct": 80.0}),
        (rules.too_deep, {"peak_hip_flexion_deg": 110.0}, {"tape_peak_pct": 80.0}),
    ],
)
def test_each_rule_fires_past_its_threshold_with_growing_severity(rule, change, context_change):
    measures = dataclasses.replace(GOOD, **change)
    context = dataclasses.replace(CONTEXT, **context_change)
    severity = rule(measures, context, PARAMS)
    assert severity is not None and 0 < severity <= 1


def test_severity_grows_with_the_excess():
    mild = rules.squatting(dataclasses.replace(GOOD, hinge_squat_index=0.65), CONTEXT, PARAMS)
    strong = rules.squatting(dataclasses.replace(GOOD, hinge_squat_index=0.9), CONTEXT, PARAMS)
    assert 0 < mild < strong <= 1


def test_rules_that_cannot_judge_stay_silent():
    from_floor = dataclasses.replace(GOOD, rise_trunk_share=0.0, started_at_bottom=True)
    assert rules.hips_rise_first(from_floor, CONTEXT, PARAMS) is None
    straight_legs = dataclasses.replace(GOOD, rise_trunk_share=0.0, rise_knee_range_deg=5.0)
    assert rules.hips_rise_first(straight_legs, CONTEXT, PARAMS) is None
    untaped = dataclasses.replace(CONTEXT, tape_peak_pct=math.nan)
    assert rules.rounded_back(GOOD, untaped, PARAMS) is None
    upright = dataclasses.replace(
        GOOD, hip_shift_at_bottom_leg=0.0, trunk_inclination_at_bottom_deg=20.0
    )
    assert rules.hips_not_back(upright, CONTEXT, PARAMS) is None


def test_hinge_squat_index_and_rise_order_on_hand_built_values():
    assert compute_hinge_squat_index(90.0, 70.0) == pytest.approx(20 / 90)
    assert compute_hinge_squat_index(100.0, 10.0) == pytest.approx(0.9)
    assert math.isnan(compute_hinge_squat_index(10.0, 5.0))
    knee = np.linspace(60.0, 0.0, 11)
    together = np.linspace(60.0, 0.0, 11)
    chest_stays = np.concatenate([np.full(6, 60.0), np.linspace(60.0, 0.0, 5)])
    assert compute_rise_order(knee, together)[0] == pytest.approx(0.5)
    assert compute_rise_order(knee, chest_stays)[0] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("squatting", FaultCode.SQUATTING),
        ("hips_not_back", FaultCode.HIPS_NOT_BACK),
        ("shallow", FaultCode.TOO_SHALLOW),
        ("fast", FaultCode.RUSHING),
        ("leaning_back", FaultCode.LEANING_BACK),
    ],
)
def test_synthetic_faulty_sets_get_their_fault_and_focus(
    synthetic_session_factory, fault, expected
):
    form = set_faults(synthetic_session_factory, fault)
    assert form.set_faults == (expected,)
    assert form.focus is not None and form.focus.code is expected
    assert form.score < 100


def test_synthetic_good_set_is_clean(synthetic_session_factory):
    form = set_faults(synthetic_session_factory, "none")
    assert form.set_faults == () and form.focus is None and form.score == 100


def test_thresholds_reject_bad_values():
    with pytest.raises(InputError, match="squat_index"):
        FaultThresholds(squat_index=1.5)
    with pytest.raises(InputError, match="lean_back_deg"):
        FaultThresholds(lean_back_deg=0.0)
