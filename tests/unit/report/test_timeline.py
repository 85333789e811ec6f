import numpy as np

from hingecoach.report.timeline import (
    compute_reps_done,
    detect_active_faults,
    detect_key_frames,
)

REPS = [
    {"index": 1, "start_s": 0.5, "bottom_s": 1.5, "end_s": 2.5, "faults": [{"code": "squatting"}]},
    {"index": 2, "start_s": 3.0, "bottom_s": 4.0, "end_s": 5.0, "faults": []},
]


def test_reps_done_counts_completed_reps():
    t_s = np.array([0.0, 2.4, 2.5, 4.0, 5.1])
    assert compute_reps_done(t_s, REPS).tolist() == [0, 0, 1, 1, 2]
    assert compute_reps_done(t_s, []).tolist() == [0] * 5


def test_fault_labels_show_from_the_bottom_until_after_the_rep():
    assert detect_active_faults(1.0, REPS) == []
    assert detect_active_faults(1.5, REPS) == ["squatting"]
    assert detect_active_faults(3.4, REPS) == ["squatting"]
    assert detect_active_faults(3.6, REPS) == []
    assert detect_active_faults(4.5, REPS) == []


def test_key_frames_are_nearest_the_bottoms():
    t_s = np.arange(0, 6, 0.25)
    assert detect_key_frames(t_s, REPS) == [6, 16]
    assert detect_key_frames(np.array([]), REPS) == []
