"""What two cores can give pose alone: the bare MediaPipe loop in one process and in two.

The pipeline's 1-vs-2-worker speed-up (:mod:`benchmarks.scale`) is bounded by what
MediaPipe itself gains from a second process on the same machine. Here each process
decodes one clip into memory, starts the full model with the mask, waits at a barrier
(so two processes track at the same time), then tracks the frames ``LOOPS`` times. One
process alone, then two at once: the ratio of the frames per second of the pair to the
one is the ceiling for pose with nothing else around it (no decoding, no back contour,
no second-person check, no conversion of landmarks beyond MediaPipe's own).
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

#: Passes over the clip in memory per process (a 111-frame clip: 444 frames, ≈ 15 s).
LOOPS = 4


def _track(path: Path, start: Any, results: Any) -> None:
    """Spawned process: decode, warm up, wait for the others, track; send frames, times, CPU."""
    from hingecoach.pose.mediapipe_backend import MediaPipePoseEstimator, PoseModel
    from hingecoach.source.video_file import iter_video_frames

    frames = [frame.rgb for frame in iter_video_frames(path)]
    with MediaPipePoseEstimator(PoseModel.FULL, segmentation=True) as estimator:
        for index, rgb in enumerate(frames[:10]):  # the model file, caches, first graph
            estimator.estimate(rgb, index=index, t_s=index / 30)
        start.wait()
        began, cpu = time.monotonic(), time.process_time()  # monotonic: one clock for all
        count = 10
        for _ in range(LOOPS):
            for rgb in frames:
                estimator.estimate(rgb, index=count, t_s=count / 30)
                count += 1
        ended, cpu = time.monotonic(), time.process_time() - cpu
    results.put((LOOPS * len(frames), began, ended, cpu))


def _together(path: Path, processes: int) -> tuple[float, list[float]]:
    """Frames per second of ``processes`` tracking at once, and each one's cores busy.

    The frames per second are all frames over the time from the first start to the last
    end, so a process that finishes early does not flatter the pair.
    """
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(processes), context.Queue()
    workers = [
        context.Process(target=_track, args=(path, start, results)) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcome = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    frames = sum(count for count, *_ in outcome)
    wall = max(end for _, _, end, _ in outcome) - min(begin for _, begin, _, _ in outcome)
    return frames / wall, [cpu / (end - begin) for _, begin, end, cpu in outcome]


def bare_ceiling(path: Path) -> dict[str, Any]:
    """The bare loop's frames per second in one process and in two at once, and the ratio.

    Parameters
    ----------
    path : pathlib.Path
        A short clip (it is held decoded in memory by each process).

    Returns
    -------
    dict
        ``fps_1_process``, ``fps_2_processes`` (the pair's), ``speedup`` (their
        ratio) and ``cores_busy_1_process`` / ``cores_busy_2_processes`` (CPU seconds
        over wall-clock seconds of each process: MediaPipe runs its graph on more than
        one thread).
    """
    one_fps, one_cores = _together(path, 1)
    pair_fps, pair_cores = _together(path, 2)
    return {
        "fps_1_process": round(one_fps, 1),
        "fps_2_processes": round(pair_fps, 1),
        "speedup": round(pair_fps / one_fps, 3),
        "cores_busy_1_process": round(one_cores[0], 2),
        "cores_busy_2_processes": [round(cores, 2) for cores in pair_cores],
    }
