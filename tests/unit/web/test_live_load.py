"""The live page's low-back line: the last judged rep, from the streaming core's buffer."""

import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.web.live_load import live_rep_load


def test_live_estimate_matches_the_offline_one(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=2)
    analyzer = StreamingAnalyzer(exercise="dumbbell_rdl")
    live = {}
    for frame in session.frames:
        update = analyzer.update(frame)
        for form in update.forms:
            live[form.index] = live_rep_load(analyzer, form.index, session.image_size)
    for form in analyzer.judge_remaining():
        live[form.index] = live_rep_load(analyzer, form.index, session.image_size)
    series = LandmarkSeries.from_pose_frames(session.frames)
    offline = analyze_landmarks(series, model_name="t", exercise="dumbbell_rdl").lowback
    assert sorted(live) == [1, 2]
    for rep in offline.reps:
        figure = live[rep.index]["moment_nm"]
        assert figure["low"] <= figure["estimate"] <= figure["high"]
        # Causal smoothing and a buffer instead of the whole clip: within 10 %.
        assert figure["estimate"] == pytest.approx(rep.moment_nm.estimate, rel=0.10)
        assert any("Load unknown" in flag for flag in live[rep.index]["flags"])


def test_no_rep_no_estimate():
    assert live_rep_load(StreamingAnalyzer(), 1, (640, 360)) is None
