"""Synthetic sets of what real footage does to a rep counter.

Built from :func:`~hingecoach.synthetic.session.synthetic_session` sessions:

- :func:`trim`: a recording that opens part-way through the set (at the bottom, mid-pull);
- :func:`concatenate`: a hard camera cut, the second shot from another camera (and
  possibly another moment of the set: a cut from standing straight to the bottom);
- :func:`turn_camera`: the person turns (or the camera moves) between side and front;
- :func:`release_and_stand`: a set from the floor that ends with the load set down, let
  go, and the lifter standing up without it (a rise that is not a rep).

Each returns a :class:`SyntheticSession` whose truth lists the reps a counter must find.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from hingecoach.errors import InputError
from hingecoach.kinematics.geometry import midpoint
from hingecoach.pose.landmarks import N_LANDMARKS, Landmark, PoseFrame
from hingecoach.synthetic.body import BodyModel
from hingecoach.synthetic.render import pixels_per_metre
from hingecoach.synthetic.session import SyntheticSession, synthetic_session
from hingecoach.synthetic.truth import SyntheticTruth

#: Landmarks of one arm below the shoulder, (left, right) pairs.
_ARM_PAIRS = (
    (Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW),
    (Landmark.LEFT_WRIST, Landmark.RIGHT_WRIST),
    (Landmark.LEFT_PINKY, Landmark.RIGHT_PINKY),
    (Landmark.LEFT_INDEX, Landmark.RIGHT_INDEX),
    (Landmark.LEFT_THUMB, Landmark.RIGHT_THUMB),
)
_PER_FRAME_TRUTH = (
    "t_s",
    "hip_flexion_deg",
    "knee_flexion_deg",
    "trunk_inclination_deg",
    "shin_inclination_deg",
    "hip_shift_leg",
    "hip_height_leg",
    "spine_rounding_deg",
)


def _frames_arrays(frames: Sequence[PoseFrame]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Image, world landmarks and visibility of frames, NaN (0) where lost."""
    n = len(frames)
    image = np.full((n, N_LANDMARKS, 3), np.nan)
    world = np.full((n, N_LANDMARKS, 3), np.nan)
    visibility = np.zeros((n, N_LANDMARKS))
    for k, frame in enumerate(frames):
        if frame.detected:
            image[k], world[k], visibility[k] = (
                frame.image_xyz_px,
                frame.world_xyz_m,
                frame.visibility,
            )
    return image, world, visibility


def _rebuild(
    session: SyntheticSession,
    image: np.ndarray,
    world: np.ndarray,
    visibility: np.ndarray,
    *,
    truth: SyntheticTruth | None = None,
) -> SyntheticSession:
    """The session with new landmarks (frames lost where ``image`` is NaN)."""
    frames = []
    for k, old in enumerate(session.frames):
        if not old.detected or np.isnan(image[k]).any():
            frames.append(PoseFrame(index=k, t_s=old.t_s, image_size=session.image_size))
            continue
        frames.append(
            PoseFrame(
                index=k,
                t_s=old.t_s,
                image_size=session.image_size,
                image_xyz_px=image[k].copy(),
                world_xyz_m=world[k].copy(),
                visibility=visibility[k].copy(),
            )
        )
    return replace(session, frames=tuple(frames), truth=truth or session.truth)


def _shift_truth(truth: SyntheticTruth, offset_s: float, keep: np.ndarray) -> dict:
    """Per-frame truth of the kept frames and rep times, shifted by ``offset_s``."""
    fields = {name: getattr(truth, name)[keep] for name in _PER_FRAME_TRUTH}
    fields["t_s"] = fields["t_s"] + offset_s
    for name in ("rep_start_s", "rep_bottom_s", "rep_end_s"):
        fields[name] = getattr(truth, name) + offset_s
    return fields


def trim(session: SyntheticSession, start_s: float, end_s: float = math.inf) -> SyntheticSession:
    """The part of a session between two times, re-timed to start at 0.

    A rep whose rise the part still shows in full counts: one that the recording opens
    at the bottom of, or part-way up, is a rep if the part holds its lockout.

    Parameters
    ----------
    session : SyntheticSession
    start_s, end_s : float
        Keep frames with ``start_s <= t < end_s``.

    Returns
    -------
    SyntheticSession
        Its truth lists the reps whose end (lockout) is kept and whose bottom is kept or
        lies before the part, i.e. the rises it shows.

    Raises
    ------
    InputError
        If fewer than two frames are kept.
    """
    times = np.array([frame.t_s for frame in session.frames])
    keep = (times >= start_s) & (times < end_s)
    if keep.sum() < 2:
        raise InputError(f"Trimming to [{start_s}, {end_s}) s keeps fewer than two frames.")
    first = int(np.flatnonzero(keep)[0])
    offset = -float(times[first])
    frames = tuple(
        replace(frame, index=k, t_s=frame.t_s + offset)
        for k, frame in enumerate(f for f, kept in zip(session.frames, keep, strict=True) if kept)
    )
    truth = session.truth
    shown = (truth.rep_end_s >= start_s) & (truth.rep_end_s < end_s)
    fields = _shift_truth(truth, offset, keep)
    for name in ("rep_start_s", "rep_bottom_s", "rep_end_s"):
        fields[name] = np.maximum(fields[name][shown], 0.0)
    new_truth = replace(truth, **fields)
    return replace(session, frames=frames, truth=new_truth)


def concatenate(parts: Sequence[SyntheticSession]) -> SyntheticSession:
    """Sessions one after another, as shots of one video joined by hard cuts.

    Parameters
    ----------
    parts : sequence of SyntheticSession
        Same frame rate and image size; each may come from another camera (a different
        facing, scale via ``image_size`` is not allowed: one video has one size).

    Returns
    -------
    SyntheticSession
        Frame ``k`` at ``k / fps``; the truth's reps are all the parts' reps.
    """
    if not parts:
        raise InputError("concatenate needs at least one session.")
    fps, size = parts[0].fps, parts[0].image_size
    if any(part.fps != fps or part.image_size != size for part in parts):
        raise InputError("Sessions joined by a cut must share frame rate and image size.")
    frames: list[PoseFrame] = []
    truths: list[dict] = []
    for part in parts:
        offset = len(frames) / fps - part.frames[0].t_s
        truths.append(_shift_truth(part.truth, offset, np.ones(len(part.frames), bool)))
        frames += [
            replace(frame, index=len(frames) + k, t_s=(len(frames) + k) / fps)
            for k, frame in enumerate(part.frames)
        ]
    fields = {
        name: np.concatenate([truth[name] for truth in truths])
        for name in (*_PER_FRAME_TRUTH, "rep_start_s", "rep_bottom_s", "rep_end_s")
    }
    fields["t_s"] = np.arange(len(frames)) / fps
    truth = replace(parts[0].truth, **fields)
    return SyntheticSession(tuple(frames), truth, parts[0].fault, fps, size)


def shift_camera(session: SyntheticSession, zoom: float, shift_px: tuple[float, float]):
    """The session seen by another camera: image landmarks scaled about the centre and moved.

    Parameters
    ----------
    session : SyntheticSession
    zoom : float
        Scale of the new shot relative to the old one (> 1 is closer).
    shift_px : tuple of float
        ``(dx, dy)`` added after scaling, pixels.

    Returns
    -------
    SyntheticSession
    """
    image, world, visibility = _frames_arrays(session.frames)
    centre = np.array([session.image_size[0] / 2, session.image_size[1] / 2])
    image = image.copy()
    image[..., :2] = centre + zoom * (image[..., :2] - centre) + np.asarray(shift_px)
    image[..., 2] *= zoom
    return _rebuild(session, image, world, visibility)


def turn_camera(session: SyntheticSession, yaw_deg: np.ndarray) -> SyntheticSession:
    """Render a side-on session as if the person turned towards the camera.

    Parameters
    ----------
    session : SyntheticSession
        A side-on session (as :func:`synthetic_session` makes).
    yaw_deg : numpy.ndarray
        Shape ``(n_frames,)``: the body's yaw from the image plane per frame, degrees:
        90 side-on (unchanged), 45 oblique, 0 facing the camera.

    Returns
    -------
    SyntheticSession
        World landmarks rotated about the vertical axis, image landmarks the orthographic
        projection of the rotated body (the hips' sagittal travel foreshortened).
    """
    image, world, visibility = _frames_arrays(session.frames)
    yaw_deg = np.asarray(yaw_deg, dtype=float)
    if yaw_deg.shape != (len(session.frames),):
        raise InputError("yaw_deg must give one angle per frame.")
    turn = np.radians(90.0 - yaw_deg)[:, None]
    cos, sin = np.cos(turn), np.sin(turn)
    x, z = world[..., 0], world[..., 2]
    rotated = world.copy()
    # Rotation about the vertical (y) axis: the facing direction (+x) turns to -z
    # (towards the camera) as the yaw goes from 90 to 0.
    rotated[..., 0] = cos * x + sin * z
    rotated[..., 2] = -sin * x + cos * z
    scale = pixels_per_metre(session.image_size, BodyModel())
    hip_px = midpoint(image[..., :2], Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    ankle_x_px = np.nanmedian(midpoint(image, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE)[:, 0])
    hip_px[:, 0] = ankle_x_px + (hip_px[:, 0] - ankle_x_px) * cos[:, 0]
    new_image = np.empty_like(image)
    new_image[..., :2] = hip_px[:, None, :] + scale * rotated[..., :2]
    new_image[..., 2] = scale * rotated[..., 2]
    near = np.where(rotated[..., 2] > 0, 0.65, 0.97)
    visibility = np.where(np.isnan(rotated[..., 2]), 0.0, near)
    return _rebuild(session, new_image, rotated, visibility)


def release_and_stand(
    n_reps: int = 3,
    *,
    fps: float = 30.0,
    noise_px: float = 0.0,
    hold_s: float = 1.0,
    seed: int = 42,
) -> SyntheticSession:
    """A set that ends with the load set down and let go, and the lifter standing up.

    The last movement is a full descent (the set-down), a hold at the bottom while the
    hands let go, and a rise twice as fast as the lifts with the hands brought to the
    hips: a rise that is not a rep.

    Parameters
    ----------
    n_reps : int
        Reps before the set-down, 1 or more.
    fps, noise_px, seed : as for :func:`synthetic_session`.
    hold_s : float
        Time at the bottom, load on the floor, before standing up, seconds.

    Returns
    -------
    SyntheticSession
        Its truth lists the ``n_reps`` lifts only.
    """
    if n_reps < 1:
        raise InputError(f"n_reps is {n_reps}; a set-down needs a rep before it.")
    lifts = synthetic_session(n_reps=n_reps, fps=fps, noise_px=noise_px, seed=seed)
    last_end = float(lifts.truth.rep_end_s[-1])
    lifts = trim(lifts, 0.0, last_end + 1.0)
    # The set-down and stand-up: a rep whose bottom is held, its rise fast.
    tail = synthetic_session(
        n_reps=1,
        fps=fps,
        noise_px=noise_px,
        seed=seed + 1,
        pause_bottom_s=hold_s,
        rising_s=0.75,
    )
    tail = _hands_to_hips(tail, start_s=float(tail.truth.rep_bottom_s[0]))
    tail = replace(
        tail,
        truth=replace(
            tail.truth, rep_start_s=np.array([]), rep_bottom_s=np.array([]), rep_end_s=np.array([])
        ),
    )
    tail = trim(tail, 1.0 / fps)
    return concatenate([lifts, tail])


def _hands_to_hips(session: SyntheticSession, start_s: float) -> SyntheticSession:
    """From ``start_s`` on, the hands leave the load and come to the hips with the body."""
    image, world, visibility = _frames_arrays(session.frames)
    times = np.array([frame.t_s for frame in session.frames])
    rise_end = float(session.truth.rep_end_s[0])
    weight = np.clip((times - start_s) / max(rise_end - start_s, 1e-6), 0.0, 1.0)[:, None, None]
    scale = pixels_per_metre(session.image_size, BodyModel())
    targets = np.empty_like(world)
    across = world[:, Landmark.LEFT_HIP] - world[:, Landmark.RIGHT_HIP]
    outward = across / np.linalg.norm(across, axis=1, keepdims=True)
    for side, (hip_id, shoulder_id) in enumerate(
        ((Landmark.LEFT_HIP, Landmark.LEFT_SHOULDER), (Landmark.RIGHT_HIP, Landmark.RIGHT_SHOULDER))
    ):
        sign = 1.0 if side == 0 else -1.0
        hip, shoulder = world[:, hip_id], world[:, shoulder_id]
        # Hands on the hips, elbows bent and out to the side half-way up the trunk.
        elbow = 0.5 * (hip + shoulder) + sign * 0.2 * outward
        for pair in _ARM_PAIRS:
            is_elbow = pair[side] in (Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW)
            targets[:, pair[side]] = elbow if is_elbow else hip + sign * 0.05 * outward
    arm_ids = [landmark for pair in _ARM_PAIRS for landmark in pair]
    delta = np.zeros_like(world)
    delta[:, arm_ids] = (weight * (targets - world))[:, arm_ids]
    return _rebuild(session, image + scale * delta, world + delta, visibility)
