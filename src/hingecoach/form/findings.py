"""What the form stage says: fault codes, findings and what could not be checked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FaultCode(StrEnum):
    """The hinge faults hingecoach looks for, in order of importance for a sore back.

    Back safety first: a rounded lower back loads the discs most; then the hinge turned
    into a squat or the hips not going back (the back takes over from the hips); then
    the rest, which cost efficiency more than safety.
    """

    ROUNDED_BACK = "rounded_back"
    SQUATTING = "squatting"
    HIPS_NOT_BACK = "hips_not_back"
    LEANING_BACK = "leaning_back"
    TOO_DEEP = "too_deep"
    HIPS_RISE_FIRST = "hips_rise_first"
    WEIGHT_ON_KICKSTAND = "weight_on_kickstand"
    HIPS_TWISTING = "hips_twisting"
    LOAD_DRIFT = "load_drift"
    TOO_SHALLOW = "too_shallow"
    RUSHING = "rushing"
    INCOMPLETE_LOCKOUT = "incomplete_lockout"

    @property
    def priority(self) -> int:
        """0 is the most important (listed first)."""
        return list(FaultCode).index(self)

    @property
    def safety_tier(self) -> int:
        """1: rounded lower back; 2: squatting or hips not back; 3: everything else."""
        return SAFETY_TIER.get(self, 3)


#: Back-safety tiers (see :attr:`FaultCode.safety_tier`); faults not listed are tier 3.
SAFETY_TIER: dict[FaultCode, int] = {
    FaultCode.ROUNDED_BACK: 1,
    FaultCode.SQUATTING: 2,
    FaultCode.HIPS_NOT_BACK: 2,
}


@dataclass(frozen=True, slots=True)
class FaultFinding:
    """One fault seen in one rep.

    Attributes
    ----------
    code : FaultCode
    severity : float
        0..1: how far past its threshold the rep went (1 = twice as far as allowed, or
        more).
    confidence : float
        0..1: how much the measurement behind it can be trusted (tracking, view,
        calibration).
    cue : str
        A short, positive, spoken-length cue.
    """

    code: FaultCode
    severity: float
    confidence: float
    cue: str


@dataclass(frozen=True, slots=True)
class NotChecked:
    """A fault that the recording does not let us judge, and why."""

    code: FaultCode
    reason: str
