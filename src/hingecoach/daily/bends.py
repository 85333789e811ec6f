"""Each everyday bend: found, classed as a hinge, a squat, a stoop or a mix, and measured.

A bend is the trunk lowering from upright and coming back. The rep detector that counts
exercise sets finds the bends too (hip flexion past ``RepParams.down_deg`` above
standing and back to upright): a bend is a rep without the expectation of a set. Its
class rests on three readings, each already measured for the form rules: the
hinge-vs-squat index (where the depth came from: the trunk lowering or the thighs
rotating forward), the knee bend and the lower-back tape (:mod:`form.tape`).
A lower back that was not read is never 0 %: the bend keeps ``tape_pct`` None with the
reason, and a straight-legged bend without it stays an even call.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hingecoach.daily.params import BendParams
from hingecoach.form.measures import compute_hinge_squat_index
from hingecoach.form.tape_reps import TapeRep
from hingecoach.kinematics.series import KinematicsSeries
from hingecoach.reps.measures import Rep


class BendClass(StrEnum):
    """How a bend was done."""

    HINGE = "hinge"
    """Hips back, lower back long, knees soft or bent as far as the reach needs."""
    SQUAT = "squat"
    """Knees forward, trunk fairly upright, hips dropping."""
    STOOP = "stoop"
    """Legs nearly straight, the lower back rounded."""
    MIXED = "mixed"
    """The lower back rounded with the knees bent: neither a hinge nor a stoop."""


@dataclass(frozen=True, slots=True)
class Bend:
    """One everyday bend, its class and its measures (NaN where not measurable).

    The frame indices address the recording's kinematic series, so a later stage (e.g.
    a low-back load estimate) can work on the bend's window ``start_frame:end_frame + 1``.

    Attributes
    ----------
    index : int
        1-based bend number.
    start_frame, peak_frame, end_frame : int
        Frames of the start of the lowering, the deepest point and the return upright.
    start_s, peak_s, end_s : float
        The same moments, seconds.
    kind : BendClass
    confidence : float
        0..1: how clearly the readings fall in the class, times the bend's tracking and
        view confidence.
    peak_trunk_inclination_deg : float
        Greatest forward lean of the hip→shoulder line from vertical in the bend.
    peak_hip_flexion_deg : float
        Deepest trunk–thigh angle.
    knee_flexion_deg : float
        Knee bend at the deepest point (0 = straight).
    hip_shift_leg : float
        Hips behind the ankles at the deepest point, leg lengths.
    hinge_squat_index : float
        Share of the hip flexion from the thigh rotating forward (0 hinge .. 1 squat).
    tape_pct : float or None
        Lower-back tape peak, % of the person's range; None when not read.
    tape_reason : str or None
        Why the tape was not read (None when it was).
    duration_s : float
        From the start of the lowering to upright again.
    """

    index: int
    start_frame: int
    peak_frame: int
    end_frame: int
    start_s: float
    peak_s: float
    end_s: float
    kind: BendClass
    confidence: float
    peak_trunk_inclination_deg: float
    peak_hip_flexion_deg: float
    knee_flexion_deg: float
    hip_shift_leg: float
    hinge_squat_index: float
    tape_pct: float | None
    tape_reason: str | None
    duration_s: float

    @property
    def frames(self) -> slice:
        """The bend's frames in the recording's series: ``start_frame`` to ``end_frame``."""
        return slice(self.start_frame, self.end_frame + 1)

    @property
    def good(self) -> bool:
        """A hinge: the bend the practice is about."""
        return self.kind is BendClass.HINGE


def _certainty(distance: float, margin: float) -> float:
    """0.5 on the threshold, 1.0 at ``margin`` past it (clipped)."""
    return float(np.clip(0.5 + distance / (2.0 * margin), 0.5, 1.0))


def classify_bend(
    hinge_squat_index: float,
    knee_flexion_deg: float,
    tape_pct: float | None,
    params: BendParams | None = None,
) -> tuple[BendClass, float]:
    """The class of a bend and how clearly its readings put it there.

    Parameters
    ----------
    hinge_squat_index : float
        0..1, NaN when not measurable.
    knee_flexion_deg : float
        At the deepest point, degrees (NaN when not measurable).
    tape_pct : float or None
        Lower-back tape peak, % of range; None when not read.
    params : BendParams, optional

    Returns
    -------
    kind : BendClass
    certainty : float
        0..1, before the tracking confidence (0 when nothing could be read).
    """
    params = params or BendParams()
    straight = knee_flexion_deg < params.straight_knee_deg
    if tape_pct is not None and tape_pct >= params.rounded_pct:
        certainty = _certainty(tape_pct - params.rounded_pct, params.tape_margin_pct)
        # A knee bend that was not measured cannot prove bent legs: a stoop is the
        # more cautious call for a rounded lower back.
        kind = BendClass.MIXED if knee_flexion_deg >= params.straight_knee_deg else BendClass.STOOP
        return kind, certainty
    if math.isnan(hinge_squat_index):
        return BendClass.MIXED, 0.0
    distance = hinge_squat_index - params.squat_index
    if distance >= 0:
        return BendClass.SQUAT, _certainty(distance, params.index_margin)
    certainty = _certainty(-distance, params.index_margin)
    if straight and tape_pct is None:
        certainty = min(certainty, params.unread_back_confidence)
    return BendClass.HINGE, certainty


def _frame_at(t_s: np.ndarray, when_s: float) -> int:
    """Index of the frame nearest to ``when_s``."""
    return int(np.clip(np.argmin(np.abs(t_s - when_s)), 0, t_s.shape[0] - 1))


def measure_bend(
    rep: Rep,
    tape: TapeRep | None,
    kinematics: KinematicsSeries,
    params: BendParams | None = None,
) -> Bend:
    """One bend from a counted rep, its tape reading and the kinematics.

    Parameters
    ----------
    rep : Rep
    tape : TapeRep or None
        The rep's lower-back tape (None: not measured at all).
    kinematics : KinematicsSeries
    params : BendParams, optional

    Returns
    -------
    Bend
    """
    t_s = kinematics.t_s
    start, peak, end = (_frame_at(t_s, s) for s in (rep.start_s, rep.bottom_s, rep.end_s))
    trunk = kinematics.trunk_inclination_deg[start : end + 1]
    peak_trunk = float(np.nanmax(trunk)) if np.isfinite(trunk).any() else math.nan
    index = compute_hinge_squat_index(rep.peak_hip_flexion_deg, rep.trunk_inclination_at_bottom_deg)
    read = tape is not None and tape.read
    tape_pct = float(tape.peak_pct) if tape is not None and read else None
    reason = None if read else (tape.reason if tape is not None else "the tape was not measured")
    kind, certainty = classify_bend(index, rep.knee_flexion_at_bottom_deg, tape_pct, params)
    return Bend(
        index=rep.index,
        start_frame=start,
        peak_frame=peak,
        end_frame=end,
        start_s=rep.start_s,
        peak_s=rep.bottom_s,
        end_s=rep.end_s,
        kind=kind,
        confidence=round(certainty * rep.confidence, 3),
        peak_trunk_inclination_deg=peak_trunk,
        peak_hip_flexion_deg=rep.peak_hip_flexion_deg,
        knee_flexion_deg=rep.knee_flexion_at_bottom_deg,
        hip_shift_leg=rep.hip_shift_at_bottom_leg,
        hinge_squat_index=index,
        tape_pct=tape_pct,
        tape_reason=reason or ("not read" if not read else None),
        duration_s=rep.end_s - rep.start_s,
    )


def measure_bends(
    reps: Sequence[Rep],
    tape_reps: Sequence[TapeRep],
    kinematics: KinematicsSeries,
    params: BendParams | None = None,
) -> tuple[Bend, ...]:
    """Every bend of a recording, from its counted reps (in order).

    ``tape_reps`` pairs with ``reps`` one to one; when the lengths differ (no tape
    measured) every bend is "not read".
    """
    tapes: Sequence[TapeRep | None] = tape_reps
    if len(tapes) != len(reps):
        tapes = [None] * len(reps)
    return tuple(
        measure_bend(rep, tape, kinematics, params) for rep, tape in zip(reps, tapes, strict=True)
    )
