"""Rep-count accuracy of the real ``hingecoach analyze`` over every clip with a known count."""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from benchmarks.cli_run import run_analyze_cli
from benchmarks.clips import (
    ClipRun,
    ManifestClip,
    clips_with_reps,
    format_summary,
    format_table,
    longest_first,
    summarize,
)
from benchmarks.report import finish_metadata, start_metadata, update_readme, write_result


def _run_one(clip: ManifestClip, workdir: Path, model: str) -> ClipRun:
    run = run_analyze_cli(clip.file, workdir=workdir, model=model)
    error = None
    if run.session is None:
        error = f"exit {run.returncode}: {run.stderr.splitlines()[-1] if run.stderr else ''}"
    return ClipRun(clip, run.session, run.seconds, error=error)


def run_clips(clips: list[ManifestClip], *, jobs: int, model: str) -> list[ClipRun]:
    """Analyse the clips with the CLI, ``jobs`` subprocesses at a time; manifest order out."""
    by_path: dict[str, ClipRun] = {}
    with (
        tempfile.TemporaryDirectory(prefix="hingecoach-bench-") as tmp,
        ThreadPoolExecutor(max_workers=jobs) as pool,
    ):
        futures = [pool.submit(_run_one, clip, Path(tmp), model) for clip in longest_first(clips)]
        for future in as_completed(futures):
            run = future.result()
            by_path[run.clip.path] = run
            status = "ok" if run.abs_error == 0 else "MISS"
            print(
                f"  [{len(by_path):2d}/{len(clips)}] {run.clip.path}: expected "
                f"{run.clip.reps_expected}, counted {run.counted} ({status}, "
                f"{run.seconds:.1f} s){' ' + run.error if run.error else ''}",
                flush=True,
            )
    return [by_path[clip.path] for clip in clips]


def run_reps(*, jobs: int = 2, model: str = "full") -> dict[str, Any]:
    """Run the reps benchmark, write ``results/reps.json`` and the README table."""
    clips = clips_with_reps()
    print(f"reps: {len(clips)} clips, {jobs} at a time, model {model}", flush=True)
    command = "python -m hingecoach analyze CLIP --json TMP -q"
    meta = start_metadata(model=model, jobs=jobs, command=command)
    runs = run_clips(clips, jobs=jobs, model=model)
    summary = summarize(runs)
    meta = finish_metadata(meta)
    payload = {"meta": meta, "summary": summary, "clips": [run.as_record() for run in runs]}
    write_result("reps", payload)
    wall = sum(run.seconds for run in runs)
    update_readme(
        "reps",
        f"{format_table(runs)}\n\n**{format_summary(summary)}** Commit {meta['git_commit']}, "
        f"{meta['date']}, model {model}, {jobs} clips at a time "
        f"({wall:.0f} s of analysis in total).",
    )
    print(f"reps: {format_summary(summary)}", flush=True)
    return payload


def run_reps_cached(cache: Path) -> list[ClipRun]:
    """The dev loop: the same table from cached poses (seconds; never the committed result).

    Each clip's pickled :class:`~hingecoach.analysis.video.TrackedVideo` (see
    :mod:`benchmarks.reps_loso`) goes through :func:`analyze_landmarks`, as
    ``analyze_video`` would after pose.
    """
    import time

    from benchmarks.reps_loso import load_cached
    from hingecoach.analysis.offline import analyze_landmarks
    from hingecoach.export.json_export import session_to_dict

    runs = []
    for clip, tracked in load_cached(cache):
        start = time.perf_counter()
        result = analyze_landmarks(
            tracked.series, model_name=tracked.model_name, contours=tracked.contours
        )
        runs.append(ClipRun(clip, session_to_dict(result), time.perf_counter() - start))
    return runs


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.reps --cached [DIR]``: the reps table from the pose cache."""
    import argparse

    from benchmarks.reps_loso import DEFAULT_CACHE

    parser = argparse.ArgumentParser(prog="python -m benchmarks.reps")
    parser.add_argument("--cached", type=Path, nargs="?", const=DEFAULT_CACHE, required=True)
    args = parser.parse_args(argv)
    runs = run_reps_cached(args.cached)
    print(format_table(runs))
    print(format_summary(summarize(runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
