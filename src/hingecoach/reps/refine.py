"""Offline refinement of rep boundaries on the zero-phase smoothed hip angle."""

from __future__ import annotations

import numpy as np

from hingecoach.reps.segmenter import RepTiming

#: A boundary is where hip flexion is back within this share of the rep's excursion
#: from the standing level: 5 % (4–5° for a full hinge) sits just past the noise of a
#: still stance, so little of the slow start of a smooth movement is cut off.
BOUNDARY_FRACTION = 0.05


def refine_timing(
    timing: RepTiming,
    t_s: np.ndarray,
    hip_flexion_deg: np.ndarray,
    *,
    earliest_s: float,
    latest_s: float,
) -> RepTiming:
    """Move a rep's start, bottom and end to where the smoothed signal puts them.

    The streaming detector reports a rep when thresholds are crossed; offline, the whole
    signal is known, so the bottom becomes the true maximum and the start and end the
    moments the movement leaves and regains the standing level.

    Parameters
    ----------
    timing : RepTiming
        The streaming detector's boundaries.
    t_s : numpy.ndarray
        Shape ``(n,)``, seconds.
    hip_flexion_deg : numpy.ndarray
        Shape ``(n,)``, zero-phase smoothed, NaN where lost.
    earliest_s, latest_s : float
        Limits set by the neighbouring reps (the previous rep's end, the next one's start).

    Returns
    -------
    RepTiming
        Refined boundaries (unchanged where the signal does not allow refinement).
    """
    window = (t_s >= earliest_s) & (t_s <= latest_s) & ~np.isnan(hip_flexion_deg)
    in_rep = window & (t_s >= timing.start_s) & (t_s <= timing.end_s)
    if in_rep.sum() < 3:
        return timing
    rep_idx = np.flatnonzero(in_rep)
    bottom = rep_idx[np.argmax(hip_flexion_deg[rep_idx])]
    peak = float(hip_flexion_deg[bottom])
    before = np.flatnonzero(window & (np.arange(len(t_s)) <= bottom))
    after = np.flatnonzero(window & (np.arange(len(t_s)) >= bottom))
    start_s = (
        _crossing(t_s, hip_flexion_deg, before[::-1], peak)
        if not timing.started_at_bottom
        else timing.start_s
    )
    end_s = _crossing(t_s, hip_flexion_deg, after, peak)
    return RepTiming(
        start_s=min(start_s if start_s is not None else timing.start_s, float(t_s[bottom])),
        bottom_s=float(t_s[bottom]),
        end_s=max(end_s if end_s is not None else timing.end_s, float(t_s[bottom])),
        peak_hip_flexion_deg=peak,
        started_at_bottom=timing.started_at_bottom,
    )


def _crossing(t_s: np.ndarray, values: np.ndarray, order: np.ndarray, peak: float) -> float | None:
    """First time, walking ``order`` away from the bottom, within the boundary band."""
    if order.size == 0:
        return None
    standing = float(np.min(values[order]))
    level = standing + BOUNDARY_FRACTION * (peak - standing)
    below = np.flatnonzero(values[order] <= level)
    return float(t_s[order[below[0]]]) if below.size else None
