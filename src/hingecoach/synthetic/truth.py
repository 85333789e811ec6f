"""Ground truth of a synthetic session, measured from the rendered landmarks.

The definitions are the ones the kinematics stage applies to real landmarks, using the
mid-points of left/right pairs in the sagittal plane, so a perfect pose estimator and a
correct kinematics stage reproduce these numbers exactly. They are measured from the
rendered points rather than copied from the prescribed joint angles because the two
differ once the spine rounds (the hip-to-shoulder chord is not the pelvis segment).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.frozen import freeze_arrays
from hingecoach.pose.landmarks import Landmark


@dataclass(frozen=True, slots=True)
class SyntheticTruth:
    """What the synthetic lifter really did.

    Attributes
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``: frame times in seconds.
    hip_flexion_deg, knee_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``: 180 degrees minus the angle at the mid-hip (shoulder,
        knee) and at the mid-knee (hip, ankle); 0 straight, negative hyperextended.
    trunk_inclination_deg : numpy.ndarray
        Shape ``(n_frames,)``: mid-hip to mid-shoulder from vertical-up, + shoulders in
        front of the hips.
    shin_inclination_deg : numpy.ndarray
        Shape ``(n_frames,)``: mid-ankle to mid-knee from vertical-up, + knee in front.
    hip_shift_leg, hip_height_leg : numpy.ndarray
        Shape ``(n_frames,)``: mid-hip behind and above the mid-ankle, in leg lengths
        (thigh + shank).
    spine_rounding_deg : numpy.ndarray
        Shape ``(n_frames,)``: the model's bend between pelvis and thoracic segments.
    rep_start_s, rep_bottom_s, rep_end_s : numpy.ndarray
        Shape ``(n_reps,)``: start of lowering, bottom (maximum hip flexion, middle of
        any bottom pause) and return to standing of each complete rep.
    side : str
        ``"left"`` or ``"right"``: the side of the body facing the camera.
    facing : int
        +1 if the person faces image +x, -1 if they face -x.
    """

    t_s: np.ndarray
    hip_flexion_deg: np.ndarray
    knee_flexion_deg: np.ndarray
    trunk_inclination_deg: np.ndarray
    shin_inclination_deg: np.ndarray
    hip_shift_leg: np.ndarray
    hip_height_leg: np.ndarray
    spine_rounding_deg: np.ndarray
    rep_start_s: np.ndarray
    rep_bottom_s: np.ndarray
    rep_end_s: np.ndarray
    side: str
    facing: int

    def __post_init__(self) -> None:
        freeze_arrays(self)

    @property
    def n_reps(self) -> int:
        """Number of complete reps."""
        return int(self.rep_start_s.shape[0])


def _mid(xyz: np.ndarray, left: Landmark, right: Landmark) -> np.ndarray:
    """Mid-point of a left/right pair, shape ``(n_frames, 3)``."""
    return (xyz[:, left] + xyz[:, right]) / 2


def _inclination_deg(vector: np.ndarray, facing: int) -> np.ndarray:
    """Angle from vertical-up (y is down), positive towards the facing direction."""
    return np.degrees(np.arctan2(facing * vector[:, 0], -vector[:, 1]))


@dataclass(frozen=True, slots=True)
class HingeAngles:
    """The per-frame hinge measures, each of shape ``(n_frames,)``.

    The fields mean the same as in :class:`SyntheticTruth`.
    """

    hip_flexion_deg: np.ndarray
    knee_flexion_deg: np.ndarray
    trunk_inclination_deg: np.ndarray
    shin_inclination_deg: np.ndarray
    hip_shift_leg: np.ndarray
    hip_height_leg: np.ndarray

    def __post_init__(self) -> None:
        freeze_arrays(self)


def compute_hinge_angles(
    world_xyz_m: np.ndarray, *, facing: int, leg_length_m: float
) -> HingeAngles:
    """Measure the hinge angles from noise-free world landmarks.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``: world landmarks, y down.
    facing : int
        +1 if the person faces +x, -1 if -x.
    leg_length_m : float
        Thigh plus shank length in metres.

    Returns
    -------
    HingeAngles
        Joint angles, inclinations and hip position, each of shape ``(n_frames,)``.
    """
    hip = _mid(world_xyz_m, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    knee = _mid(world_xyz_m, Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE)
    ankle = _mid(world_xyz_m, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE)
    shoulder = _mid(world_xyz_m, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    trunk_deg = _inclination_deg(shoulder - hip, facing)
    thigh_deg = _inclination_deg(hip - knee, facing)
    shin_deg = _inclination_deg(knee - ankle, facing)
    # Signed differences of inclinations equal 180 minus the joint angle, and keep the
    # sign of hyperextension that an unsigned angle would lose.
    return HingeAngles(
        hip_flexion_deg=trunk_deg - thigh_deg,
        knee_flexion_deg=shin_deg - thigh_deg,
        trunk_inclination_deg=trunk_deg,
        shin_inclination_deg=shin_deg,
        hip_shift_leg=-facing * (hip[:, 0] - ankle[:, 0]) / leg_length_m,
        hip_height_leg=(ankle[:, 1] - hip[:, 1]) / leg_length_m,
    )
