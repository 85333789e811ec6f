"""`hingecoach demo` and `hingecoach report`: a synthetic set's report, opened in Chromium."""

import json

from tests.fixtures.cli import run_hingecoach
from tests.fixtures.report_browser import open_report

REPORT_FILES = {"report.html", "analysis.json", "kinematics.csv", "markers.trc", "frames.npz"}


def test_demo_leaves_a_report_that_opens_in_chromium(tmp_path):
    done = run_hingecoach(
        "demo", "--fault", "rounded_back", "--reps", "3", cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "hingecoach-demo-report"
    assert str((folder / "report.html").resolve()) in done.stdout.replace("\n", "")
    assert {p.name for p in folder.iterdir()} == REPORT_FILES  # no video → no overlay
    summary = json.loads((folder / "analysis.json").read_text())
    check = open_report(folder / "report.html", tmp_path / "demo-report.png")
    assert check.console_errors == []
    # hip, knee, trunk, tape; with reps also the low-back moment and compression
    assert check.plots == 4 + (2 if summary["rep_count"] else 0)
    assert check.key_frames == check.key_frames_loaded == summary["rep_count"] == 3
    assert check.rep_count_text == "3"
    assert (tmp_path / "demo-report.png").stat().st_size > 10_000


def test_report_command_rerenders_from_the_saved_data(tmp_path, demo_report_2_reps):
    folder = tmp_path / "rep"
    demo_report_2_reps.copy_to(folder, tmp_path / "set.json")  # the session's demo run
    first = (folder / "report.html").read_text()
    (folder / "report.html").unlink()
    done = run_hingecoach("report", str(folder / "analysis.json"), cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (folder / "report.html").read_text() == first


def test_report_command_refuses_a_folder_without_data_in_one_sentence(tmp_path):
    done = run_hingecoach("report", str(tmp_path / "analysis.json"), cwd=tmp_path, timeout=300)
    assert done.returncode == 2
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr
