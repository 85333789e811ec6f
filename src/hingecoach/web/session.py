"""One live coaching session: set-up check, calibration, then counting and cues.

The session feeds every frame to the one streaming core
(:class:`~hingecoach.analysis.streaming.StreamingAnalyzer`), so reps made during set-up
or calibration are counted too; the session phase only decides what the coach says.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.streaming import LiveUpdate, StreamingAnalyzer
from hingecoach.errors import InputError
from hingecoach.form.assess import RepForm
from hingecoach.pose.estimator import PoseEstimator
from hingecoach.pose.landmarks import PoseFrame
from hingecoach.web.checks import (
    SetupCheck,
    SetupParams,
    check_body_found,
    check_distance,
    check_in_frame,
    check_one_person,
    check_view,
    first_problem,
)
from hingecoach.web.coach import Cue, CueKind, CuePolicy
from hingecoach.web.protocol import json_safe

CALIBRATION_CUE = "Good set-up. Stand tall, then do two slow hinges."
COUNTING_CUE = "Thanks — now your set. I'm counting."


class SessionPhase(StrEnum):
    """Where the live session is."""

    SETUP = "setup"
    CALIBRATING = "calibrating"
    COUNTING = "counting"


@dataclass(frozen=True, slots=True)
class SessionParams:
    """Settings of a live session.

    Attributes
    ----------
    setup_ok_frames : int
        Frames in a row that must pass every set-up check before calibration (8: about
        half a second at 15 fps, so one lucky frame does not end the check).
    calibration_reps : int
        Reps that serve as calibration before cues start (2: the standing angle is
        learned while standing tall, and two hinges show the person's usual depth).
    setup : SetupParams
    """

    setup_ok_frames: int = 8
    calibration_reps: int = 2
    setup: SetupParams = field(default_factory=SetupParams)

    def __post_init__(self) -> None:
        if self.setup_ok_frames < 1 or self.calibration_reps < 0:
            raise ValueError("setup_ok_frames must be >= 1 and calibration_reps >= 0.")


class LiveSession:
    """The state machine of one live set: ``SETUP -> CALIBRATING -> COUNTING``.

    Parameters
    ----------
    estimator : PoseEstimator
        A fresh tracking estimator, used for this session only.
    params : SessionParams, optional
    analysis_params : AnalysisParams, optional
    """

    def __init__(
        self,
        estimator: PoseEstimator,
        params: SessionParams | None = None,
        analysis_params: AnalysisParams | None = None,
    ) -> None:
        self.params = params or SessionParams()
        self.phase = SessionPhase.SETUP
        self.analyzer = StreamingAnalyzer(analysis_params)
        self.forms: list[RepForm] = []
        self._estimator = estimator
        self._policy = CuePolicy()
        self._ok_frames = 0
        self._frames = 0
        self._last_t_s = -math.inf
        self._last_setup_advice = ""
        self._first_coached_rep = 1
        self.last_pose: PoseFrame | None = None

    def process(
        self, rgb: np.ndarray, t_s: float, *, second_person_seen: bool = False
    ) -> dict[str, Any]:
        """Run pose and the streaming core on one frame; return the page's update.

        Parameters
        ----------
        rgb : numpy.ndarray
            Shape ``(height, width, 3)``, uint8, RGB.
        t_s : float
            Capture time in seconds; must increase from frame to frame.
        second_person_seen : bool
            The last second-person check found someone else in the picture.

        Returns
        -------
        dict
            JSON-ready: landmarks (normalised 0..1), angles, counts, phases, cue.

        Raises
        ------
        InputError
            If ``t_s`` does not increase.
        """
        if not t_s > self._last_t_s:
            raise InputError(f"Frame time {t_s:.3f} s does not increase; send frames in order.")
        self._last_t_s = t_s
        pose = self._estimator.estimate(rgb, index=self._frames, t_s=t_s)
        self._frames += 1
        self.last_pose = pose
        update = self.analyzer.update(pose)
        checks = self._checks(pose, second_person_seen)
        cue = self._advance(checks, update)
        return self._message(pose, update, checks, cue)

    def _checks(self, pose: PoseFrame, second_person_seen: bool) -> list[SetupCheck]:
        if self.phase is not SessionPhase.SETUP:
            return []
        found = check_body_found(pose.image_xyz_px)
        if not found.ok:
            return [found]
        return [
            found,
            check_in_frame(pose.image_xyz_px, pose.visibility, pose.image_size, self.params.setup),
            check_distance(pose.image_xyz_px, pose.image_size, self.params.setup),
            check_view(self.analyzer.view),
            check_one_person(second_person_seen),
        ]

    def _advance(self, checks: list[SetupCheck], update: LiveUpdate) -> Cue | None:
        """Move the state machine on; return the cue this frame brings, if any."""
        # Every rep is judged (about a second after it counts, once its lockout is seen);
        # only those made after calibration bring cues.
        self.forms.extend(update.forms)
        if self.phase is SessionPhase.SETUP:
            return self._advance_setup(checks)
        if self.phase is SessionPhase.CALIBRATING:
            if update.rep is not None and update.rep_count >= self.params.calibration_reps:
                self.phase = SessionPhase.COUNTING
                self._first_coached_rep = update.rep_count + 1
                return Cue(COUNTING_CUE, CueKind.INFO)
            return None
        coached = [form for form in update.forms if form.index >= self._first_coached_rep]
        return self._policy.after_rep(coached[-1], update.t_s) if coached else None

    def _advance_setup(self, checks: list[SetupCheck]) -> Cue | None:
        problem = first_problem(checks)
        if problem is None:
            self._ok_frames += 1
            if self._ok_frames >= self.params.setup_ok_frames:
                self.phase = SessionPhase.CALIBRATING
                return Cue(CALIBRATION_CUE, CueKind.INFO)
            return None
        self._ok_frames = 0
        if problem.advice == self._last_setup_advice:
            return None
        self._last_setup_advice = problem.advice
        return Cue(problem.advice, CueKind.SETUP)

    def _message(
        self, pose: PoseFrame, update: LiveUpdate, checks: list[SetupCheck], cue: Cue | None
    ) -> dict[str, Any]:
        landmarks = None
        if pose.image_xyz_px is not None and pose.visibility is not None:
            width, height = pose.image_size
            xy = pose.image_xyz_px[:, :2] / np.array([width, height])
            landmarks = np.column_stack([xy, pose.visibility]).round(4).tolist()
        rep = None
        if update.forms:
            form = update.forms[-1]
            rep = {
                "index": form.index,
                "score": form.score,
                "faults": [finding.code.value for finding in form.faults],
                "tape_peak_pct": form.tape_peak_pct,
            }
        return json_safe(
            {
                "type": "frame",
                "tracked": update.tracked,
                "landmarks": landmarks,
                "angles": {
                    "hip_flexion_deg": update.hip_flexion_deg,
                    "trunk_inclination_deg": update.trunk_inclination_deg,
                    "knee_flexion_deg": update.knee_flexion_deg,
                },
                "rep_count": update.rep_count,
                "phase": update.phase.value,
                "session": self.phase.value,
                "tape_pct": update.tape_pct,
                "view": update.view.view.value if update.view is not None else None,
                "checks": [asdict(check) for check in checks],
                "cue": None if cue is None else {**asdict(cue), "kind": cue.kind.value},
                "rep": rep,
            }
        )

    def summary(self) -> dict[str, Any]:
        """The finished set as a JSON-ready record (reps with their faults and scores)."""
        self.forms.extend(self.analyzer.judge_remaining())
        return self.snapshot()

    def snapshot(self) -> dict[str, Any]:
        """The set so far, as :meth:`summary` but without judging reps still pending.

        Used for the per-rep checkpoint, so the running set survives a crash.
        """
        forms = {form.index: form for form in self.forms}
        reps = []
        for rep in self.analyzer.reps:
            record = asdict(rep)
            form = forms.get(rep.index)
            if form is not None:
                record["score"] = form.score
                record["faults"] = [
                    {"code": f.code.value, "severity": f.severity, "cue": f.cue}
                    for f in form.faults
                ]
            reps.append(record)
        view = self.analyzer.view
        return json_safe(
            {
                "schema": "hingecoach.live_set/1",
                "rep_count": len(self.analyzer.reps),
                "frames": self._frames,
                "view": view.view.value if view is not None else None,
                "reps": reps,
            }
        )

    def close(self) -> None:
        """Release the pose estimator."""
        self._estimator.close()
