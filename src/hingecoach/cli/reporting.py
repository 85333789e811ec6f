"""CLI glue for reports: progress bars around writing and re-rendering a report folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from hingecoach.analysis.result import SessionResult
from hingecoach.cli.extras import require_extra

if TYPE_CHECKING:  # the report stack (PyAV, OpenCV, plotly) loads only when a report is made
    from hingecoach.report.build import ReportFiles

ProgressCallback = Callable[[int, int], None]
#: The progress bar's text while a report's annotated video is drawn.
REPORT_VIDEO_TASK = "Drawing the report video"

ReportOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help="Write a report folder here: report.html, overlay.mp4, analysis.json, "
        "kinematics.csv, markers.trc (OpenSim) and frames.npz.",
    ),
]


@contextmanager
def progress_bar(
    console: Console, description: str, *, quiet: bool = False
) -> Iterator[ProgressCallback]:
    """A transient Rich progress bar for a frame-by-frame job; yields its callback.

    Parameters
    ----------
    console : rich.console.Console
        Where the bar is drawn (stderr, so it never mixes with the printed results).
    description : str
        The task's text, shown left of the bar.
    quiet : bool
        Draw nothing (the callback still works).

    Yields
    ------
    callable
        Call with ``(frames_done, frames_expected)``; an expected count of 0 (unknown)
        shows a pulsing bar.
    """
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=quiet,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=None)

        def on_progress(done: int, expected: int) -> None:
            progress.update(task, completed=done, total=max(expected, done) or None)

        yield on_progress


def _print_files(console: Console, files: ReportFiles) -> None:
    console.print(f"Report: {files.html.resolve()}", soft_wrap=True)
    if files.overlay is not None:
        console.print(f"Annotated video: {files.overlay.resolve()}", soft_wrap=True)


EmbedVideoOption = Annotated[
    bool,
    typer.Option(
        "--embed-video",
        help="Put the annotated video inside report.html too (a larger file, but one "
        "file to share; its size is stated in the page).",
    ),
]


def write_report_folder(
    console: Console,
    progress_console: Console,
    result: SessionResult,
    folder: Path,
    *,
    quiet=False,
    embed_video=False,
    aids: frozenset[str] | None = None,
) -> ReportFiles:
    """Write a report folder with a progress bar and print where it is."""
    require_extra("report", "A report")
    from hingecoach.report.build import write_report
    from hingecoach.report.draw import DEFAULT_AIDS

    with progress_bar(progress_console, REPORT_VIDEO_TASK, quiet=quiet) as on_progress:
        files = write_report(
            result,
            folder,
            on_progress=on_progress,
            embed_overlay=embed_video,
            aids=DEFAULT_AIDS if aids is None else aids,
        )
    _print_files(console, files)
    return files


def rerender_report_folder(
    console: Console,
    progress_console: Console,
    analysis_json: Path,
    *,
    quiet=False,
    embed_video=False,
) -> ReportFiles:
    """Render a report folder again from its saved data, with a progress bar."""
    require_extra("report", "A report")
    from hingecoach.report.build import rerender_report

    with progress_bar(progress_console, REPORT_VIDEO_TASK, quiet=quiet) as on_progress:
        files = rerender_report(analysis_json, on_progress=on_progress, embed_overlay=embed_video)
    _print_files(console, files)
    return files
