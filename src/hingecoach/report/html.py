"""The HTML set report: one self-contained file (plotly.js and pictures embedded).

The page is built from a Jinja2 template (``templates/report.html.j2``) and the analysis
JSON; it loads nothing from the network, so it opens offline and shares nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from hingecoach.report.data import ReportData
from hingecoach.report.draw import fault_label
from hingecoach.report.plots import compute_plot_specs, specs_to_script_json

TEMPLATE_NAME = "report.html.j2"


def compute_fault_summary(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The set's faults with their cue and how many reps showed them, most telling first.

    Faults on most reps (``set_faults``) come first, then by number of reps and by
    importance (the order of each rep's list).

    Parameters
    ----------
    summary : mapping
        The analysis JSON.

    Returns
    -------
    list of dict
        ``{"code", "label", "cue", "reps", "on_most_reps"}`` per fault.
    """
    found: dict[str, dict[str, Any]] = {}
    for rep in summary.get("reps", []):
        for rank, fault in enumerate(rep.get("faults") or []):
            entry = found.setdefault(
                fault["code"],
                {
                    "code": fault["code"],
                    "label": fault_label(fault["code"]),
                    "cue": fault["cue"],
                    "reps": 0,
                    "rank": rank,
                },
            )
            entry["reps"] += 1
            entry["rank"] = min(entry["rank"], rank)
    set_faults = set(summary.get("set_faults") or [])
    for entry in found.values():
        entry["on_most_reps"] = entry["code"] in set_faults
    ordered = sorted(found.values(), key=lambda e: (not e["on_most_reps"], -e["reps"], e["rank"]))
    return [{k: v for k, v in entry.items() if k != "rank"} for entry in ordered]


def compute_rep_rows(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One table row per rep: times, angles, tape, score and fault labels (None shown as –)."""
    rows = []
    for rep in summary.get("reps", []):
        tape = rep.get("tape") or {}
        rows.append(
            {
                "index": rep["index"],
                "start_s": rep["start_s"],
                "bottom_s": rep["bottom_s"],
                "end_s": rep["end_s"],
                "lowering_s": rep["lowering_s"],
                "rising_s": rep["rising_s"],
                "hip": rep["peak_hip_flexion_deg"],
                "knee": rep["knee_flexion_at_bottom_deg"],
                "trunk": rep["trunk_inclination_at_bottom_deg"],
                "tape": tape.get("peak_pct"),
                "tape_reason": tape.get("reason"),
                "score": rep.get("score"),
                "faults": [fault_label(f["code"]) for f in rep.get("faults") or []],
            }
        )
    return rows


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["num"] = lambda v, digits=1: "–" if v is None else f"{v:.{digits}f}"
    return environment


@cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def render_report_html(
    data: ReportData,
    key_frames: Sequence[str],
    *,
    title: str,
    overlay_name: str | None = None,
) -> str:
    """The report page's HTML.

    Parameters
    ----------
    data : ReportData
    key_frames : sequence of str
        Base64 JPEG pictures of the bottom of each rep, in rep order.
    title : str
        Shown as the page's heading (e.g. the video's name).
    overlay_name : str, optional
        File name of the annotated video beside the report, when there is one.

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    summary = data.summary
    reps = summary.get("reps", [])
    plots = compute_plot_specs(data)
    return (
        _environment()
        .get_template(TEMPLATE_NAME)
        .render(
            title=title,
            summary=summary,
            faults=compute_fault_summary(summary),
            rows=compute_rep_rows(summary),
            key_frames=[
                {"rep": rep["index"], "bottom_s": rep["bottom_s"], "jpeg": jpeg}
                for rep, jpeg in zip(reps, key_frames, strict=False)
            ],
            plots=plots,
            plots_json=specs_to_script_json(plots),
            plotly_js=_plotly_js(),
            provenance_json=json.dumps(summary.get("provenance", {}), indent=2),
            rounded_pct=data.rounded_pct,
            overlay_name=overlay_name,
        )
    )
