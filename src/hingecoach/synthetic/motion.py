"""Joint-angle trajectories of a hip-hinge session: the rep timeline and each fault's posture.

A session is described by one scalar *phase* over time: 0 is standing (lockout), 1 is
the bottom of a rep (a rep's depth scales it by a few percent). Each joint angle goes
from its standing to its bottom value as the phase goes from 0 to 1. Between timeline
knots the phase follows a minimum-jerk profile, the smooth bell-shaped velocity of
practised human point-to-point movement (Flash & Hogan 1985).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hingecoach.frozen import freeze_arrays

#: Standing time before the first and after the last rep.
LEAD_S = 1.0
#: Lowering time of the ``FAST`` fault.
FAST_LOWERING_S = 0.5
#: How far (as a phase) the final, unfinished lowering goes, and how long it takes
#: relative to a full lowering.
PARTIAL_PHASE = 0.5
PARTIAL_DURATION = 0.6


class SyntheticFault(StrEnum):
    """The movement fault the synthetic lifter shows in every rep."""

    NONE = "none"
    SQUATTING = "squatting"
    ROUNDED_BACK = "rounded_back"
    SHALLOW = "shallow"
    FAST = "fast"
    HIPS_NOT_BACK = "hips_not_back"
    LEANING_BACK = "leaning_back"
    #: The upper back rounds, the lower back stays long: not a rounded lower back.
    ROUNDED_UPPER_BACK = "rounded_upper_back"


@dataclass(frozen=True, slots=True)
class Posture:
    """Prescribed joint angles in degrees and balance point; the shin is solved for balance.

    ``balance_x_m`` is where the centre of mass of body and load sits, metres ahead of
    the ankle joint: 0.05 m in quiet standing, ``MID_FOOT_X_M`` when hinged with a
    load, more with the weight on the toes.
    """

    knee_deg: float
    hip_deg: float
    rounding_deg: float
    balance_x_m: float = 0.05


@dataclass(frozen=True, slots=True)
class FaultProfile:
    """How one fault moves.

    Attributes
    ----------
    top, bottom : Posture
        Joint angles and balance point at lockout and at the bottom of a rep.
    lowering_s : float or None
        Lowering time forced by the fault, or ``None`` to use the caller's.
    lumbar_share : float
        Share of the spine's rounding bent at the lower (lumbar) joint; the rest bends at
        the thoracolumbar one (0.5: a whole-back rounding; 0: the upper back only).
    """

    top: Posture
    bottom: Posture
    lowering_s: float | None = None
    lumbar_share: float = 0.5


#: Mid-foot, where the load stays in a well balanced hinge: the foot runs from 0.056 m
#: behind the ankle joint to 0.21 m in front of it.
MID_FOOT_X_M = 0.08
#: The weight on the balls of the feet, as when the knees travel forward.
TOES_X_M = 0.13

_STANDING = Posture(knee_deg=0.0, hip_deg=0.0, rounding_deg=0.0)
# Soft knees, hips pushed back, spine neutral: hip flexion about 87 degrees at the chord.
_GOOD_BOTTOM = Posture(knee_deg=16.0, hip_deg=85.0, rounding_deg=3.0, balance_x_m=MID_FOOT_X_M)


def fault_profile(fault: SyntheticFault) -> FaultProfile:
    """Return the postures and balance of a fault.

    Parameters
    ----------
    fault : SyntheticFault
        The fault.

    Returns
    -------
    FaultProfile
        Standing and bottom postures, balance point and any forced lowering time.
    """
    match fault:
        case SyntheticFault.SQUATTING:
            # Knees travel forward and the hips drop: balance then tips the shins ~40°.
            return FaultProfile(_STANDING, Posture(110.0, 100.0, 3.0, MID_FOOT_X_M))
        case SyntheticFault.ROUNDED_BACK:
            # The pelvis stops early and the spine bends to make up the depth.
            return FaultProfile(_STANDING, Posture(16.0, 63.0, 35.0, MID_FOOT_X_M))
        case SyntheticFault.SHALLOW:
            # Stops at about half the depth of a hinge to hamstring tension.
            return FaultProfile(_STANDING, Posture(10.0, 48.0, 1.0, MID_FOOT_X_M))
        case SyntheticFault.ROUNDED_UPPER_BACK:
            # A good hinge's depth with the upper back rounded by as much as the rounded
            # back's whole spine, the lower back held long.
            return FaultProfile(_STANDING, Posture(16.0, 85.0, 35.0, MID_FOOT_X_M), None, 0.0)
        case SyntheticFault.FAST:
            return FaultProfile(_STANDING, _GOOD_BOTTOM, lowering_s=FAST_LOWERING_S)
        case SyntheticFault.HIPS_NOT_BACK:
            # Knees forward and weight on the toes instead of hips back over mid-foot.
            return FaultProfile(_STANDING, Posture(50.0, 60.0, 3.0, TOES_X_M))
        case SyntheticFault.LEANING_BACK:
            # Hyperextended hips at lockout; balance pushes the pelvis forward under it.
            return FaultProfile(Posture(0.0, -20.0, 0.0), _GOOD_BOTTOM)
        case _:
            return FaultProfile(_STANDING, _GOOD_BOTTOM)


@dataclass(frozen=True, slots=True)
class RepTimeline:
    """Phase knots of a session and the true rep times.

    Attributes
    ----------
    knots_t_s, knots_phase : numpy.ndarray
        Shape ``(n_knots,)``: times (non-decreasing) and phases of the knots.
    rep_start_s, rep_bottom_s, rep_end_s : numpy.ndarray
        Shape ``(n_reps,)``: start of lowering, bottom, and return to standing.
    """

    knots_t_s: np.ndarray
    knots_phase: np.ndarray
    rep_start_s: np.ndarray
    rep_bottom_s: np.ndarray
    rep_end_s: np.ndarray

    def __post_init__(self) -> None:
        freeze_arrays(self)

    @property
    def duration_s(self) -> float:
        """Time of the last knot."""
        return float(self.knots_t_s[-1])


def build_timeline(
    depths: np.ndarray,
    *,
    pause_top_s: float,
    pause_bottom_s: float,
    lowering_s: float,
    rising_s: float,
    start_at_bottom: bool,
    final_partial: bool,
) -> RepTimeline:
    """Lay out the standing, lowering, bottom and rising phases of every rep.

    Parameters
    ----------
    depths : numpy.ndarray
        Shape ``(n_reps,)``: bottom phase of each rep, close to 1.
    pause_top_s, pause_bottom_s, lowering_s, rising_s : float
        Durations in seconds.
    start_at_bottom : bool
        Start at the bottom of the first rep, which is then a rise only.
    final_partial : bool
        End with a lowering that stops halfway; it is not a rep.

    Returns
    -------
    RepTimeline
        Knots and true rep times.
    """
    knots = [(0.0, float(depths[0]) if start_at_bottom else 0.0)]
    starts: list[float] = []
    bottoms: list[float] = []
    ends: list[float] = []
    t_s = 0.0
    for rep, depth in enumerate(depths):
        if rep == 0 and start_at_bottom:
            starts.append(0.0)
            bottoms.append(0.0)
        else:
            t_s += LEAD_S if rep == 0 else pause_top_s
            knots.append((t_s, 0.0))
            starts.append(t_s)
            t_s += lowering_s
            knots.append((t_s, float(depth)))
            bottoms.append(t_s + pause_bottom_s / 2)
            t_s += pause_bottom_s
            knots.append((t_s, float(depth)))
        t_s += rising_s
        knots.append((t_s, 0.0))
        ends.append(t_s)
    if final_partial:
        t_s += pause_top_s if len(depths) else LEAD_S
        knots.append((t_s, 0.0))
        t_s += PARTIAL_DURATION * lowering_s
        knots.append((t_s, PARTIAL_PHASE))
    elif not len(depths):
        t_s += LEAD_S  # an empty session still stands for two lead times
        knots.append((t_s, 0.0))
    knots.append((t_s + LEAD_S, knots[-1][1]))
    knots_array = np.array(knots)
    return RepTimeline(
        knots_t_s=knots_array[:, 0].copy(),
        knots_phase=knots_array[:, 1].copy(),
        rep_start_s=np.array(starts),
        rep_bottom_s=np.array(bottoms),
        rep_end_s=np.array(ends),
    )


def minimum_jerk(fraction: np.ndarray) -> np.ndarray:
    """Minimum-jerk position profile ``10u^3 - 15u^4 + 6u^5`` on ``u`` in [0, 1].

    Parameters
    ----------
    fraction : numpy.ndarray
        Fraction of the movement time elapsed; clipped to [0, 1].

    Returns
    -------
    numpy.ndarray
        Fraction of the distance covered, same shape.
    """
    u = np.clip(fraction, 0.0, 1.0)
    return u**3 * (10 - 15 * u + 6 * u**2)


def compute_phase(t_s: np.ndarray, timeline: RepTimeline) -> np.ndarray:
    """Phase at each time, minimum-jerk between knots.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n,)``: times in seconds.
    timeline : RepTimeline
        The knots.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``: phase, 0 standing, about 1 at the bottom.
    """
    knots_t = timeline.knots_t_s
    # side="right" never selects a zero-length segment (a pause of 0 s).
    segment = np.clip(np.searchsorted(knots_t, t_s, side="right") - 1, 0, len(knots_t) - 2)
    t0, t1 = knots_t[segment], knots_t[segment + 1]
    p0, p1 = timeline.knots_phase[segment], timeline.knots_phase[segment + 1]
    duration = t1 - t0
    fraction = np.divide(t_s - t0, duration, out=np.ones_like(duration), where=duration > 0)
    return p0 + (p1 - p0) * minimum_jerk(fraction)


def compute_joint_angles(
    phase: np.ndarray, profile: FaultProfile
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Knee, hip and spine-rounding angles, and the balance point, from the phase.

    The knees unlock a little ahead of the hips and the spine rounds late in the
    descent, as in real lifts; all three still peak together at the bottom.

    Parameters
    ----------
    phase : numpy.ndarray
        Shape ``(n,)``, non-negative.
    profile : FaultProfile
        Standing and bottom postures.

    Returns
    -------
    tuple of numpy.ndarray
        Knee flexion, hip (pelvis-thigh) flexion and spine rounding in degrees, and the
        balance point in metres ahead of the ankle, each ``(n,)``.
    """
    top, bottom = profile.top, profile.bottom
    knee_phase = phase + 0.25 * phase * (1 - phase)
    knee_deg = top.knee_deg + (bottom.knee_deg - top.knee_deg) * knee_phase
    hip_deg = top.hip_deg + (bottom.hip_deg - top.hip_deg) * phase
    rounding_deg = top.rounding_deg + (bottom.rounding_deg - top.rounding_deg) * phase**2
    balance_x_m = top.balance_x_m + (bottom.balance_x_m - top.balance_x_m) * phase
    return knee_deg, hip_deg, rounding_deg, balance_x_m
