"""Hinge angles and distances from landmarks, in the camera's image plane.

For a side view the image plane is the body's sagittal plane, where a physio judges a
hinge. All functions are vectorised over frames (axis 0 is time) and use the mid-points
of left/right pairs, which MediaPipe's occasional left/right swaps do not move.
"""

from __future__ import annotations

import numpy as np

from hingecoach.kinematics.geometry import angle_between_deg, midpoint, signed_angle_from_up_deg
from hingecoach.kinematics.series import KinematicsSeries
from hingecoach.pose.landmarks import Landmark


def compute_joint_flexion_deg(
    proximal: np.ndarray, joint: np.ndarray, distal: np.ndarray
) -> np.ndarray:
    """Flexion of a joint: 180° minus the angle between its two segments.

    Parameters
    ----------
    proximal, joint, distal : numpy.ndarray
        Shape ``(n_frames, d)``: e.g. shoulder, hip and knee for hip flexion.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, degrees: 0 for a straight joint.
    """
    return 180.0 - angle_between_deg(proximal - joint, distal - joint)


def compute_signed_hip_flexion_deg(
    shoulder: np.ndarray, hip: np.ndarray, knee: np.ndarray, facing: int
) -> np.ndarray:
    """Hip flexion in the image plane, negative when the hip is hyperextended.

    Parameters
    ----------
    shoulder, hip, knee : numpy.ndarray
        Shape ``(n_frames, 2)``, image pixels (y down).
    facing : int
        +1 when the person faces image +x, -1 when facing -x.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, degrees.
    """
    trunk = signed_angle_from_up_deg(shoulder - hip, facing)
    # The thigh points down; its inclination from vertical-down, positive forward.
    thigh = -signed_angle_from_up_deg(hip - knee, facing)
    flexion = trunk + thigh
    return (flexion + 180.0) % 360.0 - 180.0


def compute_kinematics(t_s: np.ndarray, image_xyz_px: np.ndarray, facing: int) -> KinematicsSeries:
    """Hinge kinematics per frame from image landmarks.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, pixels, NaN where the body was lost.
    facing : int
        +1 when the person faces image +x, -1 when facing -x.

    Returns
    -------
    KinematicsSeries
        Angles in degrees and distances in leg lengths (thigh + shank as seen).
    """
    xy = image_xyz_px[:, :, :2]
    shoulder = midpoint(xy, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    hip = midpoint(xy, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    knee = midpoint(xy, Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE)
    ankle = midpoint(xy, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE)
    wrist = midpoint(xy, Landmark.LEFT_WRIST, Landmark.RIGHT_WRIST)
    mid_foot = 0.5 * (
        midpoint(xy, Landmark.LEFT_HEEL, Landmark.RIGHT_HEEL)
        + midpoint(xy, Landmark.LEFT_FOOT_INDEX, Landmark.RIGHT_FOOT_INDEX)
    )
    leg_px = np.linalg.norm(hip - knee, axis=1) + np.linalg.norm(knee - ankle, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        hip_shift_leg = -facing * (hip[:, 0] - ankle[:, 0]) / leg_px
        hip_height_leg = (ankle[:, 1] - hip[:, 1]) / leg_px
        wrist_forward_leg = facing * (wrist[:, 0] - mid_foot[:, 0]) / leg_px
    return KinematicsSeries(
        t_s=np.asarray(t_s, dtype=np.float64),
        hip_flexion_deg=compute_signed_hip_flexion_deg(shoulder, hip, knee, facing),
        knee_flexion_deg=compute_joint_flexion_deg(hip, knee, ankle),
        trunk_inclination_deg=signed_angle_from_up_deg(shoulder - hip, facing),
        shin_inclination_deg=signed_angle_from_up_deg(knee - ankle, facing),
        hip_shift_leg=hip_shift_leg,
        hip_height_leg=hip_height_leg,
        wrist_forward_leg=wrist_forward_leg,
    )


def compute_counting_signals(
    image_xyz_px: np.ndarray, world_xyz_m: np.ndarray, use_world: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Unsigned hip flexion and trunk angle from vertical, for finding reps.

    Both are unsigned so that a wrong guess of the facing direction cannot turn a bend
    into an extension. From the side (and obliquely) the image plane shows the sagittal
    plane best; from the front the bend happens in depth, which only the world landmarks
    hold.

    Parameters
    ----------
    image_xyz_px, world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.
    use_world : bool
        Measure in world coordinates (front views) rather than the image plane.

    Returns
    -------
    hip_flexion_deg, trunk_inclination_deg : numpy.ndarray
        Shape ``(n_frames,)`` each, degrees.
    """
    points = world_xyz_m if use_world else image_xyz_px[:, :, :2]
    shoulder = midpoint(points, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    hip = midpoint(points, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    knee = midpoint(points, Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE)
    up = np.zeros(points.shape[-1])
    up[1] = -1.0  # y points down in both coordinate systems
    trunk = angle_between_deg(shoulder - hip, np.broadcast_to(up, shoulder.shape))
    return compute_joint_flexion_deg(shoulder, hip, knee), trunk


def compute_counting_signals_by_view(
    image_xyz_px: np.ndarray, world_xyz_m: np.ndarray, front: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Counting signals with each frame measured in the plane its view shows best.

    Parameters
    ----------
    image_xyz_px, world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.
    front : numpy.ndarray
        Shape ``(n_frames,)``, bool: frames seen from the front (measured in world
        landmarks; the others in the image plane).

    Returns
    -------
    hip_flexion_deg, trunk_inclination_deg : numpy.ndarray
        Shape ``(n_frames,)`` each, degrees.
    """
    front = np.asarray(front, dtype=bool)
    image_hip, image_trunk = compute_counting_signals(image_xyz_px, world_xyz_m, use_world=False)
    if not front.any():
        return image_hip, image_trunk
    world_hip, world_trunk = compute_counting_signals(image_xyz_px, world_xyz_m, use_world=True)
    return np.where(front, world_hip, image_hip), np.where(front, world_trunk, image_trunk)
