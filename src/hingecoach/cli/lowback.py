"""The low-back load at the command line: the person's figures, the summary line, ``body``."""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.result import SessionResult
from hingecoach.cli import program as program_commands
from hingecoach.daily import DAILY
from hingecoach.errors import HingecoachError
from hingecoach.lowback.anthropometry import BodyInputs
from hingecoach.lowback.session import NIOSH_ACTION_LIMIT_N, PersonInputs
from hingecoach.store.defaults import default_profile

BodyMassOption = Annotated[
    float | None,
    typer.Option(
        "--body-mass-kg",
        min=20,
        max=300,
        help="Your body mass, kg, for the low-back load estimate (else the one you entered "
        "with `hingecoach body`, else 75 kg, flagged as assumed).",
    ),
]
HeightOption = Annotated[
    float | None,
    typer.Option(
        "--height-m",
        min=1.0,
        max=2.5,
        help="Your height, m (else the one entered with `hingecoach body`, else 1.75 m, "
        "flagged as assumed).",
    ),
]


def _stored(db: str | None, profile: str | None, variants: tuple[str, ...]):
    """The stored body mass, height and each variant's last logged load (empty on failure)."""
    try:
        store = program_commands.open_store(db)
        try:
            who = profile or default_profile()
            mass, height = store.body_measures(who)
            logged = ((v, store.last_load_kg(v, who)) for v in variants)
            return mass, height, tuple((v, kg) for v, kg in logged if kg is not None)
        finally:
            store.close()
    except HingecoachError:
        return None, None, ()  # the estimate then says what it assumed


def person_for_analysis(
    params: AnalysisParams,
    *,
    body_mass_kg: float | None,
    height_m: float | None,
    load_kg: float | None,
    db: str | None,
    profile: str | None,
    use_store: bool,
) -> PersonInputs:
    """The person's body and load for the low-back load, resolved before the analysis.

    Options first, then what the person entered (``hingecoach body``) and the load of
    their last logged set of each variant (the analysis picks the one it judges);
    missing figures are assumed and flagged.
    """
    stored: tuple = (None, None, ())
    if use_store and (body_mass_kg is None or height_m is None or load_kg is None):
        # Everyday bends too: a set called so looks its logged load up under that id.
        ids = (*(p.id for p in params.variants.profiles), DAILY)
        variants = ids if load_kg is None else ()
        stored = _stored(db, profile, variants)
    body = BodyInputs.of(
        body_mass_kg if body_mass_kg is not None else stored[0],
        height_m if height_m is not None else stored[1],
    )
    return PersonInputs(body, load_kg, stored[2])


def summary_line(result: SessionResult) -> str | None:
    """One line for the terminal: the heaviest rep's estimate, its range and the close hinge."""
    lowback = result.lowback
    reps = (
        [] if lowback is None else [r for r in lowback.reps if math.isfinite(r.moment_nm.estimate)]
    )
    if lowback is None or not reps:
        return None
    rep = max(reps, key=lambda r: r.moment_nm.estimate)
    moment, compression = rep.moment_nm, rep.compression_n
    close = rep.close_compression_n.estimate
    line = (
        f"Low-back load (a rough model estimate): rep {rep.index} peaked near "
        f"{moment.estimate:.0f} N·m at L5/S1 ({moment.low:.0f}–{moment.high:.0f}) and "
        f"{compression.estimate:.0f} N of disc compression "
        f"({compression.low:.0f}–{compression.high:.0f}); with the load kept close and "
        f"the back long, about {close:.0f} N. NIOSH's {NIOSH_ACTION_LIMIT_N:.0f} N "
        "lifting action limit is context, not a verdict."
    )
    if lowback.flags:
        line += " " + " ".join(lowback.flags)
    return escape(line)


def body(
    mass_kg: Annotated[
        float | None, typer.Option("--mass-kg", min=20, max=300, help="Body mass, kg.")
    ] = None,
    height_m: Annotated[
        float | None, typer.Option("--height-m", min=1.0, max=2.5, help="Height, m.")
    ] = None,
    db: program_commands.DbOption = None,
    profile: program_commands.ProfileOption = None,
) -> None:
    """Enter your body mass and height once (for the low-back load estimate), or show them."""
    store = program_commands.open_store(db)
    try:
        who = profile or default_profile()
        if mass_kg is None and height_m is None:
            mass, height = store.body_measures(who)
        else:
            mass, height = store.set_body_measures(who, body_mass_kg=mass_kg, height_m=height_m)
    finally:
        store.close()
    shown = [
        f"body mass {mass:g} kg" if mass is not None else "body mass not entered",
        f"height {height:g} m" if height is not None else "height not entered",
    ]
    Console(soft_wrap=True).print(f"{escape(who)}: {', '.join(shown)}.")
