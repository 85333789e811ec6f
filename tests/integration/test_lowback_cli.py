"""The low-back load at the command line: `body` once, then the person's figures are used."""

import functools

import pytest

from hingecoach.analysis.lowback import with_person_load
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.params import AnalysisParams
from hingecoach.cli.lowback import person_for_analysis, summary_line
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.store.sets import SetStore
from tests.fixtures.cli import run_hingecoach


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


@functools.cache
def _result():
    from hingecoach.synthetic import synthetic_session

    session = synthetic_session(n_reps=2, fps=15.0, image_size=(640, 360))
    series = LandmarkSeries.from_pose_frames(session.frames)
    return analyze_landmarks(series, model_name="synthetic", exercise="dumbbell_rdl")


def _person(db, **options):
    settings = {"body_mass_kg": None, "height_m": None, "load_kg": None, "profile": "ana"}
    settings.update(options)
    return person_for_analysis(AnalysisParams(), db=db, use_store=True, **settings)


def _estimate(db, **options):
    # The step the analysis ends with (analyze_landmarks(..., person=...)), on a cached result.
    return with_person_load(_result(), _person(db, **options), AnalysisParams()).lowback


def test_body_is_entered_once_and_used(db):
    run = run_hingecoach(
        "body",
        "--mass-kg",
        "62",
        "--height-m",
        "1.64",
        "--db",
        db,
        "--profile",
        "ana",
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "body mass 62 kg, height 1.64 m" in run.stdout
    lowback = _estimate(db, load_kg=10.0)
    assert (lowback.body.mass_kg, lowback.body.height_m) == (62.0, 1.64)
    assert not lowback.body.mass_assumed
    assert not any("Assumed" in flag or "Load" in flag for flag in lowback.flags)
    # The options override what was entered.
    assert _estimate(db, body_mass_kg=90.0, load_kg=10.0).body.mass_kg == 90.0


def test_missing_body_is_assumed_and_unknown_load_flagged(db):
    lowback = _estimate(db)
    assert lowback.body.mass_assumed and lowback.load.source == "unknown"
    line = summary_line(with_person_load(_result(), _person(db), AnalysisParams()))
    assert "N·m at L5/S1" in line and "Load unknown" in line and "Assumed body mass" in line
    assert "not a verdict" in line


def test_the_logged_load_of_the_variant_is_used(db):
    store = SetStore.open(db)
    try:
        store.save_set({"rep_count": 8}, "log", "ana", variant="dumbbell_rdl", load_kg=16.0)
    finally:
        store.close()
    lowback = _estimate(db)
    assert (lowback.load.load_kg, lowback.load.source) == (16.0, "logged")
    heavier = lowback.reps[0].moment_nm.estimate
    assert heavier > _estimate(db, load_kg=0.0).reps[0].moment_nm.estimate


def test_body_refuses_an_impossible_height_in_one_sentence(db):
    run = run_hingecoach("body", "--height-m", "175", "--db", db, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_analyze_refuses_an_impossible_body_mass_in_one_sentence(tmp_path):
    run = run_hingecoach("analyze", str(tmp_path / "x.mp4"), "--body-mass-kg", "5", timeout=60)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 2 and len(lines) == 1 and "Traceback" not in run.stderr
    assert "--body-mass-kg" in lines[0]


def test_analyze_gives_the_person_to_the_analysis_and_writes_the_same_json(
    db, tmp_path, monkeypatch
):
    """`analyze` resolves the body and load first; the analysis estimates the load once."""
    import json

    from typer.testing import CliRunner

    import hingecoach.analysis.video as video_module
    from hingecoach.analysis.exercise import given_profile
    from hingecoach.analysis.lowback import with_lowback_load
    from hingecoach.cli.app import app
    from hingecoach.export.json_export import session_to_dict
    from hingecoach.lowback.anthropometry import BodyInputs
    from tests.fixtures.media import noise_frames, write_video

    series = _result().landmarks
    people = []

    def analyze_video(path, *, params=None, exercise="auto", person=None, **_):
        people.append(person)  # pose stands aside: the synthetic set's landmarks instead
        return analyze_landmarks(
            series, model_name="synthetic", params=params, exercise=exercise, person=person
        )

    monkeypatch.setattr(video_module, "analyze_video", analyze_video)
    # The body mass entered once; a logged load that the given one must override.
    run_hingecoach("body", "--mass-kg", "62", "--db", db, "--profile", "ana", timeout=60)
    store = SetStore.open(db)
    try:
        store.save_set({"rep_count": 8}, "log", "ana", variant="dumbbell_rdl", load_kg=16.0)
    finally:
        store.close()
    video = write_video(tmp_path / "set.mp4", noise_frames(10, 64, 48))
    out = tmp_path / "set.json"
    options = ["--height-m", "1.64", "--load-kg", "12", "--db", db, "--profile", "ana"]
    run = CliRunner().invoke(
        app, ["analyze", str(video), "--exercise", "dumbbell_rdl", "--json", str(out), *options]
    )
    assert run.exit_code == 0, run.output
    assert len(people) == 1 and people[0].body == BodyInputs.of(62.0, 1.64)
    assert people[0].load_kg == 12.0 and people[0].logged_kg == ()  # given: no look-up
    written = json.loads(out.read_text())
    # What the two steps (an assumed body in the analysis, then the person's) wrote before.
    before = session_to_dict(
        with_lowback_load(
            _result(),
            BodyInputs.of(62.0, 1.64),
            given_profile("dumbbell_rdl", AnalysisParams()),
            given_kg=12.0,
        )
    )
    before = json.loads(json.dumps(before))
    assert written["lowback_load_model"] == before["lowback_load_model"]
    assert written["lowback_load_model"]["load"]["source"] == "given"
    assert [r["lowback_load"] for r in written["reps"]] == [
        r["lowback_load"] for r in before["reps"]
    ]
