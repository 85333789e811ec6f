"""From tracked landmarks to sagittal positions in metres, scaled by the person's height.

From the side the picture *is* the sagittal plane: pixels are turned into metres by one
scale per recording, the person's shoulder-to-ankle length along the body (trunk line,
thigh and shank; 0.779 of height, Winter Fig. 4.1) over its length in pixels, median over
the frames (a hinge bends it at the joints but does not change it). From the front or at
an angle the bend happens in depth, so MediaPipe's world landmarks are used instead,
projected on the body's own sagittal plane (perpendicular to the hip line) and scaled the
same way (MediaPipe sizes every body alike; the height sets it right).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.geometry import midpoint
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.lowback.anthropometry import SHOULDER_TO_ANKLE
from hingecoach.lowback.model import SagittalFrames
from hingecoach.pose.landmarks import Landmark

_PAIRS = {
    "shoulder": (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    "hip": (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    "knee": (Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE),
    "ankle": (Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE),
    "elbow": (Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW),
    "wrist": (Landmark.LEFT_WRIST, Landmark.RIGHT_WRIST),
    "index": (Landmark.LEFT_INDEX, Landmark.RIGHT_INDEX),
    "pinky": (Landmark.LEFT_PINKY, Landmark.RIGHT_PINKY),
    "ear": (Landmark.LEFT_EAR, Landmark.RIGHT_EAR),
}


@dataclass(frozen=True, slots=True)
class Scaled:
    """Sagittal frames in metres, and how well the scale is known.

    Attributes
    ----------
    frames : SagittalFrames
    scale_spread : float
        Relative spread of the per-frame scale (half the interquartile range over the
        median); NaN without a usable frame.
    plane : str
        ``image`` (side view) or ``world`` (MediaPipe world landmarks).
    """

    frames: SagittalFrames
    scale_spread: float
    plane: str


def _image_plane(series: LandmarkSeries, facing: float) -> dict[str, np.ndarray]:
    """Mid-points in the picture, x forward, y up (pixels)."""
    points = series.image_xyz_px[:, :, :2]
    flip = np.array([1.0 if facing >= 0 else -1.0, -1.0])
    return {name: midpoint(points, a, b) * flip for name, (a, b) in _PAIRS.items()}


def _world_plane(series: LandmarkSeries) -> dict[str, np.ndarray]:
    """Mid-points projected on the body's sagittal plane (world metres, x forward, y up)."""
    world = series.world_xyz_m
    across = world[:, Landmark.LEFT_HIP] - world[:, Landmark.RIGHT_HIP]
    forward = np.stack([across[:, 2], -across[:, 0]], axis=1)  # horizontal normal, x-z
    forward /= np.linalg.norm(forward, axis=1, keepdims=True)
    # Per frame: MediaPipe may swap left and right, which turns the hip line around.
    nose = world[:, Landmark.NOSE][:, [0, 2]]
    nose = nose - midpoint(world, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, [0, 2]]
    sign = np.sign(np.sum(nose * forward, axis=1))
    forward *= np.where(sign == 0, 1.0, sign)[:, None]
    planar = {}
    for name, (a, b) in _PAIRS.items():
        point = midpoint(world, a, b)
        along = np.sum(point[:, [0, 2]] * forward, axis=1)
        planar[name] = np.stack([along, -point[:, 1]], axis=1)
    return planar


def compute_sagittal_frames(
    series: LandmarkSeries,
    lumbar_bend_deg: np.ndarray,
    height_m: float,
    *,
    facing: float,
    use_world: bool,
) -> Scaled:
    """Sagittal positions in metres for the load model.

    Parameters
    ----------
    series : LandmarkSeries
    lumbar_bend_deg : numpy.ndarray
        Shape ``(n_frames,)``: the tape's lumbar bend beyond neutral, degrees, NaN where
        not read.
    height_m : float
        The person's standing height, m.
    facing : float
        +1 when the person faces right in the picture, −1 left.
    use_world : bool
        Use the world landmarks (front or oblique views) rather than the picture.

    Returns
    -------
    Scaled
    """
    points = _world_plane(series) if use_world else _image_plane(series, facing)
    legs = (
        np.linalg.norm(points["shoulder"] - points["hip"], axis=1)
        + np.linalg.norm(points["hip"] - points["knee"], axis=1)
        + np.linalg.norm(points["knee"] - points["ankle"], axis=1)
    )
    legs = legs[np.isfinite(legs) & (legs > 0)]
    if legs.size:
        q25, median, q75 = np.percentile(legs, [25, 50, 75])
        per_m = median / (SHOULDER_TO_ANKLE * height_m)
        spread = float((q75 - q25) / 2 / median)
    else:
        per_m, spread = np.nan, np.nan
    knuckles = (points["index"] + points["pinky"]) / 2
    frames = SagittalFrames(
        hip=points["hip"] / per_m,
        shoulder=points["shoulder"] / per_m,
        elbow=points["elbow"] / per_m,
        wrist=points["wrist"] / per_m,
        knuckles=knuckles / per_m,
        ear=points["ear"] / per_m,
        lumbar_bend_deg=np.asarray(lumbar_bend_deg, dtype=float),
    )
    return Scaled(frames, spread, "world" if use_world else "image")
