"""The low-back load's part of the analysis JSON (``lowback_load`` per rep and for the set).

Per rep, ``lowback_load``: ``moment_nm`` and ``compression_n`` (``{estimate, low, high}``:
the peak flexion moment at L5/S1, N·m, and disc compression, N, held for 0.2 s in the
rep), ``load_distance_m`` (the hands ahead of L5/S1 at that peak), ``peak_s``,
``close_load`` (the same figures for a hinge at the same trunk angle with the load kept
close and the lower back long) and ``assumptions`` (the flags that apply: assumed body,
unknown load, back not read). For the set, ``lowback_load_model``: ``body``
(``mass_kg``, ``height_m``, each with ``*_assumed``), ``load`` (``kg`` or null,
``source``: given, logged, bodyweight, unknown), ``plane``, ``flags``, ``assumptions``,
``reference`` (the NIOSH action limit, for context only) and ``provenance`` (the segment
table and parameters).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from hingecoach.lowback.anthropometry import LowBackParams
from hingecoach.lowback.estimate import Estimate, RepLoad
from hingecoach.lowback.session import (
    ASSUMPTIONS,
    NIOSH_ACTION_LIMIT_N,
    REFERENCE_NOTE,
    SetLoad,
)

#: Where the model's numbers come from.
PROVENANCE = {
    "model": "hingecoach.lowback: sagittal quasi-static L5/S1 moment, single-equivalent extensor",
    "segments": "Winter (2009) Biomechanics and Motor Control of Human Movement, Table 4.1 "
    "(Dempster); lengths Fig. 4.1 (Drillis & Contini)",
    "reference": "NIOSH (1981) Work Practices Guide for Manual Lifting, action limit 3400 N",
}


def _range(value: Estimate) -> dict[str, float]:
    return {"estimate": value.estimate, "low": value.low, "high": value.high}


def rep_load_dict(rep: RepLoad, flags: tuple[str, ...]) -> dict[str, Any]:
    """One rep's ``lowback_load`` record."""
    return {
        "moment_nm": _range(rep.moment_nm),
        "compression_n": _range(rep.compression_n),
        "load_distance_m": rep.load_distance_m,
        "peak_s": rep.peak_t_s,
        "close_load": {
            "moment_nm": _range(rep.close_moment_nm),
            "compression_n": _range(rep.close_compression_n),
            "load_distance_m": rep.close_load_distance_m,
        },
        "assumptions": list(flags),
    }


def set_load_dict(lowback: SetLoad, params: LowBackParams | None = None) -> dict[str, Any]:
    """The set's ``lowback_load_model`` record."""
    params = params or LowBackParams()
    body, load = lowback.body, lowback.load
    return {
        "body": {
            "mass_kg": body.mass_kg,
            "mass_assumed": body.mass_assumed,
            "height_m": body.height_m,
            "height_assumed": body.height_assumed,
        },
        "load": {"kg": load.load_kg, "source": load.source},
        "plane": lowback.plane,
        "flags": list(lowback.flags),
        "assumptions": list(ASSUMPTIONS),
        "reference": {"niosh_action_limit_n": NIOSH_ACTION_LIMIT_N, "note": REFERENCE_NOTE},
        "provenance": {**PROVENANCE, "params": asdict(params)},
    }
