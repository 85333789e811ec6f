"""Where results go: the JSON files, the README tables, and what produced them."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.clips import REPO_ROOT

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
README = BENCH_DIR / "README.md"


def _git(*args: str) -> str:
    """Output of a read-only git command in the repository ('' when git fails)."""
    try:
        done = subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def git_revision() -> str:
    """Short commit of HEAD, with ``-dirty`` when files differ from it (untracked included)."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("-dirty" if _git("status", "--porcelain") else "")


def start_metadata(**extra: Any) -> dict[str, Any]:
    """Commit, date, machine and load when a benchmark starts (the code that is measured)."""
    return {
        "git_commit": git_revision(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "load_average_1min_start": round(os.getloadavg()[0], 2),
        **extra,
    }


def finish_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """Add the load at the end: a load well above the benchmark's own means other work ran."""
    return {**meta, "load_average_1min_end": round(os.getloadavg()[0], 2)}


def run_metadata(**extra: Any) -> dict[str, Any]:
    """Start and end metadata in one call, for a benchmark that records it once."""
    return finish_metadata(start_metadata(**extra))


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """Write ``benchmarks/results/<name>.json``."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def update_readme(section: str, body: str, readme: Path = README) -> None:
    """Replace the text between ``<!-- section:start -->`` and ``<!-- section:end -->``.

    The markers are appended at the end of the README when missing.
    """
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    readme.write_text(text, encoding="utf-8")
