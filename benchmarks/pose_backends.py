"""Pose backends side by side: MediaPipe's legacy Solution API against its Tasks API.

One run analyses every clip with a rep count or a good/bad label with each backend (the
same pipeline otherwise), then compares, per backend: reps exact and MAE, the form figures
(F1, false faults on good clips, LOSO, live vs offline), tracking coverage (share of
frames with a body) and pose speed on one clip, measured interleaved in the same run so
that the ratio holds on a busy machine. The switch decision is written under the table.
"""

from __future__ import annotations

import functools
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from statistics import median
from typing import Any

from benchmarks.clips import (
    CLIPS_DIR,
    ClipRun,
    analyze_clip,
    load_manifest,
    longest_first,
    summarize,
)
from benchmarks.form import evaluate, to_labelled
from benchmarks.report import finish_metadata, start_metadata, update_readme, write_result
from hingecoach.form.params import FaultThresholds

BACKENDS = ("legacy", "tasks")
#: The clip whose pose speed is compared (720p, a full deadlift).
SPEED_CLIP = "bichraix/good014.mp4"


def _runs(backend: str, jobs: int) -> list[ClipRun]:
    clips = [
        c for c in load_manifest() if c.reps_expected is not None or c.label in ("good", "bad")
    ]
    context = multiprocessing.get_context("spawn")
    work = functools.partial(analyze_clip, backend=backend)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        done = {run.clip.path: run for run in pool.map(work, longest_first(clips))}
    return [done[clip.path] for clip in clips]


def _pose_fps(backend: str, frames: list[Any]) -> float:
    from hingecoach.pose.backends import PoseBackend, open_pose_estimator
    from hingecoach.pose.mediapipe_backend import PoseModel

    with open_pose_estimator(PoseBackend(backend), PoseModel.FULL, segmentation=True) as pose:
        start = time.perf_counter()
        for frame in frames:
            pose.estimate(frame.rgb, index=frame.index, t_s=frame.t_s)
        return len(frames) / (time.perf_counter() - start)


def _speed(rounds: int = 3) -> dict[str, list[float]]:
    from hingecoach.source.video_file import iter_video_frames

    frames = list(iter_video_frames(CLIPS_DIR / SPEED_CLIP))
    fps: dict[str, list[float]] = {name: [] for name in BACKENDS}
    for _ in range(rounds):
        for name in BACKENDS:
            fps[name].append(_pose_fps(name, frames))
    return fps


def _coverage(runs: list[ClipRun]) -> float:
    sessions = [run.session for run in runs if run.session is not None]
    frames = sum(int(s["frames"]) for s in sessions)
    return sum(int(s["frames_with_person"]) for s in sessions) / frames if frames else 0.0


def _figures(runs: list[ClipRun]) -> dict[str, Any]:
    with_reps = [run for run in runs if run.clip.reps_expected is not None]
    form = evaluate(to_labelled(runs), FaultThresholds())
    return {
        "reps": summarize(with_reps),
        "coverage": round(_coverage(runs), 4),
        "form_full": form["full_set"],
        "form_loso": form["leave_one_source_out"],
        "live_vs_offline": form["live_vs_offline"],
        "failed": [{"path": r.clip.path, "error": r.error} for r in runs if r.error],
        "counts": {r.clip.path: r.counted for r in with_reps},
    }


def format_table(payload: dict[str, Any]) -> str:
    """Markdown: one row per figure, one column per backend."""
    rows = [
        ("reps exact", lambda f: f"{f['reps']['n_exact']}/{f['reps']['n_clips']}"),
        ("reps MAE", lambda f: f"{f['reps']['mae']:.3f}"),
        ("tracking coverage", lambda f: f"{f['coverage']:.1%}"),
    ]
    for code in ("rounded_back", "squatting"):
        rows.append((f"{code} F1 (LOSO)", lambda f, c=code: _f1(f, c)))
    rows += [
        ("good clips with a fault", lambda f: _false_rate(f["form_full"])),
        ("live vs offline reps agreeing", lambda f: _live(f["live_vs_offline"])),
    ]
    lines = ["| figure | " + " | ".join(BACKENDS) + " |", "|---|" + "---:|" * len(BACKENDS)]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(cell(payload[b]) for b in BACKENDS) + " |")
    speed = payload["pose_fps"]
    lines.append(
        "| pose fps, full + mask, median of rounds | "
        + " | ".join(f"{median(speed[b]):.1f}" for b in BACKENDS)
        + " |"
    )
    ratios = [t / leg for t, leg in zip(speed["tasks"], speed["legacy"], strict=True)]
    meta = payload["meta"]
    lines += [
        "",
        f"Tasks / legacy pose speed, median of per-round ratios: {median(ratios):.2f} "
        f"(rounds {', '.join(f'{r:.2f}' for r in ratios)}). "
        f"Commit {meta['git_commit']}, {meta['date']}; 1-min load average "
        f"{meta['load_average_1min_start']} at the start, {meta['load_average_1min_end']} at "
        "the end (other work on this 2-core machine slows both backends alike).",
    ]
    return "\n".join(lines)


def _f1(figures: dict[str, Any], code: str) -> str:
    full = figures["form_full"]["per_fault"].get(code, {}).get("f1")
    loso = figures["form_loso"]["per_fault"].get(code, {}).get("f1")
    return f"{full:.2f} ({loso:.2f})" if full is not None and loso is not None else "–"


def _false_rate(full: dict[str, Any]) -> str:
    return f"{full['good_clips_with_any_fault']}/{full['good_clips']}"


def _live(live: dict[str, Any]) -> str:
    return f"{live['agreeing']}/{live['reps']}"


def run_pose_backends(*, jobs: int = 2) -> dict[str, Any]:
    """Run both backends over the clips; write results/pose_backends.json and the table."""
    meta = start_metadata(jobs=jobs)
    payload: dict[str, Any] = {}
    for backend in BACKENDS:
        payload[backend] = _figures(_runs(backend, jobs))
    payload["pose_fps"] = _speed()
    payload["meta"] = finish_metadata(meta)
    write_result("pose_backends", payload)
    update_readme("pose_backends", format_table(payload))
    print(format_table(payload), flush=True)
    return payload
