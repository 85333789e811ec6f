"""Per-rep measures, taken from the kinematics between a rep's boundaries."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.series import KinematicsSeries
from hingecoach.reps.segmenter import RepTiming

#: Below this share of tracked frames (times view confidence) a rep is flagged "low".
MIN_GOOD_CONFIDENCE = 0.8


@dataclass(frozen=True, slots=True)
class Rep:
    """One counted rep and its hinge measures.

    Attributes
    ----------
    index : int
        1-based rep number.
    start_s, bottom_s, end_s : float
        Start of the descent, deepest point, return to lockout; seconds.
    lowering_s, rising_s : float
        Durations of the descent and of the rise, seconds.
    peak_hip_flexion_deg : float
        Deepest hip flexion, degrees.
    knee_flexion_at_bottom_deg, trunk_inclination_at_bottom_deg,
    shin_inclination_at_bottom_deg : float
        Angles at the bottom, degrees (see :class:`KinematicsSeries`).
    hip_shift_at_bottom_leg : float
        How far the hips travelled back behind the ankles at the bottom, leg lengths.
    started_at_bottom : bool
        The descent was not seen (recording began low, as in a deadlift from the floor).
    confidence : float
        0..1: share of frames in the rep with a tracked body, times the view confidence.
    quality : str
        ``"good"`` or ``"low"`` (confidence below 0.8).
    """

    index: int
    start_s: float
    bottom_s: float
    end_s: float
    lowering_s: float
    rising_s: float
    peak_hip_flexion_deg: float
    knee_flexion_at_bottom_deg: float
    trunk_inclination_at_bottom_deg: float
    shin_inclination_at_bottom_deg: float
    hip_shift_at_bottom_leg: float
    started_at_bottom: bool
    confidence: float
    quality: str


def _value_at(kinematics: KinematicsSeries, name: str, t_s: float) -> float:
    """Value of a channel at the tracked frame nearest to ``t_s`` (NaN if none is)."""
    values = getattr(kinematics, name)
    valid = ~np.isnan(values)
    if not valid.any():
        return float("nan")
    times = kinematics.t_s[valid]
    return float(values[valid][np.argmin(np.abs(times - t_s))])


def measure_rep(
    index: int,
    timing: RepTiming,
    kinematics: KinematicsSeries,
    *,
    view_confidence: float = 1.0,
) -> Rep:
    """Measure one rep from the kinematics between its boundaries.

    Parameters
    ----------
    index : int
        1-based rep number.
    timing : RepTiming
        Boundaries from the detector (refined offline).
    kinematics : KinematicsSeries
        Per-frame kinematics covering the rep.
    view_confidence : float
        0..1, how sure we are of the camera view (angles need a known view).

    Returns
    -------
    Rep
    """
    inside = (kinematics.t_s >= timing.start_s) & (kinematics.t_s <= timing.end_s)
    tracked = ~np.isnan(kinematics.hip_flexion_deg[inside])
    tracked_share = float(tracked.mean()) if tracked.size else 0.0
    confidence = round(tracked_share * float(view_confidence), 3)
    return Rep(
        index=index,
        start_s=timing.start_s,
        bottom_s=timing.bottom_s,
        end_s=timing.end_s,
        lowering_s=timing.bottom_s - timing.start_s,
        rising_s=timing.end_s - timing.bottom_s,
        peak_hip_flexion_deg=timing.peak_hip_flexion_deg,
        knee_flexion_at_bottom_deg=_value_at(kinematics, "knee_flexion_deg", timing.bottom_s),
        trunk_inclination_at_bottom_deg=_value_at(
            kinematics, "trunk_inclination_deg", timing.bottom_s
        ),
        shin_inclination_at_bottom_deg=_value_at(
            kinematics, "shin_inclination_deg", timing.bottom_s
        ),
        hip_shift_at_bottom_leg=_value_at(kinematics, "hip_shift_leg", timing.bottom_s),
        started_at_bottom=timing.started_at_bottom,
        confidence=confidence,
        quality="good" if confidence >= MIN_GOOD_CONFIDENCE else "low",
    )
