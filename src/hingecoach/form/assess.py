"""Assess a set: faults per rep (only where the view lets us judge), scores and a focus."""

from __future__ import annotations

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
from hingecoach.form.params import FaultThresholds
from hingecoach.form.rules import SAGITTAL_RULES, TIMING_RULES, SetContext
from hingecoach.kinematics.series import KinematicsSeries
from hingecoach.kinematics.view import View, ViewEstimate
from hingecoach.reps.measures import Rep

#: Points a fault costs a rep at the lowest severity; at full severity it costs twice as
#: much. The back comes first: rounding and leaning back load the spine most.
FAULT_WEIGHT: dict[FaultCode, float] = {
    FaultCode.ROUNDED_BACK: 25.0,
    FaultCode.LEANING_BACK: 15.0,
    FaultCode.SQUATTING: 15.0,
    FaultCode.HIPS_RISE_FIRST: 12.0,
    FaultCode.HIPS_NOT_BACK: 10.0,
    FaultCode.TOO_DEEP: 12.0,
    FaultCode.LOAD_DRIFT: 6.0,
    FaultCode.TOO_SHALLOW: 6.0,
    FaultCode.RUSHING: 6.0,
    FaultCode.INCOMPLETE_LOCKOUT: 6.0,
    FaultCode.WEIGHT_ON_KICKSTAND: 10.0,
    FaultCode.HIPS_TWISTING: 10.0,
}
#: How far sagittal-plane measures can be trusted from each view.
VIEW_TRUST: dict[View, float] = {View.SIDE: 1.0, View.OBLIQUE: 0.7}


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


def _rep_score(faults: Sequence[FaultFinding]) -> int:
    lost = sum(FAULT_WEIGHT[f.code] * (1.0 + f.severity) for f in faults)
    return round(max(0.0, 100.0 - lost))


def _not_checked(view: ViewEstimate, tape_given: bool, b_stance: bool) -> list[NotChecked]:
    missing: list[NotChecked] = []
    if view.view not in VIEW_TRUST:
        reason = (
            f"the camera sees the person from the {view.view.value}; back shape, depth "
            "and hip movement need a side or oblique view"
        )
        missing += [NotChecked(code, reason) for code in SAGITTAL_RULES]
    elif not tape_given:
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


def assess_set(
    reps: Sequence[Rep],
    kinematics: KinematicsSeries,
    view: ViewEstimate,
    *,
    tape_peaks: Sequence[tuple[float, float]] | None = None,
    world_xyz_m: np.ndarray | None = None,
    b_stance: bool = False,
    params: FaultThresholds | None = None,
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
    tape_peaks : sequence of (float, float), optional
        Per rep: peak virtual-tape rounding (% of range) and its confidence. Without it,
        ``rounded_back`` and ``too_deep`` are reported as not checked.
    world_xyz_m : numpy.ndarray, optional
        Shape ``(n_frames, 33, 3)`` on the same frames as ``kinematics``: needed for the
        B-stance faults.
    b_stance : bool
        The set is a B-stance (kickstand) single-leg hinge.
    params : FaultThresholds, optional

    Returns
    -------
    SetForm
    """
    params = params or FaultThresholds()
    measures = [measure_rep_form(rep, kinematics) for rep in reps]
    depths = [m.peak_hip_flexion_deg for m in measures]
    median_depth = float(np.median(depths)) if depths else math.nan
    trust = VIEW_TRUST.get(view.view)
    rules = dict(TIMING_RULES)
    if trust is not None:
        rules.update(SAGITTAL_RULES)
    rep_forms = []
    for position, (rep, m) in enumerate(zip(reps, measures, strict=True)):
        tape_pct, tape_conf = tape_peaks[position] if tape_peaks is not None else (math.nan, 0.0)
        context = SetContext(median_peak_hip_flexion_deg=median_depth, tape_peak_pct=tape_pct)
        severities = {code: rule(m, context, params) for code, rule in rules.items()}
        if b_stance and view.view is not View.SIDE and world_xyz_m is not None:
            severities.update(_b_stance_findings(rep, world_xyz_m, kinematics.t_s, params))
        findings = []
        for code, severity in severities.items():
            if severity is None:
                continue
            if code in (FaultCode.ROUNDED_BACK, FaultCode.TOO_DEEP):
                # The tape's own confidence already holds the view's trust.
                confidence = rep.confidence * tape_conf
            else:
                confidence = rep.confidence * (trust if trust is not None else 1.0)
            findings.append(
                FaultFinding(code, round(severity, 3), round(confidence, 3), CUES[code])
            )
        findings.sort(key=lambda finding: finding.code.priority)
        rep_forms.append(
            RepForm(
                rep.index,
                tuple(findings),
                tape_pct,
                tape_conf,
                m.hinge_squat_index,
                _rep_score(findings),
                m,
            )
        )
    return SetForm(
        reps=tuple(rep_forms),
        score=round(float(np.mean([r.score for r in rep_forms]))) if rep_forms else None,
        focus=_focus(rep_forms),
        set_faults=_set_faults(rep_forms),
        not_checked=tuple(_not_checked(view, tape_peaks is not None, b_stance)),
    )


def _set_faults(rep_forms: Sequence[RepForm]) -> tuple[FaultCode, ...]:
    """Faults on most reps of the set (more than half), most important first."""
    counts: dict[FaultCode, int] = {}
    for rep in rep_forms:
        for finding in rep.faults:
            counts[finding.code] = counts.get(finding.code, 0) + 1
    common = [code for code, n in counts.items() if n > len(rep_forms) / 2]
    return tuple(sorted(common, key=lambda code: code.priority))


def _focus(rep_forms: Sequence[RepForm]) -> FocusAdvice | None:
    """The fault that cost the set the most points; ties go to the more important one."""
    cost: dict[FaultCode, float] = {}
    affected: dict[FaultCode, int] = {}
    for rep in rep_forms:
        for finding in rep.faults:
            cost[finding.code] = cost.get(finding.code, 0.0) + FAULT_WEIGHT[finding.code] * (
                1.0 + finding.severity
            )
            affected[finding.code] = affected.get(finding.code, 0) + 1
    if not cost:
        return None
    code = min(cost, key=lambda c: (-cost[c], c.priority))
    return FocusAdvice(code, CUES[code], LEARNING_AIDS[code], affected[code])
