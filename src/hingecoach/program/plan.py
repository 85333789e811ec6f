"""Today's plan and the history's trend series, as JSON-ready dicts (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hingecoach.program.ladder import Ladder
from hingecoach.program.pain import RED_FLAG_TEXT, PainCheckin
from hingecoach.program.progression import Action, Decision, SetSummary

CAUTION = (
    "hingecoach coaches movement; it cannot examine you or diagnose anything. If something "
    "feels wrong, stop and ask a physiotherapist or doctor."
)


def plan_dict(ladder: Ladder, decision: Decision, profile: str) -> dict[str, Any]:
    """Today's plan: the step to do, why, how, where to feel it, and daily practice.

    A stop decision carries no exercise at all, only the reason to seek care.
    """
    step = ladder.get(decision.step_id)
    plan: dict[str, Any] = {
        "profile": profile,
        "action": decision.action.value,
        "reason": decision.reason,
        "see_clinician": decision.see_clinician,
        "caution": CAUTION,
        "step": None,
    }
    if decision.action is Action.STOP:
        return plan
    aids = {aid.id: aid for aid in ladder.aid}
    plan["step"] = {
        "id": step.id,
        "number": ladder.index(step.id) + 1,
        "of": len(ladder.steps),
        "name": step.name,
        "variant": step.variant,
        "prescription": step.prescription,
        "sets": step.sets,
        "reps": step.reps,
        "tempo": step.tempo,
        "load": step.load,
        "setup": list(step.setup),
        "cues": list(step.cues),
        "aids": [{"name": aids[a].name, "how": aids[a].how} for a in step.aids],
        "feel_primary": list(ladder.feel.primary),
        "feel_secondary": list(ladder.feel.secondary),
        "advance": step.advance.text,
        "daily_life": list(ladder.daily_life.practice),
    }
    if decision.drill is not None:
        plan["drill"] = {"name": decision.drill.name, "how": decision.drill.how}
    return plan


def red_flag_choices() -> list[dict[str, str]]:
    """The red flags a check-in form offers, code and words."""
    return [{"code": flag.value, "text": text} for flag, text in RED_FLAG_TEXT.items()]


def trend_series(
    sets: Sequence[SetSummary], checkins: Sequence[PainCheckin]
) -> dict[str, Any]:
    """Per-set score and load, and pain by kind of check-in, as time series for plots."""
    ordered = sorted(sets, key=lambda s: s.at)
    pain: dict[str, dict[str, list[Any]]] = {}
    for checkin in sorted(checkins, key=lambda c: c.at):
        series = pain.setdefault(checkin.when.value, {"t": [], "value": []})
        series["t"].append(checkin.at.isoformat(timespec="seconds"))
        series["value"].append(checkin.value)
    return {
        "sets": {
            "t": [s.at.isoformat(timespec="seconds") for s in ordered],
            "score": [s.score for s in ordered],
            "load_kg": [s.load_kg for s in ordered],
            "variant": [s.variant or "" for s in ordered],
            "reps": [s.rep_count for s in ordered],
        },
        "pain": pain,
    }
