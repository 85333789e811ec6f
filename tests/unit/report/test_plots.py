import json

import numpy as np

from hingecoach.report.draw import fault_label
from hingecoach.report.plots import (
    CHANNELS,
    compute_fault_markers,
    compute_plot_specs,
    compute_plot_values,
    compute_rep_shapes,
    specs_to_script_json,
)

REPS = [
    {"index": 1, "start_s": 0.0, "bottom_s": 0.5, "end_s": 1.0, "faults": [{"code": "rushing"}]},
    {"index": 2, "start_s": 1.0, "bottom_s": 1.5, "end_s": 2.0, "faults": []},
]


def test_plot_values_turn_nan_into_gaps():
    assert compute_plot_values(np.array([1.234, np.nan, np.inf])) == [1.23, None, None]


def test_rep_shapes_span_each_rep():
    shapes = compute_rep_shapes(REPS)
    assert [(s["x0"], s["x1"]) for s in shapes] == [(0.0, 1.0), (1.0, 2.0)]
    assert all(s["yref"] == "paper" for s in shapes)


def test_fault_markers_sit_at_the_bottom_of_faulty_reps():
    t_s = np.linspace(0, 2, 5)
    trace = compute_fault_markers(t_s, t_s * 10, REPS)
    assert trace["x"] == [0.5] and trace["y"] == [5.0]
    assert trace["hovertext"] == ["Rep 1: Lowering too fast"]
    assert trace["text"] == ["1"]  # the rep number is printed beside the cross
    assert compute_fault_markers(t_s, t_s, REPS[1:]) is None


def test_each_fault_is_marked_on_the_plot_it_is_judged_from():
    t_s = np.linspace(0, 2, 5)
    reps = [
        {
            "index": 1,
            "start_s": 0.0,
            "bottom_s": 0.5,
            "end_s": 1.0,
            "faults": [{"code": "rounded_back"}, {"code": "squatting"}, {"code": "rushing"}],
        }
    ]
    marked = {
        channel.key: compute_fault_markers(t_s, t_s, reps, channel=channel.key)
        for channel in CHANNELS
    }
    assert marked["tape_pct"]["hovertext"] == ["Rep 1: " + fault_label("rounded_back")]
    assert marked["knee_flexion_deg"]["hovertext"] == ["Rep 1: " + fault_label("squatting")]
    assert marked["hip_flexion_deg"]["hovertext"] == ["Rep 1: " + fault_label("rushing")]
    assert marked["trunk_inclination_deg"] is None


def test_specs_cover_the_four_channels(report_data):
    specs = compute_plot_specs(report_data)
    assert [s["id"] for s in specs] == [f"plot-{c.key}" for c in CHANNELS]
    reps = report_data.summary["reps"]
    for spec in specs:
        assert len(spec["data"][0]["x"]) == report_data.n_frames
        assert len([s for s in spec["layout"]["shapes"] if s["type"] == "rect"]) == len(reps)
    hip = specs[0]["data"][0]["y"]
    assert max(v for v in hip if v is not None) > 40
    assert any(s["type"] == "line" for s in specs[3]["layout"]["shapes"])  # rounded threshold
    json.dumps(specs, allow_nan=False)


def test_script_json_cannot_close_the_script_element():
    text = specs_to_script_json([{"id": "</script><b>"}])
    assert "</" not in text and json.loads(text) == [{"id": "</script><b>"}]
