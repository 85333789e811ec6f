"""The HTML set report: one self-contained file (plotly.js and pictures embedded).

The page is built from a Jinja2 template (``templates/report.html.j2``) and the analysis
JSON; it loads nothing from the network, so it opens offline and shares nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from hingecoach.form.cues import LEARNING_AIDS
from hingecoach.form.explain import Phase, explain_fault
from hingecoach.form.findings import FaultCode
from hingecoach.report.data import ReportData
from hingecoach.report.draw import TAPE_COLOURS_BGR, classify_tape, fault_label
from hingecoach.report.figures import (
    compute_facing,
    detect_phase_frame,
    render_person_svg,
    render_reference_svg,
)
from hingecoach.report.lowback_plot import compute_lowback_caption, compute_lowback_specs
from hingecoach.report.plots import compute_plot_specs, specs_to_script_json

TEMPLATE_NAME = "report.html.j2"
#: How each phase is named under a figure.
PHASE_WORDS = {Phase.BOTTOM: "at the bottom", Phase.LOCKOUT: "standing up at the top"}


@dataclass(frozen=True, slots=True)
class ExtraSection:
    """A section another part adds to a page (e.g. the program's sessions over time).

    Attributes
    ----------
    id : str
        The section's HTML id.
    title : str
        Its heading.
    html : str
        Its body, trusted HTML made by hingecoach (inserted unescaped).
    """

    id: str
    title: str
    html: str


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
        ``{"code", "label", "cue", "reps", "rep_numbers", "on_most_reps"}`` per fault.
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
                    "rep_numbers": [],
                    "rank": rank,
                },
            )
            entry["reps"] += 1
            entry["rep_numbers"].append(rep.get("index"))
            entry["rank"] = min(entry["rank"], rank)
    set_faults = set(summary.get("set_faults") or [])
    for entry in found.values():
        entry["on_most_reps"] = entry["code"] in set_faults
    ordered = sorted(found.values(), key=lambda e: (not e["on_most_reps"], -e["reps"], e["rank"]))
    return [{k: v for k, v in entry.items() if k != "rank"} for entry in ordered]


def _css_colour(bgr: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*reversed(bgr))


def _person_svg(data: ReportData, index: int, label: str) -> str | None:
    """The person's stick figure at one frame, with the tape in its colour."""
    line = data.tape_line_xy_px[index] if data.tape_line_xy_px.shape[1] else None
    state = classify_tape(float(data.tape_pct[index]), data.rounded_pct)
    return render_person_svg(
        data.image_xyz_px[index],
        label,
        tape_xy_px=line,
        tape_colour=_css_colour(TAPE_COLOURS_BGR[state]),
        # Only a side-on or oblique view tells which side is near; from the front, none.
        near_side=data.summary.get("side") if data.summary.get("view") != "front" else None,
    )


def compute_fault_details(
    data: ReportData, faults: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Each fault of the set explained: its words, drill, and the person beside a good rep.

    Parameters
    ----------
    data : ReportData
    faults : sequence of mapping
        As from :func:`compute_fault_summary`.

    Returns
    -------
    list of dict
        The fault's entry plus ``what``, ``why``, ``good``, ``drill``, ``phase_words``,
        ``example_rep``, ``person_svg`` (None if that frame's legs were not tracked)
        and ``reference_svg``.
    """
    reps = {rep.get("index"): rep for rep in data.summary.get("reps", [])}
    details = []
    for fault in faults:
        text = explain_fault(fault["code"])
        rep = reps[fault["rep_numbers"][0]]
        index = detect_phase_frame(data.t_s, rep, text.phase)
        where = PHASE_WORDS[text.phase]
        person = facing = None
        if index is not None:
            person = _person_svg(data, index, f"You in rep {rep['index']}, {where}")
            facing = compute_facing(data.image_xyz_px[index, :, :2])
        try:
            drill = LEARNING_AIDS.get(FaultCode(fault["code"]))
        except ValueError:
            drill = None
        details.append(
            {
                **fault,
                "what": text.what,
                "why": text.why,
                "good": text.good,
                "drill": drill,
                "phase_words": where,
                "example_rep": rep["index"],
                "person_svg": person,
                "reference_svg": render_reference_svg(
                    text.phase, facing or 1, f"A good hinge {where} (reference model)"
                ),
            }
        )
    return details


def compute_stick_key_frames(data: ReportData) -> list[dict[str, Any]]:
    """Key frames as stick figures (no video picture): the person at each rep's bottom."""
    frames = []
    for rep in data.summary.get("reps", []):
        index = detect_phase_frame(data.t_s, rep, Phase.BOTTOM)
        svg = (
            None if index is None else _person_svg(data, index, f"Rep {rep['index']} at its bottom")
        )
        frames.append({"rep": rep["index"], "bottom_s": rep["bottom_s"], "jpeg": None, "svg": svg})
    return frames


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


@dataclass(frozen=True, slots=True)
class EmbeddedVideo:
    """The annotated video placed inside the page (base64), with its size for the reader.

    Attributes
    ----------
    base64_mp4 : str
        The MP4 file as base64 text.
    size_bytes : int
        The file's size before encoding, bytes.
    """

    base64_mp4: str
    size_bytes: int

    @property
    def size_words(self) -> str:
        """The size as people read it, e.g. ``"3.4 MB"``."""
        return f"{self.size_bytes / 1e6:.1f} MB"


def render_report_html(
    data: ReportData,
    key_frames: Sequence[str],
    *,
    title: str,
    overlay_name: str | None = None,
    embedded_video: EmbeddedVideo | None = None,
    for_clinician: bool = False,
    extra_sections: Sequence[ExtraSection] = (),
) -> str:
    """The report page's HTML.

    Parameters
    ----------
    data : ReportData
    key_frames : sequence of str
        Base64 JPEG pictures of the bottom of each rep, in rep order; empty with
        ``for_clinician`` draws stick figures instead.
    title : str
        Shown as the page's heading (e.g. the video's name).
    overlay_name : str, optional
        File name of the annotated video beside the report, when there is one.
    embedded_video : EmbeddedVideo, optional
        The annotated video, placed in the page itself (so one file can be shared).
    for_clinician : bool
        The printable page for a clinician (``hingecoach share``): no video, a heading
        saying what it is, stick figures where no key-frame picture is given.
    extra_sections : sequence of ExtraSection
        Sections added after the summary (the hook for the program's history pages).

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    summary = data.summary
    reps = summary.get("reps", [])
    plots = compute_plot_specs(data)
    lowback_plots = compute_lowback_specs(summary)
    faults = compute_fault_summary(summary)
    if key_frames:
        frames = [
            {"rep": rep["index"], "bottom_s": rep["bottom_s"], "jpeg": jpeg, "svg": None}
            for rep, jpeg in zip(reps, key_frames, strict=False)
        ]
    else:
        frames = compute_stick_key_frames(data) if for_clinician else []
    return (
        _environment()
        .get_template(TEMPLATE_NAME)
        .render(
            title=title,
            summary=summary,
            focus_label=fault_label(summary["focus"]["code"]) if summary.get("focus") else None,
            faults=compute_fault_details(data, faults),
            rows=compute_rep_rows(summary),
            key_frames=frames,
            plots=plots,
            plots_json=specs_to_script_json(plots + lowback_plots),
            lowback_plots=lowback_plots,
            lowback=compute_lowback_caption(summary),
            plotly_js=_plotly_js(),
            provenance_json=json.dumps(summary.get("provenance", {}), indent=2),
            rounded_pct=data.rounded_pct,
            overlay_name=None if for_clinician else overlay_name,
            embedded_video=None if for_clinician else embedded_video,
            for_clinician=for_clinician,
            extra_sections=list(extra_sections),
            not_checked=[
                {"label": fault_label(item["code"]), "reason": item["reason"]}
                for item in summary.get("not_checked") or []
            ],
        )
    )
