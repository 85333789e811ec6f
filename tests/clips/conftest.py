"""One analysis of every evaluation clip, shared by the rep and form accuracy tests."""

from __future__ import annotations

import pytest
from benchmarks.clips import ClipRun, analyze_clips, clips_with_reps, load_manifest


def _clip_line(run: ClipRun, done: int, total: int) -> str:
    """One line per analysed clip: what was counted, against what is expected."""
    outcome = f"error: {run.error}" if run.error else f"{run.counted} reps"
    expected = "" if run.clip.reps_expected is None else f" (expected {run.clip.reps_expected})"
    return f"clips {done:>2}/{total}: {run.clip.path}: {outcome}{expected}, {run.seconds:.0f} s"


@pytest.fixture(scope="session")
def all_clip_runs(pytestconfig: pytest.Config) -> dict[str, ClipRun]:
    """Every clip with a rep count or a good/bad label, analysed once, two at a time.

    Each clip prints one line as it finishes (past pytest's output capture), so a long
    first analysis shows that it is moving.
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

    say(f"\nclips: analysing {len(clips)} clips, two at a time")
    runs = analyze_clips(clips, on_run=lambda *done: say(_clip_line(*done)))
    return {run.clip.path: run for run in runs}


@pytest.fixture(scope="session")
def clip_runs(all_clip_runs: dict[str, ClipRun]) -> list[ClipRun]:
    """Runs of the clips with a known rep count, in manifest order."""
    return [all_clip_runs[clip.path] for clip in clips_with_reps()]
