"""How a video is cut into runs of frames for the pose workers (no pose here)."""

import subprocess
import sys

import pytest

from hingecoach.analysis.parallel import FrameRun, ParallelParams, available_cores, plan_runs
from hingecoach.errors import InputError


def test_runs_cover_every_frame_once_in_order_with_a_lead_in():
    params = ParallelParams(overlap_s=1.0, min_chunk_s=10.0, worker_start_s=0.0)
    runs = plan_runs(3000, 3, fps=30.0, params=params)
    # The first run (in this process) also gets the 30 frames of lead-in the others track.
    assert [(run.first, run.stop) for run in runs] == [(0, 1020), (1020, 2010), (2010, 3000)]
    assert runs[0].lead_in == 0  # the first run starts where the video does
    assert [run.first - run.lead_in for run in runs[1:]] == [30, 30]  # 1 s at 30 fps


def test_a_short_video_gets_fewer_runs_than_workers():
    params = ParallelParams(min_chunk_s=10.0)
    assert len(plan_runs(25 * 30, 8, fps=30.0, params=params)) == 2  # 25 s: two 12.5 s runs
    assert plan_runs(9 * 30, 2, fps=30.0, params=params) == [FrameRun(0, 0, 270)]


def test_the_lead_in_never_reaches_before_the_first_frame():
    params = ParallelParams(overlap_s=2.0, min_chunk_s=0.1, worker_start_s=0.0)
    runs = plan_runs(40, 4, fps=30.0, params=params)
    assert [run.lead_in for run in runs] == [0, 0, 0, 0]
    # The first run's head start is capped at one run's share (10 frames).
    assert [run.stop for run in runs] == [18, 25, 32, 40]


def test_an_unknown_frame_rate_is_taken_as_30_fps():
    params = ParallelParams(overlap_s=1.0, min_chunk_s=10.0, worker_start_s=0.0)
    runs = plan_runs(600, 2, fps=0.0, params=params)
    assert runs[1] == FrameRun(285, 315, 600)  # 30-frame lead-in, head start 30 frames


def test_the_first_run_is_longer_by_the_workers_start_up_and_lead_in():
    # 888 frames at 29.97 fps (the scale benchmark's video), the default 1 s lead-in and
    # 1.5 s start-up: the worker tracks 30 lead-in frames and starts 45 frames late.
    runs = plan_runs(888, 2, fps=29.97, params=ParallelParams())
    own, worker = runs
    assert (own.first, own.lead_in, worker.lead_in) == (0, 0, worker.first - 30)
    assert abs(own.stop - own.first - (worker.stop - worker.first) - 75) <= 1  # rounding
    assert own.stop == worker.first and worker.stop == 888


def test_one_run_has_no_head_start():
    assert plan_runs(100, 1, fps=30.0) == [FrameRun(0, 0, 100)]


def test_nonsense_is_refused_in_one_sentence():
    with pytest.raises(InputError, match="at least one frame"):
        plan_runs(0, 2, fps=30.0)
    with pytest.raises(InputError, match=">= 0"):
        ParallelParams(overlap_s=-1.0)
    with pytest.raises(InputError, match=">= 0"):
        ParallelParams(worker_start_s=-0.5)


def test_available_cores_is_at_least_one():
    assert available_cores() >= 1


def test_a_pose_worker_does_not_import_what_only_the_analysis_needs():
    # A spawned pose worker imports this module to unpickle its job; scipy.signal (about a
    # second of CPU) is for the zero-phase filter, which only the parent's analysis runs.
    code = (
        "import sys, hingecoach.analysis.parallel; "
        "print(sorted(m for m in ('scipy.signal', 'mediapipe') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
