"""Live per-rep form verdicts use the same rules as the offline set."""

import numpy as np
import pytest

from hingecoach.analysis.live_judge import MAX_SETTLE_WAIT_S, SETTLE_S
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.replay import replay_live
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.errors import InputError
from hingecoach.form.findings import FaultCode
from hingecoach.form.measures import LOCKOUT_WINDOW_S
from hingecoach.form.params import FaultThresholds
from hingecoach.kinematics.series import LandmarkSeries

#: Faults read from the virtual tape: live it has no silhouette in these landmark-only
#: sessions, so it is compared elsewhere.
_TAPE_FAULTS = {FaultCode.ROUNDED_BACK, FaultCode.TOO_DEEP}


def _codes(form) -> set[FaultCode]:
    return {finding.code for finding in form.faults} - _TAPE_FAULTS


@pytest.mark.parametrize("fault", ["none", "squatting", "leaning_back"])
def test_live_rep_verdicts_match_offline(synthetic_session_factory, fault):
    session = synthetic_session_factory(fault, n_reps=3, noise_px=1.0)
    analyzer = StreamingAnalyzer()
    forms, waits_s = [], []
    for frame in session.frames:
        update = analyzer.update(frame)
        forms += update.forms
        waits_s += [frame.t_s - analyzer.reps[f.index - 1].end_s for f in update.forms]
    forms += analyzer.judge_remaining()
    offline = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="t")
    assert [f.index for f in forms] == [1, 2, 3]
    # Judged once the lockout second after the refined end and the zero-phase filter's
    # settling time are seen (so the lockout faults are judged live, as offline).
    assert waits_s and all(
        LOCKOUT_WINDOW_S + SETTLE_S <= wait < MAX_SETTLE_WAIT_S for wait in waits_s
    )
    # Measured as offline: refined boundaries and zero-phase kinematics.
    for live, done in zip(forms, offline.form.reps, strict=True):
        for name in ("lockout_hip_flexion_deg", "rise_trunk_share", "peak_hip_flexion_deg"):
            assert getattr(live.measures, name) == pytest.approx(
                getattr(done.measures, name), abs=0.5 if name.endswith("deg") else 0.05
            )
    assert [_codes(f) for f in forms] == [_codes(f) for f in offline.form.reps]
    expected = {"none": set(), "squatting": {FaultCode.SQUATTING}}
    expected["leaning_back"] = {FaultCode.LEANING_BACK}
    assert all(_codes(f) == expected[fault] for f in forms)


def test_assess_rep_before_any_body_is_an_error(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=1)
    analyzer = StreamingAnalyzer()
    analyzer.update(session.frames[0])
    rep = None
    for frame in session.frames:
        rep = analyzer.update(frame).rep or rep
    with pytest.raises(InputError, match="No body has been tracked"):
        StreamingAnalyzer().assess_rep(rep)


def test_replaying_recorded_landmarks_gives_the_live_verdicts(synthetic_session_factory):
    session = synthetic_session_factory("squatting", n_reps=2, dropout_fraction=0.05)
    series = LandmarkSeries.from_pose_frames(session.frames)
    replayed = list(series.iter_pose_frames())
    assert not all(f.detected for f in session.frames)  # lost frames come back lost
    assert [f.detected for f in replayed] == [f.detected for f in session.frames]
    assert all(
        np.array_equal(a.image_xyz_px, b.image_xyz_px)
        for a, b in zip(replayed, session.frames, strict=True)
        if b.detected
    )
    analyzer = StreamingAnalyzer()
    forms = [form for frame in session.frames for form in analyzer.update(frame).forms]
    forms += analyzer.judge_remaining()
    assert [_codes(f) for f in replay_live(series)] == [_codes(f) for f in forms]
    assert len(forms) == 2 and all(FaultCode.SQUATTING in _codes(f) for f in forms)


def test_live_verdicts_use_the_configured_thresholds(synthetic_session_factory):
    session = synthetic_session_factory("squatting", n_reps=2, noise_px=1.0)
    series = LandmarkSeries.from_pose_frames(session.frames)
    lenient = AnalysisParams(faults=FaultThresholds(squat_index=0.99))
    # A variant without a squat_index of its own, so the configured one applies.
    offline = analyze_landmarks(series, model_name="t", params=lenient, exercise="dumbbell_rdl")
    live = replay_live(series, lenient, exercise="dumbbell_rdl")
    assert [_codes(f) for f in live] == [_codes(f) for f in offline.form.reps]
    assert len(live) == 2 and not any(FaultCode.SQUATTING in _codes(f) for f in live)
