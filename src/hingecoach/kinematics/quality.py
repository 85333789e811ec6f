"""Data-quality checks on landmark series: each returns a warning sentence or None."""

from __future__ import annotations

import numpy as np

from hingecoach.kinematics.geometry import midpoint
from hingecoach.pose.landmarks import Landmark

#: Landmarks that must be in the picture for the whole body to be seen: head and both feet.
EDGE_LANDMARKS = (
    Landmark.NOSE,
    Landmark.LEFT_ANKLE,
    Landmark.RIGHT_ANKLE,
    Landmark.LEFT_HEEL,
    Landmark.RIGHT_HEEL,
)


def compute_cut_off_share(image_xyz_px: np.ndarray, image_size: tuple[int, int]) -> float:
    """Share of tracked frames where the head or a foot lies outside the picture.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, NaN where lost.
    image_size : tuple of int
        ``(width, height)``.

    Returns
    -------
    float
        0..1 (0 when no frame is tracked).
    """
    return compute_outside_share(image_xyz_px, image_size, EDGE_LANDMARKS)


def count_identity_jumps(image_xyz_px: np.ndarray, max_jump_leg: float) -> int:
    """Count frame-to-frame jumps of the hips too large for a human body.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, NaN where lost.
    max_jump_leg : float
        Largest plausible move between consecutive frames, in leg lengths.

    Returns
    -------
    int
        Number of jumps (between consecutive tracked frames).
    """
    xy = image_xyz_px[:, :, :2]
    tracked = ~np.isnan(xy[:, 0, 0])
    if tracked.sum() < 2:
        return 0
    xy = xy[tracked]
    hip = midpoint(xy, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    ankle = midpoint(xy, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE)
    leg_px = float(np.median(np.linalg.norm(hip - ankle, axis=1)))
    if leg_px <= 0:
        return 0
    steps = np.linalg.norm(np.diff(hip, axis=0), axis=1) / leg_px
    return int(np.sum(steps > max_jump_leg))


#: Landmark groups whose absence from the picture rules out the faults that need them.
LEG_LANDMARKS = (
    Landmark.LEFT_KNEE,
    Landmark.RIGHT_KNEE,
    Landmark.LEFT_ANKLE,
    Landmark.RIGHT_ANKLE,
)
HEAD_LANDMARKS = (Landmark.NOSE, Landmark.LEFT_EAR, Landmark.RIGHT_EAR)


def compute_outside_share(
    image_xyz_px: np.ndarray, image_size: tuple[int, int], landmarks: tuple[Landmark, ...]
) -> float:
    """Share of tracked frames where any of ``landmarks`` lies outside the picture.

    MediaPipe places landmarks it cannot see beyond the picture's edge, so a point
    outside ``[0, width] x [0, height]`` is a body part that was not filmed.

    Returns
    -------
    float
        0..1 (0 when no frame is tracked).
    """
    tracked = ~np.isnan(image_xyz_px[:, 0, 0])
    if not tracked.any():
        return 0.0
    points = image_xyz_px[tracked][:, list(landmarks), :2]
    width, height = image_size
    outside = (
        (points[..., 0] < 0)
        | (points[..., 0] > width)
        | (points[..., 1] < 0)
        | (points[..., 1] > height)
    )
    return float(outside.any(axis=1).mean())


def compute_body_tilt_deg(
    image_xyz_px: np.ndarray, image_size: tuple[int, int], min_share: float = 0.3
) -> float:
    """Median angle between the legs (mid-ankle to mid-hip) and the picture's up direction.

    About 0 for a person standing or hinging upright in the picture, 90 for one lying
    sideways (or a video turned on its side), 180 upside down. The legs are used, not the
    trunk, because the trunk bends to horizontal in every hinge while the legs stay
    near vertical. Only frames with hips and ankles inside the picture count: MediaPipe
    places parts it cannot see anywhere, even above the hips.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, NaN where lost.
    image_size : tuple of int
        ``(width, height)``.
    min_share : float
        Share of tracked frames that must show hips and ankles for an answer.

    Returns
    -------
    float
        Degrees in 0..180; NaN when too few frames show the legs.
    """
    xy = image_xyz_px[:, :, :2]
    tracked = ~np.isnan(xy[:, 0, 0])
    if not tracked.any():
        return float("nan")
    parts = xy[tracked][:, [Landmark.LEFT_HIP, Landmark.RIGHT_HIP, *LEG_LANDMARKS[2:]]]
    width, height = image_size
    inside = (
        (parts[..., 0] >= 0)
        & (parts[..., 0] <= width)
        & (parts[..., 1] >= 0)
        & (parts[..., 1] <= height)
    ).all(axis=1)
    if inside.mean() < min_share:
        return float("nan")
    shown = xy[tracked][inside]
    hip = midpoint(shown, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    ankle = midpoint(shown, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE)
    down = ankle - hip  # image y grows downwards: upright legs point along (0, +)
    angles = np.degrees(np.arctan2(np.abs(down[:, 0]), down[:, 1]))
    return float(np.nanmedian(angles))
