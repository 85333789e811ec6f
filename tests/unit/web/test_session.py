import numpy as np
import pytest

from hingecoach.errors import InputError
from hingecoach.form.cues import CUES
from hingecoach.form.findings import FaultCode
from hingecoach.pose.landmarks import PoseFrame
from hingecoach.web.coach import CueKind
from hingecoach.web.session import LiveSession, SessionParams, SessionPhase
from tests.unit.web.fakes import ReplayEstimator


def run(session, frames):
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)
    return [session.process(rgb, frame.t_s) for frame in frames]


@pytest.fixture(scope="module")
def squatting(synthetic_session_factory):
    return synthetic_session_factory("squatting", n_reps=5, noise_px=1.0)


def test_session_goes_from_setup_through_calibration_to_counting(squatting):
    session = LiveSession(ReplayEstimator(squatting.frames))
    messages = run(session, squatting.frames)
    phases = [m["session"] for m in messages]
    assert phases[0] == "setup"
    assert phases.index("calibrating") < phases.index("counting")
    assert messages[-1]["rep_count"] == 5
    assert session.phase is SessionPhase.COUNTING


def test_faulty_reps_get_their_cue_after_calibration(squatting):
    session = LiveSession(ReplayEstimator(squatting.frames))
    messages = run(session, squatting.frames)
    cues = [m["cue"] for m in messages if m["cue"]]
    faults = [c for c in cues if c["kind"] == CueKind.FAULT.value]
    assert faults and faults[0]["text"] == CUES[FaultCode.SQUATTING]
    # Never more than one cue per frame, and never more than one per rep.
    assert len(faults) <= 5 - SessionParams().calibration_reps


def test_messages_carry_normalised_landmarks_and_angles(squatting):
    session = LiveSession(ReplayEstimator(squatting.frames))
    message = run(session, squatting.frames[:40])[-1]
    landmarks = np.array(message["landmarks"])
    assert landmarks.shape == (33, 3)
    assert np.all((landmarks[:, :2] > -0.2) & (landmarks[:, :2] < 1.2))
    assert set(message["angles"]) == {
        "hip_flexion_deg",
        "trunk_inclination_deg",
        "knee_flexion_deg",
    }


def test_summary_lists_the_reps_with_their_faults(squatting):
    estimator = ReplayEstimator(squatting.frames)
    session = LiveSession(estimator)
    run(session, squatting.frames)
    summary = session.summary()
    assert summary["rep_count"] == 5
    assert "squatting" in [f["code"] for f in summary["reps"][-1]["faults"]]
    session.close()
    assert estimator.closed


def test_frame_times_must_increase(squatting):
    session = LiveSession(ReplayEstimator(squatting.frames))
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)
    session.process(rgb, 1.0)
    with pytest.raises(InputError, match="does not increase"):
        session.process(rgb, 1.0)


def test_no_body_keeps_the_session_in_setup_with_advice():
    empty = [PoseFrame(index=i, t_s=i / 15, image_size=(640, 360)) for i in range(20)]
    session = LiveSession(ReplayEstimator(empty))
    messages = run(session, empty)
    assert {m["session"] for m in messages} == {"setup"}
    cues = [m["cue"] for m in messages if m["cue"]]
    assert [c["kind"] for c in cues] == ["setup"]  # said once it settles, not every frame
    assert messages[0]["cue"] is None
    assert messages[-1]["landmarks"] is None


def test_end_of_set_card_and_next_set_without_setup(squatting):
    frames = squatting.frames
    session = LiveSession(ReplayEstimator(frames + frames))
    run(session, frames)
    card = session.end_set()
    assert card["type"] == "set_summary" and card["rep_count"] == 5
    assert [rep["index"] for rep in card["reps"]] == [1, 2, 3, 4, 5]
    assert card["reps"][-1]["verdict"] == CUES[FaultCode.SQUATTING]
    assert card["focus"]["code"] == "squatting" and card["focus"]["drill"]
    assert 0 <= card["score"] < 100
    # The person is still in place: the next set counts at once, from zero.
    assert card["next"] == "counting" and session.phase is SessionPhase.COUNTING
    assert session.analyzer.reps == []
    pending = session.take_pending()
    assert pending["rep_count"] == 5 and pending["card"] == {k: card[k] for k in pending["card"]}
    assert session.take_pending() is None
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)
    last_t = frames[-1].t_s
    messages = [session.process(rgb, last_t + 1 + f.t_s) for f in frames]
    assert messages[-1]["rep_count"] == 5
    assert {m["session"] for m in messages} == {"counting"}
    assert any(m["cue"] and m["cue"]["kind"] == "fault" for m in messages)


def test_ending_a_set_during_setup_reruns_setup():
    empty = [PoseFrame(index=i, t_s=i / 15, image_size=(640, 360)) for i in range(5)]
    session = LiveSession(ReplayEstimator(empty))
    run(session, empty)
    card = session.end_set()
    assert card["rep_count"] == 0 and card["score"] is None and card["focus"] is None
    assert card["next"] == "setup"


def test_card_says_what_the_view_could_not_check():
    from hingecoach.kinematics.view import Side, View, ViewEstimate
    from hingecoach.web.summary import set_not_checked

    front = ViewEstimate(View.FRONT, 5.0, 0.9, 1, Side.LEFT)
    side = ViewEstimate(View.SIDE, 80.0, 0.9, 1, Side.LEFT)
    codes = {item.code for item in set_not_checked(front, tape_read=True)}
    assert FaultCode.ROUNDED_BACK in codes and FaultCode.SQUATTING in codes
    assert set_not_checked(side, tape_read=True) == []
    (tape,) = set_not_checked(side, tape_read=False)
    assert tape.code is FaultCode.ROUNDED_BACK and "tape" in tape.reason


def test_live_tape_without_a_mask_is_grey_not_read_never_green(squatting):
    session = LiveSession(ReplayEstimator(squatting.frames))
    messages = run(session, squatting.frames)
    # Replayed frames carry no segmentation mask: the lower back is never read.
    assert {m["tape_state"] for m in messages} == {"not read"}
    assert all(m["tape_pct"] is None for m in messages)
