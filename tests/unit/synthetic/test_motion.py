"""Rep timeline and phase profile, checked against hand-computed times."""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.synthetic.motion import (
    PARTIAL_PHASE,
    SyntheticFault,
    build_timeline,
    compute_joint_angles,
    compute_phase,
    fault_profile,
    minimum_jerk,
)

DURATIONS = {"pause_top_s": 1.0, "pause_bottom_s": 0.5, "lowering_s": 2.0, "rising_s": 1.5}


def test_minimum_jerk_is_smooth_and_symmetric():
    u = np.array([-0.5, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5])
    np.testing.assert_allclose(minimum_jerk(u), [0, 0, 0.103515625, 0.5, 0.896484375, 1, 1])
    eps = 1e-4
    assert minimum_jerk(np.array([eps]))[0] < 1e-10  # starts at rest
    assert 1 - minimum_jerk(np.array([1 - eps]))[0] < 1e-10  # and ends at rest


def test_timeline_places_every_rep_event():
    timeline = build_timeline(
        np.array([1.0, 1.0]), start_at_bottom=False, final_partial=False, **DURATIONS
    )
    np.testing.assert_allclose(timeline.rep_start_s, [1.0, 6.0])
    np.testing.assert_allclose(timeline.rep_bottom_s, [3.25, 8.25])
    np.testing.assert_allclose(timeline.rep_end_s, [5.0, 10.0])
    assert timeline.duration_s == pytest.approx(11.0)


def test_timeline_from_the_bottom_starts_with_a_rise():
    timeline = build_timeline(
        np.array([1.0, 1.0]), start_at_bottom=True, final_partial=False, **DURATIONS
    )
    np.testing.assert_allclose(timeline.rep_start_s, [0.0, 2.5])
    np.testing.assert_allclose(timeline.rep_bottom_s, [0.0, 4.75])
    np.testing.assert_allclose(timeline.rep_end_s, [1.5, 6.5])
    assert compute_phase(np.array([0.0]), timeline)[0] == pytest.approx(1.0)


def test_final_partial_stops_halfway_and_stays():
    timeline = build_timeline(
        np.array([1.0]), start_at_bottom=False, final_partial=True, **DURATIONS
    )
    assert timeline.rep_end_s.shape == (1,)
    end = np.array([timeline.duration_s - 0.5, timeline.duration_s])
    np.testing.assert_allclose(compute_phase(end, timeline), PARTIAL_PHASE)


def test_phase_hits_the_knots_and_handles_zero_pauses():
    timeline = build_timeline(
        np.array([0.98]),
        start_at_bottom=False,
        final_partial=False,
        pause_top_s=0.0,
        pause_bottom_s=0.0,
        lowering_s=2.0,
        rising_s=1.5,
    )
    phase = compute_phase(timeline.knots_t_s, timeline)
    np.testing.assert_allclose(phase, timeline.knots_phase)
    dense = compute_phase(np.linspace(0, timeline.duration_s, 2001), timeline)
    assert dense.max() == pytest.approx(0.98) and dense.min() == 0
    assert np.abs(np.diff(dense)).max() < 0.01  # continuous


def test_joint_angles_go_from_the_top_to_the_bottom_posture():
    profile = fault_profile(SyntheticFault.SQUATTING)
    knee, hip, rounding, balance = compute_joint_angles(np.array([0.0, 0.5, 1.0]), profile)
    np.testing.assert_allclose(knee[[0, 2]], [profile.top.knee_deg, profile.bottom.knee_deg])
    np.testing.assert_allclose(hip[[0, 2]], [profile.top.hip_deg, profile.bottom.hip_deg])
    np.testing.assert_allclose(
        balance[[0, 2]], [profile.top.balance_x_m, profile.bottom.balance_x_m]
    )
    # Knees lead the hips and the spine rounds late.
    assert knee[1] > 0.5 * profile.bottom.knee_deg
    assert rounding[1] < 0.5 * profile.bottom.rounding_deg


def test_fault_values_parse_from_strings():
    assert SyntheticFault("rounded_back") is SyntheticFault.ROUNDED_BACK
    assert fault_profile(SyntheticFault.FAST).lowering_s == 0.5
    assert fault_profile(SyntheticFault.LEANING_BACK).top.hip_deg < 0
