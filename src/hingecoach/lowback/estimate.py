"""Per-frame and per-rep low-back load estimates, each with its range.

The range is not a statistical interval: it is the lowest and highest figure the model
gives over the ends of its uncertain inputs, all combined (the "corners"): the segment
masses (±10 %, or most adults' body mass when it was assumed), the pixel-to-metre scale
(its spread over the clip, at least ±5 %, or most adults' height when it was assumed),
L5/S1's place on the pelvis, the lumbar bend reading (or 0-20° where the tape was not
read) and, for compression, the extensor's lever arm (5-7 cm); then widened by the
landmark noise (the scatter of the raw per-frame figure about its smoothed course).
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hingecoach.frozen import freeze_arrays
from hingecoach.kinematics.smoothing import fill_short_gaps, smooth_zero_phase
from hingecoach.lowback.anthropometry import BodyInputs, LowBackParams
from hingecoach.lowback.model import FrameLoad, ModelCase, SagittalFrames, compute_frame_load

#: Longest landmark gap bridged before smoothing, seconds (as the kinematics').
_MAX_GAP_S = 0.25


@dataclass(frozen=True, slots=True)
class Estimate:
    """A figure with its range: ``low <= estimate <= high`` (NaN when not measured)."""

    estimate: float
    low: float
    high: float


def model_cases(
    body: BodyInputs, params: LowBackParams, scale_spread: float
) -> tuple[ModelCase, list[ModelCase]]:
    """The estimate's parameters, and every combination of the ranges' ends.

    Parameters
    ----------
    body : BodyInputs
    params : LowBackParams
    scale_spread : float
        Relative spread of the recording's pixel-to-metre scale (NaN: unknown).

    Returns
    -------
    estimate : ModelCase
    corners : list of ModelCase
        16 cases: low/high mass, scale, L5/S1 offset and lumbar bend.
    """
    spread = params.scale_spread
    if math.isfinite(scale_spread):
        spread = max(spread, scale_spread)
    common: dict[str, Any] = {  # the same for the estimate and every corner
        "lumbar_length": params.lumbar_length,
        "lumbar_spread": params.lumbar_spread,
        "unread_high_deg": params.unread_lumbar_deg,
    }
    estimate = ModelCase(
        mass_kg=body.mass_kg,
        height_m=body.height_m,
        l5s1_offset=params.l5s1_offset[0],
        **common,
    )
    mass_low, mass_high = body.mass_range_kg()
    height_low, height_high = body.height_range_m()
    masses = (mass_low * (1 - params.mass_spread), mass_high * (1 + params.mass_spread))
    heights = (height_low * (1 - spread), height_high * (1 + spread))
    corners = [
        ModelCase(
            mass_kg=mass,
            height_m=height,
            scale=height / body.height_m,
            l5s1_offset=offset,
            lumbar_end=end,
            **common,
        )
        for mass, height, offset, end in itertools.product(
            masses, heights, params.l5s1_offset[1:], (-1, 1)
        )
    ]
    return estimate, corners


@dataclass(frozen=True, slots=True)
class LoadSeries:
    """The model's figures per frame, smoothed.

    Attributes
    ----------
    t_s : numpy.ndarray
        Shape ``(n,)``, seconds.
    moment_nm, compression_n, close_moment_nm, close_compression_n : numpy.ndarray
        Shape ``(n, 3)``: estimate, low, high per frame (the ``close_`` ones for a hinge
        with the load kept close at the same trunk line); NaN where the body was lost.
    load_distance_m, close_load_distance_m : numpy.ndarray
        Shape ``(n,)``: the hands ahead of L5/S1, metres (estimate).
    moment_noise_nm : numpy.ndarray
        Shape ``(n,)``: the raw estimate less its smoothed course, N·m.
    lever_arm_m : float
        The estimate's lever arm (compression noise is the moment's over it).
    """

    t_s: np.ndarray
    moment_nm: np.ndarray
    compression_n: np.ndarray
    close_moment_nm: np.ndarray
    close_compression_n: np.ndarray
    load_distance_m: np.ndarray
    close_load_distance_m: np.ndarray
    moment_noise_nm: np.ndarray
    lever_arm_m: float

    def __post_init__(self) -> None:
        freeze_arrays(self)


def _smooth(t_s: np.ndarray, values: np.ndarray, params: LowBackParams) -> np.ndarray:
    values = fill_short_gaps(t_s, values, _MAX_GAP_S)
    return smooth_zero_phase(t_s, values, params.smooth_hz) if t_s.size > 12 else values


def _ranged(
    t_s: np.ndarray,
    estimate: FrameLoad,
    corners: Sequence[FrameLoad],
    lever: tuple[float, float, float],
    params: LowBackParams,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Smoothed (estimate, low, high) of the moment and the compression, and the noise."""
    r_est, r_low, r_high = lever
    moments = np.column_stack([estimate.moment_nm] + [c.moment_nm for c in corners])
    compressions = np.column_stack(
        [estimate.compression_n(r_est)]
        + [c.compression_n(r_high) for c in corners]  # the long lever: least force
        + [c.compression_n(r_low) for c in corners]
    )
    smooth_m = _smooth(t_s, moments, params)
    smooth_c = _smooth(t_s, compressions, params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: frames without a body
        moment = np.column_stack(
            [smooth_m[:, 0], np.nanmin(smooth_m, axis=1), np.nanmax(smooth_m, axis=1)]
        )
        compression = np.column_stack(
            [smooth_c[:, 0], np.nanmin(smooth_c, axis=1), np.nanmax(smooth_c, axis=1)]
        )
    return moment, compression, estimate.moment_nm - smooth_m[:, 0]


def compute_load_series(
    t_s: np.ndarray,
    frames: SagittalFrames,
    body: BodyInputs,
    load_kg: float,
    params: LowBackParams | None = None,
    scale_spread: float = math.nan,
) -> LoadSeries:
    """The moment and compression at L5/S1 per frame, with ranges, and the close-load case.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n,)``, seconds, increasing.
    frames : SagittalFrames
        Positions in metres (see :func:`~hingecoach.lowback.landmarks.compute_sagittal_frames`).
    body : BodyInputs
    load_kg : float
        Mass in the hands, kg (0 for the body alone).
    params : LowBackParams, optional
    scale_spread : float
        The recording's relative scale spread (NaN: the default floor only).

    Returns
    -------
    LoadSeries
    """
    params = params or LowBackParams()
    estimate, corners = model_cases(body, params, scale_spread)
    seen = [compute_frame_load(frames, load_kg, case) for case in (estimate, *corners)]
    close = [compute_frame_load(frames, load_kg, c, close=True) for c in (estimate, *corners)]
    moment, compression, noise = _ranged(t_s, seen[0], seen[1:], params.lever_arm_m, params)
    close_moment, close_compression, _ = _ranged(
        t_s, close[0], close[1:], params.lever_arm_m, params
    )
    return LoadSeries(
        t_s=np.asarray(t_s, dtype=float),
        moment_nm=moment,
        compression_n=compression,
        close_moment_nm=close_moment,
        close_compression_n=close_compression,
        load_distance_m=_smooth(t_s, seen[0].load_distance_m, params),
        close_load_distance_m=_smooth(t_s, close[0].load_distance_m, params),
        moment_noise_nm=noise,
        lever_arm_m=params.lever_arm_m[0],
    )


@dataclass(frozen=True, slots=True)
class RepLoad:
    """The low-back load of one rep (or any window of frames): its peaks, with ranges.

    Attributes
    ----------
    index : int
        1-based rep number.
    peak_t_s : float
        When the estimate's held peak began, seconds (NaN when not measured).
    moment_nm, compression_n : Estimate
        Peak flexion moment at L5/S1 (N·m) and peak disc compression (N).
    close_moment_nm, close_compression_n : Estimate
        The same rep's peaks for a hinge at the same trunk line with the load kept close
        and the lower back long.
    load_distance_m, close_load_distance_m : float
        The hands ahead of L5/S1 at the peak, metres: as seen, and kept close.
    """

    index: int
    peak_t_s: float
    moment_nm: Estimate
    compression_n: Estimate
    close_moment_nm: Estimate
    close_compression_n: Estimate
    load_distance_m: float
    close_load_distance_m: float


def _held(values: np.ndarray, window: int) -> tuple[float, int]:
    """Highest level held for ``window`` samples (NaN breaks a hold) and where it began."""
    window = max(1, min(window, values.size))
    floored = np.where(np.isnan(values), -np.inf, values)
    held = np.lib.stride_tricks.sliding_window_view(floored, window).min(axis=1)
    start = int(np.argmax(held))
    return (float(held[start]), start) if np.isfinite(held[start]) else (math.nan, start)


def _peak(values: np.ndarray, window: int, noise: float) -> tuple[Estimate, int]:
    """The held peaks of the estimate, low and high columns, the range widened by noise."""
    estimate, start = _held(values[:, 0], window)
    low, _ = _held(values[:, 1], window)
    high, _ = _held(values[:, 2], window)
    return Estimate(estimate, max(low - noise, 0.0), high + noise), start


def summarize_window(
    series: LoadSeries, index: int, start_s: float, end_s: float, params: LowBackParams
) -> RepLoad:
    """The peaks of one rep (or any window from ``start_s`` to ``end_s``).

    Parameters
    ----------
    series : LoadSeries
    index : int
        The rep's number.
    start_s, end_s : float
        The window, seconds (inclusive).
    params : LowBackParams

    Returns
    -------
    RepLoad
        NaN figures when no frame of the window was measured.
    """
    t_s = series.t_s
    inside = np.flatnonzero((t_s >= start_s) & (t_s <= end_s))
    nan = Estimate(math.nan, math.nan, math.nan)
    if inside.size == 0 or not np.isfinite(series.moment_nm[inside, 0]).any():
        return RepLoad(index, math.nan, nan, nan, nan, nan, math.nan, math.nan)
    frame_s = float(np.median(np.diff(t_s))) if t_s.size > 1 else 1.0
    window = max(1, round(params.sustain_s / frame_s)) if frame_s > 0 else 1
    raw = series.moment_noise_nm[inside]
    raw = raw[np.isfinite(raw)]
    noise = float(1.4826 * np.median(np.abs(raw - np.median(raw)))) if raw.size else 0.0
    part = slice(inside[0], inside[-1] + 1)
    moment, start = _peak(series.moment_nm[part], window, noise)
    compression, _ = _peak(series.compression_n[part], window, noise / series.lever_arm_m)
    close_moment, close_start = _peak(series.close_moment_nm[part], window, noise)
    close_compression, _ = _peak(
        series.close_compression_n[part], window, noise / series.lever_arm_m
    )
    at = inside[0] + start
    return RepLoad(
        index=index,
        peak_t_s=float(t_s[at]),
        moment_nm=moment,
        compression_n=compression,
        close_moment_nm=close_moment,
        close_compression_n=close_compression,
        load_distance_m=float(series.load_distance_m[at]),
        close_load_distance_m=float(series.close_load_distance_m[inside[0] + close_start]),
    )
