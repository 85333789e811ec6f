"""Drive the live page end to end: uvicorn in a thread, Chromium with a clip as its camera.

Used by the browser test and ``benchmarks/latency.py``; needs ``ffmpeg``, Debian's
``/usr/bin/chromium`` and the ``playwright`` Python package (no browser download).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from hingecoach.errors import InputError
from hingecoach.report.pdf import DEBIAN_CHROMIUM, HEADLESS_ARGS
from hingecoach.web.app import create_app
from hingecoach.web.phone import TlsFiles
from hingecoach.web.settings import WebSettings

CHROMIUM = DEBIAN_CHROMIUM
CHROMIUM_ARGS = (
    *HEADLESS_ARGS,
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(settings: WebSettings, tls: TlsFiles | None = None) -> Iterator[str]:
    """Serve the app in a background thread; yield its tokened URL, stop it on exit.

    The URL is the one ``hingecoach serve`` prints (``http://host:port/?token=...``); use
    :func:`page_url` for other pages. With ``tls`` (``serve --phone``), it serves HTTPS
    with that certificate.
    """
    app = create_app(settings, certificate_fingerprint=tls.fingerprint if tls else "")
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        ssl_certfile=str(tls.cert) if tls else None,
        ssl_keyfile=str(tls.key) if tls else None,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="hingecoach-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise InputError(f"The web app did not start on port {settings.port}; check the log.")
        time.sleep(0.05)
    try:
        yield settings.url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def page_url(url: str, path: str) -> str:
    """The tokened address of ``path`` on the server whose tokened ``url`` is given."""
    base, _, query = url.partition("/?")
    separator = "&" if "?" in path else "?"
    return f"{base}{path}{separator}{query}" if query else f"{base}{path}"


def make_fake_camera(
    clip: Path, out: Path, *, fps: int = 15, lead_s: float = 1.0, tail_s: float = 3.0
) -> Path:
    """Convert a clip into a 640x360 ``.y4m`` for Chromium's fake camera.

    The picture is padded to 16:9; the first frame is held ``lead_s`` and the last one
    ``tail_s``, because the fake camera loops the file and the test reads the count
    while the last frame is held.

    Raises
    ------
    InputError
        If ffmpeg is missing or fails.
    """
    if shutil.which("ffmpeg") is None:
        raise InputError("ffmpeg is not installed; run `make setup`.")
    filters = (
        "scale=640:360:force_original_aspect_ratio=decrease,"
        "pad=640:360:(ow-iw)/2:(oh-ih)/2,"
        f"fps={fps},"
        f"tpad=start_mode=clone:start_duration={lead_s}:stop_mode=clone:stop_duration={tail_s}"
    )
    command = ["ffmpeg", "-loglevel", "error", "-y", "-i", str(clip), "-vf", filters]
    command += ["-pix_fmt", "yuv420p", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise InputError(f"ffmpeg could not convert {clip.name}: {done.stderr.strip()[:200]}")
    return out


@dataclass(frozen=True, slots=True)
class LiveRun:
    """What the live page showed after one pass of the fake camera."""

    rep_count: int
    cues: list[dict[str, Any]]
    cue_text: str
    frames_sent: int
    frames_received: int
    fps: float
    latencies_ms: list[float]
    total_ms: list[float]
    errors: list[str]


def start_live_page(page: Any, variant: str = "auto") -> None:
    """Leave the guided start: pick ``variant`` (once the list is in) and start the camera."""
    page.wait_for_selector(f"#variant option[value='{variant}']", state="attached")
    page.select_option("#variant", variant)
    page.click("#begin")


def wait_until(page: Any, expression: str, timeout_s: float = 30.0) -> None:
    """Poll a page expression until it is true.

    ``page.evaluate`` runs through the DevTools protocol, which the page's Content Security
    Policy allows; ``wait_for_function`` evaluates strings inside the page, which it does not
    (no ``'unsafe-eval'``).
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression!r} was not true within {timeout_s:.0f} s")
        time.sleep(0.1)


def run_live_page(
    url: str, camera: Path, *, watch_s: float, screenshot: Path | None = None
) -> LiveRun:
    """Open the live page with ``camera`` as the webcam and watch it for ``watch_s``.

    ``watch_s`` counts from the first frame the page sends.
    """
    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS, f"--use-file-for-fake-video-capture={camera}"]
    if url.startswith("https://"):
        # Stands for accepting serve --phone's self-signed certificate once.
        args.append("--ignore-certificate-errors")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(url)
            start_live_page(page)
            wait_until(page, "!!(window.hingecoach && window.hingecoach.firstSentAt !== null)", 30)
            wait_until(
                page,
                f"performance.now() - window.hingecoach.firstSentAt > {watch_s * 1000}",
                watch_s + 30,
            )
            stats = page.evaluate("() => JSON.parse(JSON.stringify(window.hingecoach))")
            cue_text = page.inner_text("#cue")
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    elapsed_s = (stats["lastReceivedAt"] - stats["firstSentAt"]) / 1000
    return LiveRun(
        rep_count=stats["repCount"],
        cues=stats["cues"],
        cue_text=cue_text,
        frames_sent=stats["sent"],
        frames_received=stats["received"],
        fps=stats["received"] / elapsed_s if elapsed_s > 0 else 0.0,
        latencies_ms=stats["latenciesMs"],
        total_ms=stats["totalMs"],
        errors=stats["errors"],
    )
