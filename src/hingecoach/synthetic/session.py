"""The built-in synthetic session: a modelled person hip-hinging, seen side-on.

:func:`synthetic_session` chains the stages of this package: the rep timeline and the
fault's postures (:mod:`~hingecoach.synthetic.motion`), the balanced planar chain
(:mod:`~hingecoach.synthetic.body`), MediaPipe's 33 landmarks
(:mod:`~hingecoach.synthetic.render`), and optional noise and lost frames
(:mod:`~hingecoach.synthetic.degrade`). It is deterministic for a given seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError
from hingecoach.pose.landmarks import PoseFrame
from hingecoach.synthetic.arms import SyntheticVariant, compute_arm_pose
from hingecoach.synthetic.body import BodyModel, balanced_shin_deg, compute_chain
from hingecoach.synthetic.degrade import add_landmark_noise, choose_dropout_frames
from hingecoach.synthetic.motion import (
    FaultProfile,
    Posture,
    RepTimeline,
    SyntheticFault,
    build_timeline,
    compute_joint_angles,
    compute_phase,
    fault_profile,
)
from hingecoach.synthetic.render import (
    compute_image_landmarks,
    compute_visibility,
    compute_world_landmarks,
    pixels_per_metre,
)
from hingecoach.synthetic.truth import SyntheticTruth, compute_hinge_angles

#: Rep-to-rep spread of depth (standard deviation, as a fraction of the bottom posture),
#: clipped at 1.5 standard deviations: people never hit the same depth twice.
DEPTH_SPREAD = 0.02


@dataclass(frozen=True, slots=True)
class SyntheticSession:
    """A synthetic session: pose frames as a perfect-ish estimator would give them.

    Attributes
    ----------
    frames : tuple of PoseFrame
        One per frame, ``t_s = index / fps``; lost frames carry no landmarks.
    truth : SyntheticTruth
        What the modelled person really did (from the noise-free landmarks).
    fault : SyntheticFault
        The fault shown in every rep.
    fps : float
        Frame rate.
    image_size : tuple of int
        ``(width, height)`` in pixels.
    """

    frames: tuple[PoseFrame, ...]
    truth: SyntheticTruth
    fault: SyntheticFault
    fps: float
    image_size: tuple[int, int]
    variant: SyntheticVariant = SyntheticVariant.LOADED


#: Standing with soft knees and the hips a little flexed (hip flexion ~22°): how many
#: people stand in a bodyweight or dowel hinge; the lockout rules must accept it.
SOFT_KNEES_STANDING = Posture(knee_deg=10.0, hip_deg=24.0, rounding_deg=0.0)
#: The bottom of a kettlebell deadlift from the floor: the knees bend to reach the bell
#: (about 60°), the trunk about 50° forward, hips well above the knees.
FLOOR_PULL_BOTTOM = Posture(knee_deg=60.0, hip_deg=95.0, rounding_deg=3.0, balance_x_m=0.08)


def _variant_profile(profile: FaultProfile, variant: SyntheticVariant) -> FaultProfile:
    """A good set's postures adjusted to the variant (a fault's own postures win)."""
    if profile != fault_profile(SyntheticFault.NONE):
        return profile
    if variant in (SyntheticVariant.HANDS_AT_WAIST, SyntheticVariant.DOWEL):
        return FaultProfile(SOFT_KNEES_STANDING, profile.bottom)
    if variant is SyntheticVariant.FLOOR_DEADLIFT:
        return FaultProfile(profile.top, FLOOR_PULL_BOTTOM)
    return profile


def _parse_variant(variant: SyntheticVariant | str) -> SyntheticVariant:
    try:
        return SyntheticVariant(variant)
    except ValueError:
        names = ", ".join(member.value for member in SyntheticVariant)
        raise InputError(f"Unknown synthetic variant {variant!r}; pass one of: {names}.") from None


def _parse_fault(fault: SyntheticFault | str | None) -> SyntheticFault:
    """Accept a fault or its string value."""
    if fault is None:
        return SyntheticFault.NONE
    try:
        return SyntheticFault(fault)
    except ValueError:
        names = ", ".join(member.value for member in SyntheticFault)
        raise InputError(f"Unknown synthetic fault {fault!r}; pass one of: {names}.") from None


def _check(condition: bool, message: str) -> None:
    """Raise :class:`InputError` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise InputError(message)


def _validate(
    *,
    n_reps: int,
    fps: float,
    noise_px: float,
    dropout_fraction: float,
    durations_s: tuple[tuple[str, float, bool], ...],
    start_at_bottom: bool,
    facing: int,
    image_size: tuple[int, int],
) -> None:
    """Reject arguments the model cannot honour, each with a one-sentence reason.

    ``durations_s`` holds ``(name, value, must_be_positive)`` triples.
    """
    is_count = isinstance(n_reps, int | np.integer) and not isinstance(n_reps, bool)
    _check(is_count and n_reps >= 0, f"n_reps is {n_reps!r}; pass a whole number, 0 or more.")
    _check(math.isfinite(fps) and fps > 0, f"fps is {fps!r}; pass a positive frame rate.")
    _check(
        math.isfinite(noise_px) and noise_px >= 0,
        f"noise_px is {noise_px!r}; pass a noise level of 0 pixels or more.",
    )
    _check(
        0 <= dropout_fraction < 1,
        f"dropout_fraction is {dropout_fraction!r}; pass a fraction in [0, 1).",
    )
    for name, value, positive in durations_s:
        ok = math.isfinite(value) and (value > 0 if positive else value >= 0)
        kind = "positive" if positive else "non-negative"
        _check(ok, f"{name} is {value!r}; pass a {kind} time in seconds.")
    _check(
        not (start_at_bottom and n_reps == 0),
        "start_at_bottom needs a rep to rise from but n_reps is 0; pass n_reps of 1 or more.",
    )
    _check(facing in (1, -1), f"facing is {facing!r}; pass +1 (facing right) or -1 (facing left).")
    _check(
        len(image_size) == 2 and all(int(side) == side and side > 0 for side in image_size),
        f"image_size is {image_size!r}; pass (width, height) as two positive whole numbers.",
    )


def _make_frames(
    image_xyz_px: np.ndarray,
    world_xyz_m: np.ndarray,
    visibility: np.ndarray,
    lost: np.ndarray,
    *,
    fps: float,
    image_size: tuple[int, int],
) -> tuple[PoseFrame, ...]:
    """One :class:`PoseFrame` per frame; each keeps its own (read-only) copy of the rows."""
    frames = []
    for index in range(image_xyz_px.shape[0]):
        t_s = index / fps
        if lost[index]:
            frames.append(PoseFrame(index=index, t_s=t_s, image_size=image_size))
            continue
        frames.append(
            PoseFrame(
                index=index,
                t_s=t_s,
                image_size=image_size,
                image_xyz_px=image_xyz_px[index].copy(),
                world_xyz_m=world_xyz_m[index].copy(),
                visibility=visibility[index].copy(),
            )
        )
    return tuple(frames)


def _simulate(
    timeline: RepTimeline,
    profile: FaultProfile,
    *,
    body: BodyModel,
    fps: float,
    facing: int,
    image_size: tuple[int, int],
    variant: SyntheticVariant = SyntheticVariant.LOADED,
) -> tuple[np.ndarray, np.ndarray, SyntheticTruth]:
    """Noise-free world and image landmarks, ``(n_frames, 33, 3)`` each, and the truth."""
    n_frames = math.floor(timeline.duration_s * fps + 1e-9) + 1
    t_s = np.arange(n_frames) / fps
    knee_deg, hip_deg, rounding_deg, balance_x_m = compute_joint_angles(
        compute_phase(t_s, timeline), profile
    )
    share = profile.lumbar_share
    shin_deg = balanced_shin_deg(
        knee_deg, hip_deg, rounding_deg, body=body, balance_x_m=balance_x_m, lumbar_share=share
    )
    chain = compute_chain(
        shin_deg, knee_deg, hip_deg, rounding_deg, body=body, lumbar_share=share
    )
    arms = compute_arm_pose(chain, variant, body)
    world = compute_world_landmarks(chain, body=body, facing=facing, arms=arms)
    image = compute_image_landmarks(chain, world, image_size=image_size, body=body, facing=facing)
    angles = compute_hinge_angles(world, facing=facing, leg_length_m=body.leg_length_m)
    truth = SyntheticTruth(
        t_s=t_s,
        hip_flexion_deg=angles.hip_flexion_deg,
        knee_flexion_deg=angles.knee_flexion_deg,
        trunk_inclination_deg=angles.trunk_inclination_deg,
        shin_inclination_deg=angles.shin_inclination_deg,
        hip_shift_leg=angles.hip_shift_leg,
        hip_height_leg=angles.hip_height_leg,
        spine_rounding_deg=rounding_deg,
        rep_start_s=timeline.rep_start_s.copy(),
        rep_bottom_s=timeline.rep_bottom_s.copy(),
        rep_end_s=timeline.rep_end_s.copy(),
        side="right" if facing == 1 else "left",
        facing=facing,
    )
    return world, image, truth


def synthetic_session(
    fault: SyntheticFault | str | None = "none",
    *,
    n_reps: int = 5,
    fps: float = 30.0,
    noise_px: float = 0.0,
    dropout_fraction: float = 0.0,
    pause_top_s: float = 1.0,
    pause_bottom_s: float = 0.0,
    lowering_s: float = 2.0,
    rising_s: float = 1.5,
    start_at_bottom: bool = False,
    final_partial: bool = False,
    facing: int = 1,
    seed: int = 42,
    image_size: tuple[int, int] = (1280, 720),
    variant: SyntheticVariant | str = SyntheticVariant.LOADED,
) -> SyntheticSession:
    """Simulate a side-on hip-hinge session and render it as MediaPipe pose frames.

    Parameters
    ----------
    fault : SyntheticFault or str or None
        Fault shown in every rep; ``None`` or ``"none"`` is good form. ``"fast"``
        lowers in 0.5 s whatever ``lowering_s`` says.
    n_reps : int
        Complete reps, 0 or more.
    fps : float
        Frame rate; frame ``i`` is at ``i / fps`` seconds.
    noise_px : float
        Standard deviation of Gaussian pixel noise on every image coordinate (and the
        same in metres on the world landmarks).
    dropout_fraction : float
        Fraction of frames, in [0, 1), lost in bursts of 1 to 5 frames.
    pause_top_s, pause_bottom_s : float
        Standing pause between reps, and pause at the bottom of each rep, seconds.
    lowering_s, rising_s : float
        Duration of each lowering and each rise, seconds.
    start_at_bottom : bool
        Start at the bottom, as a deadlift from the floor: the first rep is a rise.
    final_partial : bool
        End with a lowering that stops halfway; it is not a rep.
    facing : int
        +1 to face image right (the right side faces the camera), -1 to face left.
    seed : int
        Seed of rep depths, visibility jitter, noise and lost frames.
    image_size : tuple of int
        ``(width, height)`` in pixels.
    variant : SyntheticVariant or str
        The hinge variant: ``loaded`` (arms hanging with a bar, the default),
        ``hands_at_waist``, ``dowel``, ``band``, ``good_morning`` or ``floor_deadlift``.

    Returns
    -------
    SyntheticSession
        Frames, ground truth and settings.

    Raises
    ------
    InputError
        If an argument is out of range or ``fault`` is unknown.
    """
    fault = _parse_fault(fault)
    variant = _parse_variant(variant)
    _validate(
        n_reps=n_reps,
        fps=fps,
        noise_px=noise_px,
        dropout_fraction=dropout_fraction,
        durations_s=(
            ("pause_top_s", pause_top_s, False),
            ("pause_bottom_s", pause_bottom_s, False),
            ("lowering_s", lowering_s, True),
            ("rising_s", rising_s, True),
        ),
        start_at_bottom=start_at_bottom,
        facing=facing,
        image_size=image_size,
    )
    image_size = (int(image_size[0]), int(image_size[1]))
    profile, body = _variant_profile(fault_profile(fault), variant), BodyModel()
    # Independent streams, so that e.g. adding noise does not move the lost frames.
    depth_rng, visibility_rng, noise_rng, dropout_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(4)
    )
    timeline = build_timeline(
        1 + DEPTH_SPREAD * np.clip(depth_rng.standard_normal(n_reps), -1.5, 1.5),
        pause_top_s=pause_top_s,
        pause_bottom_s=pause_bottom_s,
        lowering_s=profile.lowering_s or lowering_s,
        rising_s=rising_s,
        start_at_bottom=start_at_bottom,
        final_partial=final_partial,
    )
    world, image, truth = _simulate(
        timeline,
        profile,
        body=body,
        fps=fps,
        facing=facing,
        image_size=image_size,
        variant=variant,
    )
    visibility = compute_visibility(world, visibility_rng)
    if noise_px > 0:
        metres_per_pixel = 1.0 / pixels_per_metre(image_size, body)
        image, world = add_landmark_noise(
            image, world, noise_px=noise_px, metres_per_pixel=metres_per_pixel, rng=noise_rng
        )
    lost = choose_dropout_frames(world.shape[0], dropout_fraction, dropout_rng)
    frames = _make_frames(image, world, visibility, lost, fps=fps, image_size=image_size)
    return SyntheticSession(frames, truth, fault, float(fps), image_size, variant)
