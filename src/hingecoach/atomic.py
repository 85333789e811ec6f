"""Atomic file writes: a crash leaves either the old file or the new one, never half of one.

Every file hingecoach writes goes through :func:`atomic_path`: the content is written to a
hidden temporary file in the same folder, flushed to the disk (``fsync``), renamed over
the target (``os.replace`` is atomic on POSIX within one file system) and the folder is
fsynced so the rename itself survives a power cut. Folders (report folders) are built
beside their target and swapped in whole by :func:`swap_in_folder`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

#: Temporary names start with this, so a sweep can recognise and remove leftovers.
TEMP_PREFIX = ".hingecoach-tmp-"


def _temp_name(name: str) -> str:
    """A hidden name holding this process's id, so leftovers of dead runs can be told apart."""
    return f"{TEMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}-{name}"


def _owner_alive(name: str) -> bool:
    """Whether the process that made the temporary ``name`` is still running."""
    pid_text = name[len(TEMP_PREFIX) :].split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (renames, new files) to disk; a no-op where unsupported."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems (and Windows) cannot fsync a folder
    finally:
        os.close(handle)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` atomically.

    Parameters
    ----------
    target : pathlib.Path
        The file to write; its parent folders are created.

    Yields
    ------
    pathlib.Path
        A hidden file beside ``target`` (same folder, so the rename is atomic), with the
        same suffix (writers such as NumPy and FFmpeg choose the format from it). On an
        exception it is deleted and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.parent / _temp_name(target.name)
    try:
        yield temp
        _fsync_file(temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


def write_text_atomic(target: Path, text: str) -> None:
    """Write UTF-8 text to ``target`` atomically (see :func:`atomic_path`)."""
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write bytes to ``target`` atomically (see :func:`atomic_path`)."""
    with atomic_path(target) as temp:
        temp.write_bytes(data)


def new_sibling_folder(target: Path) -> Path:
    """A fresh, empty hidden folder beside ``target`` to build its replacement in."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = target.parent / _temp_name(target.name)
    folder.mkdir()
    return folder


def swap_in_folder(built: Path, target: Path) -> None:
    """Put the finished folder ``built`` in the place of ``target``, as whole as possible.

    ``target`` (if any) is first renamed aside, then ``built`` renamed into place, then the
    old one deleted: a crash between the two renames leaves the old folder under a hidden
    name beside it (removed by :func:`remove_leftovers`), never a mix of old and new files.
    """
    built, target = Path(built), Path(target)
    for path in built.rglob("*"):
        if path.is_file():
            _fsync_file(path)
    fsync_folder(built)
    old = None
    if target.exists():
        old = target.parent / _temp_name(target.name)
        os.replace(target, old)
    os.replace(built, target)
    fsync_folder(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(folder: Path, name: str = "") -> int:
    """Delete temporary files and folders that killed runs left in ``folder``.

    Parameters
    ----------
    folder : pathlib.Path
    name : str, optional
        Only the leftovers of this target name (all of them when empty).

    Returns
    -------
    int
        How many were removed; those of processes still running are kept.
    """
    removed = 0
    with contextlib.suppress(OSError):
        for path in Path(folder).glob(f"{TEMP_PREFIX}*{name}"):
            if _owner_alive(path.name):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed += 1
    return removed
