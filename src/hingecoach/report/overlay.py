"""The annotated video and the key-frame pictures (an edge: it decodes and encodes video).

One decoding pass over the source draws every frame for ``overlay.mp4`` and keeps the
bottom-of-rep frames, cropped to the person, for the report's key-frame strip. Frames
are decoded at the size pose saw (longer side ≤ 1280 px), so landmarks need no more
than a rescale, and never held: memory stays flat with the video's length.
"""

from __future__ import annotations

import base64
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from hingecoach.analysis.video import POSE_INPUT_MAX_SIDE_PX, ProgressCallback
from hingecoach.form.aids import compute_aids
from hingecoach.report.data import ReportData
from hingecoach.report.draw import (
    DEFAULT_AIDS,
    FAULT_BGR,
    TAPE_COLOURS_BGR,
    TEXT_BGR,
    TapeState,
    classify_tape,
    compute_crop_box,
    compute_scaled_xy,
    draw_aids,
    draw_skeleton,
    draw_tape_line,
    draw_text_panel,
    fault_label,
)
from hingecoach.report.timeline import compute_reps_done, detect_key_frames, detect_verdict
from hingecoach.source.video_file import iter_video_frames, probe_video

#: Key-frame pictures are scaled to this height, pixels.
KEY_FRAME_HEIGHT_PX = 300
#: Timestamps of the encoded video are kept to 1/90000 s (the MPEG clock).
TIME_BASE = Fraction(1, 90000)


def _fmt_deg(value: float) -> str:
    return "--" if np.isnan(value) else f"{round(value)} deg"  # round: never "-0 deg"


def _tape_state(data: ReportData, index: int) -> TapeState:
    """The tape's state at one frame (its colour on the line and in the HUD)."""
    return classify_tape(float(data.tape_pct[index]), data.rounded_pct)


def _draw_pose(
    image: np.ndarray,
    data: ReportData,
    index: int,
    state: TapeState,
    aids: frozenset[str] = DEFAULT_AIDS,
) -> None:
    """Draw one frame's skeleton and learning ``aids`` (tape coloured by ``state``, chair, band)."""
    size = (image.shape[1], image.shape[0])
    xy = compute_scaled_xy(data.image_xyz_px[index], data.image_size, size)
    if aids & {"chair", "band"}:
        # The landmarks of a tracked frame count as seen (lost ones are NaN).
        geometry = compute_aids(xy, np.ones(len(xy)))
        if geometry is not None:
            draw_aids(image, geometry, aids, thickness=max(2, size[0] // 400))
    if "tape" in aids and data.tape_line_xy_px.shape[1] > 0:
        line = compute_scaled_xy(data.tape_line_xy_px[index], data.image_size, size)
        draw_tape_line(image, line, TAPE_COLOURS_BGR[state], thickness=max(3, size[0] // 250))
    draw_skeleton(image, xy, thickness=max(2, size[0] // 500))


def _draw_hud(
    image: np.ndarray, data: ReportData, index: int, reps_done: int, state: TapeState
) -> None:
    """Rep counter, live angles, tape reading (with its ``state``) and any fault labels."""
    # No reading is not zero: "Tape not read", in grey, never a green 0 %.
    tape = "" if state is TapeState.NOT_READ else f" {data.tape_pct[index]:.0f}%"
    scale = max(0.5, image.shape[1] / 1400)
    draw_text_panel(
        image,
        [
            (f"Reps: {reps_done}", TEXT_BGR),
            (f"Hip {_fmt_deg(data.hip_flexion_deg[index])}", TEXT_BGR),
            (f"Knee {_fmt_deg(data.knee_flexion_deg[index])}", TEXT_BGR),
            (f"Trunk {_fmt_deg(data.trunk_inclination_deg[index])}", TEXT_BGR),
            (f"Lower-back tape{tape} ({state.value})", TAPE_COLOURS_BGR[state]),
        ],
        scale=scale,
    )
    verdict = detect_verdict(float(data.t_s[index]), data.summary.get("reps", []))
    if verdict is not None:
        rep, faults = verdict
        labels = [(f"Rep {rep}:", TEXT_BGR)] + [(fault_label(code), FAULT_BGR) for code in faults]
        top = image.shape[0] - round(40 * scale * len(labels)) - 20
        draw_text_panel(image, labels, origin=(10, max(0, top)), scale=scale * 1.2)


def encode_key_frame(
    image: np.ndarray, box: tuple[int, int, int, int] | None, height_px: int = KEY_FRAME_HEIGHT_PX
) -> str:
    """Crop a BGR picture to a box, scale it to ``height_px`` and return base64 JPEG text."""
    if box is not None:
        x0, y0, x1, y1 = box
        image = image[y0:y1, x0:x1]
    width = max(1, round(image.shape[1] * height_px / image.shape[0]))
    image = cv2.resize(image, (width, height_px), interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        raise ValueError("OpenCV could not encode a key frame as JPEG.")
    return base64.b64encode(jpeg.tobytes()).decode("ascii")


def _key_frame(image: np.ndarray, data: ReportData, index: int, state: TapeState) -> str:
    """Skeleton and tape (in its ``state``) drawn on a copy of the frame, cropped to the person."""
    picture = image.copy()
    _draw_pose(picture, data, index, state)
    size = (image.shape[1], image.shape[0])
    # The tape lies on the skin, outside the joint centres: keep it inside the crop.
    points = np.concatenate([data.image_xyz_px[index, :, :2], data.tape_line_xy_px[index]])
    xy = compute_scaled_xy(points, data.image_size, size)
    return encode_key_frame(picture, compute_crop_box(xy, size, margin=0.2))


def render_canvas_key_frames(data: ReportData) -> list[str]:
    """Key frames without a video: the skeleton and tape on a plain canvas, per rep."""
    width, height = data.image_size
    pictures = []
    for index in detect_key_frames(data.t_s, data.summary.get("reps", [])):
        canvas = np.full((height, width, 3), 245, dtype=np.uint8)
        pictures.append(_key_frame(canvas, data, index, _tape_state(data, index)))
    return pictures


def render_key_frames(video_path: Path, data: ReportData) -> list[str]:
    """The key frames (base64 JPEG, one per rep) from the video, without an overlay.

    Raises
    ------
    InputError
        If the video cannot be decoded.
    """
    wanted = {
        index: rep
        for rep, index in enumerate(detect_key_frames(data.t_s, data.summary.get("reps", [])))
    }
    pictures: dict[int, str] = {}
    for frame in iter_video_frames(video_path, max_side_px=POSE_INPUT_MAX_SIDE_PX):
        if frame.index in wanted:
            index = min(frame.index, data.n_frames - 1)
            image = _even_bgr(frame.rgb)
            pictures[wanted[frame.index]] = _key_frame(image, data, index, _tape_state(data, index))
        if len(pictures) == len(wanted):
            break
    return [pictures[rep] for rep in sorted(pictures)]


def _even_bgr(rgb: np.ndarray) -> np.ndarray:
    """An RGB frame as BGR, cropped by a pixel where needed to even sides (for yuv420p)."""
    height, width = rgb.shape[0] // 2 * 2, rgb.shape[1] // 2 * 2
    return np.ascontiguousarray(cv2.cvtColor(rgb[:height, :width], cv2.COLOR_RGB2BGR))


def _open_encoder(
    path: Path, fps: float, width: int, height: int
) -> tuple[av.container.OutputContainer, av.VideoStream]:
    container = av.open(str(path), mode="w", options={"movflags": "+faststart"})
    stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.codec_context.time_base = TIME_BASE
    stream.options = {"preset": "veryfast", "crf": "23"}
    return container, stream


def render_overlay(
    video_path: Path,
    out_path: Path,
    data: ReportData,
    *,
    on_progress: ProgressCallback | None = None,
    aids: frozenset[str] = DEFAULT_AIDS,
) -> list[str]:
    """Write the annotated video and return the key frames (base64 JPEG, one per rep).

    Parameters
    ----------
    video_path : pathlib.Path
        The analysed video.
    out_path : pathlib.Path
        Where to write the H.264 MP4 (yuv420p, even dimensions, the source's timestamps).
    data : ReportData
        What to draw; must have as many frames as the video.
    on_progress : callable, optional
        Called with ``(frames_done, frames_expected)`` after each frame.
    aids : frozenset of str
        Learning aids drawn on the video: ``chair``, ``band``, ``tape`` (the tape alone
        by default).

    Returns
    -------
    list of str
        Base64 JPEG key frames, in rep order.

    Raises
    ------
    InputError
        If the video cannot be decoded.
    """
    reps = data.summary.get("reps", [])
    reps_done = compute_reps_done(data.t_s, reps)
    wanted = {index: rep for rep, index in enumerate(detect_key_frames(data.t_s, reps))}
    key_frames: dict[int, str] = {}
    fps = probe_video(video_path).fps or float(data.summary.get("fps") or 30.0)
    container: av.container.OutputContainer | None = None
    stream: av.VideoStream | None = None
    try:
        for frame in iter_video_frames(video_path, max_side_px=POSE_INPUT_MAX_SIDE_PX):
            index = min(frame.index, data.n_frames - 1)
            image = _even_bgr(frame.rgb)
            if container is None or stream is None:  # both are opened at the first frame
                container, stream = _open_encoder(out_path, fps, image.shape[1], image.shape[0])
            # One classification per frame, shared by the key frame, the line and the HUD.
            state = _tape_state(data, index)
            if frame.index in wanted:
                key_frames[wanted[frame.index]] = _key_frame(image, data, index, state)
            _draw_pose(image, data, index, state, aids)
            _draw_hud(image, data, index, int(reps_done[index]), state)
            picture = av.VideoFrame.from_ndarray(image, format="bgr24")
            picture.pts, picture.time_base = round(frame.t_s / TIME_BASE), TIME_BASE
            container.mux(stream.encode(picture))
            if on_progress is not None:
                on_progress(frame.index + 1, data.n_frames)
        if container is not None and stream is not None:
            container.mux(stream.encode(None))
    finally:
        if container is not None:
            container.close()
    return [key_frames[rep] for rep in sorted(key_frames)]
