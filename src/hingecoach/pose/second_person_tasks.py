"""The second-person check on MediaPipe's Tasks API, for where the legacy API is gone.

:class:`~hingecoach.pose.second_person.SecondPersonDetector` looks at each checked frame
with the tracked person painted over through the legacy per-image ``Pose`` graph, which
mediapipe 0.10.30 and later (the only releases for CPython 3.13) no longer have. This
detector keeps everything else of that check (the schedule, the box, the painting, the
thresholds and the warning) and runs the per-image look through a ``PoseLandmarker`` in
IMAGE mode, so a second person is still reported on the live page and offline there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.quiet import native_output_silenced
from hingecoach.pose.second_person import SecondPersonDetector, SecondPersonParams
from hingecoach.pose.tasks_backend import task_model_path


class TasksSecondPersonDetector(SecondPersonDetector):
    """:class:`SecondPersonDetector` with its per-image look run by the Tasks landmarker.

    Parameters
    ----------
    fps : float
        Frame rate of the video (0 when unknown: 30 is assumed).
    params : SecondPersonParams, optional
        ``model_complexity`` is not used: only the full ``.task`` bundle is published
        (:data:`hingecoach.pose.tasks_backend.TASK_FILES`), which is the legacy check's
        default (complexity 1) anyway.
    models_dir : pathlib.Path, optional
        Folder holding the ``.task`` bundle (default: where ``make setup`` installs it).

    Raises
    ------
    InputError
        On the first check, if the ``.task`` bundle is not installed.
    """

    def __init__(
        self, fps: float, params: SecondPersonParams | None = None, models_dir: Path | None = None
    ) -> None:
        super().__init__(fps, params)
        self._models_dir = models_dir
        self._landmarker: Any = None  # mediapipe's PoseLandmarker (untyped), started lazily

    def _start(self) -> Any:
        """The IMAGE-mode landmarker, with the legacy check's detection threshold."""
        from mediapipe.tasks.python import BaseOptions, vision

        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(
                model_asset_path=str(task_model_path(PoseModel.FULL, self._models_dir))
            ),
            running_mode=vision.RunningMode.IMAGE,
            # The tracked person is painted over: anyone the landmarker still finds is
            # someone else, and one such person is enough for the check.
            num_poses=1,
            min_pose_detection_confidence=self.params.min_detection_confidence,
        )
        return vision.PoseLandmarker.create_from_options(options)

    def _detect(self, rgb: np.ndarray) -> np.ndarray | None:
        """Per-image landmarker on one frame: visibility ``(33,)`` of the body found, or None."""
        import mediapipe as mp

        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
        if self._landmarker is None:
            # Graph start and the first inference print native log lines: keep them quiet.
            with native_output_silenced():
                self._landmarker = self._start()
                result = self._landmarker.detect(image)
        else:
            result = self._landmarker.detect(image)
        if not result.pose_landmarks:
            return None
        return np.array([lm.visibility or 0.0 for lm in result.pose_landmarks[0]])

    def close(self) -> None:
        """Release the landmarker, if it was started."""
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None
