"""Uploaded videos: saved to a private temp dir, analysed in a background thread, deleted.

The video never leaves this machine; the temporary folder is removed as soon as the
analysis ends, whether it worked or not.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import threading
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


def new_upload_dir() -> Path:
    """A private temporary folder for one upload (mode 0700)."""
    return Path(tempfile.mkdtemp(prefix="hingecoach-upload-"))


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
    reports_dir : pathlib.Path
        HTML reports of finished uploads go into a sub-folder per job.
    on_result : callable, optional
        Called with each finished analysis JSON (the program stores it in the history).
    """

    def __init__(
        self,
        model: PoseModel,
        reports_dir: Path,
        on_result: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self._model = model
        self._on_result = on_result
        self._reports_dir = reports_dir
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Semaphore(1)

    def get(self, job_id: str) -> UploadJob | None:
        """The job with this id, if it is still kept."""
        with self._lock:
            return self._jobs.get(job_id)

    def submit(self, video: Path, filename: str) -> UploadJob:
        """Start analysing ``video`` (inside its own temp dir, deleted afterwards)."""
        job = UploadJob(uuid.uuid4().hex, filename)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS_KEPT:
                self._jobs.pop(next(iter(self._jobs)))
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
