"""The ``hingecoach serve`` command: the browser coach on this machine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from hingecoach.cli.extras import require_extra
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.quiet import disable_native_silencing
from hingecoach.web.settings import DATA_DIR_ENV, TOKEN_ENV, WebSettings, default_data_dir


def serve(
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    token: Annotated[
        str | None,
        typer.Option(help=f"Token every page and socket must present (or ${TOKEN_ENV})."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(help=f"Where finished sets are saved (or ${DATA_DIR_ENV})."),
    ] = None,
    model: Annotated[PoseModel, typer.Option(help="Pose model.")] = PoseModel.FULL,
) -> None:
    """Coach live in the browser (camera in, spoken cues out) or analyse an uploaded video."""
    require_extra("web", "The browser coach")
    require_extra("report", "The browser coach's upload reports")
    import uvicorn

    from hingecoach.web.app import create_app

    settings = WebSettings(
        host=host,
        port=port,
        token=token or os.environ.get(TOKEN_ENV) or None,
        data_dir=data_dir or default_data_dir(),
        model=model,
    )
    # A server runs for hours and its cameras may see nobody: MediaPipe's start-up lines
    # are cheaper than an fd 2 on /dev/null hiding every thread's errors.
    disable_native_silencing()
    app = create_app(settings)
    typer.echo(f"hingecoach is serving on {settings.url} (Ctrl+C to stop)")
    typer.echo(f"Finished sets are saved in {settings.data_dir}")
    uvicorn.run(
        app, host=settings.host, port=settings.port, log_level="warning", ws_max_size=4_000_000
    )
