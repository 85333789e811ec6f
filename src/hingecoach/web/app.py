"""The FastAPI app: live page and WebSocket, upload page and API.

Every route is guarded by :class:`~hingecoach.web.security.SecurityMiddleware` (token,
Host allow-list, Origin checks, body limit, security headers), added around the whole app,
so routes added later are covered without edits.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator, Callable
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request, UploadFile, WebSocket
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from hingecoach.errors import InputError
from hingecoach.pose.backends import DEFAULT_POSE_BACKEND, open_pose_estimator
from hingecoach.pose.estimator import PoseEstimator
from hingecoach.web.guide import guide_message
from hingecoach.web.live import CLOSE_BUSY, LiveAnalysis, LiveHub, serve_live
from hingecoach.web.phone_app import PAIRING_PATH, install_phone
from hingecoach.web.program_routes import mount_program
from hingecoach.web.protocol import error_message
from hingecoach.web.security import SecurityMiddleware, SecurityPolicy, allowed_host_names
from hingecoach.web.settings import WebSettings, live_analysis_params, live_calibration
from hingecoach.web.store import recover_checkpoints
from hingecoach.web.uploads import UploadJobs, check_video, new_upload_dir, safe_filename

STATIC_DIR = Path(str(resources.files("hingecoach.web") / "static"))
TOKEN_COOKIE = "hingecoach_token"
TOKEN_REFUSED = "Missing or wrong token; open the address printed by `hingecoach serve`."
_CHUNK_BYTES = 1 << 20


def create_app(
    settings: WebSettings,
    make_estimator: Callable[[], PoseEstimator] | None = None,
    *,
    certificate_fingerprint: str = "",
) -> FastAPI:
    """Build the web app.

    Parameters
    ----------
    settings : WebSettings
    make_estimator : callable, optional
        Returns a fresh pose estimator per live session (MediaPipe with segmentation by
        default; tests may pass a fake).
    certificate_fingerprint : str
        The HTTPS certificate's fingerprint, shown for pairing a phone (``serve --phone``).

    Returns
    -------
    fastapi.FastAPI
    """
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Uploads and reports of an earlier run are deleted; sets it was recording are saved.
        jobs.clean_all()
        recover_checkpoints(settings.data_dir)
        sweeper = asyncio.create_task(jobs.sweep_forever())
        try:
            yield
        finally:
            sweeper.cancel()
            jobs.clean_all()

    app = FastAPI(
        title="hingecoach", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    assert settings.token  # WebSettings always holds one (random on loopback)
    policy = SecurityPolicy(
        token=settings.token,
        allowed_hosts=allowed_host_names(settings.host, settings.port, settings.allowed_hosts)
        | frozenset(settings.allowed_hosts),
        # The multipart envelope around the file is small; 1 MB is ample for it.
        max_body_bytes=settings.max_upload_bytes + 1_000_000,
        open_paths=(PAIRING_PATH,),  # checks its one-time code itself
    )
    app.add_middleware(SecurityMiddleware, policy=policy)
    if make_estimator is None:

        def make_estimator() -> PoseEstimator:
            # Legacy where mediapipe has it, else Tasks (CPython 3.13: mediapipe 0.10.30+).
            return open_pose_estimator(DEFAULT_POSE_BACKEND, settings.model, segmentation=True)

    program = mount_program(app, settings)
    jobs = UploadJobs(
        settings.model,
        settings.data_dir / "uploads",
        ttl_s=settings.upload_ttl_s,
        on_result=program.save_upload,
    )
    live_sessions = {"open": 0}
    calibration = live_calibration(settings)
    analysis = LiveAnalysis(live_analysis_params(settings), settings.exercise)
    hub = LiveHub()

    @app.get("/", include_in_schema=False)
    async def live_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "live.html")

    @app.get("/upload", include_in_schema=False)
    async def upload_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "upload.html")

    @app.get("/api/guide")
    async def guide() -> dict[str, object]:
        return guide_message()

    @app.get("/api/health")
    async def health() -> dict[str, object]:
        return {"ok": True, "live_sessions": live_sessions["open"]}

    def socket_refusal(ws: WebSocket) -> str | None:
        """No refusal left to make: the SecurityMiddleware checked token, Host and Origin."""
        return None

    @app.websocket("/ws/live")
    async def live_socket(ws: WebSocket) -> None:
        await ws.accept()
        if live_sessions["open"] >= settings.max_live_sessions:
            busy = (
                f"{live_sessions['open']} live sessions are already open; close another tab first."
            )
            await ws.send_json(error_message(busy))
            await ws.close(code=CLOSE_BUSY, reason="busy")
            return
        live_sessions["open"] += 1
        try:
            await serve_live(ws, make_estimator, settings.data_dir, calibration, hub, analysis)
        finally:
            live_sessions["open"] -= 1

    @app.post("/api/uploads")
    async def upload(request: Request, file: UploadFile) -> JSONResponse:
        limit_mb = settings.max_upload_bytes // 1_000_000
        too_big = error_message(f"The file is over the {limit_mb} MB limit; upload a shorter clip.")
        if jobs.pending() >= settings.max_queued_uploads:
            busy = f"{jobs.pending()} uploads are already waiting; try again when one is done."
            return JSONResponse(error_message(busy), status_code=429)
        filename = safe_filename(file.filename)
        folder = new_upload_dir(jobs.root)
        path = folder / filename
        written = 0
        with path.open("wb") as out:
            while chunk := await file.read(_CHUNK_BYTES):
                written += len(chunk)
                if written > settings.max_upload_bytes:
                    break
                out.write(chunk)
        if written > settings.max_upload_bytes or written == 0:
            shutil.rmtree(folder, ignore_errors=True)
            if written == 0:
                return JSONResponse(error_message(f"{filename} is empty."), status_code=400)
            return JSONResponse(too_big, status_code=413)
        try:
            await asyncio.to_thread(check_video, path, filename)
        except InputError as error:
            shutil.rmtree(folder, ignore_errors=True)
            return JSONResponse(error_message(str(error)), status_code=415)
        job = jobs.submit(path, filename)
        return JSONResponse(job.snapshot(), status_code=202)

    @app.get("/api/uploads/{job_id}")
    async def upload_status(job_id: str) -> JSONResponse:
        job = jobs.get(job_id)
        if job is None:
            message = error_message(f"No upload {job_id[:40]!r} here; upload the video again.")
            return JSONResponse(message, status_code=404)
        return JSONResponse(job.snapshot())

    @app.get("/reports/{job_id}", include_in_schema=False)
    async def upload_report(job_id: str) -> Response:
        job = jobs.get(job_id)
        if job is None or job.report_html is None or not job.report_html.is_file():
            message = "No report for this upload here; upload the video again."
            return PlainTextResponse(message, status_code=404)
        return FileResponse(job.report_html, media_type="text/html")

    app.state.pairing = install_phone(
        app,
        settings,
        hub,
        STATIC_DIR,
        socket_refusal,
        fingerprint=certificate_fingerprint,
        cookie=(TOKEN_COOKIE, settings.token or ""),
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
