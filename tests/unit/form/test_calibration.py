"""The person's own range of back rounding: population, session and guided calibration."""

import math

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.form.back_cues import bend_to_sagitta, bend_to_shortening, sagitta_to_bend_deg
from hingecoach.form.calibration import (
    BackCalibration,
    CalibrationParams,
    CalibrationSource,
    CueRange,
    calibrate_from_guided,
    calibrate_from_session,
    population_calibration,
)


def test_cue_range_maps_neutral_to_0_and_rounded_to_100():
    cue = CueRange(neutral=10.0, rounded=45.0)
    assert np.allclose(cue.to_percent(np.array([10.0, 27.5, 45.0, 80.0])), [0, 50, 100, 200])


@pytest.mark.parametrize(("neutral", "rounded"), [(1.0, 1.0), (2.0, 1.0), (np.nan, 1.0)])
def test_cue_range_rejects_empty_or_reversed_ranges(neutral, rounded):
    with pytest.raises(InputError, match=r"cue range|rounded extreme"):
        CueRange(neutral, rounded)


def test_arc_geometry_round_trips():
    assert bend_to_sagitta(0.0) == 0.0
    assert sagitta_to_bend_deg(bend_to_sagitta(40.0)) == pytest.approx(40.0)
    # A 40° arc is 2 % shorter end to end than its length.
    assert bend_to_shortening(40.0) == pytest.approx(0.0202, abs=1e-4)


def test_population_defaults():
    calibration = population_calibration()
    assert calibration.source is CalibrationSource.POPULATION
    assert calibration.confidence == pytest.approx(0.6)
    assert calibration.contour.neutral == 0.0
    assert calibration.contour.rounded == pytest.approx(bend_to_sagitta(40.0))
    assert (calibration.head_drop.neutral, calibration.head_drop.rounded) == (10.0, 45.0)
    assert calibration.trunk_shortening is None  # no hinged neutral: cue off
    assert calibration.rounded_bend_deg == 40.0


def _session(n_standing=20, n_hinged=30, contour=0.01, head=14.0):
    hip = np.r_[np.full(n_standing, 5.0), np.full(n_hinged, 80.0)]
    sagitta = np.r_[np.full(n_standing, contour), np.full(n_hinged, 0.05)]
    head_drop = np.r_[np.full(n_standing, head), np.full(n_hinged, 40.0)]
    trunk = np.r_[np.full(n_standing, 0.50), np.full(n_hinged, 0.44)]
    return hip, sagitta, head_drop, trunk


def test_session_moves_the_neutral_towards_standing_within_limits():
    calibration = calibrate_from_session(*_session(contour=0.01, head=14.0))
    assert calibration.source is CalibrationSource.SESSION
    assert calibration.confidence == pytest.approx(0.7)
    assert calibration.head_drop.neutral == pytest.approx(14.0)
    assert calibration.head_drop.rounded - calibration.head_drop.neutral == pytest.approx(35.0)
    assert calibration.contour.neutral == pytest.approx(0.01)
    assert calibration.standing_trunk_m == pytest.approx(0.50)
    # A standing head drop of 60° moves the neutral by at most half the 35° range.
    far = calibrate_from_session(*_session(head=60.0))
    assert far.head_drop.neutral == pytest.approx(10.0 + 17.5)


def test_session_without_standing_frames_falls_back_to_population():
    calibration = calibrate_from_session(*_session(n_standing=2))
    assert calibration == population_calibration()


def _guided(slump_contour=0.05, slump_head=40.0, separate=True):
    """Stand 1 s, hinge long 1.5 s, (stand 0.5 s,) slump 1.5 s, at 30 fps."""
    phases = [(30, 5.0, 0.0, 10.0, 0.50), (45, 80.0, 0.002, 8.0, 0.44)]
    if separate:
        phases.append((15, 5.0, 0.0, 10.0, 0.50))
    phases.append((45, 80.0, slump_contour, slump_head, 0.43))
    return [np.concatenate([np.full(phase[0], phase[k]) for phase in phases]) for k in range(1, 5)]


@pytest.mark.parametrize("separate", [True, False])
def test_guided_takes_both_extremes(separate):
    hip, sagitta, head, trunk = _guided(separate=separate)
    calibration = calibrate_from_guided(hip, sagitta, head, trunk)
    assert calibration.source is CalibrationSource.GUIDED
    assert calibration.confidence == 1.0
    assert calibration.contour.neutral == pytest.approx(0.002)
    assert calibration.contour.rounded == pytest.approx(0.05)
    assert calibration.head_drop.neutral == pytest.approx(8.0)
    assert calibration.head_drop.rounded == pytest.approx(40.0)
    assert calibration.standing_trunk_m == pytest.approx(0.50)
    assert calibration.trunk_shortening.neutral == pytest.approx(0.12)
    assert calibration.trunk_shortening.rounded == pytest.approx(0.14)
    assert calibration.rounded_bend_deg == pytest.approx(sagitta_to_bend_deg(0.048))
    # The person's own extremes map to 0 % and 100 %.
    assert calibration.contour.to_percent(0.002) == pytest.approx(0.0)
    assert calibration.head_drop.to_percent(40.0) == pytest.approx(100.0)


def test_guided_slump_that_is_not_rounder_keeps_the_population_width():
    hip, sagitta, head, trunk = _guided(slump_contour=0.003)
    calibration = calibrate_from_guided(hip, sagitta, head, trunk)
    width = population_calibration().contour.rounded
    assert calibration.contour.rounded - calibration.contour.neutral == pytest.approx(width)
    assert calibration.confidence == pytest.approx(0.7)  # trusted like a session
    assert calibration.rounded_bend_deg == 40.0


def test_guided_without_a_hinge_raises():
    flat = np.full(60, 5.0)
    with pytest.raises(InputError, match="no long-spine hinge"):
        calibrate_from_guided(flat, np.zeros(60), np.zeros(60), np.full(60, 0.5))


def test_mismatched_arrays_raise():
    with pytest.raises(InputError, match="equally long"):
        calibrate_from_session(np.zeros(5), np.zeros(4), np.zeros(5), np.zeros(5))
    with pytest.raises(InputError, match="equally long"):
        calibrate_from_guided(np.zeros((5, 2)), np.zeros(5), np.zeros(5), np.zeros(5))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"population_bend_deg": 0.0}, "population_bend_deg"),
        ({"standing_max_deg": 40.0}, "standing_max_deg"),
        ({"rounded_percentile": 20.0}, "rounded_percentile"),
        ({"session_max_shift": -1.0}, "session_max_shift"),
        ({"guided_confidence": 0.0}, "guided_confidence"),
    ],
)
def test_params_reject_bad_values(kwargs, match):
    with pytest.raises(InputError, match=match):
        CalibrationParams(**kwargs)


def test_calibration_rejects_bad_confidence():
    base = population_calibration()
    with pytest.raises(InputError, match="confidence"):
        BackCalibration(
            base.contour, base.head_drop, None, math.nan, 40.0, base.source, confidence=1.5
        )
