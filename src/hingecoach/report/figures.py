"""Stick figures as inline SVG: the person at one moment of a rep, and a good reference.

The reference is the built-in synthetic model doing a good hinge, taken at the same phase
of its rep (the bottom, or standing tall after the lockout), turned to face the same way
as the person and scaled to the same leg length, so the two can be compared side by
side. SVG keeps the figures sharp in print and in a PDF, and needs no script.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from hingecoach.form.explain import Phase
from hingecoach.form.measures import LOCKOUT_WINDOW_S
from hingecoach.pose.landmarks import SKELETON_EDGES, Landmark

#: Pixels of one leg length (hip to ankle) in a drawn figure.
LEG_PX = 90.0
#: Margin around a figure, pixels.
MARGIN_PX = 14.0
PERSON_COLOUR = "#1f4e79"
REFERENCE_COLOUR = "#2e7d32"
GROUND_COLOUR = "#9aa5b1"
_LEGS = (
    (Landmark.LEFT_HIP, Landmark.LEFT_ANKLE),
    (Landmark.RIGHT_HIP, Landmark.RIGHT_ANKLE),
)
_FEET = (
    (Landmark.LEFT_HEEL, Landmark.LEFT_FOOT_INDEX),
    (Landmark.RIGHT_HEEL, Landmark.RIGHT_FOOT_INDEX),
)


@dataclass(frozen=True, slots=True)
class StickFigure:
    """A figure ready to draw: points in SVG pixels and the picture's size.

    Attributes
    ----------
    xy : numpy.ndarray
        Shape ``(33, 2)``, pixels (NaN where a landmark is missing).
    width, height : float
        Size of the SVG picture, pixels.
    """

    xy: np.ndarray
    width: float
    height: float


def compute_facing(xy: np.ndarray) -> int:
    """+1 if the toes point towards image +x, -1 if towards -x (+1 when unknown)."""
    steps = [xy[toe, 0] - xy[heel, 0] for heel, toe in _FEET]
    direction = np.nanmean(steps) if np.isfinite(steps).any() else np.nan
    return -1 if direction < 0 else 1


def _leg_length(xy: np.ndarray) -> float:
    lengths = [np.hypot(*(xy[ankle, :2] - xy[hip, :2])) for hip, ankle in _LEGS]
    finite = [v for v in lengths if math.isfinite(v) and v > 0]
    return float(np.mean(finite)) if finite else math.nan


def compute_stick_figure(xy_px: np.ndarray, *, facing: int | None = None) -> StickFigure | None:
    """Scale a pose to ``LEG_PX`` per leg length, turned to ``facing``, in its own box.

    Parameters
    ----------
    xy_px : numpy.ndarray
        Shape ``(33, 2+)``, image pixels (y down).
    facing : int, optional
        +1 or -1: mirror the figure so its toes point that way (kept as is when None).

    Returns
    -------
    StickFigure or None
        None when the legs are not both seen (no scale).
    """
    xy = np.asarray(xy_px, dtype=np.float64)[:, :2].copy()
    leg = _leg_length(xy)
    if not math.isfinite(leg):
        return None
    if facing is not None and compute_facing(xy) != facing:
        xy[:, 0] = -xy[:, 0]
    xy *= LEG_PX / leg
    finite = np.all(np.isfinite(xy), axis=1)
    low = np.nanmin(xy[finite], axis=0) - MARGIN_PX
    high = np.nanmax(xy[finite], axis=0) + MARGIN_PX
    xy -= low
    return StickFigure(xy=xy, width=float(high[0] - low[0]), height=float(high[1] - low[1]))


def _line(a: np.ndarray, b: np.ndarray, colour: str, width: float) -> str:
    return (
        f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
        f'stroke="{colour}" stroke-width="{width}" stroke-linecap="round"/>'
    )


def _far_edge(start: Landmark, end: Landmark, near_side: str | None) -> bool:
    """Whether a bone lies wholly on the side away from the camera."""
    if near_side not in ("left", "right"):
        return False
    far = "RIGHT_" if near_side == "left" else "LEFT_"
    return Landmark(start).name.startswith(far) and Landmark(end).name.startswith(far)


def render_figure_svg(
    figure: StickFigure,
    *,
    colour: str,
    label: str,
    tape_xy: np.ndarray | None = None,
    tape_colour: str = "#888888",
    near_side: str | None = None,
) -> str:
    """A stick figure as an ``<svg>`` element (bones, head, ground line, optional tape).

    Parameters
    ----------
    figure : StickFigure
    colour : str
        CSS colour of the bones.
    label : str
        The picture's accessible name (``aria-label`` and ``<title>``).
    tape_xy : numpy.ndarray, optional
        Shape ``(n, 2)``: the virtual tape along the back, in the figure's pixels.
    tape_colour : str
        CSS colour of the tape line.
    near_side : str, optional
        ``"left"`` or ``"right"``: the body side towards the camera; the far side's limbs
        are drawn faint, so the two legs and arms do not read as one tangle.

    Returns
    -------
    str
        SVG markup (escaped label), scaling to its container's width.
    """
    xy = figure.xy
    parts = []
    ground = np.nanmax(xy[[Landmark.LEFT_HEEL, Landmark.RIGHT_HEEL, Landmark.LEFT_FOOT_INDEX], 1])
    if math.isfinite(ground):
        parts.append(
            _line(np.array([4, ground]), np.array([figure.width - 4, ground]), GROUND_COLOUR, 2)
        )
    if tape_xy is not None:
        points = tape_xy[np.all(np.isfinite(tape_xy), axis=1)]
        if len(points) >= 2:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{tape_colour}" '
                'stroke-width="5" stroke-linecap="round" opacity="0.85"/>'
            )
    # Far limbs first and faint, so the near ones are drawn over them.
    edges = sorted(SKELETON_EDGES, key=lambda edge: not _far_edge(edge[0], edge[1], near_side))
    for start, end in edges:
        if np.all(np.isfinite(xy[[start, end]])):
            line = _line(xy[start], xy[end], colour, 4)
            if _far_edge(start, end, near_side):
                line = line.replace("/>", ' opacity="0.3"/>')
            parts.append(line)
    ears = xy[[Landmark.LEFT_EAR, Landmark.RIGHT_EAR]]
    head = np.nanmean(ears, axis=0) if np.isfinite(ears).any() else xy[Landmark.NOSE]
    if np.all(np.isfinite(head)):
        parts.append(
            f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="{0.11 * LEG_PX:.1f}" '
            f'fill="none" stroke="{colour}" stroke-width="4"/>'
        )
    safe = label.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return (
        f'<svg class="stick" viewBox="0 0 {figure.width:.0f} {figure.height:.0f}" '
        f'role="img" aria-label="{safe}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{safe}</title>{''.join(parts)}</svg>"
    )


def detect_phase_frame(t_s: np.ndarray, rep: Mapping[str, Any], phase: Phase) -> int | None:
    """The frame showing a rep at a phase: its bottom, or half-way through the lockout second.

    Returns
    -------
    int or None
        Frame index, or None without frames.
    """
    if t_s.size == 0:
        return None
    moment = rep["bottom_s"] if phase is Phase.BOTTOM else rep["end_s"] + LOCKOUT_WINDOW_S / 2
    return int(np.argmin(np.abs(t_s - moment)))


@cache
def reference_pose(phase: Phase) -> tuple[tuple[tuple[float, float], ...], str]:
    """The good synthetic hinge's image points at a phase (cached; tuples, immutable).

    Returns
    -------
    points : tuple of (x, y)
        33 points, pixels of the model's 1280×720 picture.
    near_side : str
        The model's side towards the camera (``"left"`` or ``"right"``).
    """
    from hingecoach.synthetic import synthetic_session

    session = synthetic_session("none", n_reps=1)
    truth = session.truth
    rep = {"bottom_s": float(truth.rep_bottom_s[0]), "end_s": float(truth.rep_end_s[0])}
    t_s = np.array([frame.t_s for frame in session.frames])
    index = detect_phase_frame(t_s, rep, phase)
    image_xyz_px = session.frames[index].image_xyz_px if index is not None else None
    assert image_xyz_px is not None  # the synthetic set has frames, each with the body
    points = image_xyz_px[:, :2]
    return tuple((float(x), float(y)) for x, y in points), str(truth.side)


def render_reference_svg(phase: Phase, facing: int, label: str) -> str:
    """The good reference figure at a phase, facing like the person, as SVG."""
    points, near_side = reference_pose(phase)
    figure = compute_stick_figure(np.array(points), facing=facing)
    assert figure is not None  # the model's legs are always there
    return render_figure_svg(figure, colour=REFERENCE_COLOUR, label=label, near_side=near_side)


def render_person_svg(
    xy_px: np.ndarray,
    label: str,
    *,
    tape_xy_px: np.ndarray | None = None,
    tape_colour: str = "#888888",
    near_side: str | None = None,
) -> str | None:
    """The person's figure at one frame as SVG (None when the legs were not tracked).

    Parameters
    ----------
    xy_px : numpy.ndarray
        Shape ``(33, 2+)``: image pixels of the frame.
    label : str
    tape_xy_px : numpy.ndarray, optional
        Shape ``(n, 2)``: the tape line in the same image pixels.
    tape_colour : str
    near_side : str, optional
        The side towards the camera (``"left"``/``"right"``); the far limbs are faint.
    """
    xy = np.asarray(xy_px, dtype=np.float64)[:, :2]
    if tape_xy_px is not None and len(tape_xy_px):
        # Scale the tape with the body: place both in one array, then split them again.
        both = compute_stick_figure(np.concatenate([xy, np.asarray(tape_xy_px)[:, :2]]))
    else:
        both = compute_stick_figure(xy)
    if both is None:
        return None
    figure = StickFigure(xy=both.xy[: len(xy)], width=both.width, height=both.height)
    tape = both.xy[len(xy) :] if len(both.xy) > len(xy) else None
    return render_figure_svg(
        figure,
        colour=PERSON_COLOUR,
        label=label,
        tape_xy=tape,
        tape_colour=tape_colour,
        near_side=near_side,
    )


def compute_rep_frames(
    t_s: np.ndarray, reps: Sequence[Mapping[str, Any]], phase: Phase
) -> list[int | None]:
    """The frame of each rep at a phase (see :func:`detect_phase_frame`)."""
    return [detect_phase_frame(t_s, rep, phase) for rep in reps]
