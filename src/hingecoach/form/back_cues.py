"""Per-frame cues to the shape of the back, gathered for the virtual tape.

A physio's tape runs over the lower back, from the pelvis to the mid-back, and pulls tight
when the lumbar spine rounds. Two cues are gathered per frame:

- the bend of the silhouette's outline over the lower back (the lumbar segment) and over
  the upper back (the thoracic one), from
  :func:`hingecoach.kinematics.back_contour.measure_back_contour` (per frame, since the
  segmentation masks are not kept): the lower back's is the tape; the upper back's is
  kept apart and never read as a rounded lower back;
- the head and neck dropping below the trunk line (:func:`compute_head_drop_deg`): it
  follows the upper back and the gaze, so it only feeds the upper-back note.

Landmark conventions follow :mod:`hingecoach.pose.landmarks`; ``facing`` is +1 when the
person faces image +x, -1 when facing -x. Axis 0 is time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hingecoach.errors import InputError
from hingecoach.frozen import check_per_frame, freeze_arrays
from hingecoach.kinematics.back_contour import (
    BackContour,
    BackContourParams,
    compute_depth_from_points,
    compute_dorsal_normal,
    compute_segment_bends,
)
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
    lumbar_bend_deg, thoracic_bend_deg : numpy.ndarray
        Bend of the silhouette's outline over the lower and the upper back, degrees
        (``BackContour.lumbar_bend_deg``, ``thoracic_bend_deg``); NaN where not found.
    contour_confidence : numpy.ndarray
        0..1, 0 where there was no mask or no contour.
    head_drop_deg : numpy.ndarray
        Shoulder→ear line below the hip→shoulder line in the image plane, degrees.
    landmark_confidence : numpy.ndarray
        0..1: how well ear, shoulder and hip are seen.
    """

    t_s: np.ndarray
    lumbar_bend_deg: np.ndarray
    thoracic_bend_deg: np.ndarray
    contour_confidence: np.ndarray
    head_drop_deg: np.ndarray
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

    lumbar_bend_deg: tuple[np.ndarray, np.ndarray]
    thoracic_bend_deg: tuple[np.ndarray, np.ndarray]
    confidence: tuple[np.ndarray, np.ndarray]

    def __setstate__(self, state: Sequence[Any]) -> None:
        """Unpickle; contours pickled before the segments existed come back unread."""
        if len(state) == 2:  # (sagitta, confidence): no segment bends were measured
            _, confidence = state
            unread = tuple(np.full(np.shape(c), np.nan) for c in confidence)
            state = (unread, unread, confidence)
        names = ("lumbar_bend_deg", "thoracic_bend_deg", "confidence")
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    @classmethod
    def from_frames(cls, contours: Sequence[tuple[BackContour, BackContour]]) -> FacingContours:
        """Stack ``(facing +1, facing -1)`` contour pairs, one pair per frame."""
        names = ("lumbar_bend_deg", "thoracic_bend_deg", "confidence")
        stacked = [
            tuple(np.array([getattr(pair[k], name) for pair in contours]) for k in (0, 1))
            for name in names
        ]
        for pair in stacked:
            for array in pair:
                array.flags.writeable = False
        return cls(*stacked)  # type: ignore[arg-type]

    @classmethod
    def from_tape_lines(
        cls,
        lines_xy_px: tuple[np.ndarray, np.ndarray],
        confidence: tuple[np.ndarray, np.ndarray],
        image_xyz_px: np.ndarray,
        params: BackContourParams | None = None,
    ) -> FacingContours:
        """Measure the segment bends again from stored contour lines (both facings).

        Parameters
        ----------
        lines_xy_px : tuple of numpy.ndarray
            Shape ``(n_frames, n_stations, 2)`` each: the contour points for facing +1
            and -1 (``TrackedVideo.tape_lines_xy_px``).
        confidence : tuple of numpy.ndarray
            Shape ``(n_frames,)`` each: the contours' confidence.
        image_xyz_px : numpy.ndarray
            Shape ``(n_frames, 33, 3)``: the landmarks the contours were measured on.
        params : BackContourParams, optional
            Must be the stations the lines were measured at.

        Returns
        -------
        FacingContours
        """
        params = params or BackContourParams()
        xy = np.asarray(image_xyz_px, dtype=np.float64)[:, :, :2]
        hip = midpoint(xy, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
        shoulder = midpoint(xy, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
        bends = []
        for k, facing in enumerate((1, -1)):
            depth, chord = compute_depth_from_points(
                np.asarray(lines_xy_px[k], dtype=np.float64), hip, shoulder, facing
            )
            bends.append(
                np.array(
                    [compute_segment_bends(d, c, params) for d, c in zip(depth, chord, strict=True)]
                )
            )
        return cls(
            (bends[0][:, 0], bends[1][:, 0]),
            (bends[0][:, 1], bends[1][:, 1]),
            (np.asarray(confidence[0], float), np.asarray(confidence[1], float)),
        )

    def for_facing(self, facing: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Lumbar bend, thoracic bend and confidence on the back of a person facing ``facing``."""
        k = 0 if facing == 1 else 1
        return self.lumbar_bend_deg[k], self.thoracic_bend_deg[k], self.confidence[k]


def compute_back_cues(
    t_s: np.ndarray,
    image_xyz_px: np.ndarray,
    visibility: np.ndarray,
    facing: int,
    *,
    lumbar_bend_deg: np.ndarray | None = None,
    thoracic_bend_deg: np.ndarray | None = None,
    contour_confidence: np.ndarray | None = None,
) -> BackCueSeries:
    """Gather the per-frame back cues of a recording.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, NaN where the body was lost.
    visibility : numpy.ndarray
        Shape ``(n_frames, 33)``.
    facing : int
        +1 facing image +x, -1 facing -x.
    lumbar_bend_deg, thoracic_bend_deg, contour_confidence : numpy.ndarray, optional
        Shape ``(n_frames,)``: the segment bends and confidence of each frame's
        :class:`~hingecoach.kinematics.back_contour.BackContour`; without them (no
        segmentation) the back's outline is missing and the tape cannot be read.

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
        ("visibility", visibility, (n_frames, N_LANDMARKS)),
    ):
        if np.shape(array) != shape:
            raise InputError(f"{name} has shape {np.shape(array)}; expected {shape}.")

    def per_frame(values: np.ndarray | None, missing: float) -> np.ndarray:
        return np.full(n_frames, missing) if values is None else np.array(values, dtype=float)

    return BackCueSeries(
        t_s=t_s,
        lumbar_bend_deg=per_frame(lumbar_bend_deg, np.nan),
        thoracic_bend_deg=per_frame(thoracic_bend_deg, np.nan),
        contour_confidence=np.nan_to_num(per_frame(contour_confidence, 0.0)),
        head_drop_deg=compute_head_drop_deg(np.asarray(image_xyz_px, dtype=np.float64), facing),
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
        Each frame's dorsal contours; without them the outline cues are missing.

    Returns
    -------
    BackCueSeries
    """
    lumbar, thoracic, confidence = (
        (None, None, None) if contours is None else contours.for_facing(facing)
    )
    return compute_back_cues(
        series.t_s,
        series.image_xyz_px,
        series.visibility,
        facing,
        lumbar_bend_deg=lumbar,
        thoracic_bend_deg=thoracic,
        contour_confidence=confidence,
    )
