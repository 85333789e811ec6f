"""When things happen in a report: rep counts, fault labels and key frames, per frame.

Pure functions of the times in the analysis JSON (``reps`` with ``start_s``,
``bottom_s``, ``end_s`` and ``faults``); axis 0 is time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from hingecoach.form.explain import Phase, explain_fault
from hingecoach.form.measures import LOCKOUT_WINDOW_S


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


#: A verdict stays on screen at least this long, seconds (time to read it), even when the
#: next rep starts sooner (its labels then name their rep, so they cannot be misread).
MIN_SHOW_S = 1.0


def compute_verdict_window(
    rep: Mapping[str, Any], code: str, next_start_s: float
) -> tuple[float, float]:
    """When one fault of a rep is on screen: from when it is judged until the next rep.

    A fault is judged once the rep is over (``end_s``); a lockout fault (seen at the
    top, :attr:`Phase.LOCKOUT`) only once the second after it, in which lockout is
    measured, has been seen, as the live coach judges it.

    Parameters
    ----------
    rep : mapping
        A rep of the analysis JSON (``end_s``).
    code : str
        One of its fault codes.
    next_start_s : float
        Start of the next rep, seconds (``inf`` for the last rep).

    Returns
    -------
    tuple of float
        ``(from_s, until_s)``, the label shows for ``from_s <= t < until_s``.
    """
    judged_s = rep["end_s"]
    if explain_fault(code).phase is Phase.LOCKOUT:
        judged_s += LOCKOUT_WINDOW_S
    return judged_s, max(next_start_s, judged_s + MIN_SHOW_S)


def detect_verdict(t_s: float, reps: Sequence[Mapping[str, Any]]) -> tuple[int, list[str]] | None:
    """The rep whose verdict is on screen at a time, and its faults shown then.

    Parameters
    ----------
    t_s : float
        Seconds.
    reps : sequence of mapping
        Reps of the analysis JSON (``index``, ``start_s``, ``end_s``, ``faults`` with
        ``code``), in time order.

    Returns
    -------
    tuple or None
        ``(rep index, fault codes most important first)`` of the latest rep with a fault
        on screen, or None.
    """
    shown: tuple[int, list[str]] | None = None
    for number, rep in enumerate(reps):
        next_start = reps[number + 1]["start_s"] if number + 1 < len(reps) else math.inf
        codes = []
        for fault in rep.get("faults") or []:
            start, stop = compute_verdict_window(rep, fault["code"], next_start)
            if start <= t_s < stop and fault["code"] not in codes:
                codes.append(fault["code"])
        if codes:
            shown = (int(rep["index"]), codes)
    return shown


def detect_active_faults(t_s: float, reps: Sequence[Mapping[str, Any]]) -> list[str]:
    """Fault codes on screen at a time (see :func:`detect_verdict`), most important first."""
    verdict = detect_verdict(t_s, reps)
    return verdict[1] if verdict is not None else []


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
