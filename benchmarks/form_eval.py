"""Clip-level scoring of the fault rules, and a leave-one-source-out check.

A clip is flagged with a fault when most of its reps are (the set's ``set_faults``) or
when it is the set's focus: what the person is told, the faults on most reps and the one
thing to work on (which may sit on as few as a quarter of the reps).
Leave-one-source-out: each rule's one threshold is chosen on every source but one, from a
grid around its default, and the clips of the source left out are scored with it; the
pooled held-out predictions give the LOSO figures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hingecoach.analysis.replay import replay_live
from hingecoach.analysis.result import SessionResult
from hingecoach.form.assess import assess_set
from hingecoach.form.findings import FaultCode
from hingecoach.form.params import FaultThresholds
from hingecoach.form.profiles import VariantProfile, default_variants

#: Manifest fault names → hingecoach fault codes (those the manifest labels).
MANIFEST_FAULTS: dict[str, FaultCode] = {
    "rounded_back": FaultCode.ROUNDED_BACK,
    "squatting_the_hinge": FaultCode.SQUATTING,
    "hips_rise_first": FaultCode.HIPS_RISE_FIRST,
    "lockout_hyperextension": FaultCode.LEANING_BACK,
}
#: The threshold each labelled fault's rule turns on, and the grid LOSO searches.
TUNABLE: dict[FaultCode, tuple[str, tuple[float, ...]]] = {
    FaultCode.ROUNDED_BACK: ("rounded_back_pct", tuple(np.arange(20.0, 101.0, 5.0))),
    FaultCode.SQUATTING: ("squat_index", tuple(np.round(np.arange(0.45, 0.86, 0.01), 2))),
    FaultCode.HIPS_RISE_FIRST: (
        "rise_trunk_share",
        tuple(np.round(np.arange(0.05, 0.41, 0.01), 2)),
    ),
    FaultCode.LEANING_BACK: ("lean_back_deg", tuple(np.arange(6.0, 25.0, 1.0))),
}


#: Faults read from the virtual tape. Replayed landmarks carry no segmentation masks, so
#: the live tape lacks the silhouette; these are left out of the live/offline comparison.
TAPE_FAULTS = frozenset({FaultCode.ROUNDED_BACK, FaultCode.TOO_DEEP})


@dataclass(frozen=True, slots=True)
class LabelledClip:
    """One labelled clip's analysis, ready to be re-assessed with other thresholds."""

    path: str
    source: str
    label: str
    fault: FaultCode | None
    result: SessionResult
    tape_peaks: tuple[tuple[float, float], ...] | None
    #: The variant the analysis judged the clip as (recognised), re-used when re-assessing.
    profile: VariantProfile | None = None


def labelled_clip(
    path: str, label: str, manifest_fault: str, result: SessionResult
) -> LabelledClip:
    """A clip's analysis with its manifest labels, its tape peaks and its judged variant."""
    assert result.form is not None  # callers keep only clips with a form verdict
    exercise = result.exercise
    return LabelledClip(
        path=path,
        source=path.split("/")[0],
        label=label,
        fault=MANIFEST_FAULTS.get(manifest_fault),
        result=result,
        tape_peaks=tuple((rep.tape_peak_pct, rep.tape_confidence) for rep in result.form.reps),
        profile=None if exercise is None else default_variants().get(exercise.id),
    )


def scored_clips(clips: Sequence[LabelledClip]) -> list[LabelledClip]:
    """The clips the fault scores count: good ones, and bad ones with a fault the rules know.

    A bad clip whose manifest fault has no hingecoach code is left out of the scores.
    """
    return [clip for clip in clips if clip.label == "good" or clip.fault is not None]


def flagged(clip: LabelledClip, params: FaultThresholds) -> frozenset[FaultCode]:
    """What the person is told about a clip: faults on most reps, and the focus."""
    result = clip.result
    b_stance = clip.profile is not None and "staggered" in clip.profile.feet
    form = assess_set(
        result.reps,
        result.kinematics,
        result.view,
        tape_peaks=clip.tape_peaks,
        params=params,
        profile=clip.profile,
        world_xyz_m=None if result.landmarks is None else result.landmarks.world_xyz_m,
        b_stance=b_stance,
    )
    focus = () if form.focus is None else (form.focus.code,)
    return frozenset((*form.set_faults, *focus))


def prf(truth: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float | int]:
    """Precision, recall and F1 of boolean predictions (NaN where undefined)."""
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def score(
    clips: Sequence[LabelledClip], predictions: Sequence[frozenset[FaultCode]]
) -> dict[str, Any]:
    """Per-fault P/R/F1 over the good and bad clips, and the false-fault rate on good ones."""
    per_fault = {
        code.value: prf(
            [clip.fault is code for clip in clips], [code in predicted for predicted in predictions]
        )
        for code in MANIFEST_FAULTS.values()
    }
    good = [
        predicted
        for clip, predicted in zip(clips, predictions, strict=True)
        if clip.label == "good"
    ]
    flagged_good = sum(1 for predicted in good if predicted)
    return {
        "per_fault": per_fault,
        "good_clips": len(good),
        "good_clips_with_any_fault": flagged_good,
        "false_fault_rate": flagged_good / len(good) if good else float("nan"),
    }


def _training_errors(
    clips: Sequence[LabelledClip], code: FaultCode, params: FaultThresholds
) -> int:
    """Clips a threshold gets wrong for one fault (missed positives + flagged others)."""
    return sum((code in flagged(clip, params)) != (clip.fault is code) for clip in clips)


def choose_thresholds(clips: Sequence[LabelledClip], base: FaultThresholds) -> FaultThresholds:
    """Pick each tunable threshold with the fewest training errors (ties: nearest default)."""
    chosen = base
    for code, (name, grid) in TUNABLE.items():
        default = getattr(base, name)
        best = min(
            grid,
            key=lambda value: (
                _training_errors(clips, code, dataclasses.replace(base, **{name: float(value)})),
                abs(value - default),
            ),
        )
        chosen = dataclasses.replace(chosen, **{name: float(best)})
    return chosen


def leave_one_source_out(
    clips: Sequence[LabelledClip], base: FaultThresholds
) -> tuple[list[frozenset[FaultCode]], dict[str, dict[str, float]]]:
    """Held-out predictions for every clip, and the thresholds chosen for each fold."""
    predictions: list[frozenset[FaultCode]] = [frozenset()] * len(clips)
    folds: dict[str, dict[str, float]] = {}
    for source in sorted({clip.source for clip in clips}):
        training = [clip for clip in clips if clip.source != source]
        params = choose_thresholds(training, base)
        folds[source] = {name: getattr(params, name) for name, _ in TUNABLE.values()}
        for position, clip in enumerate(clips):
            if clip.source == source:
                predictions[position] = flagged(clip, params)
    return predictions, folds


def live_offline_agreement(clips: Sequence[LabelledClip], given: bool = False) -> dict[str, Any]:
    """Share of reps whose live verdict (the streaming core on the clip's landmarks) names
    the same faults as the offline analysis, tape faults aside; a rep counted by only
    one of them disagrees. Live recognises the variant from the reps so far, as it does
    in use; ``given=True`` hands it the variant the offline analysis judged instead."""
    total = agreeing = 0
    disagreements = []
    for clip in clips:
        landmarks, form = clip.result.landmarks, clip.result.form
        if landmarks is None or form is None:
            continue
        exercise = clip.profile.id if given and clip.profile is not None else "auto"
        live = [_non_tape_codes(rep) for rep in replay_live(landmarks, exercise=exercise)]
        offline = [_non_tape_codes(rep) for rep in form.reps]
        total += max(len(live), len(offline))
        for index, (said_live, said_offline) in enumerate(zip(live, offline, strict=False)):
            if said_live == said_offline:
                agreeing += 1
            else:
                disagreements.append(
                    {
                        "path": clip.path,
                        "rep": index + 1,
                        "live": said_live,
                        "offline": said_offline,
                    }
                )
    return {
        "reps": total,
        "agreeing": agreeing,
        "rate": agreeing / total if total else float("nan"),
        "disagreements": disagreements,
    }


def _non_tape_codes(rep: Any) -> list[str]:
    return sorted(f.code.value for f in rep.faults if f.code not in TAPE_FAULTS)
