"""Which cue to say after a rep, so the coach helps without nagging.

At most one cue per rep, the most important fault first, praise now and then, and a
cooldown between spoken lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hingecoach.form.assess import RepForm
from hingecoach.form.cues import PRAISE


class CueKind(StrEnum):
    """What a spoken line is about."""

    SETUP = "setup"
    FAULT = "fault"
    PRAISE = "praise"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Cue:
    """A line for the page: shown always, spoken when ``speak`` is set."""

    text: str
    kind: CueKind
    speak: bool = True


@dataclass(frozen=True, slots=True)
class CoachParams:
    """How often the coach speaks.

    Attributes
    ----------
    min_gap_s : float
        Seconds between two spoken cues (4 s: a rep takes 2-4 s, so at most about one
        line every other rep, enough time to hear it and try it).
    repeat_after_reps : int
        Reps before the same fault cue is said again (3: the person heard it; saying it
        every rep is nagging, but a fault that persists deserves a reminder).
    praise_every_reps : int
        A clean rep is praised when the last praise is at least this many reps ago (3).
    """

    min_gap_s: float = 4.0
    repeat_after_reps: int = 3
    praise_every_reps: int = 3

    def __post_init__(self) -> None:
        if self.min_gap_s < 0:
            raise ValueError(f"min_gap_s must be >= 0 s, not {self.min_gap_s}.")
        if self.repeat_after_reps < 1 or self.praise_every_reps < 1:
            raise ValueError("repeat_after_reps and praise_every_reps must be at least 1.")


class CuePolicy:
    """Turns each rep's form verdict into at most one cue.

    Parameters
    ----------
    params : CoachParams, optional
    """

    def __init__(self, params: CoachParams | None = None) -> None:
        self.params = params or CoachParams()
        self._last_spoken_s = float("-inf")
        self._last_said_rep: dict[str, int] = {}
        self._last_praise_rep = -(10**6)

    def after_rep(self, form: RepForm, t_s: float) -> Cue | None:
        """The cue for a just-finished rep, or None to stay quiet.

        Parameters
        ----------
        form : RepForm
            The rep's verdict; faults come most important first.
        t_s : float
            Time of the rep's end, seconds (the cooldown clock).

        Returns
        -------
        Cue or None
        """
        if t_s - self._last_spoken_s < self.params.min_gap_s:
            return None
        if form.cue is not None:
            text = form.cue
            last = self._last_said_rep.get(text)
            if last is not None and form.index - last < self.params.repeat_after_reps:
                return None
            self._last_said_rep[text] = form.index
            self._last_spoken_s = t_s
            return Cue(text, CueKind.FAULT)
        if form.index - self._last_praise_rep < self.params.praise_every_reps:
            return None
        self._last_praise_rep = form.index
        self._last_spoken_s = t_s
        return Cue(PRAISE[form.index % len(PRAISE)], CueKind.PRAISE)
