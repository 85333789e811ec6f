"""The live WebSocket: one session per socket, pose in a worker thread, one frame in flight."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from fastapi import WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from hingecoach.errors import HingecoachError, InputError
from hingecoach.pose.estimator import PoseEstimator
from hingecoach.pose.second_person import SecondPersonDetector
from hingecoach.web.imageguard import check_frame_header
from hingecoach.web.protocol import MAX_FRAME_BYTES, MAX_TEXT_BYTES, error_message, parse_frame
from hingecoach.web.session import LiveSession, SessionPhase
from hingecoach.web.store import new_checkpoint_path, save_set, write_checkpoint

log = logging.getLogger(__name__)

#: Frames are shrunk to this long side before pose (the model works at 256 px anyway).
MAX_SIDE_PX = 960
#: Close codes (RFC 6455): policy violation, message too big, try again later.
CLOSE_POLICY, CLOSE_TOO_BIG, CLOSE_BUSY = 1008, 1009, 1013


def decode_jpeg(jpeg: bytes, max_side_px: int = MAX_SIDE_PX) -> np.ndarray:
    """Decode JPEG (or PNG) bytes into an upright RGB array, shrunk to ``max_side_px``.

    Raises
    ------
    InputError
        If the bytes are not a JPEG/PNG image within the size limit that OpenCV can decode.
    """
    check_frame_header(jpeg)  # before decoding: a tiny file can declare gigapixels
    bgr = cv2.imdecode(np.frombuffer(jpeg, dtype=np.uint8), cv2.IMREAD_COLOR)
    if bgr is None or bgr.size == 0:
        raise InputError("The frame is not a JPEG image; send JPEG bytes after the time stamp.")
    scale = max_side_px / max(bgr.shape[:2])
    if scale < 1:
        bgr = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


class LiveWorker:
    """A session with its own pose thread (MediaPipe graphs stay on one thread).

    Parameters
    ----------
    make_estimator : callable
        Returns a fresh pose estimator.
    """

    def __init__(
        self, make_estimator: Callable[[], PoseEstimator], data_dir: Path | None = None
    ) -> None:
        self._make_estimator = make_estimator
        self._checkpoint = new_checkpoint_path(data_dir) if data_dir is not None else None
        self._checkpointed = (0, 0)  # (reps counted, reps judged) in the last checkpoint
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hingecoach-pose")
        self.session: LiveSession | None = None
        self._detector: SecondPersonDetector | None = None
        self._second_person_seen = False

    def start(self) -> None:
        """Start a new session (runs on the pose thread)."""
        self.session = LiveSession(self._make_estimator())
        self._detector = SecondPersonDetector(fps=15.0)
        self._second_person_seen = False

    def process(self, jpeg: bytes, t_s: float) -> dict[str, Any]:
        """Decode and analyse one frame (runs on the pose thread)."""
        if self.session is None:
            self.start()
        session = self.session
        if session is None:
            raise InputError("The live session could not start; reload the page.")
        rgb = decode_jpeg(jpeg)
        message = session.process(rgb, t_s, second_person_seen=self._second_person_seen)
        pose = session.last_pose
        if session.phase is SessionPhase.SETUP and self._detector is not None and pose:
            seen_before = self._detector.seen
            self._detector.update(rgb, pose)
            if self._detector.checked:
                self._second_person_seen = self._detector.seen > seen_before
        self._save_checkpoint(session)
        return message

    def _save_checkpoint(self, session: LiveSession) -> None:
        """Checkpoint the running set after each counted or judged rep (atomic write)."""
        progress = (len(session.analyzer.reps), len(session.forms))
        if self._checkpoint is None or progress == self._checkpointed or progress[0] == 0:
            return
        try:
            write_checkpoint(self._checkpoint, session.snapshot())
            self._checkpointed = progress
        except OSError as error:  # a full disk must not stop the coaching
            log.warning("Could not checkpoint the set: %s", error)

    def finish(self, data_dir: Path) -> dict[str, Any]:
        """Save the set if it has reps, and close the session (runs on the pose thread)."""
        answer: dict[str, Any] = {"type": "finished", "rep_count": 0, "saved": None}
        if self.session is None:
            return answer
        record = self.session.summary()
        answer["rep_count"] = record["rep_count"]
        if record["rep_count"] > 0:
            answer["saved"] = str(save_set(data_dir, record))
        if self._checkpoint is not None:  # the saved set replaces it
            self._checkpoint.unlink(missing_ok=True)
            self._checkpointed = (0, 0)
        self.session.close()
        self.session = None
        if self._detector is not None:
            self._detector.close()
            self._detector = None
        return answer

    def finish_in_background(self, data_dir: Path) -> None:
        """Queue :meth:`finish` on the pose thread and stop the thread after it."""
        future = self._executor.submit(self.finish, data_dir)
        future.add_done_callback(_log_finished)
        self._executor.shutdown(wait=False)

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function(*args)`` on this worker's pose thread."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)


def _log_finished(future: Future[dict[str, Any]]) -> None:
    """Log where a finished set went, or why it could not be saved."""
    try:
        result = future.result()
    except (HingecoachError, OSError) as error:
        log.warning("Could not save the set: %s", error)
        return
    if result["saved"]:
        log.info("Saved a set of %d reps to %s", result["rep_count"], result["saved"])


async def _send(ws: WebSocket, payload: dict[str, Any]) -> None:
    if ws.application_state is WebSocketState.CONNECTED:
        await ws.send_text(json.dumps(payload))


async def _handle_text(ws: WebSocket, worker: LiveWorker, text: str, data_dir: Path) -> None:
    try:
        command = json.loads(text) if len(text) <= MAX_TEXT_BYTES else None
    except json.JSONDecodeError:
        command = None
    kind = command.get("type") if isinstance(command, dict) else None
    if kind == "finish":
        await _send(ws, await worker.run(worker.finish, data_dir))
    elif kind == "ping":
        await _send(ws, {"type": "pong"})
    else:
        await _send(ws, error_message('Unknown message; send frames, {"type": "finish"} or ping.'))


async def _handle_frame(ws: WebSocket, worker: LiveWorker, data: bytes) -> bool:
    """Answer one frame; return False when the socket must close."""
    try:
        frame = parse_frame(data)
    except InputError as error:
        await _send(ws, error_message(str(error)))
        if len(data) > MAX_FRAME_BYTES:
            await ws.close(code=CLOSE_TOO_BIG, reason="frame too large")
            return False
        return True
    started = time.perf_counter()
    try:
        message = await worker.run(worker.process, frame.jpeg, frame.t_ms / 1000.0)
    except HingecoachError as error:
        await _send(ws, {**error_message(str(error)), "t_ms": frame.t_ms})
        return True
    message["t_ms"] = frame.t_ms
    message["server_ms"] = round((time.perf_counter() - started) * 1000.0, 1)
    await _send(ws, message)
    return True


async def serve_live(
    ws: WebSocket, make_estimator: Callable[[], PoseEstimator], data_dir: Path
) -> None:
    """Serve one accepted live socket until it closes; a finished set is saved on exit."""
    worker = LiveWorker(make_estimator, data_dir)
    try:
        await worker.run(worker.start)
        await _send(ws, {"type": "ready"})
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            if message.get("bytes") is not None:
                if not await _handle_frame(ws, worker, message["bytes"]):
                    break
            elif message.get("text") is not None:
                await _handle_text(ws, worker, message["text"], data_dir)
    except WebSocketDisconnect:
        pass
    finally:
        # Not awaited: the socket's task may be cancelled here (server shutdown), but work
        # queued on the pose thread still runs, so a finished set is never lost.
        worker.finish_in_background(data_dir)
