"""The person and the published segment table the low-back load model stands on.

Segment masses (fractions of body mass) and centres of mass (fractions of segment length
from the named end) are Dempster's cadaver data as tabulated by Winter (2009),
*Biomechanics and Motor Control of Human Movement*, 4th ed., Table 4.1, the table the
synthetic lifter already uses (:mod:`hingecoach.synthetic.body`):

=====================  ==========================  ======  =================================
segment                end points                  mass    centre of mass
=====================  ==========================  ======  =================================
head and neck          C7-T1 / ear canal           0.081   1.000 from C7-T1 (at the ear)
thorax                 C7-T1 / T12-L1              0.216   0.82 from C7-T1
abdomen                T12-L1 / L4-L5              0.139   0.44 from T12-L1
upper arm (each)       shoulder / elbow            0.028   0.436 from the shoulder
forearm (each)         elbow / wrist               0.016   0.430 from the elbow
hand (each)            wrist / knuckle II          0.006   0.506 from the wrist
=====================  ==========================  ======  =================================

So the body above the lumbar spine weighs 0.536 of body mass (0.081 + 0.216 + 0.139 +
2 × 0.050). Dempster's abdomen ends at L4-L5, not L5/S1: the slice between them (a few
per cent of the upper body) is left out, which biases the moment low by about that much.
De Leva (1996, J Biomech 29:1223) gives a trunk about 10 % lighter than Dempster's, so
the segment masses carry a ±10 % range.

Lengths are fractions of standing height from Winter's Fig. 4.1 (Drillis & Contini):
hip joint 0.530 H and shoulder joint 0.818 H above the floor, ankle 0.039 H; so the
trunk line from hip to shoulder is 0.288 H and shoulder to ankle along the legs 0.779 H.
"""

from __future__ import annotations

from dataclasses import dataclass

from hingecoach.errors import InputError

#: Gravity, m/s².
G = 9.81

#: Winter (2009) Table 4.1 mass fractions (see the module docstring).
MASS_HEAD_NECK = 0.081
MASS_THORAX = 0.216
MASS_ABDOMEN = 0.139
MASS_UPPER_ARM = 0.028
MASS_FOREARM = 0.016
MASS_HAND = 0.006
#: Everything above the lumbar spine, both arms included.
MASS_UPPER_BODY = (
    MASS_HEAD_NECK + MASS_THORAX + MASS_ABDOMEN + 2 * (MASS_UPPER_ARM + MASS_FOREARM + MASS_HAND)
)
#: Centres of mass, fractions of segment length from the end named.
COM_THORAX_FROM_C7 = 0.82
COM_ABDOMEN_FROM_T12 = 0.44
COM_UPPER_ARM_FROM_SHOULDER = 0.436
COM_FOREARM_FROM_ELBOW = 0.430
COM_HAND_FROM_WRIST = 0.506
#: Trunk line (hip joint to shoulder joint), and shoulder-to-ankle along the body, as
#: fractions of height (Winter Fig. 4.1: 0.818 − 0.530 and 0.818 − 0.039).
TRUNK_LINE = 0.288
SHOULDER_TO_ANKLE = 0.779

#: Assumed when the person has not entered theirs (an adult of middling build); flagged
#: as assumed wherever a figure rests on them, and the range widened to cover most adults.
DEFAULT_BODY_MASS_KG = 75.0
DEFAULT_HEIGHT_M = 1.75
#: The range an assumed body mass or height stands for (most adults).
ASSUMED_MASS_RANGE_KG = (55.0, 100.0)
ASSUMED_HEIGHT_RANGE_M = (1.55, 1.95)


@dataclass(frozen=True, slots=True)
class BodyInputs:
    """The person's body mass and height, and whether they were entered or assumed.

    Attributes
    ----------
    mass_kg : float
        Body mass, kg (20-300).
    height_m : float
        Standing height, m (1.0-2.5).
    mass_assumed, height_assumed : bool
        True when the value is :data:`DEFAULT_BODY_MASS_KG` / :data:`DEFAULT_HEIGHT_M`
        standing in for one the person did not give.
    """

    mass_kg: float = DEFAULT_BODY_MASS_KG
    height_m: float = DEFAULT_HEIGHT_M
    mass_assumed: bool = True
    height_assumed: bool = True

    def __post_init__(self) -> None:
        if not 20.0 <= self.mass_kg <= 300.0:
            raise InputError(f"Body mass must be 20-300 kg; got {self.mass_kg:g}.")
        if not 1.0 <= self.height_m <= 2.5:
            raise InputError(f"Height must be 1.0-2.5 m; got {self.height_m:g}.")

    @classmethod
    def of(cls, mass_kg: float | None, height_m: float | None) -> BodyInputs:
        """The given values, with the defaults (flagged as assumed) for any missing."""
        return cls(
            mass_kg=DEFAULT_BODY_MASS_KG if mass_kg is None else float(mass_kg),
            height_m=DEFAULT_HEIGHT_M if height_m is None else float(height_m),
            mass_assumed=mass_kg is None,
            height_assumed=height_m is None,
        )

    def mass_range_kg(self) -> tuple[float, float]:
        """The body mass's range: the value itself, or most adults when it is assumed."""
        return ASSUMED_MASS_RANGE_KG if self.mass_assumed else (self.mass_kg, self.mass_kg)

    def height_range_m(self) -> tuple[float, float]:
        """The height's range: the value itself, or most adults when it is assumed."""
        return ASSUMED_HEIGHT_RANGE_M if self.height_assumed else (self.height_m, self.height_m)


@dataclass(frozen=True, slots=True)
class LoadInputs:
    """The load in the hands, and where its figure came from.

    Attributes
    ----------
    load_kg : float or None
        Total load held, kg; None when a load hangs from the hands but its mass is unknown
        (the model then has the body only, flagged).
    source : str
        ``given`` (``--load-kg``), ``logged`` (the program's record of the set),
        ``bodyweight`` (a variant without a load in the hands: 0 kg) or ``unknown``.
    """

    load_kg: float | None = 0.0
    source: str = "bodyweight"

    def __post_init__(self) -> None:
        if self.load_kg is not None and not 0.0 <= self.load_kg <= 500.0:
            raise InputError(f"The load must be 0-500 kg; got {self.load_kg:g}.")
        if self.source not in ("given", "logged", "bodyweight", "unknown"):
            raise InputError(f"Unknown load source {self.source!r}.")


@dataclass(frozen=True, slots=True)
class LowBackParams:
    """The model's assumptions that are not in the segment table, each with its range.

    Attributes
    ----------
    l5s1_offset : tuple of float
        Distance of L5/S1 from the hip joint centre along the pelvis, fraction of height:
        estimate, low, high. L5/S1 sits about at the iliac crests' level less a
        vertebra, some 0.04 H above and a few centimetres behind the hip joints; 0.045 H
        (8 cm at 1.75 m), 0.03-0.06 H for the spread between people and the landmark's
        offset from the true joint.
    lumbar_length : float
        L5/S1 to T12/L1 along the spine, fraction of height (0.10 H, about 17-18 cm: the
        five lumbar vertebrae and discs of an adult).
    lever_arm_m : tuple of float
        Moment arm of the single equivalent extensor muscle at L5/S1, metres: estimate,
        low, high. 5 cm is the classic value of the static models (Chaffin, Andersson &
        Martin, *Occupational Biomechanics*); imaging studies of the erector spinae at
        the lower lumbar levels report roughly 5-7 cm, so 0.06 m (0.05-0.07).
    mass_spread : float
        Relative range of the segment masses (0.10: Dempster against de Leva's trunk).
    scale_spread : float
        Least relative range of the pixel-to-metre scale (0.05: the landmarks' joint
        centres are not the anatomical ones; a wider spread measured over the clip
        replaces it).
    lumbar_spread : tuple of float
        Range of the lumbar bend reading: at least ``lumbar_spread[0]`` degrees or
        ``lumbar_spread[1]`` of the reading either way (5°, 30 %: the tape's outline
        noise and calibration).
    unread_lumbar_deg : float
        Upper end of the lumbar bend where the tape was not read (20°: about half an
        adult's lumbar flexion range of 40-50°); the estimate takes 0°.
    sustain_s : float
        A rep's peak is the highest level held this long (0.2 s, as the tape's: a real
        posture lasts longer, a one-frame spike is landmark noise).
    smooth_hz : float
        Zero-phase low-pass cut-off of the per-frame figures, Hz (3 Hz, as the
        kinematics: a hinge has no faster content worth keeping).
    """

    l5s1_offset: tuple[float, float, float] = (0.045, 0.03, 0.06)
    lumbar_length: float = 0.10
    lever_arm_m: tuple[float, float, float] = (0.06, 0.05, 0.07)
    mass_spread: float = 0.10
    scale_spread: float = 0.05
    lumbar_spread: tuple[float, float] = (5.0, 0.3)
    unread_lumbar_deg: float = 20.0
    sustain_s: float = 0.2
    smooth_hz: float = 3.0

    def __post_init__(self) -> None:
        estimate, low, high = self.lever_arm_m
        if not 0.0 < low <= estimate <= high:
            raise InputError(
                f"lever_arm_m must be 0 < low <= estimate <= high; got {self.lever_arm_m}."
            )
        estimate, low, high = self.l5s1_offset
        if not 0.0 <= low <= estimate <= high:
            raise InputError(
                f"l5s1_offset must be 0 <= low <= estimate <= high; got {self.l5s1_offset}."
            )
        for name in ("mass_spread", "scale_spread"):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise InputError(f"{name} must lie in 0..1; got {getattr(self, name)}.")
