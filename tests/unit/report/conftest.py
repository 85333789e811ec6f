"""A small report built from the synthetic model, shared by the report unit tests."""

import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.report.data import report_data_from_result


@pytest.fixture(scope="module")
def synthetic_result(synthetic_session_factory):
    session = synthetic_session_factory("squatting", n_reps=2)
    series = LandmarkSeries.from_pose_frames(session.frames)
    return analyze_landmarks(series, model_name="synthetic")


@pytest.fixture(scope="module")
def report_data(synthetic_result):
    return report_data_from_result(synthetic_result)
