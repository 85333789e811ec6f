"""Frames from a video file, upright and with true timestamps (PyAV).

This is an edge of the pipeline: it does file I/O and turns every decoding problem
into an :class:`~hingecoach.errors.InputError` with one clear sentence.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from hingecoach.errors import InputError

log = logging.getLogger(__name__)

#: A file is called truncated when it ends this many seconds, and this share of its
#: declared duration, before the end it declares (muxers round durations and audio can
#: outlast the picture by a fraction of a second, so small gaps are normal).
_TRUNCATION_MIN_S = 0.5
_TRUNCATION_SHARE = 0.05


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
    """Problems met while decoding, filled in as frames are read.

    Attributes
    ----------
    warnings : list of str
        One sentence per problem, for the result's warnings.
    frames_decoded : int
        Frames yielded so far.
    broke_off : bool
        Decoding stopped at damage before the end of the file.
    """

    warnings: list[str] = field(default_factory=list)
    frames_decoded: int = 0
    broke_off: bool = False


#: Largest picture accepted: 8192 x 8192 (an 8K frame is 33 MP). Checked from the stream
#: header before any frame is decoded: a tiny file can declare a gigapixel picture.
MAX_VIDEO_PIXELS = 8192 * 8192


def _check_path(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{path} does not exist; pass the path of a video file.") from None
    except NotADirectoryError:
        raise InputError(
            f"{path} does not exist (a part of its path is a file); pass the path of a video file."
        ) from None
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror}); check the path.") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a folder; pass the path of a video file.")
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "not a regular file"
        raise InputError(f"{path} is {kind}; save the video to a file and pass that.")
    if not os.access(path, os.R_OK):
        raise InputError(f"{path} is not readable by this user; check its permissions.")
    if path.stat().st_size == 0:
        raise InputError(f"{path} is empty (0 bytes); pass a video file.")


def _looks_like_mp4(path: Path) -> bool:
    """Whether the file starts like an MP4/MOV (an ISO base media ``ftyp`` box)."""
    with path.open("rb") as handle:
        return handle.read(12)[4:8] == b"ftyp"


def _open_container(path: Path) -> av.container.InputContainer:
    _check_path(path)
    try:
        return av.open(str(path), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError) as error:
        if _looks_like_mp4(path):
            # An MP4 cut short before its index (moov box) was written opens this way.
            raise InputError(
                f"{path} is an MP4/MOV file that could not be opened "
                f"({error.__class__.__name__}); it is probably truncated or damaged, so "
                "copy or export it again."
            ) from error
        raise InputError(
            f"{path} could not be read as a video ({error.__class__.__name__}); "
            "pass an MP4, MOV, MKV or WebM file."
        ) from error


def _video_stream(container: av.container.InputContainer, path: Path) -> av.video.VideoStream:
    if not container.streams.video:
        kinds = sorted({stream.type for stream in container.streams})
        if not kinds:  # e.g. an MP4 whose recording stopped before its first frame
            raise InputError(f"{path} holds no streams at all (no picture); pass a video file.")
        raise InputError(
            f"{path} has no video stream (it holds {', '.join(kinds)}); pass a video file."
        )
    stream = container.streams.video[0]
    width, height = stream.codec_context.width or 0, stream.codec_context.height or 0
    if width * height > MAX_VIDEO_PIXELS:
        raise InputError(
            f"{path} declares {width}x{height} pixels, over the 8192x8192 limit; "
            "pass a video of at most 8K."
        )
    return stream


def _upright_k(rotation_deg: float) -> int:
    """Quarter turns (counter-clockwise, as ``numpy.rot90`` counts) that make a frame upright.

    FFmpeg's display matrix (``frame.rotation`` in PyAV) gives the counter-clockwise angle
    by which the stored picture must be turned for display, e.g. -90 for a phone held
    upright whose sensor stored the picture on its side.
    """
    return round(rotation_deg / 90.0) % 4


def _declared_duration_s(
    container: av.container.InputContainer, stream: av.video.VideoStream
) -> float:
    """Duration the container declares for the video, in seconds (0.0 when unknown)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def _truncation_warning(decoded_s: float, declared_s: float) -> str | None:
    """A warning when decoding ended well before the declared duration (a cut-off file).

    A truncated file whose index sits at the front (``faststart`` MP4, MKV) decodes
    without any error up to the cut, so only the declared duration can tell.
    """
    if declared_s <= 0 or declared_s - decoded_s <= max(
        _TRUNCATION_MIN_S, _TRUNCATION_SHARE * declared_s
    ):
        return None
    return (
        f"The video ends after {decoded_s:.1f} s although the file declares "
        f"{declared_s:.1f} s: it is probably truncated, so only the first "
        f"{decoded_s:.1f} s were analysed."
    )


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
        first = next(_decoded_frames(container, stream, path, DecodeReport()), None)
        if first is None:
            raise InputError(
                f"{path} has a video stream with no frames; pass a video that shows the exercise."
            )
        quarter_turns = _upright_k(getattr(first, "rotation", 0) or 0)
        width, height = first.width, first.height
        if quarter_turns % 2:
            width, height = height, width
        rate = stream.average_rate or stream.guessed_rate
        return VideoInfo(
            path=path,
            width=width,
            height=height,
            fps=float(rate) if rate else 0.0,
            frame_count=int(stream.frames or 0),
            duration_s=_declared_duration_s(container, stream),
            rotation_deg=quarter_turns * 90,
            codec=stream.codec_context.name,
        )


def _decoded_frames(
    container: av.container.InputContainer,
    stream: av.video.VideoStream,
    path: Path,
    report: DecodeReport,
) -> Iterator[av.VideoFrame]:
    """Decoded frames, stopping where the file is damaged (``report.broke_off``)."""
    frames = container.decode(stream)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            return
        except av.error.FFmpegError as error:
            if report.frames_decoded == 0:
                raise InputError(
                    f"{path} holds no decodable video frame ({error}); the "
                    "file may be truncated or corrupt."
                ) from error
            report.broke_off = True
            return
        yield frame


def _scaled_size(width: int, height: int, max_side_px: int | None) -> tuple[int, int]:
    """Size that fits the longer side within ``max_side_px``, even and aspect-kept."""
    longest = max(width, height)
    if max_side_px is None or longest <= max_side_px:
        return width, height
    scale = max_side_px / longest
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _upright_rgb(frame: av.VideoFrame, max_side_px: int | None = None) -> np.ndarray:
    """The frame as an upright ``(height, width, 3)`` uint8 RGB array, scaled down if asked."""
    width, height = _scaled_size(frame.width, frame.height, max_side_px)
    if (width, height) == (frame.width, frame.height):
        rgb: np.ndarray = frame.to_ndarray(format="rgb24")
    else:
        # FFmpeg scales while converting to RGB (area averaging, no aliasing).
        rgb = frame.to_ndarray(format="rgb24", width=width, height=height, interpolation="AREA")
    quarter_turns = _upright_k(getattr(frame, "rotation", 0) or 0)
    if quarter_turns:
        rgb = np.ascontiguousarray(np.rot90(rgb, k=quarter_turns))
    return rgb


def iter_video_frames(
    path: Path,
    report: DecodeReport | None = None,
    *,
    max_side_px: int | None = None,
    decoder_threads: bool = True,
) -> Iterator[VideoFrame]:
    """Decode a video file frame by frame, upright, with timestamps in seconds.

    Frames are streamed, never held: memory does not grow with the video's length. A file
    that breaks off part-way yields the frames before the break and records a warning in
    ``report`` rather than failing the whole analysis; so does a file that ends well
    before the duration it declares (cut off after its index was written).

    Parameters
    ----------
    path : pathlib.Path
        Video file.
    report : DecodeReport, optional
        Filled with the number of frames decoded and any warnings.
    max_side_px : int, optional
        Scale frames down (keeping the aspect) so that their longer side fits this.
    decoder_threads : bool
        Let FFmpeg decode on threads of its own (frame and slice threading). Pass False
        when decoding already runs in a thread beside other work, as in
        ``analyze_video``: there FFmpeg's extra threads only compete with pose for the
        cores (measured on 2 cores: end-to-end 5 % faster with one decoding thread).

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
        if decoder_threads:
            stream.thread_type = "AUTO"
        time_base = stream.time_base or Fraction(1, 1)
        nominal_fps = float(stream.average_rate or 30)
        start_pts: int | None = None
        last_t_s = -np.inf
        for frame in _decoded_frames(container, stream, path, report):
            if frame.pts is None:
                # No timestamp: fall back on the nominal rate, so times still increase.
                t_s = report.frames_decoded / nominal_fps
            else:
                if start_pts is None:
                    start_pts = frame.pts
                t_s = float((frame.pts - start_pts) * time_base)
            if t_s <= last_t_s:
                # Broken or duplicated timestamps: keep time strictly increasing.
                t_s = last_t_s + 1e-3
            last_t_s = t_s
            yield VideoFrame(
                index=report.frames_decoded, t_s=t_s, rgb=_upright_rgb(frame, max_side_px)
            )
            report.frames_decoded += 1
        if report.frames_decoded == 0:
            raise InputError(
                f"{path} has a video stream with no frames; pass a video that shows the exercise."
            )
        warning = _truncation_warning(
            last_t_s + 1.0 / nominal_fps, _declared_duration_s(container, stream)
        )
        # A cut-off file may end cleanly or in a broken frame (FFmpeg's frame threads
        # hide the broken one, a single decoding thread reports it); say it was cut off
        # whenever the declared duration shows it, as that tells the user the most.
        if warning is None and report.broke_off:
            warning = (
                f"Decoding stopped after {report.frames_decoded} frames: the file is "
                "damaged or truncated, so only the part before the damage was analysed."
            )
        if warning is not None:
            report.warnings.append(warning)
