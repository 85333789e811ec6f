"""The shape of the back between hip and shoulder, from the segmentation mask.

A physio's tape test lays tape along the back from the lower to the mid back; it pulls
tight when the spine rounds. From video, the closest equivalent is the dorsal edge of the
person's silhouette (MediaPipe's segmentation mask) between the hip and the shoulder: a
back held long is nearly straight along the hip→shoulder chord, a rounded back bulges
away from it. The outline is sampled from the top of the pelvis to the shoulder blades and
split at the thoracolumbar junction, so the lower back (where the tape lies) and the upper
back are measured apart (:mod:`hingecoach.kinematics.back_segments`).

Image conventions follow :mod:`hingecoach.pose.landmarks` (pixels, x right, y down).
``facing`` is +1 when the person faces image +x, -1 when facing -x; the back is on the
other side. Everything here is pure numpy; no OpenCV.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError
from hingecoach.frozen import freeze_arrays
from hingecoach.kinematics.back_segments import (
    compute_depth_from_points,
    compute_dorsal_normal,
    compute_fitted_sagitta_ratio,
    compute_sagitta_ratio,
    compute_segment_bend_deg,
    compute_segment_bends,
)
from hingecoach.kinematics.geometry import midpoint
from hingecoach.pose.landmarks import N_LANDMARKS, Landmark

__all__ = [
    "BackContour",
    "BackContourParams",
    "compute_depth_from_points",
    "compute_dorsal_normal",
    "compute_fitted_sagitta_ratio",
    "compute_sagitta_ratio",
    "compute_segment_bend_deg",
    "compute_segment_bends",
    "measure_back_contour",
]

#: Step along each ray, pixels: the mask's own resolution.
_STEP_PX = 1.0
#: Distance either side of an edge at which its contrast is read, pixels: past the
#: 1–2 px soft rim of a good mask.
_EDGE_BAND_PX = 3.0


@dataclass(frozen=True, slots=True)
class BackContourParams:
    """Where and how the back's edge is sampled in the segmentation mask.

    Attributes
    ----------
    n_stations : int
        Rays cast along the chord (15: one every 5 % of the chord between the ends
        below, enough to see a bend and few enough that one frame costs well under 1 ms).
    first_station, last_station : float
        Ends of the sampled stretch as shares of the hip→shoulder chord. 0.2: the top of
        the pelvis (iliac crest, about 0.60 of body height) sits about a fifth of the way
        from the hip joint (0.53) to the shoulder joint (0.82) (Winter 2009, Fig. 4.1);
        below it a ray meets the buttocks, not the spine. 0.9: the upper end of the
        shoulder blades; above it the ray meets the shoulder girdle, hair or a hood.
    max_depth : float
        Longest ray, as a share of the chord. The back lies 0.2–0.35 chords behind the
        hip and shoulder joint centres even in a thick jumper; 0.6 leaves room for a
        strong bulge and stops rays that would run into a neighbouring object.
    mask_threshold : float
        Person probability at which the silhouette's edge is placed (0.5: MediaPipe's
        mask is a probability; the edge is where person and background are equally
        likely).
    min_outside_share : float
        An edge counts only if the mask stays below the threshold for this share of the
        chord beyond it (0.03, about 1.5 cm on an adult): thin gaps such as a crease in
        clothing or a one-pixel hole in the mask are stepped over.
    min_chord_px : float
        Shortest chord measured, pixels (below 40 px a 1 px edge error is over 2 % of
        the chord, as large as a real rounding).
    min_valid_share : float
        Share of rays that must find an edge for the frame to be measured (0.6: with
        fewer, the ends of the sampled stretch wander and the bulge is not comparable).
    arm_clearance : float
        An elbow or wrist further than this behind the chord, in chords, sticks out of
        the back's outline (hands behind the head, a bar on the back), so the outline is
        not the back. The back's surface lies 0.2–0.3 chords behind the joint centres; in
        a hinge the arms hang in front of it.
    lumbar_top_station : float
        Where the lower back ends and the upper back begins, as a share of the chord
        (0.55: the thoracolumbar junction, T12/L1, about 0.69 of body height, lies
        (0.69 − 0.53) / (0.82 − 0.53) ≈ 0.55 of the way from the hip joint to the
        shoulder joint (Winter 2009, Fig. 4.1; lumbar spine about 0.10 of height above
        the iliac crest). The stations from ``first_station`` to here are the lumbar
        segment the physio's tape covers, from here to ``last_station`` the thoracic one.
    min_segment_points : int
        Fewest edge points a segment needs for its bend to be measured (4: one more than
        a parabola needs, so one stray edge point cannot set the bend alone).
    """

    n_stations: int = 15
    first_station: float = 0.2
    last_station: float = 0.9
    max_depth: float = 0.6
    mask_threshold: float = 0.5
    min_outside_share: float = 0.03
    min_chord_px: float = 40.0
    min_valid_share: float = 0.6
    arm_clearance: float = 0.2
    lumbar_top_station: float = 0.55
    min_segment_points: int = 4

    def __post_init__(self) -> None:
        if self.n_stations < 3:
            raise InputError(f"n_stations must be at least 3 to see a bend; got {self.n_stations}.")
        if not 0.0 <= self.first_station < self.last_station <= 1.0:
            raise InputError(
                "Stations must satisfy 0 <= first_station < last_station <= 1; got "
                f"{self.first_station} and {self.last_station}."
            )
        if not 0.0 < self.mask_threshold < 1.0:
            raise InputError(f"mask_threshold must lie in (0, 1); got {self.mask_threshold}.")
        if not 0.0 < self.min_valid_share <= 1.0:
            raise InputError(f"min_valid_share must lie in (0, 1]; got {self.min_valid_share}.")
        for name in ("max_depth", "min_outside_share", "min_chord_px", "arm_clearance"):
            if not getattr(self, name) > 0:
                raise InputError(f"{name} must be positive; got {getattr(self, name)}.")
        if not self.first_station < self.lumbar_top_station < self.last_station:
            raise InputError(
                f"lumbar_top_station ({self.lumbar_top_station}) must lie between "
                f"first_station ({self.first_station}) and last_station ({self.last_station})."
            )
        if self.min_segment_points < 3:
            raise InputError(
                "min_segment_points must be at least 3 to fit a bend; got "
                f"{self.min_segment_points}."
            )

    @property
    def stations(self) -> np.ndarray:
        """Shape ``(n_stations,)``: positions of the rays as shares of the chord."""
        return np.linspace(self.first_station, self.last_station, self.n_stations)

    @property
    def lumbar(self) -> slice:
        """The stations of the lower back (lumbar segment), hip end first."""
        return slice(0, int(np.sum(self.stations <= self.lumbar_top_station + 1e-9)))

    @property
    def thoracic(self) -> slice:
        """The stations of the upper back (thoracic segment), from the lumbar's top station."""
        return slice(self.lumbar.stop - 1, self.n_stations)


@dataclass(frozen=True, slots=True)
class BackContour:
    """The dorsal edge of the silhouette in one frame.

    Attributes
    ----------
    points_xy_px : numpy.ndarray
        Shape ``(n_stations, 2)``: the edge points from hip end to shoulder end, pixels
        (NaN where a ray found no edge); drawn as the "tape".
    depth_px : numpy.ndarray
        Shape ``(n_stations,)``: distance of each edge point behind the chord, pixels.
    chord_px : float
        Length of the hip→shoulder chord, pixels (NaN without landmarks).
    sagitta_ratio : float
        Sagitta of the parabola fitted to the sampled edge, over ``chord_px``: about 0
        for a flat back, positive when it bulges, negative when hollow; NaN when not
        measurable. Every ray counts, so one ray that meets a hood or a hand moves it
        less than it moves ``chord_sagitta_ratio``.
    chord_sagitta_ratio : float
        Largest distance of an edge point behind the line through the end points, over
        ``chord_px`` (the tape's plain geometric definition).
    confidence : float
        0..1: share of rays that found an edge times the edge's contrast (0 when not
        measurable).
    lumbar_bend_deg, thoracic_bend_deg : float
        How far the outline turns over the lower back and over the upper back, degrees
        (:func:`compute_segment_bend_deg`): positive bulging out of the back (rounded),
        negative hollow; NaN when the segment has too few edge points.
    """

    points_xy_px: np.ndarray
    depth_px: np.ndarray
    chord_px: float
    sagitta_ratio: float
    chord_sagitta_ratio: float
    confidence: float
    lumbar_bend_deg: float = math.nan
    thoracic_bend_deg: float = math.nan

    def __post_init__(self) -> None:
        freeze_arrays(self)

    @classmethod
    def empty(cls, n_stations: int, chord_px: float = math.nan) -> BackContour:
        """A frame where the back could not be measured: NaN values, confidence 0."""
        return cls(
            points_xy_px=np.full((n_stations, 2), np.nan),
            depth_px=np.full(n_stations, np.nan),
            chord_px=chord_px,
            sagitta_ratio=math.nan,
            chord_sagitta_ratio=math.nan,
            confidence=0.0,
        )


def _bilinear(mask: np.ndarray, xy_px: np.ndarray) -> np.ndarray:
    """Mask value at pixel coordinates (pixel ``i`` covers ``[i, i+1)``); NaN outside."""
    height, width = mask.shape
    col = xy_px[..., 0] - 0.5
    row = xy_px[..., 1] - 0.5
    inside = (col >= 0) & (col <= width - 1) & (row >= 0) & (row <= height - 1)
    col_c = np.clip(col, 0, width - 1)
    row_c = np.clip(row, 0, height - 1)
    c0 = np.minimum(np.floor(col_c).astype(np.intp), width - 2 if width > 1 else 0)
    r0 = np.minimum(np.floor(row_c).astype(np.intp), height - 2 if height > 1 else 0)
    c1, r1 = np.minimum(c0 + 1, width - 1), np.minimum(r0 + 1, height - 1)
    fc, fr = col_c - c0, row_c - r0
    top = mask[r0, c0] * (1 - fc) + mask[r0, c1] * fc
    bottom = mask[r1, c0] * (1 - fc) + mask[r1, c1] * fc
    return np.where(inside, (top * (1 - fr) + bottom * fr).astype(np.float64), np.nan)


def sample_back_depth_px(
    mask: np.ndarray,
    hip_xy_px: np.ndarray,
    shoulder_xy_px: np.ndarray,
    facing: int,
    params: BackContourParams,
) -> tuple[np.ndarray, np.ndarray]:
    """Cast rays from the chord towards the back and find where the silhouette ends.

    Parameters
    ----------
    mask : numpy.ndarray
        Shape ``(height, width)``, person probability 0..1.
    hip_xy_px, shoulder_xy_px : numpy.ndarray
        Shape ``(2,)``: mid-hip and mid-shoulder, pixels.
    facing : int
        +1 or -1.
    params : BackContourParams

    Returns
    -------
    depth_px : numpy.ndarray
        Shape ``(n_stations,)``: edge distance behind the chord, pixels, sub-pixel; NaN
        where the ray starts outside the body, leaves the image while still inside it,
        or finds no edge within ``max_depth``.
    contrast : numpy.ndarray
        Shape ``(n_stations,)``: mask value 3 px inside the edge minus the value 3 px
        outside, 0..1 (NaN where there is no edge).
    """
    chord = shoulder_xy_px - hip_xy_px
    chord_px = float(np.hypot(*chord))
    unit = chord / chord_px
    normal = compute_dorsal_normal(unit, facing)
    origins = hip_xy_px + np.outer(params.stations * chord_px, unit)
    run = max(2, math.ceil(params.min_outside_share * chord_px / _STEP_PX))
    reach_px = params.max_depth * chord_px + max(_EDGE_BAND_PX, run * _STEP_PX) + _STEP_PX
    steps = np.arange(0.0, reach_px, _STEP_PX)
    values = _bilinear(mask, origins[:, None, :] + steps[None, :, None] * normal)
    known = ~np.isnan(values)
    outside = known & (values < params.mask_threshold)
    # An edge at j: every sample in [j, j + run) is known background.
    windows = np.lib.stride_tricks.sliding_window_view(
        np.pad(outside, ((0, 0), (0, run - 1))), run, axis=1
    )
    edge_start = windows.all(axis=-1)
    edge_start[:, 0] = False
    has_edge = edge_start.any(axis=1)
    j = np.argmax(edge_start, axis=1)
    rays = np.arange(len(j))
    # Unknown samples (off the picture) before the edge mean the body ran off the image.
    before = np.arange(steps.size)[None, :] < j[:, None]
    clean = ~(before & ~known).any(axis=1)
    ok = has_edge & clean & (values[:, 0] >= params.mask_threshold)
    ok &= steps[j] <= params.max_depth * chord_px
    j = np.where(ok, j, 1)
    inner, outer = values[rays, j - 1], values[rays, j]
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.clip((inner - params.mask_threshold) / (inner - outer), 0.0, 1.0)
    depth = np.where(ok, steps[j - 1] + fraction * _STEP_PX, np.nan)
    offset = max(1, round(_EDGE_BAND_PX / _STEP_PX))
    inside_value = values[rays, np.clip(j - 1 - offset, 0, steps.size - 1)]
    outside_value = values[rays, np.clip(j + offset, 0, steps.size - 1)]
    contrast = np.clip(np.nan_to_num(inside_value - outside_value), 0.0, 1.0)
    return depth, np.where(ok, contrast, np.nan)


def arm_behind_back(
    image_xyz_px: np.ndarray, hip_xy_px: np.ndarray, shoulder_xy_px: np.ndarray, facing: int
) -> np.ndarray:
    """How far each elbow and wrist lies behind the hip→shoulder chord, in chords.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(33, 3)``, pixels.
    hip_xy_px, shoulder_xy_px : numpy.ndarray
        Shape ``(2,)``: the chord's ends.
    facing : int
        +1 or -1.

    Returns
    -------
    numpy.ndarray
        Shape ``(4,)``: left/right elbow and wrist; negative in front of the chord.
    """
    chord = shoulder_xy_px - hip_xy_px
    chord_px = float(np.hypot(*chord))
    normal = compute_dorsal_normal(chord / chord_px, facing)
    arms = (Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW, Landmark.LEFT_WRIST, Landmark.RIGHT_WRIST)
    return (image_xyz_px[list(arms), :2] - hip_xy_px) @ normal / chord_px


def measure_back_contour(
    mask: np.ndarray | None,
    image_xyz_px: np.ndarray | None,
    facing: int,
    params: BackContourParams | None = None,
) -> BackContour:
    """Measure the dorsal contour of one frame.

    Parameters
    ----------
    mask : numpy.ndarray or None
        Shape ``(height, width)``: MediaPipe's segmentation mask, 0..1.
    image_xyz_px : numpy.ndarray or None
        Shape ``(33, 3)``: image landmarks, pixels.
    facing : int
        +1 facing image +x, -1 facing -x.
    params : BackContourParams, optional

    Returns
    -------
    BackContour
        NaN values and confidence 0 when there is no mask, no landmarks, a chord too
        short to measure, an arm outlining the back or too few rays that found the back
        inside the picture.

    Raises
    ------
    InputError
        If ``facing`` is not ±1 or an array has the wrong shape.
    """
    params = params or BackContourParams()
    if facing not in (1, -1):
        raise InputError(f"facing is {facing!r}; pass +1 (facing right) or -1 (facing left).")
    if mask is not None and np.ndim(mask) != 2:
        raise InputError(f"The mask has shape {np.shape(mask)}; pass one (height, width) array.")
    if image_xyz_px is not None and np.shape(image_xyz_px) != (N_LANDMARKS, 3):
        raise InputError(f"image_xyz_px has shape {np.shape(image_xyz_px)}; expected (33, 3).")
    if mask is None or image_xyz_px is None or min(np.shape(mask)) < 2:
        return BackContour.empty(params.n_stations)
    xy = np.asarray(image_xyz_px, dtype=np.float64)[None, :, :2]
    hip = midpoint(xy, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[0]
    shoulder = midpoint(xy, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)[0]
    chord_px = float(np.hypot(*(shoulder - hip)))
    if not chord_px >= params.min_chord_px:
        return BackContour.empty(params.n_stations, chord_px)
    behind = arm_behind_back(np.asarray(image_xyz_px, float), hip, shoulder, facing)
    if np.nanmax(behind, initial=-np.inf) > params.arm_clearance:
        return BackContour.empty(params.n_stations, chord_px)
    # The mask is read only where the rays pass: converting the whole picture would
    # cost more than the measurement itself.
    depth, contrast = sample_back_depth_px(np.asarray(mask), hip, shoulder, facing, params)
    valid = ~np.isnan(depth)
    if valid.mean() < params.min_valid_share:
        return BackContour.empty(params.n_stations, chord_px)
    unit = (shoulder - hip) / chord_px
    normal = compute_dorsal_normal(unit, facing)
    points = hip + np.outer(params.stations * chord_px, unit) + depth[:, None] * normal
    lumbar, thoracic = compute_segment_bends(depth, chord_px, params)
    return BackContour(
        points_xy_px=points,
        depth_px=depth,
        chord_px=chord_px,
        sagitta_ratio=compute_fitted_sagitta_ratio(params.stations, depth, chord_px),
        chord_sagitta_ratio=compute_sagitta_ratio(params.stations, depth, chord_px),
        confidence=float(valid.mean() * np.median(contrast[valid])),
        lumbar_bend_deg=lumbar,
        thoracic_bend_deg=thoracic,
    )
