"""Recorded landmarks through the live streaming core, to compare live with offline."""

from __future__ import annotations

from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.form.assess import RepForm
from hingecoach.form.profiles import AUTO
from hingecoach.kinematics.series import LandmarkSeries


def replay_live(
    series: LandmarkSeries, params: AnalysisParams | None = None, exercise: str = AUTO
) -> tuple[RepForm, ...]:
    """Run recorded landmarks through the streaming core as if live; each rep's verdict.

    Used to check that live coaching says what the offline analysis says. Without the
    segmentation masks the live virtual tape reads the landmark cues only.

    Parameters
    ----------
    series : LandmarkSeries
    params : AnalysisParams, optional
    exercise : str
        The variant's id, or ``"auto"`` to recognise it as live coaching does.

    Returns
    -------
    tuple of RepForm
        One per rep the streaming core counted, in order.
    """
    analyzer = StreamingAnalyzer(params, exercise=exercise)
    forms: list[RepForm] = []
    for frame in series.iter_pose_frames():
        forms += analyzer.update(frame).forms
    return (*forms, *analyzer.judge_remaining())
