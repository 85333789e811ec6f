"""B-stance (kickstand) single-leg hinge: weight shift and hip twist, from the front.

Both are judged on world landmarks (metres; x to the camera's right, y down, z away),
which from a front or oblique view show side-to-side and rotation that a side view hides.
"""

from __future__ import annotations

import numpy as np

from hingecoach.kinematics.geometry import midpoint
from hingecoach.pose.landmarks import Landmark


def compute_pelvis_yaw_deg(world_xyz_m: np.ndarray) -> np.ndarray:
    """Rotation of the hip line about the vertical, per frame.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, degrees in ``[-90, 90)``: 0 with the hips square to the
        camera (from the front or the back).
    """
    across = world_xyz_m[:, Landmark.RIGHT_HIP] - world_xyz_m[:, Landmark.LEFT_HIP]
    yaw = np.degrees(np.arctan2(across[:, 2], across[:, 0]))
    # The hip line's direction flips between a front and a back view; fold it so both
    # read 0 when square to the camera.
    return (yaw + 90.0) % 180.0 - 90.0


def detect_kickstand_side(world_xyz_m: np.ndarray) -> Landmark:
    """Which ankle belongs to the kickstand (back) foot: the one whose heel is raised.

    Returns
    -------
    Landmark
        ``LEFT_ANKLE`` or ``RIGHT_ANKLE``.
    """
    # y points down: a raised heel sits higher (smaller y) than its own toes.
    left_rise = world_xyz_m[:, Landmark.LEFT_FOOT_INDEX, 1] - world_xyz_m[:, Landmark.LEFT_HEEL, 1]
    right_rise = (
        world_xyz_m[:, Landmark.RIGHT_FOOT_INDEX, 1] - world_xyz_m[:, Landmark.RIGHT_HEEL, 1]
    )
    return Landmark.LEFT_ANKLE if np.nanmedian(left_rise - right_rise) > 0 else Landmark.RIGHT_ANKLE


def compute_kickstand_share(world_xyz_m: np.ndarray, kickstand: Landmark) -> np.ndarray:
    """Where the hips sit between the front foot (0) and the kickstand foot (1), per frame.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.
    kickstand : Landmark
        ``LEFT_ANKLE`` or ``RIGHT_ANKLE``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``; NaN where the feet are not apart side to side.
    """
    front = Landmark.RIGHT_ANKLE if kickstand is Landmark.LEFT_ANKLE else Landmark.LEFT_ANKLE
    hips_x = midpoint(world_xyz_m, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, 0]
    front_x = world_xyz_m[:, front, 0]
    span = world_xyz_m[:, kickstand, 0] - front_x
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (hips_x - front_x) / span
    return np.where(np.abs(span) > 0.05, share, np.nan)
