"""All analysis settings in one frozen record, built once by an edge."""

from __future__ import annotations

from dataclasses import dataclass, field

from hingecoach.daily.params import BendParams
from hingecoach.form.calibration import CalibrationParams
from hingecoach.form.params import FaultThresholds
from hingecoach.form.profiles import VariantSet, default_variants
from hingecoach.form.tape import TapeParams
from hingecoach.kinematics.back_contour import BackContourParams
from hingecoach.kinematics.smoothing import SmoothingParams
from hingecoach.kinematics.view import ViewParams
from hingecoach.reps.params import RepParams


@dataclass(frozen=True, slots=True)
class QualityParams:
    """When data quality earns a warning.

    Attributes
    ----------
    min_tracked_share : float
        Below this share of frames with a tracked body, warn (0.8: the rep detector
        bridges only short losses, so more loss than this risks missed reps).
    max_cut_off_share : float
        Warn when feet or head are outside the frame in more than this share of frames.
    max_jump_leg : float
        A jump of the hips larger than this (leg lengths) between consecutive frames is
        not human movement: the tracker switched to something or someone else.
    min_person_frames : int
        Fewer tracked frames than this and there is no person to analyse.
    """

    min_tracked_share: float = 0.8
    max_cut_off_share: float = 0.3
    max_jump_leg: float = 0.5
    min_person_frames: int = 5


@dataclass(frozen=True, slots=True)
class AnalysisParams:
    """Settings of every core stage."""

    smoothing: SmoothingParams = field(default_factory=SmoothingParams)
    view: ViewParams = field(default_factory=ViewParams)
    reps: RepParams = field(default_factory=RepParams)
    quality: QualityParams = field(default_factory=QualityParams)
    faults: FaultThresholds = field(default_factory=FaultThresholds)
    back_contour: BackContourParams = field(default_factory=BackContourParams)
    calibration: CalibrationParams = field(default_factory=CalibrationParams)
    tape: TapeParams = field(default_factory=TapeParams)
    bends: BendParams = field(default_factory=BendParams)
    #: The exercise variants' profiles (variants.toml, with any ``--config`` overrides).
    variants: VariantSet = field(default_factory=default_variants)
