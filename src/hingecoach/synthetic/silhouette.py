"""The synthetic lifter's back as a segmentation mask, and the contour measured on it.

Synthetic sessions carry landmarks only; the virtual tape needs the silhouette's outline
over the back. Here the trunk is drawn as the model's three-segment spine (pelvis and low
lumbar, upper lumbar, thoracic; :func:`~hingecoach.synthetic.body.compute_chain`)
thickened to a trunk's depth, with the soft rim of MediaPipe's probability mask, and
the dorsal contour is measured on it exactly as on a real frame
(:func:`~hingecoach.kinematics.back_contour.measure_back_contour`). Pure numpy.
"""

from __future__ import annotations

import math

import numpy as np

from hingecoach.form.back_cues import FacingContours
from hingecoach.kinematics.back_contour import (
    BackContour,
    BackContourParams,
    compute_dorsal_normal,
    measure_back_contour,
)
from hingecoach.kinematics.geometry import midpoint
from hingecoach.pose.landmarks import Landmark
from hingecoach.synthetic.motion import fault_profile
from hingecoach.synthetic.session import SyntheticSession

#: Half the trunk's front-to-back depth, in hip→shoulder chords: an adult trunk is 20–25 cm
#: deep over a 50 cm chord.
TRUNK_HALF_DEPTH = 0.23
#: Width of the mask's soft rim, pixels (MediaPipe's mask ramps over 1–2 px).
SOFT_RIM_PX = 1.5


#: The spine as drawn: pelvis (hip joint to the iliac crest) straight, then the lumbar and
#: the thoracic segments as arcs, as shares of the hip→shoulder length (the contour's
#: 0.2 and 0.55 stations: iliac crest and thoracolumbar junction).
SPINE_PARTS = (0.2, 0.35, 0.45)
#: Straight pieces per arc (a 40° arc in 4 pieces deviates from a circle by < 0.2 px).
ARC_PIECES = 4


def compute_spine_px(
    hip_xy_px: np.ndarray,
    shoulder_xy_px: np.ndarray,
    lumbar_bend_deg: float,
    thoracic_bend_deg: float,
    facing: int,
) -> np.ndarray:
    """The spine from the hip to the shoulder joint as a polyline in image pixels.

    Real spines bend along their segments, not at one joint, so the lumbar segment is
    drawn as an arc turning forward (towards ``facing``) by ``lumbar_bend_deg`` and the
    thoracic one by ``thoracic_bend_deg`` (:data:`SPINE_PARTS`); the chain is then turned
    and scaled so that it runs from the hip to the shoulder landmark.

    Returns
    -------
    numpy.ndarray
        Shape ``(2 + 2 * ARC_PIECES, 2)``, pixels.
    """
    pelvis, lumbar, thoracic = SPINE_PARTS
    lengths = [pelvis] + [lumbar / ARC_PIECES] * ARC_PIECES + [thoracic / ARC_PIECES] * ARC_PIECES
    # Each piece points along the arc's mean direction over it (a chord of the arc).
    lumbar_turns = lumbar_bend_deg * (np.arange(ARC_PIECES) + 0.5) / ARC_PIECES
    thoracic_turns = (
        lumbar_bend_deg + thoracic_bend_deg * (np.arange(ARC_PIECES) + 0.5) / ARC_PIECES
    )
    # In the image (y down) a forward bend turns clockwise for a person facing +x.
    turns = np.radians(np.concatenate([[0.0], lumbar_turns, thoracic_turns])) * facing
    steps = np.asarray(lengths)[:, None] * np.column_stack([np.cos(turns), np.sin(turns)])
    joints = np.vstack([np.zeros(2), np.cumsum(steps, axis=0)])
    chord = shoulder_xy_px - hip_xy_px
    end = joints[-1]
    angle = math.atan2(chord[1], chord[0]) - math.atan2(end[1], end[0])
    scale = float(np.hypot(*chord) / np.hypot(*end))
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    return hip_xy_px + scale * joints @ rotation.T


def render_spine_mask(
    spine_px: np.ndarray, half_depth_px: float, image_size: tuple[int, int], facing: int
) -> np.ndarray:
    """A person-probability mask of the trunk's back half: every pixel near the spine.

    Only the box around the spine and its dorsal side is computed (the contour's rays
    start on the hip→shoulder chord and run out of the back); the rest of the picture is
    background, which keeps a frame to a few thousand pixels.

    Parameters
    ----------
    spine_px : numpy.ndarray
        Shape ``(n_joints, 2)``, pixels, hip first.
    half_depth_px : float
        Half the trunk's depth, pixels.
    image_size : tuple of int
        ``(width, height)``.
    facing : int
        +1 or -1: the back is on the other side.

    Returns
    -------
    numpy.ndarray
        Shape ``(height, width)``, float32 in 0..1.
    """
    width, height = image_size
    mask = np.zeros((height, width), dtype=np.float32)
    chord = spine_px[-1] - spine_px[0]
    normal = compute_dorsal_normal(chord / np.hypot(*chord), facing)
    margin = 3 * SOFT_RIM_PX
    corners = np.vstack([spine_px, spine_px + (half_depth_px + margin) * normal])
    x0, y0 = np.maximum(np.floor(corners.min(axis=0) - margin).astype(int), 0)
    x1, y1 = np.minimum(np.ceil(corners.max(axis=0) + margin).astype(int), (width, height))
    if x1 <= x0 or y1 <= y0:
        return mask
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32) + 0.5
    pixels = np.stack([xs.ravel(), ys.ravel()], axis=-1)  # (P, 2)
    starts = spine_px[:-1].astype(np.float32)
    segments = np.diff(spine_px, axis=0).astype(np.float32)  # (S, 2)
    # Distance of every pixel to every segment at once: (P, S).
    relative = pixels[:, None, :] - starts[None, :, :]
    along = np.clip(
        np.einsum("psk,sk->ps", relative, segments) / np.sum(segments**2, axis=1), 0.0, 1.0
    )
    offset = relative - along[..., None] * segments[None, :, :]
    distance = np.sqrt(np.min(np.sum(offset**2, axis=-1), axis=1)).reshape(xs.shape)
    mask[y0:y1, x0:x1] = np.clip(0.5 - (distance - half_depth_px) / SOFT_RIM_PX, 0.0, 1.0)
    return mask


def measure_synthetic_contours(
    session: SyntheticSession, params: BackContourParams | None = None
) -> tuple[FacingContours, tuple[np.ndarray, np.ndarray]]:
    """The dorsal contour of every frame of a synthetic session, as pose would measure it.

    Parameters
    ----------
    session : SyntheticSession
    params : BackContourParams, optional

    Returns
    -------
    contours : FacingContours
        Measured for the session's facing; the other facing is unmeasured.
    tape_lines_xy_px : tuple of numpy.ndarray
        Shape ``(n_frames, n_stations, 2)`` for facing +1 and -1, as
        ``TrackedVideo.tape_lines_xy_px``.
    """
    params = params or BackContourParams()
    facing = session.truth.facing
    share = fault_profile(session.fault).lumbar_share
    unmeasured = BackContour.empty(params.n_stations)
    pairs = []
    for frame, rounding in zip(session.frames, session.truth.spine_rounding_deg, strict=True):
        if frame.image_xyz_px is None:  # not detected
            pairs.append((unmeasured, unmeasured))
            continue
        xy = frame.image_xyz_px[None, :, :2]
        hip = midpoint(xy, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[0]
        shoulder = midpoint(xy, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)[0]
        spine = compute_spine_px(hip, shoulder, share * rounding, (1.0 - share) * rounding, facing)
        half_depth = TRUNK_HALF_DEPTH * float(np.hypot(*(shoulder - hip)))
        mask = render_spine_mask(spine, half_depth, session.image_size, facing)
        contour = measure_back_contour(mask, frame.image_xyz_px, facing, params)
        pairs.append((contour, unmeasured) if facing == 1 else (unmeasured, contour))
    lines = tuple(
        np.stack([pair[k].points_xy_px for pair in pairs]).astype(np.float32) for k in (0, 1)
    )
    return FacingContours.from_frames(pairs), (lines[0], lines[1])
