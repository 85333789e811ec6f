"""CPU seconds of this process and every process it started, grouped by what they are.

Wall-clock ratios on a shared machine move with the load; CPU seconds move much less, and
they say where the time goes: this process, its pose or batch workers, or Ray's own
processes (GCS, raylet, dashboard, agents, monitors). Processes that outlive their parent's
wait (Ray's workers are the raylet's children, killed at shutdown, never reaped by us) are
not in ``RUSAGE_CHILDREN``, so :class:`CpuSampler` reads ``/proc`` every half
second and keeps each descendant's last reading (CPU used in the last interval before a
process ends is missed: a fraction of a second in all).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_TICKS_PER_S = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: Ray's own processes: gcs_server, raylet, dashboard.py, log_monitor, monitor.py (paths
#: under ``ray/``) and the agents Ray renames ``ray::DashboardAgent``, ``ray::RuntimeEnvAgent``.
_RAY_SYSTEM = ("/ray/", "Agent")


def process_group(cmdline: str, parent_cmdline: str) -> str:
    """The group a descendant process belongs to: ``workers``, ``ray_workers``, ...

    A Ray worker is a child of the raylet that is not one of Ray's agents (Ray retitles
    its workers ``ray::IDLE``, ``ray::analyze_job``...).
    """
    if any(fragment in cmdline for fragment in _RAY_SYSTEM):
        return "ray_system"
    if "raylet" in parent_cmdline or cmdline.startswith("ray::"):
        return "ray_workers"
    if "multiprocessing" in cmdline:  # spawned pool or pose workers
        return "workers"
    return "other"


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # ended while we looked
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def _proc_table() -> dict[int, tuple[int, float]]:
    """Every visible process: pid → (parent pid, CPU seconds)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended while we looked
            continue
        fields = stat.rsplit(")", 1)[1].split()
        cpu_s = (int(fields[11]) + int(fields[12])) / _TICKS_PER_S  # utime + stime
        table[int(entry.name)] = (int(fields[1]), cpu_s)
    return table


def _descends_from(pid: int, root: int, table: dict[int, tuple[int, float]]) -> bool:
    seen = set()
    while pid in table and pid not in seen:
        if pid == root:
            return True
        seen.add(pid)
        pid = table[pid][0]
    return False


@dataclass
class CpuSampler:
    """Sample the CPU of this process's descendants while in a ``with`` block.

    ``seconds()`` gives the CPU seconds used inside the block: ``self`` (this process,
    from ``time.process_time``) and each descendant group.
    """

    interval_s: float = 0.5
    _last: dict[int, tuple[float, str]] = field(default_factory=dict)
    _before: dict[int, float] = field(default_factory=dict)
    _self_s: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _sample(self) -> None:
        root, table = os.getpid(), _proc_table()
        for pid, (ppid, cpu_s) in table.items():
            if pid != root and _descends_from(pid, root, table):
                group = self._last[pid][1] if pid in self._last else None
                if group is None or group == "other":  # a new process, or not yet retitled
                    group = process_group(_cmdline(pid), _cmdline(ppid))
                self._last[pid] = (cpu_s, group)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self._sample()

    def __enter__(self) -> CpuSampler:
        self._sample()  # descendants already running count from here
        self._before = {pid: cpu_s for pid, (cpu_s, _) in self._last.items()}
        self._self_s = time.process_time()
        self._thread = threading.Thread(target=self._loop, name="cpu-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._sample()
        self._self_s = time.process_time() - self._self_s
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def seconds(self) -> dict[str, float]:
        """CPU seconds by group (``self`` and the descendant groups seen), rounded."""
        groups: dict[str, float] = {"self": self._self_s}
        for pid, (cpu_s, group) in self._last.items():
            groups[group] = groups.get(group, 0.0) + cpu_s - self._before.get(pid, 0.0)
        return {group: round(cpu_s, 1) for group, cpu_s in groups.items()}
