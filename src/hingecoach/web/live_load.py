"""The live page's low-back load line: the last judged rep's estimate with its range.

The page may send the person's body mass, height and the load held (a ``person``
message); :func:`parse_person` checks it, and the next reps' estimates use it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.analysis.exercise import given_profile
from hingecoach.analysis.streaming import StreamingAnalyzer
from hingecoach.errors import HingecoachError, InputError
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View
from hingecoach.lowback.anthropometry import BodyInputs
from hingecoach.lowback.session import PersonInputs, compute_set_load
from hingecoach.store.sets import default_profile
from hingecoach.web.protocol import error_message


def live_rep_load(
    analyzer: StreamingAnalyzer,
    index: int,
    image_size: tuple[int, int],
    person: PersonInputs | None = None,
) -> dict[str, Any] | None:
    """Rep ``index``'s peak moment and compression from the frames still buffered.

    Parameters
    ----------
    analyzer : StreamingAnalyzer
    index : int
        The rep's number (1-based).
    image_size : tuple of int
        ``(width, height)`` of the frames.
    person : PersonInputs, optional
        Body and load (entered, stored or assumed and flagged). The load: the one given,
        else the variant's last logged one, else 0 without a load in the hands, else
        unknown (flagged).

    Returns
    -------
    dict or None
        ``{moment_nm, compression_n: {estimate, low, high}, close_compression_n, flags,
        inputs}`` (``inputs``: the body and load the figures rest on); None when the
        rep's frames are no longer buffered or nothing could be measured.
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
    person = person or PersonInputs()
    lowback = compute_set_load(
        series,
        bend,
        [(rep.index, rep.start_s, rep.end_s)],
        person.body,
        person.load(None if exercise is None else exercise.id, hanging),
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
        "inputs": {
            "body_mass_kg": lowback.body.mass_kg,
            "height_m": lowback.body.height_m,
            "body_assumed": lowback.body.mass_assumed or lowback.body.height_assumed,
            "load_kg": lowback.load.load_kg,
            "load_source": lowback.load.source,
        },
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


def stored_person(data_dir: Path | None, variants: tuple[str, ...]) -> PersonInputs:
    """The stored body (see :func:`stored_body`) and each variant's last logged load.

    As ``analyze`` takes them when no option is given; a store that cannot be read
    gives no logged loads (the estimate then says the load is unknown).
    """
    body = stored_body(data_dir)
    if data_dir is None:
        return PersonInputs(body)
    from hingecoach.web.program_routes import ProgramWeb

    try:
        program = ProgramWeb.for_data_dir(data_dir, import_files=False)
        try:
            who = default_profile()
            logged = ((v, program.store.last_load_kg(v, who)) for v in variants)
            return PersonInputs(body, None, tuple((v, kg) for v, kg in logged if kg is not None))
        finally:
            program.store.close()
    except HingecoachError:
        return PersonInputs(body)


#: What the page may send, with its unit, range and what a blank means.
PERSON_FIELDS = {
    "body_mass_kg": ("Body mass", "kg", 20.0, 300.0),
    "height_m": ("Height", "m", 1.0, 2.5),
    "load_kg": ("The load held", "kg", 0.0, 500.0),
}


def _field(command: Mapping[str, Any], key: str) -> float | None:
    """One figure of a ``person`` message: None (blank) or a number in its range."""
    value = command.get(key)
    if value is None:
        return None
    label, unit, low, high = PERSON_FIELDS[key]
    number = math.nan
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value) if abs(value) < 1e300 else math.inf  # no overflow on huge ints
    if not math.isfinite(number):
        raise InputError(f"{label} must be a number in {unit} or blank; got {str(value)[:20]!r}.")
    if not low <= number <= high:
        hint = " (in metres, e.g. 1.75)" if key == "height_m" and number > high else ""
        raise InputError(f"{label} must be {low:g}-{high:g} {unit}{hint}; got {number:g}.")
    return number


def parse_person(command: Mapping[str, Any], stored: PersonInputs) -> PersonInputs:
    """The body and load a ``person`` message gives, blanks filled from ``stored``.

    Parameters
    ----------
    command : mapping
        The message: ``body_mass_kg``, ``height_m``, ``load_kg`` (each a number or
        null; blank body figures fall back to the stored ones, else they are assumed and
        flagged; a blank load means the last logged one, else unknown).
    stored : PersonInputs
        What ``hingecoach body`` and the program's log hold.

    Returns
    -------
    PersonInputs

    Raises
    ------
    InputError
        For an unknown field or a figure that is not a number in its range, in one
        sentence.
    """
    unknown = sorted(str(key)[:20] for key in command if key not in (*PERSON_FIELDS, "type"))
    if unknown:
        raise InputError(
            f"Unknown field {unknown[0]!r}; send body_mass_kg, height_m and load_kg."
        )
    mass, height, load = (_field(command, key) for key in PERSON_FIELDS)
    body = stored.body
    entered = BodyInputs.of(
        mass if mass is not None else (None if body.mass_assumed else body.mass_kg),
        height if height is not None else (None if body.height_assumed else body.height_m),
    )
    return PersonInputs(entered, load, stored.logged_kg)


def person_message(person: PersonInputs) -> dict[str, Any]:
    """What the page shows in its body and load fields, and one sentence about it."""
    body = person.body
    mass = None if body.mass_assumed else body.mass_kg
    height = None if body.height_assumed else body.height_m
    said = [
        f"{mass:g} kg" if mass is not None else f"an assumed {body.mass_kg:g} kg",
        f"{height:g} m" if height is not None else f"an assumed {body.height_m:g} m",
        f"{person.load_kg:g} kg held" if person.load_kg is not None else "the load not given",
    ]
    if person.load_kg is None and person.logged_kg:
        said[-1] += " (so your last logged load of the exercise, where there is one)"
    return {
        "type": "person",
        "body_mass_kg": mass,
        "height_m": height,
        "load_kg": person.load_kg,
        "text": f"Low-back estimates use {', '.join(said)} (rough estimates, not a verdict).",
    }


def read_person(text: str, stored: PersonInputs) -> tuple[PersonInputs | None, dict[str, Any]]:
    """The page's ``person`` message read: the inputs and the answer, or None and one error.

    The error answer carries ``"about": "person"`` so the page shows it by its fields.
    """
    try:
        command = json.loads(text)
        if not isinstance(command, dict):
            raise InputError("Send the body and load as one JSON object.")
        person = parse_person(command, stored)
    except (json.JSONDecodeError, InputError) as error:
        message = str(error) if isinstance(error, InputError) else "The message is not JSON."
        return None, {**error_message(message), "about": "person"}
    return person, person_message(person)
