"""The live streaming core agrees with the offline analysis."""

import numpy as np
import pytest

from hingecoach.analysis import streaming
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.form.findings import FaultCode
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.reps.segmenter import RepEventKind


@pytest.mark.parametrize("fault", ["none", "squatting", "fast"])
def test_live_and_offline_count_the_same_reps(synthetic_session_factory, fault):
    session = synthetic_session_factory(fault, n_reps=4, noise_px=1.5, dropout_fraction=0.02)
    analyzer = StreamingAnalyzer()
    updates = [analyzer.update(frame) for frame in session.frames]
    offline = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames), model_name="t")
    completed = [u for u in updates if u.event and u.event.kind is RepEventKind.COMPLETED]
    assert len(completed) == offline.rep_count == 4
    assert updates[-1].rep_count == 4
    for update, rep in zip(completed, offline.reps, strict=True):
        # Live reports the rep as soon as lockout is reached; measures match offline's.
        assert update.rep is not None
        assert update.rep.peak_hip_flexion_deg == pytest.approx(rep.peak_hip_flexion_deg, abs=5)
        assert update.t_s == pytest.approx(rep.end_s, abs=0.5)


def test_live_reports_an_unfinished_rep_at_the_end(synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=2, final_partial=True)
    analyzer = StreamingAnalyzer()
    for frame in session.frames:
        analyzer.update(frame)
    event = analyzer.finish()
    assert event is not None and event.kind is RepEventKind.PARTIAL
    assert len(analyzer.reps) == 2


def _stream(session, analyzer):
    """Every update's verdicts and the ones judged at the end, by rep."""
    forms = [form for frame in session.frames for form in analyzer.update(frame).forms]
    forms += analyzer.judge_remaining()
    return {form.index: {finding.code for finding in form.faults} for form in forms}


def test_one_frame_buffer_serves_the_judge_and_the_load_line(
    synthetic_session_factory, monkeypatch
):
    session = synthetic_session_factory("squatting", n_reps=4, noise_px=1.5, dropout_fraction=0.05)
    unbounded = _stream(session, StreamingAnalyzer())
    # 10 s at 30 fps: a rep with its lead and lockout fits, the set does not.
    monkeypatch.setattr(streaming, "_REP_BUFFER_FRAMES", 300)
    analyzer = StreamingAnalyzer()
    assert _stream(session, analyzer) == unbounded  # the judge settles on the same frames
    assert len(unbounded) == 4 and all(FaultCode.SQUATTING in codes for codes in unbounded.values())
    buffered = analyzer.buffered_pose()
    assert buffered is not None
    times, image, world, bend = buffered
    # The load line reads the body's frames of that one buffer: the newest 300 frames.
    kept = [frame for frame in session.frames[-300:] if frame.detected]
    assert len(kept) < 300 and times.tolist() == [frame.t_s for frame in kept]
    np.testing.assert_array_equal(image, np.stack([frame.image_xyz_px for frame in kept]))
    np.testing.assert_array_equal(world, np.stack([frame.world_xyz_m for frame in kept]))
    assert bend.shape == times.shape
