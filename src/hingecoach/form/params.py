"""Every fault threshold in one place, each with the reason for its number."""

from __future__ import annotations

from dataclasses import dataclass, fields

from hingecoach.errors import InputError
from hingecoach.kinematics.view import View

#: How far angle measures can be trusted from each camera view: the one table the rep
#: confidence (offline and live) and the fault findings use. A side view shows the
#: sagittal plane as it is; an oblique view foreshortens it a little; from the front the
#: hinge angles rest on estimated depth; an unknown view is barely a guess.
VIEW_TRUST: dict[View, float] = {
    View.SIDE: 1.0,
    View.OBLIQUE: 0.8,
    View.FRONT: 0.5,
    View.UNKNOWN: 0.3,
}
#: Views from which the sagittal-plane faults (back, depth, hips, lockout) are judged.
SAGITTAL_VIEWS = frozenset({View.SIDE, View.OBLIQUE})


@dataclass(frozen=True, slots=True)
class FaultThresholds:
    """Thresholds of the fault rules.

    Attributes
    ----------
    rounded_back_pct : float
        Peak virtual-tape value, in % of the person's own range from neutral to a
        deliberate slump, above which the back rounded. 50 %: half-way to a full slump is
        past the few degrees of lumbar flexion a braced, neutral hinge allows.
    squat_index : float
        Hinge-vs-squat index (share of hip flexion that comes from the thigh rotating
        forward rather than the trunk lowering) above which the rep is a squat. A hinge
        lowers the trunk (index 0.15–0.3 for an RDL, up to ~0.55 for a hinge from the
        floor, which needs knee bend); a squat keeps the trunk upright (0.7–0.9).
        0.62 sits between the two.
    hips_back_min_leg : float
        Least hip shift behind the ankles, in leg lengths, for a trunk lowered past
        ``hips_back_min_trunk_deg``. Keeping balance over mid-foot while the trunk lowers
        30° or more moves the hips back ≥ 0.15 leg lengths (0.25 at 65° in the
        biomechanical model); under 0.10 they stayed over the feet.
    hips_back_min_trunk_deg : float
        Trunk inclination from which hips must visibly travel back, degrees.
    rise_trunk_share : float
        Hips rise first when, by the time the knees have done half of their straightening,
        the trunk has done less than this share of its rise. Knees and trunk extend
        together in a hinge (≈ 0.5); 0.15 means the knees straightened with the chest
        still down (a stiff-legged pull).
    floor_rise_drop : float
        From the floor (variants with ``from_floor``), hips rise first when, by the time
        the knees have done half of their straightening, the trunk has gone further
        *down* by more than this share of its later rise. Off the floor the back angle
        rightly holds while a bar clears the knees (share ≈ 0, measured 0.0-0.04 on good
        barbell pulls), so the RDL threshold would call every good pull a fault; a chest
        that drops while the hips shoot up is the fault, for a bar or bells (-0.2 to -0.5
        on the labelled kettlebell set). 0.15 leaves room for landmark noise.
    rise_min_range_deg : float
        Knee and trunk must each move at least this much in the rise to judge the order,
        degrees (a straight-legged good morning has nothing to compare).
    shallow_max_hip_deg : float
        Peak hip flexion under which the rep stopped well short of hamstring tension,
        degrees. With soft knees the hamstrings tighten at 60–90° of hip flexion; 55° is
        short of the low end of that range. Used only when no exercise variant is known:
        a variant's ``depth_deg`` least value (variants.toml) takes its place.
    deep_extra_deg : float
        ``too_deep``: the rep went this many degrees deeper than the set's median depth
        while the back rounded: depth bought by rounding, not by the hips.
    lean_back_deg : float
        Hip extension at lockout beyond the person's own standing posture in the set
        (their median lockout, never taken past straight) at which they lean back,
        degrees. Standing tall puts the hip at 0 ± 5°, and active hip extension reaches
        about 10°; beyond that the trunk goes further back only by arching the lower
        back. 12° leaves 2° for landmark noise.
    lockout_margin_deg : float
        ``incomplete_lockout``: hip flexion stays more than this above the person's own
        standing posture in the set (their median lockout, soft knees included) through
        the second after the rep ended, degrees (the rep detector itself accepts 15°).
        Relative, so it never pushes someone to squeeze or arch past their own upright.
    load_drift_leg : float
        Wrists more than this in front of mid-foot at the bottom, in leg lengths: the
        weight hangs away from the legs. A load kept close hangs from shoulders that are
        over or just in front of the feet, within about a third of a leg length of
        mid-foot; half a leg length is clearly away from the legs.
    rushing_lowering_s : float
        Lowering faster than this is a drop, not a controlled lowering, seconds. Rehab
        hinges are taught with ~2 s down; 0.5 s is clearly uncontrolled even for a loaded
        deadlift.
    twist_deg : float
        B-stance: pelvis rotation about the vertical during the rep beyond this, degrees.
    kickstand_share : float
        B-stance: share of the hips' lateral position towards the kickstand (back) foot
        above which the weight has shifted onto it (0 = over the front foot, 1 = over the
        kickstand). The drill keeps ~70–80 % of the weight on the front leg, i.e. ≤ 0.3.
    """

    rounded_back_pct: float = 50.0
    squat_index: float = 0.62
    hips_back_min_leg: float = 0.10
    hips_back_min_trunk_deg: float = 30.0
    rise_trunk_share: float = 0.15
    floor_rise_drop: float = 0.15
    rise_min_range_deg: float = 15.0
    shallow_max_hip_deg: float = 55.0
    deep_extra_deg: float = 10.0
    lean_back_deg: float = 12.0
    lockout_margin_deg: float = 20.0
    load_drift_leg: float = 0.5
    rushing_lowering_s: float = 0.5
    twist_deg: float = 15.0
    kickstand_share: float = 0.4

    def __post_init__(self) -> None:
        for item in fields(self):
            if getattr(self, item.name) <= 0:
                raise InputError(f"{item.name} must be positive; got {getattr(self, item.name)}.")
        if self.squat_index >= 1 or self.kickstand_share >= 1 or self.rise_trunk_share >= 1:
            raise InputError("squat_index, rise_trunk_share and kickstand_share must be below 1.")
