"""The analysis JSON: a documented, versioned record of one set.

Schema (``schema_version`` 3; version 2 had no exercise fields, version 1 no form fields):

- ``schema_version`` (int), ``rep_count`` (int), ``reps`` (list, below),
  ``partial_reps`` (list of ``{start_s, bottom_s, end_s, peak_hip_flexion_deg}``: descents
  that never returned to lockout, not counted), ``not_counted`` (list of the same fields
  plus ``reason``: returns to lockout that are not reps, such as standing up after
  letting go of the load);
- ``view`` (``side``/``oblique``/``front``/``unknown``), ``view_confidence`` (0..1),
  ``view_yaw_deg`` (90 = side-on), ``view_stretches`` (list of ``{start_s, end_s, view,
  yaw_deg}``: the view of each stretch of the clip, as counted), ``side`` (body side nearer
  the camera), ``facing`` (``right``/``left`` in the picture);
- ``fps``, ``frames``, ``frames_with_person``, ``duration_s``, ``model``, ``warnings``
  (list of sentences), ``provenance`` (versions, parameters, input sha256).

Each rep: ``index``, ``start_s``, ``bottom_s``, ``end_s``, ``lowering_s``, ``rising_s``,
``peak_hip_flexion_deg``, ``knee_flexion_at_bottom_deg``,
``trunk_inclination_at_bottom_deg``, ``shin_inclination_at_bottom_deg``,
``hip_shift_at_bottom_leg``, ``started_at_bottom``, ``confidence`` (0..1), ``quality``
(``good``/``low``), and the form verdict: ``faults`` (list of ``{code, severity,
confidence, cue}``, most important first), ``tape`` (``{peak_pct, confidence, reason,
upper_back_pct}``: the virtual tape test on the lower back, rounding in % of the person's
own range; ``peak_pct`` is null when the lower back could not be read, and ``reason`` says
why (null when read); ``upper_back_pct`` is the upper back and neck, % of its own range,
kept apart from the tape and never a rounded-back reading), ``hinge_squat_index``
(0 = pure hinge, 1 = pure squat) and ``score`` (0–100).

The set's form: ``score`` (0–100, null without reps), ``focus`` (``{code, cue,
learning_aid, reps_affected}`` or null: the one thing to work on next), ``set_faults``
(faults on most reps), ``not_checked`` (list of ``{code, reason}``: what the
recording did not let us judge, and why) and ``upper_back_note`` (a cautious sentence when
most reps showed the upper back rounding, or null: a note, not a fault).

The exercise judged: ``exercise`` (a canonical variant id, e.g. ``dumbbell_rdl``; the
profiles are in ``hingecoach/form/variants.toml``), ``exercise_confidence`` (0..1; 1 when
given), ``exercise_source`` (``given`` with ``--exercise NAME``, ``recognised`` from the
landmarks otherwise), ``exercise_evidence`` (what the recogniser saw, in words),
``exercise_name`` (what a person calls it) and ``exercise_alternatives`` (ids the
landmarks fit exactly as well, e.g. a bar or a pair of bells: the call names that family;
``exercise`` is the one judged by).

The low-back load (an estimate with its range, never a verdict): ``lowback_load`` on each
rep and ``lowback_load_model`` for the set, as described in
:mod:`hingecoach.export.lowback_json` (null when not estimated).
Everyday bends (``exercise`` ``daily``, given or recognised) add ``bends``: each bend's
class (hinge, squat, stoop or mixed), confidence and measures, and the share of hinges
(layout in :mod:`hingecoach.export.bends_json`, its own ``version``).

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
from hingecoach.daily import DAILY
from hingecoach.export.bends_json import bends_dict
from hingecoach.export.lowback_json import rep_load_dict, set_load_dict
from hingecoach.form.assess import RepForm, SetForm
from hingecoach.form.tape_reps import TapeRep, compute_upper_back_note
from hingecoach.kinematics.view_stretches import ViewStretch
from hingecoach.reps.measures import Rep

SCHEMA_VERSION = 3


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


def _tape_dict(form: RepForm, tape: TapeRep | None) -> dict[str, Any]:
    """A rep's tape: null with the reason when the lower back was not read, never 0."""
    reason = None if tape is None else tape.reason
    if reason is None and math.isnan(form.tape_peak_pct):
        reason = "the virtual tape test was not run"
    return {
        "peak_pct": form.tape_peak_pct,
        "confidence": form.tape_confidence,
        "reason": reason,
        "upper_back_pct": math.nan if tape is None else tape.upper_back_pct,
    }


def _rep_dict(rep: Rep, form: RepForm | None, tape: TapeRep | None = None) -> dict[str, Any]:
    record = asdict(rep)
    if form is not None:
        record["faults"] = [
            {"code": f.code.value, "severity": f.severity, "confidence": f.confidence, "cue": f.cue}
            for f in form.faults
        ]
        record["tape"] = _tape_dict(form, tape)
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


def _exercise_dict(result: SessionResult) -> dict[str, Any]:
    call = result.exercise
    return {
        "exercise": None if call is None else call.id,
        "exercise_confidence": None if call is None else call.confidence,
        "exercise_source": None if call is None else call.source,
        "exercise_evidence": None if call is None else call.evidence,
        "exercise_name": None if call is None else call.name,
        "exercise_alternatives": [] if call is None else list(call.alternatives),
    }


def _stretch_dict(result: SessionResult, stretch: ViewStretch) -> dict[str, Any]:
    """One view stretch with times in seconds (from the kinematics' frame times)."""
    t_s = result.kinematics.t_s
    return {
        "start_s": float(t_s[stretch.start]),
        "end_s": float(t_s[stretch.stop - 1]),
        "view": stretch.view.value,
        "yaw_deg": stretch.yaw_deg,
    }


def session_to_dict(result: SessionResult) -> dict[str, Any]:
    """The analysis JSON of a result as a plain dict (see the module docstring)."""
    rep_forms = result.form.reps if result.form is not None else (None,) * result.rep_count
    tapes: tuple[TapeRep | None, ...] = result.tape_reps
    if len(tapes) != result.rep_count:
        tapes = (None,) * result.rep_count
    reps = [
        _rep_dict(rep, form, tape)
        for rep, form, tape in zip(result.reps, rep_forms, tapes, strict=True)
    ]
    lowback = result.lowback
    if lowback is not None and len(lowback.reps) == len(reps):
        for record, load in zip(reps, lowback.reps, strict=True):
            record["lowback_load"] = rep_load_dict(load, lowback.flags)
    return _clean(
        {
            "schema_version": SCHEMA_VERSION,
            "rep_count": result.rep_count,
            **_exercise_dict(result),
            "reps": reps,
            **_set_form_dict(result.form),
            "upper_back_note": compute_upper_back_note(result.tape_reps),
            "partial_reps": [asdict(timing) for timing in result.partial_reps],
            "not_counted": [
                {**asdict(rise.timing), "reason": rise.reason} for rise in result.not_counted
            ],
            "view": result.view.view.value,
            "view_stretches": [_stretch_dict(result, stretch) for stretch in result.view_stretches],
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
            "lowback_load_model": None if lowback is None else set_load_dict(lowback),
            **_bends_section(result),
        }
    )


def _bends_section(result: SessionResult) -> dict[str, Any]:
    """``{"bends": ...}`` for everyday bends, nothing for an exercise set."""
    daily = result.exercise is not None and result.exercise.id == DAILY
    return {"bends": bends_dict(result.bends)} if daily and result.bends is not None else {}


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
