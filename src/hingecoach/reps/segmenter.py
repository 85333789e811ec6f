"""The one streaming rep detector, used live and offline alike.

A rep is counted each time the person rises from a hinged bottom position to a standing
lockout. Setting the weight down at the end is a descent without a rep; a recording that
opens at the bottom and rises once holds one rep; one that never returns to lockout
holds none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from hingecoach.reps.params import RepParams


class RepPhase(Enum):
    """Where the person is in the movement, as the detector sees it."""

    UNKNOWN = "unknown"
    STANDING = "standing"
    LOWERING = "lowering"
    DOWN = "down"


class RepEventKind(Enum):
    """What just happened."""

    STARTED = "started"
    BOTTOM_REACHED = "bottom_reached"
    COMPLETED = "completed"
    ABANDONED = "abandoned"
    PARTIAL = "partial"


@dataclass(frozen=True, slots=True)
class RepTiming:
    """When a rep (or a partial one) happened, as the streaming detector saw it.

    Attributes
    ----------
    start_s : float
        Last moment at lockout before the descent (the first valid frame for a rep that
        starts at the bottom).
    bottom_s : float
        Moment of deepest hip flexion.
    end_s : float
        First moment back at lockout (the last frame for a partial rep).
    peak_hip_flexion_deg : float
        Deepest hip flexion seen, degrees.
    started_at_bottom : bool
        True when the descent was not seen (the recording or tracking began low).
    """

    start_s: float
    bottom_s: float
    end_s: float
    peak_hip_flexion_deg: float
    started_at_bottom: bool = False


@dataclass(frozen=True, slots=True)
class RepEvent:
    """One event from :meth:`RepSegmenter.update`.

    Attributes
    ----------
    kind : RepEventKind
    t_s : float
        Time of the frame that triggered the event.
    rep_count : int
        Reps counted so far, this one included.
    timing : RepTiming or None
        For ``COMPLETED``, ``ABANDONED`` and ``PARTIAL`` events.
    """

    kind: RepEventKind
    t_s: float
    rep_count: int
    timing: RepTiming | None = None


class RepSegmenter:
    """Hysteresis state machine on hip flexion relative to the person's standing posture.

    Feed it one frame at a time with :meth:`update`; call :meth:`finish` at the end of
    the stream to learn about a last, unfinished rep.

    Parameters
    ----------
    params : RepParams
        Thresholds.
    """

    def __init__(self, params: RepParams | None = None) -> None:
        self.params = params or RepParams()
        self.phase = RepPhase.UNKNOWN
        self.rep_count = 0
        self.standing_deg = self.params.default_standing_deg
        self._last_t_s: float | None = None
        self._last_valid_t_s: float | None = None
        self._last_lockout_t_s: float | None = None
        self._last_near_standing_t_s: float | None = None
        self._last_hip_deg: float | None = None
        self._peak_deg = -math.inf
        self._peak_t_s = 0.0
        self._started_at_bottom = False

    def update(
        self, t_s: float, hip_flexion_deg: float, trunk_inclination_deg: float
    ) -> RepEvent | None:
        """Take one frame's measurements.

        Parameters
        ----------
        t_s : float
            Frame time, seconds, increasing.
        hip_flexion_deg : float
            Unsigned hip flexion; NaN when the body was lost in this frame.
        trunk_inclination_deg : float
            Unsigned trunk angle from vertical; NaN when unknown.

        Returns
        -------
        RepEvent or None
            The event this frame caused, if any.
        """
        self._last_t_s = t_s
        if math.isnan(hip_flexion_deg):
            return None
        if self._last_valid_t_s is not None and t_s - self._last_valid_t_s > self.params.max_gap_s:
            self._restart()
        previous_valid = self._last_valid_t_s
        self._last_valid_t_s = t_s
        relative_deg = hip_flexion_deg - self.standing_deg
        # An upright trunk overrules hip flexion: at lockout the knee landmarks, which hip
        # flexion also rests on, are the ones most often hidden or misplaced.
        upright = (
            not math.isnan(trunk_inclination_deg)
            and trunk_inclination_deg < self.params.upright_trunk_deg
        )
        is_down = relative_deg > self.params.down_deg
        near_standing = relative_deg < self.params.up_deg
        is_up = near_standing or (upright and not is_down)
        if self.phase in (RepPhase.LOWERING, RepPhase.DOWN) and hip_flexion_deg > self._peak_deg:
            self._peak_deg, self._peak_t_s = hip_flexion_deg, t_s
        # Before the first lockout, a still posture nearer the lockout band than the hinged
        # one is the stance: a front camera's world landmarks can put it 15-20° from the
        # default, which near_standing alone would never learn.
        halfway = 0.5 * (self.params.up_deg + self.params.down_deg)
        learning = near_standing or (self.phase is RepPhase.UNKNOWN and relative_deg < halfway)
        if learning and self.phase in (RepPhase.STANDING, RepPhase.UNKNOWN):
            self._track_standing(t_s, hip_flexion_deg, previous_valid)
        self._last_hip_deg = hip_flexion_deg
        if near_standing:
            self._last_near_standing_t_s = t_s
        return self._transition(t_s, hip_flexion_deg, is_down, is_up)

    def _transition(
        self, t_s: float, hip_flexion_deg: float, is_down: bool, is_up: bool
    ) -> RepEvent | None:
        phase = self.phase
        if phase is RepPhase.UNKNOWN:
            if is_up:
                self.phase, self._last_lockout_t_s = RepPhase.STANDING, t_s
            elif is_down:
                self._begin_descent(t_s, hip_flexion_deg, at_bottom=True)
                self.phase = RepPhase.DOWN
            return None
        if phase is RepPhase.STANDING:
            if is_up:
                self._last_lockout_t_s = t_s
                return None
            self._begin_descent(t_s, hip_flexion_deg, at_bottom=False)
            self.phase = RepPhase.DOWN if is_down else RepPhase.LOWERING
            return RepEvent(RepEventKind.STARTED, t_s, self.rep_count)
        if phase is RepPhase.LOWERING:
            if is_down:
                self.phase = RepPhase.DOWN
                return RepEvent(RepEventKind.BOTTOM_REACHED, t_s, self.rep_count)
            if is_up:
                timing = self._timing(t_s)
                self.phase, self._last_lockout_t_s = RepPhase.STANDING, t_s
                return RepEvent(RepEventKind.ABANDONED, t_s, self.rep_count, timing)
            return None
        # RepPhase.DOWN: a rep is complete when lockout is reached again.
        if not is_up:
            return None
        timing = self._timing(t_s)
        self.phase, self._last_lockout_t_s = RepPhase.STANDING, t_s
        shortest_s = (
            self.params.min_edge_rise_s if timing.started_at_bottom else self.params.min_rep_s
        )
        if timing.end_s - timing.start_s < shortest_s:
            return RepEvent(RepEventKind.ABANDONED, t_s, self.rep_count, timing)
        self.rep_count += 1
        return RepEvent(RepEventKind.COMPLETED, t_s, self.rep_count, timing)

    def withdraw_last(self) -> None:
        """Take back the last counted rep, once later frames show it was not a lift.

        A rise after letting go of the load is only recognisable from the hands just
        after its lockout, so the live count corrects itself a moment later.
        """
        self.rep_count = max(0, self.rep_count - 1)

    def finish(self) -> RepEvent | None:
        """End the stream; report a rep that left lockout and never came back.

        Returns
        -------
        RepEvent or None
            A ``PARTIAL`` event, or None when the stream ended at lockout.
        """
        if self.phase not in (RepPhase.LOWERING, RepPhase.DOWN) or self._last_valid_t_s is None:
            return None
        timing = self._timing(self._last_valid_t_s)
        self.phase = RepPhase.UNKNOWN
        return RepEvent(RepEventKind.PARTIAL, self._last_valid_t_s, self.rep_count, timing)

    def _begin_descent(self, t_s: float, hip_flexion_deg: float, *, at_bottom: bool) -> None:
        self._peak_deg, self._peak_t_s = hip_flexion_deg, t_s
        self._started_at_bottom = at_bottom
        if at_bottom or self._last_lockout_t_s is None:
            self._last_lockout_t_s = t_s
        elif self._last_near_standing_t_s is not None:
            # The descent began when the hip last left its standing angle (an upright
            # trunk can keep the detector at lockout a little longer than that).
            self._last_lockout_t_s = min(self._last_lockout_t_s, self._last_near_standing_t_s)

    def _timing(self, end_s: float) -> RepTiming:
        start_s = self._last_lockout_t_s if self._last_lockout_t_s is not None else end_s
        return RepTiming(
            start_s=start_s,
            bottom_s=self._peak_t_s,
            end_s=end_s,
            peak_hip_flexion_deg=self._peak_deg,
            started_at_bottom=self._started_at_bottom,
        )

    def _track_standing(
        self, t_s: float, hip_flexion_deg: float, previous_valid: float | None
    ) -> None:
        """Follow the person's own standing hip angle while they stand still."""
        dt = 0.0 if previous_valid is None else t_s - previous_valid
        if dt <= 0.0 or self._last_hip_deg is None:
            return
        if abs(hip_flexion_deg - self._last_hip_deg) / dt > self.params.still_speed_deg_s:
            return
        weight = 1.0 - math.exp(-dt / self.params.standing_time_constant_s)
        target = min(
            max(
                hip_flexion_deg,
                self.params.default_standing_deg - self.params.max_standing_offset_deg,
            ),
            self.params.default_standing_deg + self.params.max_standing_offset_deg,
        )
        self.standing_deg += weight * (target - self.standing_deg)

    def _restart(self) -> None:
        """Forget the movement in progress after a long loss of the body."""
        self.phase = RepPhase.UNKNOWN
        self._last_lockout_t_s = None
        self._last_near_standing_t_s = None
        self._peak_deg = -math.inf
