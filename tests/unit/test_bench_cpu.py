"""The benchmarks' CPU sampler counts the CPU of the processes this one starts, by group."""

import multiprocessing
import sys
import time

import pytest
from benchmarks.cpu import CpuSampler, process_group

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_spawned_worker_s_cpu_is_counted_as_workers():
    context = multiprocessing.get_context("spawn")
    with CpuSampler(interval_s=0.1) as sampler:
        worker = context.Process(target=_spin, args=(1.0,))
        worker.start()
        worker.join()
    seconds = sampler.seconds()
    # 1 s of spinning plus the child's Python start-up; the last 0.1 s may be missed.
    assert seconds["workers"] >= 0.8
    assert seconds["self"] < seconds["workers"]


def test_ray_processes_are_told_apart_from_pool_workers():
    raylet = "/venv/lib/python3.11/site-packages/ray/core/src/ray/raylet/raylet --node"
    assert process_group("ray::IDLE", raylet) == "ray_workers"
    assert process_group("", raylet) == "ray_workers"  # not retitled yet
    assert process_group("ray::DashboardAgent", raylet) == "ray_system"
    assert process_group(raylet, "python -m benchmarks.scale") == "ray_system"
    assert process_group("python -c from multiprocessing.spawn import spawn_main", "python") == (
        "workers"
    )
    assert process_group("ffmpeg -i x.mp4", "python") == "other"
