"""Where the synthetic person's arms are in each hinge variant.

The balanced chain hangs both arms straight down from the shoulders (a load in the
hands). The other variants put the hands on the body (hips, neck, a dowel along the
back) or let a band pull them back between the legs. Points are sagittal (X forward,
Y up, metres) as in :class:`~hingecoach.synthetic.body.SagittalChain`; the two arms may
differ (a dowel is held with one hand high, one low).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hingecoach.synthetic.body import BodyModel, SagittalChain


class SyntheticVariant(StrEnum):
    """The hinge variant the synthetic person does (hands, load, depth)."""

    LOADED = "loaded"
    """A bar in the hands, arms hanging (the original model)."""
    HANDS_AT_WAIST = "hands_at_waist"
    """Bodyweight hinge, hands on the hips, soft knees when standing."""
    DOWEL = "dowel"
    """A dowel along the back: right hand behind the neck, left at the small of the back."""
    BAND = "band"
    """A band pull-through: arms pulled back between the legs as the trunk lowers."""
    GOOD_MORNING = "good_morning"
    """A bar on the upper back, both hands beside the neck."""
    FLOOR_DEADLIFT = "floor_deadlift"
    """One kettlebell picked up from the floor between the feet, normal knee bend."""


@dataclass(frozen=True, slots=True)
class ArmPose:
    """Both arms over time: sagittal points ``(n_frames, 2)`` and the hands' spread.

    Attributes
    ----------
    left_elbow, left_wrist, right_elbow, right_wrist : numpy.ndarray
    hand_half_width_m : float
        Lateral distance of each wrist from the mid-line.
    """

    left_elbow: np.ndarray
    left_wrist: np.ndarray
    right_elbow: np.ndarray
    right_wrist: np.ndarray
    hand_half_width_m: float


def _trunk_frame(chain: SagittalChain) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit vector up the trunk, unit vector forward of it, and the trunk length."""
    trunk = chain.shoulder - chain.hip
    length = np.linalg.norm(trunk, axis=1, keepdims=True)
    up = trunk / length
    forward = np.stack([up[:, 1], -up[:, 0]], axis=1)
    return up, forward, length


def compute_arm_pose(
    chain: SagittalChain, variant: SyntheticVariant, body: BodyModel
) -> ArmPose | None:
    """The arms of ``variant``, or None for arms hanging straight (the chain's own).

    Parameters
    ----------
    chain : SagittalChain
    variant : SyntheticVariant
    body : BodyModel

    Returns
    -------
    ArmPose or None
    """
    up, forward, length = _trunk_frame(chain)
    hip, shoulder = chain.hip, chain.shoulder
    match variant:
        case SyntheticVariant.HANDS_AT_WAIST:
            # Hands on the iliac crests, elbows pointing back.
            wrist = hip + length * (0.2 * up + 0.05 * forward)
            elbow: np.ndarray = shoulder - length * (0.45 * up + 0.35 * forward)
            return ArmPose(elbow, wrist, elbow, wrist, body.half_hip_width_m + 0.04)
        case SyntheticVariant.DOWEL:
            high_wrist = shoulder + length * (0.25 * up - 0.15 * forward)
            high_elbow = shoulder + length * (0.35 * up + 0.1 * forward)
            low_wrist = hip + length * (0.2 * up - 0.25 * forward)
            low_elbow: np.ndarray = shoulder - length * (0.5 * up + 0.3 * forward)
            return ArmPose(low_elbow, low_wrist, high_elbow, high_wrist, 0.05)
        case SyntheticVariant.GOOD_MORNING:
            wrist = shoulder + length * (0.2 * up - 0.12 * forward)
            elbow = shoulder - length * (0.3 * up + 0.25 * forward)
            return ArmPose(elbow, wrist, elbow, wrist, body.half_shoulder_width_m + 0.15)
        case SyntheticVariant.BAND:
            # The band pulls the straight arms back, more the further the trunk leans.
            lean_rad = np.arctan2(up[:, 0], up[:, 1])
            back_rad = 0.6 * np.clip(lean_rad, 0.0, None)
            down_back = np.stack([-np.sin(back_rad), -np.cos(back_rad)], axis=1)
            elbow = shoulder + body.metres(body.upper_arm) * down_back
            wrist = elbow + body.metres(body.forearm) * down_back
            return ArmPose(elbow, wrist, elbow, wrist, 0.05)
        case SyntheticVariant.FLOOR_DEADLIFT:
            # Arms hang as with a bar, both hands on one kettlebell handle.
            return ArmPose(chain.elbow, chain.wrist, chain.elbow, chain.wrist, 0.05)
        case _:
            return None
