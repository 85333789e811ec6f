"""Uploaded videos: saved under the data directory, analysed in a background thread, deleted.

The video never leaves this machine. Everything an upload leaves lives under one folder
(``<data dir>/uploads``): the video in ``incoming/`` is removed as soon as the analysis
ends, whether it worked or not; the HTML report in ``reports/`` is removed
``ttl_s`` after the job ended; the whole folder is emptied when the server starts and
when it stops, so a crash or Ctrl-C leaves nothing behind for long.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hingecoach.analysis.result import SessionResult
from hingecoach.analysis.video import analyze_video
from hingecoach.errors import HingecoachError, InputError
from hingecoach.export.json_export import session_to_dict
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.source.video_file import probe_video

log = logging.getLogger(__name__)

#: Finished jobs kept for the page to fetch (older ones are forgotten).
MAX_JOBS_KEPT = 20


def safe_filename(name: str | None) -> str:
    """A file name without folders or odd characters (``video`` when nothing is left)."""
    base = Path(name or "").name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")
    return cleaned[:100] or "video"


@dataclass(slots=True)
class UploadJob:
    """Progress and outcome of one uploaded video's analysis (mutable: a worker updates it)."""

    id: str
    filename: str
    state: str = "queued"
    frames_done: int = 0
    frames_expected: int = 0
    result: dict[str, Any] | None = None
    error: str | None = None
    report_html: Path | None = None
    ended_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def snapshot(self) -> dict[str, Any]:
        """The job as JSON for the page."""
        with self.lock:
            return {
                "id": self.id,
                "filename": self.filename,
                "state": self.state,
                "frames_done": self.frames_done,
                "frames_expected": self.frames_expected,
                "result": self.result,
                "error": self.error,
                "report_url": f"/reports/{self.id}" if self.report_html else None,
            }


def new_upload_dir(root: Path) -> Path:
    """A private folder (mode 0700) for one upload, under ``root/incoming``."""
    incoming = Path(root) / "incoming"
    incoming.mkdir(parents=True, exist_ok=True, mode=0o700)
    return Path(tempfile.mkdtemp(prefix="upload-", dir=incoming))


def write_html_report(result: SessionResult, folder: Path) -> Path:
    """Write the HTML report of an uploaded set, without the video or its temp path.

    Parameters
    ----------
    result : SessionResult
        The upload's analysis, with its landmarks.
    folder : pathlib.Path
        Where the report is written (created when missing).

    Returns
    -------
    pathlib.Path
        The written ``report.html``.

    Raises
    ------
    InputError
        If the result has no landmarks, or they do not match its kinematics.
    OSError
        If the folder cannot be written.
    """
    # Imported here, not at the top: plotly and Jinja2 load only when a report is made,
    # not every time the server starts.
    from hingecoach.report.build import render_report
    from hingecoach.report.data import report_data_from_result

    data = report_data_from_result(result)
    # Drop the upload's temporary path: the report draws the skeleton on a plain canvas
    # and never points at (or copies) the uploaded video.
    provenance = dict(data.summary.get("provenance", {}))
    provenance["input"] = {
        key: value for key, value in provenance.get("input", {}).items() if key != "path"
    }
    data = replace(data, summary={**data.summary, "provenance": provenance})
    return render_report(data, folder).html


def check_video(path: Path, filename: str) -> None:
    """Raise one clear sentence when ``path`` is not a readable video.

    Raises
    ------
    InputError
        If FFmpeg cannot read a video stream from the file.
    """
    try:
        probe_video(path)
    except HingecoachError:
        raise InputError(
            f"{filename} is not a video this app can read; upload an MP4, MOV or WebM file."
        ) from None


class UploadJobs:
    """Runs uploaded-video analyses one at a time in background threads.

    Parameters
    ----------
    model : PoseModel
    root : pathlib.Path
        Uploads' folder: videos in ``incoming/``, HTML reports in ``reports/<job id>``.
    ttl_s : float
        A finished job and its report are forgotten and deleted this long after it ended.
    on_result : callable, optional
        Called with each finished analysis JSON (the program stores it in the history).
    """

    #: How often the background sweep looks for expired reports (seconds).
    SWEEP_EVERY_S = 60.0

    def __init__(
        self,
        model: PoseModel,
        root: Path,
        *,
        ttl_s: float = 3600.0,
        on_result: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self._model = model
        self._on_result = on_result
        self.root = Path(root)
        self._reports_dir = self.root / "reports"
        self._ttl_s = ttl_s
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Semaphore(1)

    def get(self, job_id: str) -> UploadJob | None:
        """The job with this id, if it is still kept."""
        with self._lock:
            return self._jobs.get(job_id)

    def pending(self) -> int:
        """Jobs queued or running."""
        with self._lock:
            return sum(job.state in ("queued", "running") for job in self._jobs.values())

    def clean_all(self) -> None:
        """Delete every upload and report under the root (at start-up and shut-down)."""
        shutil.rmtree(self.root, ignore_errors=True)

    def sweep(self, now: float | None = None) -> int:
        """Forget finished jobs older than ``ttl_s`` and delete their reports; return how many."""
        now = time.monotonic() if now is None else now
        with self._lock:
            expired = [
                job
                for job in self._jobs.values()
                if job.ended_at is not None and now - job.ended_at > self._ttl_s
            ]
            for job in expired:
                self._jobs.pop(job.id, None)
        for job in expired:
            shutil.rmtree(self._reports_dir / job.id, ignore_errors=True)
        return len(expired)

    async def sweep_forever(self) -> None:
        """Run :meth:`sweep` every ``SWEEP_EVERY_S`` until cancelled."""
        while True:
            await asyncio.sleep(self.SWEEP_EVERY_S)
            self.sweep()

    def submit(self, video: Path, filename: str) -> UploadJob:
        """Start analysing ``video`` (inside its own temp dir, deleted afterwards)."""
        job = UploadJob(uuid.uuid4().hex, filename)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS_KEPT:
                dropped = self._jobs.pop(next(iter(self._jobs)))
                shutil.rmtree(self._reports_dir / dropped.id, ignore_errors=True)
        thread = threading.Thread(
            target=self._run, args=(job, video), name=f"hingecoach-upload-{job.id[:6]}"
        )
        thread.daemon = True
        thread.start()
        return job

    def _run(self, job: UploadJob, video: Path) -> None:
        def on_progress(done: int, expected: int) -> None:
            with job.lock:
                job.frames_done, job.frames_expected = done, expected

        try:
            with self._one_at_a_time:
                with job.lock:
                    job.state = "running"
                result = analyze_video(video, model=self._model, on_progress=on_progress)
            record = session_to_dict(result)
            shutil.rmtree(video.parent, ignore_errors=True)
            self._store(record, job)
            report = self._report(result, job)
            with job.lock:
                job.result, job.report_html, job.state = record, report, "done"
        except HingecoachError as error:
            with job.lock:
                job.error, job.state = str(error), "error"
        except Exception:  # a crash in one analysis must not take the server down
            log.exception("Analysis of %s failed", job.filename)
            with job.lock:
                job.error = f"The analysis of {job.filename} failed unexpectedly; see the log."
                job.state = "error"
        finally:
            shutil.rmtree(video.parent, ignore_errors=True)
            with job.lock:
                job.ended_at = time.monotonic()

    def _store(self, record: dict[str, Any], job: UploadJob) -> None:
        """Hand the result to ``on_result``; a storage problem only loses the history entry."""
        if self._on_result is None:
            return
        try:
            self._on_result(record)
        except HingecoachError as error:
            log.warning("%s is not saved in the history: %s", job.filename, error)

    def _report(self, result: SessionResult, job: UploadJob) -> Path | None:
        """The job's HTML report, or None (the JSON result is shown instead)."""
        try:
            return write_html_report(result, self._reports_dir / job.id)
        except (HingecoachError, OSError, ValueError) as error:
            log.warning("No HTML report for %s: %s", job.filename, error)
            return None
