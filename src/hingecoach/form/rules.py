"""The fault rules: one small function per fault, thresholds from :class:`FaultThresholds`.

Each rule returns the fault's severity (0..1, how far past its threshold the rep went) or
None when the rep is fine or the measure is missing. Whether the camera view lets a rule
be checked at all is decided in :mod:`hingecoach.form.assess`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from hingecoach.form.findings import FaultCode
from hingecoach.form.measures import RepFormMeasures
from hingecoach.form.params import FaultThresholds


@dataclass(frozen=True, slots=True)
class SetContext:
    """What a rule may know about the rest of the set.

    Attributes
    ----------
    median_peak_hip_flexion_deg : float
        The set's typical depth.
    tape_peak_pct : float
        The rep's peak virtual-tape value (% of the person's range); NaN if not measured.
    """

    median_peak_hip_flexion_deg: float
    tape_peak_pct: float


def _past(value: float, threshold: float, scale: float) -> float | None:
    """Severity of ``value`` beyond ``threshold``: 0 at it, 1 at ``threshold + scale``."""
    if math.isnan(value) or value <= threshold:
        return None
    return min(1.0, (value - threshold) / scale)


def rounded_back(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The virtual tape pulled past its threshold during the rep."""
    return _past(ctx.tape_peak_pct, p.rounded_back_pct, p.rounded_back_pct)


def squatting(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """Too much of the depth came from bending the knees (the hinge became a squat)."""
    return _past(m.hinge_squat_index, p.squat_index, 1.0 - p.squat_index)


def hips_not_back(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The trunk lowered but the hips stayed over the feet."""
    if not m.trunk_inclination_at_bottom_deg > p.hips_back_min_trunk_deg:
        return None
    return _past(-m.hip_shift_at_bottom_leg, -p.hips_back_min_leg, p.hips_back_min_leg)


def hips_rise_first(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """On the way up the knees straightened while the chest stayed down.

    Only judged for reps whose descent was seen: a pull from a dead stop on the floor
    rightly starts with the knees, at a constant back angle.
    """
    if m.started_at_bottom or not (
        m.rise_knee_range_deg > p.rise_min_range_deg
        and m.rise_trunk_range_deg > p.rise_min_range_deg
    ):
        return None
    return _past(-m.rise_trunk_share, -p.rise_trunk_share, 0.5)


def too_shallow(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The rep stopped well short of hamstring tension."""
    return _past(-m.peak_hip_flexion_deg, -p.shallow_max_hip_deg, p.shallow_max_hip_deg / 2)


def too_deep(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The rep went deeper than the set's usual depth, and the back rounded to get there."""
    if rounded_back(m, ctx, p) is None:
        return None
    extra = m.peak_hip_flexion_deg - ctx.median_peak_hip_flexion_deg
    return _past(extra, p.deep_extra_deg, p.deep_extra_deg)


def leaning_back(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """At lockout the hip went past full extension: the trunk leaned back."""
    return _past(-m.lockout_hip_flexion_deg, p.lean_back_deg, p.lean_back_deg)


def incomplete_lockout(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """The hips did not fully extend at the top."""
    return _past(m.lockout_hip_flexion_deg, p.lockout_margin_deg, p.lockout_margin_deg)


def load_drift(m: RepFormMeasures, ctx: SetContext, p: FaultThresholds) -> float | None:
    """At the bottom the hands (and the weight) hung far in front of the feet."""
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
