"""Plot data for the report: Plotly figure specs (plain dicts) built from report data.

Pure: no Plotly Python objects, no I/O. Each spec is ``{"id", "data", "layout"}`` and is
drawn in the page with ``Plotly.newPlot(id, data, layout)`` by the embedded plotly.js.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hingecoach.report.data import ReportData
from hingecoach.report.draw import fault_label
from hingecoach.report.timeline import detect_key_frames

REP_FILL = "rgba(70, 130, 180, 0.10)"
FAULT_COLOUR = "#d62728"
LINE_COLOUR = "#1f4e79"


@dataclass(frozen=True, slots=True)
class Channel:
    """One plotted measure."""

    key: str
    title: str
    unit: str


CHANNELS = (
    Channel("hip_flexion_deg", "Hip flexion", "deg"),
    Channel("knee_flexion_deg", "Knee flexion", "deg"),
    Channel("trunk_inclination_deg", "Trunk angle from vertical", "deg"),
    Channel("tape_pct", "Virtual tape (back rounding)", "% of your range"),
)


#: The plot each fault is marked on: the measure it is judged from. Faults whose measure
#: is not plotted (hip shift, hands, timing, the B-stance checks) go on the hip plot, the
#: movement itself.
FAULT_CHANNEL: dict[str, str] = {
    "rounded_back": "tape_pct",
    "too_deep": "tape_pct",
    "squatting": "knee_flexion_deg",
    "hips_rise_first": "trunk_inclination_deg",
}
DEFAULT_FAULT_CHANNEL = "hip_flexion_deg"


def fault_channel(code: str) -> str:
    """The key of the plot a fault code is marked on."""
    return FAULT_CHANNEL.get(code, DEFAULT_FAULT_CHANNEL)


def compute_plot_values(values: np.ndarray) -> list[float | None]:
    """An array as a JSON-ready list: NaN becomes None (a gap in the line), 2 decimals."""
    return [None if not math.isfinite(v) else round(float(v), 2) for v in values]


def compute_rep_shapes(reps: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A shaded band from the start to the end of each rep (x in seconds, full height)."""
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": rep["start_s"],
            "x1": rep["end_s"],
            "y0": 0,
            "y1": 1,
            "fillcolor": REP_FILL,
            "line": {"width": 0},
            "layer": "below",
        }
        for rep in reps
    ]


def compute_fault_markers(
    t_s: np.ndarray,
    values: np.ndarray,
    reps: Sequence[Mapping[str, Any]],
    bottom_frames: Sequence[int] | None = None,
    channel: str | None = None,
) -> dict[str, Any] | None:
    """A marker trace at the bottom of each rep with faults, labelled with them.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds, increasing.
    values : numpy.ndarray
        Shape ``(n_frames,)``, the plotted measure.
    reps : sequence of mapping
        Reps of the analysis JSON (``index``, ``bottom_s``, ``faults``).
    bottom_frames : sequence of int, optional
        The frame nearest each rep's bottom, as from
        :func:`~hingecoach.report.timeline.detect_key_frames`; found here when not given
        (pass it to share one search between several channels).
    channel : str, optional
        Only the faults marked on this plot (:func:`fault_channel`); all when None.

    Returns
    -------
    dict or None
        A Plotly scatter trace, or None when no rep has a fault.
    """
    if bottom_frames is None:
        bottom_frames = detect_key_frames(t_s, reps)
    x, y, text, labels = [], [], [], []
    # Without frames there are no bottom frames, so no rep gets a marker.
    for rep, index in zip(reps, bottom_frames, strict=False):
        faults = [
            f
            for f in rep.get("faults") or []
            if channel is None or fault_channel(f["code"]) == channel
        ]
        if not faults:
            continue
        value = float(values[index])
        x.append(rep["bottom_s"])
        y.append(round(value, 2) if math.isfinite(value) else None)
        text.append(f"Rep {rep['index']}: " + ", ".join(fault_label(f["code"]) for f in faults))
        labels.append(str(rep["index"]))  # printed beside the cross: no hover needed
    if not x:
        return None
    return {
        "type": "scatter",
        "mode": "markers+text",
        "name": "Fault",
        "x": x,
        "y": y,
        "text": labels,
        "textposition": "top center",
        "textfont": {"color": FAULT_COLOUR, "size": 11},
        "hovertext": text,
        "hoverinfo": "text",
        "marker": {"color": FAULT_COLOUR, "size": 11, "symbol": "x"},
    }


NOT_READ_COLOUR = "#8a8a8a"


def compute_not_read_labels(reps: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A grey "not read" label over each rep whose tape has no reading (never a 0 line)."""
    return [
        {
            "x": (rep["start_s"] + rep["end_s"]) / 2,
            "y": 0.5,
            "xref": "x",
            "yref": "paper",
            "text": "not read",
            "hovertext": (rep.get("tape") or {}).get("reason") or "not read",
            "showarrow": False,
            "font": {"color": NOT_READ_COLOUR, "size": 12},
        }
        for rep in reps
        if (rep.get("tape") or {}).get("peak_pct") is None
    ]


def _layout(channel: Channel, shapes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "title": {"text": channel.title, "x": 0.01, "font": {"size": 15}},
        "xaxis": {"title": {"text": "time (s)"}, "zeroline": False},
        "yaxis": {"title": {"text": channel.unit}},
        "shapes": shapes,
        "height": 260,
        "margin": {"l": 60, "r": 20, "t": 40, "b": 45},
        "showlegend": False,
        "plot_bgcolor": "white",
    }


def compute_plot_specs(data: ReportData) -> list[dict[str, Any]]:
    """The report's four plots: hip, knee, trunk and tape against time.

    Each has the reps as shaded bands and, as red crosses at the rep's bottom, the faults
    judged from its measure (:data:`FAULT_CHANNEL`); the tape plot also has a dashed line
    at the rounded-back threshold and a grey "not read" over each rep the tape could not read.

    Parameters
    ----------
    data : ReportData

    Returns
    -------
    list of dict
        ``{"id", "data", "layout"}`` per plot, JSON-ready.
    """
    reps = data.summary.get("reps", [])
    times = compute_plot_values(data.t_s)
    # The rep bottoms are the same frames for every channel: find them once.
    bottom_frames = detect_key_frames(data.t_s, reps)
    specs = []
    for channel in CHANNELS:
        values = getattr(data, channel.key)
        shapes = compute_rep_shapes(reps)
        traces: list[dict[str, Any]] = [
            {
                "type": "scatter",
                "mode": "lines",
                "name": channel.title,
                "x": times,
                "y": compute_plot_values(values),
                "line": {"color": LINE_COLOUR, "width": 2},
            }
        ]
        if channel.key == "tape_pct":
            shapes.append(
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "y0": data.rounded_pct,
                    "y1": data.rounded_pct,
                    "line": {"color": FAULT_COLOUR, "dash": "dash", "width": 1},
                }
            )
        markers = compute_fault_markers(data.t_s, values, reps, bottom_frames, channel.key)
        if markers is not None:
            traces.append(markers)
        layout = _layout(channel, shapes)
        if channel.key == "tape_pct":
            layout["annotations"] = compute_not_read_labels(reps)
        specs.append({"id": f"plot-{channel.key}", "data": traces, "layout": layout})
    return specs


def specs_to_script_json(specs: list[dict[str, Any]]) -> str:
    """JSON text safe to place inside a ``<script>`` element (no ``</`` sequence)."""
    return json.dumps(specs, separators=(",", ":")).replace("</", "<\\/")
