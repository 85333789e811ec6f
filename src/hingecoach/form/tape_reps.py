"""The virtual tape over each rep: its peak held for a moment, and where it is read.

A rep is read whole, except a lift seen to start at the bottom (from the floor), which is
read from the start of the pull (:func:`compute_pull_start_s`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from hingecoach.errors import InputError
from hingecoach.form.tape import TapeParams, TapeSeries


@dataclass(frozen=True, slots=True)
class TapeRep:
    """The virtual tape over one rep.

    Attributes
    ----------
    index : int
        1-based rep number.
    start_s, end_s : float
        The rep's boundaries, seconds.
    peak_pct : float
        Highest rounding held for ``sustain_s`` during the rep, % of range (NaN if
        never measured).
    peak_angle_deg : float
        The approximate bend at that level, degrees.
    peak_t_s : float
        When the held peak began, seconds.
    confidence : float
        0..1: mean confidence of the rep's frames in which the tape was read (0 if none).
    """

    index: int
    start_s: float
    end_s: float
    peak_pct: float
    peak_angle_deg: float
    peak_t_s: float
    confidence: float


class RepSpan(Protocol):
    """A rep's start and end time and how it began (``Rep``, ``RepTiming``)."""

    start_s: float
    end_s: float
    started_at_bottom: bool


def compute_pull_start_s(
    t_s: np.ndarray,
    hip_flexion_deg: np.ndarray,
    rep: RepSpan,
    setup_margin_deg: float,
) -> float:
    """When the tape starts being read in a rep: its start, or the start of the pull.

    A rep whose descent was seen is read whole. For one that began at the bottom, the
    pull starts at the last moment the hips were within ``setup_margin_deg`` of their
    deepest in the rep (the set-up before it is not read).

    Parameters
    ----------
    t_s, hip_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``: seconds, and smoothed hip flexion in degrees.
    rep : RepSpan
    setup_margin_deg : float

    Returns
    -------
    float
        Seconds.
    """
    inside = np.flatnonzero((t_s >= rep.start_s) & (t_s <= rep.end_s))
    hip = np.asarray(hip_flexion_deg)[inside]
    if not rep.started_at_bottom or not np.isfinite(hip).any():
        return float(rep.start_s)
    with np.errstate(invalid="ignore"):
        near_bottom = np.flatnonzero(hip >= np.nanmax(hip) - setup_margin_deg)
    return float(t_s[inside[near_bottom[-1]]])


def _held_peak(values: np.ndarray, window: int) -> tuple[float, int]:
    """Highest level held for ``window`` samples (NaN breaks a hold) and where it began."""
    window = max(1, min(window, values.size))
    floored = np.where(np.isnan(values), -np.inf, values)
    held = np.lib.stride_tricks.sliding_window_view(floored, window).min(axis=1)
    start = int(np.argmax(held))
    return (float(held[start]), start) if np.isfinite(held[start]) else (math.nan, start)


def summarize_tape_reps(
    tape: TapeSeries,
    reps: Sequence[RepSpan],
    hip_flexion_deg: np.ndarray,
    params: TapeParams | None = None,
) -> tuple[TapeRep, ...]:
    """The tape's peak and confidence over each rep (from the pull, for a floor start).

    Parameters
    ----------
    tape : TapeSeries
    reps : sequence of Rep or RepTiming
        Anything with ``start_s``, ``end_s`` (seconds) and ``started_at_bottom``.
    hip_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``: smoothed hip flexion of the tape's frames, degrees (finds
        the start of the pull, :func:`compute_pull_start_s`).
    params : TapeParams, optional

    Returns
    -------
    tuple of TapeRep
        One per rep, in order; ``peak_pct`` is NaN for a rep with no measured frame.
    """
    params = params or TapeParams()
    if np.shape(hip_flexion_deg) != tape.t_s.shape:
        raise InputError(
            f"hip_flexion_deg has shape {np.shape(hip_flexion_deg)}; expected {tape.t_s.shape}."
        )
    steps = np.diff(tape.t_s)
    frame_s = float(np.median(steps)) if steps.size else 1.0
    window = max(1, round(params.sustain_s / frame_s)) if frame_s > 0 else 1
    summaries = []
    for index, rep in enumerate(reps, start=1):
        read_from_s = compute_pull_start_s(tape.t_s, hip_flexion_deg, rep, params.setup_margin_deg)
        inside = np.flatnonzero((tape.t_s >= read_from_s) & (tape.t_s <= rep.end_s))
        if inside.size == 0:
            summaries.append(
                TapeRep(index, rep.start_s, rep.end_s, math.nan, math.nan, math.nan, 0.0)
            )
            continue
        peak, offset = _held_peak(tape.rounding_pct[inside], window)
        read = np.isfinite(tape.rounding_pct[inside])
        at = inside[offset]
        angle = peak / tape.rounding_pct[at] * tape.angle_deg[at] if peak > 0 else 0.0
        summaries.append(
            TapeRep(
                index=index,
                start_s=float(rep.start_s),
                end_s=float(rep.end_s),
                peak_pct=peak,
                peak_angle_deg=math.nan if math.isnan(peak) else float(angle),
                peak_t_s=float(tape.t_s[at]),
                confidence=round(float(np.mean(tape.confidence[inside][read])), 3)
                if read.any()
                else 0.0,
            )
        )
    return tuple(summaries)
