"""A live rep is settled (boundaries and measures) as the offline analysis takes them."""

import pytest

from hingecoach.analysis.live_judge import set_so_far, settle_rep
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.kinematics.series import LandmarkSeries


def test_settled_live_reps_have_the_offline_boundaries(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=3, noise_px=1.0)
    series = LandmarkSeries.from_pose_frames(session.frames)
    offline = analyze_landmarks(series, model_name="t")
    analyzer = StreamingAnalyzer()
    for frame in session.frames:
        analyzer.update(frame)
    assert len(analyzer.reps) == len(offline.reps) == 3
    earliest_s = float("-inf")
    settled = []
    for live, done in zip(analyzer.reps, offline.reps, strict=True):
        # The detector's live end lags and stops short of the offline (refined) end.
        assert live.end_s < done.end_s - 0.05
        item = settle_rep(
            series, live, earliest_s=earliest_s, view=offline.view, params=AnalysisParams()
        )
        settled.append(item)
        earliest_s = item.rep.end_s
        for name in ("start_s", "bottom_s", "end_s"):
            assert getattr(item.rep, name) == pytest.approx(getattr(done, name), abs=0.05)
        assert item.rep.trunk_inclination_at_bottom_deg == pytest.approx(
            done.trunk_inclination_at_bottom_deg, abs=0.5
        )
    landmarks, kinematics, reps = set_so_far(settled)
    # The reps' own frames, once each, in time order (what the recogniser reads).
    assert reps == [item.rep for item in settled]
    assert landmarks.t_s[0] == pytest.approx(reps[0].start_s)
    assert kinematics.t_s.shape == landmarks.t_s.shape
