"""Throughput and scale, measured once with every ratio taken within the same run.

- ``workers``: ``analyze_video`` end to end on one 30 s, 720p input (a clip looped) with 1
  and then 2 pose workers; the speed-up is the ratio of the wall-clock times. The CPU
  seconds of this process and of the pose workers are recorded beside them.
- ``batch``: the 16 shortest dev clips through ``hingecoach batch``'s runner, a local
  process pool and then a local Ray (both 2 workers, Ray's start-up included); Ray's
  overhead is its extra wall-clock time over the pool's. The CPU seconds of this process,
  the workers and Ray's own processes (:mod:`benchmarks.cpu`) say which part is Ray's
  fixed cost (its daemons and start-up, the same for any batch) and which is per video
  (the workers' CPU).
- ``fps_per_core``: the pool's frames per wall-clock second per worker, against the bare
  MediaPipe loop (full model with the mask, frames decoded into memory first, one
  process): the share of a core's pose speed the whole pipeline keeps.
- ``memory``: peak RSS of ``hingecoach analyze --workers 1`` on 1 and 3 minutes of a
  1080p clip looped (the lite model, to keep the run affordable); the slope between them
  extrapolates to a 10-minute video.

Inputs are written to a temporary folder (kept between runs, never in the repository).
The machine is shared, so absolute figures are noisy; the load average is recorded.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.ceiling import bare_ceiling
from benchmarks.cli_run import run_analyze_cli
from benchmarks.clips import CLIPS_DIR, load_manifest
from benchmarks.cpu import CpuSampler
from benchmarks.media import loop_video
from benchmarks.report import (
    RESULTS_DIR,
    finish_metadata,
    start_metadata,
    update_readme,
    write_result,
)

WORKERS_CLIP, WORKERS_LOOPS = "bichraix/good014.mp4", 8  # 111 frames × 8 ≈ 30 s
WORKERS_REPEATS = 3
MEMORY_CLIP, MEMORY_MINUTES = "mattiolato/good_000005.mp4", (1, 3)  # 1080p, 3.8 s
#: The shortest clips of the manifest (1653 frames, about a minute a runner on two cores):
#: enough for Ray's fixed start-up to be amortised as a real batch would, short enough to
#: measure both runners in one run (all 35 dev clips, 14 590 frames, take 16 minutes).
BATCH_CLIPS = 16
TARGET_SPEEDUP, TARGET_RAY_OVERHEAD, TARGET_10MIN_MB = 1.7, 0.10, 1024.0
INPUTS = Path(tempfile.gettempdir()) / "hingecoach-bench-scale"


def _looped(clip: str, times: int) -> Path:
    """The clip looped ``times`` times, made once into the temporary inputs folder."""
    INPUTS.mkdir(parents=True, exist_ok=True)
    target = INPUTS / f"{Path(clip).stem}_x{times}.mp4"
    if not target.exists():
        partial = target.with_suffix(".part.mp4")
        loop_video(CLIPS_DIR / clip, partial, times, preset="veryfast")
        partial.replace(target)
    return target


def _workers(path: Path) -> dict[str, Any]:
    from hingecoach.analysis.video import analyze_video

    # One warm-up analysis (the clip itself, 111 frames) before either is timed: MediaPipe,
    # the second-person check and SciPy imported, their graphs started once. The 2-worker
    # run tracks its first run in this process and must not be timed warm against a
    # 1-worker run timed cold.
    analyze_video(CLIPS_DIR / WORKERS_CLIP)
    seconds: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, dict[str, float]] = {}
    bare: list[dict[str, Any]] = []
    # 1, 2, bare, 1, 2, bare, ...: a swing of the machine's load hits the sides of a round
    # alike, and the median of the rounds' ratios is the figure (one round's ratio moved
    # by ±10 % from one run to the next on the quiet machine).
    for _ in range(WORKERS_REPEATS):
        for workers in (1, 2):
            start = time.perf_counter()
            with CpuSampler() as sampler:
                result = analyze_video(path, workers=workers)
            seconds[workers].append(time.perf_counter() - start)
            cpu[workers] = sampler.seconds()
        bare.append(bare_ceiling(CLIPS_DIR / WORKERS_CLIP))
    ratios = [one / two for one, two in zip(seconds[1], seconds[2], strict=True)]
    ceilings = [round_["speedup"] for round_ in bare]
    return {
        "input": f"{WORKERS_CLIP} ×{WORKERS_LOOPS}",
        "frames": result.frames,
        "repeats": WORKERS_REPEATS,
        "seconds_1_worker": round(statistics.median(seconds[1]), 1),
        "seconds_2_workers": round(statistics.median(seconds[2]), 1),
        "speedups": [round(ratio, 3) for ratio in ratios],
        "speedup": round(statistics.median(ratios), 3),
        "target_speedup": TARGET_SPEEDUP,
        "cpu_seconds_1_worker": cpu[1],
        "cpu_seconds_2_workers": cpu[2],
        # What pose alone gains from a second process (benchmarks/ceiling.py).
        "bare_speedups": ceilings,
        "bare_speedup": round(statistics.median(ceilings), 3),
        "bare_rounds": bare,
    }


def _run_batch(
    clips: list[Path], ray: bool
) -> tuple[float, float, int, int, dict[str, float]]:
    """Start-up and task seconds, frames, failures and CPU seconds of one batch.

    For Ray, the start-up is ``ray.init`` (a local Ray with 2 CPUs), timed apart; the pool
    starts its processes lazily, inside the task time. The CPU seconds cover both.
    """
    from hingecoach.batch.jobs import BatchSettings, make_job
    from hingecoach.batch.runner import run_pool, run_ray
    from hingecoach.batch.store import BatchOutput

    with (
        tempfile.TemporaryDirectory(prefix="hingecoach-bench-batch-") as folder,
        CpuSampler() as sampler,
    ):
        output = BatchOutput(Path(folder))
        output.prepare()
        jobs = [make_job(path, BatchSettings()) for path in clips]
        startup_s = 0.0
        if ray:
            import ray as ray_module

            start = time.perf_counter()
            ray_module.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            startup_s = time.perf_counter() - start
        start = time.perf_counter()
        try:
            if ray:
                outcomes = list(run_ray(jobs, output, 2, "local"))
            else:
                outcomes = list(run_pool(jobs, output, 2))
        finally:
            if ray:
                ray_module.shutdown()
        seconds = time.perf_counter() - start
    failed = sum(outcome.row["status"] != "ok" for outcome in outcomes)
    frames = sum(outcome.frames for outcome in outcomes)
    return startup_s, seconds, frames, failed, sampler.seconds()


def _bare_pose_fps(path: Path) -> float:
    """Frames per second of MediaPipe alone over frames decoded into memory."""
    from hingecoach.pose.mediapipe_backend import MediaPipePoseEstimator, PoseModel
    from hingecoach.source.video_file import iter_video_frames

    frames = list(iter_video_frames(path))
    with MediaPipePoseEstimator(PoseModel.FULL, segmentation=True) as estimator:
        for frame in frames[:10]:  # warm-up: model file and caches
            estimator.estimate(frame.rgb, index=frame.index, t_s=frame.t_s)
        start = time.perf_counter()
        for frame in frames:
            estimator.estimate(frame.rgb, index=frame.index, t_s=frame.t_s)
        return len(frames) / (time.perf_counter() - start)


def _batch(limit: int | None = BATCH_CLIPS) -> dict[str, Any]:
    """Process pool vs local Ray on the ``limit`` shortest dev clips (None: all of them)."""
    clips = sorted(load_manifest(), key=lambda clip: clip.frames)[:limit]
    paths = [clip.file for clip in clips]
    _, pool_s, frames, pool_failed, pool_cpu = _run_batch(paths, ray=False)
    ray_startup_s, ray_tasks_s, _, ray_failed, ray_cpu = _run_batch(paths, ray=True)
    ray_s = ray_startup_s + ray_tasks_s
    bare = _bare_pose_fps(CLIPS_DIR / WORKERS_CLIP)
    per_core = frames / pool_s / 2
    return {
        "clips": [clip.path for clip in clips],
        "frames": frames,
        "failed": pool_failed + ray_failed,
        "pool_seconds": round(pool_s, 1),
        "ray_local_seconds": round(ray_s, 1),
        "ray_startup_seconds": round(ray_startup_s, 1),
        "ray_overhead": round(ray_s / pool_s - 1, 3),
        "ray_overhead_after_startup": round(ray_tasks_s / pool_s - 1, 3),
        "target_ray_overhead": TARGET_RAY_OVERHEAD,
        "pool_fps_per_worker": round(per_core, 1),
        "bare_mediapipe_fps": round(bare, 1),
        "fps_per_worker_over_bare": round(per_core / bare, 3),
        "pool_cpu_seconds": pool_cpu,
        "ray_cpu_seconds": ray_cpu,
        # Per video: what a Ray worker spends on the same videos over a pool worker.
        "ray_worker_cpu_over_pool": round(
            ray_cpu.get("ray_workers", 0.0) / max(pool_cpu.get("workers", 0.0), 1e-9) - 1, 3
        ),
        "ray_total_cpu_over_pool": round(sum(ray_cpu.values()) / sum(pool_cpu.values()) - 1, 3),
    }


def _memory() -> dict[str, Any]:
    source_s = next(c for c in load_manifest() if c.path == MEMORY_CLIP)
    loops = [max(1, round(60 * minutes * source_s.fps / source_s.frames)) for minutes in
             MEMORY_MINUTES]  # fmt: skip
    runs = {}
    with tempfile.TemporaryDirectory(prefix="hingecoach-bench-memory-") as folder:
        for minutes, times in zip(MEMORY_MINUTES, loops, strict=True):
            run = run_analyze_cli(
                _looped(MEMORY_CLIP, times), workdir=Path(folder), model="lite",
                measure_peak=True, timeout_s=3600, extra_args=("--workers", "1"),
            )  # fmt: skip
            if run.session is None or run.peak_rss_mb is None:
                raise RuntimeError(f"hingecoach analyze failed: {run.stderr[-500:]}")
            runs[minutes] = (run.session["frames"], run.session["duration_s"], run.peak_rss_mb)
    (f1, d1, m1), (f3, d3, m3) = runs[MEMORY_MINUTES[0]], runs[MEMORY_MINUTES[1]]
    slope = (m3 - m1) / ((d3 - d1) / 60)
    ten = m1 + slope * (10 - d1 / 60)
    return {
        "input": f"{MEMORY_CLIP} looped (1920 × 1080), model lite, --workers 1",
        "frames": [f1, f3],
        "duration_s": [round(d1, 1), round(d3, 1)],
        "peak_rss_mb": [round(m1, 1), round(m3, 1)],
        "slope_mb_per_min": round(slope, 1),
        "extrapolated_10min_mb": round(ten, 1),
        "target_10min_mb": TARGET_10MIN_MB,
    }


#: The measures, in run order.
PARTS = ("workers", "batch", "memory")
#: Run only when asked for (``python -m benchmarks.scale batch_all``): the batch on all
#: the dev clips, 16 minutes on a quiet two-core machine, where Ray's fixed start-up
#: weighs what it would in a real batch.
OPTIONAL_PARTS = ("batch_all",)


def _meta_line(name: str, meta: dict[str, Any]) -> str:
    return (
        f"{name}: {meta['date']} at {meta['git_commit']}, {meta['cpu_count']} cores, load "
        f"average (1 min) {meta['load_average_1min_start']} → {meta['load_average_1min_end']}"
    )


def _cpu(groups: dict[str, float] | None) -> str:
    """CPU seconds by group, as ``total (self a + workers b + ...)``; "not recorded" if none."""
    if not groups:
        return "not recorded"
    parts = " + ".join(f"{name} {value:.1f}" for name, value in groups.items() if value)
    return f"{sum(groups.values()):.1f} s ({parts})"


def _ray_row(b: dict[str, Any]) -> str:
    return (
        f"| batch of {len(b['clips'])} clips ({b['frames']} frames): Ray local / process "
        f"pool ({b['ray_local_seconds']} s, of which start-up {b['ray_startup_seconds']} s "
        f"/ {b['pool_seconds']} s) | **{b['ray_overhead']:+.1%}** "
        f"({b['ray_overhead_after_startup']:+.1%} after start-up) "
        f"| ≤ +{TARGET_RAY_OVERHEAD:.0%} |"
    )


def _listed(values: list[float] | None) -> str:
    return ", ".join(f"{value:.2f}" for value in values or [])


def _table(result: dict[str, Any]) -> str:
    w, b, m = result["workers"], result["batch"], result["memory"]
    shown = PARTS + tuple(name for name in OPTIONAL_PARTS if name in result)
    runs = "; ".join(_meta_line(name, result[name]["meta"]) for name in shown)
    return "\n".join(
        [
            "| measure | figure | target |",
            "|---|---:|---:|",
            f"| one video ({w['input']}, {w['frames']} frames): 1 worker / 2 workers "
            f"({w['seconds_1_worker']} s / {w['seconds_2_workers']} s) | "
            f"**{w['speedup']:.2f}×** (median of {_listed(w.get('speedups'))}) "
            f"| ≥ {TARGET_SPEEDUP}× |",
            "| the ceiling: the bare MediaPipe loop (frames in memory), 2 processes at once / 1 "
            f"| {w.get('bare_speedup', 0):.2f}× (median of {_listed(w.get('bare_speedups'))}) "
            "| |",
            *(_ray_row(batch) for batch in (b, result.get("batch_all")) if batch),
            f"| CPU, one video: 1 worker {_cpu(w.get('cpu_seconds_1_worker'))} / 2 workers "
            f"{_cpu(w.get('cpu_seconds_2_workers'))} | | |",
            f"| CPU, batch: pool {_cpu(b.get('pool_cpu_seconds'))} / Ray "
            f"{_cpu(b.get('ray_cpu_seconds'))}; Ray's workers over the pool's | "
            + (f"{b['ray_worker_cpu_over_pool']:+.1%}" if "ray_worker_cpu_over_pool" in b else "")
            + " | |",
            f"| pool frames/s per worker ({b['pool_fps_per_worker']}) / bare MediaPipe loop "
            f"({b['bare_mediapipe_fps']}) | **{b['fps_per_worker_over_bare']:.2f}** | |",
            f"| peak RSS, {m['duration_s'][0]} s / {m['duration_s'][1]} s of 1080p (lite) | "
            f"{m['peak_rss_mb'][0]:.0f} / {m['peak_rss_mb'][1]:.0f} MiB | |",
            f"| slope; extrapolated to 10 min of 1080p | {m['slope_mb_per_min']:.1f} MiB/min; "
            f"**{m['extrapolated_10min_mb']:.0f} MiB** | < {TARGET_10MIN_MB:.0f} MiB |",
            "",
            f"Runs: {runs}.",
        ]
    )


def run_scale(parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    """Run the given parts once (each with its own metadata); write the JSON and table.

    Parts not run keep their last result from ``benchmarks/results/scale.json``, so the
    load-insensitive memory part may run apart from the two timed ratios.
    """
    measures = {"workers": lambda: _workers(_looped(WORKERS_CLIP, WORKERS_LOOPS)),
                "batch": _batch, "memory": _memory,
                "batch_all": lambda: _batch(None)}  # fmt: skip
    previous = RESULTS_DIR / "scale.json"
    result = json.loads(previous.read_text(encoding="utf-8")) if previous.exists() else {}
    unknown = set(parts) - set(PARTS + OPTIONAL_PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s) {sorted(unknown)}; parts: {PARTS + OPTIONAL_PARTS}")
    for name in PARTS + OPTIONAL_PARTS:
        if name in parts:
            meta = start_metadata(inputs=str(INPUTS))
            result[name] = measures[name]()
            result[name]["meta"] = finish_metadata(meta)
            print(f"scale: {name} {result[name]}", flush=True)
    write_result("scale", result)
    if all(name in result for name in PARTS):
        table = _table(result)
        update_readme("scale", table)
        print(table, flush=True)
    return result


if __name__ == "__main__":
    run_scale(tuple(sys.argv[1:]) or PARTS)
