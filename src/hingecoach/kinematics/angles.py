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


#: The upright trunk's ratio is taken as this percentile of the stretch's ratios: the
#: person stands between reps, and the top 10 % leaves room for mis-tracked frames.
UPRIGHT_PERCENTILE = 90.0


def compute_torso_ratio(image_xyz_px: np.ndarray) -> np.ndarray:
    """Height of the trunk in the picture over the shoulders' width (a front camera's view).

    Seen from the front, a trunk pitching forward foreshortens (its height shrinks with
    the cosine of the pitch) while the shoulder line, the axis it pitches about, keeps
    its length: their ratio measures the bend without any depth estimate.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``; NaN where lost or the shoulders overlap.
    """
    xy = image_xyz_px[:, :, :2]
    shoulder = midpoint(xy, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    hip = midpoint(xy, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    width = np.linalg.norm(xy[:, Landmark.LEFT_SHOULDER] - xy[:, Landmark.RIGHT_SHOULDER], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(width > 0, (hip[:, 1] - shoulder[:, 1]) / width, np.nan)


def compute_front_drop_deg(torso_ratio: np.ndarray, upright_ratio: float) -> np.ndarray:
    """The shoulders' drop towards the hips, in degrees of trunk pitch it stands for.

    ``90 * (1 - ratio / upright_ratio)``: 0 upright and 90 with the trunk level, like
    the pitch itself, and below the pitch in between (``1 - cos`` against the angle), so
    it never reads a bend deeper than it is; unlike the arccosine it is not steep at
    upright, where a few percent of landmark noise would read as 20° of pitch.

    Parameters
    ----------
    torso_ratio : numpy.ndarray
        From :func:`compute_torso_ratio`.
    upright_ratio : float
        The same person's ratio standing upright in the same shot.

    Returns
    -------
    numpy.ndarray
        Same shape, degrees; NaN where the ratio is (or without an upright ratio).
    """
    if not (np.isfinite(upright_ratio) and upright_ratio > 0):
        return np.full(np.shape(torso_ratio), np.nan)
    return 90.0 * (1.0 - np.clip(torso_ratio / upright_ratio, 0.0, 1.0))


def compute_front_counting_signals(
    image_xyz_px: np.ndarray, world_xyz_m: np.ndarray, upright_ratio: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Counting signals for a front view: the larger of two bends a front camera sees.

    World-landmark hip flexion holds the bend in depth, but MediaPipe compresses depth,
    so it can read a hinge shallow; the trunk's foreshortening (the shoulders' drop
    towards the hips) reads the same bend from the picture alone. Taking the larger
    keeps a rep that either one sees; both are near their standing level at lockout.

    Parameters
    ----------
    image_xyz_px, world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``: one shot seen from the front.
    upright_ratio : float, optional
        The upright torso ratio (live: from the frames so far); by default the
        ``UPRIGHT_PERCENTILE`` of the frames given.

    Returns
    -------
    hip_flexion_deg, trunk_inclination_deg : numpy.ndarray
        Shape ``(n_frames,)`` each, degrees.
    """
    hip, trunk = compute_counting_signals(image_xyz_px, world_xyz_m, use_world=True)
    ratio = compute_torso_ratio(image_xyz_px)
    if upright_ratio is None:
        finite = ratio[np.isfinite(ratio)]
        upright_ratio = (
            float(np.percentile(finite, UPRIGHT_PERCENTILE)) if finite.size else float("nan")
        )
    drop = compute_front_drop_deg(ratio, upright_ratio)
    return np.fmax(hip, drop), np.fmax(trunk, drop)
