"""Save live sets as JSON files (an edge: the only place that writes them).

A running set is checkpointed after every counted rep (``checkpoint-<pid>-<id>.json``,
written atomically), so a crash or ``kill -9`` loses at most the rep in progress; the next
server start turns the checkpoints of dead processes into saved sets.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
import uuid
from pathlib import Path
from typing import Any

from hingecoach.atomic import remove_leftovers, write_text_atomic

log = logging.getLogger(__name__)

CHECKPOINT_PREFIX = "checkpoint-"


def _utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def save_set(data_dir: Path, record: dict[str, Any]) -> Path:
    """Write one finished set to ``data_dir`` and return its path.

    Parameters
    ----------
    data_dir : pathlib.Path
        Created when missing.
    record : dict
        JSON-ready set record (``LiveSession.summary()``).

    Returns
    -------
    pathlib.Path
        ``set-YYYYmmdd-HHMMSS-<id>.json``, written atomically (temporary file, fsync,
        rename), so a crash never leaves half a file.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = Path(data_dir) / f"set-{stamp}-{uuid.uuid4().hex[:8]}.json"
    record = {**record, "saved_at_utc": _utc_now()}
    write_text_atomic(path, json.dumps(record, indent=2))
    record_in_history(data_dir, path, record)
    return path


def record_in_history(data_dir: Path, path: Path, record: dict[str, Any]) -> None:
    """Add the saved set to the program's database (the JSON file stays as a backup).

    When the database cannot be written the file is imported on the server's next start.
    """
    from hingecoach.errors import HingecoachError
    from hingecoach.web.program_routes import ProgramWeb

    try:
        program = ProgramWeb.for_data_dir(data_dir, import_files=False)
        try:
            program.save_live(path, record)
        finally:
            program.store.close()
    except HingecoachError as error:
        logging.getLogger(__name__).warning("The set is saved in %s only: %s", path, error)


def new_checkpoint_path(data_dir: Path) -> Path:
    """Where a new running set is checkpointed (holds this process's id)."""
    return Path(data_dir) / f"{CHECKPOINT_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}.json"


def write_checkpoint(path: Path, record: dict[str, Any]) -> None:
    """Replace the running set's checkpoint atomically with ``record``."""
    write_text_atomic(path, json.dumps({**record, "checkpoint_at_utc": _utc_now()}))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_checkpoints(data_dir: Path) -> list[Path]:
    """Save the sets that a crashed server left as checkpoints; return the saved paths.

    Checkpoints of processes still running are left alone; unreadable ones are removed
    (an atomic write never leaves half a file, so they are not ours). Half-renamed
    ``.json.part`` files of older versions are finished too.

    Parameters
    ----------
    data_dir : pathlib.Path

    Returns
    -------
    list of pathlib.Path
        The recovered sets, marked ``"recovered": true``.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return []
    remove_leftovers(data_dir)
    saved = []
    for partial in data_dir.glob("set-*.json.part"):
        with contextlib.suppress(OSError, ValueError):
            json.loads(partial.read_text(encoding="utf-8"))
            partial.replace(partial.with_suffix(""))
            saved.append(partial.with_suffix(""))
    for checkpoint in sorted(data_dir.glob(f"{CHECKPOINT_PREFIX}*.json")):
        pid = checkpoint.name[len(CHECKPOINT_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and _pid_alive(int(pid)):
            continue
        try:
            record = json.loads(checkpoint.read_text(encoding="utf-8"))
            if isinstance(record, dict) and record.get("rep_count", 0) > 0:
                saved.append(save_set(data_dir, {**record, "recovered": True}))
        except (OSError, ValueError) as error:
            log.warning("Dropped an unreadable checkpoint %s: %s", checkpoint.name, error)
        checkpoint.unlink(missing_ok=True)
    return saved
