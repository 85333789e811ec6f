"""Tape benchmark: how often the lower-back tape gives a reading, by view, and what it flags.

``python -m benchmarks.tape [--cache DIR]`` (or ``python -m benchmarks.run --only tape``)
analyses every clip of MANIFEST.csv from the pose cache (a
pickled ``TrackedVideo`` per clip, ``<source>__<name>.pkl``: landmarks and the back's
contour points for both facings), so no pose runs when the cache is there; a clip missing
from it is tracked with pose. The contours' lumbar and thoracic bends are measured again
from the stored contour lines when a cache made by an older version is loaded.

Two tables: the share of reps with a tape reading by detected camera view (side, oblique,
front), over all clips, with the commonest reason a rep was not read; and ``rounded_back``
precision, recall and F1 at clip level with the false-fault rate on the clips labelled
good, full set and leave-one-source-out (as the form benchmark scores them,
``benchmarks.form_eval``).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.clips import ManifestClip, load_manifest
from benchmarks.form_eval import (
    LabelledClip,
    flagged,
    labelled_clip,
    leave_one_source_out,
    score,
    scored_clips,
)
from benchmarks.pose_cache import DEFAULT_POSE_CACHE, load_tracked
from benchmarks.report import run_metadata, update_readme, write_result
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.analysis.result import SessionResult
from hingecoach.form.findings import FaultCode
from hingecoach.form.params import FaultThresholds
from hingecoach.form.tape_reps import compute_upper_back_note

DEFAULT_CACHE = DEFAULT_POSE_CACHE
VIEWS = ("side", "oblique", "front", "unknown")


def analyze_cached(clip: ManifestClip, cache: Path) -> SessionResult:
    """The offline analysis of a clip from its cached landmarks and contours (pose if missing).

    A cache made before the lower back was measured apart is upgraded as it is unpickled
    (``TrackedVideo.__setstate__`` measures the bends again from the stored contour lines).
    """
    tracked = load_tracked(clip, cache)
    return analyze_landmarks(
        tracked.series, model_name=tracked.model_name, contours=tracked.contours
    )


def reading_by_view(results: Sequence[tuple[ManifestClip, SessionResult]]) -> dict[str, Any]:
    """Per detected view: clips, reps, reps with a tape reading, and why the others had none."""
    table: dict[str, Any] = {}
    for view in VIEWS:
        chosen = [result for _, result in results if result.view.view.value == view]
        reps = [rep for result in chosen for rep in result.tape_reps]
        reasons = Counter(rep.reason for rep in reps if not rep.read)
        read = sum(rep.read for rep in reps)
        table[view] = {
            "clips": len(chosen),
            "reps": len(reps),
            "reps_read": read,
            "share_read": read / len(reps) if reps else None,
            "not_read_reasons": dict(reasons.most_common()),
        }
    return table


def rounded_back_scores(labelled: Sequence[LabelledClip]) -> dict[str, Any]:
    """``rounded_back`` P/R/F1 and good-clip false alarms, full set and LOSO."""
    scored = scored_clips(labelled)
    base = FaultThresholds()
    full = [flagged(clip, base) for clip in scored]
    loso, folds = leave_one_source_out(scored, base)
    good_rounded = sum(
        FaultCode.ROUNDED_BACK in predicted
        for clip, predicted in zip(scored, full, strict=True)
        if clip.label == "good"
    )
    return {
        "full_set": score(scored, full),
        "leave_one_source_out": score(scored, loso),
        "good_clips_flagged_rounded_back": good_rounded,
        "loso_rounded_back_pct": {s: f["rounded_back_pct"] for s, f in folds.items()},
        "flags": {
            clip.path: sorted(c.value for c in p) for clip, p in zip(scored, full, strict=True)
        },
        "flags_loso": {
            clip.path: sorted(c.value for c in p) for clip, p in zip(scored, loso, strict=True)
        },
    }


def _clip_record(clip: ManifestClip, result: SessionResult) -> dict[str, Any]:
    def pct(value: float) -> float | None:
        return None if value != value else round(value, 1)

    return {
        "path": clip.path,
        "label": clip.label,
        "fault": clip.fault,
        "view_manifest": clip.view,
        "view_detected": result.view.view.value,
        "tape_peaks_pct": [pct(rep.peak_pct) for rep in result.tape_reps],
        "upper_back_pct": [pct(rep.upper_back_pct) for rep in result.tape_reps],
        "not_read_reasons": [rep.reason for rep in result.tape_reps if not rep.read],
        "upper_back_note": compute_upper_back_note(result.tape_reps) is not None,
        "set_faults": [code.value for code in result.form.set_faults] if result.form else [],
    }


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "–"


def format_tables(payload: dict[str, Any]) -> str:
    """The README tables: reading share by view, rounded_back scores, per-clip peaks."""
    lines = [
        "| view (detected) | clips | reps | reps with a tape reading | commonest reason not read |",
        "|---|---:|---:|---:|---|",
    ]
    for view, row in payload["by_view"].items():
        if not row["clips"]:
            continue
        reasons = row["not_read_reasons"]
        reason = next(iter(reasons)) if reasons else "–"
        lines.append(
            f"| {view} | {row['clips']} | {row['reps']} | "
            f"{_share(row['reps_read'], row['reps'])} | {reason} |"
        )
    scores = payload["rounded_back"]
    lines += ["", "| rounded_back (lower back) | P | R | F1 | good clips with any fault |"]
    lines.append("|---|---:|---:|---:|---:|")
    for name, key in (("full set", "full_set"), ("leave-one-source-out", "leave_one_source_out")):
        part = scores[key]
        fault = part["per_fault"]["rounded_back"]
        cells = [
            "–" if fault[m] != fault[m] else f"{fault[m]:.2f}"
            for m in ("precision", "recall", "f1")
        ]
        good = _share(part["good_clips_with_any_fault"], part["good_clips"])
        lines.append(f"| {name} | {' | '.join(cells)} | {good} |")
    lines += [
        "",
        f"Good clips flagged `rounded_back`: {scores['good_clips_flagged_rounded_back']}. "
        f"Clips with the upper-back note: "
        f"{', '.join(c['path'] for c in payload['clips'] if c['upper_back_note']) or 'none'}.",
        "",
        "| clip | label | view (manifest → detected) | lower-back tape peaks % | upper back % |",
        "|---|---|---|---|---|",
    ]
    for clip in payload["clips"]:
        peaks = ", ".join("–" if p is None else f"{p:.0f}" for p in clip["tape_peaks_pct"])
        upper = ", ".join("–" if p is None else f"{p:.0f}" for p in clip["upper_back_pct"])
        label = clip["label"] + ("" if clip["fault"] == "none" else f" ({clip['fault']})")
        views = f"{clip['view_manifest']} → {clip['view_detected']}"
        lines.append(f"| {clip['path']} | {label} | {views} | {peaks or '–'} | {upper or '–'} |")
    meta = payload["meta"]
    lines += ["", f"Commit {meta['git_commit']}, {meta['date']}; from the pose cache."]
    return "\n".join(lines)


def run_tape(cache: Path = DEFAULT_CACHE) -> dict[str, Any]:
    """Run the tape benchmark; write results/tape.json and the README section."""
    results = [(clip, analyze_cached(clip, cache)) for clip in load_manifest()]
    labelled = [
        labelled_clip(clip.path, clip.label, clip.fault, result)
        for clip, result in results
        if result.form is not None and clip.label in ("good", "bad")
    ]
    payload = {
        "meta": run_metadata(cache=str(cache)),
        "by_view": reading_by_view(results),
        "rounded_back": rounded_back_scores(labelled),
        "clips": [_clip_record(clip, result) for clip, result in results],
    }
    write_result("tape", payload)
    update_readme("tape", format_tables(payload))
    print(format_tables(payload), flush=True)
    return payload


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.tape [--cache DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="pose cache folder")
    run_tape(parser.parse_args(argv).cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
