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

from hingecoach.analysis.exercise import describe_exercise
from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.streaming import LiveUpdate, StreamingAnalyzer
from hingecoach.errors import InputError
from hingecoach.form.aids import AidGeometry, compute_aids
from hingecoach.form.assess import RepForm
from hingecoach.form.calibration import BackCalibration
from hingecoach.form.tape import classify_tape
from hingecoach.lowback.session import PersonInputs
from hingecoach.pose.estimator import PoseEstimator
from hingecoach.pose.landmarks import PoseFrame
from hingecoach.web.bends import bend_message, bends_card, bends_record
from hingecoach.web.checks import (
    SetupCheck,
    SetupParams,
    check_body_found,
    check_distance,
    check_in_frame,
    check_one_person,
    check_view,
)
from hingecoach.web.coach import Cue, CueKind, CuePolicy, SetupGuide
from hingecoach.web.live_load import live_rep_load
from hingecoach.web.protocol import json_safe
from hingecoach.web.summary import set_card

CALIBRATION_CUE = "Good set-up. Stand tall, then do two slow hinges."
COUNTING_CUE = "Thanks — now your set. I'm counting."
NEXT_SET_CUE = "Next set — I'm counting."


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


def _aids_message(geometry: AidGeometry | None, width: int, height: int) -> dict | None:
    """The virtual chair and band, normalised to the picture (0..1) like the landmarks."""
    if geometry is None:
        return None
    scale = np.array([width, height, width, height], dtype=float)
    return {
        "chair": (geometry.chair_lines_px / scale).round(4).tolist(),
        "chair_lit": geometry.chair_lit,
        "band": (geometry.band_px / scale).round(4).tolist(),
        "band_alpha": round(geometry.band_alpha, 3),
        "hip_shift_leg": round(geometry.hip_shift_leg, 3),
    }


class LiveSession:
    """The state machine of one live set: ``SETUP -> CALIBRATING -> COUNTING``.

    Parameters
    ----------
    estimator : PoseEstimator
        A fresh tracking estimator, used for this session only.
    params : SessionParams, optional
    analysis_params : AnalysisParams, optional
    calibration : BackCalibration, optional
        The person's own back range (``serve --calibration`` or the stored one), so the
        live tape reads as ``analyze --calibration`` does.
    variant : str
        Exercise variant id (``auto``: recognised), kept in the set's record.
    person : PersonInputs, optional
        The person's body and load for the low-back load (assumed when None); the page
        may change it between reps (:attr:`person`).
    """

    def __init__(
        self,
        estimator: PoseEstimator,
        params: SessionParams | None = None,
        analysis_params: AnalysisParams | None = None,
        calibration: BackCalibration | None = None,
        variant: str = "auto",
        person: PersonInputs | None = None,
    ) -> None:
        self.params = params or SessionParams()
        self.person = person  # for the low-back load estimate; assumed (and flagged) when None
        self.phase = SessionPhase.SETUP
        self.variant = variant
        self._analysis = (analysis_params, calibration)
        self.analyzer = self._new_analyzer()
        self.pending: dict[str, Any] | None = None
        self._set_number = 1
        self._tape_read = False
        self.forms: list[RepForm] = []
        self._estimator = estimator
        self._policy = CuePolicy()
        self._ok_frames = 0
        self._frames = 0
        self._last_t_s = -math.inf
        self._guide = SetupGuide()
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
        self._tape_read = self._tape_read or bool(np.isfinite(update.tape_pct))
        checks = self._checks(pose, second_person_seen)
        cue = self._advance(checks, update)
        return self._message(pose, update, checks, cue)

    def _checks(self, pose: PoseFrame, second_person_seen: bool) -> list[SetupCheck]:
        if self.phase is not SessionPhase.SETUP:
            return []
        found = check_body_found(pose.image_xyz_px)
        if not found.ok:
            return [found]
        assert pose.image_xyz_px is not None and pose.visibility is not None  # a body was found
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
            return self._advance_setup(checks, update.t_s)
        if self.phase is SessionPhase.CALIBRATING:
            if update.rep is not None and update.rep_count >= self.params.calibration_reps:
                self.phase = SessionPhase.COUNTING
                self._first_coached_rep = update.rep_count + 1
                return Cue(COUNTING_CUE, CueKind.INFO)
            return None
        coached = [form for form in update.forms if form.index >= self._first_coached_rep]
        return self._policy.after_rep(coached[-1], update.t_s) if coached else None

    def _advance_setup(self, checks: list[SetupCheck], t_s: float) -> Cue | None:
        cue = self._guide.update(checks, t_s)
        if all(check.ok for check in checks):
            self._ok_frames += 1
            if self._ok_frames >= self.params.setup_ok_frames:
                self.phase = SessionPhase.CALIBRATING
                return Cue(CALIBRATION_CUE, CueKind.INFO)
            return cue
        self._ok_frames = 0
        return cue

    def _message(
        self, pose: PoseFrame, update: LiveUpdate, checks: list[SetupCheck], cue: Cue | None
    ) -> dict[str, Any]:
        landmarks = aids = None
        if pose.image_xyz_px is not None and pose.visibility is not None:
            width, height = pose.image_size
            xy = pose.image_xyz_px[:, :2] / np.array([width, height])
            landmarks = np.column_stack([xy, pose.visibility]).round(4).tolist()
            aids = _aids_message(compute_aids(pose.image_xyz_px, pose.visibility), width, height)
        rep = None
        if update.forms:
            form = update.forms[-1]
            rep = {
                "index": form.index,
                "score": form.score,
                "faults": [finding.code.value for finding in form.faults],
                "tape_peak_pct": form.tape_peak_pct,
                # An estimate with its range, for learning: never a verdict.
                "lowback": live_rep_load(self.analyzer, form.index, pose.image_size, self.person),
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
                # One colour rule with the report (form.tape.classify_tape): grey "not read".
                "tape_state": classify_tape(
                    update.tape_pct, self.analyzer.params.faults.rounded_back_pct
                ).value,
                "view": update.view.view.value if update.view is not None else None,
                "checks": [asdict(check) for check in checks],
                "cue": None if cue is None else {**asdict(cue), "kind": cue.kind.value},
                "rep": rep,
                "bend": bend_message(update.bend),
                "good_bends": sum(bend.good for bend in self.analyzer.bends),
                "aids": aids,
                "exercise": describe_exercise(self.analyzer.exercise, self.analyzer.params),
            }
        )

    def end_set(self) -> dict[str, Any]:
        """End this set: return its card and start the next set straight away.

        The finished record waits in :attr:`pending` for :meth:`take_pending` (keep or
        discard). The next set skips set-up and calibration when the last frame still
        shows the whole body where set-up left it; otherwise set-up runs again.

        Returns
        -------
        dict
            JSON-ready ``set_summary`` message (see :func:`~hingecoach.web.summary.set_card`).
        """
        record = self.summary()
        card = set_card(
            [rep["index"] for rep in record["reps"]],
            self.forms,
            self.analyzer.view,
            tape_read=self._tape_read,
        )
        if self.variant == "daily":
            card = {**card, **bends_card(self.analyzer.bends)}
        self.pending = {**record, "card": card}
        still_there = self._still_in_place()
        self.analyzer = self._new_analyzer()
        self.forms = []
        self._policy = CuePolicy()
        self._tape_read = False
        self._first_coached_rep = 1
        self._set_number += 1
        self._ok_frames = 0
        self.phase = SessionPhase.COUNTING if still_there else SessionPhase.SETUP
        return json_safe(
            {
                "type": "set_summary",
                **card,
                "exercise": record["exercise"],
                "set_number": self._set_number - 1,
                "next": self.phase.value,
                "cue": {"text": NEXT_SET_CUE, "kind": "info", "speak": True}
                if still_there
                else None,
            }
        )

    def _new_analyzer(self) -> StreamingAnalyzer:
        """The streaming core of one set: params, calibration and variant as ``analyze``.

        ``auto`` recognises the variant from the reps, as the offline analysis does.
        """
        analysis_params, calibration = self._analysis
        return StreamingAnalyzer(analysis_params, calibration, exercise=self.variant)

    def take_pending(self) -> dict[str, Any] | None:
        """The ended set's record (once), for the caller to keep or drop."""
        record, self.pending = self.pending, None
        return record

    def _still_in_place(self) -> bool:
        """Whether the last frame passes the body, in-frame and distance checks."""
        pose = self.last_pose
        if self.phase is SessionPhase.SETUP or pose is None or pose.image_xyz_px is None:
            return False
        if pose.visibility is None:
            return False
        setup = self.params.setup
        return (
            check_in_frame(pose.image_xyz_px, pose.visibility, pose.image_size, setup).ok
            and check_distance(pose.image_xyz_px, pose.image_size, setup).ok
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
                "variant": self.variant,
                "exercise": describe_exercise(self.analyzer.exercise, self.analyzer.params),
                "set_number": self._set_number,
                "rep_count": len(self.analyzer.reps),
                "frames": self._frames,
                "view": view.view.value if view is not None else None,
                "reps": reps,
                **bends_record(self.analyzer.bends),
            }
        )

    def close(self) -> None:
        """Release the pose estimator."""
        self._estimator.close()
