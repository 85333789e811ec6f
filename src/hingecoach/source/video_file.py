"""Frames from a video file, upright and with true timestamps (PyAV).

This is an edge of the pipeline: it does file I/O and turns every decoding problem
into an :class:`~hingecoach.errors.InputError` with one clear sentence.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from hingecoach.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class VideoFrame:
    """One decoded, upright frame.

    Attributes
    ----------
    index : int
        Position of the frame in decoding order, from 0.
    t_s : float
        Presentation time in seconds from the stream's start (from the container's
        timestamps, so variable frame rates are honoured).
    rgb : numpy.ndarray
        Shape ``(height, width, 3)``, uint8, already rotated upright.
    """

    index: int
    t_s: float
    rgb: np.ndarray

    def __post_init__(self) -> None:
        self.rgb.flags.writeable = False


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """What the container says about a video stream.

    Attributes
    ----------
    path : pathlib.Path
        The file.
    width, height : int
        Size of the upright frames in pixels (after rotation).
    fps : float
        Average frame rate (0.0 when the container does not say).
    frame_count : int
        Frame count the container declares (0 when unknown; only an estimate).
    duration_s : float
        Declared duration in seconds (0.0 when unknown).
    rotation_deg : int
        Counter-clockwise rotation applied to make frames upright: 0, 90, 180 or 270.
    codec : str
        Video codec name.
    """

    path: Path
    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    rotation_deg: int
    codec: str


@dataclass
class DecodeReport:
    """Problems met while decoding, filled in as frames are read."""

    warnings: list[str] = field(default_factory=list)
    frames_decoded: int = 0


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path} does not exist; pass the path of a video file.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; pass the path of a video file.")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty (0 bytes); pass a video file.")


def _open_container(path: Path) -> av.container.InputContainer:
    _check_path(path)
    try:
        return av.open(str(path), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError) as error:
        raise InputError(
            f"{path} could not be read as a video ({error.__class__.__name__}); "
            "pass an MP4, MOV, MKV or WebM file."
        ) from error


def _video_stream(container: av.container.InputContainer, path: Path) -> av.video.VideoStream:
    if not container.streams.video:
        kinds = sorted({stream.type for stream in container.streams}) or ["no streams"]
        raise InputError(
            f"{path} has no video stream (it holds {', '.join(kinds)}); pass a video file."
        )
    return container.streams.video[0]


def _upright_k(rotation_deg: float) -> int:
    """Quarter turns (counter-clockwise, as ``numpy.rot90`` counts) that make a frame upright.

    FFmpeg's display matrix (``frame.rotation`` in PyAV) gives the counter-clockwise angle
    by which the stored picture must be turned for display, e.g. -90 for a phone held
    upright whose sensor stored the picture on its side.
    """
    return round(rotation_deg / 90.0) % 4


def probe_video(path: Path) -> VideoInfo:
    """Read a video's stream information, and its first frame's rotation.

    Parameters
    ----------
    path : pathlib.Path
        Video file.

    Returns
    -------
    VideoInfo

    Raises
    ------
    InputError
        If the file is missing, empty, not a video, or holds no decodable frame.
    """
    path = Path(path)
    with _open_container(path) as container:
        stream = _video_stream(container, path)
        try:
            first = next(container.decode(stream), None)
        except av.error.FFmpegError as error:
            raise InputError(
                f"{path} holds no decodable video frame ({error}); "
                "the file may be truncated or corrupt."
            ) from error
        if first is None:
            raise InputError(
                f"{path} has a video stream with no frames; pass a video that shows the exercise."
            )
        quarter_turns = _upright_k(getattr(first, "rotation", 0) or 0)
        width, height = first.width, first.height
        if quarter_turns % 2:
            width, height = height, width
        rate = stream.average_rate or stream.guessed_rate
        duration_s = 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration_s = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration_s = container.duration / av.time_base
        return VideoInfo(
            path=path,
            width=width,
            height=height,
            fps=float(rate) if rate else 0.0,
            frame_count=int(stream.frames or 0),
            duration_s=duration_s,
            rotation_deg=quarter_turns * 90,
            codec=stream.codec_context.name,
        )


def iter_video_frames(path: Path, report: DecodeReport | None = None) -> Iterator[VideoFrame]:
    """Decode a video file frame by frame, upright, with timestamps in seconds.

    Frames are streamed, never held: memory does not grow with the video's length. A file
    that breaks off part-way yields the frames before the break and records a warning in
    ``report`` rather than failing the whole analysis.

    Parameters
    ----------
    path : pathlib.Path
        Video file.
    report : DecodeReport, optional
        Filled with the number of frames decoded and any warnings.

    Yields
    ------
    VideoFrame

    Raises
    ------
    InputError
        If the file cannot be opened or not one frame can be decoded.
    """
    path = Path(path)
    report = report if report is not None else DecodeReport()
    with _open_container(path) as container:
        stream = _video_stream(container, path)
        stream.thread_type = "AUTO"
        time_base = stream.time_base or Fraction(1, 1)
        start_pts: int | None = None
        last_t_s = -np.inf
        frames = container.decode(stream)
        while True:
            try:
                frame = next(frames)
            except StopIteration:
                break
            except av.error.FFmpegError as error:
                if report.frames_decoded == 0:
                    raise InputError(
                        f"{path} holds no decodable video frame ({error}); the "
                        "file may be truncated or corrupt."
                    ) from error
                report.warnings.append(
                    f"Decoding stopped after {report.frames_decoded} frames: the file is "
                    "damaged or truncated, so only the part before the damage was analysed."
                )
                break
            if frame.pts is None:
                # No timestamp: fall back on the nominal rate, so times still increase.
                rate = float(stream.average_rate or 30)
                t_s = report.frames_decoded / rate
            else:
                if start_pts is None:
                    start_pts = frame.pts
                t_s = float((frame.pts - start_pts) * time_base)
            if t_s <= last_t_s:
                # Broken or duplicated timestamps: keep time strictly increasing.
                t_s = last_t_s + 1e-3
            last_t_s = t_s
            rgb = frame.to_ndarray(format="rgb24")
            quarter_turns = _upright_k(getattr(frame, "rotation", 0) or 0)
            if quarter_turns:
                rgb = np.ascontiguousarray(np.rot90(rgb, k=quarter_turns))
            yield VideoFrame(index=report.frames_decoded, t_s=t_s, rgb=rgb)
            report.frames_decoded += 1
    if report.frames_decoded == 0:
        raise InputError(
            f"{path} has a video stream with no frames; pass a video that shows the exercise."
        )
