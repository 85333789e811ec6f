"""The view per stretch of a recording: the camera moves, the person turns, shots cut.

One view per clip is not enough for edited videos (a side shot, then a front one) or for
a person who turns between blocks of reps; each stretch is counted with the signal that
suits its own view.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, replace

import numpy as np

from hingecoach.kinematics.view import View, ViewParams, classify_yaw, compute_yaw_deg


@dataclass(frozen=True, slots=True)
class ViewStretch:
    """A stretch of frames seen from one view.

    Attributes
    ----------
    start, stop : int
        Frame indices, ``stop`` exclusive.
    view : View
    yaw_deg : float
        Median yaw over the stretch, degrees (NaN when no frame has a body).
    """

    start: int
    stop: int
    view: View
    yaw_deg: float


def _rolling_nanmedian(t_s: np.ndarray, values: np.ndarray, window_s: float) -> np.ndarray:
    """Median of the finite values within ``window_s / 2`` of each frame (NaN if none)."""
    half = 0.5 * window_s
    lo = np.searchsorted(t_s, t_s - half, side="left")
    hi = np.searchsorted(t_s, t_s + half, side="right")
    out = np.full(values.shape, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for k, (a, b) in enumerate(zip(lo, hi, strict=True)):
            out[k] = np.nanmedian(values[a:b]) if np.isfinite(values[a:b]).any() else np.nan
    return out


def segment_views(
    t_s: np.ndarray,
    world_xyz_m: np.ndarray,
    params: ViewParams | None = None,
    breaks: tuple[int, ...] = (),
) -> tuple[ViewStretch, ...]:
    """Split a recording into stretches seen from one view each.

    The camera may move, the person may turn between blocks of reps, or the video may
    cut between shots; each stretch is then counted with the signal that suits its view.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds, increasing.
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, NaN where the body was lost.
    params : ViewParams, optional
    breaks : tuple of int
        Frames where a new shot begins (camera cuts): stretches never span one.

    Returns
    -------
    tuple of ViewStretch
        Covering every frame in order; frames without a body join their neighbours.
    """
    params = params or ViewParams()
    yaw = compute_yaw_deg(world_xyz_m)
    edges = sorted({0, len(t_s), *(b for b in breaks if 0 < b < len(t_s))})
    stretches: list[ViewStretch] = []
    for start, stop in itertools.pairwise(edges):
        stretches += _segment_shot(t_s[start:stop], yaw[start:stop], params, start)
    return tuple(_adopt_neighbour_views(t_s, stretches, params))


def _adopt_neighbour_views(
    t_s: np.ndarray, stretches: list[ViewStretch], params: ViewParams
) -> list[ViewStretch]:
    """A stretch too short to judge (a sliver between cuts) takes its neighbour's view.

    Its boundaries stay (smoothing must not cross a cut); only the view, read from a
    few frames around a jump of the tracker, is not trusted.
    """

    def span(stretch: ViewStretch) -> float:
        return float(t_s[stretch.stop - 1] - t_s[stretch.start])

    spans = [span(stretch) for stretch in stretches]
    long_ones = [k for k, value in enumerate(spans) if value >= params.min_stretch_s]
    # In a clip too short for any stretch to be judged alone, the longest one is trusted.
    long_ones = long_ones or [int(np.argmax(spans))]
    adopted = []
    for k, stretch in enumerate(stretches):
        if k in long_ones:
            adopted.append(stretch)
            continue
        nearest = min(long_ones, key=lambda j: (abs(j - k), j > k))
        adopted.append(replace(stretch, view=stretches[nearest].view))
    return adopted


def _segment_shot(
    t_s: np.ndarray, yaw: np.ndarray, params: ViewParams, offset: int
) -> list[ViewStretch]:
    """View stretches of one shot (no cut inside)."""
    smooth = _rolling_nanmedian(t_s, yaw, params.window_s)
    # Only frames with a body of their own are classified (the median reaches past them).
    labels = [
        classify_yaw(value if np.isfinite(raw) else np.nan, params)
        for value, raw in zip(smooth, yaw, strict=True)
    ]
    known = [k for k, label in enumerate(labels) if label is not View.UNKNOWN]
    if not known:
        return [ViewStretch(offset, offset + len(t_s), View.UNKNOWN, float("nan"))]
    # Frames without a body take the view of the last frame with one (the first, at start).
    last = labels[known[0]]
    for k, label in enumerate(labels):
        labels[k] = last = label if label is not View.UNKNOWN else last
    runs: list[list] = []  # [start, stop, view]
    for k, label in enumerate(labels):
        if runs and runs[-1][2] is label:
            runs[-1][1] = k + 1
        else:
            runs.append([k, k + 1, label])
    # Short runs are turns in progress: merge the shortest into its longer neighbour.
    while len(runs) > 1:
        spans = [t_s[min(b, len(t_s) - 1)] - t_s[a] for a, b, _ in runs]
        shortest = int(np.argmin(spans))
        if spans[shortest] >= params.min_stretch_s:
            break
        neighbours = [n for n in (shortest - 1, shortest + 1) if 0 <= n < len(runs)]
        target = max(neighbours, key=lambda n: spans[n])
        lo, hi = sorted((shortest, target))
        runs[lo : hi + 1] = [[runs[lo][0], runs[hi][1], runs[target][2]]]
        # Neighbours of the same view are one run.
        merged: list[list] = []
        for run in runs:
            if merged and merged[-1][2] is run[2]:
                merged[-1][1] = run[1]
            else:
                merged.append(run)
        runs = merged
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return [
            ViewStretch(offset + a, offset + b, view, float(np.nanmedian(yaw[a:b])))
            for a, b, view in runs
        ]
