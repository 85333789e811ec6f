"""Read a ``--config`` TOML file into analysis settings (the edge side of the config)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hingecoach.analysis.config import params_from_config
from hingecoach.analysis.params import AnalysisParams
from hingecoach.errors import InputError


def read_config(path: Path) -> AnalysisParams:
    """The analysis settings of a TOML config file, over the defaults.

    Raises
    ------
    InputError
        If the file is missing, is not TOML, or names an unknown table or key, or holds a
        bad value (one sentence).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"The config file {path} does not exist; pass a TOML file.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"The config file {path} is not valid TOML ({error}).") from None
    return params_from_config(data)
