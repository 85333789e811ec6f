"""Offline analysis of a whole recording's landmarks (pure: no I/O, no clock)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from hingecoach.analysis.exercise import (
    b_stance_recognised,
    call_daily,
    call_exercise,
    check_exercise_name,
)
from hingecoach.analysis.lowback import with_person_load
from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.plausibility import apply_plausibility, check_plausibility
from hingecoach.analysis.result import SessionResult
from hingecoach.analysis.set_warnings import counting_warnings, quality_warnings
from hingecoach.daily.bends import measure_bends
from hingecoach.daily.summary import summarize_bends
from hingecoach.errors import InputError, NoPersonError
from hingecoach.form.assess import assess_set
from hingecoach.form.back_cues import FacingContours, compute_series_back_cues
from hingecoach.form.calibration import BackCalibration, population_calibration
from hingecoach.form.findings import FaultCode, NotChecked
from hingecoach.form.params import VIEW_TRUST
from hingecoach.form.profiles import AUTO
from hingecoach.form.tape import compute_tape
from hingecoach.form.tape_reps import compute_tape_not_checked, summarize_tape_reps
from hingecoach.kinematics.angles import (
    compute_counting_signals,
    compute_front_counting_signals,
    compute_kinematics,
)
from hingecoach.kinematics.cuts import detect_cuts
from hingecoach.kinematics.series import KinematicsSeries, LandmarkSeries
from hingecoach.kinematics.smoothing import (
    fill_short_gaps,
    reject_outliers,
    smooth_zero_phase,
)
from hingecoach.kinematics.view import View, estimate_view
from hingecoach.kinematics.view_stretches import ViewStretch, segment_views
from hingecoach.lowback.session import PersonInputs
from hingecoach.reps.measures import Rep, measure_rep
from hingecoach.reps.refine import refine_timing
from hingecoach.reps.release import (
    RELEASED_REASON,
    NotCountedRise,
    compute_elbow_flexion_deg,
    find_released_rises,
)
from hingecoach.reps.segmenter import RepEventKind, RepSegmenter, RepTiming


def clean_signal(t_s: np.ndarray, values: np.ndarray, params: AnalysisParams) -> np.ndarray:
    """Outlier rejection, short-gap filling and zero-phase smoothing, in that order."""
    smoothing = params.smoothing
    values = reject_outliers(t_s, values, smoothing)
    values = fill_short_gaps(t_s, values, smoothing.max_gap_s)
    return smooth_zero_phase(t_s, values, smoothing.cutoff_hz)


def compute_counting_by_view(
    series: LandmarkSeries, params: AnalysisParams
) -> tuple[np.ndarray, tuple[ViewStretch, ...]]:
    """Cleaned counting signals, each stretch of the clip measured as its view suits.

    Each stretch (a view held, between camera cuts) is cleaned on its own, so that
    smoothing never blends two shots or two measuring planes; the rep detector runs on
    across them, so a rep that straddles a cut is judged by what both sides show.

    Returns
    -------
    counting : numpy.ndarray
        Shape ``(n_frames, 2)``: hip flexion and trunk inclination, degrees.
    stretches : tuple of ViewStretch
    """
    t_s = series.t_s
    cuts = detect_cuts(t_s, series.image_xyz_px)
    stretches = segment_views(t_s, series.world_xyz_m, params.view, breaks=cuts)
    counting = np.full((t_s.shape[0], 2), np.nan)
    for stretch in stretches:
        piece = slice(stretch.start, stretch.stop)
        if stretch.stop - stretch.start < 2:
            continue
        image, world = series.image_xyz_px[piece], series.world_xyz_m[piece]
        if stretch.view is View.FRONT:
            hip, trunk = compute_front_counting_signals(image, world)
        else:
            hip, trunk = compute_counting_signals(image, world, use_world=False)
        counting[piece] = clean_signal(t_s[piece], np.column_stack([hip, trunk]), params)
    return counting, stretches


def detect_reps_offline(
    t_s: np.ndarray,
    hip_flexion_deg: np.ndarray,
    trunk_inclination_deg: np.ndarray,
    params: AnalysisParams,
) -> tuple[list[RepTiming], list[RepTiming]]:
    """Run the streaming rep detector over a whole signal, then refine the boundaries.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n,)``, seconds.
    hip_flexion_deg, trunk_inclination_deg : numpy.ndarray
        Shape ``(n,)``, smoothed, unsigned counting signals.
    params : AnalysisParams

    Returns
    -------
    reps, partials : list of RepTiming
        Counted reps (refined) and unfinished descents.
    """
    segmenter = RepSegmenter(params.reps)
    events = [
        segmenter.update(float(t), float(h), float(k))
        for t, h, k in zip(t_s, hip_flexion_deg, trunk_inclination_deg, strict=True)
    ]
    events.append(segmenter.finish())
    counted = [
        e.timing
        for e in events
        if e is not None and e.kind is RepEventKind.COMPLETED and e.timing is not None
    ]
    partials = [e.timing for e in events if e is not None and e.kind is RepEventKind.PARTIAL]
    refined: list[RepTiming] = []
    for position, timing in enumerate(counted):
        earliest = refined[-1].end_s if refined else -np.inf
        latest = counted[position + 1].start_s if position + 1 < len(counted) else np.inf
        refined.append(
            refine_timing(timing, t_s, hip_flexion_deg, earliest_s=earliest, latest_s=latest)
        )
    return refined, [timing for timing in partials if timing is not None]


@dataclass(frozen=True, slots=True)
class RepCount:
    """What the rep counting found in a recording (before any measuring or judging).

    Attributes
    ----------
    reps : list of RepTiming
        Counted reps, boundaries refined.
    partials : list of RepTiming
        Descents that never came back to lockout.
    not_counted : tuple of NotCountedRise
        Returns to lockout that are not reps, with the reason.
    counting : numpy.ndarray
        Shape ``(n_frames, 2)``: the cleaned hip flexion and trunk signals counted on.
    stretches : tuple of ViewStretch
        The views the recording was split into.
    """

    reps: list[RepTiming]
    partials: list[RepTiming]
    not_counted: tuple[NotCountedRise, ...]
    counting: np.ndarray
    stretches: tuple[ViewStretch, ...]


def count_reps(series: LandmarkSeries, params: AnalysisParams | None = None) -> RepCount:
    """Count the reps in a recording's landmarks: view stretches, signals, detector, checks.

    Parameters
    ----------
    series : LandmarkSeries
    params : AnalysisParams, optional

    Returns
    -------
    RepCount
    """
    params = params or AnalysisParams()
    t_s = series.t_s
    counting, stretches = compute_counting_by_view(series, params)
    timings, partials = detect_reps_offline(t_s, counting[:, 0], counting[:, 1], params)
    timings, not_counted = _drop_released_rises(t_s, series, timings, params)
    return RepCount(timings, partials, not_counted, counting, stretches)


def _drop_released_rises(
    t_s: np.ndarray, series: LandmarkSeries, timings: list[RepTiming], params: AnalysisParams
) -> tuple[list[RepTiming], tuple[NotCountedRise, ...]]:
    """Counted rises, and the ones made after letting go of the load (not reps)."""
    elbow = compute_elbow_flexion_deg(series.world_xyz_m)
    elbow = fill_short_gaps(t_s, elbow, params.smoothing.max_gap_s)
    released = find_released_rises(t_s, elbow, timings, params.reps)
    kept = [timing for timing, gone in zip(timings, released, strict=True) if not gone]
    dropped = tuple(
        NotCountedRise(timing, RELEASED_REASON)
        for timing, gone in zip(timings, released, strict=True)
        if gone
    )
    return kept, dropped


def analyze_landmarks(
    series: LandmarkSeries,
    *,
    model_name: str,
    params: AnalysisParams | None = None,
    b_stance: bool = False,
    contours: FacingContours | None = None,
    calibration: BackCalibration | None = None,
    exercise: str = AUTO,
    person: PersonInputs | None = None,
) -> SessionResult:
    """Find and measure every rep in a recording's landmarks.

    Parameters
    ----------
    series : LandmarkSeries
        Landmarks of every frame, NaN where the body was lost.
    model_name : str
        Pose model that produced them (recorded in the result).
    params : AnalysisParams, optional
    b_stance : bool
        The set is a B-stance (kickstand) single-leg hinge: also judge weight shift and
        hip twist (from a front or oblique view).
    contours : FacingContours, optional
        Each frame's dorsal contour (from the segmentation masks, which are not kept);
        without it the virtual tape reads the landmark cues only, with less confidence.
    calibration : BackCalibration, optional
        The person's own range of back rounding (a guided calibration); the population
        defaults otherwise.
    exercise : str
        The variant's canonical id, ``"daily"`` for everyday bends, or ``"auto"`` (the
        default) to recognise it from the landmarks (everyday bends included).
    person : PersonInputs, optional
        The person's body and load for the low-back load estimate, as the edge resolved
        them (options, the store); assumed and flagged when not given.

    Returns
    -------
    SessionResult
        With ``landmarks`` set to ``series``.

    Raises
    ------
    InputError
        If there are fewer than two frames.
    NoPersonError
        If a body was tracked in too few frames to analyse.
    """
    params = params or AnalysisParams()
    check_exercise_name(exercise, params)  # an unknown name fails before any work
    n_frames = series.t_s.shape[0]
    if n_frames < 2:
        raise InputError(
            f"The video has {n_frames} frame(s); a set needs a video of at least a few seconds."
        )
    tracked = int(series.detected.sum())
    if tracked < params.quality.min_person_frames:
        raise NoPersonError(
            f"No person was found in the video (a body in {tracked} of {n_frames} frames); "
            "film the whole body, side-on, in good light."
        )
    t_s = series.t_s
    view = estimate_view(series.image_xyz_px, series.world_xyz_m, series.visibility, params.view)
    counted = count_reps(series, params)
    counting, stretches = counted.counting, counted.stretches
    timings, partials, not_counted = counted.reps, counted.partials, counted.not_counted
    raw = compute_kinematics(t_s, series.image_xyz_px, view.facing)
    kinematics = KinematicsSeries.from_matrix(t_s, clean_signal(t_s, raw.as_matrix(), params))
    view_confidence = view.confidence * VIEW_TRUST[view.view]
    reps = tuple(
        measure_rep(i + 1, timing, kinematics, view_confidence=view_confidence)
        for i, timing in enumerate(timings)
    )
    call = call_exercise(series, kinematics, reps, view, params, exercise)
    profile = params.variants.get(call.id)
    cues = compute_series_back_cues(series, view.facing, contours)
    calibration = calibration or population_calibration(params.calibration)
    tape = compute_tape(cues, calibration, view.view, kinematics.hip_flexion_deg, params.tape)
    tape_reps = summarize_tape_reps(tape, reps, kinematics.hip_flexion_deg, params.tape)
    bends = summarize_bends(measure_bends(reps, tape_reps, kinematics, params.bends), params.bends)
    call = call_daily(call, bends, exercise, params)
    form = assess_set(
        reps,
        kinematics,
        view,
        tape_peaks=[(rep.peak_pct, rep.confidence) for rep in tape_reps],
        world_xyz_m=series.world_xyz_m,
        b_stance=b_stance or b_stance_recognised(call, profile),
        params=params.faults,
        profile=profile,
    )
    unread = compute_tape_not_checked(tape_reps)
    if unread is not None and all(n.code is not FaultCode.ROUNDED_BACK for n in form.not_checked):
        # No reading is not zero: say why the lower back was not judged.
        missing = (*form.not_checked, NotChecked(FaultCode.ROUNDED_BACK, unread))
        form = dataclasses.replace(form, not_checked=missing)
    warnings = quality_warnings(series, view, params)
    if not reps and np.nanmax(counting[:, 0], initial=-np.inf) < params.reps.down_deg:
        warnings.append(
            "No hinge was seen: the hips never bent far enough to count a rep; film a set "
            "of hip hinges."
        )
    frame_step = float(np.median(np.diff(t_s)))
    warnings += counting_warnings(t_s, stretches, params)
    duration_s = float(t_s[-1] - t_s[0] + frame_step)
    plausibility = check_plausibility(series, duration_s)
    warnings += plausibility.warnings
    result = SessionResult(
        reps=reps,
        partial_reps=tuple(partials),
        view=view,
        kinematics=kinematics,
        fps=1.0 / frame_step if frame_step > 0 else 0.0,
        frames=n_frames,
        frames_with_person=tracked,
        duration_s=duration_s,
        model=model_name,
        warnings=tuple(warnings),
        form=apply_plausibility(form, plausibility),
        tape=tape,
        tape_reps=tape_reps,
        # Kept so a report can draw the skeleton without the caller attaching them again.
        landmarks=series,
        exercise=call,
        not_counted=not_counted,
        view_stretches=stretches,
        bends=bends,
    )
    return with_person_load(result, person or PersonInputs(), params)


__all__ = [
    "Rep",
    "analyze_landmarks",
    "clean_signal",
    "compute_counting_by_view",
    "count_reps",
    "detect_reps_offline",
]
