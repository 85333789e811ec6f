"""The live page and set record say the exercise; serve's settings reach the live judge."""

import numpy as np

from hingecoach.analysis.exercise import describe_exercise
from hingecoach.analysis.params import AnalysisParams
from hingecoach.form.params import FaultThresholds
from hingecoach.form.recognise import ExerciseCall
from hingecoach.web.live import LiveWorker
from hingecoach.web.session import LiveSession
from hingecoach.web.settings import WebSettings, live_analysis_params
from tests.unit.web.fakes import ReplayEstimator


def run(session, frames):
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)
    return [session.process(rgb, frame.t_s) for frame in frames]


def test_live_messages_say_the_recognised_exercise(synthetic_session_factory):
    squatting = synthetic_session_factory("squatting", n_reps=3, noise_px=1.0)
    session = LiveSession(ReplayEstimator(squatting.frames))
    messages = run(session, squatting.frames)
    assert messages[0]["exercise"] is None  # nothing judged yet: not claimed
    said = [m["exercise"] for m in messages if m["exercise"]]
    assert said and said[-1]["source"] == "recognised"
    assert 0 <= said[-1]["confidence"] <= 1 and said[-1]["name"] in said[-1]["text"]
    assert "recognised" in said[-1]["text"]
    assert session.summary()["exercise"]["id"] == said[-1]["id"]


def test_a_given_exercise_and_config_reach_the_live_judge(synthetic_session_factory):
    squatting = synthetic_session_factory("squatting", n_reps=2, noise_px=1.0)
    lenient = AnalysisParams(faults=FaultThresholds(squat_index=0.99))
    session = LiveSession(
        ReplayEstimator(squatting.frames), analysis_params=lenient, variant="dumbbell_rdl"
    )
    messages = run(session, squatting.frames)
    assert messages[0]["exercise"]["text"] == "Dumbbell or kettlebell RDL (as given)"
    assert session.analyzer.params.faults.squat_index == 0.99
    faults = [code for m in messages if m["rep"] for code in m["rep"]["faults"]]
    assert "squatting" not in faults


def test_a_family_is_said_as_a_family():
    call = ExerciseCall(
        "deadlift", 0.5, "recognised", "", "Conventional deadlift", ("dumbbell_deadlift",)
    )
    text = describe_exercise(call, AnalysisParams())["text"]
    assert text.startswith("Conventional deadlift or Dumbbell or kettlebell deadlift")
    assert "cannot be told" in text


def test_serve_settings_pass_the_config_to_live_workers(tmp_path):
    config = tmp_path / "coach.toml"
    config.write_text("[faults]\nsquat_index = 0.8\n", encoding="utf-8")
    settings = WebSettings(data_dir=tmp_path / "sets", config_path=config, exercise="band_hinge")
    params = live_analysis_params(settings)
    assert params.faults.squat_index == 0.8
    worker = LiveWorker(lambda: ReplayEstimator([]), None, settings.exercise, None, params)
    worker.start()
    assert worker.session.analyzer.params.faults.squat_index == 0.8
    assert worker.session.analyzer.exercise.id == "band_hinge"
