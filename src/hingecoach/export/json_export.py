"""The analysis JSON: a documented, versioned record of one set.

Schema (``schema_version`` 2; version 1 had no form fields):

- ``schema_version`` (int), ``rep_count`` (int), ``reps`` (list, below),
  ``partial_reps`` (list of ``{start_s, bottom_s, end_s, peak_hip_flexion_deg}``: descents
  that never returned to lockout, not counted);
- ``view`` (``side``/``oblique``/``front``/``unknown``), ``view_confidence`` (0..1),
  ``view_yaw_deg`` (90 = side-on), ``side`` (body side nearer the camera), ``facing``
  (``right``/``left`` in the picture);
- ``fps``, ``frames``, ``frames_with_person``, ``duration_s``, ``model``, ``warnings``
  (list of sentences), ``provenance`` (versions, parameters, input sha256).

Each rep: ``index``, ``start_s``, ``bottom_s``, ``end_s``, ``lowering_s``, ``rising_s``,
``peak_hip_flexion_deg``, ``knee_flexion_at_bottom_deg``,
``trunk_inclination_at_bottom_deg``, ``shin_inclination_at_bottom_deg``,
``hip_shift_at_bottom_leg``, ``started_at_bottom``, ``confidence`` (0..1), ``quality``
(``good``/``low``), and the form verdict: ``faults`` (list of ``{code, severity,
confidence, cue}``, most important first), ``tape`` (``{peak_pct, confidence}``: the
virtual tape test, rounding in % of the person's own range), ``hinge_squat_index``
(0 = pure hinge, 1 = pure squat) and ``score`` (0–100).

The set's form: ``score`` (0–100, null without reps), ``focus`` (``{code, cue,
learning_aid, reps_affected}`` or null: the one thing to work on next), ``set_faults``
(faults on most reps) and ``not_checked`` (list of ``{code, reason}``: what the
recording did not let us judge, and why).

Angles are degrees, times seconds, distances leg lengths; NaN is written as ``null``.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hingecoach.analysis.result import SessionResult
from hingecoach.atomic import atomic_path, write_text_atomic
from hingecoach.form.assess import RepForm, SetForm
from hingecoach.reps.measures import Rep

SCHEMA_VERSION = 2


def _clean(value: Any) -> Any:
    """Turn NaN into None and round floats, recursively, for JSON."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 4)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return _clean(value.item())
    return value


def _rep_dict(rep: Rep, form: RepForm | None) -> dict[str, Any]:
    record = asdict(rep)
    if form is not None:
        record["faults"] = [
            {"code": f.code.value, "severity": f.severity, "confidence": f.confidence, "cue": f.cue}
            for f in form.faults
        ]
        record["tape"] = {"peak_pct": form.tape_peak_pct, "confidence": form.tape_confidence}
        record["hinge_squat_index"] = form.hinge_squat_index
        record["score"] = form.score
    return record


def _set_form_dict(form: SetForm | None) -> dict[str, Any]:
    if form is None:
        return {"score": None, "focus": None, "set_faults": [], "not_checked": []}
    focus = None
    if form.focus is not None:
        focus = {
            "code": form.focus.code.value,
            "cue": form.focus.cue,
            "learning_aid": form.focus.learning_aid,
            "reps_affected": form.focus.reps_affected,
        }
    return {
        "score": form.score,
        "focus": focus,
        "set_faults": [code.value for code in form.set_faults],
        "not_checked": [{"code": n.code.value, "reason": n.reason} for n in form.not_checked],
    }


def session_to_dict(result: SessionResult) -> dict[str, Any]:
    """The analysis JSON of a result as a plain dict (see the module docstring)."""
    rep_forms = result.form.reps if result.form is not None else (None,) * result.rep_count
    reps = [_rep_dict(rep, form) for rep, form in zip(result.reps, rep_forms, strict=True)]
    return _clean(
        {
            "schema_version": SCHEMA_VERSION,
            "rep_count": result.rep_count,
            "reps": reps,
            **_set_form_dict(result.form),
            "partial_reps": [asdict(timing) for timing in result.partial_reps],
            "view": result.view.view.value,
            "view_confidence": result.view.confidence,
            "view_yaw_deg": result.view.yaw_deg,
            "side": result.view.side.value,
            "facing": "right" if result.view.facing > 0 else "left",
            "fps": result.fps,
            "frames": result.frames,
            "frames_with_person": result.frames_with_person,
            "duration_s": result.duration_s,
            "model": result.model,
            "warnings": list(result.warnings),
            "provenance": result.provenance,
        }
    )


def write_json(path: Path, result: SessionResult) -> None:
    """Write the analysis JSON atomically, creating parent folders."""
    write_text_atomic(Path(path), json.dumps(session_to_dict(result), indent=2) + "\n")


def write_kinematics_csv(path: Path, result: SessionResult) -> None:
    """Write per-frame kinematics as CSV (atomically): ``t_s`` then one column per measure."""
    kinematics = result.kinematics
    names = ("t_s", *kinematics.channel_names())
    matrix = kinematics.as_matrix()
    with atomic_path(Path(path)) as temp, temp.open("w", encoding="utf-8") as handle:
        handle.write(",".join(names) + "\n")
        for t_s, row in zip(kinematics.t_s, matrix, strict=True):
            cells = [f"{t_s:.4f}"] + ["" if math.isnan(v) else f"{v:.4f}" for v in row]
            handle.write(",".join(cells) + "\n")
