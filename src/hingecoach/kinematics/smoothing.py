"""Cleaning and smoothing of per-frame signals (axis 0 is time).

Offline analysis uses :func:`smooth_zero_phase` (no lag: forward-backward filtering);
live analysis uses :class:`CausalSmoother`, which sees only the past. They are two named
tools rather than one function with a flag because they answer different questions.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError


@dataclass(frozen=True, slots=True)
class SmoothingParams:
    """Settings for gap filling, outlier rejection and smoothing.

    Attributes
    ----------
    cutoff_hz : float
        Low-pass cut-off, Hz. 3 Hz keeps a fast (0.5 s) hinge's shape (its energy lies
        below ~2 Hz) and removes landmark jitter, which is mostly above 5 Hz.
    max_gap_s : float
        Longest loss of tracking that is bridged by interpolation, seconds. 0.25 s is
        shorter than any phase of a rep, so no turning point can be invented.
    outlier_window_s : float
        Half-width of the running median used to find outliers, seconds.
    outlier_threshold : float
        A sample further than this many scaled median absolute deviations from the
        running median is an outlier (3.5 is the usual Hampel-filter choice).
    outlier_min_deviation : float
        Deviations smaller than this (in the signal's unit) are never outliers, so a
        perfectly steady signal does not turn its noise into outliers.
    """

    cutoff_hz: float = 3.0
    max_gap_s: float = 0.25
    outlier_window_s: float = 0.15
    outlier_threshold: float = 3.5
    outlier_min_deviation: float = 5.0

    def __post_init__(self) -> None:
        for name in ("cutoff_hz", "max_gap_s", "outlier_window_s", "outlier_threshold"):
            if getattr(self, name) <= 0:
                raise InputError(f"{name} must be positive; got {getattr(self, name)}.")


def _as_2d(values: np.ndarray) -> tuple[np.ndarray, bool]:
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        return values[:, None], True
    return values, False


def fill_short_gaps(t_s: np.ndarray, values: np.ndarray, max_gap_s: float) -> np.ndarray:
    """Linearly interpolate NaN runs no longer than ``max_gap_s`` between valid samples.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n,)``, seconds, increasing.
    values : numpy.ndarray
        Shape ``(n,)`` or ``(n, k)``; NaN marks missing samples.
    max_gap_s : float
        Longest gap (time between the valid samples either side) that is filled.

    Returns
    -------
    numpy.ndarray
        A new array of the same shape; longer gaps and the ends stay NaN.
    """
    data, squeeze = _as_2d(values)
    out = data.copy()
    for column in range(data.shape[1]):
        valid = ~np.isnan(data[:, column])
        if valid.sum() < 2:
            continue
        valid_idx = np.flatnonzero(valid)
        filled = np.interp(t_s, t_s[valid_idx], data[valid_idx, column])
        # Time between the valid neighbours of each sample decides whether to fill it.
        next_pos = np.searchsorted(valid_idx, np.arange(len(t_s)))
        prev_pos = next_pos - 1
        inside = (prev_pos >= 0) & (next_pos < len(valid_idx))
        span = np.full(len(t_s), np.inf)
        span[inside] = t_s[valid_idx[next_pos[inside]]] - t_s[valid_idx[prev_pos[inside]]]
        fill = ~valid & (span <= max_gap_s)
        out[fill, column] = filled[fill]
    return out[:, 0] if squeeze else out


def reject_outliers(t_s: np.ndarray, values: np.ndarray, params: SmoothingParams) -> np.ndarray:
    """Replace spikes by NaN with a Hampel filter (running median and MAD).

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n,)``, seconds.
    values : numpy.ndarray
        Shape ``(n,)`` or ``(n, k)``.
    params : SmoothingParams

    Returns
    -------
    numpy.ndarray
        A new array with outliers set to NaN.
    """
    data, squeeze = _as_2d(values)
    out = data.copy()
    n = len(t_s)
    if n < 3:
        return np.array(values, dtype=np.float64)
    dt = float(np.median(np.diff(t_s)))
    half = max(1, round(params.outlier_window_s / dt))
    padded = np.pad(data, ((half, half), (0, 0)), mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1, axis=0)
    # All-NaN windows (long losses of tracking) are expected: their median is NaN and
    # nothing in them is flagged, so numpy's warning about them is noise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(windows, axis=-1)
        mad = 1.4826 * np.nanmedian(np.abs(windows - median[..., None]), axis=-1)
    limit = np.maximum(params.outlier_threshold * mad, params.outlier_min_deviation)
    with np.errstate(invalid="ignore"):
        out[np.abs(data - median) > limit] = np.nan
    return out[:, 0] if squeeze else out


def smooth_zero_phase(t_s: np.ndarray, values: np.ndarray, cutoff_hz: float) -> np.ndarray:
    """Low-pass filter forwards and backwards (no lag), run by run of valid samples.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n,)``, seconds; the sampling rate is taken as the median frame rate.
    values : numpy.ndarray
        Shape ``(n,)`` or ``(n, k)``; NaN runs split the signal and stay NaN.
    cutoff_hz : float
        Cut-off of the 2nd-order Butterworth filter (4th order once run both ways).

    Returns
    -------
    numpy.ndarray
        Smoothed copy; runs too short to filter are returned unfiltered.
    """
    data, squeeze = _as_2d(values)
    out = data.copy()
    if len(t_s) < 2:
        return np.array(values, dtype=np.float64)
    rate_hz = 1.0 / float(np.median(np.diff(t_s)))
    if cutoff_hz >= 0.5 * rate_hz:
        return np.array(values, dtype=np.float64)
    # Imported here, not at the top: scipy.signal costs 1-1.5 s of CPU to import (it pulls
    # in scipy.stats), paid by every `hingecoach` command and every pose worker otherwise.
    from scipy import signal

    sos = signal.butter(2, cutoff_hz, btype="low", fs=rate_hz, output="sos")
    for column in range(data.shape[1]):
        for start, stop in true_runs(~np.isnan(data[:, column])):
            run = data[start:stop, column]
            if len(run) > 15:
                out[start:stop, column] = signal.sosfiltfilt(sos, run, padlen=min(15, len(run) - 1))
    return out[:, 0] if squeeze else out


def true_runs(valid: np.ndarray) -> list[tuple[int, int]]:
    """``(start, stop)`` index pairs of the runs of True in a boolean array, in order."""
    edges = np.diff(np.concatenate(([0], valid.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


class CausalSmoother:
    """First-order low-pass filter that sees only the past, for live streams.

    Uses each frame's real time step, so dropped or uneven frames are handled. Its lag
    is about ``1 / (2π cutoff)`` seconds (53 ms at 3 Hz).

    Parameters
    ----------
    n_channels : int
        Number of signals filtered side by side.
    cutoff_hz : float
        Cut-off frequency, Hz.
    max_gap_s : float
        After a loss longer than this the filter restarts from the next sample.
    """

    def __init__(self, n_channels: int, cutoff_hz: float, max_gap_s: float) -> None:
        if cutoff_hz <= 0:
            raise InputError(f"cutoff_hz must be positive; got {cutoff_hz}.")
        self._time_constant_s = 1.0 / (2.0 * math.pi * cutoff_hz)
        self._max_gap_s = max_gap_s
        self._state = np.full(n_channels, np.nan)
        self._last_t_s: float | None = None

    def update(self, t_s: float, values: np.ndarray) -> np.ndarray:
        """Filter one sample per channel; NaN input leaves that channel's state alone.

        Parameters
        ----------
        t_s : float
            Sample time, seconds.
        values : numpy.ndarray
            Shape ``(n_channels,)``.

        Returns
        -------
        numpy.ndarray
            Shape ``(n_channels,)``: the smoothed values (NaN where the input was NaN).
        """
        values = np.asarray(values, dtype=np.float64)
        if self._last_t_s is not None and t_s - self._last_t_s > self._max_gap_s:
            self._state[:] = np.nan
        dt = 0.0 if self._last_t_s is None else max(t_s - self._last_t_s, 0.0)
        weight = 1.0 - math.exp(-dt / self._time_constant_s)
        valid = ~np.isnan(values)
        fresh = valid & np.isnan(self._state)
        self._state[fresh] = values[fresh]
        blend = valid & ~fresh
        self._state[blend] += weight * (values[blend] - self._state[blend])
        if valid.any():
            self._last_t_s = t_s
        return np.where(valid, self._state, np.nan)
