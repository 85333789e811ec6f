"""The streaming core for live use: one pose frame in, counts and angles out.

It uses the same pieces as the offline analysis (kinematics functions, the same
:class:`RepSegmenter`, the same per-rep measures), with a causal smoother in place of
the zero-phase one, because live there is no future to look at.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from hingecoach.analysis.params import AnalysisParams
from hingecoach.kinematics.angles import compute_counting_signals, compute_kinematics
from hingecoach.kinematics.series import KinematicsSeries
from hingecoach.kinematics.smoothing import CausalSmoother
from hingecoach.kinematics.view import View, ViewEstimate, estimate_view
from hingecoach.pose.landmarks import N_LANDMARKS, PoseFrame
from hingecoach.reps.measures import Rep, measure_rep
from hingecoach.reps.segmenter import RepEvent, RepEventKind, RepPhase, RepSegmenter

#: Frames of landmarks kept for estimating the view (about 3 s at 30 fps).
_VIEW_WINDOW_FRAMES = 90
#: Re-estimate the view every this many frames (it changes slowly, if at all).
_VIEW_EVERY_FRAMES = 15
#: Kinematics kept for measuring the rep in progress (a 20 s rep at 60 fps).
_REP_BUFFER_FRAMES = 1200


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
    view : ViewEstimate or None
        Current view estimate (None until a body has been seen).
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


class StreamingAnalyzer:
    """Counts and measures reps frame by frame, causally.

    Parameters
    ----------
    params : AnalysisParams, optional
    """

    def __init__(self, params: AnalysisParams | None = None) -> None:
        self.params = params or AnalysisParams()
        smoothing = self.params.smoothing
        self._segmenter = RepSegmenter(self.params.reps)
        self._counting_smoother = CausalSmoother(2, smoothing.cutoff_hz, smoothing.max_gap_s)
        self._kinematics_smoother: CausalSmoother | None = None
        self._recent: deque[PoseFrame] = deque(maxlen=_VIEW_WINDOW_FRAMES)
        self._rep_buffer: deque[tuple[float, np.ndarray]] = deque(maxlen=_REP_BUFFER_FRAMES)
        self._frames_seen = 0
        self.view: ViewEstimate | None = None
        self.reps: list[Rep] = []

    def update(self, frame: PoseFrame) -> LiveUpdate:
        """Take one pose frame (frames in time order) and return the state after it."""
        self._frames_seen += 1
        if frame.detected:
            self._recent.append(frame)
            if self.view is None or self._frames_seen % _VIEW_EVERY_FRAMES == 0:
                self._estimate_view()
        hip, trunk, kinematic_row = self._measure(frame)
        event = self._segmenter.update(frame.t_s, hip, trunk)
        rep = self._on_event(event)
        return LiveUpdate(
            t_s=frame.t_s,
            tracked=frame.detected,
            hip_flexion_deg=hip,
            trunk_inclination_deg=trunk,
            knee_flexion_deg=float(kinematic_row[1]),
            phase=self._segmenter.phase,
            rep_count=self._segmenter.rep_count,
            event=event,
            rep=rep,
            view=self.view,
        )

    def finish(self) -> RepEvent | None:
        """End the stream; returns a ``PARTIAL`` event for an unfinished rep, if any."""
        return self._segmenter.finish()

    def _estimate_view(self) -> None:
        image = np.stack([f.image_xyz_px for f in self._recent])
        world = np.stack([f.world_xyz_m for f in self._recent])
        visibility = np.stack([f.visibility for f in self._recent])
        self.view = estimate_view(image, world, visibility, self.params.view)
        if self._kinematics_smoother is None:
            smoothing = self.params.smoothing
            n_channels = len(KinematicsSeries.__dataclass_fields__) - 1
            self._kinematics_smoother = CausalSmoother(
                n_channels, smoothing.cutoff_hz, smoothing.max_gap_s
            )

    def _measure(self, frame: PoseFrame) -> tuple[float, float, np.ndarray]:
        n_channels = len(KinematicsSeries.__dataclass_fields__) - 1
        if not frame.detected or self.view is None or self._kinematics_smoother is None:
            return float("nan"), float("nan"), np.full(n_channels, np.nan)
        image = frame.image_xyz_px.reshape(1, N_LANDMARKS, 3)
        world = frame.world_xyz_m.reshape(1, N_LANDMARKS, 3)
        hip, trunk = compute_counting_signals(image, world, use_world=self.view.view is View.FRONT)
        hip_s, trunk_s = self._counting_smoother.update(frame.t_s, np.array([hip[0], trunk[0]]))
        row = compute_kinematics(np.array([frame.t_s]), image, self.view.facing).as_matrix()[0]
        row = self._kinematics_smoother.update(frame.t_s, row)
        self._rep_buffer.append((frame.t_s, row))
        return float(hip_s), float(trunk_s), row

    def _on_event(self, event: RepEvent | None) -> Rep | None:
        if event is None or event.kind is not RepEventKind.COMPLETED or event.timing is None:
            return None
        times = np.array([t for t, _ in self._rep_buffer])
        rows = np.stack([row for _, row in self._rep_buffer])
        kinematics = KinematicsSeries.from_matrix(times, rows)
        view_confidence = self.view.confidence if self.view is not None else 0.0
        rep = measure_rep(
            len(self.reps) + 1, event.timing, kinematics, view_confidence=view_confidence
        )
        self.reps.append(rep)
        return rep
