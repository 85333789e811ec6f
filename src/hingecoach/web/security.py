"""One ASGI middleware that guards every route, present and future, of the web app.

In order, for every HTTP request and WebSocket handshake:

1. **Host allow-list**: the ``Host`` header must name this server (DNS rebinding: a foreign
   name that resolves to 127.0.0.1 is refused).
2. **Token**: the random token (always set, on loopback too) from ``?token=``, the
   ``Authorization: Bearer`` header or the HttpOnly, SameSite=Strict cookie. A page opened
   with ``?token=`` gets the cookie and is redirected to the same address without it,
   so the token leaves the address bar and the history.
3. **Origin**: a state-changing request (any method but GET/HEAD/OPTIONS) and every
   WebSocket must come from this server's own pages: ``Origin`` (scheme included) on the
   allow-list, else ``Sec-Fetch-Site`` ``same-origin``/``none``; a request with neither
   is not from a browser page and passes on its token alone.
4. **Body limit**: request bodies are counted while they stream and cut at the limit
   (413), so an endless chunked upload never reaches the disk.
5. **Headers** on every response: a CSP, ``frame-ancestors 'none'``, nosniff, no
   referrer, and ``Cache-Control: no-store``.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = "hingecoach_token"
TOKEN_REFUSED = "Missing or wrong token; open the address printed by `hingecoach serve`."
HOST_REFUSED = (
    "This server answers only to its own address; open the one `hingecoach serve` printed."
)
ORIGIN_REFUSED = "This page comes from another site; open hingecoach's own address."
#: Close code of a refused WebSocket (RFC 6455: policy violation).
CLOSE_POLICY = 1008
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Pages load their own scripts and styles only (inline styles allowed: harmless, and
#: used by the pages' markup); sockets to this same server; camera frames as blobs.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' {ws}; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: The HTML report is one self-contained file with plotly inlined: its inline scripts run,
#: but sandboxed in an opaque origin (no cookie, no same-origin requests) and with no
#: network at all.
REPORT_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; media-src 'self'; "
    "sandbox allow-scripts allow-popups; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def new_token() -> str:
    """A fresh random token (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def token_ok(expected: str, given: str | None) -> bool:
    """Whether ``given`` is the server's token (compared in constant time)."""
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    """What the middleware enforces.

    Attributes
    ----------
    token : str
        Required on every request and socket.
    allowed_hosts : frozenset of str
        ``Host`` header values (``name:port``) this server answers to.
    max_body_bytes : int
        Largest request body; larger ones are cut at this size with a 413.
    report_prefixes : tuple of str
        Paths served as standalone HTML reports (their own CSP).
    open_paths : tuple of str
        Paths that carry their own check instead of the token (e.g. a one-time pairing
        code); the Host, Origin, body and header rules still apply to them.
    """

    token: str
    allowed_hosts: frozenset[str]
    max_body_bytes: int
    report_prefixes: tuple[str, ...] = ("/reports/",)
    open_paths: tuple[str, ...] = ()

    def origin_ok(self, origin: str) -> bool:
        """Whether a browser ``Origin`` is one of this server's own (scheme included)."""
        return any(origin in (f"http://{h}", f"https://{h}") for h in self.allowed_hosts)


def allowed_host_names(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` header values a server bound to ``host:port`` answers to.

    Loopback names always; the bound address itself unless it is a wildcard; and the
    names in ``extra`` (e.g. the machine's LAN name, for ``--allow-host``).
    """
    names = {"127.0.0.1", "localhost", "[::1]", *extra}
    if host not in ("0.0.0.0", "::", ""):
        names.add(f"[{host}]" if ":" in host else host)
    with_port = {f"{name}:{port}" for name in names}
    if port == 80:
        with_port |= names
    return frozenset(with_port)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _cookie(headers: dict[str, str], name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _given_token(scope: Scope, headers: dict[str, str]) -> tuple[str | None, bool]:
    """The token presented, and whether it came in the query string."""
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    if "token" in query:
        return query["token"], True
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), False
    return _cookie(headers, TOKEN_COOKIE), False


class SecurityMiddleware:
    """Pure ASGI middleware applying a :class:`SecurityPolicy` (see the module docstring).

    Parameters
    ----------
    app : ASGI app
    policy : SecurityPolicy
    """

    def __init__(self, app: ASGIApp, policy: SecurityPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Guard one HTTP request or WebSocket handshake, then hand it to the app."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            status, message = refusal
            if scope["type"] == "websocket":
                await _refuse_socket(receive, send, message)
            else:
                await _respond(send, status, message, self._headers_for(scope, headers))
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        _, in_query = _given_token(scope, headers)
        if in_query and scope["method"] == "GET" and not scope["path"].startswith("/api/"):
            await self._redirect_without_token(scope, send, headers)
            return
        await self._serve_http(scope, receive, send, headers)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """``(status, sentence)`` when the request must be refused, else None."""
        if headers.get("host", "").lower() not in self.policy.allowed_hosts:
            return 421, HOST_REFUSED
        given, _ = _given_token(scope, headers)
        if scope["path"] not in self.policy.open_paths and not token_ok(self.policy.token, given):
            return 401, TOKEN_REFUSED
        state_changing = scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS
        if state_changing and not self._same_origin(headers):
            return 403, ORIGIN_REFUSED
        return None

    def _same_origin(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin")
        if origin is not None:
            return self.policy.origin_ok(origin.lower())
        site = headers.get("sec-fetch-site")
        return site is None or site in ("same-origin", "none")

    async def _redirect_without_token(
        self, scope: Scope, send: Send, headers: dict[str, str]
    ) -> None:
        query = [(k, v) for k, v in parse_qsl(scope["query_string"].decode("latin-1"))]
        rest = urlencode([(k, v) for k, v in query if k != "token"])
        location = scope["path"] + (f"?{rest}" if rest else "")
        cookie = f"{TOKEN_COOKIE}={self.policy.token}; Path=/; HttpOnly; SameSite=Strict"
        extra = [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode())]
        await _respond(send, 303, "", self._headers_for(scope, headers) + extra)

    async def _serve_http(
        self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str]
    ) -> None:
        limit = self.policy.max_body_bytes
        if int(headers.get("content-length") or 0) > limit:
            await _respond(send, 413, _too_big(limit), self._headers_for(scope, headers))
            return
        state = {"received": 0, "too_big": False, "started": False}

        async def counting_receive() -> Message:
            if state["too_big"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["too_big"] = True  # the app sees a client that went away
                    return {"type": "http.disconnect"}
            return message

        extra = self._headers_for(scope, headers)

        async def guarded_send(message: Message) -> None:
            if state["too_big"]:
                return  # the app's answer to the cut body is replaced by the 413 below
            if message["type"] == "http.response.start":
                state["started"] = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in extra if k not in names
                ]
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not state["too_big"]:
                raise
        if state["too_big"] and not state["started"]:
            await _respond(send, 413, _too_big(limit), extra)

    def _headers_for(self, scope: Scope, headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
        """Security headers for this response (the report route gets its own CSP)."""
        path = scope.get("path", "")
        if any(path.startswith(prefix) for prefix in self.policy.report_prefixes):
            csp = REPORT_CSP
        else:
            host = headers.get("host", "")
            csp = PAGE_CSP.format(ws=f"ws://{host} wss://{host}")
        return [
            (b"content-security-policy", csp.encode("latin-1")),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
            (b"cache-control", b"no-store"),
        ]


def _too_big(limit: int) -> str:
    return f"The upload is over the {limit // 1_000_000} MB limit; upload a shorter clip."


async def _respond(
    send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]]
) -> None:
    """Send a whole JSON answer ``{"type": "error", "message": ...}`` (or an empty one)."""
    body = json.dumps({"type": "error", "message": message}).encode() if message else b""
    names = {k for k, _ in headers}
    base = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status in (413, 421):
        base.append((b"connection", b"close"))  # do not read the rest of the body
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(k, v) for k, v in base if k not in names] + headers,
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _refuse_socket(receive: Receive, send: Send, message: str) -> None:
    """Accept, say why in one error message, and close with 1008 (the page shows it)."""
    first = await receive()
    if first["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    await send(
        {"type": "websocket.send", "text": json.dumps({"type": "error", "message": message})}
    )
    await send({"type": "websocket.close", "code": CLOSE_POLICY, "reason": "refused"})
