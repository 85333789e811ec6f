"""The low-back load estimate of an analysed set (pure): inputs resolved from the result."""

from __future__ import annotations

import dataclasses

import numpy as np

from hingecoach.analysis.exercise import given_profile
from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.result import SessionResult
from hingecoach.form.profiles import VariantProfile
from hingecoach.kinematics.view import View
from hingecoach.lowback.anthropometry import BodyInputs, LowBackParams
from hingecoach.lowback.session import PersonInputs, SetLoad, compute_set_load, resolve_load


def compute_result_load(
    result: SessionResult,
    body: BodyInputs,
    profile: VariantProfile | None,
    *,
    given_kg: float | None = None,
    logged_kg: float | None = None,
    params: LowBackParams | None = None,
) -> SetLoad | None:
    """The low-back load of every rep of an analysed set.

    Parameters
    ----------
    result : SessionResult
        With ``landmarks`` (None is returned without them).
    body : BodyInputs
    profile : VariantProfile or None
        The variant judged: whether a load hangs from the hands (None: assume it does).
    given_kg, logged_kg : float or None
        ``--load-kg``, and the program's logged load for the set.
    params : LowBackParams, optional

    Returns
    -------
    SetLoad or None
    """
    series = result.landmarks
    if series is None:
        return None
    hanging = True if profile is None else profile.hanging_load
    load = resolve_load(given_kg, logged_kg, hanging)
    n_frames = series.t_s.shape[0]
    bend = result.tape.angle_deg if result.tape is not None else np.full(n_frames, np.nan)
    windows = [(rep.index, rep.start_s, rep.end_s) for rep in result.reps]
    return compute_set_load(
        series,
        bend,
        windows,
        body,
        load,
        facing=result.view.facing,
        side_view=result.view.view is View.SIDE,
        params=params,
    )


def with_lowback_load(
    result: SessionResult,
    body: BodyInputs,
    profile: VariantProfile | None,
    *,
    given_kg: float | None = None,
    logged_kg: float | None = None,
) -> SessionResult:
    """The result with its low-back load estimated for this person and load."""
    lowback = compute_result_load(result, body, profile, given_kg=given_kg, logged_kg=logged_kg)
    return dataclasses.replace(result, lowback=lowback)


def with_person_load(
    result: SessionResult, person: PersonInputs, params: AnalysisParams
) -> SessionResult:
    """The result with its low-back load for this person, once its variant is known.

    Parameters
    ----------
    result : SessionResult
        With its exercise called (given or recognised).
    person : PersonInputs
        Body and load as the edge resolved them (options, the store, the live page).
    params : AnalysisParams
        For the variant's profile: whether a load hangs from the hands.

    Returns
    -------
    SessionResult
    """
    variant = result.exercise.id if result.exercise is not None else None
    profile = given_profile(variant, params)  # None for everyday bends: the hands' load unknown
    return with_lowback_load(
        result,
        person.body,
        profile,
        given_kg=person.load_kg,
        logged_kg=person.logged_for(variant),
    )
