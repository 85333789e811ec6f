"""The virtual tape test: how far the back rounds, in % of the person's own range.

A physio's tape from the lower to the mid back pulls tight as the spine rounds. Here
three cues stand in for it (:mod:`hingecoach.form.back_cues`): the bulge of the
silhouette's back between hip and shoulder, the head and neck dropping below the trunk
line, and the hip–shoulder distance shrinking. Each is mapped to % of the person's range
by a :class:`~hingecoach.form.calibration.BackCalibration` (0 % neutral, 100 % their
rounded extreme) and the cues are blended per frame. The tape is read in the hinge only
(the cues' neutrals are hinged postures), and a rep's value is the highest level held for
a moment during the rep (:mod:`hingecoach.form.tape_reps`).

Rounding is judged in the sagittal plane: side views are trusted; oblique ones less and
without the silhouette (at an angle its edge is the flank, not the spine); front views not
at all (the tape is then "not checked": NaN with confidence 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.errors import InputError
from hingecoach.form.back_cues import BackCueSeries, compute_trunk_shortening
from hingecoach.form.calibration import BackCalibration
from hingecoach.frozen import check_per_frame, freeze_arrays
from hingecoach.kinematics.view import View


@dataclass(frozen=True, slots=True)
class TapeParams:
    """How the cues are blended and trusted.

    Attributes
    ----------
    contour_weight, head_weight, trunk_weight : float
        Share of each cue in the blend (renormalised over the cues measured in a frame).
        The contour 0.6: it sees the whole back between pelvis and shoulders, where the
        tape lies. The head drop 0.3: it sees only the top end of the spine and also
        moves with the gaze. The trunk shortening 0.1: it changes by only 2 % at a full
        slump, about the noise of MediaPipe's world landmarks, so it can only nudge (and
        it is used only with a hinged neutral, from a guided calibration).
    min_cue_confidence : float
        A cue is used in a frame only with at least this confidence (0.3: below it the
        landmarks are guessed or most rays found no clean edge).
    min_hip_flexion_deg : float
        The tape is read only in frames hinged at least this far, degrees (30°: past any
        standing sway; the neutrals are hinged postures, and standing brings in the arms
        and the gaze at the weight, which change the outline and the head angle).
    warmup_s : float
        Time after the tracker finds (or finds again) the body during which the tape is
        not read, seconds. MediaPipe smooths landmarks and mask over time from the first
        detection, and they take a few frames to settle: 0.3 s (9 frames at 30 fps).
    side_trust, oblique_trust, unknown_trust : float
        Trust by camera view. Side 1; oblique 0.6 (only the head drop is used, measured
        in 3-D on MediaPipe's noisier depth); unknown 0.3. A front view is never trusted:
        a bend towards the camera changes neither the outline nor image angles much.
    sustain_s : float
        A rep's peak is the highest level held for this long, seconds (0.2: a real
        posture lasts longer; a one-frame spike is a flicker of the mask).
    setup_margin_deg : float
        For a lift seen to start at the bottom (from the floor), the tape is read from
        the start of the pull: the last moment the hips were within this many degrees of
        their deepest. Before the weight leaves the floor the spine carries no load, and
        lifters often reach down with a round back and then set it flat before they
        pull; the tape test is about the spine while it moves the load. 10°: above the
        few degrees the hips settle and sway in a set-up, far below a hinge's 35°.
    """

    contour_weight: float = 0.6
    head_weight: float = 0.3
    trunk_weight: float = 0.1
    min_cue_confidence: float = 0.3
    min_hip_flexion_deg: float = 30.0
    warmup_s: float = 0.3
    side_trust: float = 1.0
    oblique_trust: float = 0.6
    unknown_trust: float = 0.3
    sustain_s: float = 0.2
    setup_margin_deg: float = 10.0

    def __post_init__(self) -> None:
        weights = (self.contour_weight, self.head_weight, self.trunk_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise InputError(f"Cue weights must be ≥ 0 and not all 0; got {weights}.")
        for name in ("min_cue_confidence", "side_trust", "oblique_trust", "unknown_trust"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise InputError(f"{name} must lie in 0..1; got {getattr(self, name)}.")
        for name in ("sustain_s", "warmup_s", "setup_margin_deg"):
            if getattr(self, name) < 0:
                raise InputError(f"{name} must be 0 or more; got {getattr(self, name)}.")

    def view_trust(self, view: View) -> float:
        """Trust in the tape for a camera view, 0..1."""
        return {
            View.SIDE: self.side_trust,
            View.OBLIQUE: self.oblique_trust,
            View.FRONT: 0.0,
            View.UNKNOWN: self.unknown_trust,
        }[view]


@dataclass(frozen=True, slots=True)
class TapeSeries:
    """The virtual tape of every frame.

    Attributes
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    rounding_pct : numpy.ndarray
        Rounding in % of the person's range: 0 neutral (or better), 100 their rounded
        extreme, may exceed 100; NaN where no cue was measured or the view is frontal.
    angle_deg : numpy.ndarray
        Approximate bend of the trunk beyond neutral, degrees.
    confidence : numpy.ndarray
        0..1: cue quality × view trust × calibration confidence.
    """

    t_s: np.ndarray
    rounding_pct: np.ndarray
    angle_deg: np.ndarray
    confidence: np.ndarray

    def __post_init__(self) -> None:
        check_per_frame(self)
        freeze_arrays(self)


def compute_settled(t_s: np.ndarray, tracked: np.ndarray, warmup_s: float) -> np.ndarray:
    """Frames tracked for at least ``warmup_s`` since the body was last (re)found.

    Parameters
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    tracked : numpy.ndarray
        Shape ``(n_frames,)``, bool: a body was found in the frame.
    warmup_s : float
        Settling time, seconds.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_frames,)``, bool. Uses only past frames, so it works live too.
    """
    tracked = np.asarray(tracked, dtype=bool)
    index = np.arange(tracked.size)
    run_start = tracked & ~np.concatenate(([False], tracked[:-1]))
    first = np.maximum.accumulate(np.where(run_start, index, 0)) if tracked.size else index
    return tracked & (t_s - t_s[first] >= warmup_s - 1e-9)


def _cue_parts(
    cues: BackCueSeries,
    calibration: BackCalibration,
    view: View,
    read: np.ndarray,
    params: TapeParams,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float]]:
    """Per applicable cue: % of range, confidence, usable frames and blend weight."""
    landmarks_ok = read & (cues.landmark_confidence >= params.min_cue_confidence)
    head = cues.head_drop_deg if view is View.SIDE else cues.head_drop_world_deg
    parts = [
        (
            calibration.head_drop.to_percent(head),
            cues.landmark_confidence,
            landmarks_ok,
            params.head_weight,
        )
    ]
    if view is View.SIDE:
        contour_ok = read & (cues.contour_confidence >= params.min_cue_confidence)
        contour = calibration.contour.to_percent(cues.contour_sagitta)
        parts.append((contour, cues.contour_confidence, contour_ok, params.contour_weight))
    if calibration.trunk_shortening is not None:
        shortening = compute_trunk_shortening(cues.trunk_length_m, calibration.standing_trunk_m)
        percent = calibration.trunk_shortening.to_percent(shortening)
        parts.append((percent, cues.landmark_confidence, landmarks_ok, params.trunk_weight))
    return parts


def compute_tape(
    cues: BackCueSeries,
    calibration: BackCalibration,
    view: View,
    hip_flexion_deg: np.ndarray,
    params: TapeParams | None = None,
) -> TapeSeries:
    """Blend the cues into the virtual tape, per frame.

    Each cue becomes % of its calibrated range, floored at 0: extending one part of the
    spine (an arched lower back, a lifted head) does not undo a bend elsewhere, just as
    tape over a bent stretch pulls whatever the rest does. The blend averages the cues
    measured in the frame with the weights of ``params``. The silhouette is used in side
    views only, the head drop in the image plane in side views and in 3-D otherwise, and
    the trunk shortening only when the calibration gives it a hinged neutral. A frame's
    confidence is the weighted confidence of the cues used, over all cues that apply.

    Parameters
    ----------
    cues : BackCueSeries
    calibration : BackCalibration
    view : View
        Camera view of the recording.
    hip_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``: smoothed hip flexion, degrees; frames hinged less than
        ``min_hip_flexion_deg``, or within ``warmup_s`` of the body being found, are not
        read.
    params : TapeParams, optional

    Returns
    -------
    TapeSeries
        All NaN with confidence 0 for a front view.

    Raises
    ------
    InputError
        If ``hip_flexion_deg`` does not have one value per frame.
    """
    params = params or TapeParams()
    if np.shape(hip_flexion_deg) != cues.t_s.shape:
        raise InputError(
            f"hip_flexion_deg has shape {np.shape(hip_flexion_deg)}; expected {cues.t_s.shape}."
        )
    with np.errstate(invalid="ignore"):
        hinged = np.asarray(hip_flexion_deg) >= params.min_hip_flexion_deg
    hinged &= compute_settled(cues.t_s, cues.landmark_confidence > 0, params.warmup_s)
    parts = _cue_parts(cues, calibration, view, hinged, params)
    total, weight, quality = (np.zeros(cues.t_s.shape) for _ in range(3))
    for percent, cue_confidence, usable, cue_weight in parts:
        used = usable & np.isfinite(percent)
        total += np.where(used, cue_weight * np.maximum(percent, 0.0), 0.0)
        weight += np.where(used, cue_weight, 0.0)
        quality += np.where(used, cue_weight * cue_confidence, 0.0)
    trust = params.view_trust(view)
    all_weights = sum(part[3] for part in parts)
    with np.errstate(invalid="ignore", divide="ignore"):
        rounding = np.where((weight > 0) & (trust > 0), total / weight, np.nan)
    confidence = np.where(np.isnan(rounding), 0.0, quality / all_weights)
    return TapeSeries(
        t_s=cues.t_s.copy(),
        rounding_pct=rounding,
        angle_deg=rounding / 100.0 * calibration.rounded_bend_deg,
        confidence=np.clip(confidence * trust * calibration.confidence, 0.0, 1.0),
    )
