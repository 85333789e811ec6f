"""Rich rendering of a session result in the terminal."""

from __future__ import annotations

import math

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from hingecoach.analysis.result import SessionResult


def _fmt(value: float, digits: int = 0, suffix: str = "") -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}{suffix}"


def rep_table(result: SessionResult) -> Table:
    """One row per rep: timing, tempo, the angles at the bottom, score and faults."""
    table = Table(
        title="Reps",
        title_justify="left",
        caption=(
            "down/up: lowering and rising time; hip/knee/trunk: angles at the bottom; "
            "back: hip shift behind the ankles in leg lengths; *: began at the bottom; "
            "~: low tracking confidence"
        ),
        caption_justify="left",
    )
    for heading in (
        "#",
        "bottom s",
        "down s",
        "up s",
        "hip°",
        "knee°",
        "trunk°",
        "back",
        "score",
        "faults",
    ):
        table.add_column(heading, justify="left" if heading == "faults" else "right")
    rep_forms = result.form.reps if result.form is not None else (None,) * result.rep_count
    for rep, form in zip(result.reps, rep_forms, strict=True):
        marks = ("*" if rep.started_at_bottom else "") + ("~" if rep.quality != "good" else "")
        faults = ", ".join(f.code.value for f in form.faults) if form is not None else ""
        table.add_row(
            f"{rep.index}{marks}",
            _fmt(rep.bottom_s, 1),
            _fmt(rep.lowering_s, 1),
            _fmt(rep.rising_s, 1),
            _fmt(rep.peak_hip_flexion_deg),
            _fmt(rep.knee_flexion_at_bottom_deg),
            _fmt(rep.trunk_inclination_at_bottom_deg),
            _fmt(rep.hip_shift_at_bottom_leg, 2),
            str(form.score) if form is not None else "–",
            faults or "[green]clean[/green]",
        )
    return table


def _form_lines(result: SessionResult) -> list[str]:
    form = result.form
    if form is None or form.score is None:
        return []
    lines = [f"Set score: [bold]{form.score}[/bold]/100"]
    if form.focus is None:
        lines.append("[green]No faults seen in the checks this view allows. Keep it up.[/green]")
    else:
        lines.append(
            f"Work on next: [bold]{form.focus.code.value.replace('_', ' ')}[/bold] "
            f"({form.focus.reps_affected} of {result.rep_count} reps) — "
            f'"{form.focus.cue}"'
        )
        lines.append(f"Drill: {form.focus.learning_aid}")
    for missing in form.not_checked:
        lines.append(f"[dim]Not checked: {missing.code.value} — {missing.reason}.[/dim]")
    return lines


def summary_panel(result: SessionResult, title: str) -> Panel:
    """The set in a few lines: reps, tempo, depth, view and warnings."""
    lines = [f"[bold]{result.rep_count}[/bold] rep(s) counted"]
    if result.partial_reps:
        lines[0] += f", {len(result.partial_reps)} unfinished descent(s) not counted"
    if result.not_counted:
        lines[0] += f", {len(result.not_counted)} rise(s) after letting go not counted"
    if result.reps:
        depth = [rep.peak_hip_flexion_deg for rep in result.reps]
        lowering = [rep.lowering_s for rep in result.reps if not rep.started_at_bottom]
        lines.append(f"Hip flexion at the bottom: {min(depth):.0f}–{max(depth):.0f}°")
        if lowering:
            lines.append(f"Lowering time: {sum(lowering) / len(lowering):.1f} s on average")
    lines += _form_lines(result)
    view = result.view
    lines.append(
        f"View: {view.view.value} (confidence {view.confidence:.0%}), "
        f"{view.side.value} side towards the camera; {result.frames} frames, "
        f"{result.duration_s:.1f} s at {result.fps:.0f} fps; person tracked in "
        f"{result.frames_with_person / max(result.frames, 1):.0%} of frames"
    )
    for warning in result.warnings:
        lines.append(f"[yellow]! {warning}[/yellow]")
    return Panel("\n".join(lines), title=title, expand=False)


def print_result(console: Console, result: SessionResult, title: str) -> None:
    """Print the rep table (when there are reps) and the summary."""
    if result.reps:
        console.print(rep_table(result))
    console.print(summary_panel(result, title))
