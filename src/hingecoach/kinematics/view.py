"""Which way the camera looks at the person: view, facing direction and near side."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hingecoach.errors import InputError
from hingecoach.pose.landmarks import Landmark


class View(StrEnum):
    """Camera position relative to the person's sagittal plane."""

    SIDE = "side"
    OBLIQUE = "oblique"
    FRONT = "front"
    UNKNOWN = "unknown"


class Side(StrEnum):
    """The body side nearer the camera."""

    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class ViewParams:
    """Boundaries between views, on the yaw of the hip and shoulder lines.

    Attributes
    ----------
    side_min_yaw_deg : float
        Yaw (angle of the left→right hip/shoulder lines from the image plane) at and above
        which the view is a side view. Nominally 90° side-on; MediaPipe's world depth is
        compressed, so true side views read 60–90°: 55° keeps them all.
    front_max_yaw_deg : float
        Yaw below which the view is a front (or back) view; 45° is a true oblique view,
        and 25° sits well clear of it.
    window_s : float
        Per-frame yaw is the median over this window, seconds, before it is classified:
        1 s spans a hinge's fastest phase, so the yaw's swing as the trunk bends (and
        MediaPipe's depth wobble) does not flip the view frame by frame.
    min_stretch_s : float
        A view held for less than this, seconds, is a turn in progress (or a mis-tracked
        moment) and joins its neighbour: 2 s is shorter than a single rep with its pause,
        so a block of reps from a new angle always gets its own stretch.
    """

    side_min_yaw_deg: float = 55.0
    front_max_yaw_deg: float = 25.0
    window_s: float = 1.0
    min_stretch_s: float = 2.0

    def __post_init__(self) -> None:
        if not (self.window_s > 0 and self.min_stretch_s >= 0):
            raise InputError(
                f"window_s ({self.window_s}) must be positive and min_stretch_s "
                f"({self.min_stretch_s}) not negative."
            )
        if not 0.0 < self.front_max_yaw_deg < self.side_min_yaw_deg < 90.0:
            raise InputError(
                "View boundaries must satisfy 0 < front_max_yaw_deg < side_min_yaw_deg < 90; "
                f"got {self.front_max_yaw_deg} and {self.side_min_yaw_deg}."
            )


@dataclass(frozen=True, slots=True)
class ViewEstimate:
    """The camera view of a recording and how sure we are of it.

    Attributes
    ----------
    view : View
    yaw_deg : float
        Median yaw of the hip and shoulder lines from the image plane, degrees
        (90 = side-on, 0 = facing the camera).
    confidence : float
        Fraction of frames whose own yaw falls in the same view class, 0..1.
    facing : int
        +1 when the person faces image +x (right), -1 when facing left.
    side : Side
        Body side nearer the camera.
    """

    view: View
    yaw_deg: float
    confidence: float
    facing: int
    side: Side


def compute_yaw_deg(world_xyz_m: np.ndarray) -> np.ndarray:
    """Per-frame yaw of the body: angle of the hip and shoulder lines out of the image plane.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, metres.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, degrees in ``[0, 90]``; NaN where the body was lost.
    """
    yaws = []
    for left, right in (
        (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
        (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    ):
        across = world_xyz_m[:, right] - world_xyz_m[:, left]
        yaws.append(np.degrees(np.arctan2(np.abs(across[:, 2]), np.abs(across[:, 0]))))
    return 0.5 * (yaws[0] + yaws[1])


def classify_yaw(yaw_deg: float, params: ViewParams) -> View:
    """Name the view for one yaw angle (degrees)."""
    if np.isnan(yaw_deg):
        return View.UNKNOWN
    if yaw_deg >= params.side_min_yaw_deg:
        return View.SIDE
    if yaw_deg < params.front_max_yaw_deg:
        return View.FRONT
    return View.OBLIQUE


def compute_facing_votes(image_xyz_px: np.ndarray) -> np.ndarray:
    """Each frame's vote on the facing: toe-versus-heel plus nose-versus-ears.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, in -2..2: positive for facing image +x; NaN where a
        landmark it needs is missing.
    """
    x = image_xyz_px[:, :, 0]
    toes = (
        x[:, Landmark.LEFT_FOOT_INDEX]
        - x[:, Landmark.LEFT_HEEL]
        + x[:, Landmark.RIGHT_FOOT_INDEX]
        - x[:, Landmark.RIGHT_HEEL]
    )
    nose = 2 * x[:, Landmark.NOSE] - x[:, Landmark.LEFT_EAR] - x[:, Landmark.RIGHT_EAR]
    return np.sign(toes) + np.sign(nose)


def detect_facing(image_xyz_px: np.ndarray) -> int:
    """Which way the person faces in the image, from toe-versus-heel and nose-versus-ears.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.

    Returns
    -------
    int
        +1 for facing image +x, -1 for facing -x (+1 when undecidable).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        total = np.nansum(compute_facing_votes(image_xyz_px))
    return -1 if total < 0 else 1


class RunningFacing:
    """The facing as votes arrive frame by frame: which back to measure, causally.

    :func:`detect_facing` decides once the whole clip is seen; frames must be measured
    before that (their masks are not kept). Once the running vote is clear, a frame
    that does not contradict it is measured for that facing only; the others (the first
    frames, frames voting against the running facing) for both, so the final facing
    always finds a contour where the person faced its way.

    Parameters
    ----------
    min_lead : float
        Lead of the running vote (in votes, up to 2 a frame) before one facing is
        trusted. 20: ten frames that both cues agree on, a third of a second at 30 fps;
        a side view's votes are nearly unanimous, so a clip that ends up the other way
        round would have to out-vote that start.
    """

    def __init__(self, min_lead: float = 20.0) -> None:
        if not min_lead > 0:
            raise InputError(f"min_lead must be positive; got {min_lead}.")
        self.min_lead = min_lead
        self.total = 0.0

    def update(self, image_xyz_px: np.ndarray | None) -> tuple[int, ...]:
        """Count one frame's vote; return the facings its back should be measured for.

        Parameters
        ----------
        image_xyz_px : numpy.ndarray or None
            Shape ``(33, 3)``, the frame's landmarks (None when no body was found).

        Returns
        -------
        tuple of int
            ``(+1,)`` or ``(-1,)`` once the running vote leads by ``min_lead`` and this
            frame does not vote against it; ``(1, -1)`` otherwise.
        """
        vote = 0.0
        if image_xyz_px is not None:
            vote = float(compute_facing_votes(np.asarray(image_xyz_px)[None])[0])
            if np.isnan(vote):  # detect_facing skips such frames too
                vote = 0.0
        self.total += vote
        if abs(self.total) < self.min_lead or vote * self.total < 0:
            return (1, -1)
        return (1,) if self.total > 0 else (-1,)


def detect_near_side(image_xyz_px: np.ndarray, visibility: np.ndarray) -> Side:
    """Body side nearer the camera: smaller depth and higher visibility.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(n_frames, 33, 3)``; z is MediaPipe's relative depth (negative nearer).
    visibility : numpy.ndarray
        Shape ``(n_frames, 33)``.

    Returns
    -------
    Side
    """
    pairs = (
        (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
        (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
        (Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE),
    )
    score = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for left, right in pairs:
            score += np.nansum(np.sign(image_xyz_px[:, right, 2] - image_xyz_px[:, left, 2]))
            score += np.nansum(np.sign(visibility[:, left] - visibility[:, right]))
    return Side.LEFT if score >= 0 else Side.RIGHT


def estimate_view(
    image_xyz_px: np.ndarray,
    world_xyz_m: np.ndarray,
    visibility: np.ndarray,
    params: ViewParams | None = None,
) -> ViewEstimate:
    """Estimate the camera view over a stretch of frames.

    Parameters
    ----------
    image_xyz_px, world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, NaN where the body was lost.
    visibility : numpy.ndarray
        Shape ``(n_frames, 33)``.
    params : ViewParams, optional

    Returns
    -------
    ViewEstimate
        ``View.UNKNOWN`` with confidence 0 when no frame has a body.
    """
    params = params or ViewParams()
    yaw = compute_yaw_deg(world_xyz_m)
    facing = detect_facing(image_xyz_px)
    side = detect_near_side(image_xyz_px, visibility)
    valid = yaw[~np.isnan(yaw)]
    if valid.size == 0:
        return ViewEstimate(View.UNKNOWN, float("nan"), 0.0, facing, side)
    median_yaw = float(np.median(valid))
    view = classify_yaw(median_yaw, params)
    agreement = float(np.mean([classify_yaw(value, params) is view for value in valid]))
    return ViewEstimate(view, median_yaw, agreement, facing, side)
