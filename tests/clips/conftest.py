"""One analysis of every evaluation clip, shared by the rep and form accuracy tests."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from benchmarks.clips import ClipRun, analyze_clip, load_manifest, longest_first


@pytest.fixture(scope="session")
def all_clip_runs() -> dict[str, ClipRun]:
    """Every clip with a rep count or a good/bad label, analysed once, two at a time."""
    clips = [
        clip
        for clip in load_manifest()
        if clip.reps_expected is not None or clip.label in ("good", "bad")
    ]
    # spawn: each worker starts MediaPipe in a clean process, not a fork of pytest's.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        return {run.clip.path: run for run in pool.map(analyze_clip, longest_first(clips))}


@pytest.fixture(scope="session")
def clip_runs(all_clip_runs: dict[str, ClipRun]) -> list[ClipRun]:
    """Runs of the clips with a known rep count, in manifest order."""
    return [all_clip_runs[clip.path] for clip in load_manifest() if clip.reps_expected is not None]
