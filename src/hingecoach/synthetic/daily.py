"""Everyday bends of the synthetic person: floor pick-ups done three ways, and a sink lean.

No clip of everyday bending is among the evaluation videos, so the model provides the
truth: one bend is one lowering from standing and back, with the bottom posture of its
style (the chain stays balanced over the feet, as in every synthetic session). A *daily
scene* strings a few bends of different styles together with irregular pauses, as a
morning at home would, never as a set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hingecoach.errors import InputError
from hingecoach.synthetic.arms import SyntheticVariant
from hingecoach.synthetic.body import BodyModel
from hingecoach.synthetic.degrade import add_landmark_noise
from hingecoach.synthetic.motion import MID_FOOT_X_M, FaultProfile, Posture, build_timeline
from hingecoach.synthetic.render import compute_visibility, pixels_per_metre
from hingecoach.synthetic.scenes import concatenate
from hingecoach.synthetic.session import SyntheticFault, SyntheticSession, _make_frames, _simulate


class BendStyle(StrEnum):
    """How the synthetic person bends."""

    HINGE_PICKUP = "hinge_pickup"
    """Hips back, lower back long, knees bent as far as reaching the floor needs."""
    SQUAT_PICKUP = "squat_pickup"
    """Knees forward and deep, trunk fairly upright, hips dropping to the heels."""
    STOOP_PICKUP = "stoop_pickup"
    """Legs nearly straight, the lower back rounding to reach the floor."""
    SINK_LEAN = "sink_lean"
    """A partial hinge over a basin, held a few seconds (washing the face)."""


#: The bottom posture of each style: knee and pelvis–thigh angles and spine rounding in
#: degrees, balance over mid-foot. The hinge is the floor pull of a kettlebell deadlift
#: (knees ~60°, hips well above the knees); the squat bends the knees past 120° so the
#: trunk can stay up; the stoop keeps the knees within 5° of straight and gets the rest
#: of the depth from a 45° rounding of the spine; the sink lean stops at a third of a
#: hinge's depth with soft knees.
BEND_BOTTOMS: dict[BendStyle, Posture] = {
    BendStyle.HINGE_PICKUP: Posture(60.0, 95.0, 3.0, MID_FOOT_X_M),
    BendStyle.SQUAT_PICKUP: Posture(125.0, 105.0, 3.0, MID_FOOT_X_M),
    BendStyle.STOOP_PICKUP: Posture(5.0, 55.0, 45.0, MID_FOOT_X_M),
    BendStyle.SINK_LEAN: Posture(15.0, 45.0, 2.0, MID_FOOT_X_M),
}
#: Held at the bottom, seconds: a pick-up grasps and goes; a sink lean stays while washing.
BEND_HOLD_S: dict[BendStyle, float] = {
    BendStyle.HINGE_PICKUP: 0.4,
    BendStyle.SQUAT_PICKUP: 0.4,
    BendStyle.STOOP_PICKUP: 0.4,
    BendStyle.SINK_LEAN: 4.0,
}
_STANDING = Posture(0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class DailyScene:
    """A synthetic recording of everyday bends and the style of each, in order."""

    session: SyntheticSession
    styles: tuple[BendStyle, ...]


def daily_bend(
    style: BendStyle | str,
    *,
    fps: float = 30.0,
    lowering_s: float = 1.2,
    rising_s: float = 1.0,
    facing: int = 1,
    seed: int = 0,
    noise_px: float = 0.0,
    image_size: tuple[int, int] = (1280, 720),
) -> SyntheticSession:
    """One bend of ``style`` from standing and back, with a standing second before and after.

    Parameters
    ----------
    style : BendStyle or str
    fps : float
    lowering_s, rising_s : float
        Durations of the lowering and of the rise, seconds.
    facing : int
        +1 to face image right, -1 to face left.
    seed : int
        Seed of the visibility jitter and the noise.
    noise_px : float
        Standard deviation of Gaussian pixel noise on every image coordinate (and the
        same in metres on the world landmarks), as in :func:`synthetic_session`.
    image_size : tuple of int

    Returns
    -------
    SyntheticSession
        The truth holds the bend as its one rep.
    """
    try:
        style = BendStyle(style)
    except ValueError:
        names = ", ".join(member.value for member in BendStyle)
        raise InputError(f"Unknown bend style {style!r}; pass one of: {names}.") from None
    profile = FaultProfile(_STANDING, BEND_BOTTOMS[style])
    timeline = build_timeline(
        np.ones(1),
        pause_top_s=1.0,
        pause_bottom_s=BEND_HOLD_S[style],
        lowering_s=lowering_s,
        rising_s=rising_s,
        start_at_bottom=False,
        final_partial=False,
    )
    size = (int(image_size[0]), int(image_size[1]))
    world, image, truth = _simulate(
        timeline,
        profile,
        body=BodyModel(),
        fps=fps,
        facing=facing,
        image_size=size,
        variant=SyntheticVariant.LOADED,  # arms hang and the hands reach down
    )
    visibility_rng, noise_rng = (
        np.random.default_rng(c) for c in np.random.SeedSequence(seed).spawn(2)
    )
    visibility = compute_visibility(world, visibility_rng)
    if noise_px > 0:
        metres_per_pixel = 1.0 / pixels_per_metre(size, BodyModel())
        image, world = add_landmark_noise(
            image, world, noise_px=noise_px, metres_per_pixel=metres_per_pixel, rng=noise_rng
        )
    lost = np.zeros(world.shape[0], dtype=bool)
    frames = _make_frames(image, world, visibility, lost, fps=fps, image_size=size)
    return SyntheticSession(frames, truth, SyntheticFault.NONE, float(fps), size)


#: The default daily scene: every style once, in an order no set would take.
DAILY_STYLES = (
    BendStyle.HINGE_PICKUP,
    BendStyle.SINK_LEAN,
    BendStyle.SQUAT_PICKUP,
    BendStyle.STOOP_PICKUP,
)
#: Lowering time of each bend in the scene, cycled: everyday bends keep no cadence.
_SCENE_LOWERING_S = (1.0, 1.8, 0.8, 1.4)


def daily_scene(
    styles: Sequence[BendStyle | str] = DAILY_STYLES,
    *,
    fps: float = 30.0,
    image_size: tuple[int, int] = (1280, 720),
) -> DailyScene:
    """Bends of the given styles one after another, with uneven timing (a ``daily`` scene).

    Parameters
    ----------
    styles : sequence of BendStyle or str
        At least one.
    fps : float
    image_size : tuple of int

    Returns
    -------
    DailyScene
    """
    if not styles:
        raise InputError("A daily scene needs at least one bend style.")
    parts = [
        daily_bend(
            style,
            fps=fps,
            lowering_s=_SCENE_LOWERING_S[k % len(_SCENE_LOWERING_S)],
            seed=k,
            image_size=image_size,
        )
        for k, style in enumerate(styles)
    ]
    return DailyScene(concatenate(parts), tuple(BendStyle(style) for style in styles))
