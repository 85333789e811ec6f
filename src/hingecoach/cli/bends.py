"""Everyday bends in the terminal: one row per bend and the share of hinges."""

from __future__ import annotations

import math

from rich import box
from rich.console import Console
from rich.table import Table

from hingecoach.analysis.result import SessionResult
from hingecoach.daily import DAILY

BENDS_CAPTION = (
    "Each bend: how it was done (hinge: hips back, lower back long; squat: knees forward, "
    "trunk upright; stoop: legs straight, lower back rounded; mixed), how sure, and its "
    "measures at the deepest point. Tape: lower-back rounding, % of your range "
    "(– not read). Educational estimates, not a diagnosis."
)


def _fmt(value: float | None, digits: int = 0) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def bends_table(result: SessionResult) -> Table:
    """One row per bend: class, confidence, trunk, knee, hips back, tape, duration."""
    table = Table(
        title="Bends",
        title_justify="left",
        caption=BENDS_CAPTION,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for heading in (
        "Bend",
        "At (s)",
        "Kind",
        "Sure (%)",
        "Trunk lean (°)",
        "Knee bend (°)",
        "Hips back (leg lengths)",
        "Tape (%)",
        "Time (s)",
    ):
        table.add_column(heading, justify="right", overflow="fold")
    for bend in result.bends.bends if result.bends else ():
        table.add_row(
            str(bend.index),
            _fmt(bend.peak_s, 1),
            bend.kind.value,
            _fmt(100 * bend.confidence),
            _fmt(bend.peak_trunk_inclination_deg),
            _fmt(bend.knee_flexion_deg),
            _fmt(bend.hip_shift_leg, 2),
            _fmt(bend.tape_pct),
            _fmt(bend.duration_s, 1),
        )
    return table


def bends_summary_lines(result: SessionResult) -> list[str]:
    """The share of good bends and the one cue, as plain sentences."""
    bends = result.bends
    if bends is None or not bends.bends:
        return ["No bend was seen: the trunk never lowered far enough from upright."]
    counts = ", ".join(f"{count} {kind.value}" for kind, count in bends.counts if count)
    lines = [
        f"Good bends (hinges): {bends.good_count} of {len(bends.bends)} "
        f"({bends.good_share:.0%}); {counts}."
    ]
    if bends.cue:
        lines.append(f"Next time: {bends.cue}")
    return lines


def print_bends(console: Console, result: SessionResult) -> None:
    """Print the bends of an everyday-bends recording (nothing for an exercise set)."""
    if result.exercise is None or result.exercise.id != DAILY:
        return
    if result.bends is not None and result.bends.bends:
        console.print(bends_table(result))
    for line in bends_summary_lines(result):
        console.print(line, markup=False)
