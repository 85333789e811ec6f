"""Pose on a window around the person in very wide or very tall frames.

MediaPipe's detector squeezes the whole frame into a 224-px square: in a 2560x720 frame a
person becomes a few pixels wide and is found in a fraction of the frames (12 % on one
probe), and two people side by side confuse it altogether. :class:`CroppingEstimator`
therefore hands the inner estimator a window of at most :attr:`CropParams.max_aspect`
around the person, and maps the landmarks (and mask) back to the whole frame.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from hingecoach.pose.estimator import PoseEstimator
from hingecoach.pose.landmarks import Landmark, PoseFrame


@dataclass(frozen=True, slots=True)
class CropParams:
    """When and how frames are cropped before pose.

    Attributes
    ----------
    max_aspect : float
        Frames whose long side exceeds the short one by more than this are cropped to a
        window of this aspect (16/9: the widest picture pose models are tuned on; wider
        ones shrink the person below what the detector finds).
    recentre_share : float
        The window moves only when the hips leave its middle by more than this share of
        its width (0.25: a hinge moves the hips back a little, which must not shift the
        window at every rep; tracking likes a still picture).
    """

    max_aspect: float = 16 / 9
    recentre_share: float = 0.25


def window_starts(length: int, window: int) -> list[int]:
    """Window offsets to search for a person along a side: the middle first, then the rest."""
    if window >= length:
        return [0]
    step = max(1, window // 2)
    starts = sorted({*range(0, length - window, step), length - window})
    middle = (length - window) // 2
    return sorted(starts, key=lambda start: abs(start - middle))


class CroppingEstimator:
    """A pose estimator that crops very wide or tall frames around the person first.

    Parameters
    ----------
    inner : PoseEstimator
        Runs on the windows.
    params : CropParams, optional
    """

    def __init__(self, inner: PoseEstimator, params: CropParams | None = None) -> None:
        self.inner = inner
        self.params = params or CropParams()
        self.model_name = inner.model_name
        self._start: int | None = None  # offset of the window along the long side
        self._searched = 0  # windows tried since the person was lost

    def estimate(self, rgb: np.ndarray, *, index: int, t_s: float) -> PoseFrame:
        """Pose of one frame, cropped when it is very wide or tall (see the class)."""
        height, width = rgb.shape[:2]
        wide = width >= height
        long_side, short_side = (width, height) if wide else (height, width)
        window = int(short_side * self.params.max_aspect)
        if long_side <= window:
            return self.inner.estimate(rgb, index=index, t_s=t_s)
        start = self._start
        if start is None:  # searching: one window per frame, so the cost stays one pose
            starts = window_starts(long_side, window)
            start = starts[self._searched % len(starts)]
            self._searched += 1
        crop = rgb[:, start : start + window] if wide else rgb[start : start + window]
        pose = self.inner.estimate(np.ascontiguousarray(crop), index=index, t_s=t_s)
        full = _to_full_frame(pose, start, wide, (width, height))
        if full.detected:
            self._start = start
            self._follow(full, long_side, window, wide)
        elif self._start is not None:
            self._start, self._searched = None, 0  # lost: search again from the middle
        return full

    def _follow(self, pose: PoseFrame, long_side: int, window: int, wide: bool) -> None:
        """Move the window when the hips drift away from its middle."""
        assert pose.image_xyz_px is not None and self._start is not None
        axis = 0 if wide else 1
        hips = pose.image_xyz_px[[Landmark.LEFT_HIP, Landmark.RIGHT_HIP], axis].mean()
        if abs(hips - (self._start + window / 2)) > self.params.recentre_share * window:
            self._start = int(np.clip(hips - window / 2, 0, long_side - window))

    def close(self) -> None:
        """Release the inner estimator."""
        self.inner.close()

    def __enter__(self) -> CroppingEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _to_full_frame(pose: PoseFrame, start: int, wide: bool, size: tuple[int, int]) -> PoseFrame:
    """A window's pose in the whole frame's pixels (world landmarks need no change)."""
    xyz = pose.image_xyz_px
    if xyz is not None:
        xyz = xyz.copy()
        xyz[:, 0 if wide else 1] += start
    mask = pose.segmentation_mask
    if mask is not None:
        full = np.zeros((size[1], size[0]), dtype=mask.dtype)
        if wide:
            full[:, start : start + mask.shape[1]] = mask
        else:
            full[start : start + mask.shape[0]] = mask
        mask = full
    return replace(pose, image_size=size, image_xyz_px=xyz, segmentation_mask=mask)
