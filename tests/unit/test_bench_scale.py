"""The scale benchmark's table: rounds' medians, the ceiling row, the optional full batch."""

import pytest
from benchmarks import scale


def _batch(clips: int, overhead: float) -> dict:
    return {
        "clips": [f"c{k}.mp4" for k in range(clips)], "frames": 100 * clips,
        "ray_local_seconds": 11.0, "ray_startup_seconds": 1.0, "pool_seconds": 10.0,
        "ray_overhead": overhead, "ray_overhead_after_startup": overhead / 2,
        "pool_fps_per_worker": 20.0, "bare_mediapipe_fps": 30.0,
        "fps_per_worker_over_bare": 0.67, "meta": _META,
    }  # fmt: skip


_META = {"date": "d", "git_commit": "c", "cpu_count": 2,
         "load_average_1min_start": 1, "load_average_1min_end": 2}  # fmt: skip
_RESULT = {
    "workers": {
        "input": "x", "frames": 888, "seconds_1_worker": 30.0, "seconds_2_workers": 20.0,
        "speedup": 1.5, "speedups": [1.4, 1.5, 1.8], "bare_speedup": 1.9,
        "bare_speedups": [2.0, 1.9, 1.7], "meta": _META,
    },
    "batch": _batch(16, 0.163),
    "memory": {"duration_s": [60, 180], "peak_rss_mb": [800, 800], "slope_mb_per_min": 0.0,
               "extrapolated_10min_mb": 800, "meta": _META},
}  # fmt: skip


def test_the_table_gives_the_rounds_and_the_ceiling_and_the_full_batch_only_when_run():
    table = scale._table(_RESULT)
    assert "**1.50×** (median of 1.40, 1.50, 1.80)" in table
    assert "1.90× (median of 2.00, 1.90, 1.70)" in table
    assert "batch of 16 clips" in table and "batch of 35 clips" not in table
    table = scale._table({**_RESULT, "batch_all": _batch(35, 0.075)})
    assert "batch of 35 clips" in table and "**+7.5%**" in table
    assert "batch_all: d at c" in table


def test_an_unknown_part_is_refused_before_anything_runs():
    with pytest.raises(SystemExit, match="unknown part"):
        scale.run_scale(("workers", "everything"))
