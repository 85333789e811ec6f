"""What the form stage says: fault codes, findings and what could not be checked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FaultCode(StrEnum):
    """The hinge faults hingecoach looks for, in order of importance for a sore back."""

    ROUNDED_BACK = "rounded_back"
    LEANING_BACK = "leaning_back"
    SQUATTING = "squatting"
    HIPS_RISE_FIRST = "hips_rise_first"
    HIPS_NOT_BACK = "hips_not_back"
    TOO_DEEP = "too_deep"
    LOAD_DRIFT = "load_drift"
    TOO_SHALLOW = "too_shallow"
    RUSHING = "rushing"
    INCOMPLETE_LOCKOUT = "incomplete_lockout"
    WEIGHT_ON_KICKSTAND = "weight_on_kickstand"
    HIPS_TWISTING = "hips_twisting"

    @property
    def priority(self) -> int:
        """0 is the most important (listed first)."""
        return list(FaultCode).index(self)


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
