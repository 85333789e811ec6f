"""Progression: which ladder step today, and why, from form scores, faults and pain.

Order of the rules (the first that applies decides; each decision carries one sentence):

1. an active red flag stops the program (:mod:`hingecoach.program.pain`);
2. pain of 6+ or a rise of 2+ after a session goes back one step;
3. a fault on most of the last sets at this step (:data:`PERSIST_OF` of the last
   :data:`PERSIST_WINDOW`) sends the person to the earliest step whose learning aid trains it
   (or holds this step with that aid when it is this step or a later one);
4. pain of 4–5 holds the step (lighter load or shorter range);
5. enough good sessions (the step's ``advance`` rule) with pain 0–3 earns the next step;
6. otherwise carry on, saying how many good sessions are still needed.

Only evidence since the person moved to the current step counts, so one painful day or
one bad set is acted on once, not every day after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hingecoach.form.findings import FaultCode
from hingecoach.program.ladder import Aid, Ladder, Step
from hingecoach.program.pain import (
    PainAction,
    PainCheckin,
    PainDecision,
    active_red_flags,
    pain_decision,
)

#: A fault "persists" when it is among the set faults of 2 of the last 3 scored sets: one
#: bad set can be fatigue or a poor camera angle; two out of three is a pattern.
PERSIST_WINDOW = 3
PERSIST_OF = 2

FAULT_WORDS = {
    "rounded_back": "Rounding of the back",
    "leaning_back": "Leaning back at the top",
    "squatting": "Squatting instead of hinging",
    "hips_rise_first": "Hips rising before the chest",
    "hips_not_back": "Hips not going back",
    "too_deep": "Going deeper than the hamstrings allow",
    "load_drift": "The weight drifting away from the legs",
    "too_shallow": "A very shallow hinge",
    "rushing": "Rushing the reps",
    "incomplete_lockout": "Not finishing tall",
    "weight_on_kickstand": "Too much weight on the back foot",
    "hips_twisting": "Hips twisting",
}


class Action(StrEnum):
    """What today's plan does with the step."""

    START = "start"
    CONTINUE = "continue"
    HOLD = "hold"
    ADVANCE = "advance"
    GO_BACK = "go_back"
    REGRESS = "regress"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class SetSummary:
    """What progression needs of one stored set.

    Attributes
    ----------
    at : datetime
    variant : str or None
        Canonical variant id; None (or ``auto``) means the step's own.
    load_kg : float or None
    score : float or None
        The set's form score 0–100; None for a set logged without the camera.
    rep_count : int
    faults : tuple of str
        The set's faults (on most reps), fault codes.
    """

    at: datetime
    variant: str | None
    load_kg: float | None
    score: float | None
    rep_count: int
    faults: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    """Today's step and the reason, in one sentence."""

    action: Action
    step_id: str
    reason: str
    drill: Aid | None = None
    see_clinician: bool = False


def _on_step(summary: SetSummary, step: Step) -> bool:
    return summary.variant in (None, "auto", step.variant)


def _load_words(load_kg: float | None) -> str:
    return f" at {load_kg:g} kg" if load_kg else ""


def persistent_fault(sets: Sequence[SetSummary]) -> tuple[str, SetSummary] | None:
    """The most important fault on :data:`PERSIST_OF` of the last scored sets, if any."""
    scored = sorted((s for s in sets if s.score is not None), key=lambda s: s.at)
    last = scored[-PERSIST_WINDOW:]
    for code in FaultCode:  # most important first
        hits = [s for s in last if code.value in s.faults]
        if len(hits) >= PERSIST_OF:
            return code.value, hits[-1]
    return None


def _fault_decision(ladder: Ladder, step: Step, sets: Sequence[SetSummary]) -> Decision | None:
    found = persistent_fault(sets)
    if found is None:
        return None
    fault, latest = found
    words = FAULT_WORDS.get(fault, fault.replace("_", " ").capitalize())
    seen = f"{words} showed in most of your last sets of {step.name}{_load_words(latest.load_kg)}"
    trainer = ladder.aid_for(fault)
    if trainer is None:
        return Decision(Action.HOLD, step.id, f"{seen}, so stay on this step, lighter, and slow.")
    back, aid = trainer
    if ladder.index(back.id) < ladder.index(step.id):
        return Decision(
            Action.GO_BACK,
            back.id,
            f"{seen}, so go back to step {ladder.index(back.id) + 1} ({back.name}) and practise "
            f"the drill '{aid.name}' until it is gone.",
            drill=aid,
        )
    return Decision(
        Action.HOLD,
        step.id,
        f"{seen}, so stay on this step, lighter, and practise the drill '{aid.name}'.",
        drill=aid,
    )


def good_sessions(step: Step, sets: Sequence[SetSummary]) -> int:
    """Distinct days with a set that meets the step's ``advance`` rule."""
    rule = step.advance
    days = {
        s.at.date()
        for s in sets
        if s.score is not None
        and s.score >= rule.min_score
        and s.rep_count >= rule.min_reps
        and not set(s.faults) & set(rule.blocking_faults)
    }
    return len(days)


def _pain_first(
    ladder: Ladder, step: Step, pain: PainDecision, flagged: bool
) -> Decision | None:
    if flagged:
        return Decision(Action.STOP, step.id, pain.reason, see_clinician=True)
    if pain.action is PainAction.REGRESS:
        index = ladder.index(step.id)
        if index == 0:
            reason = pain.reason.replace(
                "go back one step", "stay on the first step with a shorter, easier range"
            )
            return Decision(Action.HOLD, step.id, reason, see_clinician=True)
        previous = ladder.steps[index - 1]
        return Decision(Action.REGRESS, previous.id, pain.reason, see_clinician=True)
    return None


def decide(
    ladder: Ladder,
    step_id: str,
    since: datetime,
    sets: Sequence[SetSummary],
    checkins: Sequence[PainCheckin],
    now: datetime,
) -> Decision:
    """Decide today's step.

    Parameters
    ----------
    ladder : Ladder
    step_id : str
        The person's current step.
    since : datetime
        When they moved to it: only sets and check-ins from then on count (red flags always).
    sets, checkins : sequences
        All of the person's sets and pain check-ins (any order).
    now : datetime

    Returns
    -------
    Decision
    """
    step = ladder.get(step_id)
    recent = [c for c in checkins if c.at >= since]
    pain = pain_decision(recent, now)
    flagged = bool(active_red_flags(checkins))
    if flagged:
        pain = pain_decision(checkins, now)
    decision = _pain_first(ladder, step, pain, flagged)
    if decision is not None:
        return decision
    on_step = [s for s in sets if s.at >= since and _on_step(s, step)]
    decision = _fault_decision(ladder, step, on_step)
    if decision is not None:
        return decision
    if pain.action is PainAction.HOLD:
        return Decision(Action.HOLD, step.id, pain.reason)
    return _earned(ladder, step, on_step, pain)


def _earned(
    ladder: Ladder, step: Step, sets: Sequence[SetSummary], pain: PainDecision
) -> Decision:
    """Advance when the step is earned, else say what is still needed."""
    done, needed = good_sessions(step, sets), step.advance.sessions
    if not sets:
        return Decision(
            Action.START,
            step.id,
            f"You are on {step.name}; film or log your sets so your progress can be tracked.",
        )
    if done < needed:
        unscored = " (sets logged without the camera count as practice)" if any(
            s.score is None for s in sets
        ) else ""
        return Decision(
            Action.CONTINUE,
            step.id,
            f"{done} of {needed} good sessions on this step so far{unscored}; keep going.",
        )
    if pain.action is not PainAction.CARRY_ON:
        return Decision(
            Action.HOLD,
            step.id,
            f"Your form has earned the next step, but {pain.reason[0].lower()}{pain.reason[1:]}",
        )
    index = ladder.index(step.id)
    if index + 1 == len(ladder.steps):
        return Decision(
            Action.CONTINUE,
            step.id,
            f"{done} good sessions with pain 0-3 on the last step: keep practising and add load "
            "slowly, a little at a time.",
        )
    nxt = ladder.steps[index + 1]
    return Decision(
        Action.ADVANCE,
        nxt.id,
        f"{done} good sessions with good form and pain 0-3 have earned the next step, {nxt.name}.",
    )
