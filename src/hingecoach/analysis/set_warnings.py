"""The set's warnings: what limits the measures and the count, in one sentence each."""

from __future__ import annotations

import numpy as np

from hingecoach.analysis.params import AnalysisParams
from hingecoach.kinematics.quality import compute_cut_off_share, count_identity_jumps
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import View, ViewEstimate
from hingecoach.kinematics.view_stretches import ViewStretch

#: Stretches whose yaw differs this much are a change of view worth a warning: the
#: distance between a side and an oblique view (smaller swings are the estimate's own).
_VIEW_CHANGE_DEG = 30.0


def quality_warnings(
    series: LandmarkSeries, view: ViewEstimate, params: AnalysisParams
) -> list[str]:
    """Warnings about what limits every measure: tracking, a cut-off body, jumps, the view."""
    quality = params.quality
    warnings: list[str] = []
    tracked_share = float(series.detected.mean())
    if tracked_share < quality.min_tracked_share:
        warnings.append(
            f"The body was tracked in only {tracked_share:.0%} of frames, so reps may be "
            "missed; film the whole body in good light."
        )
    cut_off = compute_cut_off_share(series.image_xyz_px, series.image_size)
    if cut_off > quality.max_cut_off_share:
        warnings.append(
            f"The head or feet are outside the picture in {cut_off:.0%} of frames; step back "
            "or move the camera so the whole body is in view."
        )
    jumps = count_identity_jumps(series.image_xyz_px, quality.max_jump_leg)
    if jumps:
        warnings.append(
            f"The tracked body jumped {jumps} time(s) between frames; if a second person is "
            "in view, film one person at a time."
        )
    if view.view is View.FRONT:
        warnings.append(
            "Filmed from the front: hinge angles rest on estimated depth and are approximate; "
            "film side-on for the best measurements."
        )
    elif view.view is View.OBLIQUE:
        warnings.append(
            f"Filmed at an angle (about {90 - view.yaw_deg:.0f}° from side-on): angles are "
            "approximate; film side-on for the best measurements."
        )
    return warnings


def counting_warnings(
    t_s: np.ndarray, stretches: tuple[ViewStretch, ...], params: AnalysisParams
) -> list[str]:
    """Warnings about what limits the count: a very short clip, a view that changes."""
    warnings: list[str] = []
    frame_step = float(np.median(np.diff(t_s)))
    duration_s = float(t_s[-1] - t_s[0] + frame_step)
    if duration_s < params.reps.short_clip_s:
        warnings.append(
            f"The recording is only {duration_s:.1f} s long, so the count rests on the part "
            "of the movement it shows; film the whole set to be sure of it."
        )
    seen = [
        stretch
        for stretch in stretches
        if np.isfinite(stretch.yaw_deg)
        and t_s[stretch.stop - 1] - t_s[stretch.start] >= params.view.min_stretch_s
    ]
    yaws = [stretch.yaw_deg for stretch in seen]
    if yaws and max(yaws) - min(yaws) >= _VIEW_CHANGE_DEG:
        views = [stretch.view.value for stretch in seen]
        order = [view for k, view in enumerate(views) if k == 0 or view != views[k - 1]]
        warnings.append(
            f"The view changes during the recording ({', then '.join(order)}): each part is "
            "counted with the angle that suits its view; film the whole set side-on for "
            "the best measurements."
        )
    return warnings
