"""Camera cuts and crossfades, found from the landmarks alone.

An edited video (a tutorial, a stock clip) joins shots: the body jumps across the
picture or changes size from one frame to the next, which no human movement does in a
thirtieth of a second. Smoothing must not blend two shots, and the view is judged per
shot.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError
from hingecoach.kinematics.geometry import midpoint
from hingecoach.pose.landmarks import Landmark

#: Landmarks of the trunk and legs: their extent is the body's size in the picture (the
#: hands, feet and face are left out: a swinging arm or a mis-tracked foot moves them
#: far in one frame).
_BODY = [
    int(landmark)
    for landmark in (
        Landmark.LEFT_SHOULDER,
        Landmark.RIGHT_SHOULDER,
        Landmark.LEFT_HIP,
        Landmark.RIGHT_HIP,
        Landmark.LEFT_KNEE,
        Landmark.RIGHT_KNEE,
        Landmark.LEFT_ANKLE,
        Landmark.RIGHT_ANKLE,
    )
]


@dataclass(frozen=True, slots=True)
class CutParams:
    """When a frame-to-frame change of the body in the picture is a new shot.

    Attributes
    ----------
    max_shift_body : float
        Largest move of the mid-hip between consecutive tracked frames, in body sizes
        (the diagonal of the body's box): 0.25 is 5 m/s for a 1.7 m person filmed at
        30 fps, faster than any hinge (the hips move under 1 m/s).
    max_scale_change : float
        Largest change of the body's size between consecutive tracked frames, as a
        ratio: 1.3 (30 %) is far beyond a body moving towards the camera in 1/30 s, and
        a hinge folds the body's box by well under 10 % per frame.
    max_gap_s : float
        Frames further apart than this are not compared (the body was lost for a while;
        a change over a longer loss may be real movement).
    """

    max_shift_body: float = 0.25
    max_scale_change: float = 1.3
    max_gap_s: float = 0.5

    def __post_init__(self) -> None:
        if not (self.max_shift_body > 0 and self.max_scale_change > 1 and self.max_gap_s > 0):
            raise InputError(
                "CutParams need max_shift_body > 0, max_scale_change > 1 and max_gap_s > 0."
            )


def compute_body_size_px(image_xyz_px: np.ndarray) -> np.ndarray:
    """Diagonal of the box around the trunk and legs (shoulders to ankles), pixels.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``; NaN where the body was lost.
    """
    xy = image_xyz_px[:, _BODY, :2]
    extent = np.max(xy, axis=1) - np.min(xy, axis=1)
    return np.hypot(extent[:, 0], extent[:, 1])


def is_cut(
    previous_xyz_px: np.ndarray, current_xyz_px: np.ndarray, params: CutParams | None = None
) -> bool:
    """Whether the body changed between two consecutive tracked frames as only a cut can.

    Parameters
    ----------
    previous_xyz_px, current_xyz_px : numpy.ndarray
        Shape ``(33, 3)`` each, image landmarks.
    params : CutParams, optional

    Returns
    -------
    bool
    """
    params = params or CutParams()
    both = np.stack([previous_xyz_px, current_xyz_px])
    if np.isnan(both[:, _BODY, :2]).all(axis=(1, 2)).any():
        return False
    size = compute_body_size_px(both)
    hip = midpoint(both[:, :, :2], Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    if not (np.all(size > 0) and np.isfinite(hip).all()):
        return False
    ratio = float(max(size) / min(size))
    shift = float(np.linalg.norm(hip[1] - hip[0]) / max(size))
    return ratio > params.max_scale_change or shift > params.max_shift_body


def detect_cuts(
    t_s: np.ndarray, image_xyz_px: np.ndarray, params: CutParams | None = None
) -> tuple[int, ...]:
    """Frames where a new shot begins.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, NaN where the body was lost.
    params : CutParams, optional

    Returns
    -------
    tuple of int
        Indices of the first frame of each new shot, increasing.
    """
    params = params or CutParams()
    tracked = np.flatnonzero(~np.isnan(image_xyz_px[:, Landmark.LEFT_HIP, 0]))
    cuts = []
    for previous, current in itertools.pairwise(tracked):
        if t_s[current] - t_s[previous] > params.max_gap_s:
            continue
        if is_cut(image_xyz_px[previous], image_xyz_px[current], params):
            cuts.append(int(current))
    return tuple(cuts)
