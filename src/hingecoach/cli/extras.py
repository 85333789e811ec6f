"""Optional dependency groups (``hingecoach[web]``, ``[report]``): one sentence when missing."""

from __future__ import annotations

import importlib.util

from hingecoach.errors import HingecoachError

#: The modules each extra brings, as ``pyproject.toml`` declares them.
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "report": ("plotly", "jinja2"),
    "web": ("fastapi", "uvicorn", "multipart", "websockets", "cryptography", "segno", "jinja2"),
    "scale": ("ray",),
}


class MissingExtraError(HingecoachError):
    """A command needs an optional dependency group that is not installed."""


def require_extra(extra: str, what: str) -> None:
    """Raise one sentence naming the extra to install when its modules are missing.

    Parameters
    ----------
    extra : str
        A key of :data:`EXTRA_MODULES`.
    what : str
        What needs it, for the sentence (e.g. ``"The browser coach"``).

    Raises
    ------
    MissingExtraError
        If any module of the extra cannot be imported.
    """
    missing = [name for name in EXTRA_MODULES[extra] if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtraError(
            f"{what} needs hingecoach's '{extra}' extra ({', '.join(missing)} missing); "
            f"install it with: pip install 'hingecoach[{extra}]'."
        )
