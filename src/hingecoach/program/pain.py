"""Pain check-ins (0–10) and red flags, and the rules that turn them into a decision.

The rules, as written in issue 12 (and tested one by one):

- a red-flag symptom stops the program and says to seek care now;
- pain of 6 or more, or a rise of 2 or more after a session (after it, or the next morning,
  against the check-in before it), regresses one step and suggests seeing a clinician;
- pain of 4–5 holds the step, with less load or a shorter range;
- pain of 0–3 lets the person carry on, or progress when the form has earned it.

hingecoach coaches movement; the wording suggests, it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from hingecoach.errors import InputError

#: 0–3: the usual "acceptable" band in graded exposure for back pain (mild, settles).
CARRY_ON_MAX = 3
#: 4–5: moderate; keep the step but make it easier.
HOLD_MAX = 5
#: A rise of 2 points is about the smallest change people with back pain notice (the
#: minimal clinically important difference of the 0–10 scale), so it counts as a flare.
FLARE_RISE = 2
#: A "before" check-in pairs with an "after" within this time (one session) ...
SESSION_WINDOW = timedelta(hours=6)
#: ... and with a "morning" check-in within this time (the next morning).
MORNING_WINDOW = timedelta(hours=36)
#: Check-ins older than this say nothing about today.
STALE_AFTER = timedelta(days=3)


class PainWhen(StrEnum):
    """When a check-in was made, relative to a session."""

    BEFORE = "before"
    AFTER = "after"
    MORNING = "morning"


class RedFlag(StrEnum):
    """Symptoms that need a clinician now, not an exercise program."""

    SADDLE_NUMBNESS = "saddle_numbness"
    BLADDER_BOWEL = "bladder_bowel"
    LEG_WEAKNESS = "leg_weakness"
    FEVER_WEIGHT_LOSS = "fever_weight_loss"
    NIGHT_PAIN = "night_pain"

    @property
    def text(self) -> str:
        """The symptom in plain words."""
        return RED_FLAG_TEXT[self]


RED_FLAG_TEXT = {
    RedFlag.SADDLE_NUMBNESS: "numbness in the groin or saddle area",
    RedFlag.BLADDER_BOWEL: "new trouble controlling the bladder or bowel",
    RedFlag.LEG_WEAKNESS: "leg weakness that is getting worse",
    RedFlag.FEVER_WEIGHT_LOSS: "fever or unexplained weight loss with back pain",
    RedFlag.NIGHT_PAIN: "severe pain at night",
}


_PHRASE = {
    PainWhen.BEFORE: "before the session",
    PainWhen.AFTER: "after the session",
    PainWhen.MORNING: "the morning after the session",
}


class PainAction(StrEnum):
    """What the pain rules allow today."""

    NO_DATA = "no_data"
    CARRY_ON = "carry_on"
    HOLD = "hold"
    REGRESS = "regress"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class PainCheckin:
    """One check-in: a 0–10 rating, when it was made, and any red flags reported.

    ``cleared`` marks a check-in saying a clinician has seen the person since a red flag.
    """

    at: datetime
    value: int
    when: PainWhen
    flags: tuple[RedFlag, ...] = ()
    cleared: bool = False


@dataclass(frozen=True, slots=True)
class PainDecision:
    """The pain rules' verdict and its reason in one sentence."""

    action: PainAction
    reason: str
    see_clinician: bool = False


def check_pain_value(value: object) -> int:
    """Return ``value`` if it is a whole number 0–10, else raise one sentence."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InputError(
            f"Pain is rated from 0 (none) to 10 (worst imaginable); {value!r} is not on that "
            "scale."
        )
    return value


def active_red_flags(checkins: Sequence[PainCheckin]) -> tuple[RedFlag, ...]:
    """Red flags reported since the last check-in that said a clinician cleared them."""
    flags: list[RedFlag] = []
    for checkin in sorted(checkins, key=lambda c: c.at):
        if checkin.cleared:
            flags = []
        flags.extend(f for f in checkin.flags if f not in flags)
    return tuple(flags)


def _baseline(checkins: Sequence[PainCheckin], latest: PainCheckin) -> PainCheckin | None:
    """The "before" check-in that ``latest`` (an after or morning rating) is compared with."""
    window = SESSION_WINDOW if latest.when is PainWhen.AFTER else MORNING_WINDOW
    befores = [
        c
        for c in checkins
        if c.when is PainWhen.BEFORE and latest.at - window <= c.at <= latest.at
    ]
    return max(befores, key=lambda c: c.at, default=None)


def pain_decision(checkins: Sequence[PainCheckin], now: datetime) -> PainDecision:
    """Apply the pain rules to a person's check-ins.

    Parameters
    ----------
    checkins : sequence of PainCheckin
        Any order; the latest one within :data:`STALE_AFTER` of ``now`` decides, compared
        with its session's "before" rating for the rise rule.
    now : datetime
        The time of the decision (same timezone convention as the check-ins).

    Returns
    -------
    PainDecision
    """
    flags = active_red_flags(checkins)
    if flags:
        listed = "; ".join(flag.text for flag in flags)
        return PainDecision(
            PainAction.STOP,
            f"You reported {listed}: stop the program and seek medical care now "
            "(your doctor, an urgent care service, or emergency services if it is severe).",
            see_clinician=True,
        )
    recent = [c for c in checkins if now - STALE_AFTER <= c.at <= now]
    if not recent:
        return PainDecision(
            PainAction.NO_DATA,
            "There is no pain check-in from the last 3 days; rate your pain before you start "
            "(hingecoach pain N --when before).",
        )
    latest = max(recent, key=lambda c: c.at)
    base = _baseline(recent, latest) if latest.when is not PainWhen.BEFORE else None
    rise = latest.value - base.value if base is not None else 0
    if latest.value > HOLD_MAX:
        return PainDecision(
            PainAction.REGRESS,
            f"Pain of {latest.value}/10 {_PHRASE[latest.when]} is high, so go back one step, "
            "and it would be wise to see a physiotherapist or doctor about it.",
            see_clinician=True,
        )
    if base is not None and rise >= FLARE_RISE:
        return PainDecision(
            PainAction.REGRESS,
            f"Pain rose from {base.value} to {latest.value}/10 {_PHRASE[latest.when]}, so go "
            "back one step, and it would be wise to see a physiotherapist or doctor about it.",
            see_clinician=True,
        )
    if latest.value > CARRY_ON_MAX:
        return PainDecision(
            PainAction.HOLD,
            f"Pain of {latest.value}/10 is moderate, so stay on this step and use a lighter load "
            "or a shorter range that feels comfortable.",
        )
    return PainDecision(
        PainAction.CARRY_ON,
        f"Pain of {latest.value}/10 is in the acceptable 0-3 range, so carry on.",
    )
