"""Run ``python -m hingecoach analyze`` as users do, and measure its time and peak memory."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Runs ``python -m hingecoach`` (through runpy, as ``-m`` does) and, at exit, writes the
#: process's peak resident memory (``VmHWM``, kB) to the file named by the first argument.
#: ``ru_maxrss`` from ``wait4`` cannot be used: Linux carries the *parent's* peak RSS into
#: a child across fork/vfork + exec, so a child of a large benchmark process would report
#: the parent's peak (``/bin/true`` started from a 1 GB process reports 1 GB).
_PEAK_WRAPPER = """
import atexit, runpy, sys
peak_file = sys.argv.pop(1)
def _write_peak():
    with open("/proc/self/status") as status:
        peak_kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(peak_file, "w") as out:
        out.write(peak_kb)
atexit.register(_write_peak)
sys.argv[0] = "hingecoach"
runpy.run_module("hingecoach", run_name="__main__", alter_sys=True)
"""


@dataclass(frozen=True, slots=True)
class CliRun:
    """One run of the analyze command.

    Attributes
    ----------
    returncode : int
        Exit status (2 for a problem the CLI explains in one sentence).
    seconds : float
        Wall-clock time, process start to exit (imports included).
    peak_rss_mb : float or None
        Peak resident memory of the process (``VmHWM``), MiB, when it was measured.
    session : dict or None
        The analysis JSON, when the command wrote one.
    stderr : str
        The end of what the command printed to stderr.
    """

    returncode: int
    seconds: float
    peak_rss_mb: float | None
    session: dict[str, Any] | None
    stderr: str


def _command(
    video: Path, json_path: Path, model: str, peak_path: Path | None, extra: tuple[str, ...] = ()
) -> list[str]:
    arguments = ["analyze", str(video), "--json", str(json_path), "-q", "--model", model, *extra]
    if peak_path is None:
        return [sys.executable, "-m", "hingecoach", *arguments]
    return [sys.executable, "-c", _PEAK_WRAPPER, str(peak_path), *arguments]


def run_analyze_cli(
    video: Path,
    *,
    workdir: Path,
    model: str = "full",
    measure_peak: bool = False,
    timeout_s: float = 900.0,
    extra_args: tuple[str, ...] = (),
) -> CliRun:
    """Run ``python -m hingecoach analyze VIDEO --json ... -q --model M`` and wait for it.

    With ``measure_peak`` the same module runs under a small wrapper that records the
    process's peak resident memory at exit (see ``_PEAK_WRAPPER``). ``extra_args`` are
    added to the command (e.g. ``("--workers", "1")``).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    stem = f"{video.parent.name}_{video.stem}_{threading.get_ident()}"
    json_path, peak_path = workdir / f"{stem}.json", workdir / f"{stem}.peak"
    json_path.unlink(missing_ok=True)
    peak_path.unlink(missing_ok=True)
    command = _command(video, json_path, model, peak_path if measure_peak else None, extra_args)
    with (workdir / f"{stem}.out").open("wb") as out, (workdir / f"{stem}.err").open("w+b") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=workdir, stdout=out, stderr=err)
        try:
            returncode = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            returncode = process.wait()
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")[-2000:]
    session = None
    if returncode == 0 and json_path.exists():
        session = json.loads(json_path.read_text(encoding="utf-8"))
    peak_rss_mb = None
    if peak_path.exists():
        peak_rss_mb = int(peak_path.read_text(encoding="utf-8")) / 1024.0
    return CliRun(returncode, seconds, peak_rss_mb, session, stderr.strip())
