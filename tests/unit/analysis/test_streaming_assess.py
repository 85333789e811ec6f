"""Live per-rep form verdicts use the same rules as the offline set."""

import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.errors import InputError
from hingecoach.form.findings import FaultCode
from hingecoach.kinematics.series import LandmarkSeries


@pytest.mark.parametrize("fault", ["none", "squatting"])
def test_live_rep_verdicts_match_offline(synthetic_session_factory, fault):
    session = synthetic_session_factory(fault, n_reps=3, noise_px=1.0)
    analyzer = StreamingAnalyzer()
    forms = []
    for frame in session.frames:
        update = analyzer.update(frame)
        if update.rep is not None:
            forms.append(analyzer.assess_rep(update.rep, update.tape_rep))
    offline = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="t")
    assert [f.index for f in forms] == [1, 2, 3]
    live_squats = [FaultCode.SQUATTING in {x.code for x in f.faults} for f in forms]
    offline_squats = [FaultCode.SQUATTING in {x.code for x in f.faults} for f in offline.form.reps]
    assert live_squats == offline_squats == [fault == "squatting"] * 3


def test_assess_rep_before_any_body_is_an_error(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=1)
    analyzer = StreamingAnalyzer()
    analyzer.update(session.frames[0])
    rep = None
    for frame in session.frames:
        rep = analyzer.update(frame).rep or rep
    with pytest.raises(InputError, match="No body has been tracked"):
        StreamingAnalyzer().assess_rep(rep)
