"""Settle a live rep the way the offline analysis measures it, before it is judged (pure).

Live counting runs on a causal smoother (it cannot look ahead) and the streaming
detector's boundaries; the offline analysis measures each rep on zero-phase smoothed
kinematics with refined boundaries, one view (and facing) for the whole set. By the time
a live rep is judged (a second after its lockout) its frames and the lockout second are
buffered, so it can be measured exactly as offline: the same cleaning, refinement and
measures on the buffered landmarks, with the view of the set so far. The verdict then
differs from the offline one only by what the future holds (later reps of the set).
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hingecoach.analysis.exercise import DAILY_NAME, b_stance_recognised, given_profile
from hingecoach.analysis.offline import clean_signal
from hingecoach.analysis.params import AnalysisParams
from hingecoach.daily import DAILY
from hingecoach.form.assess import RepForm, assess_set
from hingecoach.form.measures import LOCKOUT_WINDOW_S, RepFormMeasures, measure_rep_form
from hingecoach.form.params import VIEW_TRUST
from hingecoach.form.profiles import VariantProfile
from hingecoach.form.recognise import ExerciseCall, recognise_variant
from hingecoach.form.tape_reps import TapeRep
from hingecoach.kinematics.angles import (
    compute_counting_signals,
    compute_front_counting_signals,
    compute_kinematics,
)
from hingecoach.kinematics.series import KinematicsSeries, LandmarkSeries
from hingecoach.kinematics.view import View, ViewEstimate, estimate_view
from hingecoach.pose.landmarks import PoseFrame
from hingecoach.reps.measures import Rep, measure_rep
from hingecoach.reps.refine import refine_timing
from hingecoach.reps.segmenter import RepTiming

#: Wait after the lockout second before a live rep is settled, seconds. Zero-phase
#: filtering (2nd-order Butterworth at 3 Hz, run both ways) bends the last samples before
#: the end of the data; its impulse response has died out within ~0.3 s, so a lockout
#: second that ended 0.3 s ago reads as it does offline.
SETTLE_S = 0.3
#: Longest wait for a rep's refined end (the hip back within 5 % of its excursion) after
#: the detector's end, seconds: a person who stays a little bent after a rep is judged
#: on what was seen, not waited for.
MAX_SETTLE_WAIT_S = 3.0


#: Frames before a rep's start that are settled with it, seconds: longer than the reach
#: of the cleaning (outlier window 0.15 s, gap filling 0.25 s, the filter's ~0.3 s), so
#: the rep's own frames read as they do on the whole recording, and enough standing
#: before it for the start's refinement.
LEAD_S = 2.0
#: Settled reps (and cuts) kept for recognising the variant: a long set's last 30.
SETTLED_REPS = 30


@dataclass(frozen=True, slots=True)
class SettledRep:
    """A live rep measured as the offline analysis would, on the buffered landmarks.

    Attributes
    ----------
    rep : Rep
        Boundaries refined and measures taken on the zero-phase kinematics.
    kinematics : KinematicsSeries
        Zero-phase smoothed kinematics of the settled frames, with the set's facing.
    landmarks : LandmarkSeries
        The settled frames (from ``LEAD_S`` before the rep to the newest frame).
    view : ViewEstimate
        The view of the set so far, as offline estimates it over a whole recording.
    """

    rep: Rep
    kinematics: KinematicsSeries
    landmarks: LandmarkSeries
    view: ViewEstimate


def timing_of(rep: Rep) -> RepTiming:
    """The detector's boundaries of a measured rep."""
    return RepTiming(
        rep.start_s, rep.bottom_s, rep.end_s, rep.peak_hip_flexion_deg, rep.started_at_bottom
    )


def slice_landmarks(series: LandmarkSeries, start_s: float, stop_s: float) -> LandmarkSeries:
    """The frames of ``series`` from ``start_s`` to ``stop_s`` (both included)."""
    keep = (series.t_s >= start_s) & (series.t_s <= stop_s)
    return LandmarkSeries(
        t_s=series.t_s[keep],
        image_xyz_px=series.image_xyz_px[keep],
        world_xyz_m=series.world_xyz_m[keep],
        visibility=series.visibility[keep],
        image_size=series.image_size,
    )


def settle_rep(
    series: LandmarkSeries,
    rep: Rep,
    *,
    earliest_s: float,
    view: ViewEstimate,
    cuts_s: Sequence[float] = (),
    params: AnalysisParams,
) -> SettledRep:
    """Measure a live rep on buffered landmarks exactly as the offline analysis does.

    Parameters
    ----------
    series : LandmarkSeries
        The buffered frames (at least from ``LEAD_S`` before the rep to now).
    rep : Rep
        The rep as live counting measured it (causal smoothing, detector boundaries).
    earliest_s : float
        End of the previous settled rep (its boundaries may not overlap it).
    view : ViewEstimate
        The view of the set so far (``estimate_view`` over the buffered frames).
    cuts_s : sequence of float
        Times of camera cuts (first frame of each new shot): the counting signal is
        cleaned shot by shot, as offline, so smoothing never blends two shots.
    params : AnalysisParams

    Returns
    -------
    SettledRep
    """
    window = slice_landmarks(series, rep.start_s - LEAD_S, float(series.t_s[-1]))
    t_s, image, world = window.t_s, window.image_xyz_px, window.world_xyz_m
    if view.view is View.FRONT:
        hip, _ = compute_front_counting_signals(image, world)
    else:
        hip, _ = compute_counting_signals(image, world, use_world=False)
    hip = _clean_by_shot(t_s, hip, cuts_s, params)
    refined = refine_timing(
        timing_of(rep), t_s, hip, earliest_s=earliest_s, latest_s=float(t_s[-1])
    )
    raw = compute_kinematics(t_s, image, view.facing)
    kinematics = KinematicsSeries.from_matrix(t_s, clean_signal(t_s, raw.as_matrix(), params))
    view_confidence = view.confidence * VIEW_TRUST[view.view]
    settled = measure_rep(rep.index, refined, kinematics, view_confidence=view_confidence)
    return SettledRep(settled, kinematics, window, view)


def _clean_by_shot(
    t_s: np.ndarray, values: np.ndarray, cuts_s: Sequence[float], params: AnalysisParams
) -> np.ndarray:
    """``clean_signal`` on each shot between the cuts on its own."""
    bounds = [0, *np.searchsorted(t_s, [c for c in cuts_s if t_s[0] < c <= t_s[-1]]), len(t_s)]
    cleaned = np.full(values.shape, np.nan)
    for start, stop in itertools.pairwise(bounds):
        if stop - start >= 2:
            cleaned[start:stop] = clean_signal(t_s[start:stop], values[start:stop], params)
    return cleaned


def set_so_far(
    settled: Sequence[SettledRep],
) -> tuple[LandmarkSeries, KinematicsSeries, list[Rep]]:
    """The settled reps' frames (start to the end of the lockout second), joined.

    What the recogniser reads: the bottoms, and the lockouts its hip drop compares them
    with; a frame two reps share is read once.

    Parameters
    ----------
    settled : sequence of SettledRep
        In order; their refined boundaries do not overlap.

    Returns
    -------
    landmarks : LandmarkSeries
    kinematics : KinematicsSeries
    reps : list of Rep
    """
    parts, rows = [], []
    last_s = -np.inf
    for item in settled:
        # A rep may start on the frame the previous one ended on: that frame is read once.
        start_s = max(item.rep.start_s, np.nextafter(last_s, np.inf))
        stop_s = item.rep.end_s + LOCKOUT_WINDOW_S
        keep = (item.kinematics.t_s >= start_s) & (item.kinematics.t_s <= stop_s)
        if not keep.any():
            continue
        parts.append(slice_landmarks(item.landmarks, start_s, stop_s))
        rows.append(item.kinematics.as_matrix()[keep])
        last_s = float(item.kinematics.t_s[keep][-1])
    landmarks = LandmarkSeries(
        t_s=np.concatenate([part.t_s for part in parts]),
        image_xyz_px=np.concatenate([part.image_xyz_px for part in parts]),
        world_xyz_m=np.concatenate([part.world_xyz_m for part in parts]),
        visibility=np.concatenate([part.visibility for part in parts]),
        image_size=parts[0].image_size,
    )
    kinematics = KinematicsSeries.from_matrix(landmarks.t_s, np.concatenate(rows))
    return landmarks, kinematics, [item.rep for item in settled]


def first_look_s(end_s: float) -> float:
    """When a rep that ended (or whose refined end is) at ``end_s`` is first looked at."""
    return end_s + LOCKOUT_WINDOW_S + SETTLE_S


def settled_by(settled: SettledRep, now_s: float, detector_end_s: float) -> bool:
    """Whether a settled rep may be judged at ``now_s``.

    It may once its lockout second (after its refined end) and the filter's settling
    time have been seen, or when waiting longer for the refined end would hold the
    verdict past ``MAX_SETTLE_WAIT_S`` after the detector's end.
    """
    seen = now_s >= first_look_s(settled.rep.end_s)
    return seen or now_s >= detector_end_s + MAX_SETTLE_WAIT_S


class LiveJudge:
    """Judges live reps the way the offline analysis does, once each is settled.

    Keeps the camera cuts seen and the reps judged so far; each waiting rep is settled
    (:func:`settle_rep`) on the recent frames the caller buffers (the streaming
    analyzer's) once its lockout second is seen and handed to the one judge
    (:func:`~hingecoach.form.assess.assess_set`) with the variant (given, or recognised
    from the settled reps so far) and the set so far as its context.

    Parameters
    ----------
    params : AnalysisParams
    exercise : str
        A variant id, or ``"auto"``.
    """

    def __init__(self, params: AnalysisParams, exercise: str) -> None:
        self.params = params
        # Everyday bends are judged as the variant they resemble; the call stays "daily".
        self._daily = exercise == DAILY
        self._given = given_profile(exercise, params)
        #: The variant given, or the one recognised at the last judged rep.
        self.exercise: ExerciseCall | None = (
            None
            if self._given is None
            else ExerciseCall(exercise, 1.0, "given", name=self._given.name)
        )
        self._judged: list[RepFormMeasures] = []
        self._settled: deque[SettledRep] = deque(maxlen=SETTLED_REPS)
        self._cuts_s: deque[float] = deque(maxlen=SETTLED_REPS)
        #: When the waiting rep is looked at again (its refined end moved later).
        self._recheck_s = -math.inf

    def note_cut(self, t_s: float) -> None:
        """A new shot begins at ``t_s`` (as offline's ``detect_cuts`` would find it)."""
        self._cuts_s.append(t_s)

    def judge(self, rep: Rep, tape_rep: TapeRep | None, frames: Sequence[PoseFrame]) -> RepForm:
        """Settle one rep on the buffered ``frames`` (in time order) and judge it."""
        series = LandmarkSeries.from_pose_frames(frames)
        return self._judge(self._settle(series, rep), tape_rep)

    def judge_due(
        self,
        awaiting: deque[tuple[Rep, TapeRep | None]],
        frames: Sequence[PoseFrame],
        now_s: float,
    ) -> tuple[RepForm, ...]:
        """Judge, in order, the waiting reps whose lockout second has been seen by ``now_s``.

        The reps are settled on the buffered ``frames`` (in time order, up to ``now_s``).

        A rep is first looked at once the second after its detector end (and the
        smoothing's settling time) has passed; when its refined end (as offline) lies
        later, it waits for the second after that instead (at most ``MAX_SETTLE_WAIT_S``).
        ``now_s`` infinite (the end of a stream) judges every waiting rep. Judged reps
        are taken off ``awaiting``.
        """
        forms = []
        final = math.isinf(now_s)
        while awaiting:
            rep, tape_rep = awaiting[0]
            if not final and now_s < max(first_look_s(rep.end_s), self._recheck_s):
                break
            series = LandmarkSeries.from_pose_frames(frames)
            settled = self._settle(series, rep)
            if not final and not settled_by(settled, now_s, rep.end_s):
                self._recheck_s = first_look_s(settled.rep.end_s)
                break
            awaiting.popleft()
            self._recheck_s = -math.inf
            forms.append(self._judge(settled, tape_rep))
        return tuple(forms)

    def _settle(self, series: LandmarkSeries, rep: Rep) -> SettledRep:
        """The rep measured as offline, with the set's view so far (offline: the whole)."""
        earliest_s = self._settled[-1].rep.end_s if self._settled else -math.inf
        view = estimate_view(
            series.image_xyz_px, series.world_xyz_m, series.visibility, self.params.view
        )
        return settle_rep(
            series, rep, earliest_s=earliest_s, view=view, cuts_s=self._cuts_s, params=self.params
        )

    def _judge(self, settled: SettledRep, tape_rep: TapeRep | None) -> RepForm:
        """The one judge, on the settled rep, with the set so far as its context."""
        self._settled.append(settled)
        profile = self._profile(settled)
        peaks = None if tape_rep is None else [(tape_rep.peak_pct, tape_rep.confidence)]
        (form,) = assess_set(
            [settled.rep],
            settled.kinematics,
            settled.view,
            tape_peaks=peaks,
            world_xyz_m=settled.landmarks.world_xyz_m,
            b_stance=self.exercise is not None and b_stance_recognised(self.exercise, profile),
            params=self.params.faults,
            profile=profile,
            earlier=self._judged,
        ).reps
        self._judged.append(measure_rep_form(settled.rep, settled.kinematics))
        return form

    def _profile(self, settled: SettledRep) -> VariantProfile:
        """The given variant, or the one the settled reps so far look like (anew)."""
        if self._given is not None:
            return self._given
        landmarks, kinematics, reps = set_so_far(self._settled)
        call = recognise_variant(
            landmarks.image_xyz_px,
            landmarks.world_xyz_m,
            kinematics,
            reps,
            settled.view.facing,
            self.params.variants,
        )
        self.exercise = ExerciseCall(DAILY, 1.0, "given", name=DAILY_NAME) if self._daily else call
        return self.params.variants.get(call.id)
