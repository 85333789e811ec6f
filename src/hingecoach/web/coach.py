"""Which cue to say, so the coach helps without nagging.

After a rep: at most one cue, the most important fault first, praise now and then, and a
cooldown between spoken lines. During set-up: one fix at a time, held until it is done
or clearly replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from hingecoach.form.assess import RepForm
from hingecoach.form.cues import PRAISE
from hingecoach.web.checks import FEET_OUT, HEAD_OUT, STEP_BACK, SetupCheck, first_problem


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


@dataclass(frozen=True, slots=True)
class GuideParams:
    """How the set-up guide settles on one fix at a time.

    Attributes
    ----------
    settle_s : float
        A problem must last this long before it is said (0.5 s: someone walking into
        the picture passes through "head", "feet" and "step in" in a second).
    min_hold_s : float
        A fix stays up at least this long before another replaces it (4 s: time to hear
        a sentence and move), unless it is done.
    replace_after_s : float
        Another problem must persist this long, without a break, to replace the fix
        (1.5 s: the pose model's misses at the picture's border last a few frames).
    done_after_s : float
        The fix's check must pass this long to count as done (0.5 s: about 8 frames).
    edge_memory_s : float
        Head cut off and feet cut off, each seen within this window, mean the body does
        not fit: the fix is "step back" (3 s: the border misses alternate that fast).
    repeat_s : float
        An unfixed problem is said again after this long (10 s: once may go unheard).
    """

    settle_s: float = 0.5
    min_hold_s: float = 4.0
    replace_after_s: float = 1.5
    done_after_s: float = 0.5
    edge_memory_s: float = 3.0
    repeat_s: float = 10.0

    def __post_init__(self) -> None:
        values = (self.settle_s, self.min_hold_s, self.replace_after_s, self.done_after_s)
        if min(values) < 0 or self.edge_memory_s < 0 or self.repeat_s <= 0:
            raise ValueError("GuideParams times must be >= 0 s (repeat_s > 0 s).")


class SetupGuide:
    """Chooses the one set-up fix to show and say, held until done or clearly replaced.

    Checks come most basic first (body, in frame, distance, view, one person), so the
    first failing one is the fix of highest priority; hysteresis keeps a noisy frame
    from replacing it.

    Parameters
    ----------
    params : GuideParams, optional
    """

    def __init__(self, params: GuideParams | None = None) -> None:
        self.params = params or GuideParams()
        self.current: SetupCheck | None = None
        self._since_s = 0.0
        self._said_s = 0.0
        self._ok_since_s: float | None = None
        self._candidate: SetupCheck | None = None
        self._candidate_since_s = 0.0
        self._edge_seen_s = {HEAD_OUT: float("-inf"), FEET_OUT: float("-inf")}

    def update(self, checks: Sequence[SetupCheck], t_s: float) -> Cue | None:
        """Take one frame's checks; return a cue when the fix to show changes (or repeats).

        Parameters
        ----------
        checks : sequence of SetupCheck
            This frame's checks, most basic first.
        t_s : float
            Frame time, seconds.

        Returns
        -------
        Cue or None
        """
        problem = self._problem(checks, t_s)
        if problem is None or problem.advice != getattr(self._candidate, "advice", None):
            self._candidate, self._candidate_since_s = problem, t_s
        if self.current is not None and self._is_done(checks, t_s):
            self.current = None
        if self._candidate is None:
            return None
        lasted_s = t_s - self._candidate_since_s
        if self.current is None:
            return self._say(self._candidate, t_s) if lasted_s >= self.params.settle_s else None
        if self._candidate.advice == self.current.advice:
            if t_s - self._said_s >= self.params.repeat_s:
                self._said_s = t_s
                return Cue(self.current.advice, CueKind.SETUP)
            return None
        held_s = t_s - self._since_s
        if lasted_s >= self.params.replace_after_s and held_s >= self.params.min_hold_s:
            return self._say(self._candidate, t_s)
        return None

    def _problem(self, checks: Sequence[SetupCheck], t_s: float) -> SetupCheck | None:
        problem = first_problem(list(checks))
        if problem is not None and problem.advice in self._edge_seen_s:
            self._edge_seen_s[problem.advice] = t_s
            if max(t_s - seen for seen in self._edge_seen_s.values()) <= self.params.edge_memory_s:
                return SetupCheck(problem.name, False, STEP_BACK)
        return problem

    def _is_done(self, checks: Sequence[SetupCheck], t_s: float) -> bool:
        current = self.current
        passed = current is not None and any(c.name == current.name and c.ok for c in checks)
        if not passed:
            self._ok_since_s = None
            return False
        if self._ok_since_s is None:
            self._ok_since_s = t_s
        return t_s - self._ok_since_s >= self.params.done_after_s

    def _say(self, problem: SetupCheck, t_s: float) -> Cue:
        self.current, self._since_s, self._said_s = problem, t_s, t_s
        self._ok_since_s = None
        return Cue(problem.advice, CueKind.SETUP)
