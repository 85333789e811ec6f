"""Settings of the web app, built once by the ``serve`` command (or a test)."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from hingecoach.analysis.params import AnalysisParams
from hingecoach.errors import InputError
from hingecoach.form.calibration import BackCalibration
from hingecoach.pose.mediapipe_backend import PoseModel

#: Environment variables the server reads when no flag is given.
TOKEN_ENV = "HINGECOACH_TOKEN"
DATA_DIR_ENV = "HINGECOACH_DATA_DIR"
#: The stored calibration, beside the sets folder in the data directory.
STORED_CALIBRATION = "calibration.json"


def default_data_dir() -> Path:
    """Where finished sets are saved: ``$HINGECOACH_DATA_DIR`` or ``~/.local/share/...``."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path.home() / ".local" / "share" / "hingecoach" / "sets"


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What the web app needs to know.

    Attributes
    ----------
    host : str
        Address to bind (loopback by default: the camera stays on this machine).
    port : int
    token : str or None
        Required by every page and WebSocket. On loopback a random one is made when none is
        given (a web page on another site must not reach the camera or the API); off
        loopback it must be given, so whoever shares the server chooses it.
    data_dir : pathlib.Path
        Finished live sets are written here as JSON.
    model : PoseModel
        Pose model of live sessions and uploads.
    max_upload_bytes : int
        Largest accepted upload (200 MB: a few minutes of phone video).
    max_live_sessions : int
        Live sessions at once (2: each takes about one core at 15-25 fps).
    allowed_hosts : tuple of str
        Extra names the server answers to (``Host`` header), besides loopback and the
        bound address: e.g. the machine's LAN name, or a proxy's (with or without port).
    max_queued_uploads : int
        Uploads waiting or running at once (3: one runs at a time, each taking minutes;
        more are refused with 429 instead of piling up on disk).
    upload_ttl_s : float
        Finished uploads' reports are deleted this long after they end (3600 s: time
        to read them; the set itself is shown on the page).
    calibration_path : pathlib.Path or None
        The person's back range from ``hingecoach calibrate`` (``serve --calibration``);
        without it the stored one (``calibration.json`` beside the sets folder) is used
        when present, else population defaults.
    phone : bool
        Serve HTTPS for a phone as the camera (``serve --phone``): needs a token, and
        pairs phones with one-time codes.
    exercise : str
        The variant live sets are judged as when the page does not pick one
        (``serve --exercise``; ``auto``: recognised).
    config_path : pathlib.Path or None
        A TOML file of analysis settings (``serve --config``), as ``analyze --config``.
    """

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    data_dir: Path = Path("sets")
    model: PoseModel = PoseModel.FULL
    max_upload_bytes: int = 200_000_000
    max_live_sessions: int = 2
    allowed_hosts: tuple[str, ...] = field(default=())
    max_queued_uploads: int = 3
    upload_ttl_s: float = 3600.0
    calibration_path: Path | None = None
    phone: bool = False
    exercise: str = "auto"
    config_path: Path | None = None

    def __post_init__(self) -> None:
        if self.phone and not self.token:
            raise InputError("The phone mode needs a token; pass --token or let serve make one.")
        if not self.token and is_loopback(self.host):
            # Imported here: security.py is the web layer's; settings stays import-light.
            from hingecoach.web.security import new_token

            object.__setattr__(self, "token", new_token())
        if not is_loopback(self.host) and not self.token:
            raise InputError(
                f"Binding to {self.host} exposes the camera to the network, so a token is "
                f"required; pass --token or set {TOKEN_ENV}."
            )
        if not 0 < self.port < 65536:
            raise InputError(f"Port {self.port} is not a port number; use 1-65535.")
        if self.max_upload_bytes <= 0 or self.max_live_sessions <= 0:
            raise InputError("max_upload_bytes and max_live_sessions must be positive.")

    @property
    def url(self) -> str:
        """The address to open in a browser, with the token (it moves into a cookie)."""
        return f"{self.base_url}/?token={self.token}"

    @property
    def base_url(self) -> str:
        """``http://host:port`` without a path or token."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        if host in ("0.0.0.0", "[::]"):
            host = "127.0.0.1"
        scheme = "https" if self.phone else "http"
        return f"{scheme}://{host}:{self.port}"


def live_calibration(settings: WebSettings) -> BackCalibration | None:
    """The calibration live sets are judged with, as ``analyze --calibration`` would.

    Raises
    ------
    InputError
        If ``--calibration`` names a file that is missing or not a calibration.
    """
    from hingecoach.export.calibration_json import read_calibration

    if settings.calibration_path is not None:
        return read_calibration(settings.calibration_path)
    stored = settings.data_dir.parent / STORED_CALIBRATION
    return read_calibration(stored) if stored.is_file() else None


def live_analysis_params(settings: WebSettings) -> AnalysisParams | None:
    """The analysis settings live sets are judged with, as ``analyze --config`` would.

    Raises
    ------
    InputError
        If ``--config`` names a missing file, or a bad table, key or value.
    """
    if settings.config_path is None:
        return None
    from hingecoach.export.config_toml import read_config

    return read_config(settings.config_path)
