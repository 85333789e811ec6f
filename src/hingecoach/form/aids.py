"""Virtual learning aids: a chair to reach back to, a band pulling the hips back.

Pure geometry on one frame's image landmarks (pixels, y down).

The physio's drills (:data:`hingecoach.form.cues.LEARNING_AIDS`) use a real chair behind
the person and a band around the hips; here both are placed from the person's own leg
length, so they scale with the distance to the camera.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError
from hingecoach.form.params import FaultThresholds
from hingecoach.pose.landmarks import Landmark


@dataclass(frozen=True, slots=True)
class AidParams:
    """Where the virtual aids sit, in leg lengths (hip to knee to ankle).

    Attributes
    ----------
    shift_target_leg : float
        Hip shift behind the ankles that the chair's front edge marks and at which the
        band has faded (2 x ``FaultThresholds.hips_back_min_leg`` = 0.20: clearly past the
        least shift the ``hips_not_back`` rule accepts; good hinges in the side-view
        clips reach 0.21-0.33).
    seat_height_leg : float
        Seat height above the floor (0.55: a 45 cm dining chair for an 80 cm leg).
    seat_depth_leg : float
        Seat depth (0.5: about 40 cm).
    backrest_leg : float
        Height of the backrest's top above the floor (0.9). The chair stands with its
        back to the person, as in the chair-touch drill: the hips, which stay at about
        0.85-0.95 leg lengths high in a soft-knee hinge, reach back to its top.
    band_length_leg : float
        Length of the band's arrow when the hips have not moved back yet (0.4).
    min_visibility : float
        Visibility of one side's hip, knee, ankle, heel and toe needed to place the aids
        (0.5, the pose model's own threshold for a landmark in view).
    """

    shift_target_leg: float = 2 * FaultThresholds().hips_back_min_leg
    seat_height_leg: float = 0.55
    seat_depth_leg: float = 0.5
    backrest_leg: float = 0.9
    band_length_leg: float = 0.4
    min_visibility: float = 0.5

    def __post_init__(self) -> None:
        if min(self.shift_target_leg, self.seat_height_leg, self.seat_depth_leg) <= 0:
            raise InputError("AidParams lengths must be positive leg lengths.")


@dataclass(frozen=True, slots=True)
class AidGeometry:
    """The aids in one frame, in image pixels.

    Attributes
    ----------
    leg_px : float
        The person's leg length in this frame (hip-knee plus knee-ankle).
    hip_shift_leg : float
        Hips behind the ankles, leg lengths (positive: back, away from the toes).
    chair_lines_px : numpy.ndarray
        Shape ``(3, 4)``: backrest (nearest the person, floor to top), seat, far leg,
        each ``x0, y0, x1, y1``.
    chair_lit : bool
        The hips reached the backrest.
    band_px : numpy.ndarray
        Shape ``(4,)``: the band's arrow from the hips, pulling backwards.
    band_alpha : float
        0..1: 1 while the hips have not moved back, 0 once they reach the target.
    """

    leg_px: float
    hip_shift_leg: float
    chair_lines_px: np.ndarray
    chair_lit: bool
    band_px: np.ndarray
    band_alpha: float


#: One side's leg and foot: hip, knee, ankle, heel, toe.
_SIDES = {
    side: tuple(
        Landmark[f"{side}_{part}"] for part in ("HIP", "KNEE", "ANKLE", "HEEL", "FOOT_INDEX")
    )
    for side in ("LEFT", "RIGHT")
}


def compute_aids(
    image_xyz_px: np.ndarray, visibility: np.ndarray, params: AidParams | None = None
) -> AidGeometry | None:
    """Place the virtual chair and band for one frame.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(33, 3)``, pixels.
    visibility : numpy.ndarray
        Shape ``(33,)``, 0..1.
    params : AidParams, optional

    Returns
    -------
    AidGeometry or None
        None when neither leg with its foot is seen well enough to place the aids, or
        the foot does not show which way the person faces.
    """
    params = params or AidParams()
    # From the side the far leg hides behind the near one: use the better-seen side.
    side = max(_SIDES.values(), key=lambda points: float(visibility[list(points)].min()))
    if visibility[list(side)].min() < params.min_visibility:
        return None
    hip, knee, ankle, heel, toe = (image_xyz_px[point, :2] for point in side)
    leg_px = float(np.linalg.norm(hip - knee) + np.linalg.norm(knee - ankle))
    # The feet point the way the person faces; "behind" is the other way.
    facing = float(np.sign(toe[0] - heel[0]))
    if facing == 0.0 or not np.isfinite(leg_px) or leg_px <= 0:
        return None
    shift_leg = float(-facing * (hip[0] - ankle[0]) / leg_px)
    back = -facing * leg_px
    front_x = ankle[0] + back * params.shift_target_leg
    rear_x = front_x + back * params.seat_depth_leg
    floor_y = max(ankle[1], heel[1])
    seat_y = floor_y - params.seat_height_leg * leg_px
    top_y = floor_y - params.backrest_leg * leg_px
    chair = np.array(
        [
            [front_x, floor_y, front_x, top_y],
            [front_x, seat_y, rear_x, seat_y],
            [rear_x, floor_y, rear_x, seat_y],
        ]
    )
    reached = min(1.0, max(0.0, shift_leg / params.shift_target_leg))
    band_end = hip[0] + back * params.band_length_leg * (1.0 - reached)
    return AidGeometry(
        leg_px=leg_px,
        hip_shift_leg=shift_leg,
        chair_lines_px=chair,
        chair_lit=shift_leg >= params.shift_target_leg,
        band_px=np.array([hip[0], hip[1], band_end, hip[1]]),
        band_alpha=1.0 - reached,
    )
