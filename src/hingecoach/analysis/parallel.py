"""Pose on every core for one video: contiguous runs of frames in worker processes.

One MediaPipe graph keeps about one core busy, so a video is cut into contiguous runs of
frames. The first run is tracked in this process, the others each in a spawned worker
process: this process has MediaPipe loaded already, so it starts tracking at once while the
workers start up, and its run is planned longer by what their start-up and lead-in cost.
Each worker seeks to its run, tracks a short lead-in of the previous run's frames first (so
the tracker has found the body and its smoothing filter has settled when the run begins),
drops the lead-in and sends its landmarks and back contours back. Every run opens the pose
backend one pass would (``open_pose_estimator``), legacy or Tasks. The runs are joined in
frame order and the rest of the analysis (kinematics, reps, form) is the same as for one
pass: it sees the same ``TrackedVideo``.

Anything the plan cannot be sure of (frames without timestamps, a frame the plan did not
expect, a worker that died) falls back on the one-pass path, with a log line.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import queue
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.video import (
    POSE_INPUT_MAX_SIDE_PX,
    ProgressCallback,
    TrackedVideo,
    _stack_tape_lines,
    estimate_poses,
    track_video,
)
from hingecoach.errors import InputError
from hingecoach.form.back_cues import FacingContours
from hingecoach.kinematics.back_contour import BackContour
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.pose.backends import (
    DEFAULT_POSE_BACKEND,
    OthersSeen,
    PoseBackend,
    open_pose_estimator,
    open_second_person_detector,
    own_people_count,
)
from hingecoach.pose.crop import CroppingEstimator
from hingecoach.pose.landmarks import PoseFrame
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.second_person import SecondPersonDetector, SecondPersonParams
from hingecoach.source.video_chunks import ChunkMismatchError, frame_timestamps, iter_frame_run
from hingecoach.source.video_file import DecodeReport, VideoInfo, probe_video

log = logging.getLogger(__name__)

#: Frames between two progress messages from a worker (a message costs a pickle and a
#: pipe write; 8 frames is a quarter of a second of pose).
_PROGRESS_EVERY = 8
#: Seconds the parent waits for a message before it checks that the workers still live.
_POLL_S = 1.0


@dataclass(frozen=True, slots=True)
class ParallelParams:
    """How a video is cut into runs of frames for the pose workers.

    Attributes
    ----------
    overlap_s : float
        Lead-in (s) each run after the first tracks and drops. 1 s: MediaPipe's tracker
        needs one detection to find the body, its landmark smoothing settles within about
        half a second, and the running facing vote of the back contour decides after
        about ten frames; a second covers all three with room to spare.
    min_chunk_s : float
        Shortest run (s) worth a worker. Each worker pays a process start, the import
        of MediaPipe and a graph start (about 2 s on a busy two-core machine), so a run
        shorter than about 10 s would spend a fifth or more of its time starting up.
    worker_start_s : float
        Video seconds (s) the first run, tracked in this process, is given on top of an
        equal share: a spawned worker spends about 1.5 s of CPU starting (Python, NumPy,
        MediaPipe, the graph) before its first frame, and pose runs at about the video's
        own rate, so 1.5 s of video (plus the worker's lead-in) keeps the runs ending
        together.
    """

    overlap_s: float = 1.0
    min_chunk_s: float = 10.0
    worker_start_s: float = 1.5

    def __post_init__(self) -> None:
        if not (self.overlap_s >= 0 and self.min_chunk_s >= 0 and self.worker_start_s >= 0):
            raise InputError(
                f"overlap_s, min_chunk_s and worker_start_s must be >= 0; got "
                f"{self.overlap_s}, {self.min_chunk_s}, {self.worker_start_s}."
            )


@dataclass(frozen=True, slots=True)
class FrameRun:
    """One worker's frames: ``lead_in`` to ``first - 1`` are tracked and dropped."""

    lead_in: int
    first: int
    stop: int


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def plan_runs(
    n_frames: int, workers: int, *, fps: float, params: ParallelParams | None = None
) -> list[FrameRun]:
    """Cut ``n_frames`` into at most ``workers`` contiguous runs of near-equal work.

    Fewer runs are planned when a run would be shorter than ``params.min_chunk_s``; one
    run (the whole video, no lead-in) means "do not parallelise". The first run (tracked
    in this process, no lead-in, no start-up) is longer than the others by the lead-in
    and ``params.worker_start_s`` (at most twice their length).
    """
    params = params or ParallelParams()
    if n_frames < 1 or workers < 1:
        raise InputError(f"need at least one frame and one worker; got {n_frames}, {workers}.")
    fps = fps if fps > 0 else 30.0
    min_frames = max(1, round(params.min_chunk_s * fps))
    n_runs = max(1, min(workers, n_frames // min_frames, n_frames))
    overlap = round(params.overlap_s * fps)
    head = min(round((params.overlap_s + params.worker_start_s) * fps), n_frames // n_runs)
    if n_runs == 1:
        head = 0
    bounds = np.concatenate(
        [[0], head + np.linspace(0, n_frames - head, n_runs + 1)[1:]]
    ).round().astype(int)
    return [
        FrameRun(lead_in=max(0, int(a) - overlap), first=int(a), stop=int(b))
        for a, b in itertools.pairwise(bounds)
    ]


@dataclass(frozen=True, slots=True)
class _RunJob:
    path: Path
    pts: np.ndarray
    run: FrameRun
    model: PoseModel
    params: AnalysisParams
    fps: float
    check_second_person: bool
    backend: PoseBackend


@dataclass(frozen=True, slots=True)
class _RunResult:
    poses: list[PoseFrame]
    contours: list[tuple[BackContour, BackContour]]
    model_name: str
    others: OthersSeen
    broke_off: bool


class _ChecksFrom:
    """A second-person check that ignores the lead-in (the previous run checks those)."""

    def __init__(self, detector: SecondPersonDetector, first: int) -> None:
        self.detector, self.first = detector, first

    def update(self, rgb: np.ndarray, pose: PoseFrame) -> None:
        if pose.index >= self.first:
            self.detector.update(rgb, pose)


def _track_run(job: _RunJob, on_progress: ProgressCallback) -> _RunResult:
    """Track one run of frames (in a worker process) and drop its lead-in."""
    report = DecodeReport()
    contours: list[tuple[BackContour, BackContour]] = []
    frames = iter_frame_run(
        job.path, job.pts, job.run.lead_in, job.run.stop, report,
        max_side_px=POSE_INPUT_MAX_SIDE_PX,
    )  # fmt: skip
    with (
        # The same backend and cropping as one pass (track_video), so the same poses.
        CroppingEstimator(
            open_pose_estimator(job.backend, job.model, segmentation=True)
        ) as estimator,
        open_second_person_detector(job.fps) as detector,
    ):
        landmarker = own_people_count(estimator)  # counts the people in view itself
        if landmarker is not None:
            landmarker.count_from(job.run.first)
        periodic = job.check_second_person and landmarker is None
        poses = estimate_poses(
            job.path,
            estimator,
            on_progress=on_progress,
            report=report,
            second_person=_ChecksFrom(detector, job.run.first)  # type: ignore[arg-type]
            if periodic
            else None,
            contours=contours,
            contour_params=job.params.back_contour,
            frames=frames,
        )
    skip = sum(pose.index < job.run.first for pose in poses)
    return _RunResult(
        poses=poses[skip:],
        contours=contours[skip:],
        model_name=estimator.model_name,
        others=OthersSeen.of(estimator, detector),
        broke_off=report.broke_off,
    )


def _worker_main(job: _RunJob, run_id: int, messages: multiprocessing.Queue) -> None:
    """Worker process entry: progress messages, then the result or the exception."""
    lead = job.run.first - job.run.lead_in

    def progress(done: int, _expected: int) -> None:
        if done > lead and (done - lead) % _PROGRESS_EVERY == 0:
            messages.put(("progress", run_id, done - lead))

    try:
        messages.put(("done", run_id, _track_run(job, progress)))
    except BaseException as error:  # sent to the parent, which re-raises it
        messages.put(("error", run_id, error))


class _WorkerDiedError(RuntimeError):
    """A pose worker ended without sending its result (killed or crashed)."""


def _run_workers(
    jobs: list[_RunJob], on_progress: ProgressCallback | None, n_frames: int
) -> list[_RunResult]:
    """Track the first job here and every other in a spawned process; results in run order.

    The workers start first, so their start-up overlaps this process's pose; their
    progress messages are read between this process's frames.
    """
    context = multiprocessing.get_context("spawn")  # a clean MediaPipe in each worker
    messages = context.Queue()
    processes = [
        context.Process(target=_worker_main, args=(job, k, messages), name=f"hingecoach-pose-{k}")
        for k, job in enumerate(jobs) if k > 0
    ]  # fmt: skip
    results: list[_RunResult | None] = [None] * len(jobs)
    done = [0] * len(jobs)

    def read(timeout_s: float | None) -> None:
        """Take one worker message (waiting up to ``timeout_s``; None: do not wait)."""
        if timeout_s is None:
            kind, run_id, payload = messages.get_nowait()
        else:
            kind, run_id, payload = messages.get(timeout=timeout_s)
        if kind == "error":
            raise payload
        if kind == "progress":
            done[run_id] = payload
        else:
            results[run_id] = payload
            done[run_id] = len(payload.poses)

    def progress(own_done: int, _expected: int) -> None:
        done[0] = own_done
        if own_done % _PROGRESS_EVERY == 0:  # the workers' news, without waiting
            with contextlib.suppress(queue.Empty):
                while True:
                    read(None)
        if on_progress is not None:
            on_progress(sum(done), n_frames)

    try:
        for process in processes:
            process.start()
        results[0] = _track_run(jobs[0], progress)
        while any(result is None for result in results):
            try:
                read(_POLL_S)
            except queue.Empty:
                if any(r is None and p.exitcode not in (None, 0) for r, p in zip(
                    results[1:], processes, strict=True
                )):
                    raise _WorkerDiedError("a pose worker ended without a result") from None
                continue
            if on_progress is not None:
                on_progress(sum(done), n_frames)
    finally:
        for process in (p for p in processes if p.pid is not None):  # the started ones
            if process.is_alive():
                process.terminate()
            process.join()
        messages.close()
    return [result for result in results if result is not None]


def _decode_warning(info: VideoInfo, n_frames: int, last_t_s: float, broke: bool) -> str | None:
    """The warning one pass would give: truncated (by duration) or decoding stopped."""
    from hingecoach.source.video_file import _truncation_warning

    warning = _truncation_warning(last_t_s + 1.0 / (info.fps or 30.0), info.duration_s)
    if warning is None and broke:
        warning = (
            f"Decoding stopped after {n_frames} frames: the file is damaged or truncated, "
            "so only the part before the damage was analysed."
        )
    return warning


def _join(info: VideoInfo, results: list[_RunResult], check: bool) -> TrackedVideo:
    """Join the runs in order (up to the first that broke off) into one tracked video."""
    poses: list[PoseFrame] = []
    contours: list[tuple[BackContour, BackContour]] = []
    broke = False
    for result in results:
        poses.extend(result.poses)
        contours.extend(result.contours)
        if result.broke_off:
            broke = True
            break
    if [pose.index for pose in poses] != list(range(len(poses))) or not poses:
        raise ChunkMismatchError(f"{info.path}: the runs' frames do not join up")
    second = SecondPersonParams()
    others = sum((r.others for r in results[1:]), start=results[0].others)
    crowd = others.warning(info.fps, second) if check else None
    decode = _decode_warning(info, len(poses), poses[-1].t_s, broke)
    return TrackedVideo(
        info=info,
        series=LandmarkSeries.from_pose_frames(poses),
        contours=FacingContours.from_frames(contours),
        model_name=results[0].model_name,
        warnings=tuple(w for w in (decode, crowd) if w),
        second_person_params=second,
        tape_lines_xy_px=_stack_tape_lines(contours),
    )


def track_video_parallel(
    path: Path,
    *,
    model: PoseModel = PoseModel.FULL,
    params: AnalysisParams | None = None,
    on_progress: ProgressCallback | None = None,
    check_second_person: bool = True,
    workers: int = 0,
    parallel: ParallelParams | None = None,
    backend: PoseBackend = DEFAULT_POSE_BACKEND,
) -> TrackedVideo:
    """:func:`~hingecoach.analysis.video.track_video` with pose in ``workers`` processes.

    ``workers=0`` means one per core. A video too short for two runs of
    ``parallel.min_chunk_s``, or whose frames cannot be indexed by their timestamps, is
    tracked in one pass in this process.

    Raises
    ------
    InputError
        For a missing, empty, unreadable or frameless file.
    """
    params = params or AnalysisParams()
    path = Path(path)
    workers = workers if workers > 0 else available_cores()

    def one_pass() -> TrackedVideo:
        return track_video(
            path, model=model, params=params, on_progress=on_progress,
            check_second_person=check_second_person, workers=1, backend=backend,
        )  # fmt: skip

    info = probe_video(path)
    pts = frame_timestamps(path) if workers > 1 else None
    runs = plan_runs(len(pts), workers, fps=info.fps, params=parallel) if pts is not None else []
    if pts is None or len(runs) < 2:
        return one_pass()
    jobs = [
        _RunJob(path, pts, run, model, params, info.fps, check_second_person, backend)
        for run in runs
    ]
    try:
        return _join(info, _run_workers(jobs, on_progress, len(pts)), check_second_person)
    except (ChunkMismatchError, _WorkerDiedError) as error:
        log.warning("Parallel pose gave up (%s); tracking %s in one pass.", error, path.name)
        return one_pass()
