"""Frames per second of each stage on one 720p input, measured in one interleaved run.

Measures (frames / wall-clock second; rounds interleave them, the median is reported):

- ``decode_original``: PyAV decoding to RGB (``iter_video_frames``) of the original clip,
  read 3 times, for reference;
- ``decode``: the same on the looped input that every other measure uses;
- ``pose_full`` (``pose_lite``, ``pose_heavy``): ``MediaPipePoseEstimator.estimate`` with
  the segmentation mask on, as ``analyze_video`` runs it, over frames decoded into memory
  beforehand (decoding excluded, model start-up excluded); ``pose_full_no_mask`` the same
  without the mask, for reference;
- ``decode_pose``: decoding then pose estimation, frame by frame in one thread (no
  prefetching; model start-up excluded);
- ``end_to_end``: ``analyze_video`` on the file (probe, model start-up, decode, pose,
  second-person check, back contour, analysis and input hash: what a user waits for).
  The rounds follow a warm-up in the same process, so the model start-up they include is
  the warm one (milliseconds); a fresh process pays ``estimator_startup_s`` once more.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.clips import CLIPS_DIR
from benchmarks.media import loop_video
from benchmarks.report import finish_metadata, start_metadata, update_readme, write_result

SPEED_CLIP = "bichraix/good014.mp4"
LOOPS = 3
ROUNDS = 5
TARGET_END_TO_END_OVER_POSE = 0.9
#: A 1-minute load average above this at the start means another process is busy.
BUSY_LOAD = 0.7


def _decode_fps(path: Path, times: int = 1) -> float:
    from hingecoach.source.video_file import iter_video_frames

    start, frames = time.perf_counter(), 0
    for _ in range(times):
        for _frame in iter_video_frames(path):
            frames += 1
    return frames / (time.perf_counter() - start)


def _pose_fps(frames: list[Any], model: Any, *, mask: bool = True) -> tuple[float, float]:
    """Pose-only fps over frames in memory, and the estimator's start-up seconds."""
    from hingecoach.pose.mediapipe_backend import MediaPipePoseEstimator

    start = time.perf_counter()
    with MediaPipePoseEstimator(model, segmentation=mask) as estimator:
        startup_s = time.perf_counter() - start
        start = time.perf_counter()
        for frame in frames:
            estimator.estimate(frame.rgb, index=frame.index, t_s=frame.t_s)
        seconds = time.perf_counter() - start
    return len(frames) / seconds, startup_s


def _decode_pose_fps(path: Path) -> float:
    from hingecoach.pose.mediapipe_backend import MediaPipePoseEstimator, PoseModel
    from hingecoach.source.video_file import iter_video_frames

    with MediaPipePoseEstimator(PoseModel.FULL, segmentation=True) as estimator:
        start, count = time.perf_counter(), 0
        for frame in iter_video_frames(path):
            estimator.estimate(frame.rgb, index=frame.index, t_s=frame.t_s)
            count += 1
        return count / (time.perf_counter() - start)


def _end_to_end_fps(path: Path) -> float:
    from hingecoach.analysis.video import analyze_video

    start = time.perf_counter()
    result = analyze_video(path)
    return result.frames / (time.perf_counter() - start)


def _measures(source: Path, looped: Path, frames: list[Any]) -> dict[str, Callable[[], float]]:
    """The measures of one round, in the order they run."""
    from hingecoach.pose.mediapipe_backend import PoseModel, model_path

    measures: dict[str, Callable[[], float]] = {
        "decode_original": lambda: _decode_fps(source, LOOPS),
        "decode": lambda: _decode_fps(looped),
        "pose_full": lambda: _pose_fps(frames, PoseModel.FULL)[0],
        "pose_full_no_mask": lambda: _pose_fps(frames, PoseModel.FULL, mask=False)[0],
        "decode_pose": lambda: _decode_pose_fps(looped),
        "end_to_end": lambda: _end_to_end_fps(looped),
    }
    for model in (PoseModel.LITE, PoseModel.HEAVY):
        if model_path(model).exists():
            measures[f"pose_{model.value}"] = lambda model=model: _pose_fps(frames, model)[0]
    return measures


def _interleaved_rounds(source: Path, looped: Path) -> tuple[dict[str, list[float]], float]:
    """Run every measure once per round, ``ROUNDS`` times; also the model start-up time."""
    from hingecoach.pose.mediapipe_backend import PoseModel
    from hingecoach.source.video_file import iter_video_frames

    frames = list(iter_video_frames(looped))
    _, startup_s = _pose_fps(frames[:30], PoseModel.FULL)  # warm-up: model file, caches
    measures = _measures(source, looped, frames)
    fps: dict[str, list[float]] = {name: [] for name in measures}
    for round_index in range(ROUNDS):
        for name, measure in measures.items():
            fps[name].append(measure())
        row = ", ".join(f"{name} {values[-1]:.1f}" for name, values in fps.items())
        print(f"  round {round_index + 1}/{ROUNDS}: {row}", flush=True)
    return fps, startup_s


LABELS = {
    "decode_original": "decode only, original clip ×3 (PyAV → RGB)",
    "decode": "(a) decode only, looped input",
    "pose_full": "(b) pose only, full + mask (frames in memory)",
    "pose_full_no_mask": "pose only, full, no mask",
    "decode_pose": "(c) decode + pose, full + mask, one thread",
    "end_to_end": "(d) end to end, `analyze_video`, full",
    "pose_lite": "pose only, lite + mask",
    "pose_heavy": "pose only, heavy + mask",
}


def _table(payload: dict[str, Any]) -> str:
    lines = ["| measure | median fps | best fps | rounds (fps) |", "|---|---:|---:|---|"]
    for name, values in payload["fps_rounds"].items():
        rounds = ", ".join(f"{value:.1f}" for value in values)
        lines.append(
            f"| {LABELS[name]} | {payload['fps_median'][name]:.1f} "
            f"| {payload['fps_best'][name]:.1f} | {rounds} |"
        )
    ratios = payload["ratios"]
    verdict = "meets" if ratios["end_to_end_over_pose"] >= TARGET_END_TO_END_OVER_POSE else "MISSES"
    lines += [
        "",
        f"**End to end / pose only: {ratios['end_to_end_over_pose']:.3f}** ({verdict} the "
        f"≥ {TARGET_END_TO_END_OVER_POSE} target; per round "
        f"{', '.join(f'{v:.3f}' for v in ratios['end_to_end_over_pose_rounds'])}; from the "
        f"best of each, {ratios['end_to_end_over_pose_best']:.3f}). "
        f"End to end / (decode + pose): {ratios['end_to_end_over_decode_pose']:.3f}. "
        f"Decode + pose / pose only: {ratios['decode_pose_over_pose']:.3f} (adding the "
        f"per-frame times of (a) and (b) predicts {ratios['serial_decode_pose_fps']:.1f} fps).",
        "",
        f"Input: {payload['input']['description']}. Model start-up "
        f"{payload['estimator_startup_s']:.2f} s. Commit {payload['meta']['git_commit']}, "
        f"{payload['meta']['date']}; 1-min load average "
        f"{payload['meta']['load_average_1min_start']} at the start, "
        f"{payload['meta']['load_average_1min_end']} at the end.",
    ]
    return "\n".join(lines)


def _ratios(fps: dict[str, list[float]], median: dict[str, float]) -> dict[str, Any]:
    decode, pose = median["decode"], median["pose_full"]
    return {
        "end_to_end_over_pose": round(median["end_to_end"] / pose, 4),
        "end_to_end_over_pose_best": round(max(fps["end_to_end"]) / max(fps["pose_full"]), 4),
        "end_to_end_over_pose_rounds": [
            round(e / p, 4) for e, p in zip(fps["end_to_end"], fps["pose_full"], strict=True)
        ],
        "end_to_end_over_decode_pose": round(median["end_to_end"] / median["decode_pose"], 4),
        "decode_pose_over_pose": round(median["decode_pose"] / pose, 4),
        "serial_decode_pose_fps": round(1 / (1 / decode + 1 / pose), 2),
    }


def run_speed() -> dict[str, Any]:
    """Run the speed benchmark, write ``results/speed.json`` and the README table."""
    source = CLIPS_DIR / SPEED_CLIP
    print(f"speed: {SPEED_CLIP} looped ×{LOOPS}, {ROUNDS} interleaved rounds", flush=True)
    meta = start_metadata(rounds=ROUNDS)
    load_at_start = meta["load_average_1min_start"]
    if load_at_start > BUSY_LOAD:
        print(
            f"speed: warning: load average {load_at_start:.2f} at the start; other processes "
            "share the CPUs, so every figure (though not so much the ratios) will be low.",
            flush=True,
        )
    with tempfile.TemporaryDirectory(prefix="hingecoach-bench-") as tmp:
        looped = Path(tmp) / f"looped_x{LOOPS}.mp4"
        n_frames = loop_video(source, looped, LOOPS)
        fps, startup_s = _interleaved_rounds(source, looped)
    median = {name: round(statistics.median(values), 2) for name, values in fps.items()}
    description = (
        f"{SPEED_CLIP} (1280x720) decoded and re-encoded {LOOPS} times in a row into a temporary "
        f"H.264 file (libx264 CRF 18), {n_frames} frames"
    )
    payload = {
        "meta": finish_metadata(meta),
        "input": {
            "clip": SPEED_CLIP,
            "loops": LOOPS,
            "frames": n_frames,
            "description": description,
        },
        "fps_median": median,
        "fps_best": {name: round(max(values), 2) for name, values in fps.items()},
        "fps_rounds": {name: [round(v, 2) for v in values] for name, values in fps.items()},
        "ratios": _ratios(fps, median),
        "target_end_to_end_over_pose": TARGET_END_TO_END_OVER_POSE,
        "estimator_startup_s": round(startup_s, 3),
    }
    write_result("speed", payload)
    update_readme("speed", _table(payload))
    print(f"speed: end to end / pose only = {payload['ratios']['end_to_end_over_pose']:.3f}")
    return payload
