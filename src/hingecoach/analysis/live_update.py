"""What the streaming core says after each frame (the live page's data)."""

from __future__ import annotations

from dataclasses import dataclass

from hingecoach.daily.bends import Bend
from hingecoach.form.assess import RepForm
from hingecoach.form.tape_reps import TapeRep
from hingecoach.kinematics.view import ViewEstimate
from hingecoach.reps.measures import Rep
from hingecoach.reps.segmenter import RepEvent, RepPhase


@dataclass(frozen=True, slots=True)
class LiveUpdate:
    """What the streaming core says after one frame.

    Attributes
    ----------
    t_s : float
    tracked : bool
        Whether a body was found in this frame.
    hip_flexion_deg, trunk_inclination_deg, knee_flexion_deg : float
        Smoothed angles (NaN when not tracked).
    phase : RepPhase
    rep_count : int
    event : RepEvent or None
        The rep event this frame caused.
    rep : Rep or None
        The measured rep, when ``event`` completed one.
    tape_pct : float
        Virtual tape in this frame, % of the person's range (NaN when not read).
    tape_rep : TapeRep or None
        The tape's peak over the rep, when ``event`` completed one.
    view : ViewEstimate or None
        Current view estimate (None until a body has been seen).
    forms : tuple of RepForm
        Reps judged in this frame. A rep is judged once the lockout second after it
        has been seen (the lockout faults need it), so about a second after it counted.
    bend : Bend or None
        The rep just counted, classed as an everyday bend (hinge, squat, stoop, mixed).
    """

    t_s: float
    tracked: bool
    hip_flexion_deg: float
    trunk_inclination_deg: float
    knee_flexion_deg: float
    phase: RepPhase
    rep_count: int
    event: RepEvent | None
    rep: Rep | None
    view: ViewEstimate | None
    tape_pct: float = float("nan")
    tape_rep: TapeRep | None = None
    forms: tuple[RepForm, ...] = ()
    bend: Bend | None = None
