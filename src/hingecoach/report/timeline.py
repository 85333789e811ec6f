"""When things happen in a report: rep counts, fault labels and key frames, per frame.

Pure functions of the times in the analysis JSON (``reps`` with ``start_s``,
``bottom_s``, ``end_s`` and ``faults``); axis 0 is time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

#: Fault labels stay on screen this long after the rep ends, seconds (time to read them).
LABEL_HOLD_S = 1.0


def compute_reps_done(t_s: np.ndarray, reps: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """Number of reps completed at each frame.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    reps : sequence of mapping
        Reps of the analysis JSON, each with ``end_s``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, int.
    """
    ends = np.sort(np.array([rep["end_s"] for rep in reps], dtype=np.float64))
    return np.searchsorted(ends, t_s, side="right").astype(int)


def detect_active_faults(
    t_s: float, reps: Sequence[Mapping[str, Any]], *, hold_s: float = LABEL_HOLD_S
) -> list[str]:
    """Fault codes to show at a time: a rep's faults from its bottom until just after it ends.

    Parameters
    ----------
    t_s : float
        Seconds.
    reps : sequence of mapping
        Reps of the analysis JSON (``bottom_s``, ``end_s``, ``faults`` with ``code``).
    hold_s : float
        How long labels stay after the rep's end, seconds.

    Returns
    -------
    list of str
        Fault codes, most important first, without repeats.
    """
    codes: list[str] = []
    for rep in reps:
        if rep["bottom_s"] <= t_s <= rep["end_s"] + hold_s:
            codes.extend(f["code"] for f in rep.get("faults", []) if f["code"] not in codes)
    return codes


def detect_key_frames(t_s: np.ndarray, reps: Sequence[Mapping[str, Any]]) -> list[int]:
    """The frame nearest the bottom of each rep.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds, increasing.
    reps : sequence of mapping
        Reps of the analysis JSON, each with ``bottom_s``.

    Returns
    -------
    list of int
        One frame index per rep, in rep order.
    """
    if t_s.size == 0:
        return []
    return [int(np.argmin(np.abs(t_s - rep["bottom_s"]))) for rep in reps]
