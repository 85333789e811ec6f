"""Plausibility of a recording: an upright person, long enough, with the parts we judge.

Pure: landmarks and a set's form in, warnings and a trimmed form out. When the recording
cannot be what a hinge set looks like (a body lying sideways or upside down, a clip too
short to hold a rep), no form verdict is given at all; when the legs or the head are out
of the picture, only the faults that need them are withdrawn, and said so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from hingecoach.form.assess import SetForm, _rep_score, _set_faults, choose_focus
from hingecoach.form.findings import FaultCode, NotChecked
from hingecoach.kinematics.quality import (
    HEAD_LANDMARKS,
    LEG_LANDMARKS,
    compute_body_tilt_deg,
    compute_outside_share,
)
from hingecoach.kinematics.series import LandmarkSeries

#: Faults whose measures need the knees or ankles: knee bend (squatting, hips rising
#: first), hip shift over the ankles, the load over mid-foot, and every depth/lockout
#: verdict (hip flexion is the trunk-thigh angle, and the thigh ends at the knee).
LEG_FAULTS = frozenset(
    {
        FaultCode.SQUATTING,
        FaultCode.HIPS_RISE_FIRST,
        FaultCode.HIPS_NOT_BACK,
        FaultCode.LOAD_DRIFT,
        FaultCode.TOO_SHALLOW,
        FaultCode.TOO_DEEP,
        FaultCode.INCOMPLETE_LOCKOUT,
        FaultCode.WEIGHT_ON_KICKSTAND,
    }
)
#: The virtual tape reads the head's drop as well as the back's outline.
HEAD_FAULTS = frozenset({FaultCode.ROUNDED_BACK})


@dataclass(frozen=True, slots=True)
class PlausibilityParams:
    """When a recording is not plausible as a hinge set.

    Attributes
    ----------
    max_tilt_deg : float
        Largest median angle of the hip-ankle line from the picture's vertical (60°: in a
        deadlift from the floor the knees bend and that line leans up to ~40°, and a
        single-leg RDL's free leg tilts the mid-ankle too; the median was at most 39° on
        the 35 real clips, while a body turned on its side reads 70-90°; past 180 - 60 =
        120°, the body is upside down).
    min_duration_s : float
        Shortest clip that can hold a rep (0.5 s: the shortest real clip with a counted
        rep, a concentric-only pull, lasts 1.0 s, and even a rushed lowering or rising
        phase alone takes over half a second).
    max_outside_share : float
        Share of tracked frames with the legs (or head) outside the picture beyond which
        the faults that need them are not judged (0.3, as the cut-off warning).
    """

    max_tilt_deg: float = 60.0
    min_duration_s: float = 0.5
    max_outside_share: float = 0.3


@dataclass(frozen=True, slots=True)
class Plausibility:
    """What the checks found: warnings, whether form may be judged, and what not."""

    warnings: tuple[str, ...]
    judge_form: bool
    not_checked: tuple[NotChecked, ...]


def check_plausibility(
    series: LandmarkSeries, duration_s: float, params: PlausibilityParams | None = None
) -> Plausibility:
    """Check a recording's landmarks (see the module docstring).

    Parameters
    ----------
    series : LandmarkSeries
    duration_s : float
        Length of the recording.
    params : PlausibilityParams, optional

    Returns
    -------
    Plausibility
    """
    params = params or PlausibilityParams()
    warnings: list[str] = []
    judge = True
    tilt = compute_body_tilt_deg(series.image_xyz_px, series.image_size)
    if math.isfinite(tilt) and tilt > 180.0 - params.max_tilt_deg:
        warnings.append(
            "The body appears upside down in the picture, so no form verdict is given; "
            "check the video's rotation and film the person upright."
        )
        judge = False
    elif math.isfinite(tilt) and tilt > params.max_tilt_deg:
        warnings.append(
            f"The body appears lying sideways (legs {tilt:.0f}° from upright), so no form "
            "verdict is given; check the video's rotation and film the person standing."
        )
        judge = False
    if duration_s < params.min_duration_s:
        warnings.append(
            f"The video is only {duration_s:.1f} s long, too short to hold a rep; film the "
            "whole set."
        )
        judge = False
    missing: list[NotChecked] = []
    parts = ((LEG_LANDMARKS, LEG_FAULTS, "legs"), (HEAD_LANDMARKS, HEAD_FAULTS, "head"))
    for landmarks, faults, name in parts:
        share = compute_outside_share(series.image_xyz_px, series.image_size, landmarks)
        if share > params.max_outside_share:
            reason = f"the {name} are out of the picture in {share:.0%} of frames"
            if name == "head":
                reason = f"the head is out of the picture in {share:.0%} of frames"
            missing += [NotChecked(code, reason) for code in sorted(faults, key=str)]
    return Plausibility(tuple(warnings), judge, tuple(missing))


def apply_plausibility(form: SetForm | None, plausibility: Plausibility) -> SetForm | None:
    """The set's form without the verdicts the recording does not support.

    Returns None when no form may be judged; otherwise the faults that need missing body
    parts are removed from every rep (scores, focus and set faults recomputed) and listed
    as not checked, with the reason.
    """
    if form is None or not plausibility.judge_form:
        return None
    withdrawn = {item.code for item in plausibility.not_checked}
    if not withdrawn:
        return form
    reps = []
    for rep in form.reps:
        faults = tuple(f for f in rep.faults if f.code not in withdrawn)
        reps.append(replace(rep, faults=faults, score=_rep_score(faults)))
    already = {item.code for item in form.not_checked}
    extra = tuple(item for item in plausibility.not_checked if item.code not in already)
    return replace(
        form,
        reps=tuple(reps),
        score=round(sum(r.score for r in reps) / len(reps)) if reps else None,
        focus=choose_focus(reps),
        set_faults=_set_faults(reps),
        not_checked=form.not_checked + extra,
    )
