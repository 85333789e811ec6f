"""Analyse a video file: source → pose → offline analysis, streaming frame by frame.

Frames are never held: only each frame's landmarks are kept (about 2 kB per frame), so
memory does not grow with the picture size and barely with the video's length.
"""

from __future__ import annotations

import hashlib
import platform
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import numpy as np

import hingecoach
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.params import AnalysisParams
from hingecoach.analysis.result import SessionResult
from hingecoach.form.back_cues import FacingContours
from hingecoach.form.calibration import BackCalibration
from hingecoach.kinematics.back_contour import BackContour, BackContourParams, measure_back_contour
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.kinematics.view import RunningFacing
from hingecoach.lowback.session import PersonInputs
from hingecoach.pose.backends import (
    DEFAULT_POSE_BACKEND,
    OthersSeen,
    PoseBackend,
    check_pose_backend,
    open_pose_estimator,
    open_second_person_detector,
    own_people_count,
)
from hingecoach.pose.crop import CroppingEstimator
from hingecoach.pose.estimator import PoseEstimator
from hingecoach.pose.landmarks import PoseFrame
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.second_person import SecondPersonDetector, SecondPersonParams
from hingecoach.source.prefetch import prefetch
from hingecoach.source.video_file import (
    DecodeReport,
    VideoFrame,
    VideoInfo,
    iter_video_frames,
    probe_video,
)

#: Frames are given to pose at full size by default. Scaling 1080p down to 1280 px made
#: pose with a mask faster (30 → 40 fps) but lost tracking: on one occluded deadlift the
#: body was found in 91 instead of 108 of 118 frames and its rep was missed. Landmarks are
#: in the pixels of the picture given to pose; ``PoseFrame.image_size`` says which.
POSE_INPUT_MAX_SIDE_PX: int | None = None

#: Frames that may wait for the worker thread (each holds its picture and its mask,
#: 6.4 MB at 720p). 8, not 4: the second-person check starts its own MediaPipe graph on
#: its first frame (about 0.15 s, five frames of pose), and pose must not wait for it.
_FRAMES_IN_FLIGHT = 8

#: Called after each frame with (frames done, frames expected or 0 when unknown).
ProgressCallback = Callable[[int, int], None]


def file_sha256(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


def estimate_poses(
    path: Path,
    estimator: PoseEstimator,
    *,
    on_progress: ProgressCallback | None = None,
    report: DecodeReport | None = None,
    expected_frames: int = 0,
    second_person: SecondPersonDetector | None = None,
    contours: list[tuple[BackContour, BackContour]] | None = None,
    contour_params: BackContourParams | None = None,
    max_side_px: int | None = POSE_INPUT_MAX_SIDE_PX,
    frames: Iterable[VideoFrame] | None = None,
) -> list[PoseFrame]:
    """Run the pose estimator over every frame of a video, keeping landmarks only.

    ``second_person``, when given, sees each frame beside its pose (it checks about one a
    second for anyone besides the tracked person). ``contours``, when given, receives each
    frame's dorsal contour as a ``(facing +1, facing -1)`` pair before the segmentation
    mask is dropped: the facing is known only once the whole clip is seen, so a frame is
    measured for the facing the frames so far agree on, and for both while they do not
    (:class:`~hingecoach.kinematics.view.RunningFacing`); the other side of the pair is
    then the empty, unmeasured contour. Frames are scaled so that their longer side fits
    ``max_side_px``. ``frames``, when given, are used instead of decoding ``path`` (a
    parallel worker's run of frames).
    """
    poses: list[PoseFrame] = []
    pending: deque[Future[tuple[BackContour, BackContour] | None]] = deque()
    facing = RunningFacing() if contours is not None else None
    contour_params = contour_params or BackContourParams()
    # Decoding runs ahead in one thread; the second-person check and the back contour run
    # in another, both while MediaPipe (which releases the GIL) works on the next frame.
    # The main thread does nothing but pose: on two cores every millisecond it spends on
    # anything else is a millisecond added to each frame.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hingecoach-frame") as worker:
        # One decoding thread, not FFmpeg's own pool: prefetching already runs it beside
        # pose, and more threads would only take turns with MediaPipe's on the cores.
        if frames is None:
            frames = iter_video_frames(
                path, report, max_side_px=max_side_px, decoder_threads=False
            )
        for frame in prefetch(frames):
            pose = estimator.estimate(frame.rgb, index=frame.index, t_s=frame.t_s)
            if second_person is not None or contours is not None:
                job = (frame.rgb, pose, second_person, facing, contour_params)
                pending.append(worker.submit(_side_work, *job))
                # Few frames in flight: memory stays bounded whatever the video's length.
                while len(pending) > _FRAMES_IN_FLIGHT:
                    _collect(pending.popleft(), contours)
            if pose.segmentation_mask is not None:
                pose = replace(pose, segmentation_mask=None)
            poses.append(pose)
            if on_progress is not None:
                on_progress(len(poses), expected_frames)
        while pending:
            _collect(pending.popleft(), contours)
    return poses


def _collect(
    future: Future[tuple[BackContour, BackContour] | None],
    contours: list[tuple[BackContour, BackContour]] | None,
) -> None:
    """Wait for one frame's side work; keep its contour pair, if it measured one."""
    pair = future.result()
    if contours is not None and pair is not None:
        contours.append(pair)


def _side_work(
    rgb: np.ndarray,
    pose: PoseFrame,
    second_person: SecondPersonDetector | None,
    facing: RunningFacing | None,
    params: BackContourParams,
) -> tuple[BackContour, BackContour] | None:
    """One frame's second-person check and dorsal contours, run in frame order.

    One worker thread runs these one frame after another, so ``facing`` counts the
    frames' votes in order, as they arrived.
    """
    if second_person is not None:
        second_person.update(rgb, pose)
    if facing is None:
        return None
    facings = facing.update(pose.image_xyz_px)
    return _facing_pair(pose.segmentation_mask, pose.image_xyz_px, facings, params)


def _facing_pair(
    mask: np.ndarray | None,
    landmarks: np.ndarray | None,
    facings: tuple[int, ...],
    params: BackContourParams,
) -> tuple[BackContour, BackContour]:
    """The dorsal contour for facing +1 and -1, measured only for the given facings."""
    unmeasured = BackContour.empty(params.n_stations)
    right = measure_back_contour(mask, landmarks, 1, params) if 1 in facings else unmeasured
    left = measure_back_contour(mask, landmarks, -1, params) if -1 in facings else unmeasured
    return right, left


def build_provenance(
    info: VideoInfo,
    model: PoseModel,
    params: AnalysisParams,
    sha256: str,
    second_person: SecondPersonParams | None = None,
) -> dict[str, object]:
    """What produced a result: versions, model, every parameter and the input's hash."""
    import av
    import mediapipe

    return {
        "hingecoach_version": hingecoach.__version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "mediapipe": mediapipe.__version__,
        "pyav": av.__version__,
        "pose_model": model.value,
        "input": {
            "name": info.path.name,
            "path": str(Path(info.path).resolve()),
            "sha256": sha256,
            "width": info.width,
            "height": info.height,
            "rotation_deg": info.rotation_deg,
            "codec": info.codec,
        },
        "params": asdict(params),
        "second_person_check": asdict(second_person or SecondPersonParams()),
    }


@dataclass(frozen=True, slots=True)
class TrackedVideo:
    """A video's landmarks and back contours, with what decoding and checks found."""

    info: VideoInfo
    series: LandmarkSeries
    contours: FacingContours
    model_name: str
    warnings: tuple[str, ...]
    second_person_params: SecondPersonParams
    #: Each frame's contour points for facing +1 and -1, ``(n_frames, n_stations, 2)``
    #: (NaN where not measured, e.g. for the facing the clip clearly did not have).
    tape_lines_xy_px: tuple[np.ndarray, np.ndarray] | None = None

    def __setstate__(self, state: list[object]) -> None:
        """Unpickle; contours stored without the segment bends are measured again.

        Pickles made before the lower back was measured apart (the dev pose cache) carry
        the contour lines, so the bends are recomputed from them
        (:meth:`FacingContours.from_tape_lines`).
        """
        for item, value in zip(fields(TrackedVideo), state, strict=True):
            object.__setattr__(self, item.name, value)
        lines, contours = self.tape_lines_xy_px, self.contours
        unread = all(np.isnan(contours.lumbar_bend_deg[k]).all() for k in (0, 1))
        if lines is not None and unread and any(np.isfinite(line).any() for line in lines):
            rebuilt = FacingContours.from_tape_lines(
                lines, contours.confidence, self.series.image_xyz_px
            )
            object.__setattr__(self, "contours", rebuilt)


def _stack_tape_lines(
    contours: list[tuple[BackContour, BackContour]],
) -> tuple[np.ndarray, np.ndarray] | None:
    """The contour points of every frame for both facings (``None`` without frames)."""
    if not contours:
        return None
    lines = [np.stack([pair[k].points_xy_px for pair in contours]) for k in (0, 1)]
    return lines[0].astype(np.float32), lines[1].astype(np.float32)


def track_video(
    path: Path,
    *,
    model: PoseModel = PoseModel.FULL,
    params: AnalysisParams | None = None,
    on_progress: ProgressCallback | None = None,
    check_second_person: bool = True,
    workers: int = 1,
    backend: PoseBackend = DEFAULT_POSE_BACKEND,
) -> TrackedVideo:
    """Run pose (with segmentation), the back contour and the second-person check.

    ``check_second_person=False`` skips the check (and its own MediaPipe graph) for
    callers that have no use for its warning, such as a guided calibration.
    ``workers`` > 1 runs pose in that many processes over contiguous runs of frames
    (:mod:`hingecoach.analysis.parallel`; fewer when the video is short); 0 means one
    per core. The Tasks backend sees other people itself (``num_poses``), so it needs no
    separate check.

    Raises
    ------
    InputError
        For a missing, empty, unreadable or frameless file.
    """
    params = params or AnalysisParams()
    check_pose_backend(backend)
    if workers != 1:
        from hingecoach.analysis.parallel import track_video_parallel

        return track_video_parallel(
            Path(path),
            model=model,
            params=params,
            on_progress=on_progress,
            check_second_person=check_second_person,
            workers=workers,
            backend=backend,
        )
    info = probe_video(Path(path))
    report = DecodeReport()
    contours: list[tuple[BackContour, BackContour]] = []
    with (
        CroppingEstimator(
            open_pose_estimator(backend, model, segmentation=True)
        ) as estimator,
        open_second_person_detector(info.fps) as second_person,
    ):
        # The Tasks landmarker (inside the cropping wrapper) counts other people itself.
        own_check = own_people_count(estimator) is not None
        poses = estimate_poses(
            Path(path),
            estimator,
            on_progress=on_progress,
            report=report,
            expected_frames=info.frame_count,
            second_person=second_person if check_second_person and not own_check else None,
            contours=contours,
            contour_params=params.back_contour,
        )
    others = OthersSeen.of(estimator, second_person)
    crowd = others.warning(info.fps, second_person.params) if check_second_person else None
    return TrackedVideo(
        info=info,
        series=LandmarkSeries.from_pose_frames(poses),
        contours=FacingContours.from_frames(contours),
        model_name=estimator.model_name,
        warnings=tuple(report.warnings) + ((crowd,) if crowd else ()),
        second_person_params=second_person.params,
        tape_lines_xy_px=_stack_tape_lines(contours),
    )


def analyze_video(
    path: Path,
    *,
    model: PoseModel = PoseModel.FULL,
    params: AnalysisParams | None = None,
    on_progress: ProgressCallback | None = None,
    calibration: BackCalibration | None = None,
    exercise: str = "auto",
    workers: int = 1,
    backend: PoseBackend = DEFAULT_POSE_BACKEND,
    person: PersonInputs | None = None,
) -> SessionResult:
    """Analyse one video file of a set of hinges.

    Parameters
    ----------
    path : pathlib.Path
        Video file (any container and codec FFmpeg reads).
    model : PoseModel
        Pose landmark model.
    params : AnalysisParams, optional
    on_progress : callable, optional
        Called with ``(frames_done, frames_expected)`` after each frame.
    calibration : BackCalibration, optional
        The person's own back-rounding range (from ``hingecoach calibrate``).
    exercise : str
        The exercise variant's id, or ``"auto"`` to recognise it.
    workers : int
        Pose processes (see :func:`track_video`); 1 runs pose in this process.
    backend : PoseBackend
        MediaPipe's legacy Solution API or its Tasks API.
    person : PersonInputs, optional
        The person's body and load for the low-back load (assumed and flagged when None).

    Returns
    -------
    SessionResult

    Raises
    ------
    InputError
        For a missing, empty, unreadable or frameless file.
    NoPersonError
        When no person is tracked.
    """
    params = params or AnalysisParams()
    tracked = track_video(
        path,
        model=model,
        params=params,
        on_progress=on_progress,
        workers=workers,
        backend=backend,
    )
    result = analyze_landmarks(
        tracked.series,
        model_name=tracked.model_name,
        params=params,
        contours=tracked.contours,
        calibration=calibration,
        exercise=exercise,
        person=person,
    )
    provenance = build_provenance(
        tracked.info, model, params, file_sha256(Path(path)), tracked.second_person_params
    )
    provenance["calibration"] = "population" if calibration is None else calibration.source.value
    provenance["pose_backend"] = backend.value
    lines = tracked.tape_lines_xy_px
    return replace(
        result,
        warnings=tracked.warnings + result.warnings,
        provenance=provenance,
        tape_line_xy_px=None if lines is None else lines[0 if result.view.facing == 1 else 1],
    )
