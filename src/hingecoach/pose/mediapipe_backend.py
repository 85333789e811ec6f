"""MediaPipe Pose (legacy Solution API, 0.10.21) behind :class:`PoseEstimator`."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

import numpy as np

from hingecoach.errors import InputError
from hingecoach.pose.landmarks import N_LANDMARKS, PoseFrame
from hingecoach.pose.quiet import StartupSilence

log = logging.getLogger(__name__)



class PoseModel(StrEnum):
    """MediaPipe Pose landmark model: speed against accuracy."""

    LITE = "lite"
    FULL = "full"
    HEAVY = "heavy"

    @property
    def complexity(self) -> int:
        """MediaPipe's ``model_complexity`` for this model."""
        return {PoseModel.LITE: 0, PoseModel.FULL: 1, PoseModel.HEAVY: 2}[self]

    @property
    def filename(self) -> str:
        """Name of the model's ``.tflite`` file inside the mediapipe package."""
        return f"pose_landmark_{self.value}.tflite"


def model_path(model: PoseModel) -> Path:
    """Where the mediapipe package expects the given landmark model file."""
    import mediapipe

    return Path(mediapipe.__file__).parent / "modules" / "pose_landmark" / model.filename


class MediaPipePoseEstimator:
    """MediaPipe Pose in tracking mode (``static_image_mode=False``).

    Tracking finds the body in far more frames of real video than per-image detection,
    so one estimator must be used for one video or stream, frames in order.

    Parameters
    ----------
    model : PoseModel
        Landmark model. ``lite`` and ``heavy`` come from npm ``@mediapipe/pose`` and are
        installed by ``make setup``.
    segmentation : bool
        Also return the person segmentation mask (costs about 10 % speed).
    min_detection_confidence, min_tracking_confidence : float
        MediaPipe's thresholds, 0..1.

    Raises
    ------
    InputError
        If the model file is not installed.
    """

    def __init__(
        self,
        model: PoseModel = PoseModel.FULL,
        *,
        segmentation: bool = False,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        path = model_path(model)
        if not path.exists():
            raise InputError(
                f"The {model.value} pose model is not installed ({path} is missing); "
                "run `make setup` or choose --model full."
            )
        self.model_name = f"mediapipe-pose-{model.value}"
        self._segmentation = segmentation
        # The graph starts on worker threads that log (to fds 1 and 2) after the
        # constructor returns, and TF Lite logs again when the landmark model first runs,
        # a frame or two after the first detection. One redirection spans all of that and
        # ends after a few frames with a body, or at close().
        self._silence = StartupSilence()
        try:
            import mediapipe as mp

            self._pose = mp.solutions.pose.Pose(
                static_image_mode=False,
                model_complexity=model.complexity,
                smooth_landmarks=True,
                enable_segmentation=segmentation,
                smooth_segmentation=segmentation,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
        except BaseException:
            self._silence.end()
            raise

    def estimate(self, rgb: np.ndarray, *, index: int, t_s: float) -> PoseFrame:
        """Estimate the pose in one upright RGB frame.

        Parameters
        ----------
        rgb : numpy.ndarray
            Shape ``(height, width, 3)``, uint8, RGB order.
        index : int
            Frame index in the source.
        t_s : float
            Frame time in seconds (MediaPipe's tracker needs increasing times).

        Returns
        -------
        PoseFrame
            Landmarks in pixels and metres, or an empty frame when no body was found.
        """
        height, width = rgb.shape[:2]
        rgb = np.ascontiguousarray(rgb)
        result = self._pose.process(rgb)
        self._silence.after_frame(found=result.pose_landmarks is not None)
        if result.pose_landmarks is None:
            return PoseFrame(index=index, t_s=t_s, image_size=(width, height))
        image = np.array(
            [(lm.x, lm.y, lm.z, lm.visibility) for lm in result.pose_landmarks.landmark],
            dtype=np.float64,
        )
        world = np.array(
            [(lm.x, lm.y, lm.z) for lm in result.pose_world_landmarks.landmark], dtype=np.float64
        )
        if image.shape[0] != N_LANDMARKS:
            raise InputError(f"The pose model returned {image.shape[0]} landmarks, not 33.")
        image_xyz_px = image[:, :3] * np.array([width, height, width], dtype=np.float64)
        mask = None
        if self._segmentation and result.segmentation_mask is not None:
            mask = np.asarray(result.segmentation_mask, dtype=np.float32).copy()
        return PoseFrame(
            index=index,
            t_s=t_s,
            image_size=(width, height),
            image_xyz_px=image_xyz_px,
            world_xyz_m=world,
            visibility=image[:, 3].copy(),
            segmentation_mask=mask,
        )

    def close(self) -> None:
        """Release MediaPipe's graph (and end the log redirection if still on)."""
        try:
            self._pose.close()
        finally:
            self._silence.end()

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
