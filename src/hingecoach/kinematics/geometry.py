"""Small geometric helpers on landmark arrays (axis 0 is time)."""

from __future__ import annotations

import numpy as np

from hingecoach.pose.landmarks import Landmark


def midpoint(landmarks: np.ndarray, left: Landmark, right: Landmark) -> np.ndarray:
    """Mid-point of a left/right landmark pair.

    Mid-points are used for the sagittal angles because MediaPipe sometimes swaps left
    and right in side views; the mid-point of a pair does not change when it does.

    Parameters
    ----------
    landmarks : numpy.ndarray
        Shape ``(n_frames, 33, d)``.
    left, right : Landmark
        The pair.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames, d)``.
    """
    return 0.5 * (landmarks[:, left, :] + landmarks[:, right, :])


def angle_between_deg(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Unsigned angle between two vectors, row by row.

    Parameters
    ----------
    first, second : numpy.ndarray
        Shape ``(n, d)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``, degrees in ``[0, 180]``; NaN where either vector has zero length
        or is NaN.
    """
    norms = np.linalg.norm(first, axis=-1) * np.linalg.norm(second, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = np.sum(first * second, axis=-1) / norms
    cosine = np.where(norms > 0, cosine, np.nan)
    return np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))


def signed_angle_from_up_deg(vector_xy: np.ndarray, facing: int) -> np.ndarray:
    """Angle of image-plane vectors from vertical-up, positive towards the facing side.

    Parameters
    ----------
    vector_xy : numpy.ndarray
        Shape ``(n, 2)``, image convention (x right, y down).
    facing : int
        +1 when the person faces image +x, -1 when facing -x.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``, degrees in ``(-180, 180]``: 0 points straight up, +90 points
        horizontally forward.
    """
    forward = facing * vector_xy[:, 0]
    up = -vector_xy[:, 1]
    return np.degrees(np.arctan2(forward, up))
