"""Choose a pose backend: MediaPipe's legacy Solution API or its maintained Tasks API."""

from __future__ import annotations

import importlib.util
from enum import StrEnum
from pathlib import Path

from hingecoach.errors import InputError
from hingecoach.pose.mediapipe_backend import MediaPipePoseEstimator, PoseModel
from hingecoach.pose.tasks_backend import TasksPoseEstimator


class PoseBackend(StrEnum):
    """Which MediaPipe API runs pose."""

    LEGACY = "legacy"
    TASKS = "tasks"


def legacy_available() -> bool:
    """Whether this mediapipe still has the legacy Solutions API (0.10.21 and earlier).

    It was removed in mediapipe 0.10.30, the first release with CPython 3.13 wheels. The
    check looks for the module's file without importing mediapipe (slow, and noisy).
    """
    try:
        spec = importlib.util.find_spec("mediapipe")
    except (ImportError, ValueError):
        return False
    if spec is None or spec.origin is None:
        return False
    return (Path(spec.origin).parent / "python" / "solutions" / "pose.py").is_file()


def default_pose_backend() -> PoseBackend:
    """Legacy where mediapipe still has it, else Tasks.

    The default stays legacy until Tasks matches it on the benchmarks (benchmarks/README.md,
    "pose backends": the switch decision is written there with the figures).
    """
    return PoseBackend.LEGACY if legacy_available() else PoseBackend.TASKS


#: This installation's default backend (Tasks on CPython 3.13, where only mediapipe 0.10.30+
#: exists).
DEFAULT_POSE_BACKEND = default_pose_backend()


def check_pose_backend(backend: PoseBackend) -> None:
    """Fail in one sentence when the legacy backend is asked for but mediapipe lacks it.

    Raises
    ------
    InputError
        If ``backend`` is legacy and :func:`legacy_available` is false.
    """
    if backend is PoseBackend.LEGACY and not legacy_available():
        raise InputError(
            "The legacy pose backend needs mediapipe 0.10.21 (CPython 3.11 or 3.12), which is "
            "not installed here; use --pose-backend tasks."
        )


def open_pose_estimator(
    backend: PoseBackend, model: PoseModel, *, segmentation: bool
) -> MediaPipePoseEstimator | TasksPoseEstimator:
    """A new estimator for one video or stream (both backends track between frames).

    Raises
    ------
    InputError
        If the backend's model file is not installed, or the legacy backend is asked for
        where mediapipe no longer has it.
    """
    check_pose_backend(backend)
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
