"""The flexion moment and disc compression at L5/S1: a sagittal, quasi-static model.

Coordinates are metres in the sagittal plane, x forward (the way the person faces), y
up; angles are from vertical-up, positive tipping forward. Quasi-static: the segments'
accelerations are left out (a hinge is slow; a brisk one adds some 10-20 % at the turn,
which the estimate does not hold).

**The spine.** The landmarks give the hip and shoulder joint centres; the line between
them is the trunk line. The spine from the pelvis up is a chain: the pelvis from the hip
joint to L5/S1 (``l5s1_offset``), the lumbar spine from L5/S1 to T12/L1
(``lumbar_length``), bent evenly by the lumbar bend θ that the virtual tape reads, and the
thorax from T12/L1 to the shoulders, straight. The chain is turned and stretched so that
it runs from the measured hip to the measured shoulder. With θ = 0 the pelvis lies along
the trunk line. With a rounded lower back the same trunk line means the pelvis is tipped
forward *less* (the lumbar spine, not the hips, made part of the bend): the pelvis
carries L5/S1 back, under the hips, while the thorax and head stay where the landmarks
put them. So rounding moves L5/S1 back from the upper body's mass, i.e. it lengthens the
upper body's lever at L5/S1 for the same trunk line, the way a stoop loads the back more
than a hinge to the same trunk angle.

**The moment.** Σ mᵢ g (xᵢ − x_L5S1) over the head and neck (at the ear), the thorax (on
the T12-shoulder segment), the abdomen (on the lumbar segment), both arms (elbow and
wrist landmarks) and the load at the hands; positive is flexion (mass forward of L5/S1).

**Compression.** A single equivalent extensor muscle balances the flexion moment at its
lever arm behind the disc, F = M / r, and the disc also carries the axial share of the
upper body's and the load's weight, W cos ψ, ψ the lumbar base's tilt (the pelvis axis
here): C = max(M, 0) / r + W cos ψ. Left out (each stated in the JSON): abdominal
pressure, co-contraction of the trunk flexors (which adds compression), passive tissues
taking part of the moment in deep flexion, the shortening of the extensors' lever arm in
flexion, and shear.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError
from hingecoach.frozen import freeze_arrays
from hingecoach.lowback import anthropometry as table


@dataclass(frozen=True, slots=True)
class SagittalFrames:
    """Landmark positions per frame in the sagittal plane, metres (x forward, y up).

    Attributes
    ----------
    hip, shoulder, elbow, wrist, knuckles, ear : numpy.ndarray
        Shape ``(n_frames, 2)`` each: mid-points of the left and right landmarks (the
        knuckles are the mean of the index and little-finger landmarks); NaN where lost.
    lumbar_bend_deg : numpy.ndarray
        Shape ``(n_frames,)``: the lower back's bend beyond neutral from the virtual
        tape, degrees; NaN where it was not read.
    """

    hip: np.ndarray
    shoulder: np.ndarray
    elbow: np.ndarray
    wrist: np.ndarray
    knuckles: np.ndarray
    ear: np.ndarray
    lumbar_bend_deg: np.ndarray

    def __post_init__(self) -> None:
        n_frames = self.lumbar_bend_deg.shape[0]
        for name in ("hip", "shoulder", "elbow", "wrist", "knuckles", "ear"):
            if getattr(self, name).shape != (n_frames, 2):
                raise InputError(
                    f"{name} has shape {getattr(self, name).shape}; expected ({n_frames}, 2)."
                )
        freeze_arrays(self)

    @property
    def grip(self) -> np.ndarray:
        """Shape ``(n_frames, 2)``: the hand's centre of mass, where a held load is taken."""
        return self.wrist + table.COM_HAND_FROM_WRIST * (self.knuckles - self.wrist)


@dataclass(frozen=True, slots=True)
class ModelCase:
    """One set of the model's parameters (the estimate, or one end of a range).

    Attributes
    ----------
    mass_kg : float
        Body mass times the segment-mass factor, kg.
    height_m : float
        Height the model's lengths are fractions of, m.
    scale : float
        Factor on every landmark distance (the pixel-to-metre scale's error).
    l5s1_offset : float
        Hip joint to L5/S1, fraction of height.
    lumbar_length : float
        L5/S1 to T12/L1, fraction of height.
    lumbar_end : int
        0 for the lumbar bend as read; −1 or +1 for the low or high end of its range:
        the reading less or plus the larger of ``lumbar_spread[0]`` degrees and
        ``lumbar_spread[1]`` of it (floored at 0). Where the tape was not read the bend
        is 0, and ``unread_high_deg`` at the high end.
    lumbar_spread : tuple of float
        Degrees, and share of the reading (see :class:`LowBackParams`).
    unread_high_deg : float
        The high end's lumbar bend where the tape was not read, degrees.
    """

    mass_kg: float
    height_m: float
    scale: float = 1.0
    l5s1_offset: float = 0.045
    lumbar_length: float = 0.10
    lumbar_end: int = 0
    lumbar_spread: tuple[float, float] = (5.0, 0.3)
    unread_high_deg: float = 20.0


def _unit(angle_rad: np.ndarray) -> np.ndarray:
    """Unit vectors at ``angle_rad`` from vertical-up, forward positive: shape ``(..., 2)``."""
    return np.stack([np.sin(angle_rad), np.cos(angle_rad)], axis=-1)


def compute_lumbar_bend_rad(frames: SagittalFrames, case: ModelCase) -> np.ndarray:
    """The lumbar bend the case takes per frame, radians (never below 0)."""
    read = np.maximum(frames.lumbar_bend_deg, 0.0)
    spread = np.maximum(case.lumbar_spread[0], case.lumbar_spread[1] * read)
    unread = case.unread_high_deg if case.lumbar_end > 0 else 0.0
    bend = np.where(np.isfinite(read), read + case.lumbar_end * spread, unread)
    return np.radians(np.maximum(bend, 0.0))


def compute_spine(
    hip: np.ndarray, shoulder: np.ndarray, bend_rad: np.ndarray, case: ModelCase
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L5/S1, T12/L1 and the pelvis axis's tilt, from the trunk line and the lumbar bend.

    Parameters
    ----------
    hip, shoulder : numpy.ndarray
        Shape ``(n, 2)``, metres.
    bend_rad : numpy.ndarray
        Shape ``(n,)``, the lumbar bend, radians.
    case : ModelCase

    Returns
    -------
    l5s1, t12 : numpy.ndarray
        Shape ``(n, 2)``, metres.
    pelvis_tilt_rad : numpy.ndarray
        Shape ``(n,)``: the pelvis axis (and the lumbar base) from vertical, radians.
    """
    height = case.height_m
    offset = case.l5s1_offset * height
    lumbar = case.lumbar_length * height
    thorax = max(table.TRUNK_LINE * height - offset - lumbar, 0.05 * height)
    chord = shoulder - hip
    trunk_tilt = np.arctan2(chord[:, 0], chord[:, 1])
    # The chain in the pelvis's own frame; its direction there is how far the trunk line
    # leans ahead of the pelvis.
    chain = offset * _unit(np.zeros_like(bend_rad)) + lumbar * _unit(bend_rad / 2)
    chain = chain + thorax * _unit(bend_rad)
    lead = np.arctan2(chain[:, 0], chain[:, 1])
    stretch = np.linalg.norm(chord, axis=1) / np.linalg.norm(chain, axis=1)
    pelvis_tilt = trunk_tilt - lead
    l5s1 = hip + (stretch * offset)[:, None] * _unit(pelvis_tilt)
    t12 = l5s1 + (stretch * lumbar)[:, None] * _unit(pelvis_tilt + bend_rad / 2)
    return l5s1, t12, pelvis_tilt


@dataclass(frozen=True, slots=True)
class FrameLoad:
    """The model's figures per frame for one case.

    Attributes
    ----------
    moment_nm : numpy.ndarray
        Shape ``(n,)``: flexion moment at L5/S1, N·m (negative: extension).
    axial_n : numpy.ndarray
        Shape ``(n,)``: the weight's axial share on the disc, N.
    load_distance_m : numpy.ndarray
        Shape ``(n,)``: the hands' (the load's) horizontal distance ahead of L5/S1, m.
    """

    moment_nm: np.ndarray
    axial_n: np.ndarray
    load_distance_m: np.ndarray

    def compression_n(self, lever_arm_m: float) -> np.ndarray:
        """Disc compression with the extensor's lever arm ``lever_arm_m``, N."""
        return compute_compression_n(self.moment_nm, self.axial_n, lever_arm_m)


def compute_compression_n(
    moment_nm: np.ndarray | float, axial_n: np.ndarray | float, lever_arm_m: float
) -> np.ndarray:
    """Disc compression: the single equivalent extensor's force plus the axial weight.

    The extensor runs along the spine ``lever_arm_m`` behind the disc and balances the
    flexion moment alone, F = M / r (an extension moment needs no extensor: 0); the disc
    carries F and the axial share of the weight above it.

    Parameters
    ----------
    moment_nm : array_like
        Flexion moment at the disc, N·m.
    axial_n : array_like
        The weight's component along the spine at the disc, N (negative counts as 0).
    lever_arm_m : float
        The extensor's moment arm, m.

    Returns
    -------
    numpy.ndarray
        Compression, N.
    """
    return np.maximum(moment_nm, 0.0) / lever_arm_m + np.maximum(axial_n, 0.0)


def compute_frame_load(
    frames: SagittalFrames, load_kg: float, case: ModelCase, *, close: bool = False
) -> FrameLoad:
    """Flexion moment and axial force at L5/S1 in every frame, for one parameter case.

    Parameters
    ----------
    frames : SagittalFrames
    load_kg : float
        Mass held in the hands, kg.
    case : ModelCase
    close : bool
        Instead of the posture seen, the same trunk line as a hinge with the load kept
        close: no lumbar bend, arms hanging straight down from the shoulders (or nearer
        where the hands already are nearer), load in the hands.

    Returns
    -------
    FrameLoad
    """
    hip = frames.hip * case.scale
    shoulder = frames.shoulder * case.scale
    bend = np.zeros(hip.shape[0]) if close else compute_lumbar_bend_rad(frames, case)
    l5s1, t12, pelvis_tilt = compute_spine(hip, shoulder, bend, case)
    x = {
        "head": frames.ear[:, 0] * case.scale,
        "thorax": t12[:, 0] + (1 - table.COM_THORAX_FROM_C7) * (shoulder[:, 0] - t12[:, 0]),
        "abdomen": l5s1[:, 0] + (1 - table.COM_ABDOMEN_FROM_T12) * (t12[:, 0] - l5s1[:, 0]),
    }
    elbow, wrist, grip = (p * case.scale for p in (frames.elbow, frames.wrist, frames.grip))
    arms = {
        "upper_arm": shoulder + table.COM_UPPER_ARM_FROM_SHOULDER * (elbow - shoulder),
        "forearm": elbow + table.COM_FOREARM_FROM_ELBOW * (wrist - elbow),
        "hand": grip,
    }
    for name, point in arms.items():
        # Hanging straight down, an arm's mass is under the shoulder.
        x[name] = np.minimum(point[:, 0], shoulder[:, 0]) if close else point[:, 0]
    mass = {
        "head": table.MASS_HEAD_NECK,
        "thorax": table.MASS_THORAX,
        "abdomen": table.MASS_ABDOMEN,
        "upper_arm": 2 * table.MASS_UPPER_ARM,
        "forearm": 2 * table.MASS_FOREARM,
        "hand": 2 * table.MASS_HAND,
    }
    moment = sum(case.mass_kg * share * (x[name] - l5s1[:, 0]) for name, share in mass.items())
    load_distance = x["hand"] - l5s1[:, 0]
    moment = table.G * (moment + load_kg * load_distance)
    weight = table.G * (case.mass_kg * table.MASS_UPPER_BODY + load_kg)
    return FrameLoad(
        moment_nm=np.asarray(moment, dtype=float),
        axial_n=weight * np.cos(pelvis_tilt),
        load_distance_m=load_distance,
    )
