"""Recognise the hinge variant from landmarks: where the hands are, the feet, the floor.

Three kinds of evidence, each a soft (0..1) belief so that a borderline reading lowers
the confidence instead of flipping the answer:

- **Hands** at the bottom of the reps, where the trunk leans forward: arms hanging from
  the shoulders (a load in the hands) sit far off the trunk line; hands on the hips, at
  the chest or behind the neck stay on it. Hanging arms pulled back between the legs
  mean a band. One hand high and one low on the back is a dowel. What hangs from the hands
  is not told: from the side a bar and a pair of bells look alike, and the grip width
  read from the world landmarks follows the camera angle more than the grip (measured:
  0.6-1.3 hip widths for barbells filmed side-on, 1.8-2.5 for dumbbells at an angle).
  Variants that differ only in it tie, and the profile marked ``prefer_when_tied`` wins.
- **Feet** (world landmarks, any view): one ankle lifted well off the floor at the
  bottom is a single-leg hinge; one foot half a step behind the other a B-stance.
- **Floor**: most reps starting low (the descent not seen), or hips that drop at the
  bottom by a share of their standing height that only the knee bend of reaching the
  floor gives (a height ratio, so an oblique camera does not distort it as it does the
  knee angle); the knee bend and hip flexion at the bottom when no rep shows it.

Each variant profile lists the hands, grips and feet it is done with and whether it
starts from the floor; its score is the belief that all of these hold, and the best
score, over the sum of all, is the confidence (tied variants split it: about 0.5 for a
pull that could be a bar or bells). Tied variants are reported as a family
(``ExerciseCall.alternatives``): the landmarks say "a pull from the floor, a bar or
bells", not which. No variant is named in this code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hingecoach.form.profiles import VariantProfile, VariantSet
from hingecoach.kinematics.geometry import midpoint
from hingecoach.kinematics.series import KinematicsSeries
from hingecoach.pose.landmarks import Landmark
from hingecoach.reps.measures import Rep

#: Half-width of the window around each rep's bottom whose frames are read, seconds.
BOTTOM_WINDOW_S = 0.2
#: Least trunk lean at the bottom for the hand evidence: hanging arms only leave the
#: trunk line once the trunk leans forward (at 25° they sit ~0.5 trunk lengths off it).
MIN_TRUNK_DEG = 25.0
#: Hands farther than this off the trunk line (trunk lengths) hang from the shoulders;
#: hands on the hips, chest or neck stay within ~0.25 of it.
HANGING_OFF_TRUNK = 0.4
#: A hanging arm pulled this far behind the vertical (degrees) is pulled by a band.
PULLED_BACK_DEG = 20.0
#: Hands on the body higher than this share of the trunk (hip 0, shoulder 1) are at the
#: chest or neck, lower ones at the waist.
HIGH_ALONG_TRUNK = 0.6
#: A dowel on the back is held with one hand at the neck (above ~0.75 of the trunk) and
#: the other at the small of the back (below ~0.45).
DOWEL_HIGH_ALONG = 0.75
DOWEL_LOW_ALONG = 0.45
#: One ankle this far (metres) above the other at the bottom: a single-leg hinge.
ONE_LEG_M = 0.2
#: One ankle this far (metres) behind the other, along the facing direction: a B-stance.
#: The kickstand toes sit about level with the front heel, a foot length (~0.25 m) back;
#: side by side, the world landmarks read up to ~0.17 m from an oblique camera.
STAGGER_M = 0.22
#: Knee bend at the bottom (degrees) beyond which the hands reach the floor: an RDL keeps
#: 10-35° of knee bend, a pull from the floor needs 45-80°.
FLOOR_KNEE_DEG = 42.0
#: Peak hip flexion (degrees) a pull from the floor needs besides the knee bend: the
#: hands only reach the floor with the hips flexed past ~80°.
FLOOR_HIP_DEG = 80.0
#: Share of the standing hip height (above the standing foot) lost at the bottom beyond
#: which the knees bent as only reaching the floor needs. With thigh and shank of equal
#: length, the hip drops by 0.5·(2 − cos θ_thigh − cos θ_shin): an RDL's 10-35° of knee
#: bend (thigh ≲ 30° from vertical, shin near vertical) loses ≤ 0.08, a pull from the
#: floor's 60-100° (thigh 40-60°, shin 20-30° forward) 0.15-0.35; 0.15 is the floor
#: pull's low end, past the RDL's with room for the hips moving back. A height ratio, so
#: it reads the same from the side and at an angle (the knee angle does not).
FLOOR_HIP_DROP = 0.15
#: Scores within this of the best are a tie (the same hands, feet and floor).
TIE_SCORE = 1e-6


@dataclass(frozen=True, slots=True)
class ExerciseCall:
    """Which variant the set is, how sure, and whether it was given or recognised.

    Attributes
    ----------
    id : str
        Canonical variant id.
    confidence : float
        0..1 (1 when given).
    source : str
        ``"given"`` or ``"recognised"``.
    evidence : str
        What was seen, in a few words (empty when given).
    name : str
        What a person would call it (the profile's name).
    alternatives : tuple of str
        Other variants the landmarks fit exactly as well (a bar and a pair of bells
        look alike): the call names the family, ``id`` is the one judged by.
    """

    id: str
    confidence: float
    source: str
    evidence: str = ""
    name: str = ""
    alternatives: tuple[str, ...] = ()


def _soft(value: float, threshold: float, scale: float) -> float:
    """Belief that ``value`` is above ``threshold`` (0.5 at it); 0.5 when unknown."""
    if not math.isfinite(value):
        return 0.5
    return 1.0 / (1.0 + math.exp(-(value - threshold) / scale))


def _bottom_frames(t_s: np.ndarray, reps: Sequence[Rep], hip_deg: np.ndarray) -> np.ndarray:
    """Frames near the reps' bottoms (the deepest tenth of frames without reps)."""
    mask = np.zeros(t_s.shape[0], dtype=bool)
    for rep in reps:
        mask |= np.abs(t_s - rep.bottom_s) <= BOTTOM_WINDOW_S
    if not mask.any() and np.isfinite(hip_deg).any():
        mask = hip_deg >= np.nanpercentile(hip_deg, 90)
    return mask


def _hand_features(image: np.ndarray, facing: int) -> dict[str, float]:
    """Where the wrists sit against the trunk, in the image plane (frames given)."""
    hip = midpoint(image, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, :2]
    shoulder = midpoint(image, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)[:, :2]
    trunk = shoulder - hip
    length = np.linalg.norm(trunk, axis=1)
    up = trunk / length[:, None]
    forward = facing * np.stack([-up[:, 1], up[:, 0]], axis=1)
    along, off, arm_deg = [], [], []
    for wrist_id in (Landmark.LEFT_WRIST, Landmark.RIGHT_WRIST):
        rel = image[:, wrist_id, :2] - hip
        along.append(np.einsum("ij,ij->i", rel, up) / length)
        off.append(np.einsum("ij,ij->i", rel, forward) / length)
        arm = image[:, wrist_id, :2] - shoulder
        # Angle of shoulder→wrist from straight down (image y grows down), forward positive.
        arm_deg.append(np.degrees(np.arctan2(facing * arm[:, 0], arm[:, 1])))
    along_a, off_a, arm_a = np.array(along), np.array(off), np.array(arm_deg)
    with np.errstate(all="ignore"):
        per_hand = np.nanmedian(along_a, axis=1)
        return {
            "off": float(np.nanmedian(np.abs(off_a))),
            "along_low": float(np.nanmin(per_hand)),
            "along_high": float(np.nanmax(per_hand)),
            "arm_deg": float(np.nanmedian(arm_a)),
        }


def _standing_foot_height(image: np.ndarray) -> np.ndarray:
    """Height of the hips above the lower ankle (the standing foot), pixels, per frame."""
    hip_y = midpoint(image, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, 1]
    ankle_y = np.fmax(image[:, Landmark.LEFT_ANKLE, 1], image[:, Landmark.RIGHT_ANKLE, 1])
    return ankle_y - hip_y


def compute_hip_drop(image: np.ndarray, t_s: np.ndarray, reps: Sequence[Rep]) -> float:
    """Median share of the standing hip height lost at the reps' bottoms.

    The standing height is the median over the second after each rep's end (its
    lockout); image heights need no correction for an oblique camera.

    Parameters
    ----------
    image : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, image landmarks on the frames ``t_s``.
    t_s : numpy.ndarray
    reps : sequence of Rep

    Returns
    -------
    float
        NaN without a rep whose bottom and lockout were tracked.
    """
    height = _standing_foot_height(image)
    drops = []
    for rep in reps:
        bottom = np.abs(t_s - rep.bottom_s) <= BOTTOM_WINDOW_S
        lockout = (t_s >= rep.end_s) & (t_s <= rep.end_s + 1.0)
        with np.errstate(all="ignore"):
            standing = np.nanmedian(height[lockout]) if lockout.any() else np.nan
            low = np.nanmedian(height[bottom]) if bottom.any() else np.nan
        if np.isfinite(standing) and np.isfinite(low) and standing > 0:
            drops.append(1.0 - low / standing)
    return float(np.median(drops)) if drops else float("nan")


def _world_features(world: np.ndarray) -> dict[str, float]:
    """Ankle height gap and ankle stagger, metres (frames given)."""
    hips = world[:, Landmark.RIGHT_HIP] - world[:, Landmark.LEFT_HIP]
    hip_width = np.linalg.norm(hips, axis=1)
    ankles = world[:, Landmark.RIGHT_ANKLE] - world[:, Landmark.LEFT_ANKLE]
    # Facing direction: horizontal, at right angles to the hip line (sign irrelevant).
    forward = np.stack([-hips[:, 2], np.zeros_like(hip_width), hips[:, 0]], axis=1)
    forward /= np.linalg.norm(forward, axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        return {
            "ankle_rise_m": float(np.nanmedian(np.abs(ankles[:, 1]))),
            "stagger_m": float(np.nanmedian(np.abs(np.einsum("ij,ij->i", ankles, forward)))),
        }


def compute_variant_beliefs(
    features: dict[str, float], floor_hip_drop: float = FLOOR_HIP_DROP
) -> tuple[dict[str, float], dict[str, float], float]:
    """Soft beliefs over hands and feet, and the belief that reps start at the floor.

    Parameters
    ----------
    features : dict
        From the recogniser's feature functions: ``off``, ``along_low``,
        ``along_high``, ``arm_deg``, ``grip``, ``ankle_rise_m``, ``stagger_m``, ``knee_deg``,
        ``hip_deg``, ``trunk_deg``, ``started_low`` (share of reps that started at
        the bottom) and, optionally, ``hip_drop`` (:func:`compute_hip_drop`; NaN or
        absent: the knee and hip angles stand in for it).
    floor_hip_drop : float
        The hip drop from which reps reach the floor (``FLOOR_HIP_DROP``).

    Returns
    -------
    hands, feet : dict of str to float
        Each sums to 1.
    floor : float
    """
    leaning = _soft(features["trunk_deg"], MIN_TRUNK_DEG, 4.0)
    hanging = leaning * _soft(features["off"], HANGING_OFF_TRUNK, 0.07) + (1 - leaning) * 0.5
    pulled = _soft(-features["arm_deg"], PULLED_BACK_DEG, 5.0)
    dowel = _soft(features["along_high"], DOWEL_HIGH_ALONG, 0.08) * (
        1.0 - _soft(features["along_low"], DOWEL_LOW_ALONG, 0.08)
    )
    high = _soft(features["along_low"], HIGH_ALONG_TRUNK, 0.08)
    body = 1.0 - hanging
    hands = {
        "hanging": hanging * (1 - pulled),
        "pulled_back": hanging * pulled,
        "dowel": body * dowel,
        "neck": body * (1 - dowel) * high * 0.5,
        "chest": body * (1 - dowel) * high * 0.5,
        "waist": body * (1 - dowel) * (1 - high),
    }
    one_leg = _soft(features["ankle_rise_m"], ONE_LEG_M, 0.04)
    staggered = (1 - one_leg) * _soft(features["stagger_m"], STAGGER_M, 0.03)
    feet = {"one_leg": one_leg, "staggered": staggered, "side_by_side": 1 - one_leg - staggered}
    if math.isfinite(features.get("hip_drop", math.nan)):
        floor = _soft(features["hip_drop"], floor_hip_drop, 0.03)
    else:
        floor = _soft(features["knee_deg"], FLOOR_KNEE_DEG, 5.0) * _soft(
            features["hip_deg"], FLOOR_HIP_DEG, 6.0
        )
    if features["started_low"] > 0.5:
        # Most reps start from the bottom: the weight rests on the floor between them
        # (one rep in several that starts low is only a recording that began mid-rep).
        floor = max(floor, 0.85)
    return hands, feet, floor


def score_profile(
    profile: VariantProfile, beliefs: tuple[dict[str, float], dict[str, float], float]
) -> float:
    """Belief that the set is ``profile``: its hands, feet and floor all hold."""
    hands, feet, floor = beliefs
    hand_score = sum(hands[h] for h in profile.hands)
    foot_score = sum(feet[f] for f in profile.feet)
    return hand_score * foot_score * (floor if profile.from_floor else 1.0 - floor)


def recognise_variant(
    image_xyz_px: np.ndarray,
    world_xyz_m: np.ndarray,
    kinematics: KinematicsSeries,
    reps: Sequence[Rep],
    facing: int,
    variants: VariantSet,
) -> ExerciseCall:
    """Recognise which variant a set is.

    Parameters
    ----------
    image_xyz_px, world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``, on the frames of ``kinematics``.
    kinematics : KinematicsSeries
        Smoothed kinematics (trunk lean and knee bend).
    reps : sequence of Rep
        The counted reps (their bottoms are where the hands are read).
    facing : int
        +1 or -1, the person's facing in the image.
    variants : VariantSet
        The profiles to choose from.

    Returns
    -------
    ExerciseCall
        ``source="recognised"``.
    """
    features = compute_variant_features(image_xyz_px, world_xyz_m, kinematics, reps, facing)
    return call_variant(features, variants)


def compute_variant_features(
    image_xyz_px: np.ndarray,
    world_xyz_m: np.ndarray,
    kinematics: KinematicsSeries,
    reps: Sequence[Rep],
    facing: int,
) -> dict[str, float]:
    """What the recogniser reads off a set (the arguments of :func:`recognise_variant`).

    Returns
    -------
    dict of str to float
        The features :func:`compute_variant_beliefs` takes.
    """
    bottom = _bottom_frames(kinematics.t_s, reps, kinematics.hip_flexion_deg)
    with np.errstate(all="ignore"):
        return {
            **_hand_features(image_xyz_px[bottom], facing),
            **_world_features(world_xyz_m[bottom]),
            "knee_deg": float(np.nanmedian([r.knee_flexion_at_bottom_deg for r in reps]))
            if reps
            else float(np.nanmedian(kinematics.knee_flexion_deg[bottom])),
            "hip_deg": float(np.nanmedian([r.peak_hip_flexion_deg for r in reps]))
            if reps
            else float(np.nanmax(kinematics.hip_flexion_deg)),
            "trunk_deg": float(np.nanmedian(kinematics.trunk_inclination_deg[bottom])),
            "started_low": float(np.mean([rep.started_at_bottom for rep in reps])) if reps else 0.0,
            "hip_drop": compute_hip_drop(image_xyz_px, kinematics.t_s, reps),
        }


def call_variant(
    features: dict[str, float], variants: VariantSet, floor_hip_drop: float = FLOOR_HIP_DROP
) -> ExerciseCall:
    """The variant whose hands, feet and floor best fit the features, and how sure.

    Parameters
    ----------
    features : dict of str to float
        From :func:`compute_variant_features`.
    variants : VariantSet
    floor_hip_drop : float
        ``FLOOR_HIP_DROP`` (a benchmark's leave-one-source-out check varies it).

    Returns
    -------
    ExerciseCall
        ``source="recognised"``; tied variants in ``alternatives``.
    """
    beliefs = compute_variant_beliefs(features, floor_hip_drop)
    scores = [score_profile(profile, beliefs) for profile in variants.profiles]
    profiles = variants.profiles
    # Ties (to rounding) go to the profile marked prefer_when_tied, then to file order.
    best = max(
        range(len(profiles)),
        key=lambda i: (round(scores[i], 6), profiles[i].prefer_when_tied, -i),
    )
    # A set whose trunk never leans (a squat, say) is not much of a hinge of any kind.
    total = sum(scores) / _soft(features["trunk_deg"], MIN_TRUNK_DEG, 4.0)
    hands, feet, floor = beliefs
    evidence = (
        f"hands {max(hands, key=hands.__getitem__).replace('_', ' ')}, "
        f"feet {max(feet, key=feet.__getitem__).replace('_', ' ')}, "
        f"{'from the floor' if floor > 0.5 else 'from standing'}"
    )
    twins = tuple(
        profile.id
        for i, profile in enumerate(profiles)
        if i != best and scores[best] > 0 and abs(scores[i] - scores[best]) <= TIE_SCORE
    )
    return ExerciseCall(
        id=profiles[best].id,
        confidence=round(scores[best] / total, 3) if total > 0 else 0.0,
        source="recognised",
        evidence=evidence,
        name=profiles[best].name,
        alternatives=twins,
    )
