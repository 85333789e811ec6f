"""The analysis JSON: a documented, versioned record of one set.

Schema (``schema_version`` 1):

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
(``good``/``low``). Angles are degrees, times seconds, distances leg lengths; NaN is
written as ``null``.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hingecoach.analysis.result import SessionResult

SCHEMA_VERSION = 1


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


def session_to_dict(result: SessionResult) -> dict[str, Any]:
    """The analysis JSON of a result as a plain dict (see the module docstring)."""
    return _clean(
        {
            "schema_version": SCHEMA_VERSION,
            "rep_count": result.rep_count,
            "reps": [asdict(rep) for rep in result.reps],
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
    """Write the analysis JSON, creating parent folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(session_to_dict(result), indent=2) + "\n", encoding="utf-8")


def write_kinematics_csv(path: Path, result: SessionResult) -> None:
    """Write per-frame kinematics as CSV: ``t_s`` then one column per measure."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    kinematics = result.kinematics
    names = ("t_s", *kinematics.channel_names())
    matrix = kinematics.as_matrix()
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(names) + "\n")
        for t_s, row in zip(kinematics.t_s, matrix, strict=True):
            cells = [f"{t_s:.4f}"] + ["" if math.isnan(v) else f"{v:.4f}" for v in row]
            handle.write(",".join(cells) + "\n")
