"""Adult body proportions and the planar (sagittal) forward kinematics of a hip hinge.

Sagittal coordinates are metres with X forward (the way the person faces), Y up and the
origin on the floor directly below the ankle joint. Segment angles are degrees from
vertical-up, positive when the distal-to-proximal vector tips forward. Axis 0 of every
array is time.

The chain is ankle -> knee -> hip -> lumbar -> thoracic -> shoulder -> ear; the feet stay
flat on the floor and the arms hang vertically from the shoulders because the hands hold
a weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.frozen import freeze_arrays

# Winter (2009), Biomechanics and Motor Control of Human Movement, Table 4.1: segment
# mass as a fraction of body mass. Feet are fixed, so they only shift the balance point.
MASS_FOOT = 0.0145
MASS_SHANK = 0.0465
MASS_THIGH = 0.100
MASS_TRUNK = 0.497  # greater trochanter to glenohumeral joint
MASS_HEAD_NECK = 0.081
MASS_ARM = 0.028 + 0.016 + 0.006  # upper arm + forearm + hand
# Centre of mass of the shank and the thigh as a fraction of length from the proximal end.
COM_SHANK_FROM_KNEE = 0.433
COM_THIGH_FROM_HIP = 0.433


@dataclass(frozen=True, slots=True)
class BodyModel:
    """Segment proportions of the synthetic lifter.

    Lengths are fractions of standing height (Winter 2009, Fig. 4.1) unless the name
    ends in ``_m``.

    Attributes
    ----------
    height_m : float
        Standing height; 1.75 m is a typical adult.
    ankle_from_heel : float
        Where the ankle joint sits along the foot, as a fraction of foot length from the
        back of the heel.
    foot_length, ankle_height, shank, thigh, trunk, neck_head, upper_arm, forearm : float
        Segment lengths as fractions of height. ``trunk`` runs from the hip joint to the
        shoulder joint (0.530 H to 0.818 H); ``neck_head`` from the shoulder to the ear
        canal, which sits on the same plumb line when standing.
    spine_split : tuple of float
        Fractions of ``trunk`` taken by the pelvis/low lumbar, upper lumbar and thoracic
        segments; spine rounding bends the two joints between them equally.
    half_hip_width_m, half_shoulder_width_m : float
        Lateral offsets of the hip and shoulder joint centres from the mid-line.
    load_fraction : float
        Mass held in the hands as a fraction of body mass; it pulls the shoulders back
        over the feet, as a bar does.
    neck_extension_fraction : float
        Fraction of the hip-minus-knee flexion by which the neck extends so that the
        lifter keeps looking slightly ahead rather than at the feet.
    """

    height_m: float = 1.75
    foot_length: float = 0.152
    ankle_from_heel: float = 0.21
    ankle_height: float = 0.039
    shank: float = 0.246
    thigh: float = 0.245
    trunk: float = 0.288
    neck_head: float = 0.110
    upper_arm: float = 0.186
    forearm: float = 0.146
    spine_split: tuple[float, float, float] = (0.3, 0.3, 0.4)
    half_hip_width_m: float = 0.09
    half_shoulder_width_m: float = 0.19
    load_fraction: float = 0.3
    neck_extension_fraction: float = 0.3

    def metres(self, fraction: float) -> float:
        """Convert a fraction of height to metres."""
        return fraction * self.height_m

    @property
    def heel_x_m(self) -> float:
        """Sagittal X of the back of the heel (negative: behind the ankle)."""
        return -self.ankle_from_heel * self.metres(self.foot_length)

    @property
    def toe_x_m(self) -> float:
        """Sagittal X of the tip of the big toe."""
        return self.heel_x_m + self.metres(self.foot_length)

    @property
    def leg_length_m(self) -> float:
        """Thigh plus shank length in metres: the unit of hip shift and hip height."""
        return self.metres(self.thigh + self.shank)


@dataclass(frozen=True, slots=True)
class SagittalChain:
    """Joint positions of the planar chain over time.

    Every point is an array of shape ``(n_frames, 2)`` in sagittal coordinates
    (X forward, Y up, metres); ``head_angle_deg`` has shape ``(n_frames,)``.
    """

    ankle: np.ndarray
    knee: np.ndarray
    hip: np.ndarray
    lumbar: np.ndarray
    thoracic: np.ndarray
    shoulder: np.ndarray
    elbow: np.ndarray
    wrist: np.ndarray
    ear: np.ndarray
    head_angle_deg: np.ndarray

    def __post_init__(self) -> None:
        freeze_arrays(self)


def unit_vector(angle_deg: np.ndarray) -> np.ndarray:
    """Return unit vectors at angles from vertical-up, positive forward.

    Parameters
    ----------
    angle_deg : numpy.ndarray
        Shape ``(n,)``, degrees.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2)``: ``(sin, cos)`` of each angle, i.e. (forward, up).
    """
    angle_rad = np.radians(angle_deg)
    return np.stack([np.sin(angle_rad), np.cos(angle_rad)], axis=-1)


def compute_chain(
    shin_deg: np.ndarray,
    knee_deg: np.ndarray,
    hip_deg: np.ndarray,
    rounding_deg: np.ndarray,
    *,
    body: BodyModel,
    lumbar_share: float = 0.5,
) -> SagittalChain:
    """Place every joint of the planar chain from the joint angles.

    Parameters
    ----------
    shin_deg : numpy.ndarray
        Shape ``(n,)``: shank inclination (ankle dorsiflexion), + knee ahead of ankle.
    knee_deg : numpy.ndarray
        Shape ``(n,)``: knee flexion.
    hip_deg : numpy.ndarray
        Shape ``(n,)``: flexion of the pelvis segment relative to the thigh.
    rounding_deg : numpy.ndarray
        Shape ``(n,)``: total forward bend between the pelvis and thoracic segments.
    body : BodyModel
        Segment proportions.
    lumbar_share : float
        Share of ``rounding_deg`` bent at the lumbar joint, the rest at the
        thoracolumbar one (0.5: evenly; 0: the upper back only).

    Returns
    -------
    SagittalChain
        Joint positions in metres.
    """
    shin_deg = np.asarray(shin_deg, dtype=float)
    n_frames = shin_deg.shape[0]
    ankle = np.tile([0.0, body.metres(body.ankle_height)], (n_frames, 1))
    knee = ankle + body.metres(body.shank) * unit_vector(shin_deg)
    hip = knee + body.metres(body.thigh) * unit_vector(shin_deg - knee_deg)
    pelvis_deg = shin_deg - knee_deg + hip_deg
    trunk_m = body.metres(body.trunk)
    lumbar = hip + body.spine_split[0] * trunk_m * unit_vector(pelvis_deg)
    lower_bend_deg = lumbar_share * np.asarray(rounding_deg, dtype=float)
    thoracic = lumbar + body.spine_split[1] * trunk_m * unit_vector(pelvis_deg + lower_bend_deg)
    shoulder = thoracic + body.spine_split[2] * trunk_m * unit_vector(pelvis_deg + rounding_deg)
    # The neck extension depends only on the prescribed angles, not on the shin, so the
    # whole body above the ankle rotates rigidly with the shin (see balanced_shin_deg).
    extension_deg = body.neck_extension_fraction * np.clip(
        hip_deg - knee_deg + rounding_deg, 0, None
    )
    head_angle_deg = pelvis_deg + rounding_deg - extension_deg
    ear = shoulder + body.metres(body.neck_head) * unit_vector(head_angle_deg)
    down = np.array([0.0, -1.0])
    elbow = shoulder + body.metres(body.upper_arm) * down
    wrist = elbow + body.metres(body.forearm) * down
    return SagittalChain(
        ankle=ankle,
        knee=knee,
        hip=hip,
        lumbar=lumbar,
        thoracic=thoracic,
        shoulder=shoulder,
        elbow=elbow,
        wrist=wrist,
        ear=ear,
        head_angle_deg=head_angle_deg,
    )


def _mass_moments(chain: SagittalChain, body: BodyModel) -> tuple[np.ndarray, np.ndarray]:
    """Sum of mass times (X, Y) relative to the ankle over the segments that move."""
    thirds = [
        (chain.hip + chain.lumbar) / 2,
        (chain.lumbar + chain.thoracic) / 2,
        (chain.thoracic + chain.shoulder) / 2,
    ]
    parts = [
        (2 * MASS_SHANK, chain.knee + COM_SHANK_FROM_KNEE * (chain.ankle - chain.knee)),
        (2 * MASS_THIGH, chain.hip + COM_THIGH_FROM_HIP * (chain.knee - chain.hip)),
        *(
            (MASS_TRUNK * share, point)
            for share, point in zip(body.spine_split, thirds, strict=True)
        ),
        (MASS_HEAD_NECK, chain.ear),
        # The arms and load hang below the shoulder, so their X is the shoulder's X and
        # they rotate with it even though they stay vertical.
        (2 * MASS_ARM + body.load_fraction, chain.shoulder),
    ]
    moment = sum(mass * (point - chain.ankle) for mass, point in parts)
    return moment[:, 0], moment[:, 1]


def centre_of_mass_x_m(chain: SagittalChain, body: BodyModel) -> np.ndarray:
    """Horizontal position of the centre of mass of body and load.

    Parameters
    ----------
    chain : SagittalChain
        Joint positions over time.
    body : BodyModel
        Proportions and load.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``: metres ahead of the ankle joint.
    """
    x_moment, _ = _mass_moments(chain, body)
    return (x_moment + 2 * MASS_FOOT * _foot_com_x_m(body)) / (1.0 + body.load_fraction)


def _foot_com_x_m(body: BodyModel) -> float:
    """Centre of mass of a foot, ahead of the ankle; it never moves."""
    return (body.heel_x_m + body.toe_x_m) / 2


def balanced_shin_deg(
    knee_deg: np.ndarray,
    hip_deg: np.ndarray,
    rounding_deg: np.ndarray,
    *,
    body: BodyModel,
    balance_x_m: np.ndarray | float,
    lumbar_share: float = 0.5,
) -> np.ndarray:
    """Shin inclination that keeps the body-plus-load centre of mass over the foot.

    With the knee, hip and spine angles fixed, the body above the ankle rotates rigidly
    with the shin, so the centre of mass X is ``A cos(s) + B sin(s)`` and the balance
    condition has a closed-form solution. This is what makes the hips travel back as the
    trunk lowers.

    Parameters
    ----------
    knee_deg, hip_deg, rounding_deg : numpy.ndarray
        Shape ``(n,)``: prescribed joint angles in degrees (see :func:`compute_chain`).
    body : BodyModel
        Segment proportions and load.
    balance_x_m : numpy.ndarray or float
        Shape ``(n,)`` or scalar: where the centre of mass should sit, metres forward of
        the ankle joint.
    lumbar_share : float
        As for :func:`compute_chain`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n,)``: shin inclination in degrees, + knee ahead of ankle.
    """
    upright = np.zeros_like(np.asarray(knee_deg, dtype=float))
    chain = compute_chain(
        upright, knee_deg, hip_deg, rounding_deg, body=body, lumbar_share=lumbar_share
    )
    a_moment, b_moment = _mass_moments(chain, body)
    target = (1.0 + body.load_fraction) * balance_x_m - 2 * MASS_FOOT * _foot_com_x_m(body)
    radius = np.hypot(a_moment, b_moment)
    # Of the two roots of R cos(s - phi) = target, the one near upright is phi - acos(.).
    shin_rad = np.arctan2(b_moment, a_moment) - np.arccos(np.clip(target / radius, -1, 1))
    return np.degrees(shin_rad)
