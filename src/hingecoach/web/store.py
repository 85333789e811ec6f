"""Save finished live sets as JSON files (an edge: the only place that writes them)."""

from __future__ import annotations

import json
import logging
import time
import uuid
from pathlib import Path
from typing import Any


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
        ``set-YYYYmmdd-HHMMSS-<id>.json``; written to a temporary name first, so a crash
        never leaves half a file.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = data_dir / f"set-{stamp}-{uuid.uuid4().hex[:8]}.json"
    record = {**record, "saved_at_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(record, indent=2), encoding="utf-8")
    partial.replace(path)
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
