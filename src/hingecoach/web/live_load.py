"""The live page's low-back load line: the last judged rep's estimate with its range."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.analysis.exercise import given_profile
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.errors import HingecoachError
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View
from hingecoach.lowback.anthropometry import BodyInputs
from hingecoach.lowback.session import compute_set_load, resolve_load
from hingecoach.store.sets import default_profile


def live_rep_load(
    analyzer: StreamingAnalyzer,
    index: int,
    image_size: tuple[int, int],
    body: BodyInputs | None = None,
    load_kg: float | None = None,
) -> dict[str, Any] | None:
    """Rep ``index``'s peak moment and compression from the frames still buffered.

    Parameters
    ----------
    analyzer : StreamingAnalyzer
    index : int
        The rep's number (1-based).
    image_size : tuple of int
        ``(width, height)`` of the frames.
    body : BodyInputs, optional
        Assumed (and flagged) when not given.
    load_kg : float, optional
        The load in the hands; else 0 for a variant without one, else unknown (flagged).

    Returns
    -------
    dict or None
        ``{moment_nm, compression_n: {estimate, low, high}, close_compression_n, flags}``;
        None when the rep's frames are no longer buffered or nothing could be measured.
    """
    buffered = analyzer.buffered_pose()
    rep = next((r for r in analyzer.reps if r.index == index), None)
    view = analyzer.view
    if buffered is None or rep is None or view is None or rep.start_s < buffered[0][0]:
        return None
    times, image, world, bend = buffered
    try:
        series = LandmarkSeries(times, image, world, np.ones(image.shape[:2]), image_size)
    except HingecoachError:
        return None
    exercise = analyzer.exercise
    profile = given_profile(None if exercise is None else exercise.id, analyzer.params)
    hanging = True if profile is None else profile.hanging_load  # unknown: assume a load
    lowback = compute_set_load(
        series,
        bend,
        [(rep.index, rep.start_s, rep.end_s)],
        body or BodyInputs(),
        resolve_load(load_kg, None, hanging),
        facing=view.facing,
        side_view=view.view is View.SIDE,
    )
    (load,) = lowback.reps
    if not math.isfinite(load.moment_nm.estimate):
        return None
    return {
        "moment_nm": _range(load.moment_nm),
        "compression_n": _range(load.compression_n),
        "close_compression_n": round(load.close_compression_n.estimate),
        "flags": list(lowback.flags),
    }


def _range(value) -> dict[str, float]:
    return {"estimate": round(value.estimate), "low": round(value.low), "high": round(value.high)}


def stored_body(data_dir: Path | None) -> BodyInputs:
    """The body mass and height entered for the default profile (``hingecoach body``).

    Missing figures, no data folder or a database that cannot be read give the assumed
    ones, flagged as such in every estimate.
    """
    if data_dir is None:
        return BodyInputs()
    from hingecoach.web.program_routes import ProgramWeb

    try:
        program = ProgramWeb.for_data_dir(data_dir, import_files=False)
        try:
            return BodyInputs.of(*program.store.body_measures(default_profile()))
        finally:
            program.store.close()
    except HingecoachError:
        return BodyInputs()
