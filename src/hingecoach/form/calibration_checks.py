"""Checks that a guided calibration take holds what the calibration needs.

Each refuses with one sentence naming the missing part and how to record it, so a
calibration file never holds a range the person did not show (or a NaN).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from hingecoach.errors import InputError
from hingecoach.kinematics.smoothing import true_runs


def count_hinges(hip_flexion_deg: np.ndarray, params: Any) -> int:
    """How many hinges a guided take holds: runs of ``min_frames`` or more hinged frames.

    Parameters
    ----------
    hip_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``, degrees (NaN where not measured).
    params : CalibrationParams
        ``hinged_min_deg`` (a hinged frame) and ``min_frames`` (the shortest hinge).
    """
    with np.errstate(invalid="ignore"):
        hinged = np.asarray(hip_flexion_deg) >= params.hinged_min_deg
    return sum(b - a >= params.min_frames for a, b in true_runs(hinged))


def require_phases(
    long_spine_frames: int, slump_frames: int, hinged_min_deg: float, min_frames: int
) -> None:
    """Refuse a take without a held hinge for the long spine and for the slump."""
    if long_spine_frames < min_frames or slump_frames < min_frames:
        raise InputError(
            "The calibration video shows no long-spine hinge and slump (the hips never "
            f"stayed bent past {hinged_min_deg:.0f}° long enough); record it side-on: "
            "stand tall, hinge with a long spine and hold 3 s, stand up, then hinge with "
            "the back slumped on purpose and hold 3 s."
        )


def require_standing(standing_trunk_m: float) -> None:
    """Refuse a take that does not open standing (its trunk length would be unknown)."""
    if not math.isfinite(standing_trunk_m):
        raise InputError(
            "The calibration video does not start standing tall; record it side-on, "
            "standing still for 2 s before the first hinge."
        )


def require_slump(contour_own: bool, head_own: bool, *, two_hinges: bool) -> None:
    """Refuse a take whose slump no back-shape cue can tell from its long spine.

    A slump that only the head drop sees still gives the person's own neutral (the
    contour then keeps the population's width, trusted like a session calibration);
    one that neither the contour nor the head sees gives nothing of the person's own
    range, so nothing is saved.
    """
    if contour_own or head_own:
        return
    if two_hinges:
        raise InputError(
            "The calibration video shows no slump: the last hinge's back has the same "
            "shape as the first's; in the last hinge round the back on purpose (like a "
            "cat) and hold it 3 s, side-on."
        )
    raise InputError(
        "The calibration video shows one hinge and no separate slump; record a hinge "
        "with a long spine and hold 3 s, stand up, then a second hinge with the back "
        "slumped on purpose and hold 3 s, side-on."
    )
