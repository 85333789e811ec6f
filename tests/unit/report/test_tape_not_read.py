"""No reading is not zero: null + reason in the JSON, grey "not read" in drawings and plots."""

import dataclasses
import json

import numpy as np
import pytest

from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.export.json_export import session_to_dict, write_json
from hingecoach.form.findings import FaultCode
from hingecoach.form.tape import NO_OUTLINE, TapeState
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.report.data import load_report_data, report_data_from_result, save_report_data
from hingecoach.report.draw import TAPE_COLOURS_BGR
from hingecoach.report.overlay import _draw_pose, _tape_state
from hingecoach.report.plots import compute_plot_specs
from hingecoach.report.timeline import detect_key_frames
from hingecoach.synthetic.silhouette import measure_synthetic_contours


@pytest.fixture(scope="module")
def read_result(synthetic_session_factory):
    """A good synthetic set with its silhouette: the tape is read."""
    session = synthetic_session_factory("none", n_reps=2, fps=15.0, image_size=(640, 360))
    contours, lines = measure_synthetic_contours(session)
    series = LandmarkSeries.from_pose_frames(session.frames)
    result = analyze_landmarks(series, model_name="t", contours=contours)
    return dataclasses.replace(result, tape_line_xy_px=lines[0])


def test_json_holds_null_and_the_reason_and_round_trips(synthetic_result, read_result, tmp_path):
    # The report fixture has no silhouette: nothing can be read.
    path = tmp_path / "set.json"
    write_json(path, synthetic_result)
    loaded = json.loads(path.read_text())
    assert loaded == json.loads(json.dumps(session_to_dict(synthetic_result)))
    for rep in loaded["reps"]:
        assert rep["tape"]["peak_pct"] is None  # null, never 0
        assert rep["tape"]["reason"] == NO_OUTLINE
        assert all(f["code"] != "rounded_back" for f in rep["faults"])
    unchecked = {item["code"]: item["reason"] for item in loaded["not_checked"]}
    assert unchecked[FaultCode.ROUNDED_BACK.value] == NO_OUTLINE
    assert "upper_back_note" in loaded
    # A read tape: a number and no reason.
    read = json.loads(json.dumps(session_to_dict(read_result)))
    assert all(isinstance(rep["tape"]["peak_pct"], float) for rep in read["reps"])
    assert all(rep["tape"]["reason"] is None for rep in read["reps"])
    # Saved and loaded back with the report folder, unchanged.
    data = report_data_from_result(synthetic_result)
    save_report_data(tmp_path / "report", data)
    assert load_report_data(tmp_path / "report" / "analysis.json").summary == data.summary


def _drawn(data, index):
    canvas = np.full((data.image_size[1], data.image_size[0], 3), 0, dtype=np.uint8)
    _draw_pose(canvas, data, index, _tape_state(data, index))
    return canvas


def _has(canvas, colour):
    return bool(np.all(canvas == np.array(colour, dtype=np.uint8), axis=-1).any())


def test_the_tape_line_is_drawn_grey_when_not_read(read_result):
    data = report_data_from_result(read_result)
    assert data.tape_line_xy_px.shape[1] == 8  # the lumbar stations only: the lower back
    bottom = detect_key_frames(data.t_s, data.summary["reps"])[0]
    assert _tape_state(data, bottom) is TapeState.NEUTRAL
    assert _has(_drawn(data, bottom), TAPE_COLOURS_BGR[TapeState.NEUTRAL])
    unread = dataclasses.replace(data, tape_pct=np.full(data.n_frames, np.nan))
    canvas = _drawn(unread, bottom)
    assert _tape_state(unread, bottom) is TapeState.NOT_READ
    assert _has(canvas, TAPE_COLOURS_BGR[TapeState.NOT_READ])
    assert not _has(canvas, TAPE_COLOURS_BGR[TapeState.NEUTRAL])  # never green


def test_tape_plot_says_not_read_and_carries_only_tape_faults(report_data):
    specs = {spec["id"]: spec for spec in compute_plot_specs(report_data)}
    tape = specs["plot-tape_pct"]
    labels = tape["layout"]["annotations"]
    assert len(labels) == len(report_data.summary["reps"]) == 2
    assert all(label["text"] == "not read" and label["hovertext"] == NO_OUTLINE for label in labels)
    assert all(v is None for v in tape["data"][0]["y"])  # a gap, not a flat 0 line
    # The squatting set's fault crosses go on the knee plot (where squatting is judged),
    # not on the tape's.
    assert len(specs["plot-knee_flexion_deg"]["data"]) == 2
    assert len(tape["data"]) == 1
