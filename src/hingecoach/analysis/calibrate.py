"""Guided calibration of the virtual tape: stand tall, hinge long, then slump on purpose."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hingecoach.analysis.offline import clean_signal
from hingecoach.analysis.params import AnalysisParams
from hingecoach.errors import NoPersonError, ViewError
from hingecoach.form.back_cues import FacingContours, compute_series_back_cues
from hingecoach.form.calibration import BackCalibration, calibrate_from_guided
from hingecoach.kinematics.angles import compute_counting_signals
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View, estimate_view
from hingecoach.pose.mediapipe_backend import PoseModel


def calibrate_landmarks(
    series: LandmarkSeries, contours: FacingContours | None, params: AnalysisParams
) -> BackCalibration:
    """The person's back-rounding range from a guided calibration recording.

    Parameters
    ----------
    series : LandmarkSeries
        Landmarks of the recording.
    contours : FacingContours, optional
        Dorsal contours from the segmentation masks (without them only the landmark
        cues are calibrated).
    params : AnalysisParams

    Returns
    -------
    BackCalibration

    Raises
    ------
    NoPersonError
        If no body was tracked.
    ViewError
        If the recording is not side-on (the lower back's shape shows from the side only).
    InputError
        If the recording does not show a long-spine hinge and a slump.
    """
    if not series.detected.any():
        raise NoPersonError(
            "No person was found in the calibration video; film the whole body, side-on."
        )
    view = estimate_view(series.image_xyz_px, series.world_xyz_m, series.visibility, params.view)
    if view.view is not View.SIDE:
        # The tape is read from the side only: an oblique outline is the flank, not the spine.
        raise ViewError(
            f"The calibration video is filmed from the {view.view.value}; film it side-on so "
            "the shape of the lower back can be seen."
        )
    hip, _ = compute_counting_signals(series.image_xyz_px, series.world_xyz_m, use_world=False)
    cues = compute_series_back_cues(series, view.facing, contours)
    return calibrate_from_guided(
        clean_signal(series.t_s, hip, params),
        np.asarray(cues.lumbar_bend_deg),
        np.asarray(cues.head_drop_deg),
        params.calibration,
    )


def calibrate_video(
    path: Path, *, model: PoseModel = PoseModel.FULL, params: AnalysisParams | None = None
) -> BackCalibration:
    """Track a guided calibration video and return the person's back-rounding range."""
    from hingecoach.analysis.video import track_video

    params = params or AnalysisParams()
    # The calibration keeps only landmarks and contours: no second-person warning.
    tracked = track_video(path, model=model, params=params, check_second_person=False)
    return calibrate_landmarks(tracked.series, tracked.contours, params)
