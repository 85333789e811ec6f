"""The exercise variant of a recording: the one given, or the one recognised (pure)."""

from __future__ import annotations

import numpy as np

from hingecoach.analysis.params import AnalysisParams
from hingecoach.daily import DAILY
from hingecoach.daily.recognise import describe_daily, recognise_daily
from hingecoach.daily.summary import DailyBends
from hingecoach.form.profiles import AUTO, FALLBACK_ID, VariantProfile
from hingecoach.form.recognise import ExerciseCall, recognise_variant
from hingecoach.kinematics.series import KinematicsSeries, LandmarkSeries
from hingecoach.kinematics.view import ViewEstimate
from hingecoach.reps.measures import Rep

#: Least confidence of a recognised B-stance before its own checks (weight shift, hip
#: twist) run: they are faults only in that stance, so a doubtful call must not raise them.
B_STANCE_MIN_CONFIDENCE = 0.8
#: The display name of everyday bends (the call's ``name``).
DAILY_NAME = "Everyday bends"


def given_profile(exercise: str | None, params: AnalysisParams) -> VariantProfile | None:
    """The variant profile an exercise id names: None for ``auto``, ``daily`` or no call.

    Everyday bends have no profile of their own (they are judged as the variant they
    resemble, and what the hands hold is unknown).

    Raises
    ------
    InputError
        For an unknown name, in one sentence.
    """
    if exercise is None or exercise in (AUTO, DAILY):
        return None
    return params.variants.get(exercise)


def check_exercise_name(exercise: str, params: AnalysisParams) -> None:
    """Fail with one sentence unless ``exercise`` is ``auto``, ``daily`` or a known variant.

    Raises
    ------
    InputError
        For an unknown name (checked before any tracking, so it costs nothing).
    """
    given_profile(exercise, params)


def b_stance_recognised(call: ExerciseCall, profile: VariantProfile) -> bool:
    """Whether the B-stance checks apply: the variant is staggered and the call is sure."""
    sure = call.source == "given" or call.confidence >= B_STANCE_MIN_CONFIDENCE
    return sure and "staggered" in profile.feet


def call_exercise(
    series: LandmarkSeries,
    kinematics: KinematicsSeries,
    reps: tuple[Rep, ...],
    view: ViewEstimate,
    params: AnalysisParams,
    exercise: str,
) -> ExerciseCall:
    """The variant given, or the one recognised (the fallback without any hinge seen).

    Everyday bends (``daily``) are judged as the variant the movement resembles most.
    """
    if (profile := given_profile(exercise, params)) is not None:
        return ExerciseCall(exercise, 1.0, "given", name=profile.name)
    if not reps and not np.isfinite(kinematics.hip_flexion_deg).any():
        name = params.variants.get(FALLBACK_ID).name
        return ExerciseCall(FALLBACK_ID, 0.0, "recognised", "no hinge seen", name)
    return recognise_variant(
        series.image_xyz_px, series.world_xyz_m, kinematics, reps, view.facing, params.variants
    )


def call_daily(
    call: ExerciseCall, bends: DailyBends, exercise: str, params: AnalysisParams
) -> ExerciseCall:
    """The call as everyday bends when given so, or recognised so (conservatively)."""
    if exercise == DAILY:
        return ExerciseCall(DAILY, 1.0, "given", name=DAILY_NAME)
    if exercise != AUTO:
        return call
    confidence = recognise_daily(bends.bends, params.bends)
    if confidence is None:
        return call
    return ExerciseCall(DAILY, confidence, "recognised", describe_daily(bends.bends), DAILY_NAME)
def describe_exercise(
    call: ExerciseCall | None, params: AnalysisParams
) -> dict[str, object] | None:
    """The exercise as the live page, the set record and the report say it.

    Parameters
    ----------
    call : ExerciseCall or None
        None until the first rep is judged (with ``auto``).
    params : AnalysisParams
        For the variants' names.

    Returns
    -------
    dict or None
        ``id``, ``name``, ``confidence``, ``source``, ``alternatives`` (ids that fit as
        well) and ``text``, one sentence for a person.
    """
    if call is None:
        return None
    names = {profile.id: profile.name for profile in params.variants.profiles}
    name = call.name or names.get(call.id, call.id)
    if call.source == "given":
        text = f"{name} (as given)"
    else:
        text = f"{name} (recognised, {call.confidence:.0%} sure)"
        if call.alternatives:
            others = " or ".join(names.get(other, other) for other in call.alternatives)
            text = (
                f"{name} or {others} (recognised; which one cannot be told on camera, where "
                "a bar and a pair of bells look alike, and both are judged the same way)"
            )
    return {
        "id": call.id,
        "name": name,
        "confidence": call.confidence,
        "source": call.source,
        "alternatives": list(call.alternatives),
        "text": text,
    }
