"""The shape of the back's outline, segment by segment: lower back and upper back apart.

A physio's tape lies on the lower back, from the pelvis to the mid-back. The dorsal
contour (:mod:`hingecoach.kinematics.back_contour`) is sampled from the top of the pelvis
to the shoulder blades; here it is split at the thoracolumbar junction and each segment's
bend is measured on its own, so a rounded upper back does not read as a rounded lower
back. Image conventions as in :mod:`hingecoach.pose.landmarks`; pure numpy.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from hingecoach.kinematics.back_contour import BackContourParams


def compute_dorsal_normal(chord_unit_xy: np.ndarray, facing: int) -> np.ndarray:
    """Unit vectors perpendicular to the trunk chord, pointing out of the back.

    Parameters
    ----------
    chord_unit_xy : numpy.ndarray
        Shape ``(..., 2)``: unit hip→shoulder vectors, image convention.
    facing : int
        +1 facing image +x, -1 facing -x.

    Returns
    -------
    numpy.ndarray
        Same shape. Standing facing +x the back is towards -x; hinged flat, it is up.
    """
    return facing * np.stack([chord_unit_xy[..., 1], -chord_unit_xy[..., 0]], axis=-1)


def compute_segment_bend_deg(
    stations: np.ndarray, depth_px: np.ndarray, chord_px: float, min_points: int = 4
) -> float:
    """How far the outline turns over one segment of the back, degrees.

    A parabola ``depth / chord = a + b s + c s**2`` is fitted to the segment's edge
    points; the bend is the change of its tangent's direction from the segment's first
    to its last point. It depends on the segment's own shape only, not on where the
    hip→shoulder chord points, so rounding elsewhere (the upper back, the neck) leaves
    it unchanged.

    Parameters
    ----------
    stations : numpy.ndarray
        Shape ``(n,)``: the segment's ray positions as shares of the chord.
    depth_px : numpy.ndarray
        Shape ``(n,)``: edge distance behind the chord, pixels, NaN where missing.
    chord_px : float
        Hip→shoulder chord length, pixels.
    min_points : int
        Fewest edge points to fit.

    Returns
    -------
    float
        Degrees: positive when the segment bulges out of the back (rounds), negative
        when hollow (arched); NaN with fewer than ``min_points`` points.
    """
    valid = np.isfinite(depth_px)
    if valid.sum() < max(3, min_points) or not chord_px > 0:
        return math.nan
    along = np.asarray(stations, dtype=np.float64)[valid]
    c, b, _ = np.polyfit(along, depth_px[valid] / chord_px, 2)
    start, end = b + 2 * c * along[0], b + 2 * c * along[-1]
    return float(math.degrees(math.atan(start) - math.atan(end)))


def compute_depth_from_points(
    points_xy_px: np.ndarray, hip_xy_px: np.ndarray, shoulder_xy_px: np.ndarray, facing: int
) -> tuple[np.ndarray, np.ndarray]:
    """Edge points back into distances behind the hip→shoulder chord, per frame.

    The inverse of how :func:`measure_back_contour` places its points; it lets stored
    contour lines (``TrackedVideo.tape_lines_xy_px``) be measured again.

    Parameters
    ----------
    points_xy_px : numpy.ndarray
        Shape ``(n_frames, n_stations, 2)``, pixels, NaN where no edge was found.
    hip_xy_px, shoulder_xy_px : numpy.ndarray
        Shape ``(n_frames, 2)``: mid-hip and mid-shoulder, pixels.
    facing : int
        +1 or -1.

    Returns
    -------
    depth_px : numpy.ndarray
        Shape ``(n_frames, n_stations)``.
    chord_px : numpy.ndarray
        Shape ``(n_frames,)``.
    """
    chord = shoulder_xy_px - hip_xy_px
    chord_px = np.hypot(chord[:, 0], chord[:, 1])
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = chord / chord_px[:, None]
    normal = compute_dorsal_normal(unit, facing)
    depth = np.einsum("fsk,fk->fs", points_xy_px - hip_xy_px[:, None, :], normal)
    return depth, chord_px


def compute_segment_bends(
    depth_px: np.ndarray, chord_px: float, params: BackContourParams
) -> tuple[float, float]:
    """The lumbar and thoracic bends of one frame's sampled back, degrees (NaN if unread)."""
    stations = params.stations
    lumbar_deg, thoracic_deg = (
        compute_segment_bend_deg(
            stations[part], depth_px[part], chord_px, params.min_segment_points
        )
        for part in (params.lumbar, params.thoracic)
    )
    return lumbar_deg, thoracic_deg


def compute_sagitta_ratio(stations: np.ndarray, depth_px: np.ndarray, chord_px: float) -> float:
    """Bulge of the sampled back away from the line through its end points.

    Parameters
    ----------
    stations : numpy.ndarray
        Shape ``(n,)``: ray positions as shares of the chord.
    depth_px : numpy.ndarray
        Shape ``(n,)``: edge distance behind the chord, pixels, NaN where missing.
    chord_px : float
        Hip→shoulder chord length, pixels.

    Returns
    -------
    float
        Largest signed distance of an interior edge point behind the end-to-end line,
        over ``chord_px`` (positive bulging out of the back); NaN with fewer than 3 points.
    """
    valid = ~np.isnan(depth_px)
    if valid.sum() < 3 or not chord_px > 0:
        return math.nan
    points = np.column_stack([stations[valid] * chord_px, depth_px[valid]])
    line = points[-1] - points[0]
    line = line / np.hypot(*line)
    relative = points[1:-1] - points[0]
    deviation = line[0] * relative[:, 1] - line[1] * relative[:, 0]
    return float(deviation.max() / chord_px)


def compute_fitted_sagitta_ratio(
    stations: np.ndarray, depth_px: np.ndarray, chord_px: float
) -> float:
    """Sagitta of the least-squares parabola through the sampled edge.

    Parameters
    ----------
    stations, depth_px, chord_px
        As for :func:`compute_sagitta_ratio`.

    Returns
    -------
    float
        ``-c * w**2 / 4`` for the fitted ``depth / chord = a + b s + c s**2`` over the
        span ``w`` of the valid stations: positive when the edge bulges out of the back;
        NaN with fewer than 3 points.
    """
    valid = ~np.isnan(depth_px)
    if valid.sum() < 3 or not chord_px > 0:
        return math.nan
    along = stations[valid]
    curvature = np.polyfit(along, depth_px[valid] / chord_px, 2)[0]
    return float(-curvature * (along[-1] - along[0]) ** 2 / 4.0)
