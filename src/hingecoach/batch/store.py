"""A batch's output folder: one folder per video, written atomically, and the summary.

Layout of ``OUT``::

    OUT/videos/<name>-<sha12>-<settings>/   analysis.json, kinematics.csv (or a full
                                           report folder) and record.json
    OUT/summary.csv, OUT/summary.parquet   one row per video finished so far
    OUT/.staging/                          work in progress (removed at the next start)

A worker writes a video's files into a staging folder; the parent adds ``record.json``
(the summary row) and renames the folder into ``videos/`` in one step. A folder in
``videos/`` is therefore always complete, whatever interrupts the batch, and a video is
done when its folder holds a ``record.json`` with its key.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hingecoach.batch.jobs import VideoJob

RECORD_NAME = "record.json"
SUMMARY_CSV = "summary.csv"
SUMMARY_PARQUET = "summary.parquet"
#: Columns of the summary table, in order.
COLUMNS = (
    "video", "path", "status", "error", "variant", "view", "reps", "partial_reps",
    "set_score", "mean_rep_score", "faults", "set_faults", "focus", "frames", "duration_s",
    "warnings", "seconds", "model", "sha256", "folder",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BatchOutput:
    """Paths of a batch's output folder (see the module docstring)."""

    root: Path

    @property
    def videos(self) -> Path:
        """Where each finished video's folder goes."""
        return self.root / "videos"

    @property
    def staging(self) -> Path:
        """Where workers write before the parent moves a folder into place."""
        return self.root / ".staging"

    def prepare(self) -> None:
        """Create the folders and drop what an interrupted run left half-written."""
        self.videos.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True, exist_ok=True)

    def new_staging_folder(self, job: VideoJob) -> Path:
        """A fresh, empty staging folder for one video's files."""
        folder = self.staging / f"{job.folder_name}-{uuid.uuid4().hex[:8]}"
        folder.mkdir(parents=True)
        return folder

    def record(self, job: VideoJob) -> dict[str, Any] | None:
        """The finished record of a job with the same key, or None."""
        path = self.videos / job.folder_name / RECORD_NAME
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if record.get("key") == job.key else None

    def commit(self, job: VideoJob, staged: Path | None, row: dict[str, Any]) -> dict[str, Any]:
        """Write the record into the staged folder and move it into place atomically."""
        staged = staged or self.new_staging_folder(job)
        record = {"key": job.key, "row": {**row, "folder": f"videos/{job.folder_name}"}}
        write_atomic(staged / RECORD_NAME, json.dumps(record, indent=2) + "\n")
        final = self.videos / job.folder_name
        if final.exists():  # an earlier result with other settings or a failed attempt
            old = self.staging / f"old-{uuid.uuid4().hex[:8]}"
            final.rename(old)
            shutil.rmtree(old, ignore_errors=True)
        staged.rename(final)
        return record


def write_atomic(path: Path, text: str) -> None:
    """Write a text file by writing a temporary file beside it and renaming it."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def _fault_counts(session: dict[str, Any]) -> str:
    """Faults over the reps as ``code×n`` joined with ``; ``, most frequent first."""
    counts = Counter(
        fault["code"] for rep in session.get("reps", []) for fault in rep.get("faults", [])
    )
    return "; ".join(f"{code}×{n}" for code, n in counts.most_common())


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def summary_row(job: VideoJob, session: dict[str, Any] | None, error: str | None,
                seconds: float) -> dict[str, Any]:  # fmt: skip
    """One summary row from a video's analysis JSON (as a dict), or from its error."""
    session = session or {}
    rep_scores = [rep["score"] for rep in session.get("reps", []) if rep.get("score") is not None]
    focus = session.get("focus") or {}
    return {
        "video": job.path.name,
        "path": str(job.path),
        "status": "error" if error else "ok",
        "error": error,
        # The variant recognised by the analysis (the JSON's ``exercise``, when it has one).
        "variant": session.get("exercise"),
        "view": session.get("view"),
        "reps": session.get("rep_count"),
        "partial_reps": len(session["partial_reps"]) if "partial_reps" in session else None,
        "set_score": session.get("score"),
        "mean_rep_score": _mean(rep_scores),
        "faults": _fault_counts(session) if session else None,
        "set_faults": "; ".join(session.get("set_faults", [])) if session else None,
        "focus": focus.get("code"),
        "frames": session.get("frames"),
        "duration_s": session.get("duration_s"),
        "warnings": " | ".join(session.get("warnings", [])) if session else None,
        "seconds": round(seconds, 2),
        "model": job.settings.model,
        "sha256": job.sha256,
        "folder": None,
    }


def write_summary(root: Path, rows: list[dict[str, Any]]) -> tuple[Path, Path]:
    """Write the summary as CSV and Parquet (each atomically); return both paths."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{column: row.get(column) for column in COLUMNS} for row in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    csv_path, parquet_path = root / SUMMARY_CSV, root / SUMMARY_PARQUET
    write_atomic(csv_path, buffer.getvalue())
    table = pa.Table.from_pylist(rows, schema=_schema(pa))
    temporary = parquet_path.with_name(f".{parquet_path.name}.{uuid.uuid4().hex[:8]}.tmp")
    pq.write_table(table, temporary)
    temporary.replace(parquet_path)
    return csv_path, parquet_path


def _schema(pa: Any) -> Any:
    """Column types: counts are integers, scores and times floats, the rest text."""
    integers = {"reps", "partial_reps", "frames"}
    floats = {"set_score", "mean_rep_score", "duration_s", "seconds"}
    return pa.schema(
        [
            (name, pa.int64() if name in integers else pa.float64() if name in floats
             else pa.string())
            for name in COLUMNS
        ]
    )  # fmt: skip
