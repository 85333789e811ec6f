"""Set-up checks before a live set: pure functions from one pose frame to a verdict.

Each check returns a :class:`SetupCheck` whose ``advice`` is a short sentence telling the
person how to fix the set-up, so the page can show it and say it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError
from hingecoach.kinematics.quality import EDGE_LANDMARKS
from hingecoach.kinematics.view import View, ViewEstimate
from hingecoach.pose.landmarks import Landmark


@dataclass(frozen=True, slots=True)
class SetupParams:
    """Limits of a usable camera set-up.

    Attributes
    ----------
    edge_margin : float
        Share of the picture's width/height kept free at each border (0.01: a foot
        touching the border is often half out of it).
    min_visibility : float
        Visibility (0..1) a head or foot landmark needs to count as seen (0.5, the pose
        model's own threshold for a landmark in view).
    min_height_share : float
        Smallest body length (nose to ankles along the body) as a share of the picture
        height (0.3: below it the landmarks are a few pixels apart and the angles get
        noisy).
    max_height_share : float
        Largest body length share (0.95: closer, standing up takes the head or feet out
        of the picture).
    """

    edge_margin: float = 0.01
    min_visibility: float = 0.5
    min_height_share: float = 0.3
    max_height_share: float = 0.95

    def __post_init__(self) -> None:
        if not 0.0 <= self.edge_margin < 0.5:
            raise InputError(f"edge_margin must be in [0, 0.5), not {self.edge_margin}.")
        if not 0.0 < self.min_height_share < self.max_height_share <= 1.0:
            raise InputError(
                f"Need 0 < min_height_share < max_height_share <= 1, not "
                f"{self.min_height_share} and {self.max_height_share}."
            )


@dataclass(frozen=True, slots=True)
class SetupCheck:
    """One check's verdict.

    Attributes
    ----------
    name : str
        ``body``, ``in_frame``, ``distance``, ``view`` or ``one_person``.
    ok : bool
    advice : str
        What to do when not ok (empty when ok); a remark when ok but not ideal.
    """

    name: str
    ok: bool
    advice: str = ""


#: The set-up fixes, as the page shows and says them.
STEP_IN = "Step into the picture so the camera can see you."
HEAD_OUT = "Move so your head is in the picture."
FEET_OUT = "Move so both feet are in the picture."
STEP_BACK = "Step back from the camera."
COME_CLOSER = "Come a little closer to the camera."


def check_body_found(image_xyz_px: np.ndarray | None) -> SetupCheck:
    """Whether the pose model found a body at all."""
    if image_xyz_px is None:
        return SetupCheck("body", False, STEP_IN)
    return SetupCheck("body", True)


def check_in_frame(
    image_xyz_px: np.ndarray,
    visibility: np.ndarray,
    image_size: tuple[int, int],
    params: SetupParams,
) -> SetupCheck:
    """Whether the head and both feet are inside the picture (one foot may be hidden).

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(33, 3)``, pixels.
    visibility : numpy.ndarray
        Shape ``(33,)``, 0..1.
    image_size : tuple of int
        ``(width, height)``.
    params : SetupParams

    Returns
    -------
    SetupCheck
    """
    width, height = image_size
    points = image_xyz_px[list(EDGE_LANDMARKS), :2]
    x_ok = (points[:, 0] >= params.edge_margin * width) & (
        points[:, 0] <= (1 - params.edge_margin) * width
    )
    y_ok = (points[:, 1] >= params.edge_margin * height) & (
        points[:, 1] <= (1 - params.edge_margin) * height
    )
    seen = visibility[list(EDGE_LANDMARKS)] >= params.min_visibility
    # From the side the far foot hides behind the near one (its visibility hovers around
    # 0.5 while its estimated position is fine), so the feet need their four points inside
    # the picture and one of them seen; the head needs to be seen.
    inside = x_ok & y_ok
    inside[0] &= seen[0]
    inside[1:] &= seen[1:].any()
    if inside.all():
        return SetupCheck("in_frame", True)
    # Head and feet both cut off: the body is taller than the picture, so moving up or
    # down cannot help; the one real fix is more distance.
    if not inside[0] and not inside[1:].all():
        return SetupCheck("in_frame", False, STEP_BACK)
    if not inside[0]:
        return SetupCheck("in_frame", False, HEAD_OUT)
    return SetupCheck("in_frame", False, FEET_OUT)


def _body_length_px(image_xyz_px: np.ndarray) -> float:
    """Nose to ankles along the body (neck, trunk, thigh, shank), pixels.

    Standing, it is the body's height; unlike the height it stays the same in a hinge,
    so a person bending over is not told to come closer.
    """
    xy = image_xyz_px[:, :2]

    def mid(left: Landmark, right: Landmark) -> np.ndarray:
        return (xy[left] + xy[right]) / 2.0

    chain = np.stack(
        [
            xy[Landmark.NOSE],
            mid(Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
            mid(Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
            mid(Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE),
            mid(Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE),
        ]
    )
    return float(np.linalg.norm(np.diff(chain, axis=0), axis=1).sum())


def check_distance(
    image_xyz_px: np.ndarray, image_size: tuple[int, int], params: SetupParams
) -> SetupCheck:
    """Whether the person is far enough away, and near enough to be measured.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(33, 3)``, pixels.
    image_size : tuple of int
        ``(width, height)``.
    params : SetupParams

    Returns
    -------
    SetupCheck
    """
    share = _body_length_px(image_xyz_px) / image_size[1]
    if share > params.max_height_share:
        return SetupCheck("distance", False, STEP_BACK)
    if share < params.min_height_share:
        return SetupCheck("distance", False, COME_CLOSER)
    return SetupCheck("distance", True)


def check_view(view: ViewEstimate | None) -> SetupCheck:
    """Whether the camera sees the person side-on (oblique is usable, front is not)."""
    if view is None or view.view is View.UNKNOWN:
        return SetupCheck("view", False, "Stand still for a moment so I can see your side.")
    if view.view is View.FRONT:
        return SetupCheck("view", False, "Turn side-on to the camera.")
    if view.view is View.OBLIQUE:
        return SetupCheck("view", True, "Turn a little more side-on for the best view.")
    return SetupCheck("view", True)


def check_one_person(second_person_seen: bool) -> SetupCheck:
    """Whether the picture holds only one person (the last second-person check)."""
    if second_person_seen:
        return SetupCheck("one_person", False, "Only one person in the picture, please.")
    return SetupCheck("one_person", True)


def first_problem(checks: list[SetupCheck]) -> SetupCheck | None:
    """The first failing check (checks are given most basic first), or None when all pass."""
    return next((check for check in checks if not check.ok), None)
