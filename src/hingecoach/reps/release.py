"""Rises that are not reps: standing up after the load was set down and let go.

A set from the floor often ends with the load set down (a descent without a rep) and
the lifter standing up without it. The rep detector sees a bottom and a return to
lockout, so it would count that rise; the camera shows why it is not a lift: while the
load hangs from the hands the elbows stay straight (a load carried on bent arms would
load the elbow flexors, which nobody lifting from the floor does), while a person
standing up empty-handed brings the hands to the thighs or hips, bending the elbows.
The set's own earlier lifts are the reference, so a set carried on bent arms (a goblet
hold, hands behind the head, a bar on the back) never looks released.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from hingecoach.kinematics.angles import compute_joint_flexion_deg
from hingecoach.pose.landmarks import Landmark, PoseFrame
from hingecoach.reps.params import RepParams
from hingecoach.reps.segmenter import RepTiming

#: Reason given for a rise made after letting go of the load.
RELEASED_REASON = (
    "a rise after the load was let go (the hands left it and came up bent-armed with the "
    "body), not a lift"
)


class RepLike(Protocol):
    """What the live check reads of a counted rep."""

    # Read-only properties, so that frozen dataclasses match.
    @property
    def start_s(self) -> float:
        """Start of the rep, seconds."""

    @property
    def bottom_s(self) -> float:
        """Time of the rep's deepest point, seconds."""

    @property
    def end_s(self) -> float:
        """End of the rep, seconds."""

    @property
    def peak_hip_flexion_deg(self) -> float:
        """The rep's deepest hip flexion, degrees."""


@dataclass(frozen=True, slots=True)
class NotCountedRise:
    """A return to lockout that the detector saw but that is not a rep.

    Attributes
    ----------
    timing : RepTiming
    reason : str
        One clause saying why it was not counted.
    """

    timing: RepTiming
    reason: str


def compute_elbow_flexion_deg(world_xyz_m: np.ndarray) -> np.ndarray:
    """Mean flexion of the two elbows in world landmarks (view-independent), degrees.

    Parameters
    ----------
    world_xyz_m : numpy.ndarray
        Shape ``(n_frames, 33, 3)``.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``; 0 for straight arms, NaN where the body was lost.
    """
    arms = [
        compute_joint_flexion_deg(
            world_xyz_m[:, shoulder], world_xyz_m[:, elbow], world_xyz_m[:, wrist]
        )
        for shoulder, elbow, wrist in (
            (Landmark.LEFT_SHOULDER, Landmark.LEFT_ELBOW, Landmark.LEFT_WRIST),
            (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_ELBOW, Landmark.RIGHT_WRIST),
        )
    ]
    return 0.5 * (arms[0] + arms[1])


def _rise_elbow_deg(
    t_s: np.ndarray, elbow_deg: np.ndarray, timing: RepTiming, params: RepParams
) -> float:
    """Median elbow flexion from half-way up the rise to just after its lockout."""
    start = timing.bottom_s + 0.5 * (timing.end_s - timing.bottom_s)
    window = (t_s >= start) & (t_s <= timing.end_s + params.release_lockout_window_s)
    values = elbow_deg[window]
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else float("nan")


def find_released_rises(
    t_s: np.ndarray,
    elbow_flexion_deg: np.ndarray,
    timings: Sequence[RepTiming],
    params: RepParams | None = None,
) -> list[bool]:
    """Which counted rises were made after letting go of the load.

    A rise is released when its elbows are bent at least ``release_elbow_bend_deg``
    more than in the set's earlier lifts (their median); the first rise is the set's
    first lift and is never released.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    elbow_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``, from :func:`compute_elbow_flexion_deg`.
    timings : sequence of RepTiming
        The counted reps, in order.
    params : RepParams, optional

    Returns
    -------
    list of bool
        One per timing.
    """
    params = params or RepParams()
    bends = [_rise_elbow_deg(t_s, elbow_flexion_deg, timing, params) for timing in timings]
    released = [False] * len(bends)
    lifts: list[float] = []
    for k, bend in enumerate(bends):
        reference = [value for value in lifts if np.isfinite(value)]
        if reference and np.isfinite(bend):
            released[k] = bend - float(np.median(reference)) >= params.release_elbow_bend_deg
        if not released[k]:
            lifts.append(bend)
    return released


class LiveReleaseCheck:
    """The same decision live, for the rep just counted, once its lockout is seen.

    Each rep is decided once its lockout window has been seen, with the same rule and
    window as offline (:func:`find_released_rises`) over the buffered frames.

    Parameters
    ----------
    params : RepParams
    max_frames : int
        Frames of elbow flexion kept (enough for the longest rep and its lockout).
    """

    def __init__(self, params: RepParams, max_frames: int) -> None:
        self.params = params
        self._frames: deque[tuple[float, float]] = deque(maxlen=max_frames)
        self._lifts: list[float] = []
        self._decided_end_s = float("nan")

    def record(self, frame: PoseFrame) -> None:
        """Buffer one frame's elbow flexion (NaN without a body)."""
        value = float("nan")
        if frame.detected and frame.world_xyz_m is not None:
            value = float(compute_elbow_flexion_deg(np.asarray(frame.world_xyz_m)[None])[0])
        self._frames.append((frame.t_s, value))

    def released_last(self, t_s: float, reps: Sequence[RepLike]) -> bool:
        """Whether the newest rep, once its window is seen, was made after letting go."""
        if not reps or reps[-1].end_s <= self._decided_end_s:
            return False
        rep = reps[-1]
        if t_s < rep.end_s + self.params.release_lockout_window_s:
            return False
        self._decided_end_s = rep.end_s
        times = np.array([t for t, _ in self._frames])
        elbows = np.array([value for _, value in self._frames])
        timing = RepTiming(rep.start_s, rep.bottom_s, rep.end_s, rep.peak_hip_flexion_deg)
        bend = _rise_elbow_deg(times, elbows, timing, self.params)
        reference = [value for value in self._lifts if np.isfinite(value)]
        released = bool(
            reference
            and np.isfinite(bend)
            and bend - float(np.median(reference)) >= self.params.release_elbow_bend_deg
        )
        if not released:
            self._lifts.append(bend)
        return released
