"""The virtual tape over each rep: its peak held for a moment, and where it is read.

A rep is read whole, except a lift seen to start at the bottom (from the floor), which is
read from the start of the pull (:func:`compute_pull_start_s`). A rep without a reading
trusted past ``TapeParams.min_rep_confidence`` gets none (NaN with the reason), never 0 %.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    reason : str or None
        Why the rep has no reading (``peak_pct`` NaN); None when it has one.
    upper_back_pct : float
        Highest upper-back rounding held for ``sustain_s``, % of its range (NaN if not
        read): for the separate upper-back note, never a rounded-back reading.
    """

    index: int
    start_s: float
    end_s: float
    peak_pct: float
    peak_angle_deg: float
    peak_t_s: float
    confidence: float
    reason: str | None = None
    upper_back_pct: float = math.nan

    @property
    def read(self) -> bool:
        """The rep has a lower-back reading."""
        return not math.isnan(self.peak_pct)


class RepSpan(Protocol):
    """A rep's start and end time and how it began (``Rep``, ``RepTiming``)."""

    # Read-only properties, so that frozen dataclasses match.
    @property
    def start_s(self) -> float:
        """Start of the rep, seconds."""

    @property
    def end_s(self) -> float:
        """End of the rep, seconds."""

    @property
    def started_at_bottom(self) -> bool:
        """The descent was not seen (recording began low, as in a deadlift from the floor)."""


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


#: Why a rep has no reading, when the recording as a whole could be read.
NO_FRAMES_READ = (
    "the lower back's outline was not found while hinged (hidden, an arm or a load over "
    "it, or a poor mask)"
)
#: Upper-back note: cautious, never a diagnosis and never a lower-back fault.
UPPER_BACK_NOTE = (
    "Your upper back and head dropped forward on {n} of {total} reps. This is not the "
    "lower-back rounding the tape checks; if it feels right, keep your chest open and "
    "your eyes on the floor a couple of metres ahead."
)


def _no_reading(rep: RepSpan, index: int, reason: str) -> TapeRep:
    return TapeRep(index, rep.start_s, rep.end_s, math.nan, math.nan, math.nan, 0.0, reason)


def _summarize_one(
    tape: TapeSeries, rep: RepSpan, index: int, inside: np.ndarray, window: int, floor: float
) -> TapeRep:
    """One rep's tape over the frames ``inside`` (its read span)."""
    upper, _ = _held_peak(tape.upper_back_pct[inside], window)
    if tape.not_read_reason is not None:
        return replace(_no_reading(rep, index, tape.not_read_reason), upper_back_pct=upper)
    read = np.isfinite(tape.rounding_pct[inside])
    peak, offset = _held_peak(tape.rounding_pct[inside], window)
    if math.isnan(peak):
        return replace(_no_reading(rep, index, NO_FRAMES_READ), upper_back_pct=upper)
    confidence = round(float(np.mean(tape.confidence[inside][read])), 3)
    if confidence < floor:
        reason = f"the outline's confidence ({confidence:.2f}) was below the floor of {floor:.2f}"
        return TapeRep(
            index, rep.start_s, rep.end_s, math.nan, math.nan, math.nan, confidence, reason, upper
        )
    at = inside[offset]
    angle = peak / tape.rounding_pct[at] * tape.angle_deg[at] if peak > 0 else 0.0
    return TapeRep(
        index=index,
        start_s=float(rep.start_s),
        end_s=float(rep.end_s),
        peak_pct=peak,
        peak_angle_deg=float(angle),
        peak_t_s=float(tape.t_s[at]),
        confidence=confidence,
        upper_back_pct=upper,
    )


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
        One per rep, in order; ``peak_pct`` is NaN, with the reason, for a rep with no
        reading held for ``sustain_s`` or one trusted less than ``min_rep_confidence``.
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
            summaries.append(_no_reading(rep, index, tape.not_read_reason or NO_FRAMES_READ))
            continue
        summaries.append(
            _summarize_one(tape, rep, index, inside, window, params.min_rep_confidence)
        )
    return tuple(summaries)


def compute_tape_not_checked(tape_reps: Sequence[TapeRep]) -> str | None:
    """Why the tape was read on none of the reps (the commonest reason), or None."""
    if not tape_reps or any(rep.read for rep in tape_reps):
        return None
    reasons = [rep.reason for rep in tape_reps if rep.reason]
    return max(set(reasons), key=reasons.count) if reasons else NO_FRAMES_READ


def compute_upper_back_note(
    tape_reps: Sequence[TapeRep], params: TapeParams | None = None
) -> str | None:
    """The separate, lower-priority upper-back note, when most reps showed it.

    Parameters
    ----------
    tape_reps : sequence of TapeRep
    params : TapeParams, optional
        ``upper_back_note_pct`` decides which reps count.

    Returns
    -------
    str or None
        A cautious sentence when more than half of the reps whose upper back was read
        reached ``upper_back_note_pct``; None otherwise.
    """
    params = params or TapeParams()
    read = [rep for rep in tape_reps if not math.isnan(rep.upper_back_pct)]
    rounded = sum(rep.upper_back_pct >= params.upper_back_note_pct for rep in read)
    if not read or rounded <= len(read) / 2:
        return None
    return UPPER_BACK_NOTE.format(n=rounded, total=len(tape_reps))
