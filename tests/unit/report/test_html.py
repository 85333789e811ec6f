import re

from hingecoach.report.html import compute_fault_summary, compute_rep_rows, render_report_html


def fault(code, cue="cue"):
    return {"code": code, "severity": 1.0, "confidence": 1.0, "cue": cue}


def test_fault_summary_puts_set_faults_first_then_by_count():
    summary = {
        "set_faults": ["squatting"],
        "reps": [
            {"index": 1, "faults": [fault("rushing"), fault("squatting", "Hips back.")]},
            {"index": 2, "faults": [fault("rushing")]},
            {"index": 3, "faults": [fault("squatting", "Hips back.")]},
            {"index": 4, "faults": [fault("too_deep")]},
        ],
    }
    result = compute_fault_summary(summary)
    assert [f["code"] for f in result] == ["squatting", "rushing", "too_deep"]
    assert result[0] == {
        "code": "squatting",
        "label": "Squatting instead of hinging",
        "cue": "Hips back.",
        "reps": 2,
        "rep_numbers": [1, 3],
        "on_most_reps": True,
    }


def test_rep_rows_carry_fault_labels(report_data):
    rows = compute_rep_rows(report_data.summary)
    assert len(rows) == report_data.summary["rep_count"]
    assert all(isinstance(row["faults"], list) for row in rows)


def test_page_is_self_contained(report_data):
    page = render_report_html(report_data, ["AAAA", "BBBB"], title="A <title>")
    assert "A &lt;title&gt;" in page
    assert not re.search(r"<script[^>]+src=", page)  # plotly.js embedded, no CDN
    assert "Plotly.newPlot" in page and "data:image/jpeg;base64,AAAA" in page
    assert "not a medical assessment" in page
    assert "<video" not in page


def test_page_says_the_exercise_and_how_sure(report_data):
    page = render_report_html(report_data, [], title="t")
    exercise = re.search(r'<div class="card" id="exercise">(.*?)</div></div>', page).group(1)
    summary = report_data.summary
    assert summary["exercise_name"] in exercise
    assert summary["exercise_source"] == "recognised" and "recognised," in exercise
    assert f"{round(summary['exercise_confidence'] * 100)} % sure" in exercise
