"""The report's low-back load plots and section."""

import json

from hingecoach.report.html import render_report_html
from hingecoach.report.lowback_plot import compute_lowback_caption, compute_lowback_specs


def test_one_bar_per_rep_with_its_range_and_the_close_comparison(report_data):
    summary = report_data.summary
    moment, compression = compute_lowback_specs(summary)
    assert (moment["id"], compression["id"]) == ("plot-lowback-moment", "plot-lowback-compression")
    seen, close = moment["data"]
    assert seen["x"] == [f"Rep {rep['index']}" for rep in summary["reps"]]
    for k, rep in enumerate(summary["reps"]):
        figure = rep["lowback_load"]["moment_nm"]
        assert seen["y"][k] == round(figure["estimate"], 1)
        assert abs(seen["y"][k] + seen["error_y"]["array"][k] - figure["high"]) < 0.11
        assert abs(seen["y"][k] - seen["error_y"]["arrayminus"][k] - figure["low"]) < 0.11
        assert close["y"][k] <= seen["y"][k] + 0.1
    # The reference line is context, said so on the plot.
    (note,) = compression["layout"]["annotations"]
    assert "context only" in note["text"]


def test_no_estimate_no_plot():
    assert compute_lowback_specs({"reps": [{"index": 1}]}) == []
    assert compute_lowback_caption({"reps": []}) is None


def test_the_report_has_the_section_with_its_flags(report_data):
    html = render_report_html(report_data, [], title="t")
    assert 'id="lowback"' in html and 'id="plot-lowback-moment"' in html
    assert "not a verdict on safety" in html
    # The synthetic set's body is assumed and its load unknown: both are said.
    assert "(assumed: not entered)" in html and "Load unknown" in html
    specs = json.loads(html.split("const HINGE_PLOTS = ")[1].split(";\n")[0])
    assert "plot-lowback-compression" in {spec["id"] for spec in specs}
