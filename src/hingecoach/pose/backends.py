"""Choose a pose backend: MediaPipe's legacy Solution API or its maintained Tasks API."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from hingecoach.errors import InputError
from hingecoach.pose.crop import CroppingEstimator
from hingecoach.pose.estimator import PoseEstimator
from hingecoach.pose.mediapipe_backend import MediaPipePoseEstimator, PoseModel
from hingecoach.pose.second_person import (
    SecondPersonDetector,
    SecondPersonParams,
    second_person_warning,
)
from hingecoach.pose.second_person_tasks import TasksSecondPersonDetector
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


def open_second_person_detector(
    fps: float, params: SecondPersonParams | None = None
) -> SecondPersonDetector:
    """The periodic second-person check, on the legacy graph where mediapipe has it.

    The legacy per-image graph is the one :class:`SecondPersonParams` was measured with;
    where mediapipe no longer has it (0.10.30+, CPython 3.13) the Tasks landmarker looks
    instead. Neither starts a graph before its first check.
    """
    if legacy_available():
        return SecondPersonDetector(fps, params)
    return TasksSecondPersonDetector(fps, params)


def own_people_count(estimator: PoseEstimator) -> TasksPoseEstimator | None:
    """The Tasks landmarker inside ``estimator`` (also through the cropping wrapper), or None.

    The landmarker counts the people in view itself, so it needs no periodic check.
    """
    inner = estimator.inner if isinstance(estimator, CroppingEstimator) else estimator
    return inner if isinstance(inner, TasksPoseEstimator) else None


@dataclass(frozen=True, slots=True)
class OthersSeen:
    """What a run of frames showed of other people, in a form runs can be summed in.

    Attributes
    ----------
    own_count : bool
        True: the Tasks landmarker's own count (``seen`` frames with someone else out of
        ``checked`` frames); False: the periodic check (``seen`` of ``checked`` checks).
    seen, checked : int
    """

    own_count: bool
    seen: int = 0
    checked: int = 0

    @classmethod
    def of(cls, estimator: PoseEstimator, detector: SecondPersonDetector) -> OthersSeen:
        """What the estimator's own count, or else the periodic check, found."""
        tasks = own_people_count(estimator)
        if tasks is not None:
            return cls(True, tasks.frames_with_others, tasks.frames_seen)
        return cls(False, detector.seen, detector.checked)

    def __add__(self, other: OthersSeen) -> OthersSeen:
        """Two runs' findings together (runs of one video use the same kind of check)."""
        if other.own_count is not self.own_count:
            raise ValueError("cannot add a landmarker's own count to periodic checks")
        return OthersSeen(self.own_count, self.seen + other.seen, self.checked + other.checked)

    def warning(self, fps: float, params: SecondPersonParams) -> str | None:
        """The second-person warning sentence, or None."""
        if self.own_count:
            return others_in_view_warning(self.seen, self.checked, fps)
        return second_person_warning(self.seen, self.checked, min_seen=params.min_seen_checks)
