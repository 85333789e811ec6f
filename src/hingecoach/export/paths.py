"""Check output paths before any work starts, so a long analysis never ends in "cannot write".

Each check raises one :class:`~hingecoach.errors.InputError` sentence naming the real
reason: a folder where a file is wanted, a FIFO, a parent that is a file, no write
permission, or the input video itself.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from hingecoach.errors import InputError


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a file"


def _check_creatable(path: Path, option: str) -> None:
    """The nearest existing ancestor of ``path`` must be a writable folder."""
    for ancestor in path.absolute().parents:
        try:
            mode = ancestor.stat().st_mode
        except FileNotFoundError:
            continue
        except NotADirectoryError:
            continue  # a higher ancestor is a file; the loop reaches it
        if not stat.S_ISDIR(mode):
            raise InputError(
                f"{ancestor} is {_kind(mode)}, not a folder, so {path} cannot be created; "
                f"pass another path to {option}."
            )
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise InputError(
                f"{ancestor} is not writable by this user; pass another path to {option}."
            )
        return


def check_output_file(path: Path, option: str, *, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output file path that cannot (or must not) be written.

    Parameters
    ----------
    path : pathlib.Path
    option : str
        The flag that named it (``--json``), for the message.
    inputs : iterable of pathlib.Path
        Input files that must not be overwritten.

    Raises
    ------
    InputError
        If ``path`` is a folder, FIFO or device, is not writable, is an input, or its
        folder cannot be created.
    """
    path = Path(path)
    for source in inputs:
        if path.exists() and Path(source).exists() and path.samefile(source):
            raise InputError(f"{option} {path} is the input itself; pass another file name.")
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        _check_creatable(path, option)
        return
    if not stat.S_ISREG(mode):
        raise InputError(f"{path} is {_kind(mode)}; pass a file name to {option}.")
    if not os.access(path, os.W_OK):
        raise InputError(f"{path} is not writable by this user; pass another path to {option}.")
    _check_creatable(path, option)


def check_output_folder(path: Path, option: str) -> None:
    """Refuse an output folder path that is a file or cannot be created or written.

    Raises
    ------
    InputError
        If ``path`` exists but is not a folder, or it cannot be created or written.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        _check_creatable(path, option)
        return
    if not stat.S_ISDIR(mode):
        raise InputError(f"{path} is {_kind(mode)}, not a folder; pass a folder to {option}.")
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError(f"{path} is not writable by this user; pass another folder to {option}.")
    _check_creatable(path, option)  # the folder is rebuilt beside itself, in its parent
