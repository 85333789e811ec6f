"""One analysis of every evaluation clip, shared by the rep and form accuracy tests."""

from __future__ import annotations

import os

import pytest
from benchmarks.clips import ClipRun, analyze_clips, clips_with_reps, load_manifest


def _clip_line(run: ClipRun, done: int, total: int) -> str:
    """One line per analysed clip: what was counted, against what is expected."""
    outcome = f"error: {run.error}" if run.error else f"{run.counted} reps"
    expected = "" if run.clip.reps_expected is None else f" (expected {run.clip.reps_expected})"
    return f"clips {done:>2}/{total}: {run.clip.path}: {outcome}{expected}, {run.seconds:.0f} s"


def _cores() -> int:
    """Cores this process may run on (CI's 2; fewer when pinned), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@pytest.fixture(scope="session")
def all_clip_runs(pytestconfig: pytest.Config) -> dict[str, ClipRun]:
    """Every clip with a rep count or a good/bad label, analysed once, one process a core.

    Each worker process runs one MediaPipe model (about one core), so one worker per core
    keeps every core busy; results come back in manifest order whatever the order they
    finish in, the same as a serial run. Each clip prints one line as it finishes (past
    pytest's output capture), so a long first analysis shows that it is moving.
    """
    clips = [
        clip
        for clip in load_manifest()
        if clip.reps_expected is not None or clip.label in ("good", "bad")
    ]
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")

    def say(line: str) -> None:
        if reporter is not None and capture is not None:
            with capture.global_and_fixture_disabled():
                reporter.write_line(line)

    jobs = _cores()
    say(f"\nclips: analysing {len(clips)} clips, {jobs} at a time")
    runs = analyze_clips(clips, jobs=jobs, on_run=lambda *done: say(_clip_line(*done)))
    return {run.clip.path: run for run in runs}


@pytest.fixture(scope="session")
def clip_runs(all_clip_runs: dict[str, ClipRun]) -> list[ClipRun]:
    """Runs of the clips with a known rep count, in manifest order."""
    return [all_clip_runs[clip.path] for clip in clips_with_reps()]
