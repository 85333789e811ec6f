"""Assess a set: faults per rep (only where the view lets us judge), scores and a focus."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hingecoach.form.bstance import (
    compute_kickstand_share,
    compute_pelvis_yaw_deg,
    detect_kickstand_side,
)
from hingecoach.form.cues import CUES, LEARNING_AIDS
from hingecoach.form.findings import FaultCode, FaultFinding, NotChecked
from hingecoach.form.measures import RepFormMeasures, measure_rep_form
from hingecoach.form.params import SAGITTAL_VIEWS, VIEW_TRUST, FaultThresholds
from hingecoach.form.profiles import VariantProfile
from hingecoach.form.rules import SAGITTAL_RULES, TIMING_RULES, SetContext
from hingecoach.kinematics.series import KinematicsSeries
from hingecoach.kinematics.view import View, ViewEstimate
from hingecoach.reps.measures import Rep

#: Points a fault costs a rep at the lowest severity; at full severity it costs half as
#: much again. The weights follow the back-safety tiers of :class:`FaultCode` and are
#: spaced so that a fault of a higher tier always costs at least as much as any fault of
#: a lower one (tier 1: 25-37.5; tier 2: 15-22.5; tier 3: at most 15).
FAULT_WEIGHT: dict[FaultCode, float] = {
    FaultCode.ROUNDED_BACK: 25.0,
    FaultCode.SQUATTING: 15.0,
    FaultCode.HIPS_NOT_BACK: 15.0,
    FaultCode.LEANING_BACK: 10.0,
    FaultCode.TOO_DEEP: 10.0,
    FaultCode.HIPS_RISE_FIRST: 8.0,
    FaultCode.WEIGHT_ON_KICKSTAND: 8.0,
    FaultCode.HIPS_TWISTING: 8.0,
    FaultCode.LOAD_DRIFT: 6.0,
    FaultCode.TOO_SHALLOW: 5.0,
    FaultCode.RUSHING: 5.0,
    FaultCode.INCOMPLETE_LOCKOUT: 5.0,
}
#: Extra cost at full severity, as a share of the fault's weight.
SEVERITY_SHARE = 0.5
#: How much a rep showing a fault counts towards the focus, by back-safety tier: a
#: rounded lower back on a third of the reps outweighs a tier-3 fault on every rep.
FOCUS_TIER_WEIGHT: dict[int, float] = {1: 3.0, 2: 2.0, 3: 1.0}
#: A fault on fewer than this share of the reps is not the focus: one stray rep in a set
#: of five is not a pattern worth changing the next set for.
FOCUS_MIN_SHARE = 0.25
#: Nor is a fault on a single rep of a short set (1 of 2, 3 or 4 reps passes the share):
#: a pattern needs the fault again. On the dev clips' good sets, a lone rep was the focus
#: in 3 of 20 (a rounded back on 1 of 2 single-leg reps among them), told to the person
#: as the one thing to work on. A fault on most reps (a one-rep clip) is still the focus.
FOCUS_MIN_REPS = 2
#: Faults read from the virtual tape: their confidence is the tape's own.
TAPE_FAULTS = frozenset({FaultCode.ROUNDED_BACK, FaultCode.TOO_DEEP})


def _fault_cost(finding: FaultFinding) -> float:
    return FAULT_WEIGHT[finding.code] * (1.0 + SEVERITY_SHARE * finding.severity)


@dataclass(frozen=True, slots=True)
class RepForm:
    """The form verdict on one rep.

    Attributes
    ----------
    index : int
        1-based rep number (as in :class:`~hingecoach.reps.measures.Rep`).
    faults : tuple of FaultFinding
        Most important first.
    tape_peak_pct, tape_confidence : float
        Virtual tape test: peak rounding in % of the person's range, and its confidence
        (NaN and 0 when not measured).
    hinge_squat_index : float
        0 = pure hinge, 1 = pure squat.
    score : int
        0–100.
    measures : RepFormMeasures
    """

    index: int
    faults: tuple[FaultFinding, ...]
    tape_peak_pct: float
    tape_confidence: float
    hinge_squat_index: float
    score: int
    measures: RepFormMeasures

    @property
    def cue(self) -> str | None:
        """The one cue to say after this rep (its most important fault), if any."""
        return self.faults[0].cue if self.faults else None


@dataclass(frozen=True, slots=True)
class FocusAdvice:
    """The one thing to work on next."""

    code: FaultCode
    cue: str
    learning_aid: str
    reps_affected: int


@dataclass(frozen=True, slots=True)
class SetForm:
    """The form verdict on a set."""

    reps: tuple[RepForm, ...]
    score: int | None
    focus: FocusAdvice | None
    set_faults: tuple[FaultCode, ...]
    not_checked: tuple[NotChecked, ...]
    exercise: str | None = None


def _rep_score(faults: Sequence[FaultFinding]) -> int:
    return round(max(0.0, 100.0 - sum(_fault_cost(f) for f in faults)))


def _not_checked(
    view: ViewEstimate, tape_given: bool, b_stance: bool, profile: VariantProfile | None
) -> list[NotChecked]:
    missing: list[NotChecked] = []
    if profile is not None:
        missing += [
            NotChecked(code, f"{reason} ({profile.name})") for code, reason in profile.skipped
        ]
    if view.view not in SAGITTAL_VIEWS:
        reason = (
            f"the camera sees the person from the {view.view.value}; back shape, depth "
            "and hip movement need a side or oblique view"
        )
        skipped = {item.code for item in missing}
        missing += [NotChecked(code, reason) for code in SAGITTAL_RULES if code not in skipped]
    elif not tape_given and not any(item.code is FaultCode.ROUNDED_BACK for item in missing):
        missing.append(NotChecked(FaultCode.ROUNDED_BACK, "the virtual tape test was not run"))
    if b_stance and view.view is View.SIDE:
        reason = "weight shift and hip twist in a B-stance need a front or oblique view"
        missing += [
            NotChecked(FaultCode.WEIGHT_ON_KICKSTAND, reason),
            NotChecked(FaultCode.HIPS_TWISTING, reason),
        ]
    return missing


def _b_stance_findings(
    rep: Rep, world_xyz_m: np.ndarray, t_s: np.ndarray, params: FaultThresholds
) -> dict[FaultCode, float]:
    inside = (t_s >= rep.start_s) & (t_s <= rep.end_s)
    world = world_xyz_m[inside]
    if world.shape[0] < 3 or np.isnan(world).all():
        return {}
    found: dict[FaultCode, float] = {}
    yaw = compute_pelvis_yaw_deg(world)
    twist = float(np.nanmax(yaw) - np.nanmin(yaw))
    if twist > params.twist_deg:
        found[FaultCode.HIPS_TWISTING] = min(1.0, (twist - params.twist_deg) / params.twist_deg)
    share = compute_kickstand_share(world, detect_kickstand_side(world))
    if np.isfinite(share).any() and np.nanmax(share) > params.kickstand_share:
        excess = float(np.nanmax(share)) - params.kickstand_share
        found[FaultCode.WEIGHT_ON_KICKSTAND] = min(1.0, excess / params.kickstand_share)
    return found


def set_context_of(
    measures: Sequence[RepFormMeasures], profile: VariantProfile | None
) -> SetContext:
    """What the rules may know about the set: its typical depth and standing posture.

    Parameters
    ----------
    measures : sequence of RepFormMeasures
        Every rep of the set judged so far (offline: the whole set; live: the reps up
        to and including the one being judged).
    profile : VariantProfile or None

    Returns
    -------
    SetContext
        With no tape reading (each rep adds its own).
    """
    depths = [m.peak_hip_flexion_deg for m in measures]
    lockouts = [m.lockout_hip_flexion_deg for m in measures]
    return SetContext(
        median_peak_hip_flexion_deg=_nan_median(depths),
        tape_peak_pct=None,
        standing_hip_deg=_nan_median(lockouts),
        profile=profile,
    )


#: The least foreshortening allowed for: below it (a near-front view) the sagittal
#: rules are not run at all.
MIN_HORIZONTAL_SCALE = 0.4


def horizontal_scale(view: ViewEstimate) -> float:
    """How much the view shortens forward-backward distances in the picture, 0.4..1.

    A side-on camera (yaw 90°) shows them as they are; at yaw θ they shrink by
    ``sin θ`` while heights, and so leg lengths, do not.
    """
    if not math.isfinite(view.yaw_deg):
        return 1.0
    return float(np.clip(math.sin(math.radians(view.yaw_deg)), MIN_HORIZONTAL_SCALE, 1.0))


def _nan_median(values: Sequence[float]) -> float:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return float(np.median(finite)) if finite else math.nan


def judge_rep(
    rep: Rep,
    measures: RepFormMeasures,
    context: SetContext,
    view: ViewEstimate,
    *,
    tape: tuple[float | None, float] = (None, 0.0),
    params: FaultThresholds | None = None,
    extra: dict[FaultCode, float] | None = None,
) -> RepForm:
    """Judge one rep: the one function the offline analysis and live coaching both call.

    Parameters
    ----------
    rep : Rep
    measures : RepFormMeasures
        From :func:`~hingecoach.form.measures.measure_rep_form`.
    context : SetContext
        From :func:`set_context_of` (the set so far), with the variant's profile.
    view : ViewEstimate
        Sagittal faults are judged only from a side or oblique view.
    tape : (float or None, float)
        The rep's virtual-tape peak (None or NaN: not read) and its confidence.
    params : FaultThresholds, optional
        Thresholds before the variant's own overrides.
    extra : dict, optional
        Severities of faults found elsewhere (the B-stance checks).

    Returns
    -------
    RepForm
    """
    profile = context.profile
    thresholds = profile.thresholds(params) if profile is not None else params or FaultThresholds()
    tape_pct, tape_conf = tape
    context = dataclasses.replace(
        context, tape_peak_pct=tape_pct, horizontal_scale=horizontal_scale(view)
    )
    rules = dict(TIMING_RULES)
    if view.view in SAGITTAL_VIEWS:
        rules.update(SAGITTAL_RULES)
    severities = {
        code: rule(measures, context, thresholds)
        for code, rule in rules.items()
        if profile is None or profile.skip_reason(code) is None
    }
    severities.update(extra or {})
    trust = VIEW_TRUST[view.view] if view.view in SAGITTAL_VIEWS else 1.0
    findings = []
    for code, severity in severities.items():
        if severity is None:
            continue
        # The tape's own confidence already holds the view's trust.
        confidence = rep.confidence * (tape_conf if code in TAPE_FAULTS else trust)
        findings.append(FaultFinding(code, round(severity, 3), round(confidence, 3), CUES[code]))
    findings.sort(key=lambda finding: finding.code.priority)
    return RepForm(
        rep.index,
        tuple(findings),
        math.nan if tape_pct is None else tape_pct,
        tape_conf,
        measures.hinge_squat_index,
        _rep_score(findings),
        measures,
    )


def assess_set(
    reps: Sequence[Rep],
    kinematics: KinematicsSeries,
    view: ViewEstimate,
    *,
    tape_peaks: Sequence[tuple[float | None, float]] | None = None,
    world_xyz_m: np.ndarray | None = None,
    b_stance: bool = False,
    params: FaultThresholds | None = None,
    profile: VariantProfile | None = None,
    earlier: Sequence[RepFormMeasures] = (),
) -> SetForm:
    """Find each rep's faults, score the reps and the set, and pick the focus.

    Parameters
    ----------
    reps : sequence of Rep
        Counted reps.
    kinematics : KinematicsSeries
        Smoothed per-frame kinematics of the set.
    view : ViewEstimate
        Decides which faults can be judged.
    tape_peaks : sequence of (float or None, float), optional
        Per rep: peak virtual-tape rounding (% of range, None when not read) and its
        confidence. Without it, ``rounded_back`` and ``too_deep`` are reported as not
        checked.
    world_xyz_m : numpy.ndarray, optional
        Shape ``(n_frames, 33, 3)`` on the same frames as ``kinematics``: needed for the
        B-stance faults.
    b_stance : bool
        The set is a B-stance (kickstand) single-leg hinge.
    params : FaultThresholds, optional
        Thresholds before the variant's overrides.
    profile : VariantProfile, optional
        The exercise variant (which faults apply, its depth and knee range).
    earlier : sequence of RepFormMeasures
        Measures of earlier reps of the same set that are not in ``reps`` (live coaching
        judges one rep at a time); they count in the set's depth and standing posture.

    Returns
    -------
    SetForm
    """
    measures = [measure_rep_form(rep, kinematics) for rep in reps]
    context = set_context_of([*earlier, *measures], profile)
    thresholds = profile.thresholds(params) if profile is not None else params
    rep_forms = []
    for position, (rep, m) in enumerate(zip(reps, measures, strict=True)):
        extra = None
        if b_stance and view.view is not View.SIDE and world_xyz_m is not None:
            extra = _b_stance_findings(
                rep, world_xyz_m, kinematics.t_s, thresholds or FaultThresholds()
            )
        tape = tape_peaks[position] if tape_peaks is not None else (None, 0.0)
        rep_forms.append(judge_rep(rep, m, context, view, tape=tape, params=params, extra=extra))
    return SetForm(
        reps=tuple(rep_forms),
        score=round(float(np.mean([r.score for r in rep_forms]))) if rep_forms else None,
        focus=choose_focus(rep_forms),
        set_faults=_set_faults(rep_forms),
        not_checked=tuple(_not_checked(view, tape_peaks is not None, b_stance, profile)),
        exercise=profile.id if profile is not None else None,
    )


def _set_faults(rep_forms: Sequence[RepForm]) -> tuple[FaultCode, ...]:
    """Faults on most reps of the set (more than half), most important first."""
    counts: dict[FaultCode, int] = {}
    for rep in rep_forms:
        for finding in rep.faults:
            counts[finding.code] = counts.get(finding.code, 0) + 1
    common = [code for code, n in counts.items() if n > len(rep_forms) / 2]
    return tuple(sorted(common, key=lambda code: code.priority))


def choose_focus(rep_forms: Sequence[RepForm]) -> FocusAdvice | None:
    """The one thing to work on next: back safety first, weighed with how often.

    Only faults on at least a quarter of the reps (``FOCUS_MIN_SHARE``) and on at least
    two (``FOCUS_MIN_REPS``), or on most reps, are candidates. Each scores
    ``FOCUS_TIER_WEIGHT[tier] × reps showing it``, where the tier is its back-safety tier
    (1: rounded lower back; 2: squatting or hips not back; 3: the rest). The highest
    score wins; ties go to the more important fault, then to the one that cost the most
    points. So a rounded back on 4 of 9 reps (score 12) comes before hips rising first on
    all 9 (score 9), while a rounded back on 3 of 9 (9) in a set whose every rep squats
    (2 × 9 = 18) leaves the squat as the focus.
    """
    affected: dict[FaultCode, int] = {}
    cost: dict[FaultCode, float] = {}
    for rep in rep_forms:
        for finding in rep.faults:
            affected[finding.code] = affected.get(finding.code, 0) + 1
            cost[finding.code] = cost.get(finding.code, 0.0) + _fault_cost(finding)
    least = max(FOCUS_MIN_REPS, math.ceil(FOCUS_MIN_SHARE * len(rep_forms)))
    affected = {
        code: n for code, n in affected.items() if n >= least or n > len(rep_forms) / 2
    }
    if not affected:
        return None
    code = min(
        affected,
        key=lambda c: (-FOCUS_TIER_WEIGHT[c.safety_tier] * affected[c], c.priority, -cost[c]),
    )
    return FocusAdvice(code, CUES[code], LEARNING_AIDS[code], affected[code])
