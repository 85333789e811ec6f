"""How a video is cut into runs of frames for the pose workers (no pose here)."""

import pytest

from hingecoach.analysis.parallel import FrameRun, ParallelParams, available_cores, plan_runs
from hingecoach.errors import InputError


def test_runs_cover_every_frame_once_in_order_with_a_lead_in():
    runs = plan_runs(3000, 3, fps=30.0, params=ParallelParams(overlap_s=1.0, min_chunk_s=10.0))
    assert [(run.first, run.stop) for run in runs] == [(0, 1000), (1000, 2000), (2000, 3000)]
    assert runs[0].lead_in == 0  # the first run starts where the video does
    assert [run.first - run.lead_in for run in runs[1:]] == [30, 30]  # 1 s at 30 fps


def test_a_short_video_gets_fewer_runs_than_workers():
    params = ParallelParams(min_chunk_s=10.0)
    assert len(plan_runs(25 * 30, 8, fps=30.0, params=params)) == 2  # 25 s: two 12.5 s runs
    assert plan_runs(9 * 30, 2, fps=30.0, params=params) == [FrameRun(0, 0, 270)]


def test_the_lead_in_never_reaches_before_the_first_frame():
    runs = plan_runs(40, 4, fps=30.0, params=ParallelParams(overlap_s=2.0, min_chunk_s=0.1))
    assert [run.lead_in for run in runs] == [0, 0, 0, 0]
    assert [run.stop for run in runs] == [10, 20, 30, 40]


def test_an_unknown_frame_rate_is_taken_as_30_fps():
    runs = plan_runs(600, 2, fps=0.0, params=ParallelParams(overlap_s=1.0, min_chunk_s=10.0))
    assert runs[1] == FrameRun(270, 300, 600)


def test_nonsense_is_refused_in_one_sentence():
    with pytest.raises(InputError, match="at least one frame"):
        plan_runs(0, 2, fps=30.0)
    with pytest.raises(InputError, match=">= 0"):
        ParallelParams(overlap_s=-1.0)


def test_available_cores_is_at_least_one():
    assert available_cores() >= 1
