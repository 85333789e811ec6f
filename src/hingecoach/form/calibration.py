"""The person's own range of back rounding: neutral and rounded extremes of each cue.

The tape reports lower-back rounding in % of the person's range: neutral 0 %, rounded
extreme 100 %. The range comes from ``population`` defaults from spine geometry, or from a
``guided`` recording (stand tall, hinge with a long spine, slump on purpose) that shows
both extremes. The upper back (read from the head and neck dropping below the trunk line)
has a range of its own, for the separate upper-back note. All functions are pure, on
per-frame arrays (axis 0 is time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hingecoach.errors import InputError
from hingecoach.form.calibration_checks import count_hinges, require_phases, require_slump
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
    lumbar : CueRange
        Bend of the silhouette's outline over the lower back (pelvis to mid-back),
        degrees: the virtual tape.
    head_drop : CueRange
        Shoulder→ear line below the hip→shoulder line, degrees: the upper back and neck,
        for the upper-back note only.
    source : CalibrationSource
    confidence : float
        0..1: how far the tape's values can be trusted given this calibration.
    """

    lumbar: CueRange
    head_drop: CueRange
    source: CalibrationSource
    confidence: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise InputError(f"confidence must lie in 0..1; got {self.confidence}.")

    @property
    def rounded_bend_deg(self) -> float:
        """Lower-back bend from neutral to the rounded extreme, degrees (100 % of the tape)."""
        return self.lumbar.rounded - self.lumbar.neutral


@dataclass(frozen=True, slots=True)
class CalibrationParams:
    """Population defaults and the rules for reading calibration frames.

    Attributes
    ----------
    population_lumbar_neutral_deg : float
        Outline bend over the lower back of a neutral hinge, degrees: 0, the flat lower
        back a long-spine hinge is taught as (the lordosis of standing is mostly gone
        once the hips flex, and a braced spine does not flex further).
    population_lumbar_range_deg : float
        Lower-back bend added at the rounded extreme, degrees. The lumbar spine flexes
        about 50° beyond upright (and the thoracic about 30°); a deliberate slump in a
        hinge uses about half of it: 25°.
    population_head_neutral_deg : float
        Head drop of a neutral neck, degrees: the ear sits about 3 cm in front of the
        shoulder joint over about 17 cm of neck when standing (about 10°).
    population_head_range_deg : float
        Head drop added at the upper back's rounded extreme, degrees: the thoracic
        spine's half range (15°) tips the top of the trunk ahead of the hip–shoulder
        chord, and a dropped head adds about 15–20° of the neck's flexion: 35°.
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
    population_confidence, session_confidence, guided_confidence : float
        Trust by source. Population 0.6: backs and clothes vary, the neutral is assumed;
        0.7 for a guided take whose lower back did not clearly slump (its neutral is the
        person's own, its extreme assumed); guided 1.0: both extremes are the person's
        own, read in a hinge.
    """

    population_lumbar_neutral_deg: float = 0.0
    population_lumbar_range_deg: float = 25.0
    population_head_neutral_deg: float = 10.0
    population_head_range_deg: float = 35.0
    standing_max_deg: float = 20.0
    hinged_min_deg: float = 30.0
    min_frames: int = 5
    rounded_percentile: float = 90.0
    min_separation: float = 0.3
    population_confidence: float = 0.6
    session_confidence: float = 0.7
    guided_confidence: float = 1.0

    def __post_init__(self) -> None:
        for name in ("population_lumbar_range_deg", "population_head_range_deg"):
            if not 0.0 < getattr(self, name) < 180.0:
                raise InputError(f"{name} must lie in (0, 180); got {getattr(self, name)}.")
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
        Source ``population``.
    """
    p = params or CalibrationParams()
    lumbar = p.population_lumbar_neutral_deg
    head = p.population_head_neutral_deg
    return BackCalibration(
        lumbar=CueRange(lumbar, lumbar + p.population_lumbar_range_deg),
        head_drop=CueRange(head, head + p.population_head_range_deg),
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


def _phases(hip_flexion_deg: np.ndarray, p: CalibrationParams) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the long-spine and slump frames of a guided take.

    Of two or more hinges, the first is the long spine and the last the slump; of one,
    its first and last thirds (slumped staying down).
    """
    with np.errstate(invalid="ignore"):
        hinged = np.asarray(hip_flexion_deg) >= p.hinged_min_deg
    n_frames = hinged.size
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
    return long_spine, slump


def _own_range(
    values: np.ndarray,
    long_spine: np.ndarray,
    slump: np.ndarray,
    fallback: CueRange,
    p: CalibrationParams,
) -> tuple[CueRange, bool]:
    """A cue's own range from the two phases, and whether its slump was clear of neutral."""
    neutral = _median_or_nan(values[long_spine], p.min_frames)
    found = values[slump][np.isfinite(values[slump])]
    if not math.isfinite(neutral):
        return fallback, False
    width = fallback.rounded - fallback.neutral
    rounded = float(np.percentile(found, p.rounded_percentile)) if found.size else neutral
    if rounded - neutral >= p.min_separation * width:
        return CueRange(neutral, rounded), True
    return CueRange(neutral, neutral + width), False


def calibrate_from_guided(
    hip_flexion_deg: np.ndarray,
    lumbar_bend_deg: np.ndarray,
    head_drop_deg: np.ndarray,
    params: CalibrationParams | None = None,
) -> BackCalibration:
    """Both extremes from a guided recording: stand tall, hinge long, then slump.

    The neutral of each cue is its median over the long-spine hinge and the rounded
    extreme its ``rounded_percentile`` over the slump. A cue whose slump does not clear
    its neutral by ``min_separation`` of the population range keeps the population's
    width (the person did not slump enough for that cue to see), and if that happens
    to the lower back the calibration is trusted only ``session_confidence``; a lower
    back never seen (no segmentation) keeps the population range and trust.

    Parameters
    ----------
    hip_flexion_deg : numpy.ndarray
        Shape ``(n_frames,)``: smoothed hip flexion, degrees.
    lumbar_bend_deg, head_drop_deg : numpy.ndarray
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
    _check_lengths(hip_flexion_deg, lumbar_bend_deg, head_drop_deg)
    long_spine, slump = _phases(hip_flexion_deg, p)
    require_phases(int(long_spine.sum()), int(slump.sum()), p.hinged_min_deg, p.min_frames)
    base = population_calibration(p)
    phases = (long_spine, slump)
    lumbar_values = np.asarray(lumbar_bend_deg, dtype=float)
    lumbar, lumbar_own = _own_range(lumbar_values, *phases, base.lumbar, p)
    head, head_own = _own_range(np.asarray(head_drop_deg, dtype=float), *phases, base.head_drop, p)
    # A slump that no cue tells from the long spine gives nothing of the person's own: refuse.
    require_slump(lumbar_own, head_own, two_hinges=count_hinges(hip_flexion_deg, p) >= 2)
    seen = np.isfinite(lumbar_values[long_spine]).sum() >= p.min_frames
    confidence = (
        p.guided_confidence
        if lumbar_own
        else (p.session_confidence if seen else p.population_confidence)
    )
    return BackCalibration(
        lumbar=lumbar, head_drop=head, source=CalibrationSource.GUIDED, confidence=confidence
    )
