"""The person's own range of back rounding: neutral and rounded extremes of each cue.

The tape reports rounding in % of the person's range: neutral 0 %, rounded extreme 100 %.
The range comes from, in increasing order of trust: ``population`` defaults from spine
geometry; a ``session``, whose standing posture moves the population neutral part of the
way (standing is no hinge: the arms hang beside the trunk, the lower back is in lordosis,
the gaze is on the weight); or a ``guided`` recording (stand tall, hinge with a long
spine, slump on purpose) that shows both extremes. All functions are pure, on per-frame
arrays (axis 0 is time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from hingecoach.errors import InputError
from hingecoach.form.back_cues import (
    bend_to_sagitta,
    bend_to_shortening,
    compute_trunk_shortening,
    sagitta_to_bend_deg,
)
from hingecoach.form.calibration_checks import (
    count_hinges,
    require_phases,
    require_slump,
    require_standing,
)
from hingecoach.kinematics.smoothing import true_runs


class CalibrationSource(StrEnum):
    """Where a calibration's neutral and rounded extremes came from."""

    POPULATION = "population"
    SESSION = "session"
    GUIDED = "guided"


@dataclass(frozen=True, slots=True)
class CueRange:
    """Neutral and rounded extreme of one cue, in the cue's own unit.

    Attributes
    ----------
    neutral : float
        Value with the back held long (0 %).
    rounded : float
        Value at the person's rounded extreme (100 %); above ``neutral``.
    """

    neutral: float
    rounded: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.neutral) and self.neutral < self.rounded < math.inf):
            raise InputError(
                f"A cue range needs a finite neutral ({self.neutral}) below a finite rounded "
                f"extreme ({self.rounded}); pass rounded > neutral."
            )

    def to_percent(self, values: np.ndarray) -> np.ndarray:
        """Map cue values to % of the range: neutral → 0, rounded → 100 (may exceed)."""
        width = self.rounded - self.neutral
        return 100.0 * (np.asarray(values, dtype=np.float64) - self.neutral) / width


@dataclass(frozen=True, slots=True)
class BackCalibration:
    """A person's back-rounding range, per cue.

    Attributes
    ----------
    contour : CueRange
        Sagitta of the dorsal contour over the hip→shoulder chord (no unit).
    head_drop : CueRange
        Shoulder→ear line below the hip→shoulder line, degrees.
    trunk_shortening : CueRange or None
        Hip–shoulder world distance below standing, as a share of standing; None (cue
        off) without a hinged neutral: MediaPipe's world trunk shortens in any hinge.
    standing_trunk_m : float
        The person's standing hip–shoulder world distance, metres; NaN when unknown.
    rounded_bend_deg : float
        Approximate trunk bend at the rounded extreme, degrees (turns % into an angle).
    source : CalibrationSource
    confidence : float
        0..1: how far the tape's values can be trusted given this calibration.
    """

    contour: CueRange
    head_drop: CueRange
    trunk_shortening: CueRange | None
    standing_trunk_m: float
    rounded_bend_deg: float
    source: CalibrationSource
    confidence: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise InputError(f"confidence must lie in 0..1; got {self.confidence}.")
        if not self.rounded_bend_deg > 0:
            raise InputError(f"rounded_bend_deg must be positive; got {self.rounded_bend_deg}.")


@dataclass(frozen=True, slots=True)
class CalibrationParams:
    """Population defaults and the rules for reading calibration frames.

    Attributes
    ----------
    population_bend_deg : float
        Trunk bend (top of pelvis to shoulder blades) of the rounded extreme, degrees.
        Adults flex about 50° lumbar and 30° thoracic beyond upright; a deliberate slump
        in a hinge uses about half of that, 40°.
    population_contour_neutral : float
        Sagitta of a neutral back over the sampled stretch: 0, the flat back from sacrum
        to shoulder blades that a long-spine hinge is taught as.
    population_head_neutral_deg : float
        Head drop of a neutral neck, degrees: the ear sits about 3 cm in front of the
        shoulder joint over about 17 cm of neck when standing (about 10°).
    population_head_range_deg : float
        Head drop added at the rounded extreme, degrees. A 40° rounding tips the top of
        the trunk about 20° ahead of the hip–shoulder chord (half the bend of an arc),
        and a dropped head adds about 15° of the neck's 45–50° of flexion: 35°.
    standing_max_deg : float
        Hip flexion up to which a frame counts as standing, degrees (20°: the rep
        detector's lockout band, 15°, plus landmark noise).
    hinged_min_deg : float
        Hip flexion from which a guided-calibration frame counts as hinged, degrees. 30°:
        past any standing slump, short of every hinge.
    min_frames : int
        Fewest frames a phase needs (5: a sixth of a second at 30 fps; one bad frame
        cannot move their median).
    rounded_percentile : float
        Percentile of the slump frames taken as the rounded extreme (90: the held slump,
        not its one noisiest frame).
    min_separation : float
        A guided slump must exceed the long-spine hinge by this share of the population
        range for a cue's own range to be used (0.3: less is within the cue's noise, so
        the person did not really slump, or the cue cannot see it).
    session_max_shift : float
        Furthest a session's standing posture may move a cue's neutral from the
        population's, as a share of the cue's range (0.5: standing tells something
        about the person's build and clothes, but it is not a hinge, so it may not move
        the neutral by more than half of the way to a slump).
    population_confidence, session_confidence, guided_confidence : float
        Trust by source. Population 0.6: backs and clothes vary, the neutral is assumed;
        session 0.7: partly the person's own, read standing; guided 1.0: both extremes
        are the person's own, read in a hinge.
    """

    population_bend_deg: float = 40.0
    population_contour_neutral: float = 0.0
    population_head_neutral_deg: float = 10.0
    population_head_range_deg: float = 35.0
    standing_max_deg: float = 20.0
    hinged_min_deg: float = 30.0
    min_frames: int = 5
    rounded_percentile: float = 90.0
    min_separation: float = 0.3
    session_max_shift: float = 0.5
    population_confidence: float = 0.6
    session_confidence: float = 0.7
    guided_confidence: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 < self.population_bend_deg < 180.0:
            raise InputError(
                f"population_bend_deg must lie in (0, 180); got {self.population_bend_deg}."
            )
        if not 0.0 < self.standing_max_deg < self.hinged_min_deg:
            raise InputError(
                f"standing_max_deg ({self.standing_max_deg}) must be positive and below "
                f"hinged_min_deg ({self.hinged_min_deg})."
            )
        if self.min_frames < 1 or not 50.0 <= self.rounded_percentile <= 100.0:
            raise InputError(
                f"min_frames must be ≥ 1 and rounded_percentile in 50..100; got "
                f"{self.min_frames} and {self.rounded_percentile}."
            )
        if not self.session_max_shift >= 0.0:
            raise InputError(f"session_max_shift must be 0 or more; got {self.session_max_shift}.")
        for name in ("population_confidence", "session_confidence", "guided_confidence"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise InputError(f"{name} must lie in (0, 1]; got {getattr(self, name)}.")


def population_calibration(params: CalibrationParams | None = None) -> BackCalibration:
    """Adult defaults, used when the person's own range is unknown.

    Parameters
    ----------
    params : CalibrationParams, optional

    Returns
    -------
    BackCalibration
        Source ``population``; no hinged neutral of the trunk length, so that cue is off.
    """
    p = params or CalibrationParams()
    contour = p.population_contour_neutral
    return BackCalibration(
        contour=CueRange(contour, contour + bend_to_sagitta(p.population_bend_deg)),
        head_drop=CueRange(
            p.population_head_neutral_deg,
            p.population_head_neutral_deg + p.population_head_range_deg,
        ),
        trunk_shortening=None,
        standing_trunk_m=math.nan,
        rounded_bend_deg=p.population_bend_deg,
        source=CalibrationSource.POPULATION,
        confidence=p.population_confidence,
    )


def _median_or_nan(values: np.ndarray, min_frames: int) -> float:
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size >= min_frames else math.nan


def _check_lengths(*arrays: np.ndarray) -> None:
    shapes = [np.shape(array) for array in arrays]
    if len(shapes[0]) != 1 or any(shape != shapes[0] for shape in shapes):
        raise InputError(
            f"Hip flexion and the cues must be 1-D and equally long; got shapes {shapes}."
        )


def calibrate_from_session(
    hip_flexion_deg: np.ndarray,
    contour_sagitta: np.ndarray,
    head_drop_deg: np.ndarray,
    trunk_length_m: np.ndarray,
    params: CalibrationParams | None = None,
) -> BackCalibration:
    """The person's own neutral from the standing frames of an ordinary recording.

    Each shape cue's neutral moves from the population's towards its median over the
    standing frames, by at most ``session_max_shift`` of the cue's range; the standing
    trunk length is measured there. The rounded extremes keep the population's distance
    above the neutral. The reps themselves are not used: a set rounded from its first
    rep would calibrate its own fault away.

    Parameters
    ----------
    hip_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``: smoothed hip flexion, degrees (picks the standing frames).
    contour_sagitta, head_drop_deg, trunk_length_m : numpy.ndarray
        Shape ``(n_frames,)`` each: the cues, NaN where not measured.
    params : CalibrationParams, optional

    Returns
    -------
    BackCalibration
        Source ``session``, or the population defaults when fewer than ``min_frames``
        standing frames had a cue.

    Raises
    ------
    InputError
        If the arrays are not 1-D and equally long.
    """
    p = params or CalibrationParams()
    _check_lengths(hip_flexion_deg, contour_sagitta, head_drop_deg, trunk_length_m)
    base = population_calibration(p)
    with np.errstate(invalid="ignore"):
        standing = np.asarray(hip_flexion_deg) < p.standing_max_deg
    measured = [
        _median_or_nan(np.asarray(values)[standing], p.min_frames)
        for values in (contour_sagitta, head_drop_deg, trunk_length_m)
    ]
    if not any(math.isfinite(value) for value in measured):
        return base

    def moved(cue: CueRange, neutral: float) -> CueRange:
        limit = p.session_max_shift * (cue.rounded - cue.neutral)
        shift = float(np.clip(neutral - cue.neutral, -limit, limit))
        return CueRange(cue.neutral + shift, cue.rounded + shift) if math.isfinite(shift) else cue

    return replace(
        base,
        contour=moved(base.contour, measured[0]),
        head_drop=moved(base.head_drop, measured[1]),
        standing_trunk_m=measured[2],
        source=CalibrationSource.SESSION,
        confidence=p.session_confidence,
    )


def _phases(
    hip_flexion_deg: np.ndarray, p: CalibrationParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masks of the standing, long-spine and slump frames of a guided take.

    Standing: before the first hinged frame. Of two or more hinges, the first is the long
    spine and the last the slump; of one, its first and last thirds (slumped staying down).
    """
    with np.errstate(invalid="ignore"):
        hinged = np.asarray(hip_flexion_deg) >= p.hinged_min_deg
        upright = np.asarray(hip_flexion_deg) < p.standing_max_deg
    n_frames = hinged.size
    first = int(np.argmax(hinged)) if hinged.any() else n_frames
    standing = upright & (np.arange(n_frames) < first)
    runs = [(a, b) for a, b in true_runs(hinged) if b - a >= p.min_frames]
    long_spine = np.zeros(n_frames, dtype=bool)
    slump = np.zeros(n_frames, dtype=bool)
    if len(runs) >= 2:
        long_spine[slice(*runs[0])] = True
        slump[slice(*runs[-1])] = True
    elif runs:
        start, stop = runs[0]
        third = (stop - start) // 3
        long_spine[start : start + third] = True
        slump[stop - third : stop] = True
    return standing, long_spine, slump


def _own_range(
    values: np.ndarray,
    long_spine: np.ndarray,
    slump: np.ndarray,
    fallback: CueRange,
    p: CalibrationParams,
) -> tuple[CueRange | None, bool]:
    """A cue's own range from the two phases, and whether its slump was clear of neutral."""
    neutral = _median_or_nan(values[long_spine], p.min_frames)
    found = values[slump][np.isfinite(values[slump])]
    if not math.isfinite(neutral):
        return None, False
    width = fallback.rounded - fallback.neutral
    rounded = float(np.percentile(found, p.rounded_percentile)) if found.size else neutral
    if rounded - neutral >= p.min_separation * width:
        return CueRange(neutral, rounded), True
    return CueRange(neutral, neutral + width), False


def calibrate_from_guided(
    hip_flexion_deg: np.ndarray,
    contour_sagitta: np.ndarray,
    head_drop_deg: np.ndarray,
    trunk_length_m: np.ndarray,
    params: CalibrationParams | None = None,
) -> BackCalibration:
    """Both extremes from a guided recording: stand tall, hinge long, then slump.

    The neutral of each cue is its median over the long-spine hinge and the rounded
    extreme its ``rounded_percentile`` over the slump. A cue whose slump does not clear
    its neutral by ``min_separation`` of the population range keeps the population's
    width (the person did not slump enough for that cue to see), and if that happens
    to the contour the calibration is trusted only as much as a session one.

    Parameters
    ----------
    hip_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``: smoothed hip flexion, degrees.
    contour_sagitta, head_drop_deg, trunk_length_m : numpy.ndarray
        Shape ``(n_frames,)`` each, NaN where not measured.
    params : CalibrationParams, optional

    Returns
    -------
    BackCalibration
        Source ``guided``.

    Raises
    ------
    InputError
        If the arrays disagree in length, or the recording shows no hinge phases.
    """
    p = params or CalibrationParams()
    _check_lengths(hip_flexion_deg, contour_sagitta, head_drop_deg, trunk_length_m)
    standing, long_spine, slump = _phases(hip_flexion_deg, p)
    require_phases(int(long_spine.sum()), int(slump.sum()), p.hinged_min_deg, p.min_frames)
    base = population_calibration(p)
    standing_m = _median_or_nan(np.asarray(trunk_length_m)[standing], p.min_frames)
    require_standing(standing_m)
    shortening = compute_trunk_shortening(np.asarray(trunk_length_m), standing_m)
    population_trunk = CueRange(0.0, bend_to_shortening(p.population_bend_deg))

    phases = (long_spine, slump)
    contour, contour_own = _own_range(np.asarray(contour_sagitta, float), *phases, base.contour, p)
    head, head_own = _own_range(np.asarray(head_drop_deg, dtype=float), *phases, base.head_drop, p)
    trunk, _ = _own_range(shortening, *phases, population_trunk, p)
    require_slump(contour_own, head_own, two_hinges=count_hinges(hip_flexion_deg, p) >= 2)
    bend = p.population_bend_deg
    if contour is not None and contour_own:
        bend = sagitta_to_bend_deg(contour.rounded - contour.neutral)
    return BackCalibration(
        contour=contour or base.contour,
        head_drop=head or base.head_drop,
        trunk_shortening=trunk,
        standing_trunk_m=standing_m,
        rounded_bend_deg=bend,
        source=CalibrationSource.GUIDED,
        confidence=p.guided_confidence if contour_own else p.session_confidence,
    )
