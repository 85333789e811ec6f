"""One analysis of every evaluation clip, shared by the rep and form accuracy tests."""

from __future__ import annotations

import pytest
from benchmarks.clips import ClipRun, analyze_clips, clips_with_reps, load_manifest


@pytest.fixture(scope="session")
def all_clip_runs() -> dict[str, ClipRun]:
    """Every clip with a rep count or a good/bad label, analysed once, two at a time."""
    clips = [
        clip
        for clip in load_manifest()
        if clip.reps_expected is not None or clip.label in ("good", "bad")
    ]
    return {run.clip.path: run for run in analyze_clips(clips)}


@pytest.fixture(scope="session")
def clip_runs(all_clip_runs: dict[str, ClipRun]) -> list[ClipRun]:
    """Runs of the clips with a known rep count, in manifest order."""
    return [all_clip_runs[clip.path] for clip in clips_with_reps()]
