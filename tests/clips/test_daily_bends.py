"""Everyday bends on the real clips (shares the clip runs with the rep and form tests).

No clip of everyday bending is among the dev clips, so the clips check the classes that
they do show: the squat negative's bends are squats, the hinge sets' bends are hinges,
and no set is called everyday bends by ``--exercise auto``. Floors are the figures
measured when the bends landed (benchmarks/results/daily.json), rounded down: 74 of 85
bends of the hinge sets without a squatting or rounded-back label classed hinge (87 %);
12 of 13 bends of the squat negative and the squatting kettlebell set classed squat.
"""

from __future__ import annotations

import pytest
from benchmarks.clips import MANIFEST, ClipRun
from benchmarks.daily import is_hinge_set

from hingecoach.daily import DAILY
from hingecoach.daily.bends import BendClass

MIN_HINGE_SHARE = 0.8
MIN_SQUAT_SHARE = 0.85
SQUAT_NEGATIVE = "sebitzu/squat.mp4"

pytestmark = [
    pytest.mark.clips,
    pytest.mark.slow,
    pytest.mark.skipif(
        not MANIFEST.is_file(), reason=f"the shared clips are absent ({MANIFEST} not found)"
    ),
]


def _kinds(run: ClipRun) -> list[BendClass]:
    return [] if run.result is None else [bend.kind for bend in run.result.bends.bends]


def test_the_squat_negative_is_classed_squat(all_clip_runs: dict[str, ClipRun]):
    kinds = _kinds(all_clip_runs[SQUAT_NEGATIVE])
    assert kinds and all(kind is BendClass.SQUAT for kind in kinds)


def test_the_hinge_sets_bends_are_hinges(all_clip_runs: dict[str, ClipRun]):
    kinds = [
        kind for run in all_clip_runs.values() if is_hinge_set(run.clip) for kind in _kinds(run)
    ]
    share = sum(kind is BendClass.HINGE for kind in kinds) / len(kinds)
    assert share >= MIN_HINGE_SHARE, f"{share:.0%} of {len(kinds)} bends classed hinge"


def test_squatting_clips_bends_are_squats(all_clip_runs: dict[str, ClipRun]):
    squatting = [
        run
        for run in all_clip_runs.values()
        if run.clip.exercise == "squat" or run.clip.fault == "squatting_the_hinge"
    ]
    kinds = [kind for run in squatting for kind in _kinds(run)]
    share = sum(kind is BendClass.SQUAT for kind in kinds) / len(kinds)
    assert share >= MIN_SQUAT_SHARE, f"{share:.0%} of {len(kinds)} bends classed squat"


def test_no_set_is_called_everyday_bends(all_clip_runs: dict[str, ClipRun]):
    called = [
        path
        for path, run in all_clip_runs.items()
        if run.session and run.session["exercise"] == DAILY
    ]
    assert not called
