"""The virtual tape test: how far the lower back rounds, in % of the person's own range.

A physio's tape runs over the lower back, from the pelvis to the mid-back, and pulls
tight as the lumbar spine rounds. Here the bend of the silhouette's outline over that
segment stands in for it (:mod:`hingecoach.form.back_cues`), mapped to % of the person's
range by a :class:`~hingecoach.form.calibration.BackCalibration` (0 % neutral, 100 % their
rounded extreme). The upper back (the head and neck dropping below the trunk line) is
kept apart: it feeds a separate, lower-priority note and never the tape. The tape is read
in the hinge only, and a rep's value is the highest level held for a moment during the
rep (:mod:`hingecoach.form.tape_reps`).

No reading is not zero. The outline shows the spine's bend only from the side: at an
angle its edge is the flank, from the front it shows no bend at all. So the tape is read
in side views only, in frames whose outline was found with enough confidence; everywhere
else it is NaN with the reason, never 0 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np

from hingecoach.errors import InputError
from hingecoach.form.back_cues import BackCueSeries
from hingecoach.form.calibration import BackCalibration
from hingecoach.frozen import freeze_arrays
from hingecoach.kinematics.view import View

#: Why a whole recording's tape is not read, by camera view.
VIEW_NOT_READ = {
    View.OBLIQUE: "filmed at an angle: the silhouette's edge is the flank, not the spine; "
    "film side-on to read the lower back",
    View.FRONT: "filmed from the front: a bend towards the camera does not show in the "
    "outline; film side-on to read the lower back",
    View.UNKNOWN: "the camera view could not be told; film side-on to read the lower back",
}
#: Why the tape is not read without a segmentation mask.
NO_OUTLINE = "no silhouette of the back was measured (no segmentation mask)"


@dataclass(frozen=True, slots=True)
class TapeParams:
    """When the tape is read, and how much a reading must be trusted.

    Attributes
    ----------
    min_cue_confidence : float
        A frame is read only when its outline has at least this confidence (0.3: below
        it most rays found no clean edge: the back is hidden, or the mask is poor).
    min_rep_confidence : float
        The confidence floor of a rep's reading: a rep whose read frames average less
        than this (outline quality × calibration trust) gets no reading, so no
        ``rounded_back`` and no cue comes from it (0.3: with the population calibration,
        trusted 0.6, at least half of the outline must be clean; a rounding of half the
        range is then still larger than the edge noise).
    min_hip_flexion_deg : float
        The tape is read only in frames hinged at least this far, degrees (30°: past any
        standing sway; the neutral is a hinged posture, and standing brings in the arms
        and the lordosis of upright stance).
    warmup_s : float
        Time after the tracker finds (or finds again) the body during which the tape is
        not read, seconds. MediaPipe smooths landmarks and mask over time from the first
        detection, and they take a few frames to settle: 0.3 s (9 frames at 30 fps).
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
    upper_back_note_pct : float
        Upper-back rounding, % of its range, from which a rep counts towards the
        upper-back note (50 %: half-way to a deliberate slump, the tape's own rule).
    """

    min_cue_confidence: float = 0.3
    min_rep_confidence: float = 0.3
    min_hip_flexion_deg: float = 30.0
    warmup_s: float = 0.3
    sustain_s: float = 0.2
    setup_margin_deg: float = 10.0
    upper_back_note_pct: float = 50.0

    def __post_init__(self) -> None:
        for name in ("min_cue_confidence", "min_rep_confidence"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise InputError(f"{name} must lie in 0..1; got {getattr(self, name)}.")
        for name in ("sustain_s", "warmup_s", "setup_margin_deg", "upper_back_note_pct"):
            if getattr(self, name) < 0:
                raise InputError(f"{name} must be 0 or more; got {getattr(self, name)}.")


@dataclass(frozen=True, slots=True)
class TapeSeries:
    """The virtual tape of every frame.

    Attributes
    ----------
    t_s : numpy.ndarray
        Shape ``(n_frames,)``, seconds.
    rounding_pct : numpy.ndarray
        Lower-back rounding in % of the person's range: 0 neutral (or better), 100 their
        rounded extreme, may exceed 100; NaN where not read.
    angle_deg : numpy.ndarray
        Approximate bend of the lower back beyond neutral, degrees (NaN where not read).
    confidence : numpy.ndarray
        0..1: outline quality × calibration confidence (0 where not read).
    upper_back_pct : numpy.ndarray
        Upper-back (and neck) rounding in % of its own range, floored at 0; NaN where
        not read. Never part of ``rounding_pct``.
    not_read_reason : str or None
        Why no frame of the recording can be read (the view, no mask), or None.
    """

    t_s: np.ndarray
    rounding_pct: np.ndarray
    angle_deg: np.ndarray
    confidence: np.ndarray
    upper_back_pct: np.ndarray
    not_read_reason: str | None = None

    def __post_init__(self) -> None:
        n_frames = np.shape(self.t_s)
        for name in ("t_s", "rounding_pct", "angle_deg", "confidence", "upper_back_pct"):
            shape = np.shape(getattr(self, name))
            if shape != n_frames or len(shape) != 1:
                raise InputError(f"{name} has shape {shape}; expected {n_frames}.")
        freeze_arrays(self)


class TapeState(Enum):
    """How the virtual tape reads in one frame (its colour wherever it is drawn)."""

    NOT_READ = "not read"
    NEUTRAL = "neutral"
    CAUTION = "rounding"
    ROUNDED = "rounded"


#: Amber from this share of the rounded-back threshold (half-way to it).
CAUTION_SHARE = 0.5


def classify_tape(pct: float | None, rounded_pct: float) -> TapeState:
    """The tape's state for one reading: the one rule for the report, overlay and live page.

    Parameters
    ----------
    pct : float or None
        Tape value, % of the person's range (NaN or None when not read).
    rounded_pct : float
        Threshold of the rounded-back fault, % (red at and above it; amber from
        ``CAUTION_SHARE`` of it).

    Returns
    -------
    TapeState
    """
    if pct is None or math.isnan(pct):
        return TapeState.NOT_READ
    if pct >= rounded_pct:
        return TapeState.ROUNDED
    if pct >= CAUTION_SHARE * rounded_pct:
        return TapeState.CAUTION
    return TapeState.NEUTRAL


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


def compute_tape(
    cues: BackCueSeries,
    calibration: BackCalibration,
    view: View,
    hip_flexion_deg: np.ndarray,
    params: TapeParams | None = None,
) -> TapeSeries:
    """The lower-back tape and the upper-back reading, per frame.

    The tape is the lower back's outline bend in % of its calibrated range, floored at
    0 (an arched lower back is not "less than neutral" for the tape). It is read in side
    views only, in hinged, settled frames whose outline confidence reaches
    ``min_cue_confidence``; everywhere else it is NaN. The upper back is the head drop
    in % of its range, also side views only.

    Parameters
    ----------
    cues : BackCueSeries
    calibration : BackCalibration
    view : View
        Camera view of the recording.
    hip_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``: smoothed hip flexion, degrees.
    params : TapeParams, optional

    Returns
    -------
    TapeSeries
        All NaN with confidence 0, and ``not_read_reason`` set, for a view other than
        side or a recording without a measured outline.

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
        read = np.asarray(hip_flexion_deg) >= params.min_hip_flexion_deg
    read &= compute_settled(cues.t_s, cues.landmark_confidence > 0, params.warmup_s)
    reason = VIEW_NOT_READ.get(view)
    if reason is None and not (cues.contour_confidence > 0).any():
        reason = NO_OUTLINE
    side = view is View.SIDE
    lumbar = read & side & (cues.contour_confidence >= params.min_cue_confidence)
    lumbar &= np.isfinite(cues.lumbar_bend_deg)
    percent = np.maximum(calibration.lumbar.to_percent(cues.lumbar_bend_deg), 0.0)
    rounding = np.where(lumbar, percent, np.nan)
    upper = read & side & (cues.landmark_confidence >= params.min_cue_confidence)
    upper_pct = np.maximum(calibration.head_drop.to_percent(cues.head_drop_deg), 0.0)
    return TapeSeries(
        t_s=cues.t_s.copy(),
        rounding_pct=rounding,
        angle_deg=rounding / 100.0 * calibration.rounded_bend_deg,
        confidence=np.where(lumbar, cues.contour_confidence * calibration.confidence, 0.0),
        upper_back_pct=np.where(upper & np.isfinite(upper_pct), upper_pct, np.nan),
        not_read_reason=reason,
    )
