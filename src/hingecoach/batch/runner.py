"""Run a batch: analyse each video in a worker, commit each result as it arrives.

Workers are a local process pool (spawned, one MediaPipe per process) or Ray tasks (a
local Ray, or a cluster whose nodes see the same paths). A worker analyses one video,
writes its files into a staging folder and returns a :class:`VideoOutcome`; the parent
commits it (:meth:`~hingecoach.batch.store.BatchOutput.commit`) before it looks at the
next one, so an interrupted batch keeps every video finished so far.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hingecoach.batch.jobs import VideoJob
from hingecoach.batch.store import BatchOutput, summary_row
from hingecoach.errors import HingecoachError

log = logging.getLogger(__name__)

#: Times a video is tried again after its worker process died (a crash in native code
#: takes the whole pool down with it, and the videos in flight are not to blame).
_CRASH_RETRIES = 1


@dataclass(frozen=True, slots=True)
class VideoOutcome:
    """What a worker returns for one video.

    Attributes
    ----------
    job : VideoJob
    staged : pathlib.Path or None
        The staging folder with the video's files (None when it failed).
    row : dict
        Its summary row (``status`` ``ok`` or ``error``, with the one-sentence error).
    frames : int
        Frames analysed (for the throughput shown while the batch runs).
    """

    job: VideoJob
    staged: Path | None
    row: dict[str, Any]
    frames: int


def _one_sentence(error: BaseException) -> str:
    """An unexpected error as one sentence, naming its type."""
    text = " ".join(str(error).split()) or "no message"
    return f"Unexpected {type(error).__name__} while analysing: {text}."


def analyze_job(job: VideoJob, output: BatchOutput) -> VideoOutcome:
    """Analyse one video into a staging folder (runs in a worker; never raises).

    Writes ``analysis.json`` and ``kinematics.csv``, or a full report folder when the
    settings ask for one. Any error becomes the outcome's one-sentence error.
    """
    from hingecoach.analysis.video import analyze_video
    from hingecoach.export.json_export import session_to_dict, write_json, write_kinematics_csv
    from hingecoach.pose.mediapipe_backend import PoseModel

    start = time.perf_counter()
    if job.error is not None:
        return VideoOutcome(job, None, summary_row(job, None, job.error, 0.0), 0)
    try:
        result = analyze_video(job.path, model=PoseModel(job.settings.model))
        folder = output.new_staging_folder(job)
        if job.settings.report:
            from hingecoach.report.build import write_report

            write_report(result, folder)
        else:
            write_json(folder / "analysis.json", result)
            write_kinematics_csv(folder / "kinematics.csv", result)
    except HingecoachError as error:
        return VideoOutcome(job, None, summary_row(job, None, str(error), _since(start)), 0)
    except Exception as error:  # one broken video must not stop the batch
        log.debug("Video %s failed", job.path, exc_info=True)
        row = summary_row(job, None, _one_sentence(error), _since(start))
        return VideoOutcome(job, None, row, 0)
    session = session_to_dict(result)
    row = summary_row(job, session, None, _since(start))
    return VideoOutcome(job, folder, row, int(session.get("frames") or 0))


def _since(start: float) -> float:
    return time.perf_counter() - start


def _crashed(job: VideoJob, error: BaseException) -> VideoOutcome:
    message = (
        f"The analysis process crashed on this video ({type(error).__name__}); it may be "
        "damaged or too large for memory."
    )
    return VideoOutcome(job, None, summary_row(job, None, message, 0.0), 0)


def run_pool(jobs: list[VideoJob], output: BatchOutput, workers: int) -> Iterator[VideoOutcome]:
    """Analyse jobs in a spawned local process pool, yielding outcomes as they finish.

    When a worker process dies, the pool breaks and every video in flight is tried again
    in a fresh pool, up to ``_CRASH_RETRIES`` times; then it is reported as crashed.
    """
    context = multiprocessing.get_context("spawn")
    tries = dict.fromkeys(jobs, 0)
    queue = list(jobs)
    while queue:
        pool = ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context)
        try:
            futures: dict[Future[VideoOutcome], VideoJob] = {
                pool.submit(analyze_job, job, output): job for job in queue
            }
            queue = []
            while futures:
                finished, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = futures.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool as error:
                        tries[job] += 1
                        if tries[job] > _CRASH_RETRIES:
                            yield _crashed(job, error)
                        else:
                            queue.append(job)
        except KeyboardInterrupt:
            _stop_workers(pool)  # do not let them finish the videos queued to them
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate a pool's worker processes (Ctrl-C: what they were doing is dropped)."""
    processes = getattr(pool, "_processes", None) or {}  # private, but stable since 3.8
    for process in list(processes.values()):
        process.terminate()


def run_ray(
    jobs: list[VideoJob], output: BatchOutput, workers: int, address: str
) -> Iterator[VideoOutcome]:
    """Analyse jobs as Ray tasks, yielding outcomes as they finish.

    ``address`` ``local`` starts a private local Ray with ``workers`` CPUs; anything else
    is a cluster address for ``ray.init`` (its nodes must see the videos' and the output
    folder's paths, and have hingecoach installed). A Ray this process has already
    started or joined is used as it is, and left running.
    """
    try:
        import ray
    except ImportError as error:
        raise HingecoachError(
            "Ray is not installed; install hingecoach with the [scale] extra or drop --ray."
        ) from error
    started = not ray.is_initialized()
    if started:
        _init_ray(ray, address, workers)
    pending: dict[Any, VideoJob] = {}
    try:
        task = ray.remote(num_cpus=1, max_retries=_CRASH_RETRIES)(analyze_job)
        pending = {task.remote(job, output): job for job in jobs}
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            job = pending.pop(ready[0])
            try:
                yield ray.get(ready[0])
            except ray.exceptions.RayError as error:
                yield _crashed(job, error)
    finally:
        for ref in pending:  # left when interrupted
            ray.cancel(ref, force=True)
        if started:
            ray.shutdown()


def _init_ray(ray: Any, address: str, workers: int) -> None:
    """Start a local Ray or join a cluster; a failure is one sentence."""
    try:
        if address == "local":
            ray.init(num_cpus=max(1, workers), include_dashboard=False, log_to_driver=False)
        else:
            ray.init(address=address, log_to_driver=False)
    except Exception as error:  # Ray raises ConnectionError, ValueError, RuntimeError...
        where = "a local Ray" if address == "local" else f"the Ray cluster at {address}"
        raise HingecoachError(
            f"Could not start or reach {where} ({type(error).__name__}: "
            f"{' '.join(str(error).split())[:200]}); check the address, or drop --ray."
        ) from error


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """The jobs of a batch split into those already done and those to run."""

    done: list[tuple[VideoJob, dict[str, Any]]]
    todo: list[VideoJob]


def plan_batch(jobs: list[VideoJob], output: BatchOutput, *, retry_errors: bool) -> BatchPlan:
    """Split jobs into done and to do.

    A job is done when its folder holds a record with its key; a failed one too,
    unless ``retry_errors``. An unreadable video is always tried again.
    """
    done, todo = [], []
    for job in jobs:
        record = output.record(job) if job.sha256 else None
        failed = record is not None and record["row"]["status"] == "error"
        if record is None or (failed and retry_errors):
            todo.append(job)
        else:
            done.append((job, record))
    return BatchPlan(done, todo)


def run_batch(
    plan: BatchPlan,
    output: BatchOutput,
    outcomes: Callable[[list[VideoJob]], Iterator[VideoOutcome]],
    on_outcome: Callable[[VideoOutcome], None],
) -> None:
    """Commit each outcome as it arrives, then tell ``on_outcome``."""
    for outcome in outcomes(plan.todo):
        output.commit(outcome.job, outcome.staged, outcome.row)
        on_outcome(outcome)


def finished_rows(jobs: list[VideoJob], output: BatchOutput) -> list[dict[str, Any]]:
    """Summary rows of the jobs whose results are on disk, in the jobs' order.

    Read back from the committed records, so the summary can be written at any moment
    (after an interruption too) and always matches the folders.
    """
    records = (output.record(job) for job in jobs)
    return [record["row"] for record in records if record is not None]
