"""``hingecoach batch``: analyse a folder of videos, locally or on a Ray cluster."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from hingecoach.cli.extras import require_extra
from hingecoach.pose.mediapipe_backend import PoseModel

#: Rows printed as a table at the end; a bigger batch prints counts (the CSV has all).
_MAX_TABLE_ROWS = 40


class _Throughput:
    """Videos per minute and frames per second since the batch started."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.videos = 0
        self.frames = 0

    def add(self, frames: int) -> str:
        self.videos += 1
        self.frames += frames
        elapsed = max(time.perf_counter() - self.start, 1e-6)
        return f"{60 * self.videos / elapsed:.1f} videos/min, {self.frames / elapsed:.0f} frames/s"


def _progress(console: Console, quiet: bool) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=quiet,
    )


def _print_rows(console: Console, rows: list[dict[str, Any]]) -> None:
    """The finished videos as a table (or counts for a big batch), errors always listed."""
    failed = [row for row in rows if row["status"] == "error"]
    if len(rows) <= _MAX_TABLE_ROWS:
        table = Table("video", "variant", "view", "reps", "set score", "faults")
        for row in rows:
            if row["status"] == "ok":
                score = "" if row["set_score"] is None else f"{row['set_score']:.0f}"
                cells = (row["variant"] or "", row["view"] or "", str(row["reps"]), score)
                table.add_row(escape(row["video"]), *cells, escape(row["faults"] or ""))
        if table.rows:
            console.print(table)
    for row in failed:
        console.print(f"[red]✗[/red] {escape(row['video'])}: {escape(row['error'])}")


def batch(
    source: Annotated[
        str, typer.Argument(help="A folder of videos (searched recursively) or a glob pattern.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Output folder (created if missing).")],
    model: Annotated[PoseModel, typer.Option(help="Pose model.")] = PoseModel.FULL,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Videos at a time (0: one per core).")
    ] = 0,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray", help="Run on Ray: 'local' for a local Ray, or a cluster's address."
        ),
    ] = None,
    report: Annotated[
        bool, typer.Option("--report", help="A full report folder per video, not only JSON.")
    ] = False,
    retry_errors: Annotated[
        bool, typer.Option("--retry-errors", help="Try the videos that failed before again.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyse many videos: one folder each, a summary table (CSV, Parquet); resumable.

    A video already analysed with the same settings (same bytes, wherever it lies) is
    skipped. A video that fails is listed with its reason and the rest go on; Ctrl-C
    keeps every video finished so far and the summary of them. Exit code 1 when any
    video failed.
    """
    from hingecoach.analysis.parallel import available_cores
    from hingecoach.batch.jobs import BatchSettings, find_videos, make_job
    from hingecoach.batch.runner import finished_rows, plan_batch, run_batch, run_pool, run_ray
    from hingecoach.batch.store import BatchOutput, write_summary

    console, error_console = Console(), Console(stderr=True)
    if jobs < 0:
        raise typer.BadParameter(f"--jobs must be 0 or more, got {jobs}.")
    if ray_address is not None:
        require_extra("scale", "`hingecoach batch --ray`")
    if report:
        require_extra("report", "`hingecoach batch --report`")
    settings = BatchSettings(model=model.value, report=report)
    paths = find_videos(source)
    output = BatchOutput(out)
    output.prepare()
    with error_console.status(f"Hashing {len(paths)} videos", spinner="dots"):
        video_jobs = [make_job(path, settings) for path in paths]
    plan = plan_batch(video_jobs, output, retry_errors=retry_errors)
    workers = max(1, min(jobs or available_cores(), len(plan.todo) or 1))
    if ray_address is None:
        outcomes = partial(run_pool, output=output, workers=workers)
    else:
        outcomes = partial(run_ray, output=output, workers=workers, address=ray_address)
    if plan.done:
        error_console.print(
            f"{len(plan.done)} of {len(video_jobs)} videos already done with these settings; "
            "skipping them."
        )
    interrupted = False
    try:
        with _progress(error_console, quiet) as progress:
            task = progress.add_task("Analysing", total=len(plan.todo), rate="")
            throughput = _Throughput()

            def on_outcome(outcome: Any) -> None:
                progress.update(task, advance=1, rate=throughput.add(outcome.frames))

            run_batch(plan, output, outcomes, on_outcome)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        rows = finished_rows(video_jobs, output)
        csv_path, parquet_path = write_summary(out, rows)
    if not quiet:
        _print_rows(console, rows)
    n_failed = sum(row["status"] == "error" for row in rows)
    console.print(
        f"{len(rows)} of {len(video_jobs)} videos done ({n_failed} failed); summary: "
        f"{csv_path} and {parquet_path}."
    )
    if interrupted:
        error_console.print("Interrupted: the videos finished so far are kept; run again to go on.")
        raise SystemExit(130)  # typer.Exit's code is lost outside standalone mode
    if n_failed:
        raise SystemExit(1)
