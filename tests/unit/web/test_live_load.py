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


def test_the_live_page_uses_the_body_entered_once(tmp_path, monkeypatch):
    from hingecoach.store.db import DB_ENV
    from hingecoach.store.sets import SetStore, default_profile
    from hingecoach.web.live_load import stored_body
    from hingecoach.web.program_routes import web_db_url

    monkeypatch.setenv(DB_ENV, f"sqlite:///{tmp_path / 'own.db'}")  # this test's own store
    assert stored_body(tmp_path).mass_assumed  # nothing entered yet
    store = SetStore.open(web_db_url(tmp_path))
    try:
        store.set_body_measures(default_profile(), body_mass_kg=58.0, height_m=1.6)
    finally:
        store.close()
    body = stored_body(tmp_path)
    assert (body.mass_kg, body.height_m, body.mass_assumed) == (58.0, 1.6, False)
    assert stored_body(None).mass_assumed


def test_live_and_offline_use_the_same_person(synthetic_session_factory):
    from hingecoach.lowback.anthropometry import BodyInputs
    from hingecoach.lowback.session import PersonInputs

    session = synthetic_session_factory("none", n_reps=2)
    person = PersonInputs(BodyInputs.of(62.0, 1.64), 12.0)
    analyzer = StreamingAnalyzer(exercise="dumbbell_rdl")
    live = {}
    for frame in session.frames:
        for form in analyzer.update(frame).forms:
            live[form.index] = live_rep_load(analyzer, form.index, session.image_size, person)
    for form in analyzer.judge_remaining():
        live[form.index] = live_rep_load(analyzer, form.index, session.image_size, person)
    series = LandmarkSeries.from_pose_frames(session.frames)
    offline = analyze_landmarks(series, model_name="t", exercise="dumbbell_rdl", person=person)
    assert sorted(live) == [rep.index for rep in offline.lowback.reps] == [1, 2]
    for rep in offline.lowback.reps:
        assert live[rep.index]["inputs"]["load_source"] == "given"
        assert live[rep.index]["inputs"]["body_mass_kg"] == 62.0
        figure = live[rep.index]["compression_n"]["estimate"]
        assert figure == pytest.approx(rep.compression_n.estimate, rel=0.10)


def test_the_live_page_finds_the_logged_loads(tmp_path, monkeypatch):
    from hingecoach.store.db import DB_ENV
    from hingecoach.store.sets import SetStore, default_profile
    from hingecoach.web.live_load import stored_person
    from hingecoach.web.program_routes import web_db_url

    monkeypatch.setenv(DB_ENV, f"sqlite:///{tmp_path / 'own.db'}")
    store = SetStore.open(web_db_url(tmp_path))
    try:
        store.save_set({"rep_count": 8}, "log", default_profile(), variant="deadlift", load_kg=40.0)
    finally:
        store.close()
    person = stored_person(tmp_path, ("dumbbell_rdl", "deadlift"))
    assert person.logged_kg == (("deadlift", 40.0),) and person.load_kg is None
    assert person.load("deadlift", True).source == "logged"
    assert stored_person(None, ("deadlift",)).logged_kg == ()
