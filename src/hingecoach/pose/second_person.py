"""Is a second person in view? A periodic check beside MediaPipe's one-person tracker.

MediaPipe's legacy Pose tracks one person and says nothing about anyone else, yet a
second person in the picture can pull the tracker away mid-set. About once a second, the
tracked person is painted over and a per-image Pose looks at what is left of the frame;
a body found there is a second person.

The geometry (box, painting, scores) is pure numpy; MediaPipe sits behind
:class:`SecondPersonDetector`, which is built on its first check and so costs nothing when
no frame is checked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from hingecoach.errors import InputError
from hingecoach.pose.landmarks import Landmark, PoseFrame
from hingecoach.pose.quiet import native_output_silenced

log = logging.getLogger(__name__)

#: The torso: a real body shows it confidently, a stray detection on background does not.
_TORSO = (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)

#: Frame rate assumed when the container does not declare one.
_DEFAULT_FPS = 30.0


@dataclass(frozen=True, slots=True)
class SecondPersonParams:
    """When and how strictly to look for a second person.

    Attributes
    ----------
    every_s : float
        Seconds between checks (1.0: someone who matters stays in view for seconds; a
        check takes 20-25 ms, so one a second adds about 2 % to the pose stage at 60 fps
        and 5 % at 24-30 fps, measured on the development clips).
    box_pad : float
        Padding of the tracked person's box on each side, as a share of its width and
        height (0.15 covers hair, clothes, hands and a held weight beyond the landmarks).
    min_detection_confidence : float
        Score (0..1) the person detector must reach. 0.7, not MediaPipe's 0.5: on the
        development clips (checked twice a second), 0.5 found "people" on weight plates
        and benches in 7 of 27 single-person clips, 0.7 in 2 (one check each), while it
        still found 37 of 42 checks' real second people pasted into such clips.
    min_torso_visibility : float
        Mean visibility (0..1) of shoulders and hips for a detection to count (0.5: the
        landmark model's own threshold for a landmark being in view).
    min_seen_checks : int
        Checks with a second person needed for a warning (2: one odd frame is not a
        person, and someone who matters stays in view for seconds).
    model_complexity : int
        MediaPipe landmark model of the check: 0 (lite) or 1 (full, which fooled itself
        less often on gym equipment in the same clips, for a few milliseconds a check).
    max_side_px : int
        Frames are shrunk by a whole factor until their long side is under twice this
        (the detector sees 224 pixels anyway; a smaller frame is cheaper to handle).
    """

    every_s: float = 1.0
    box_pad: float = 0.15
    min_detection_confidence: float = 0.7
    min_torso_visibility: float = 0.5
    min_seen_checks: int = 2
    model_complexity: int = 1
    max_side_px: int = 640

    def __post_init__(self) -> None:
        if not self.every_s > 0:
            raise InputError(f"every_s must be positive, not {self.every_s}.")
        if not 0 <= self.box_pad <= 1:
            raise InputError(f"box_pad must lie in 0..1, not {self.box_pad}.")
        if not 0 < self.min_detection_confidence < 1:
            raise InputError(
                f"min_detection_confidence must lie in (0, 1), not {self.min_detection_confidence}."
            )
        if not 0 < self.min_torso_visibility < 1:
            raise InputError(
                f"min_torso_visibility must lie in (0, 1), not {self.min_torso_visibility}."
            )
        if self.min_seen_checks < 1:
            raise InputError(f"min_seen_checks must be at least 1, not {self.min_seen_checks}.")
        if self.model_complexity not in (0, 1):
            raise InputError(f"model_complexity must be 0 or 1, not {self.model_complexity}.")
        if self.max_side_px < 64:
            raise InputError(f"max_side_px must be at least 64, not {self.max_side_px}.")


def compute_check_step(fps: float, every_s: float) -> int:
    """Frames between checks: every ``every_s`` seconds at ``fps`` (at least 1)."""
    fps = fps if fps > 0 else _DEFAULT_FPS
    return max(1, round(fps * every_s))


def compute_person_box_px(
    image_xyz_px: np.ndarray, image_size: tuple[int, int], *, pad: float
) -> tuple[int, int, int, int] | None:
    """Padded bounding box of one person's landmarks, clipped to the picture.

    Parameters
    ----------
    image_xyz_px : numpy.ndarray
        Shape ``(33, 3)``, pixels; landmarks may lie outside the picture.
    image_size : tuple of int
        ``(width, height)`` of the picture.
    pad : float
        Padding on each side as a share of the box's width and height.

    Returns
    -------
    tuple of int or None
        ``(x0, y0, x1, y1)`` with ``x0 <= x < x1``; None if no landmark is finite or the
        box lies wholly outside the picture.
    """
    xy = image_xyz_px[:, :2]
    xy = xy[np.isfinite(xy).all(axis=1)]
    if xy.shape[0] == 0:
        return None
    low, high = xy.min(axis=0), xy.max(axis=0)
    margin = pad * (high - low)
    width, height = image_size
    x0, y0 = np.floor(low - margin).astype(int)
    x1, y1 = np.ceil(high + margin).astype(int)
    x0, x1 = max(0, x0), min(width, x1)
    y0, y1 = max(0, y0), min(height, y1)
    if x0 >= x1 or y0 >= y1:
        return None
    return int(x0), int(y0), int(x1), int(y1)


def compute_check_frame(
    rgb: np.ndarray, box: tuple[int, int, int, int], *, max_side_px: int
) -> np.ndarray:
    """The frame shrunk by a whole factor, with the box filled by the frame's mean colour.

    The shrink keeps every ``factor``-th pixel, so the long side ends between
    ``max_side_px`` and twice that: cheap (a 1080p frame takes about a millisecond, block
    averaging about 25), and the detector resamples to 224 pixels without smoothing
    anyway. A flat patch of the scene's own average colour hides the person without the
    hard, dark edges a black box would add (which detectors can take for limbs).

    Parameters
    ----------
    rgb : numpy.ndarray
        Shape ``(height, width, 3)``, uint8.
    box : tuple of int
        ``(x0, y0, x1, y1)`` in pixels of ``rgb``.
    max_side_px : int
        Target long side in pixels.

    Returns
    -------
    numpy.ndarray
        Shape ``(ceil(height / f), ceil(width / f), 3)``, uint8, a new contiguous array
        (the input is not changed).
    """
    factor = max(1, max(rgb.shape[:2]) // max_side_px)
    small = rgb[::factor, ::factor].copy()  # a C-ordered copy: the input stays as it is
    x0, y0, x1, y1 = box
    mean_colour = small.reshape(-1, 3).mean(axis=0).round().astype(np.uint8)
    small[y0 // factor : -(-y1 // factor), x0 // factor : -(-x1 // factor)] = mean_colour
    return small


def compute_torso_visibility(visibility: np.ndarray) -> float:
    """Mean visibility (0..1) of shoulders and hips, from a ``(33,)`` visibility array."""
    return float(np.mean(visibility[list(_TORSO)]))


def second_person_warning(seen: int, checked: int, *, min_seen: int) -> str | None:
    """The warning sentence when a second person was seen often enough, else None."""
    if seen < min_seen:
        return None
    return (
        f"A second person was seen in {seen} of {checked} checked frames; film one person "
        "at a time, or the wrong person may be measured."
    )


class SecondPersonDetector:
    """Look for a second person about once a second, beside the tracking pose estimator.

    Parameters
    ----------
    fps : float
        Frame rate of the video (0 when unknown: 30 is assumed).
    params : SecondPersonParams, optional

    Attributes
    ----------
    checked : int
        Frames checked so far (frames with a tracked person, one per interval).
    seen : int
        Checked frames in which a second person was found.
    """

    def __init__(self, fps: float, params: SecondPersonParams | None = None) -> None:
        self.params = params or SecondPersonParams()
        self._step = compute_check_step(fps, self.params.every_s)
        self._next_index = 0
        self._pose: Any = None  # mediapipe's Pose graph (untyped), started on the first check
        self.checked = 0
        self.seen = 0

    def _detect(self, rgb: np.ndarray) -> np.ndarray | None:
        """Per-image Pose on one frame: visibility ``(33,)`` of the body found, or None."""
        if self._pose is None:
            # Graph start and the first inference print native log lines: keep them quiet.
            with native_output_silenced():
                import mediapipe as mp

                self._pose = mp.solutions.pose.Pose(
                    static_image_mode=True,
                    model_complexity=self.params.model_complexity,
                    min_detection_confidence=self.params.min_detection_confidence,
                )
                result = self._pose.process(rgb)
        else:
            result = self._pose.process(rgb)
        if result.pose_landmarks is None:
            return None
        return np.array([lm.visibility for lm in result.pose_landmarks.landmark])

    def update(self, rgb: np.ndarray, pose: PoseFrame) -> None:
        """Check this frame if a check is due and the tracked person was found in it.

        Parameters
        ----------
        rgb : numpy.ndarray
            The upright frame the pose was estimated on, ``(height, width, 3)`` uint8.
        pose : PoseFrame
            The tracker's result on that frame.
        """
        if pose.index < self._next_index or pose.image_xyz_px is None:
            return
        box = compute_person_box_px(pose.image_xyz_px, pose.image_size, pad=self.params.box_pad)
        if box is None:
            return
        self._next_index = pose.index + self._step
        frame = compute_check_frame(rgb, box, max_side_px=self.params.max_side_px)
        visibility = self._detect(frame)
        self.checked += 1
        if visibility is not None:
            score = compute_torso_visibility(visibility)
            if score > self.params.min_torso_visibility:
                self.seen += 1
                log.debug("Second person in frame %d (torso visibility %.2f)", pose.index, score)

    def warning(self) -> str | None:
        """The warning sentence for the frames checked so far, or None."""
        return second_person_warning(self.seen, self.checked, min_seen=self.params.min_seen_checks)

    def close(self) -> None:
        """Release MediaPipe's graph, if it was started."""
        if self._pose is not None:
            self._pose.close()
            self._pose = None

    def __enter__(self) -> SecondPersonDetector:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
