"""The fault rules: one small function per fault, thresholds from :class:`FaultThresholds`.

Each rule returns the fault's severity (0..1, how far past its threshold the rep went) or
None when the rep is fine or the measure is missing. Whether the camera view lets a rule
be checked at all, and whether the exercise variant has the fault at all, is decided in
:mod:`hingecoach.form.assess`. What a rule needs to know about the variant it reads from
the :class:`~hingecoach.form.profiles.VariantProfile` in the context, never from its name.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from hingecoach.form.findings import FaultCode
from hingecoach.form.measures import RepFormMeasures
from hingecoach.form.params import FaultThresholds
from hingecoach.form.profiles import VariantProfile


@dataclass(frozen=True, slots=True)
class SetContext:
    """What a rule may know about the rest of the set.

    Attributes
    ----------
    median_peak_hip_flexion_deg : float
        The set's typical depth.
    tape_peak_pct : float or None
        The rep's peak virtual-tape value (% of the person's range); None or NaN when the
        tape was not read (then the back is not checked, never called neutral).
    standing_hip_deg : float
        The person's own standing hip flexion in this set (the median of the reps'
        lockouts): soft knees and a relaxed stance leave it at 5-25 degrees.
    profile : VariantProfile or None
        The exercise variant; None judges as a generic loaded hinge from standing.
    horizontal_scale : float
        How much the camera's angle shortens forward-backward distances in the picture
        (1 side-on, ``sin(yaw)`` at an angle): distance thresholds shrink with it.
    """

    median_peak_hip_flexion_deg: float
    tape_peak_pct: float | None
    standing_hip_deg: float = 0.0
    profile: VariantProfile | None = None
    horizontal_scale: float = 1.0


def _past(value: float | None, threshold: float, scale: float) -> float | None:
    """Severity of ``value`` beyond ``threshold``: 0 at it, 1 at ``threshold + scale``."""
    if value is None or math.isnan(value) or value <= threshold:
        return None
    return min(1.0, (value - threshold) / scale)


def rounded_back(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The virtual tape pulled past its threshold during the rep (never without a reading)."""
    return _past(ctx.tape_peak_pct, p.rounded_back_pct, p.rounded_back_pct)


def squatting(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """Too much of the depth came from bending the knees (the hinge became a squat).

    Knee bend inside the variant's own range is never a squat: a pull from the floor
    needs the knees bent to reach the weight.
    """
    if ctx.profile is not None and m.knee_flexion_at_bottom_deg <= ctx.profile.knee_deg[1]:
        return None
    return _past(m.hinge_squat_index, p.squat_index, 1.0 - p.squat_index)


def hips_not_back(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The trunk lowered but the hips stayed over the feet."""
    if not m.trunk_inclination_at_bottom_deg > p.hips_back_min_trunk_deg:
        return None
    least = p.hips_back_min_leg * ctx.horizontal_scale
    return _past(-m.hip_shift_at_bottom_leg, -least, least)


def hips_rise_first(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """On the way up the knees straightened while the chest stayed down.

    Only judged for reps whose descent was seen: a pull from a dead stop on the floor
    rightly starts with the knees, at a constant back angle. For the same reason a
    variant that starts from the floor only faults a chest that drops as the hips rise.
    """
    if m.started_at_bottom or not (
        m.rise_knee_range_deg > p.rise_min_range_deg
        and m.rise_trunk_range_deg > p.rise_min_range_deg
    ):
        return None
    if ctx.profile is not None and ctx.profile.from_floor:
        return _past(-m.rise_trunk_share, p.floor_rise_drop, 0.5)
    return _past(-m.rise_trunk_share, -p.rise_trunk_share, 0.5)


def too_shallow(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The rep stopped well short of the variant's least depth (hamstring tension)."""
    least = ctx.profile.depth_deg[0] if ctx.profile is not None else p.shallow_max_hip_deg
    return _past(-m.peak_hip_flexion_deg, -least, least / 2)


def too_deep(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The rep went deeper than the set's usual depth, and the back rounded to get there."""
    if rounded_back(m, ctx, p) is None:
        return None
    extra = m.peak_hip_flexion_deg - ctx.median_peak_hip_flexion_deg
    return _past(extra, p.deep_extra_deg, p.deep_extra_deg)


def _standing(ctx: SetContext) -> float:
    """The person's own standing hip flexion, never past straight.

    A set whose usual top is already extended is not taken as normal: extension beyond
    straight is the arching that ``leaning_back`` is about.
    """
    return max(0.0, ctx.standing_hip_deg) if math.isfinite(ctx.standing_hip_deg) else 0.0


def leaning_back(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """At lockout the hip went well past the person's own standing posture: leaning back."""
    return _past(_standing(ctx) - m.lockout_hip_flexion_deg, p.lean_back_deg, p.lean_back_deg)


def incomplete_lockout(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The hips stopped well short of the person's own standing posture at the top.

    Measured against how this person stands in this set (soft knees are normal), so it
    never asks someone to squeeze or arch past their own upright.
    """
    excess = m.lockout_hip_flexion_deg - _standing(ctx)
    return _past(excess, p.lockout_margin_deg, p.lockout_margin_deg)


def load_drift(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """At the bottom the hands (and the weight) hung far in front of the feet.

    Only where a load hangs from the hands: hands on the hips, a dowel along the back or
    a band pulling backwards carry nothing that could drift.
    """
    if ctx.profile is not None and not ctx.profile.hanging_load:
        return None
    return _past(m.wrist_forward_at_bottom_leg, p.load_drift_leg, p.load_drift_leg)


def rushing(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The lowering was a drop rather than a controlled descent."""
    return _past(-m.lowering_s, -p.rushing_lowering_s, p.rushing_lowering_s)


Rule = Callable[[RepFormMeasures, SetContext, FaultThresholds], "float | None"]

#: The sagittal-plane rules (they need a side or oblique view).
SAGITTAL_RULES: dict[FaultCode, Rule] = {
    FaultCode.ROUNDED_BACK: rounded_back,
    FaultCode.LEANING_BACK: leaning_back,
    FaultCode.SQUATTING: squatting,
    FaultCode.HIPS_RISE_FIRST: hips_rise_first,
    FaultCode.HIPS_NOT_BACK: hips_not_back,
    FaultCode.TOO_DEEP: too_deep,
    FaultCode.LOAD_DRIFT: load_drift,
    FaultCode.TOO_SHALLOW: too_shallow,
    FaultCode.INCOMPLETE_LOCKOUT: incomplete_lockout,
}

#: Rules that need only timing, checkable from any view.
TIMING_RULES: dict[FaultCode, Rule] = {FaultCode.RUSHING: rushing}
