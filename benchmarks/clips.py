"""The evaluation clips: where they live, which have a known rep count, how a run scores.

Shared by the ``reps`` benchmark (which runs the real CLI in subprocesses) and by
``tests/clips/test_rep_accuracy.py`` (which calls :func:`analyze_clip` in worker processes).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import Any

#: The repository root, found from this file (never from the working directory).
REPO_ROOT = Path(__file__).resolve().parents[1]
#: The shared evaluation clips: read in place, never copied into the repository.
CLIPS_DIR = REPO_ROOT.parent / "shared" / "clips"
MANIFEST = CLIPS_DIR / "MANIFEST.csv"
#: Values the analysis JSON may give for ``view``.
KNOWN_VIEWS = frozenset({"side", "oblique", "front", "unknown"})
#: Targets from the issue: exact count on at least 95 % of clips, mean absolute error ≤ 0.05.
TARGET_EXACT_RATE = 0.95
TARGET_MAE = 0.05


@dataclass(frozen=True, slots=True)
class ManifestClip:
    """One row of ``MANIFEST.csv`` (the fields the benchmarks use)."""

    path: str
    exercise: str
    view: str
    label: str
    fault: str
    reps_expected: int | None
    frames: int
    width: int
    height: int
    fps: float

    @property
    def file(self) -> Path:
        """Absolute path of the video."""
        return CLIPS_DIR / self.path


def load_manifest(manifest: Path = MANIFEST) -> list[ManifestClip]:
    """Every clip of the manifest, in manifest order."""
    with Path(manifest).open(newline="", encoding="utf-8") as handle:
        return [
            ManifestClip(
                path=row["path"],
                exercise=row["exercise"],
                view=row["view"],
                label=row["label"],
                fault=row["fault"],
                reps_expected=int(row["reps_expected"]) if row["reps_expected"].strip() else None,
                frames=int(row["frames"]),
                width=int(row["width"]),
                height=int(row["height"]),
                fps=float(row["fps"]),
            )
            for row in csv.DictReader(handle)
        ]


def clips_with_labels(manifest: Path = MANIFEST) -> list[ManifestClip]:
    """Clips labelled good or bad (the form benchmark's), in manifest order."""
    return [clip for clip in load_manifest(manifest) if clip.label in ("good", "bad")]


def clips_with_reps(manifest: Path = MANIFEST) -> list[ManifestClip]:
    """Clips whose rep count is known (non-empty ``reps_expected``), in manifest order."""
    return [clip for clip in load_manifest(manifest) if clip.reps_expected is not None]


def longest_first(clips: list[ManifestClip]) -> list[ManifestClip]:
    """Clips ordered for a worker pool: the most frames first, so the workers end together.

    Time goes mostly per frame (the pose model sees a 256-px crop whatever the picture's
    size), so the frame count is the cost estimate.
    """
    return sorted(clips, key=lambda clip: clip.frames, reverse=True)


@dataclass(frozen=True, slots=True)
class ClipRun:
    """The outcome of analysing one clip.

    ``session`` is the analysis JSON (as a dict) or None when the analysis failed, in
    which case ``error`` says why and the clip scores as 0 reps counted (what a user sees).
    """

    clip: ManifestClip
    session: dict[str, Any] | None
    seconds: float
    error: str | None = None
    #: The SessionResult itself, when the clip was analysed in this process's pool.
    result: Any = None

    @property
    def counted(self) -> int:
        """Reps counted (0 when the analysis failed)."""
        return 0 if self.session is None else int(self.session["rep_count"])

    @property
    def detected_view(self) -> str:
        """The view the analysis found, or ``error``."""
        return "error" if self.session is None else str(self.session["view"])

    @property
    def abs_error(self) -> int:
        """Absolute difference between counted and expected reps."""
        return abs(self.counted - (self.clip.reps_expected or 0))

    def as_record(self) -> dict[str, Any]:
        """Flat record for the results JSON."""
        session = self.session or {}
        return {
            "path": self.clip.path,
            "exercise": self.clip.exercise,
            "view_manifest": self.clip.view,
            "view_detected": self.detected_view,
            "expected": self.clip.reps_expected,
            "counted": self.counted,
            "abs_error": self.abs_error,
            "seconds": round(self.seconds, 2),
            "frames": session.get("frames"),
            "fps": session.get("fps"),
            "frames_with_person": session.get("frames_with_person"),
            "warnings": session.get("warnings", []),
            "error": self.error,
        }


def summarize(runs: list[ClipRun]) -> dict[str, Any]:
    """Exact-match rate and mean absolute error over the runs, against the issue's targets."""
    n_clips = len(runs)
    n_exact = sum(run.abs_error == 0 for run in runs)
    exact_rate = n_exact / n_clips if n_clips else 0.0
    mae = fmean(run.abs_error for run in runs) if n_clips else 0.0
    return {
        "n_clips": n_clips,
        "n_exact": n_exact,
        "exact_rate": round(exact_rate, 4),
        "mae": round(mae, 4),
        "n_failed": sum(run.session is None for run in runs),
        "target_exact_rate": TARGET_EXACT_RATE,
        "target_mae": TARGET_MAE,
        "meets_targets": exact_rate >= TARGET_EXACT_RATE and mae <= TARGET_MAE,
    }


def format_table(runs: list[ClipRun]) -> str:
    """Markdown table: one row per clip, expected against counted."""
    lines = [
        "| clip | exercise | view (manifest → detected) | expected | counted | abs err | s |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for run in runs:
        mark = "" if run.abs_error == 0 else " ✗"
        lines.append(
            f"| {run.clip.path} | {run.clip.exercise} | {run.clip.view} → {run.detected_view} "
            f"| {run.clip.reps_expected} | {run.counted}{mark} | {run.abs_error} "
            f"| {run.seconds:.1f} |"
        )
    failed = [run for run in runs if run.error]
    lines.extend(f"\n`{run.clip.path}` failed: {run.error}" for run in failed)
    return "\n".join(lines)


def format_summary(summary: dict[str, Any]) -> str:
    """One line: exact matches, rate and MAE against the targets."""
    verdict = "meets" if summary["meets_targets"] else "MISSES"
    return (
        f"{summary['n_exact']}/{summary['n_clips']} clips exact "
        f"({summary['exact_rate']:.1%}), MAE {summary['mae']:.3f} reps; {verdict} the targets "
        f"(exact ≥ {summary['target_exact_rate']:.0%}, MAE ≤ {summary['target_mae']})."
    )


def analyze_clip(clip: ManifestClip, model: str = "full", backend: str = "legacy") -> ClipRun:
    """Analyse one clip in this process with :func:`analyze_video` (for worker pools).

    A :class:`~hingecoach.errors.HingecoachError` is caught and recorded, as the CLI
    would print it, so that one failing clip does not stop the others.
    """
    from hingecoach.analysis.video import analyze_video
    from hingecoach.errors import HingecoachError
    from hingecoach.export.json_export import session_to_dict
    from hingecoach.pose.backends import PoseBackend
    from hingecoach.pose.mediapipe_backend import PoseModel

    start = time.perf_counter()
    try:
        result = analyze_video(clip.file, model=PoseModel(model), backend=PoseBackend(backend))
    except HingecoachError as error:
        return ClipRun(clip, None, time.perf_counter() - start, error=str(error))
    return ClipRun(clip, session_to_dict(result), time.perf_counter() - start, result=result)


def analyze_clips(
    clips: list[ManifestClip],
    jobs: int = 2,
    on_run: Callable[[ClipRun, int, int], None] | None = None,
) -> list[ClipRun]:
    """Analyse clips in worker processes (:func:`analyze_clip`), returned in the order given.

    Workers are spawned, so each starts MediaPipe in a clean process rather than a fork.
    ``on_run``, when given, is called with each run as it finishes, the number finished
    so far and the total (so a caller can report progress).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    runs: dict[str, ClipRun] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(analyze_clip, clip) for clip in longest_first(clips)]
        for future in as_completed(futures):
            run = future.result()
            runs[run.clip.path] = run
            if on_run is not None:
                on_run(run, len(runs), len(clips))
    return [runs[clip.path] for clip in clips]
