"""Per-rep measures the fault rules read, taken from the smoothed kinematics."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.series import KinematicsSeries
from hingecoach.reps.measures import Rep

#: Window after a rep's end in which lockout is judged, seconds: long enough to see the
#: top of the movement, shorter than the pause before the next rep usually is.
LOCKOUT_WINDOW_S = 1.0
#: Hip extension no one reaches standing, degrees: about 10-20° actively and 30° passively
#: (hip extension range of motion in healthy adults). A reading past 45° is a landmark
#: misplaced (a knee taken for the free leg's, a thigh lost for a frame), not a posture:
#: one such frame in the second after lockout read -163° on a single-leg RDL (the
#: least flexion of that second). Those frames are left out of the lockout's least flexion.
IMPOSSIBLE_HIP_EXTENSION_DEG = 45.0
#: Below this hip flexion the hinge-vs-squat index is not defined (no depth to split).
MIN_INDEX_HIP_DEG = 20.0


@dataclass(frozen=True, slots=True)
class RepFormMeasures:
    """What the fault rules need to know about one rep (NaN when not measurable).

    Attributes
    ----------
    peak_hip_flexion_deg, trunk_inclination_at_bottom_deg : float
    knee_flexion_at_bottom_deg : float
    hinge_squat_index : float
        Share of hip flexion at the bottom that comes from the thigh rotating forward
        rather than the trunk lowering: 0 = pure hinge, 1 = pure squat.
    hip_shift_at_bottom_leg : float
    rise_trunk_share : float
        Share of the trunk's rise done when the knees were half-way straight.
    rise_knee_range_deg, rise_trunk_range_deg : float
    lockout_hip_flexion_deg : float
        Least hip flexion in the second after lockout (negative: hip extension).
    wrist_forward_at_bottom_leg : float
    lowering_s : float
    started_at_bottom : bool
    """

    peak_hip_flexion_deg: float
    trunk_inclination_at_bottom_deg: float
    hinge_squat_index: float
    hip_shift_at_bottom_leg: float
    rise_trunk_share: float
    rise_knee_range_deg: float
    rise_trunk_range_deg: float
    lockout_hip_flexion_deg: float
    wrist_forward_at_bottom_leg: float
    lowering_s: float
    started_at_bottom: bool
    knee_flexion_at_bottom_deg: float = float("nan")


def compute_hinge_squat_index(hip_flexion_deg: float, trunk_inclination_deg: float) -> float:
    """Share of hip flexion from the thigh (squat) rather than the trunk (hinge), 0..1.

    Hip flexion is the trunk's lean plus the thigh's forward rotation; the index is the
    thigh's share. NaN when the hip is barely bent.
    """
    if not hip_flexion_deg > MIN_INDEX_HIP_DEG:
        return float("nan")
    return float(np.clip((hip_flexion_deg - trunk_inclination_deg) / hip_flexion_deg, 0.0, 1.0))


def compute_rise_order(
    knee_flexion_deg: np.ndarray, trunk_inclination_deg: np.ndarray
) -> tuple[float, float, float]:
    """How far the trunk had risen when the knees were half-way straight, in the rise.

    Parameters
    ----------
    knee_flexion_deg, trunk_inclination_deg : numpy.ndarray
        Shape ``(n,)``, from the bottom of the rep to its end.

    Returns
    -------
    trunk_share, knee_range_deg, trunk_range_deg : float
        ``trunk_share`` is NaN when a signal is missing.
    """
    if (
        knee_flexion_deg.size < 3
        or np.isnan(knee_flexion_deg[0])
        or np.isnan(trunk_inclination_deg[0])
    ):
        return float("nan"), float("nan"), float("nan")
    knee_range = float(knee_flexion_deg[0] - np.nanmin(knee_flexion_deg))
    trunk_range = float(trunk_inclination_deg[0] - np.nanmin(trunk_inclination_deg))
    if knee_range <= 0 or trunk_range <= 0:
        return float("nan"), knee_range, trunk_range
    half_way = int(np.argmax(knee_flexion_deg <= knee_flexion_deg[0] - 0.5 * knee_range))
    share = (trunk_inclination_deg[0] - trunk_inclination_deg[half_way]) / trunk_range
    return float(share), knee_range, trunk_range


def _at(kinematics: KinematicsSeries, name: str, t_s: float) -> float:
    values = getattr(kinematics, name)
    index = int(np.argmin(np.abs(kinematics.t_s - t_s)))
    return float(values[index])


def _window(kinematics: KinematicsSeries, start_s: float, stop_s: float) -> slice:
    first, last = np.searchsorted(kinematics.t_s, [start_s, stop_s])
    return slice(int(first), int(max(last, first + 1)))


def _possible_hip(hip_flexion_deg: np.ndarray) -> np.ndarray:
    """Hip flexion with the impossible extensions (misplaced landmarks) set to NaN."""
    return np.where(hip_flexion_deg < -IMPOSSIBLE_HIP_EXTENSION_DEG, np.nan, hip_flexion_deg)


def _nan_min(values: np.ndarray) -> float:
    valid = values[~np.isnan(values)]
    return float(valid.min()) if valid.size else float("nan")


def measure_rep_form(rep: Rep, kinematics: KinematicsSeries) -> RepFormMeasures:
    """Take the fault rules' measures of one rep.

    Parameters
    ----------
    rep : Rep
        A counted rep.
    kinematics : KinematicsSeries
        Smoothed kinematics covering the rep and the second after it.

    Returns
    -------
    RepFormMeasures
    """
    hip_at_bottom = _at(kinematics, "hip_flexion_deg", rep.bottom_s)
    trunk_at_bottom = _at(kinematics, "trunk_inclination_deg", rep.bottom_s)
    rise = _window(kinematics, rep.bottom_s, rep.end_s)
    trunk_share, knee_range, trunk_range = compute_rise_order(
        kinematics.knee_flexion_deg[rise], kinematics.trunk_inclination_deg[rise]
    )
    after = _window(kinematics, rep.end_s, rep.end_s + LOCKOUT_WINDOW_S)
    return RepFormMeasures(
        peak_hip_flexion_deg=rep.peak_hip_flexion_deg,
        trunk_inclination_at_bottom_deg=trunk_at_bottom,
        hinge_squat_index=compute_hinge_squat_index(hip_at_bottom, trunk_at_bottom),
        hip_shift_at_bottom_leg=rep.hip_shift_at_bottom_leg,
        rise_trunk_share=trunk_share,
        rise_knee_range_deg=knee_range,
        rise_trunk_range_deg=trunk_range,
        lockout_hip_flexion_deg=_nan_min(_possible_hip(kinematics.hip_flexion_deg[after])),
        wrist_forward_at_bottom_leg=_at(kinematics, "wrist_forward_leg", rep.bottom_s),
        lowering_s=rep.lowering_s if not rep.started_at_bottom else math.nan,
        started_at_bottom=rep.started_at_bottom,
        knee_flexion_at_bottom_deg=_at(kinematics, "knee_flexion_deg", rep.bottom_s),
    )
