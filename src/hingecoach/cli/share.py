"""`hingecoach share`: a PDF and a data zip for the clinician, from a report folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from hingecoach.cli.extras import require_extra

if TYPE_CHECKING:
    from hingecoach.report.html import ExtraSection

console = Console()


def history_sections(report_dir: Path) -> list[ExtraSection]:
    """Pages about the person's program to add to the PDF (sessions, pain, progression).

    The hook for the program: it returns the sections to print after the set's summary
    (:class:`~hingecoach.report.html.ExtraSection`: id, title, trusted HTML). Until the
    program keeps a history there is nothing to add.
    """
    return []


def share(
    report_dir: Annotated[
        Path, typer.Argument(help="A report folder (from `analyze VIDEO --report DIR`).")
    ],
    with_frames: Annotated[
        bool,
        typer.Option(
            "--with-frames",
            help="Put pictures from the video in the PDF (default: stick figures only).",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The PDF's path (default: REPORT_DIR/for-clinician.pdf); the zip "
            "of the data is written beside it with .zip.",
        ),
    ] = None,
) -> None:
    """Make a PDF for your clinician, and a zip of the measurements (JSON, CSV, TRC)."""
    require_extra("report", "`hingecoach share`")
    from hingecoach.report.share import share_report

    with console.status("Printing the PDF"):
        files = share_report(
            report_dir,
            out,
            with_frames=with_frames,
            extra_sections=history_sections(report_dir),
        )
    console.print(f"PDF for your clinician: {files.pdf.resolve()}", soft_wrap=True)
    console.print(f"Data (JSON, CSV, TRC): {files.archive.resolve()}", soft_wrap=True)
    if files.missing:
        console.print(
            f"[yellow]Not in the zip (missing from the report folder): "
            f"{', '.join(files.missing)}[/yellow]"
        )
    if with_frames:
        console.print(
            "[yellow]The PDF shows pictures of you: share it only with people you choose.[/yellow]"
        )
