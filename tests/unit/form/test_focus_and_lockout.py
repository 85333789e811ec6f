"""The focus needs a repeated fault; a misplaced landmark is not a lockout posture."""

import dataclasses

import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.form.assess import choose_focus
from hingecoach.form.findings import FaultCode, FaultFinding
from hingecoach.form.measures import (
    IMPOSSIBLE_HIP_EXTENSION_DEG,
    LOCKOUT_WINDOW_S,
    measure_rep_form,
)
from hingecoach.kinematics.series import LandmarkSeries

RISE = FaultFinding(FaultCode.HIPS_RISE_FIRST, 0.5, 1.0, "x")
ROUNDED = FaultFinding(FaultCode.ROUNDED_BACK, 0.5, 1.0, "x")


@pytest.fixture(scope="module")
def good_set(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=4, noise_px=1.0, variant="loaded")
    series = LandmarkSeries.from_pose_frames(session.frames)
    result = analyze_landmarks(series, model_name="t")
    assert result.form is not None and len(result.form.reps) == 4
    assert not any(rep.faults for rep in result.form.reps)
    return result


def _set(clean, faults_per_rep):
    return [
        dataclasses.replace(clean[k % len(clean)], faults=faults)
        for k, faults in enumerate(faults_per_rep)
    ]


@pytest.mark.parametrize("n_reps", [2, 3, 4])
def test_one_faulty_rep_of_a_short_set_is_not_the_focus(good_set, n_reps):
    reps = _set(good_set.form.reps, [(ROUNDED,)] + [()] * (n_reps - 1))
    assert choose_focus(reps) is None


def test_a_fault_seen_twice_or_on_the_only_rep_is_the_focus(good_set):
    twice = _set(good_set.form.reps, [(ROUNDED,), (), (ROUNDED,), ()])
    focus = choose_focus(twice)
    assert focus is not None and focus.code is FaultCode.ROUNDED_BACK
    assert focus.reps_affected == 2
    only = _set(good_set.form.reps, [(RISE,)])
    assert choose_focus(only).code is FaultCode.HIPS_RISE_FIRST


def _with_hip_after_lockout(result, rep, value_deg):
    """The kinematics with one frame in the second after ``rep`` reading ``value_deg``."""
    kinematics = result.kinematics
    after = np.flatnonzero(
        (kinematics.t_s > rep.end_s) & (kinematics.t_s <= rep.end_s + LOCKOUT_WINDOW_S)
    )
    hip = kinematics.hip_flexion_deg.copy()
    hip[after[len(after) // 2]] = value_deg
    return dataclasses.replace(kinematics, hip_flexion_deg=hip)


def test_an_impossible_hip_extension_frame_is_not_the_lockout(good_set):
    rep = good_set.reps[0]
    clean = measure_rep_form(rep, good_set.kinematics).lockout_hip_flexion_deg
    glitch = _with_hip_after_lockout(good_set, rep, -163.0)
    assert measure_rep_form(rep, glitch).lockout_hip_flexion_deg == pytest.approx(clean)
    # A possible extension (within what a hip can reach) is still read as it is.
    arched = _with_hip_after_lockout(good_set, rep, -(IMPOSSIBLE_HIP_EXTENSION_DEG - 5))
    assert measure_rep_form(rep, arched).lockout_hip_flexion_deg == pytest.approx(-40.0)
