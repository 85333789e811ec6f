"""Rich rendering of a session result in the terminal.

Laid out for the default 80 columns: the per-rep numbers go in a table whose headings
wrap and say their units, and the faults, in plain words, in a list under it (a fault is
never cut short); a range is printed only when its ends differ.
"""

from __future__ import annotations

import math

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from hingecoach.analysis.result import SessionResult
from hingecoach.form.explain import fault_name

#: The rep table's columns: heading (units in it) and the widest value it usually holds,
#: characters (a wider one folds onto a second line, never cut).
REP_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Rep", 4),  # "12*~"
    ("Bottom at (s)", 5),  # "123.4"
    ("Down/up (s)", 9),  # "12.7/14.5"
    ("Hip bend (°)", 3),
    ("Knee bend (°)", 3),
    ("Trunk lean (°)", 3),
    ("Hips back (leg lengths)", 5),  # "-0.12"
    ("Score (/100)", 3),
)
REP_CAPTION = (
    "At the bottom of each rep: hip and knee bend, trunk lean from upright, and how far "
    "the hips moved back behind the ankles, in leg lengths (hip to ankle). Down/up: "
    "lowering and rising time. *: began at the bottom; ~: low tracking confidence."
)


def _fmt(value: float | None, digits: int = 0, suffix: str = "") -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}{suffix}"


def format_range(values: list[float], digits: int = 0, unit: str = "") -> str:
    """``low–high`` with a unit, or one value when both ends print the same.

    Parameters
    ----------
    values : list of float
        NaN values are ignored.
    digits : int
        Decimals.
    unit : str
        Appended to the number(s), e.g. ``"°"``.

    Returns
    -------
    str
        E.g. ``"120–141°"``, ``"141°"`` or ``"–"`` when there is no value.
    """
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return "–"
    low, high = f"{min(finite):.{digits}f}", f"{max(finite):.{digits}f}"
    return f"{low}{unit}" if low == high else f"{low}–{high}{unit}"


def rep_table(result: SessionResult) -> Table:
    """One row per rep: timing, the angles at the bottom and the score (units in headings)."""
    table = Table(
        title="Reps",
        title_justify="left",
        caption=REP_CAPTION,
        caption_justify="left",
        box=box.SIMPLE_HEAD,  # no vertical rules: 9 more columns for the numbers
    )
    for heading, value_width in REP_COLUMNS:
        # A fixed width: the heading's longest word (headings wrap, never cut) or its
        # values, whichever is wider; a longer value folds onto a second line.
        widest = max(max(len(word) for word in heading.split()), value_width)
        table.add_column(heading, justify="right", width=widest, overflow="fold")
    rep_forms = result.form.reps if result.form is not None else (None,) * result.rep_count
    for rep, form in zip(result.reps, rep_forms, strict=True):
        marks = ("*" if rep.started_at_bottom else "") + ("~" if rep.quality != "good" else "")
        table.add_row(
            f"{rep.index}{marks}",
            _fmt(rep.bottom_s, 1),
            f"{_fmt(rep.lowering_s, 1)}/{_fmt(rep.rising_s, 1)}",
            _fmt(rep.peak_hip_flexion_deg),
            _fmt(rep.knee_flexion_at_bottom_deg),
            _fmt(rep.trunk_inclination_at_bottom_deg),
            _fmt(rep.hip_shift_at_bottom_leg, 2),
            str(form.score) if form is not None and form.score is not None else "–",
        )
    return table


def rep_fault_list(result: SessionResult) -> Panel | None:
    """What was noticed in each rep, in plain words, wrapping (None without form)."""
    if result.form is None:
        return None
    grid = Table.grid(padding=(0, 2))
    grid.add_column("rep", no_wrap=True)
    grid.add_column("faults", overflow="fold")
    clean = 0
    for rep, form in zip(result.reps, result.form.reps, strict=True):
        names = [fault_name(f.code.value) for f in form.faults]
        if names:
            grid.add_row(f"Rep {rep.index}", "; ".join(names))
        clean += not names
    if clean:
        grid.add_row(
            "Other reps" if clean < len(result.reps) else "All reps",
            "[green]clean: nothing noticed[/green]",
        )
    return Panel(grid, title="Noticed in each rep", title_align="left", expand=False)


def _form_lines(result: SessionResult) -> list[str]:
    form = result.form
    if form is None or form.score is None:
        return []
    lines = [f"Set score: [bold]{form.score}[/bold]/100"]
    if form.focus is None:
        lines.append("[green]No faults seen in the checks this view allows. Keep it up.[/green]")
    else:
        lines.append(
            f"Work on next: [bold]{fault_name(form.focus.code.value)}[/bold] "
            f"({form.focus.reps_affected} of {result.rep_count} reps) — "
            f'"{form.focus.cue}"'
        )
        lines.append(f"Drill: {form.focus.learning_aid}")
    for missing in form.not_checked:
        name = fault_name(missing.code.value)
        lines.append(f"[dim]Not checked: {name} — {missing.reason}.[/dim]")
    return lines


def _exercise_line(result: SessionResult) -> list[str]:
    call = result.exercise
    if call is None:
        return []
    if call.source == "given":
        return [f"Exercise: [bold]{call.name or call.id}[/bold] ({call.id}, as given)"]
    family = "".join(f" or {other}" for other in call.alternatives)
    twins = (
        "; a bar and a pair of bells look alike on camera and are judged the same way"
        if call.alternatives
        else ""
    )
    return [
        f"Exercise: [bold]{call.name or call.id}[/bold] ({call.id}{family}), recognised with "
        f"confidence {call.confidence:.0%} ({call.evidence}{twins}); if that is wrong, say "
        "it with --exercise NAME"
    ]


def summary_panel(result: SessionResult, title: str) -> Panel:
    """The set in a few lines: reps, tempo, depth, view and warnings."""
    lines = [f"[bold]{result.rep_count}[/bold] rep(s) counted"]
    lines += _exercise_line(result)
    if result.partial_reps:
        lines[0] += f", {len(result.partial_reps)} unfinished descent(s) not counted"
    if result.not_counted:
        lines[0] += f", {len(result.not_counted)} rise(s) after letting go not counted"
    if result.reps:
        depth = format_range([rep.peak_hip_flexion_deg for rep in result.reps], unit="°")
        lowering = [rep.lowering_s for rep in result.reps if not rep.started_at_bottom]
        lines.append(f"Hip bend at the bottom: {depth}")
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
    """Print the rep table and what was noticed per rep (when there are reps), and the summary."""
    if result.reps:
        faults = rep_fault_list(result)
        console.print(Group(rep_table(result), *([faults] if faults is not None else [])))
    console.print(summary_panel(result, title))


def print_analysis(console: Console, result: SessionResult, title: str) -> None:
    """The set's summary, then its everyday bends and its low-back load line, if any."""
    from hingecoach.cli.bends import print_bends
    from hingecoach.cli.lowback import summary_line

    print_result(console, result, title=title)
    print_bends(console, result)
    if (line := summary_line(result)) is not None:
        console.print(line)
