"""The program commands end to end, and bad input: one sentence on stderr and exit code 2."""

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.cli.app import app
from hingecoach.cli.program import store_analysis
from hingecoach.export.json_export import session_to_dict
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.store.sets import SetStore
from tests.fixtures.cli import run_hingecoach


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


def cli(*args, timeout=60):
    return run_hingecoach(*args, timeout=timeout)


def assert_one_sentence_exit_2(run, starts):
    assert run.returncode == 2, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in run.stderr
    assert lines[0].startswith(f"hingecoach: {starts}")


@pytest.mark.parametrize("rating", ["11", "-1", "three"])
def test_pain_off_the_scale(db, rating):
    assert_one_sentence_exit_2(cli("pain", rating, "--db", db), "Pain is rated from 0")


def test_broken_import_file(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "hingecoach.export/1", "sets": [')
    assert_one_sentence_exit_2(cli("import", str(broken), "--db", db), str(broken))


def test_locked_database(tmp_path):
    path = tmp_path / "locked.db"
    SetStore.open(f"sqlite:///{path}").close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        run = cli("pain", "2", "--db", f"sqlite:///{path}")
    finally:
        holder.rollback()
        holder.close()
    assert_one_sentence_exit_2(run, "The database sqlite:///")
    assert "locked by another program" in run.stderr


def test_a_bad_database_url(tmp_path):
    run = cli("today", "--db", "nosuchdb://x")
    assert_one_sentence_exit_2(run, "'nosuchdb://x' is not a database URL")


def in_process(*args):
    """Run a command in this process (the flow needs no fresh interpreter per step)."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_check_in_log_today_history_export_import_delete(db, tmp_path):
    out = in_process("pain", "2", "--when", "before", "--db", db, "--profile", "ana")
    assert "acceptable 0-3 range" in out
    out = in_process("log", "--variant", "bodyweight_hinge", "--reps", "10", "--sets", "2",
                     "--db", db, "--profile", "ana")
    assert "Logged 2 × 10" in out
    out = in_process("today", "--db", db, "--profile", "ana")
    assert "step 1 of 5" in out and "count as practice" in out
    assert "Washing your face" in out and "hamstrings" in out
    page = tmp_path / "history.html"
    out = in_process("history", "--html", str(page), "--db", db, "--profile", "ana")
    assert "History of ana" in out and "before 2" in out
    html = page.read_text()
    assert "Plotly.newPlot" in html and "Form score" in html and "History of ana" in html
    export = tmp_path / "ana.json"
    in_process("export", "--out", str(export), "--db", db, "--profile", "ana")
    assert len(json.loads(export.read_text())["sets"]) == 2
    out = in_process("import", str(export), "--db", db, "--profile", "ben")
    assert "Imported 3 sets and check-ins into ben" in out
    in_process("delete-all", "--yes", "--db", db, "--profile", "ana")
    store = SetStore.open(db)
    assert store.profiles() == ["ben"] and len(store.sets("ben")) == 2


def test_red_flag_stops_today(db):
    run = cli("pain", "1", "--flag", "saddle_numbness", "--db", db)
    assert run.returncode == 0 and "seek medical care now" in run.stdout
    run = cli("today", "--db", db)
    assert "seek medical care now" in run.stdout and "Set-up" not in run.stdout


def test_analyze_stores_its_set(db, synthetic_session_factory):
    session = synthetic_session_factory("none", n_reps=4)
    result = analyze_landmarks(LandmarkSeries.from_pose_frames(session.frames),
                               model_name="synthetic-hinge-model")
    message = store_analysis(session_to_dict(result), db, "ana", 15.0)
    assert message.startswith("Saved to your history")
    (row,) = SetStore.open(db).sets("ana")
    assert (row.source, row.rep_count, row.load_kg) == ("cli", 4, 15.0)
    assert row.score == pytest.approx(result.form.score, abs=0.01)
    assert "Not saved" in store_analysis(session_to_dict(result), "nosuchdb://x", None, None)


def test_serve_with_a_bad_database_url_is_one_sentence():
    run = cli("serve", "--db", "nosuchdb://x", "--port", "1")
    assert_one_sentence_exit_2(run, "'nosuchdb://x' is not a database URL")
