"""The report's low-back load plots: per rep, with ranges, beside the load kept close.

Pure: Plotly specs (plain dicts) from the analysis JSON's ``lowback_load`` records.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

SEEN_COLOUR = "#1f4e79"
CLOSE_COLOUR = "#3c9d5d"
REFERENCE_COLOUR = "#8a8a8a"


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _trace(
    reps: Sequence[Mapping[str, Any]], key: str, close: bool, name: str, colour: str
) -> dict[str, Any]:
    """One bar per rep: the estimate, with the range as an asymmetric error bar."""
    x, y, plus, minus = [], [], [], []
    for rep in reps:
        load = rep["lowback_load"]
        value = (load["close_load"] if close else load)[key]
        if not _finite(value.get("estimate")):
            continue
        x.append(f"Rep {rep['index']}")
        y.append(round(value["estimate"], 1))
        plus.append(round(value["high"] - value["estimate"], 1))
        minus.append(round(value["estimate"] - value["low"], 1))
    return {
        "type": "bar",
        "name": name,
        "x": x,
        "y": y,
        "marker": {"color": colour},
        "error_y": {"type": "data", "array": plus, "arrayminus": minus, "visible": True},
        "hovertemplate": "%{x}: %{y:.0f} (range %{customdata})<extra>" + name + "</extra>",
        "customdata": [f"{v - m:.0f}–{v + p:.0f}" for v, m, p in zip(y, minus, plus, strict=True)],
    }


def _layout(title: str, unit: str) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0.01, "font": {"size": 15}},
        "barmode": "group",
        "yaxis": {"title": {"text": unit}, "rangemode": "tozero"},
        "height": 300,
        "margin": {"l": 60, "r": 20, "t": 40, "b": 40},
        "legend": {"orientation": "h", "y": -0.15},
        "plot_bgcolor": "white",
    }


def compute_lowback_specs(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The moment and compression plots, or none when no rep has a load estimate.

    Parameters
    ----------
    summary : mapping
        The analysis JSON.

    Returns
    -------
    list of dict
        ``{"id", "data", "layout"}`` per plot (``plot-lowback-moment``,
        ``plot-lowback-compression``).
    """
    reps = [rep for rep in summary.get("reps", []) if rep.get("lowback_load")]
    if not reps:
        return []
    specs = []
    for key, title, unit in (
        ("moment_nm", "Low-back load: bending moment at L5/S1 (estimate)", "N·m"),
        ("compression_n", "Low-back load: disc compression at L5/S1 (estimate)", "N"),
    ):
        traces = [
            _trace(reps, key, False, "as lifted", SEEN_COLOUR),
            _trace(reps, key, True, "load kept close, back long", CLOSE_COLOUR),
        ]
        layout = _layout(title, unit)
        reference = (summary.get("lowback_load_model") or {}).get("reference") or {}
        limit = reference.get("niosh_action_limit_n")
        if key == "compression_n" and _finite(limit):
            layout["shapes"] = [
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "y0": limit,
                    "y1": limit,
                    "line": {"color": REFERENCE_COLOUR, "dash": "dot", "width": 1},
                }
            ]
            layout["annotations"] = [
                {
                    "xref": "paper",
                    "x": 1,
                    "y": limit,
                    "xanchor": "right",
                    "yanchor": "bottom",
                    "text": f"NIOSH action limit {limit:.0f} N (context only)",
                    "showarrow": False,
                    "font": {"color": REFERENCE_COLOUR, "size": 11},
                }
            ]
        specs.append({"id": f"plot-lowback-{key.split('_')[0]}", "data": traces, "layout": layout})
    return specs


def compute_lowback_caption(summary: Mapping[str, Any]) -> dict[str, Any] | None:
    """What the report says beside the plots: the model in a sentence, and its flags."""
    model = summary.get("lowback_load_model")
    if not model:
        return None
    body, load = model["body"], model["load"]
    body_words = f"{body['mass_kg']:g} kg, {body['height_m']:g} m"
    if body["mass_assumed"] or body["height_assumed"]:
        body_words += " (assumed: not entered)"
    load_words = "unknown" if load["kg"] is None else f"{load['kg']:g} kg, {load['source']}"
    return {
        "body": body_words,
        "load": load_words,
        "flags": model.get("flags", []),
        "assumptions": model.get("assumptions", []),
        "reference": (model.get("reference") or {}).get("note", ""),
    }
