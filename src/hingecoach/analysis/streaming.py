"""The streaming core for live use: one pose frame in, counts and angles out.

It uses the same pieces as the offline analysis (kinematics functions, the same
:class:`RepSegmenter`, the same per-rep measures), with a causal smoother in place of
the zero-phase one, because live there is no future to look at.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace

import numpy as np

from hingecoach.analysis.live_judge import LiveJudge
from hingecoach.analysis.live_update import LiveUpdate
from hingecoach.analysis.params import AnalysisParams
from hingecoach.daily.bends import Bend, measure_bend
from hingecoach.errors import InputError
from hingecoach.form.assess import RepForm
from hingecoach.form.back_cues import BackCueSeries, compute_back_cues
from hingecoach.form.calibration import BackCalibration, population_calibration
from hingecoach.form.params import VIEW_TRUST
from hingecoach.form.profiles import AUTO
from hingecoach.form.recognise import ExerciseCall
from hingecoach.form.tape import TapeSeries, compute_tape
from hingecoach.form.tape_reps import TapeRep, summarize_tape_reps
from hingecoach.kinematics.angles import (
    UPRIGHT_PERCENTILE,
    compute_counting_signals,
    compute_front_counting_signals,
    compute_kinematics,
    compute_torso_ratio,
)
from hingecoach.kinematics.back_contour import measure_back_contour
from hingecoach.kinematics.cuts import CutParams, is_cut
from hingecoach.kinematics.series import KinematicsSeries, LandmarkSeries
from hingecoach.kinematics.smoothing import CausalSmoother
from hingecoach.kinematics.view import View, ViewEstimate, estimate_view
from hingecoach.pose.landmarks import N_LANDMARKS, PoseFrame
from hingecoach.reps.measures import Rep, measure_rep
from hingecoach.reps.release import RELEASED_REASON, LiveReleaseCheck, NotCountedRise
from hingecoach.reps.segmenter import (
    RepEvent,
    RepEventKind,
    RepSegmenter,
    RepTiming,
)

#: Frames of landmarks kept for estimating the view (about 3 s at 30 fps).
_VIEW_WINDOW_FRAMES = 90
#: Re-estimate the view every this many frames (it changes slowly, if at all).
_VIEW_EVERY_FRAMES = 15
#: Per-frame measures in a KinematicsSeries (every field but ``t_s``).
_KINEMATIC_CHANNELS = len(KinematicsSeries.__dataclass_fields__) - 1
#: Kinematics kept for measuring the rep in progress (a 20 s rep at 60 fps).
_REP_BUFFER_FRAMES = 1200
#: A new shot's view is judged once it has this many frames (a third of a second at
#: 30 fps); until then the last view stands, so a few mis-tracked frames between two
#: jumps of the tracker cannot switch the counting signal.
_MIN_SHOT_FRAMES = 10
#: Torso ratios kept for the front view's upright reference (10 s at 30 fps: several
#: reps with their standing pauses).
_UPRIGHT_WINDOW_FRAMES = 300
#: Frames of back cues blended for the live tape value (1 s at 30 fps: longer than the
#: tape's 0.3 s warm-up, so a frame is judged with its recent tracking history).
_TAPE_WINDOW_FRAMES = 30


class StreamingAnalyzer:
    """Counts and measures reps frame by frame, causally.

    Parameters
    ----------
    params : AnalysisParams, optional
    calibration : BackCalibration, optional
        The person's range of back rounding (population defaults otherwise). Frames
        with a segmentation mask add the silhouette to the virtual tape.
    exercise : str
        The variant's canonical id, ``"daily"`` (everyday bends: each rep is also classed
        as a bend, judged as the variant it resembles) or ``"auto"`` to recognise it from
        the reps seen so far (re-done at each rep, as the offline analysis does).
    """

    def __init__(
        self,
        params: AnalysisParams | None = None,
        calibration: BackCalibration | None = None,
        exercise: str = AUTO,
    ) -> None:
        self.params = params or AnalysisParams()
        #: Settles each rep as offline measures it and calls the one judge.
        self._judge = LiveJudge(self.params, exercise)
        #: Every counted rep as an everyday bend (its class and measures), in order.
        self.bends: list[Bend] = []
        #: The recent frames' landmarks (no masks): the one buffer of them, which the judge
        #: settles reps on and the live load line reads.
        self._frames: deque[PoseFrame] = deque(maxlen=_REP_BUFFER_FRAMES)
        self._calibration = calibration or population_calibration(self.params.calibration)
        self._back_buffer: deque[np.ndarray] = deque(maxlen=_REP_BUFFER_FRAMES)
        smoothing = self.params.smoothing
        self._segmenter = RepSegmenter(self.params.reps)
        self._counting_smoother = CausalSmoother(2, smoothing.cutoff_hz, smoothing.max_gap_s)
        self._kinematics_smoother: CausalSmoother | None = None
        self._recent: deque[PoseFrame] = deque(maxlen=_VIEW_WINDOW_FRAMES)
        self._rep_buffer: deque[tuple[float, np.ndarray]] = deque(maxlen=_REP_BUFFER_FRAMES)
        self._frames_seen = 0
        self.view: ViewEstimate | None = None
        self.reps: list[Rep] = []
        self._awaiting_lockout: deque[tuple[Rep, TapeRep | None]] = deque()
        self._torso_ratios: deque[float] = deque(maxlen=_UPRIGHT_WINDOW_FRAMES)
        self._release = LiveReleaseCheck(self.params.reps, _REP_BUFFER_FRAMES)
        self.not_counted: list[NotCountedRise] = []

    def update(self, frame: PoseFrame) -> LiveUpdate:
        """Take one pose frame (frames in time order) and return the state after it."""
        self._frames_seen += 1
        self._keep(frame)
        if frame.detected and self._recent:
            self._on_possible_cut(frame)
        if frame.detected:
            self._recent.append(frame)
            shot_frames = len(self._recent)
            if (
                self.view is None
                or shot_frames == _MIN_SHOT_FRAMES
                or (self._frames_seen % _VIEW_EVERY_FRAMES == 0 and shot_frames >= _MIN_SHOT_FRAMES)
            ):
                self._estimate_view()
        hip, trunk, kinematic_row = self._measure(frame)
        self._back_buffer.append(self._back_row(frame, float(kinematic_row[0])))
        event = self._segmenter.update(frame.t_s, hip, trunk)
        rep, tape_rep = self._on_completed(event)
        if rep is not None:
            self._awaiting_lockout.append((rep, tape_rep))
        self._release.record(frame)
        if self._release.released_last(frame.t_s, self.reps):
            self._withdraw_last_rep()
        forms = self._judge.judge_due(self._awaiting_lockout, self._frames, now_s=frame.t_s)
        live = self._tape(_TAPE_WINDOW_FRAMES)
        live_tape = None if live is None else live[0]
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
            tape_pct=float(live_tape.rounding_pct[-1]) if live_tape is not None else float("nan"),
            tape_rep=tape_rep,
            forms=forms,
            bend=self._bend(rep, tape_rep),
        )

    def _keep(self, frame: PoseFrame) -> None:
        """Buffer one frame's landmarks (without its mask); a repeated time is dropped."""
        if not self._frames or frame.t_s > self._frames[-1].t_s:
            self._frames.append(replace(frame, segmentation_mask=None))

    def _bend(self, rep: Rep | None, tape_rep: TapeRep | None) -> Bend | None:
        """The rep just counted, as an everyday bend (None without one)."""
        if rep is None:
            return None
        bend = measure_bend(rep, tape_rep, self._buffered_kinematics(), self.params.bends)
        self.bends.append(bend)
        return bend

    def _on_possible_cut(self, frame: PoseFrame) -> None:
        """At a camera cut, judge the new shot's view afresh and do not smooth across it.

        The view is re-estimated from the new shot's frames once there are enough of them
        (``_MIN_SHOT_FRAMES``).

        A loss of tracking longer than the smoother bridges counts as one too: crossfades
        lose the tracker for a few frames, and the view after it may be another.
        """
        last = self._recent[-1]
        assert last.image_xyz_px is not None and frame.image_xyz_px is not None  # both have a body
        lost_s = frame.t_s - last.t_s
        cut = is_cut(last.image_xyz_px, frame.image_xyz_px)
        if cut and lost_s <= CutParams().max_gap_s:
            # Where offline's detect_cuts puts a new shot: settled reps are cleaned apart there.
            self._judge.note_cut(frame.t_s)
        if lost_s <= self.params.smoothing.max_gap_s and not cut:
            return
        smoothing = self.params.smoothing
        self._recent.clear()
        self._torso_ratios.clear()
        self._counting_smoother = CausalSmoother(2, smoothing.cutoff_hz, smoothing.max_gap_s)

    def _upright_ratio(self) -> float:
        """The upright torso ratio of this shot so far (as offline, a high percentile)."""
        ratios = np.array(self._torso_ratios)
        ratios = ratios[np.isfinite(ratios)]
        return float(np.percentile(ratios, UPRIGHT_PERCENTILE)) if ratios.size else np.nan

    def _withdraw_last_rep(self) -> None:
        """The last rep was a rise after letting go of the load: not a rep after all."""
        rep = self.reps.pop()
        if self.bends and self.bends[-1].index == rep.index:
            self.bends.pop()
        self._segmenter.withdraw_last()
        self._awaiting_lockout = deque(
            (waiting, tape) for waiting, tape in self._awaiting_lockout if waiting is not rep
        )
        timing = RepTiming(rep.start_s, rep.bottom_s, rep.end_s, rep.peak_hip_flexion_deg)
        self.not_counted.append(NotCountedRise(timing, RELEASED_REASON))

    def assess_rep(self, rep: Rep, tape_rep: TapeRep | None = None) -> RepForm:
        """Judge one rep this analyzer completed, with the same rules as the offline set.

        Parameters
        ----------
        rep : Rep
            A rep from :attr:`reps` (its frames must still be buffered: the last 1200).
        tape_rep : TapeRep, optional
            The tape's peak over the rep (``LiveUpdate.tape_rep``); without it the back
            rounding and depth faults are not judged.

        Returns
        -------
        RepForm
            Faults most important first, each with its cue.

        Raises
        ------
        InputError
            If no body has been tracked yet.
        """
        if self.view is None or not self._rep_buffer:
            raise InputError("No body has been tracked yet, so there is no rep to assess.")
        return self._judge.judge(rep, tape_rep, self._frames)

    @property
    def exercise(self) -> ExerciseCall | None:
        """The variant given, or the one recognised at the last judged rep (else None)."""
        return self._judge.exercise

    def buffered_pose(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """Times, image and world landmarks and the tape's lumbar bend of the buffered frames."""
        buffered_tape = self._tape()
        detected = [frame for frame in self._frames if frame.detected]
        if not detected or buffered_tape is None:
            return None
        series = LandmarkSeries.from_pose_frames(detected)
        tape = buffered_tape[0]
        bend = np.interp(series.t_s, tape.t_s, tape.angle_deg, left=np.nan, right=np.nan)
        return series.t_s, series.image_xyz_px, series.world_xyz_m, bend

    def _buffered_kinematics(self) -> KinematicsSeries:
        """The smoothed kinematics of the buffered frames (the rep in progress and before)."""
        times = np.array([t for t, _ in self._rep_buffer])
        rows = np.stack([row for _, row in self._rep_buffer])
        return KinematicsSeries.from_matrix(times, rows)

    def finish(self) -> RepEvent | None:
        """End the stream; returns a ``PARTIAL`` event for an unfinished rep, if any."""
        return self._segmenter.finish()

    def judge_remaining(self) -> tuple[RepForm, ...]:
        """Judge the reps still waiting for their lockout second (at the end of a stream)."""
        return self._judge.judge_due(self._awaiting_lockout, self._frames, now_s=math.inf)

    def _estimate_view(self) -> None:
        # Only frames with a body enter self._recent, so no frame is left out here.
        image = np.stack([f.image_xyz_px for f in self._recent if f.image_xyz_px is not None])
        world = np.stack([f.world_xyz_m for f in self._recent if f.world_xyz_m is not None])
        visibility = np.stack([f.visibility for f in self._recent if f.visibility is not None])
        self.view = estimate_view(image, world, visibility, self.params.view)
        if self._kinematics_smoother is None:
            smoothing = self.params.smoothing
            self._kinematics_smoother = CausalSmoother(
                _KINEMATIC_CHANNELS, smoothing.cutoff_hz, smoothing.max_gap_s
            )

    def _measure(self, frame: PoseFrame) -> tuple[float, float, np.ndarray]:
        if not frame.detected or self.view is None or self._kinematics_smoother is None:
            return float("nan"), float("nan"), np.full(_KINEMATIC_CHANNELS, np.nan)
        assert frame.image_xyz_px is not None and frame.world_xyz_m is not None  # detected
        image = frame.image_xyz_px.reshape(1, N_LANDMARKS, 3)
        world = frame.world_xyz_m.reshape(1, N_LANDMARKS, 3)
        if self.view.view is View.FRONT:
            # The upright reference is the front view's own: a side view's shoulders overlap.
            self._torso_ratios.append(float(compute_torso_ratio(image)[0]))
            hip, trunk = compute_front_counting_signals(image, world, self._upright_ratio())
        else:
            self._torso_ratios.clear()
            hip, trunk = compute_counting_signals(image, world, use_world=False)
        hip_s, trunk_s = self._counting_smoother.update(frame.t_s, np.array([hip[0], trunk[0]]))
        row = compute_kinematics(np.array([frame.t_s]), image, self.view.facing).as_matrix()[0]
        row = self._kinematics_smoother.update(frame.t_s, row)
        self._rep_buffer.append((frame.t_s, row))
        return float(hip_s), float(trunk_s), row

    def _back_row(self, frame: PoseFrame, hip_flexion_deg: float) -> np.ndarray:
        """The frame's back cues and hip flexion, as one row of the cue buffer."""
        if not frame.detected or self.view is None:
            return np.array([frame.t_s, np.nan, np.nan, 0.0, np.nan, 0.0, np.nan])
        assert frame.image_xyz_px is not None and frame.visibility is not None  # detected
        facing = self.view.facing
        contour = measure_back_contour(
            frame.segmentation_mask, frame.image_xyz_px, facing, self.params.back_contour
        )
        cues = compute_back_cues(
            np.array([frame.t_s]),
            frame.image_xyz_px[None],
            frame.visibility[None],
            facing,
            lumbar_bend_deg=np.array([contour.lumbar_bend_deg]),
            thoracic_bend_deg=np.array([contour.thoracic_bend_deg]),
            contour_confidence=np.array([contour.confidence]),
        )
        values = [getattr(cues, name)[0] for name in BackCueSeries.__dataclass_fields__]
        return np.array([*values, hip_flexion_deg])

    def _tape(self, last_frames: int | None = None) -> tuple[TapeSeries, np.ndarray] | None:
        """The tape over the buffered frames (the last ``last_frames``), and their hip flexion."""
        if self.view is None or not self._back_buffer:
            return None
        rows = np.stack(list(self._back_buffer)[-(last_frames or len(self._back_buffer)) :])
        cues = BackCueSeries(*(rows[:, k].copy() for k in range(rows.shape[1] - 1)))
        hip_flexion_deg = rows[:, -1].copy()
        tape = compute_tape(
            cues, self._calibration, self.view.view, hip_flexion_deg, self.params.tape
        )
        return tape, hip_flexion_deg

    def _on_completed(self, event: RepEvent | None) -> tuple[Rep | None, TapeRep | None]:
        """Measure the rep ``event`` completed, and the tape's peak over it."""
        if event is None or event.kind is not RepEventKind.COMPLETED or event.timing is None:
            return None, None
        kinematics = self._buffered_kinematics()
        view = self.view
        view_confidence = view.confidence * VIEW_TRUST[view.view] if view is not None else 0.0
        rep = measure_rep(
            len(self.reps) + 1, event.timing, kinematics, view_confidence=view_confidence
        )
        self.reps.append(rep)
        buffered = self._tape()
        if buffered is None:
            return rep, None
        tape, hip_flexion_deg = buffered
        (summary,) = summarize_tape_reps(tape, [event.timing], hip_flexion_deg, self.params.tape)
        return rep, replace(summary, index=rep.index)
