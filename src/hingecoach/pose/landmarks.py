"""The 33-landmark body layout shared by every stage, and the per-frame pose record.

Landmark arrays are indexed through :class:`Landmark`, never by bare integers. Axis
conventions follow MediaPipe Pose:

- image coordinates are pixels, x to the right, y down; z is MediaPipe's relative depth
  (negative is closer to the camera) scaled to pixels like x;
- world coordinates are metres with the origin between the hips, x to the camera's
  right, y down, z away from the camera.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

N_LANDMARKS = 33


class Landmark(IntEnum):
    """Index of each of MediaPipe Pose's 33 landmarks."""

    NOSE = 0
    LEFT_EYE_INNER = 1
    LEFT_EYE = 2
    LEFT_EYE_OUTER = 3
    RIGHT_EYE_INNER = 4
    RIGHT_EYE = 5
    RIGHT_EYE_OUTER = 6
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_PINKY = 17
    RIGHT_PINKY = 18
    LEFT_INDEX = 19
    RIGHT_INDEX = 20
    LEFT_THUMB = 21
    RIGHT_THUMB = 22
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


#: Pairs of landmarks joined by a bone, for drawing skeletons.
SKELETON_EDGES: tuple[tuple[Landmark, Landmark], ...] = (
    (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    (Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP),
    (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_HIP),
    (Landmark.LEFT_SHOULDER, Landmark.LEFT_ELBOW),
    (Landmark.LEFT_ELBOW, Landmark.LEFT_WRIST),
    (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_ELBOW),
    (Landmark.RIGHT_ELBOW, Landmark.RIGHT_WRIST),
    (Landmark.LEFT_HIP, Landmark.LEFT_KNEE),
    (Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE),
    (Landmark.LEFT_ANKLE, Landmark.LEFT_HEEL),
    (Landmark.LEFT_HEEL, Landmark.LEFT_FOOT_INDEX),
    (Landmark.LEFT_ANKLE, Landmark.LEFT_FOOT_INDEX),
    (Landmark.RIGHT_HIP, Landmark.RIGHT_KNEE),
    (Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE),
    (Landmark.RIGHT_ANKLE, Landmark.RIGHT_HEEL),
    (Landmark.RIGHT_HEEL, Landmark.RIGHT_FOOT_INDEX),
    (Landmark.RIGHT_ANKLE, Landmark.RIGHT_FOOT_INDEX),
)


def _readonly(array: np.ndarray | None) -> np.ndarray | None:
    """Mark an array read-only: a frozen dataclass does not protect array contents."""
    if array is not None:
        array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True)
class PoseFrame:
    """What the pose stage found in one frame.

    Attributes
    ----------
    index : int
        Frame index in the source, from 0.
    t_s : float
        Presentation time of the frame in seconds.
    image_size : tuple of int
        ``(width, height)`` of the (upright) frame in pixels.
    image_xyz_px : numpy.ndarray or None
        Shape ``(33, 3)``: image landmarks in pixels (z scaled like x). ``None`` when no
        body was found in this frame: lost frames are marked, not invented.
    world_xyz_m : numpy.ndarray or None
        Shape ``(33, 3)``: world landmarks in metres, origin between the hips.
    visibility : numpy.ndarray or None
        Shape ``(33,)``: MediaPipe's visibility score of each landmark, 0..1.
    segmentation_mask : numpy.ndarray or None
        Shape ``(height, width)``, float32 0..1 person probability, when requested.
    """

    index: int
    t_s: float
    image_size: tuple[int, int]
    image_xyz_px: np.ndarray | None = None
    world_xyz_m: np.ndarray | None = None
    visibility: np.ndarray | None = None
    segmentation_mask: np.ndarray | None = None

    def __post_init__(self) -> None:
        for array in (self.image_xyz_px, self.world_xyz_m, self.visibility, self.segmentation_mask):
            _readonly(array)

    @property
    def detected(self) -> bool:
        """Whether a body was found in this frame."""
        return self.image_xyz_px is not None
