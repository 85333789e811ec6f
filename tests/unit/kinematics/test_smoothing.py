"""Gap filling, outlier rejection and the two smoothers."""

import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.kinematics.smoothing import (
    CausalSmoother,
    SmoothingParams,
    fill_short_gaps,
    reject_outliers,
    smooth_zero_phase,
)

FPS = 30.0


def test_fill_short_gaps_fills_only_short_inner_gaps():
    t_s = np.arange(10) / 10.0
    values = np.array([np.nan, 1, 2, np.nan, 4, 5, np.nan, np.nan, np.nan, 9.0])
    filled = fill_short_gaps(t_s, values, max_gap_s=0.25)
    assert filled[3] == pytest.approx(3.0)
    assert np.isnan(filled[0])  # an end is never invented
    assert np.isnan(filled[6:9]).all()  # 0.4 s gap is too long
    assert np.isnan(values[3])  # input untouched


def test_reject_outliers_removes_a_spike_and_keeps_a_movement():
    t_s = np.arange(90) / FPS
    values = 45 - 45 * np.cos(2 * np.pi * t_s / 3.0)
    spiked = values.copy()
    spiked[40] += 60.0
    cleaned = reject_outliers(t_s, spiked, SmoothingParams())
    assert np.isnan(cleaned[40])
    assert np.isnan(cleaned).sum() == 1


def test_zero_phase_smoothing_has_no_lag_and_causal_smoothing_lags():
    t_s = np.arange(300) / FPS
    clean = 45 - 45 * np.cos(2 * np.pi * t_s / 4.0)
    noisy = clean + np.random.default_rng(0).normal(0, 2.0, t_s.size)
    smooth = smooth_zero_phase(t_s, noisy, cutoff_hz=3.0)
    assert np.std(smooth - clean) < 0.6 * np.std(noisy - clean)
    no_lag = smooth_zero_phase(t_s, clean, cutoff_hz=3.0)
    assert abs(t_s[np.argmax(no_lag[:120])] - 2.0) <= 1 / FPS
    smoother = CausalSmoother(1, cutoff_hz=3.0, max_gap_s=0.25)
    causal = np.array(
        [smoother.update(t, np.array([v]))[0] for t, v in zip(t_s, clean, strict=False)]
    )
    lag_s = t_s[np.argmax(causal[:120])] - 2.0
    assert 0.0 < lag_s < 0.15


def test_zero_phase_smoothing_keeps_gaps():
    t_s = np.arange(100) / FPS
    values = np.sin(t_s)
    values[40:50] = np.nan
    smooth = smooth_zero_phase(t_s, values, cutoff_hz=3.0)
    assert np.isnan(smooth[40:50]).all() and not np.isnan(smooth[:40]).any()


def test_causal_smoother_restarts_after_a_long_gap():
    smoother = CausalSmoother(1, cutoff_hz=3.0, max_gap_s=0.25)
    smoother.update(0.0, np.array([0.0]))
    assert np.isnan(smoother.update(0.1, np.array([np.nan]))[0])
    assert smoother.update(1.0, np.array([50.0]))[0] == pytest.approx(50.0)


def test_params_reject_bad_values():
    with pytest.raises(InputError, match="cutoff_hz"):
        SmoothingParams(cutoff_hz=0.0)
    with pytest.raises(InputError, match="cutoff_hz"):
        CausalSmoother(1, cutoff_hz=-1.0, max_gap_s=0.2)
