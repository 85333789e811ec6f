"""Per-frame cues to the shape of the back, gathered for the virtual tape.

Three cues stand in for a physio's tape along the back:

- the bulge of the silhouette's back between hip and shoulder
  (:func:`hingecoach.kinematics.back_contour.measure_back_contour`, per frame, since the
  segmentation masks are not kept);
- the head and neck dropping below the trunk line (:func:`compute_head_drop_deg` in the
  image plane for side views, :func:`compute_head_drop_world_deg` in 3-D for others);
- the hip–shoulder distance shrinking, as a bent chain is shorter than a straight one
  (:func:`compute_trunk_length_m`).

Landmark conventions follow :mod:`hingecoach.pose.landmarks`; ``facing`` is +1 when the
person faces image +x, -1 when facing -x. Axis 0 is time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError
from hingecoach.frozen import check_per_frame, freeze_arrays
from hingecoach.kinematics.back_contour import BackContour, compute_dorsal_normal
from hingecoach.kinematics.geometry import midpoint
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.pose.landmarks import N_LANDMARKS, Landmark


def compute_head_drop_deg(image_xyz_px: np.ndarray, facing: int) -> np.ndarray:
    """Angle of the shoulder→ear line below the hip→shoulder line, per frame.

    Rounding the upper back and dropping the head tip the neck forward of the trunk
    line. In the plumb-line posture the ear, the shoulder joint and the hip joint are
    aligned (0°); most adults carry the head a little forward (about 10°).

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, pixels, NaN where the body was lost.
    facing : int
        +1 facing image +x, -1 facing -x.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, degrees in ``(-180, 180]``: positive with the ear on the
        front (chest) side of the trunk line, negative behind it (neck extended).
    """
    xy = image_xyz_px[:, :, :2]
    hip = midpoint(xy, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    shoulder = midpoint(xy, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    ear = midpoint(xy, Landmark.LEFT_EAR, Landmark.RIGHT_EAR)
    trunk = shoulder - hip
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = trunk / np.linalg.norm(trunk, axis=1, keepdims=True)
    front = -compute_dorsal_normal(unit, facing)
    neck = ear - shoulder
    return np.degrees(np.arctan2(np.sum(neck * front, axis=1), np.sum(neck * unit, axis=1)))


def compute_head_drop_world_deg(world_xyz_m: np.ndarray) -> np.ndarray:
    """The head drop of :func:`compute_head_drop_deg`, measured on world landmarks.

    Away from side-on, the image plane is not the body's sagittal plane and angles in
    it are distorted; the 3-D angle is not, at the price of MediaPipe's noisier depth.
    Forward is the trunk's up direction crossed with its left→right direction.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, metres (x right, y down, z away).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, degrees: positive with the ear in front of the trunk line.
    """
    hip = midpoint(world_xyz_m, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    shoulder = midpoint(world_xyz_m, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    ear = midpoint(world_xyz_m, Landmark.LEFT_EAR, Landmark.RIGHT_EAR)
    across = (
        world_xyz_m[:, Landmark.RIGHT_SHOULDER]
        - world_xyz_m[:, Landmark.LEFT_SHOULDER]
        + world_xyz_m[:, Landmark.RIGHT_HIP]
        - world_xyz_m[:, Landmark.LEFT_HIP]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        up = (shoulder - hip) / np.linalg.norm(shoulder - hip, axis=1, keepdims=True)
        front = np.cross(up, across)
        front /= np.linalg.norm(front, axis=1, keepdims=True)
    neck = ear - shoulder
    return np.degrees(np.arctan2(np.sum(neck * front, axis=1), np.sum(neck * up, axis=1)))


def compute_trunk_length_m(world_xyz_m: np.ndarray) -> np.ndarray:
    """Mid-hip to mid-shoulder distance in world coordinates, per frame.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, metres.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, metres (NaN where the body was lost).
    """
    hip = midpoint(world_xyz_m, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    shoulder = midpoint(world_xyz_m, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    return np.linalg.norm(shoulder - hip, axis=1)


def compute_trunk_shortening(trunk_length_m: np.ndarray, standing_m: float) -> np.ndarray:
    """Share by which the trunk is shorter than standing, per frame.

    A circular arc bent by 40° is 2 % shorter end to end than straight. MediaPipe's
    world skeleton also shortens the trunk by 10–15 % in any deep hinge, so this cue is
    compared with a hinged neutral, never with standing.

    Parameters
    ----------
    trunk_length_m : numpy.ndarray
        Shape ``(n_frames,)``, metres.
    standing_m : float
        The person's standing trunk length, metres.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``: 0 as long as standing, positive when shorter; all NaN when
        ``standing_m`` is not a positive number.
    """
    if not standing_m > 0:
        return np.full(np.shape(trunk_length_m), np.nan)
    return 1.0 - np.asarray(trunk_length_m, dtype=np.float64) / standing_m


#: Sampled share of the hip→shoulder chord (the contour's default 0.2..0.9 stations).
CONTOUR_SPAN = 0.7


def bend_to_sagitta(bend_deg: float, span: float = CONTOUR_SPAN) -> float:
    """Sagitta ratio of a trunk bent as one circular arc by ``bend_deg``.

    An arc bent by ``b`` has a sagitta of ``tan(b / 4) / 2`` of its chord; the sampled
    stretch covers ``span`` of the trunk, so it bends by ``span * b`` over about ``span``
    chords.

    Parameters
    ----------
    bend_deg : float
        Bend over the whole hip→shoulder trunk, degrees.
    span : float
        Sampled share of the chord.

    Returns
    -------
    float
        Sagitta over the hip→shoulder chord.
    """
    return float(span * math.tan(math.radians(bend_deg) * span / 4.0) / 2.0)


def sagitta_to_bend_deg(sagitta_ratio: float, span: float = CONTOUR_SPAN) -> float:
    """Trunk bend, degrees, implied by a sagitta ratio (inverse of :func:`bend_to_sagitta`)."""
    return float(math.degrees(4.0 * math.atan(2.0 * sagitta_ratio / span) / span))


def bend_to_shortening(bend_deg: float) -> float:
    """Share by which an arc bent by ``bend_deg`` is shorter end to end than straight."""
    half = math.radians(bend_deg) / 2.0
    return 1.0 - math.sin(half) / half if half > 0 else 0.0


def compute_landmark_confidence(visibility: np.ndarray) -> np.ndarray:
    """How well ear, shoulder and hip are seen, per frame.

    In a side view the far side is hidden, so a pair counts by its better-seen side;
    the frame counts by its worst pair, since the cues need all three points.

    Parameters
    ----------
    visibility : numpy.ndarray
        Shape ``(n_frames, 33)``, 0..1.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, 0..1.
    """
    pairs = (
        (Landmark.LEFT_EAR, Landmark.RIGHT_EAR),
        (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
        (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    )
    best = np.stack([np.maximum(visibility[:, a], visibility[:, b]) for a, b in pairs], axis=1)
    return np.nan_to_num(best.min(axis=1), nan=0.0)


@dataclass(frozen=True, slots=True)
class BackCueSeries:
    """The back-shape cues of every frame (NaN where not measured).

    Attributes
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    contour_sagitta : numpy.ndarray
        Fitted sagitta ratio of the dorsal contour (``BackContour.sagitta_ratio``).
    contour_confidence : numpy.ndarray
        0..1, 0 where there was no mask or no contour.
    head_drop_deg : numpy.ndarray
        Shoulder→ear line below the hip→shoulder line in the image plane, degrees.
    head_drop_world_deg : numpy.ndarray
        The same angle in 3-D world coordinates, degrees.
    trunk_length_m : numpy.ndarray
        Mid-hip to mid-shoulder world distance, metres.
    landmark_confidence : numpy.ndarray
        0..1: how well ear, shoulder and hip are seen.
    """

    t_s: np.ndarray
    contour_sagitta: np.ndarray
    contour_confidence: np.ndarray
    head_drop_deg: np.ndarray
    head_drop_world_deg: np.ndarray
    trunk_length_m: np.ndarray
    landmark_confidence: np.ndarray

    def __post_init__(self) -> None:
        check_per_frame(self)
        freeze_arrays(self)


@dataclass(frozen=True, slots=True)
class FacingContours:
    """Each frame's contour measured towards both sides, for a facing known only later.

    The back lies opposite the facing direction, which is estimated from the whole clip;
    masks are not kept, so each frame is measured both ways (about 1 ms each) and the
    facing picks one afterwards. Arrays have shape ``(n_frames,)``; index 0 of the
    pairs is facing +1 (image +x), index 1 facing -1.
    """

    sagitta: tuple[np.ndarray, np.ndarray]
    confidence: tuple[np.ndarray, np.ndarray]

    @classmethod
    def from_frames(cls, contours: Sequence[tuple[BackContour, BackContour]]) -> FacingContours:
        """Stack ``(facing +1, facing -1)`` contour pairs, one pair per frame."""
        sagitta = [np.array([pair[k].sagitta_ratio for pair in contours]) for k in (0, 1)]
        confidence = [np.array([pair[k].confidence for pair in contours]) for k in (0, 1)]
        for array in (*sagitta, *confidence):
            array.flags.writeable = False
        return cls((sagitta[0], sagitta[1]), (confidence[0], confidence[1]))

    def for_facing(self, facing: int) -> tuple[np.ndarray, np.ndarray]:
        """Sagitta and confidence arrays measured on the back of a person facing ``facing``."""
        k = 0 if facing == 1 else 1
        return self.sagitta[k], self.confidence[k]


def compute_back_cues(
    t_s: np.ndarray,
    image_xyz_px: np.ndarray,
    world_xyz_m: np.ndarray,
    visibility: np.ndarray,
    facing: int,
    *,
    contour_sagitta: np.ndarray | None = None,
    contour_confidence: np.ndarray | None = None,
) -> BackCueSeries:
    """Gather the per-frame back cues of a recording.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    image_xyz_px, world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, NaN where the body was lost.
    visibility : numpy.ndarray
        Shape ``(n_frames, 33)``.
    facing : int
        +1 facing image +x, -1 facing -x.
    contour_sagitta, contour_confidence : numpy.ndarray, optional
        Shape ``(n_frames,)``: ``sagitta_ratio`` and ``confidence`` of each frame's
        :class:`~hingecoach.kinematics.back_contour.BackContour`; without them (no
        segmentation) the contour cue is missing.

    Returns
    -------
    BackCueSeries

    Raises
    ------
    InputError
        If ``facing`` is not ±1 or the arrays disagree in shape.
    """
    if facing not in (1, -1):
        raise InputError(f"facing is {facing!r}; pass +1 (facing right) or -1 (facing left).")
    t_s = np.array(t_s, dtype=np.float64)
    n_frames = t_s.shape[0] if t_s.ndim == 1 else -1
    for name, array, shape in (
        ("image_xyz_px", image_xyz_px, (n_frames, N_LANDMARKS, 3)),
        ("world_xyz_m", world_xyz_m, (n_frames, N_LANDMARKS, 3)),
        ("visibility", visibility, (n_frames, N_LANDMARKS)),
    ):
        if np.shape(array) != shape:
            raise InputError(f"{name} has shape {np.shape(array)}; expected {shape}.")
    sagitta = np.full(n_frames, np.nan) if contour_sagitta is None else contour_sagitta
    confidence = np.zeros(n_frames) if contour_confidence is None else contour_confidence
    world = np.asarray(world_xyz_m, dtype=np.float64)
    return BackCueSeries(
        t_s=t_s,
        contour_sagitta=np.array(sagitta, dtype=np.float64),
        contour_confidence=np.nan_to_num(np.array(confidence, dtype=np.float64)),
        head_drop_deg=compute_head_drop_deg(np.asarray(image_xyz_px, dtype=np.float64), facing),
        head_drop_world_deg=compute_head_drop_world_deg(world),
        trunk_length_m=compute_trunk_length_m(world),
        landmark_confidence=compute_landmark_confidence(np.asarray(visibility, dtype=np.float64)),
    )


def compute_series_back_cues(
    series: LandmarkSeries, facing: int, contours: FacingContours | None = None
) -> BackCueSeries:
    """:func:`compute_back_cues` of a recording's landmarks and its contours for ``facing``.

    Parameters
    ----------
    series : LandmarkSeries
    facing : int
        +1 facing image +x, -1 facing -x.
    contours : FacingContours, optional
        Each frame's dorsal contours; without them the contour cue is missing.

    Returns
    -------
    BackCueSeries
    """
    sagitta, confidence = (None, None) if contours is None else contours.for_facing(facing)
    return compute_back_cues(
        series.t_s,
        series.image_xyz_px,
        series.world_xyz_m,
        series.visibility,
        facing,
        contour_sagitta=sagitta,
        contour_confidence=confidence,
    )
