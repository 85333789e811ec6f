"""The synthetic daily scene analysed once per test session (shared by the daily tests)."""

from __future__ import annotations

import functools

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.synthetic.daily import daily_scene
from hingecoach.synthetic.silhouette import measure_synthetic_contours

#: Small and slow: measuring the rendered silhouette costs a few ms a frame.
SMALL = {"fps": 15.0, "image_size": (640, 360)}


def analyse(session, exercise="auto"):
    """The offline analysis of a synthetic session, with its back's contours."""
    contours = measure_synthetic_contours(session)[0]
    series = LandmarkSeries.from_pose_frames(session.frames)
    return analyze_landmarks(series, model_name="synthetic", contours=contours, exercise=exercise)


@functools.cache
def scene_result():
    """The default daily scene and its analysis."""
    scene = daily_scene(**SMALL)
    return scene, analyse(scene.session)
