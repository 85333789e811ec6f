"""Settings of the web app, built once by the ``serve`` command (or a test)."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

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
        Required by every page and WebSocket when set; mandatory off loopback.
    data_dir : pathlib.Path
        Finished live sets are written here as JSON.
    model : PoseModel
        Pose model of live sessions and uploads.
    max_upload_bytes : int
        Largest accepted upload (200 MB: a few minutes of phone video).
    max_live_sessions : int
        Live sessions at once (2: each takes about one core at 15-25 fps).
    calibration_path : pathlib.Path or None
        The person's back range from ``hingecoach calibrate`` (``serve --calibration``);
        without it the stored one (``calibration.json`` beside the sets folder) is used
        when present, else population defaults.
    phone : bool
        Serve HTTPS for a phone as the camera (``serve --phone``): needs a token, and
        pairs phones with one-time codes.
    """

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    data_dir: Path = Path("sets")
    model: PoseModel = PoseModel.FULL
    max_upload_bytes: int = 200_000_000
    max_live_sessions: int = 2
    calibration_path: Path | None = None
    phone: bool = False

    def __post_init__(self) -> None:
        if not is_loopback(self.host) and not self.token:
            raise InputError(
                f"Binding to {self.host} exposes the camera to the network, so a token is "
                f"required; pass --token or set {TOKEN_ENV}."
            )
        if self.phone and not self.token:
            raise InputError("The phone mode needs a token; pass --token or let serve make one.")
        if not 0 < self.port < 65536:
            raise InputError(f"Port {self.port} is not a port number; use 1-65535.")
        if self.max_upload_bytes <= 0 or self.max_live_sessions <= 0:
            raise InputError("max_upload_bytes and max_live_sessions must be positive.")

    @property
    def url(self) -> str:
        """The address to open in a browser (with the token when one is set)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = f"/?token={self.token}" if self.token else "/"
        scheme = "https" if self.phone else "http"
        return f"{scheme}://{host}:{self.port}{query}"


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
