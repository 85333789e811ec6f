import numpy as np

from hingecoach.form.explain import Phase, explain_fault
from hingecoach.form.measures import LOCKOUT_WINDOW_S
from hingecoach.report.data import report_data_from_result
from hingecoach.report.timeline import (
    MIN_SHOW_S,
    compute_reps_done,
    detect_active_faults,
    detect_key_frames,
    detect_verdict,
)
from tests.fixtures.all_faults import all_faults_result

REPS = [
    {"index": 1, "start_s": 0.5, "bottom_s": 1.5, "end_s": 2.5, "faults": [{"code": "squatting"}]},
    {"index": 2, "start_s": 3.6, "bottom_s": 4.0, "end_s": 5.0, "faults": []},
]


def test_reps_done_counts_completed_reps():
    t_s = np.array([0.0, 2.4, 2.5, 4.0, 5.1])
    assert compute_reps_done(t_s, REPS).tolist() == [0, 0, 1, 1, 2]
    assert compute_reps_done(t_s, []).tolist() == [0] * 5


def test_a_verdict_shows_from_the_reps_end_until_the_next_rep_starts():
    assert detect_active_faults(1.5, REPS) == []  # at the bottom: not judged yet
    assert detect_active_faults(2.49, REPS) == []
    assert detect_active_faults(2.5, REPS) == ["squatting"]
    assert detect_verdict(2.9, REPS) == (1, ["squatting"])
    assert detect_active_faults(3.59, REPS) == ["squatting"]
    assert detect_active_faults(3.6, REPS) == []  # rep 2 has begun
    assert detect_active_faults(4.5, REPS) == []


def test_a_lockout_fault_shows_only_after_the_lockout_second():
    reps = [
        {
            "index": 1,
            "start_s": 0.5,
            "bottom_s": 1.5,
            "end_s": 2.5,
            "faults": [{"code": "rounded_back"}, {"code": "incomplete_lockout"}],
        },
        {"index": 2, "start_s": 5.0, "bottom_s": 6.0, "end_s": 7.0, "faults": []},
    ]
    assert detect_active_faults(3.0, reps) == ["rounded_back"]
    assert detect_active_faults(2.5 + LOCKOUT_WINDOW_S, reps) == [
        "rounded_back",
        "incomplete_lockout",
    ]
    assert detect_active_faults(5.0, reps) == []


def test_a_verdict_stays_long_enough_to_read_when_the_next_rep_starts_at_once():
    reps = [dict(REPS[0]), {**REPS[1], "start_s": 2.6}]
    assert detect_verdict(2.5 + MIN_SHOW_S - 0.01, reps) == (1, ["squatting"])
    assert detect_verdict(2.5 + MIN_SHOW_S, reps) is None


def test_overlay_label_timing_on_a_synthetic_set(synthetic_session_factory):
    result = all_faults_result(synthetic_session_factory)
    data = report_data_from_result(result)
    reps = data.summary["reps"]
    seen: dict[tuple[int, str], list[float]] = {}
    for t in data.t_s:
        verdict = detect_verdict(float(t), reps)
        if verdict is not None:
            for code in verdict[1]:
                seen.setdefault((verdict[0], code), []).append(float(t))
    for number, rep in enumerate(reps):
        nxt = reps[number + 1]["start_s"] if number + 1 < len(reps) else np.inf
        for fault in rep["faults"]:
            times = seen[(rep["index"], fault["code"])]
            lockout = explain_fault(fault["code"]).phase is Phase.LOCKOUT
            judged = rep["end_s"] + (LOCKOUT_WINDOW_S if lockout else 0.0)
            assert min(times) >= judged and min(times) < judged + 0.05
            # Until the next rep starts, or for the least time to read it if that comes first.
            until = max(nxt, judged + MIN_SHOW_S)
            assert max(times) < until
            if np.isfinite(nxt):
                assert max(times) > until - 0.05


def test_key_frames_are_nearest_the_bottoms():
    t_s = np.arange(0, 6, 0.25)
    assert detect_key_frames(t_s, REPS) == [6, 16]
    assert detect_key_frames(np.array([]), REPS) == []
