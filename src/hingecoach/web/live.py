"""The live WebSocket: one session per socket, pose in a worker thread, one frame in flight."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from fastapi import WebSocket
from starlette.websockets import WebSocketDisconnect, WebSocketState

from hingecoach.analysis.params import AnalysisParams
from hingecoach.errors import HingecoachError, InputError
from hingecoach.form.calibration import BackCalibration
from hingecoach.lowback.session import PersonInputs
from hingecoach.pose.backends import open_second_person_detector
from hingecoach.pose.estimator import PoseEstimator
from hingecoach.pose.second_person import SecondPersonDetector
from hingecoach.web.guide import VARIANT_IDS
from hingecoach.web.imageguard import check_frame_header
from hingecoach.web.live_load import person_message, read_person, stored_person
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


@dataclass(frozen=True, slots=True)
class LiveAnalysis:
    """The analysis settings of every live set, as ``analyze`` takes them.

    Attributes
    ----------
    params : AnalysisParams or None
        ``serve --config`` (None: the defaults).
    exercise : str
        ``serve --exercise``: the variant judged when the page does not pick one.
    """

    params: AnalysisParams | None = None
    exercise: str = "auto"


class LiveWorker:
    """A session with its own pose thread (MediaPipe graphs stay on one thread).

    Parameters
    ----------
    make_estimator : callable
        Returns a fresh pose estimator.
    calibration : BackCalibration, optional
        The person's own back range, for every set of this session.
    variant : str
        Exercise variant id (``auto`` when unknown).
    analysis_params : AnalysisParams, optional
        Thresholds and profiles (``serve --config``), as ``analyze --config``.
    """

    def __init__(
        self,
        make_estimator: Callable[[], PoseEstimator],
        calibration: BackCalibration | None = None,
        variant: str = "auto",
        data_dir: Path | None = None,
        analysis_params: AnalysisParams | None = None,
    ) -> None:
        self._make_estimator = make_estimator
        self._calibration = calibration
        self._analysis_params = analysis_params
        self._variant = variant if variant in VARIANT_IDS else "auto"
        self._data_dir = data_dir
        self._checkpoint = new_checkpoint_path(data_dir) if data_dir is not None else None
        self._checkpointed = (0, 0)  # (reps counted, reps judged) in the last checkpoint
        self._pending_checkpoint: Path | None = None  # the ended set shown on its card
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hingecoach-pose")
        self.session: LiveSession | None = None
        self._detector: SecondPersonDetector | None = None
        self._second_person_seen = False
        self.person: tuple[PersonInputs, PersonInputs] | None = None  # (stored, in use)

    def start(self) -> dict[str, Any]:
        """Start a new session; return the page's ``ready`` message (runs on the pose thread)."""
        if self.person is None:  # what `hingecoach body` and the log hold, until the page says
            stored = stored_person(self._data_dir, VARIANT_IDS)
            self.person = (stored, stored)
        self.session = LiveSession(
            self._make_estimator(),
            analysis_params=self._analysis_params,
            calibration=self._calibration,
            variant=self._variant,
            person=self.person[1],
        )
        # The legacy per-image graph, or the Tasks landmarker where mediapipe no longer
        # has the legacy API (CPython 3.13); both start on their first check.
        self._detector = open_second_person_detector(fps=15.0)
        self._second_person_seen = False
        return {"type": "ready", "person": person_message(self.person[1])}

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

    def set_person(self, text: str) -> dict[str, Any]:
        """Use the body and load the page sent for the next reps (runs on the pose thread)."""
        stored = self.person[0] if self.person else stored_person(self._data_dir, VARIANT_IDS)
        person, answer = read_person(text, stored)
        if person is not None:
            self.person = (stored, person)
            if self.session is not None:
                self.session.person = person
        return answer

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

    def end_set(self) -> dict[str, Any]:
        """End the set: its summary card; the next set starts (runs on the pose thread)."""
        if self.session is None:
            self.start()
        if self.session is None:
            raise InputError("The live session could not start; reload the page.")
        card = self.session.end_set()
        # The ended set's checkpoint stays until it is kept or discarded; the next set
        # gets its own.
        if self._checkpoint is not None and self._data_dir is not None:
            self._drop_pending_checkpoint()
            self._pending_checkpoint = self._checkpoint
            self._checkpoint = new_checkpoint_path(self._data_dir)
            self._checkpointed = (0, 0)
        return card

    def decide(self, keep: bool, data_dir: Path) -> dict[str, Any]:
        """Keep (save) or discard the set whose card is shown (runs on the pose thread)."""
        record = None if self.session is None else self.session.take_pending()
        if record is None:
            return error_message("There is no finished set to keep or discard.")
        saved = str(save_set(data_dir, record)) if keep and record["rep_count"] > 0 else None
        self._drop_pending_checkpoint()
        return {"type": "kept" if keep else "discarded", "saved": saved}

    def _drop_pending_checkpoint(self) -> None:
        if self._pending_checkpoint is not None:
            self._pending_checkpoint.unlink(missing_ok=True)
            self._pending_checkpoint = None

    def finish(self, data_dir: Path) -> dict[str, Any]:
        """Save the set if it has reps, and close the session (runs on the pose thread).

        A set whose card is still waiting for keep or discard is kept: closing the page
        must never lose a set the person did not throw away.
        """
        answer: dict[str, Any] = {"type": "finished", "rep_count": 0, "saved": None}
        if self.session is None:
            return answer
        pending = self.session.take_pending()
        if pending is not None and pending["rep_count"] > 0:
            save_set(data_dir, pending)
        self._drop_pending_checkpoint()
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


class LiveHub:
    """Shows a camera's session on other screens: the phone films, the computer coaches.

    Viewers get each analysed frame (the JPEG, then its JSON) when they are ready for it;
    a slow viewer skips frames and never holds up the camera. Viewers may end the set and
    keep or discard it, as if they were the camera's page.
    """

    def __init__(self) -> None:
        self.viewers: set[WebSocket] = set()
        self._busy: set[WebSocket] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.camera: tuple[WebSocket, LiveWorker] | None = None

    def publish(self, jpeg: bytes, message: dict[str, Any]) -> None:
        """Queue one analysed frame for every viewer that is not still sending the last."""
        for viewer in list(self.viewers - self._busy):
            self._busy.add(viewer)
            # Held until done: the loop keeps only weak references to its tasks.
            task = asyncio.get_running_loop().create_task(self._send_frame(viewer, jpeg, message))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _send_frame(self, viewer: WebSocket, jpeg: bytes, message: dict[str, Any]) -> None:
        try:
            if viewer.application_state is WebSocketState.CONNECTED:
                await viewer.send_bytes(jpeg)
                await viewer.send_text(json.dumps(message))
        except (RuntimeError, OSError, WebSocketDisconnect):
            self.viewers.discard(viewer)
        finally:
            self._busy.discard(viewer)

    async def broadcast(self, payload: dict[str, Any]) -> None:
        """Send a session message (a set card, a kept set) to every viewer."""
        for viewer in list(self.viewers):
            try:
                await _send(viewer, payload)
            except (RuntimeError, OSError, WebSocketDisconnect):
                self.viewers.discard(viewer)


async def run_command(
    worker: LiveWorker, kind: str | None, data_dir: Path, text: str = ""
) -> dict[str, Any]:
    """Carry out one text command of the live protocol (``text``: the whole message)."""
    if kind == "person":
        return dict(await worker.run(worker.set_person, text))
    if kind == "finish":
        return dict(await worker.run(worker.finish, data_dir))
    if kind == "end_set":
        return dict(await worker.run(worker.end_set))
    if kind in ("keep", "discard"):
        return dict(await worker.run(worker.decide, kind == "keep", data_dir))
    if kind == "ping":
        return {"type": "pong"}
    known = '{"type": ...} with finish, end_set, keep, discard, person or ping'
    return error_message(f"Unknown message; send frames or {known}.")


def parse_command(text: str) -> str | None:
    """The ``type`` of a JSON text command (None when it is not one)."""
    try:
        command = json.loads(text) if len(text) <= MAX_TEXT_BYTES else None
    except json.JSONDecodeError:
        command = None
    kind = command.get("type") if isinstance(command, dict) else None
    return kind if isinstance(kind, str) else None


async def _handle_text(
    ws: WebSocket, worker: LiveWorker, text: str, data_dir: Path, hub: LiveHub | None
) -> None:
    kind = parse_command(text)
    answer = await run_command(worker, kind, data_dir, text)
    await _send(ws, answer)
    if hub is not None and kind in ("end_set", "keep", "discard"):
        await hub.broadcast(answer)


async def _handle_frame(
    ws: WebSocket, worker: LiveWorker, data: bytes, hub: LiveHub | None = None
) -> bool:
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
    if hub is not None and hub.viewers:
        hub.publish(frame.jpeg, message)
    return True


async def serve_live(
    ws: WebSocket,
    make_estimator: Callable[[], PoseEstimator],
    data_dir: Path,
    calibration: BackCalibration | None = None,
    hub: LiveHub | None = None,
    analysis: LiveAnalysis | None = None,
) -> None:
    """Serve one accepted live socket until it closes; a finished set is saved on exit.

    The socket's ``variant`` query parameter names the exercise picked on the page (when
    it names none, ``serve --exercise`` decides); with a ``hub``, the session is also
    shown on its viewers' screens.
    """
    analysis = analysis or LiveAnalysis()
    picked = ws.query_params.get("variant") or "auto"
    variant = picked if picked in VARIANT_IDS else analysis.exercise
    worker = LiveWorker(make_estimator, calibration, variant, data_dir, analysis.params)
    if hub is not None:
        hub.camera = (ws, worker)
    try:
        await _send(ws, await worker.run(worker.start))  # with the body and load in use
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            if message.get("bytes") is not None:
                if not await _handle_frame(ws, worker, message["bytes"], hub):
                    break
            elif message.get("text") is not None:
                await _handle_text(ws, worker, message["text"], data_dir, hub)
    except WebSocketDisconnect:
        pass
    finally:
        if hub is not None and hub.camera is not None and hub.camera[0] is ws:
            hub.camera = None
        # Not awaited: the socket's task may be cancelled here (server shutdown), but work
        # queued on the pose thread still runs, so a finished set is never lost.
        worker.finish_in_background(data_dir)
