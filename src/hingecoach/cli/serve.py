"""The ``hingecoach serve`` command: the browser coach on this machine."""

from __future__ import annotations

import errno
import os
import secrets
import socket
from pathlib import Path
from typing import Annotated

import typer

from hingecoach.analysis.exercise import check_exercise_name
from hingecoach.analysis.params import AnalysisParams
from hingecoach.cli.extras import require_extra
from hingecoach.errors import InputError
from hingecoach.export.config_toml import read_config
from hingecoach.export.paths import check_output_folder
from hingecoach.form.profiles import AUTO, VARIANT_IDS
from hingecoach.pose.mediapipe_backend import PoseModel
from hingecoach.pose.quiet import disable_native_silencing
from hingecoach.web.settings import DATA_DIR_ENV, TOKEN_ENV, WebSettings, default_data_dir


def serve(
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to bind (127.0.0.1; with --phone this computer's LAN address); "
            "anything but loopback needs a token."
        ),
    ] = None,
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
    calibration: Annotated[
        Path | None,
        typer.Option(help="Your own back range, from `hingecoach calibrate` (as analyze)."),
    ] = None,
    exercise: Annotated[
        str,
        typer.Option(
            "--exercise",
            help="The hinge variant live sets are judged as, unless the page picks one: "
            "auto (recognise it), daily (everyday bends) or one of " + ", ".join(VARIANT_IDS),
        ),
    ] = AUTO,
    config_path: Annotated[
        Path | None,
        typer.Option("--config", help="A TOML file of thresholds and profiles, as analyze."),
    ] = None,
    phone: Annotated[
        bool,
        typer.Option(
            "--phone",
            help="Use a phone as the camera: HTTPS on the LAN (a self-signed certificate "
            "made once, kept in the data directory) and a QR code to pair the phone.",
        ),
    ] = False,
    max_upload_mb: Annotated[
        int, typer.Option(min=1, help="Largest upload in MB; bigger ones are cut off (413).")
    ] = 200,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(help="Another name this server answers to (LAN name, proxy); repeatable."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL of the program's history (or $HINGECOACH_DB)."),
    ] = None,
) -> None:
    """Coach live in the browser (camera in, spoken cues out) or analyse an uploaded video."""
    require_extra("web", "The browser coach")
    require_extra("report", "The browser coach's upload reports")
    import uvicorn

    from hingecoach.web.app import create_app
    from hingecoach.web.phone import detect_lan_address, ensure_certificate

    # Checked before anything is bound or printed: a bad file or name is one sentence.
    params = read_config(config_path) if config_path else AnalysisParams()
    check_exercise_name(exercise, params)
    given_token = token or os.environ.get(TOKEN_ENV) or None
    if db:  # read by the program pages and by every saved live set, in this process only
        os.environ["HINGECOACH_DB"] = db

    settings = WebSettings(
        host=host or (detect_lan_address() if phone else "127.0.0.1"),
        port=port,
        token=given_token or (secrets.token_urlsafe(16) if phone else None),
        data_dir=data_dir or default_data_dir(),
        model=model,
        calibration_path=calibration,
        exercise=exercise,
        config_path=config_path,
        phone=phone,
        allowed_hosts=tuple(allow_host or ()),
        max_upload_bytes=max_upload_mb * 1_000_000,
    )
    # A server runs for hours and its cameras may see nobody: MediaPipe's start-up lines
    # are cheaper than an fd 2 on /dev/null hiding every thread's errors.
    disable_native_silencing()
    check_output_folder(settings.data_dir, "--data-dir")
    listener = bind_socket(settings.host, settings.port)  # fails before anything is printed
    tls = ensure_certificate(settings.data_dir.parent, [settings.host]) if phone else None
    app = create_app(settings, certificate_fingerprint=tls.fingerprint if tls else "")
    typer.echo(f"hingecoach is serving on {settings.url} (Ctrl+C to stop)")
    typer.echo(f"Finished sets are saved in {settings.data_dir}")
    if tls is not None:
        _echo_pairing(settings, app.state.pairing.code, tls.fingerprint)
    config = uvicorn.Config(
        app,
        log_level="warning",
        ws_max_size=4_000_000,
        ssl_certfile=str(tls.cert) if tls else None,
        ssl_keyfile=str(tls.key) if tls else None,
    )
    uvicorn.Server(config).run(sockets=[listener])


def _echo_pairing(settings: WebSettings, code: str, fingerprint: str) -> None:
    """Say how to pair a phone, with the first one-time code as a QR code."""
    from hingecoach.web.phone import pairing_url, qr_terminal

    base = settings.url.split("/?", 1)[0]
    url = pairing_url(base, code)
    typer.echo(
        "Open the address above on this computer (accept its certificate once), then scan "
        "the QR code with the phone's camera. Each code works once; the page shows the next."
    )
    typer.echo(f"Certificate fingerprint (SHA-256): {fingerprint}")
    typer.echo(qr_terminal(url))
    typer.echo(url)


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``.

    Raises
    ------
    InputError
        If the port is taken or the address is not this machine's.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
        listener.listen(128)
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            reason = f"port {port} is already in use; stop the other server or pass --port"
        elif error.errno == errno.EACCES:
            reason = f"port {port} needs more rights than this user has; pass --port above 1023"
        else:
            reason = f"{host} cannot be bound here ({error.strerror}); pass --host 127.0.0.1"
        raise InputError(f"Cannot serve on {host}:{port}: {reason}.") from None
    listener.set_inheritable(True)
    return listener
