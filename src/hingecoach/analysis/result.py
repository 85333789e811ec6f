"""The result of analysing one set: what every edge (CLI, JSON, reports) reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hingecoach.daily.summary import DailyBends
from hingecoach.form.assess import SetForm
from hingecoach.form.recognise import ExerciseCall
from hingecoach.form.tape import TapeSeries
from hingecoach.form.tape_reps import TapeRep
from hingecoach.kinematics.series import KinematicsSeries, LandmarkSeries
from hingecoach.kinematics.view import ViewEstimate
from hingecoach.kinematics.view_stretches import ViewStretch
from hingecoach.lowback.session import SetLoad
from hingecoach.reps.measures import Rep
from hingecoach.reps.release import NotCountedRise
from hingecoach.reps.segmenter import RepTiming


@dataclass(frozen=True, slots=True)
class SessionResult:
    """Everything the analysis found in one recording.

    Attributes
    ----------
    reps : tuple of Rep
        Counted reps, in order.
    partial_reps : tuple of RepTiming
        Descents that never returned to lockout (not counted).
    view : ViewEstimate
        Camera view, facing direction and near side.
    kinematics : KinematicsSeries
        Smoothed per-frame kinematics (image plane).
    fps : float
        Mean frame rate from the timestamps.
    frames : int
        Frames analysed.
    frames_with_person : int
        Frames in which a body was tracked.
    duration_s : float
        Time from the first to the last frame plus one frame.
    model : str
        Pose model used.
    warnings : tuple of str
        Data-quality problems, one sentence each.
    provenance : dict
        Versions, parameters and input fingerprint, for reproducibility.
    form : SetForm or None
        Faults, cues and scores per rep and for the set.
    tape : TapeSeries or None
        The virtual tape test per frame: rounding in % of the person's range.
    tape_reps : tuple of TapeRep
        The tape's peak and confidence per counted rep, in order.
    landmarks : LandmarkSeries or None
        The tracked landmarks per frame (about 2 kB a frame), kept so reports can draw
        the skeleton without running pose again.
    tape_line_xy_px : numpy.ndarray or None
        Shape ``(n_frames, n_stations, 2)``: the dorsal contour (the "tape" line) of each
        frame on the person's back, image pixels as in ``landmarks``, NaN where not found.
    exercise : ExerciseCall or None
        The exercise variant judged: given by the user or recognised, with confidence.
    not_counted : tuple of NotCountedRise
        Returns to lockout that are not reps (e.g. standing up after letting go of the
        load), each with the reason.
    view_stretches : tuple of ViewStretch
        The view of each stretch of the recording (frame indices), as counted.
    lowback : SetLoad or None
        The estimated flexion moment and disc compression at L5/S1 per rep, with ranges
        (:mod:`hingecoach.lowback`); None when not estimated.
    bends : DailyBends or None
        Every counted rep as an everyday bend (hinge, squat, stoop or mixed) and their
        summary; what ``--exercise daily`` reports.
    """

    reps: tuple[Rep, ...]
    partial_reps: tuple[RepTiming, ...]
    view: ViewEstimate
    kinematics: KinematicsSeries
    fps: float
    frames: int
    frames_with_person: int
    duration_s: float
    model: str
    warnings: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)
    form: SetForm | None = None
    tape: TapeSeries | None = None
    tape_reps: tuple[TapeRep, ...] = ()
    landmarks: LandmarkSeries | None = None
    tape_line_xy_px: np.ndarray | None = None
    exercise: ExerciseCall | None = None
    not_counted: tuple[NotCountedRise, ...] = ()
    view_stretches: tuple[ViewStretch, ...] = ()
    lowback: SetLoad | None = None
    bends: DailyBends | None = None

    @property
    def rep_count(self) -> int:
        """Number of counted reps."""
        return len(self.reps)
