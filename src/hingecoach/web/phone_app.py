"""Routes of the phone-as-camera mode: pairing, the phone's page, the computer's view."""

from __future__ import annotations

import hmac
import html
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Request, WebSocket
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.websockets import WebSocketDisconnect

from hingecoach.web.live import CLOSE_POLICY, LiveHub, parse_command, run_command
from hingecoach.web.phone import Pairing, pairing_url, qr_svg
from hingecoach.web.protocol import error_message
from hingecoach.web.settings import WebSettings

#: Paths that carry their own check (the one-time pairing code), not the token.
PAIRING_PATH = "/pair"
CODE_SPENT = (
    "This pairing code has been used already: each works once, for one phone. "
    "Scan the new code on the computer's screen."
)
#: How to get past the browser's warning about the self-signed certificate, once.
CERTIFICATE_HELP = (
    "The first time, the phone's browser warns that the connection is not private: "
    "hingecoach made its own certificate on this computer. Check that the fingerprint "
    "starts with {fingerprint}, then tap Advanced → Proceed (Chrome) or Show details → "
    "visit this website (Safari). Once per phone."
)


def install_phone(
    app: FastAPI,
    settings: WebSettings,
    hub: LiveHub,
    static_dir: Path,
    refuse_socket: Callable[[WebSocket], str | None],
    *,
    fingerprint: str = "",
    cookie: tuple[str, str] = ("hingecoach_token", ""),
) -> Pairing:
    """Add pairing, ``/phone``, ``/watch``, ``/api/phone`` and ``/ws/watch`` to ``app``.

    Parameters
    ----------
    app : fastapi.FastAPI
    settings : WebSettings
    hub : LiveHub
        Shared with the live sockets, so the computer shows the phone's session.
    static_dir : pathlib.Path
        Where ``live.html`` is (the phone, the computer and a lone laptop use one page).
    refuse_socket : callable
        The app's socket check (token, origin): a refusal sentence or None.
    fingerprint : str
        SHA-256 fingerprint of the HTTPS certificate, shown for checking it.
    cookie : tuple of str
        Name and value of the session cookie a paired phone receives.

    Returns
    -------
    Pairing
        The one-time codes (tests read the current one).
    """
    pairing = Pairing()
    cookie_name, cookie_value = cookie
    page = static_dir / "live.html"

    @app.get(PAIRING_PATH, include_in_schema=False)
    async def pair(request: Request) -> Response:
        if not settings.phone:
            return PlainTextResponse(CODE_SPENT, status_code=401)
        held = request.cookies.get(cookie_name) or ""
        if cookie_value and hmac.compare_digest(held.encode(), cookie_value.encode()):
            return FileResponse(page)  # a paired phone scanning again: already in
        if not pairing.use(request.query_params.get("code")):
            return PlainTextResponse(CODE_SPENT, status_code=401)
        response = FileResponse(page)
        secure = request.url.scheme == "https"
        response.set_cookie(
            cookie_name, cookie_value, httponly=True, samesite="strict", secure=secure
        )
        return response

    @app.get("/phone", include_in_schema=False)
    async def phone_page() -> FileResponse:
        return FileResponse(page)

    @app.get("/watch", include_in_schema=False)
    async def watch_page() -> FileResponse:
        return FileResponse(page)

    @app.get("/api/phone")
    async def phone_info(request: Request) -> JSONResponse:
        if not settings.phone:
            return JSONResponse({"enabled": False})
        base = f"{request.url.scheme}://{request.headers.get('host', settings.host)}"
        url = pairing_url(base, pairing.code)
        short = fingerprint[:23]
        return JSONResponse(
            {
                "enabled": True,
                "url": url,
                "qr_svg": qr_svg(url),
                "fingerprint": fingerprint,
                "certificate_help": CERTIFICATE_HELP.format(fingerprint=html.escape(short)),
            }
        )

    @app.websocket("/ws/watch")
    async def watch_socket(ws: WebSocket) -> None:
        await ws.accept()
        refusal = refuse_socket(ws)
        if refusal is not None:
            await ws.send_json(error_message(refusal))
            await ws.close(code=CLOSE_POLICY, reason="refused")
            return
        hub.viewers.add(ws)
        await ws.send_json({"type": "watching", "camera": hub.camera is not None})
        try:
            while True:
                text = await ws.receive_text()
                kind = parse_command(text)
                if kind == "ping":
                    await ws.send_json({"type": "pong"})
                    continue
                if hub.camera is None:
                    await ws.send_json(
                        error_message("No camera is streaming; start the phone's page.")
                    )
                    continue
                camera_ws, worker = hub.camera
                answer = await run_command(worker, kind, settings.data_dir, text)
                if answer.get("type") == "error":
                    await ws.send_json(answer)
                    continue
                await hub.broadcast(answer)
                if camera_ws.application_state.name == "CONNECTED":
                    await camera_ws.send_json(answer)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            hub.viewers.discard(ws)

    return pairing
