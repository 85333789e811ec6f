"""The low-back load of a whole recording: inputs resolved, every rep summarised, flags said."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.lowback.anthropometry import BodyInputs, LoadInputs, LowBackParams
from hingecoach.lowback.estimate import LoadSeries, RepLoad, compute_load_series, summarize_window
from hingecoach.lowback.landmarks import compute_sagittal_frames

#: A published reference for context only (never a verdict on a person): the NIOSH Work
#: Practices Guide for Manual Lifting (1981) set its action limit where the L5/S1
#: compression of lifting reaches about 3400 N (and 6400 N as the maximum permissible).
NIOSH_ACTION_LIMIT_N = 3400.0
REFERENCE_NOTE = (
    "For context only: NIOSH (1981) chose 3400 N of estimated L5/S1 compression as the "
    "action limit for repeated lifting at work. It is not a safe or unsafe line for you, and "
    "these figures are rough model estimates, not measurements."
)

#: The model's standing assumptions, said in every record of it.
ASSUMPTIONS = (
    "Sagittal, quasi-static model: the moment of the upper body's weight and the load at "
    "L5/S1; speed, twisting and side bending are left out.",
    "Segment masses and centres: Winter (2009) Table 4.1 (Dempster), scaled by body mass; "
    "lengths scaled by height.",
    "L5/S1 is placed on the pelvis 0.045 of height from the hip joint centre; a rounded "
    "lower back (the virtual tape's bend) tips the pelvis less for the same trunk line, "
    "which moves L5/S1 back from the upper body's mass.",
    "Compression: one equivalent back-extensor muscle 6 cm (5-7 cm) behind the disc, plus "
    "the weight's share along the spine; abdominal pressure, co-contraction, passive "
    "tissues and shear are left out.",
    "The load is held at the hands' centre; ranges combine the ends of every uncertain "
    "input and the landmark noise.",
)


def resolve_load(given_kg: float | None, logged_kg: float | None, hanging_load: bool) -> LoadInputs:
    """The load in the hands: given, else logged, else 0 without a hanging load, else unknown.

    Parameters
    ----------
    given_kg : float or None
        ``--load-kg``.
    logged_kg : float or None
        The program's logged load for this set (or this variant's last set).
    hanging_load : bool
        The variant holds a load in the hands (its profile's ``hanging_load``).

    Returns
    -------
    LoadInputs
    """
    if given_kg is not None:
        return LoadInputs(float(given_kg), "given")
    if logged_kg is not None:
        return LoadInputs(float(logged_kg), "logged")
    if not hanging_load:
        return LoadInputs(0.0, "bodyweight")
    return LoadInputs(None, "unknown")


@dataclass(frozen=True, slots=True)
class PersonInputs:
    """The person's figures for the low-back load, resolved at the edge before the analysis.

    The variant (and so its logged load) is known only once the analysis has recognised
    it, so the edge gives the last logged load of every variant and the analysis picks.

    Attributes
    ----------
    body : BodyInputs
        Entered (options, ``hingecoach body``, the live page) or assumed (flagged).
    load_kg : float or None
        The load given for this set, kg (``--load-kg``, the live page); None: not given.
    logged_kg : tuple of (str, float)
        ``(variant id, kg)``: the load of the person's last logged set of each variant.
    """

    body: BodyInputs = field(default_factory=BodyInputs)
    load_kg: float | None = None
    logged_kg: tuple[tuple[str, float], ...] = ()

    def logged_for(self, variant: str | None) -> float | None:
        """The last logged load of ``variant``, kg (None when none was logged)."""
        return dict(self.logged_kg).get(variant) if variant is not None else None

    def load(self, variant: str | None, hanging_load: bool) -> LoadInputs:
        """The load in the hands for a set of ``variant`` (see :func:`resolve_load`)."""
        return resolve_load(self.load_kg, self.logged_for(variant), hanging_load)


@dataclass(frozen=True, slots=True)
class SetLoad:
    """The low-back load estimate of a recording.

    Attributes
    ----------
    reps : tuple of RepLoad
        One per counted rep, in order.
    body : BodyInputs
    load : LoadInputs
    plane : str
        ``image`` (side view) or ``world`` (MediaPipe world landmarks).
    flags : tuple of str
        What the figures rest on that the person should know (assumed body, unknown load,
        lower back not read, view), one sentence each.
    series : LoadSeries
        The per-frame figures.
    """

    reps: tuple[RepLoad, ...]
    body: BodyInputs
    load: LoadInputs
    plane: str
    flags: tuple[str, ...]
    series: LoadSeries


def _flags(body: BodyInputs, load: LoadInputs, lumbar_read: np.ndarray, plane: str) -> list[str]:
    flags = []
    if body.mass_assumed or body.height_assumed:
        missing = [
            f"body mass {body.mass_kg:g} kg" if body.mass_assumed else "",
            f"height {body.height_m:g} m" if body.height_assumed else "",
        ]
        flags.append(
            f"Assumed {' and '.join(m for m in missing if m)} (not entered), so the range is "
            "wide: give yours with --body-mass-kg/--height-m or `hingecoach body`."
        )
    if load.source == "unknown":
        flags.append(
            "Load unknown: a weight hangs from the hands but its mass was not given "
            "(--load-kg); the figures are for the body alone."
        )
    elif load.source == "logged":
        flags.append(f"Load {load.load_kg:g} kg from your logged sets.")
    if not lumbar_read.any():
        flags.append(
            "The lower back's bend was not read: taken as neutral, with up to 20° of "
            "rounding in the range."
        )
    if plane == "world":
        flags.append("Not filmed side-on: distances come from the estimated 3D pose, less sure.")
    return flags


def compute_set_load(
    series: LandmarkSeries,
    lumbar_bend_deg: np.ndarray,
    windows: Sequence[tuple[int, float, float]],
    body: BodyInputs,
    load: LoadInputs,
    *,
    facing: float,
    side_view: bool,
    params: LowBackParams | None = None,
) -> SetLoad:
    """The low-back load of every rep of a recording.

    Parameters
    ----------
    series : LandmarkSeries
    lumbar_bend_deg : numpy.ndarray
        Shape ``(n_frames,)``: the tape's lumbar bend, degrees (NaN where not read).
    windows : sequence of (int, float, float)
        Each rep's number, start and end, seconds.
    body : BodyInputs
    load : LoadInputs
    facing : float
        +1 facing right in the picture, −1 left.
    side_view : bool
        Filmed side-on (the picture is used); else the world landmarks.
    params : LowBackParams, optional

    Returns
    -------
    SetLoad
    """
    params = params or LowBackParams()
    scaled = compute_sagittal_frames(
        series, lumbar_bend_deg, body.height_m, facing=facing, use_world=not side_view
    )
    load_kg = 0.0 if load.load_kg is None else load.load_kg
    load_series = compute_load_series(
        series.t_s, scaled.frames, body, load_kg, params, scaled.scale_spread
    )
    reps = tuple(
        summarize_window(load_series, index, start, end, params) for index, start, end in windows
    )
    flags = _flags(body, load, np.isfinite(lumbar_bend_deg), scaled.plane)
    return SetLoad(reps, body, load, scaled.plane, tuple(flags), load_series)
