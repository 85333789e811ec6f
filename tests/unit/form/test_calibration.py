"""The person's own range of back rounding: population and guided calibration."""

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.form.calibration import (
    BackCalibration,
    CalibrationParams,
    CalibrationSource,
    CueRange,
    calibrate_from_guided,
    population_calibration,
)


def test_cue_range_maps_neutral_to_0_and_rounded_to_100():
    cue = CueRange(neutral=10.0, rounded=45.0)
    assert np.allclose(cue.to_percent(np.array([10.0, 27.5, 45.0, 80.0])), [0, 50, 100, 200])


@pytest.mark.parametrize(("neutral", "rounded"), [(1.0, 1.0), (2.0, 1.0), (np.nan, 1.0)])
def test_cue_range_rejects_empty_or_reversed_ranges(neutral, rounded):
    with pytest.raises(InputError, match=r"cue range|rounded extreme"):
        CueRange(neutral, rounded)


def test_population_defaults():
    calibration = population_calibration()
    assert calibration.source is CalibrationSource.POPULATION
    assert calibration.confidence == pytest.approx(0.6)
    # The lower back: flat at neutral, 25° of outline bend (half its flexion) at 100 %.
    assert (calibration.lumbar.neutral, calibration.lumbar.rounded) == (0.0, 25.0)
    assert calibration.rounded_bend_deg == 25.0
    assert (calibration.head_drop.neutral, calibration.head_drop.rounded) == (10.0, 45.0)


def _guided(slump_lumbar=20.0, slump_head=40.0, separate=True, lumbar_seen=True):
    """Stand 1 s, hinge long 1.5 s, (stand 0.5 s,) slump 1.5 s, at 30 fps."""
    phases = [(30, 5.0, -5.0, 10.0), (45, 80.0, 2.0, 8.0)]
    if separate:
        phases.append((15, 5.0, -5.0, 10.0))
    phases.append((45, 80.0, slump_lumbar, slump_head))
    hip, lumbar, head = (
        np.concatenate([np.full(phase[0], phase[k]) for phase in phases]) for k in range(1, 4)
    )
    return hip, lumbar if lumbar_seen else np.full(lumbar.shape, np.nan), head


@pytest.mark.parametrize("separate", [True, False])
def test_guided_takes_both_extremes(separate):
    calibration = calibrate_from_guided(*_guided(separate=separate))
    assert calibration.source is CalibrationSource.GUIDED
    assert calibration.confidence == 1.0
    assert (calibration.lumbar.neutral, calibration.lumbar.rounded) == pytest.approx((2.0, 20.0))
    assert calibration.head_drop.neutral == pytest.approx(8.0)
    assert calibration.head_drop.rounded == pytest.approx(40.0)
    assert calibration.rounded_bend_deg == pytest.approx(18.0)
    # The person's own extremes map to 0 % and 100 %.
    assert calibration.lumbar.to_percent(2.0) == pytest.approx(0.0)
    assert calibration.head_drop.to_percent(40.0) == pytest.approx(100.0)


def test_guided_slump_that_is_not_rounder_keeps_the_population_width():
    calibration = calibrate_from_guided(*_guided(slump_lumbar=4.0))
    assert calibration.lumbar.neutral == pytest.approx(2.0)
    assert calibration.rounded_bend_deg == pytest.approx(25.0)
    assert calibration.confidence == pytest.approx(0.7)  # own neutral, assumed extreme


def test_guided_without_a_seen_lower_back_keeps_the_population_range_and_trust():
    calibration = calibrate_from_guided(*_guided(lumbar_seen=False))
    assert calibration.lumbar == population_calibration().lumbar
    assert calibration.confidence == pytest.approx(0.6)
    assert calibration.head_drop.rounded == pytest.approx(40.0)  # the upper back still is


def test_guided_without_a_hinge_raises():
    flat = np.full(60, 5.0)
    with pytest.raises(InputError, match="no long-spine hinge"):
        calibrate_from_guided(flat, np.zeros(60), np.zeros(60))


def test_mismatched_arrays_raise():
    with pytest.raises(InputError, match="equally long"):
        calibrate_from_guided(np.zeros(5), np.zeros(4), np.zeros(5))
    with pytest.raises(InputError, match="equally long"):
        calibrate_from_guided(np.zeros((5, 2)), np.zeros(5), np.zeros(5))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"population_lumbar_range_deg": 0.0}, "population_lumbar_range_deg"),
        ({"standing_max_deg": 40.0}, "standing_max_deg"),
        ({"rounded_percentile": 20.0}, "rounded_percentile"),
        ({"guided_confidence": 0.0}, "guided_confidence"),
    ],
)
def test_params_reject_bad_values(kwargs, match):
    with pytest.raises(InputError, match=match):
        CalibrationParams(**kwargs)


def test_calibration_rejects_bad_confidence():
    base = population_calibration()
    with pytest.raises(InputError, match="confidence"):
        BackCalibration(base.lumbar, base.head_drop, base.source, confidence=1.5)
