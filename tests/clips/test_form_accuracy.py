"""Fault-detection floors on the labelled real clips (shares the clip runs with the rep test).

The floors are the figures measured when the form stage landed, rounded down: a change that
makes detection worse fails here. The issue's targets (F1 ≥ 0.90 for rounded_back and
squatting, ≤ 10 % of good clips with any fault) are tracked in benchmarks/README.md.
"""

from __future__ import annotations

import pytest
from benchmarks.clips import MANIFEST, ClipRun, clips_with_labels
from benchmarks.form import to_labelled
from benchmarks.form_eval import flagged, live_offline_agreement, score, scored_clips
from benchmarks.form_variants import recognition_scores

from hingecoach.form.params import FaultThresholds

#: Measured on the 35 shared clips (benchmarks/results/form.json, tape.json), a clip being
#: flagged with what the person is told (faults on most reps and the set's focus): squatting
#: F1 1.00, hips_rise_first 1.00, rounded_back 1.00 (tby66/0016r_1, rounded on 4 of 10
#: reps, is told so as its focus), leaning_back 0.67 (found; one good one-rep clip
#: flagged). rounded_back has 3 labelled clips: one false alarm gives 0.86, one miss 0.80.
#: Good clips with any fault and live/offline agreement: see the floors below.
MIN_F1 = {"squatting": 0.9, "rounded_back": 0.85, "hips_rise_first": 0.9, "leaning_back": 0.6}
MAX_FALSE_FAULT_RATE = 0.1
#: Live vs offline: 97/98 reps name the same faults (each live rep settled as offline
#: measures it; the one left is a rep only offline counts, on a clip cut into close-ups).
MIN_LIVE_OFFLINE_AGREEMENT = 0.95
#: The variant recogniser against the manifest: 32 of 34 hinge clips (94 %; LOSO 94 %),
#: a bar-or-bells family counting when the manifest's variant is in it (side-on landmarks
#: cannot tell them apart, so the recogniser names the family, never a guessed one).
MIN_RECOGNISED = 0.9
MIN_RECOGNISED_IGNORING_IMPLEMENT = 0.9

pytestmark = [
    pytest.mark.clips,
    pytest.mark.slow,
    pytest.mark.skipif(
        not MANIFEST.is_file(), reason=f"the shared clips are absent ({MANIFEST} not found)"
    ),
]


@pytest.fixture(scope="module")
def form_scores(all_clip_runs: dict[str, ClipRun]) -> dict:
    runs = [all_clip_runs[clip.path] for clip in clips_with_labels()]
    labelled = to_labelled(runs)
    scored = scored_clips(labelled)
    predictions = [flagged(clip, FaultThresholds()) for clip in scored]
    live = live_offline_agreement(labelled)
    table = "\n".join(
        f"{clip.path}: {clip.label}/{clip.fault} → {sorted(p)}"
        for clip, p in zip(scored, predictions, strict=True)
    )
    return {"score": score(scored, predictions), "table": table, "live": live}


@pytest.mark.parametrize("fault", sorted(MIN_F1))
def test_fault_f1_meets_its_floor(form_scores: dict, fault: str) -> None:
    f1 = form_scores["score"]["per_fault"][fault]["f1"]
    assert f1 >= MIN_F1[fault], f"{fault} F1 {f1:.2f}\n{form_scores['table']}"


def test_few_good_clips_get_a_fault(form_scores: dict) -> None:
    rate = form_scores["score"]["false_fault_rate"]
    assert rate <= MAX_FALSE_FAULT_RATE, f"false-fault rate {rate:.2f}\n{form_scores['table']}"


def test_live_verdicts_agree_with_offline(form_scores: dict) -> None:
    live = form_scores["live"]
    assert live["rate"] >= MIN_LIVE_OFFLINE_AGREEMENT, live["disagreements"]


def test_the_variant_is_recognised_on_most_clips(all_clip_runs: dict[str, ClipRun]) -> None:
    scores = recognition_scores(list(all_clip_runs.values()))
    misses = [row for row in scores["per_clip"] if row["correct"] is False]
    assert scores["rate"] >= MIN_RECOGNISED, misses
    assert scores["rate_ignoring_implement"] >= MIN_RECOGNISED_IGNORING_IMPLEMENT, misses
