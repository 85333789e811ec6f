"""Choose a pose backend: MediaPipe's legacy Solution API or its maintained Tasks API."""

from __future__ import annotations

from enum import StrEnum

from hingecoach.pose.mediapipe_backend import MediaPipePoseEstimator, PoseModel
from hingecoach.pose.tasks_backend import TasksPoseEstimator


class PoseBackend(StrEnum):
    """Which MediaPipe API runs pose."""

    LEGACY = "legacy"
    TASKS = "tasks"


#: The default stays legacy until Tasks matches it on the benchmarks (benchmarks/README.md,
#: "pose backends": the switch decision is written there with the figures).
DEFAULT_POSE_BACKEND = PoseBackend.LEGACY


def open_pose_estimator(
    backend: PoseBackend, model: PoseModel, *, segmentation: bool
) -> MediaPipePoseEstimator | TasksPoseEstimator:
    """A new estimator for one video or stream (both backends track between frames).

    Raises
    ------
    InputError
        If the backend's model file is not installed.
    """
    if backend is PoseBackend.TASKS:
        return TasksPoseEstimator(model, segmentation=segmentation)
    return MediaPipePoseEstimator(model, segmentation=segmentation)


def others_in_view_warning(frames_with_others: int, frames_seen: int, fps: float) -> str | None:
    """The second-person warning from the Tasks landmarker's own multi-person output.

    Someone who matters stays in view for seconds, so at least one second's worth of
    frames (as the legacy check needs two checks a second apart) makes the warning.
    """
    if frames_seen == 0 or frames_with_others < max(fps, 1.0):
        return None
    share = frames_with_others / frames_seen
    return (
        f"A second person was in view in {share:.0%} of the frames; film one person at a "
        "time, or the tracker may follow the wrong one."
    )
