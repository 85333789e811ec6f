"""A contiguous run of a video's frames, decoded from the keyframe before it (PyAV).

The parallel pose path (:mod:`hingecoach.analysis.parallel`) gives each worker process a
run of frames. A worker seeks to the keyframe before its run, decodes (without converting
to RGB) up to the run's first frame, and yields the run with the same indices and times
as :func:`~hingecoach.source.video_file.iter_video_frames` would give them. The indices
come from the presentation timestamps of every packet, read once by
:func:`frame_timestamps` (demuxing only, no decoding: a fraction of a second per minute).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import numpy as np

from hingecoach.source.video_file import (
    DecodeReport,
    VideoFrame,
    _decoded_frames,
    _open_container,
    _upright_rgb,
    _video_stream,
)


class ChunkMismatchError(RuntimeError):
    """A decoded frame's timestamp is not among the packets' (the plan cannot be trusted)."""


def frame_timestamps(path: Path) -> np.ndarray | None:
    """Presentation timestamps of every video frame, sorted (stream time-base units).

    Returns None when the timestamps cannot index the frames: a packet without one,
    two packets with the same one, or no packets; the caller then decodes in one pass.
    Packets the container marks as discarded (before an edit list's start) are left out,
    as the decoder drops their frames.
    """
    with _open_container(Path(path)) as container:
        stream = _video_stream(container, Path(path))
        stamps: list[int] = []
        for packet in container.demux(stream):
            if packet.size == 0:  # the flush packet at the end
                continue
            if packet.pts is None:
                return None
            if not packet.is_discard:
                stamps.append(int(packet.pts))
    if not stamps:
        return None
    pts = np.sort(np.asarray(stamps, dtype=np.int64))
    if np.any(np.diff(pts) <= 0):
        return None
    return pts


def iter_frame_run(
    path: Path,
    pts: np.ndarray,
    first: int,
    stop: int,
    report: DecodeReport,
    *,
    max_side_px: int | None = None,
) -> Iterator[VideoFrame]:
    """Decode frames ``first`` to ``stop - 1`` (indices into the sorted ``pts``).

    Times are seconds from ``pts[0]``, as :func:`iter_video_frames` counts them from the
    first frame. ``report.frames_decoded`` counts the frames yielded and
    ``report.broke_off`` says decoding stopped at damage before ``stop``.

    Raises
    ------
    ChunkMismatchError
        When a decoded frame has a timestamp that is not one of ``pts``.
    InputError
        If the file cannot be opened or not one frame can be decoded.
    """
    path = Path(path)
    index_of = {int(stamp): index for index, stamp in enumerate(pts)}
    with _open_container(path) as container:
        stream = _video_stream(container, path)
        time_base = stream.time_base or Fraction(1, 1)
        if first > 0:
            # The keyframe at or before the run's first frame: frames before it are
            # decoded (they are references) but never converted or yielded.
            container.seek(int(pts[first]), stream=stream, backward=True, any_frame=False)
        for frame in _decoded_frames(container, stream, path, report):
            index = index_of.get(frame.pts) if frame.pts is not None else None
            if index is None:
                raise ChunkMismatchError(f"{path}: frame with pts {frame.pts} not in the plan")
            if index < first:
                continue
            if index >= stop:
                return
            t_s = float((int(pts[index]) - int(pts[0])) * time_base)
            yield VideoFrame(index=index, t_s=t_s, rgb=_upright_rgb(frame, max_side_px))
            report.frames_decoded += 1
    if report.frames_decoded < stop - first:
        report.broke_off = True
