"""Everyday bends benchmark: bend classes on the synthetic pick-ups and on the dev clips.

``python -m benchmarks.daily [--pose-cache DIR]`` (or ``python -m benchmarks.run --only
daily``) writes ``results/daily.json`` and the ``daily`` section of the README:

- a confusion table of the bend classes on the synthetic bends (each style, both facings,
  with and without 1.5 px of landmark noise), and whether the synthetic daily scene is
  recognised as everyday bends;
- on the dev clips (from the pose cache, so no pose runs; a clip missing from it is
  tracked), the share of counted reps, read as bends, classed hinge / squat / stoop /
  mixed per manifest exercise and for the labelled squatting and rounded-back clips; and
  how many clips ``--exercise auto`` calls everyday bends (a set never should be).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from benchmarks.clips import ManifestClip, load_manifest
from benchmarks.pose_cache import DEFAULT_POSE_CACHE, load_tracked
from benchmarks.report import run_metadata, update_readme, write_result
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.daily import DAILY
from hingecoach.daily.bends import BendClass
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.synthetic.daily import BendStyle, daily_bend, daily_scene
from hingecoach.synthetic.silhouette import measure_synthetic_contours

#: The class each synthetic style should get (a sink lean is a partial hinge).
EXPECTED = {
    BendStyle.HINGE_PICKUP: BendClass.HINGE,
    BendStyle.SQUAT_PICKUP: BendClass.SQUAT,
    BendStyle.STOOP_PICKUP: BendClass.STOOP,
    BendStyle.SINK_LEAN: BendClass.HINGE,
}
CLASSES = tuple(kind.value for kind in BendClass)
#: The synthetic conditions: facing (+1 right, -1 left) and landmark noise, pixels.
CONDITIONS = ((1, 0.0), (-1, 0.0), (1, 1.5), (-1, 1.5))


#: The group of every hinge set not labelled squatting or rounded: its bends should be hinges.
HINGE_SETS = "all hinge sets without a squatting or rounded-back label"


def is_hinge_set(clip: ManifestClip) -> bool:
    """A clip of hinges (not the squat negative) not labelled squatting or rounded back."""
    return clip.exercise != "squat" and clip.fault not in ("squatting_the_hinge", "rounded_back")


def _analyse_synthetic(session, exercise: str):
    contours = measure_synthetic_contours(session)[0]
    series = LandmarkSeries.from_pose_frames(session.frames)
    return analyze_landmarks(series, model_name="synthetic", contours=contours, exercise=exercise)


def synthetic_confusion() -> dict[str, Any]:
    """Every synthetic style under every condition: the classes given to its bends."""
    rows: dict[str, Counter] = {style.value: Counter() for style in BendStyle}
    runs = []
    for style in BendStyle:
        for seed, (facing, noise_px) in enumerate(CONDITIONS):
            session = daily_bend(style, facing=facing, noise_px=noise_px, seed=seed)
            bends = _analyse_synthetic(session, DAILY).bends.bends
            kinds = [bend.kind.value for bend in bends]
            rows[style.value].update(kinds or ["none"])
            runs.append(
                {
                    "style": style.value,
                    "facing": facing,
                    "noise_px": noise_px,
                    "classes": kinds,
                    "confidence": [b.confidence for b in bends],
                }
            )
    exact = sum(r["classes"] == [EXPECTED[BendStyle(r["style"])].value] for r in runs)
    scene = daily_scene()
    result = _analyse_synthetic(scene.session, "auto")
    return {
        "confusion": {style: dict(counts) for style, counts in rows.items()},
        "expected": {style.value: kind.value for style, kind in EXPECTED.items()},
        "exact": exact,
        "runs": len(runs),
        "details": runs,
        "scene": {
            "styles": [style.value for style in scene.styles],
            "classes": [bend.kind.value for bend in result.bends.bends],
            "exercise": result.exercise.id,
            "exercise_confidence": result.exercise.confidence,
        },
    }


def clip_shares(cache: Path) -> dict[str, Any]:
    """Per manifest exercise (and labelled fault): the share of bends in each class."""
    groups: dict[str, Counter] = defaultdict(Counter)
    clips = []
    for clip in load_manifest():
        tracked = load_tracked(clip, cache)
        result = analyze_landmarks(
            tracked.series, model_name=tracked.model_name, contours=tracked.contours
        )
        kinds = [bend.kind.value for bend in result.bends.bends]
        groups[clip.exercise].update(kinds)
        if clip.fault in ("squatting_the_hinge", "rounded_back"):
            groups[f"{clip.exercise}, {clip.fault}"].update(kinds)
        if is_hinge_set(clip):
            groups[HINGE_SETS].update(kinds)
        depths = [bend.peak_hip_flexion_deg for bend in result.bends.bends]
        clips.append(
            {
                "path": clip.path,
                "exercise": clip.exercise,
                "fault": clip.fault,
                "classes": kinds,
                "called": result.exercise.id,
                "depth_ratio": max(depths) / min(depths) if len(depths) >= 2 else None,
            }
        )
    return {
        "groups": {name: dict(counts) for name, counts in sorted(groups.items())},
        "called_daily": [c["path"] for c in clips if c["called"] == DAILY],
        "clips": clips,
    }


def _share_row(name: str, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    cells = [f"{counts.get(kind, 0) / total:.0%}" if total else "–" for kind in CLASSES]
    return f"| {name} | {total} | " + " | ".join(cells) + " |"


def format_tables(payload: dict[str, Any]) -> str:
    """The README tables: the synthetic confusion and the dev clips' class shares."""
    synthetic, clips = payload["synthetic"], payload["clips"]
    lines = [
        f"Synthetic bends classed exactly: {synthetic['exact']}/{synthetic['runs']} "
        "(4 styles × facing left/right × 0 or 1.5 px landmark noise).",
        "",
        "| synthetic style (expected) | " + " | ".join(CLASSES) + " |",
        "|---|" + "---:|" * len(CLASSES),
    ]
    for style, counts in synthetic["confusion"].items():
        cells = [str(counts.get(kind, 0)) for kind in CLASSES]
        lines.append(f"| {style} ({synthetic['expected'][style]}) | " + " | ".join(cells) + " |")
    scene = synthetic["scene"]
    lines += [
        "",
        f"Daily scene ({', '.join(scene['styles'])}): classed {', '.join(scene['classes'])}; "
        f"`--exercise auto` calls it `{scene['exercise']}` "
        f"(confidence {scene['exercise_confidence']:.2f}).",
        "",
        "| dev clips: exercise (fault) | bends | " + " | ".join(CLASSES) + " |",
        "|---|---:|" + "---:|" * len(CLASSES),
    ]
    lines += [_share_row(name, counts) for name, counts in clips["groups"].items()]
    called = clips["called_daily"]
    meta = payload["meta"]
    ratios = sorted(
        ((c["depth_ratio"], c["path"]) for c in clips["clips"] if c["depth_ratio"]), reverse=True
    )
    lines += [
        "",
        f"Dev clips called everyday bends by `--exercise auto`: {len(called)} of "
        f"{len(clips['clips'])}{': ' + ', '.join(called) if called else ''}. Depth ratio "
        "(deepest / shallowest bend; everyday needs ≥ 1.6 and two sure kinds) of the dev "
        "clips with two or more bends, highest first: "
        + ", ".join(f"{r:.2f} ({path})" for r, path in ratios[:3])
        + ".",
        "",
        f"Commit {meta['git_commit']}, {meta['date']}; dev clips from the pose cache.",
    ]
    return "\n".join(lines)


def run_daily(cache: Path | None = None) -> dict[str, Any]:
    """Run the benchmark; write results/daily.json and the README section."""
    cache = cache or DEFAULT_POSE_CACHE
    payload = {
        "meta": run_metadata(cache=str(cache)),
        "synthetic": synthetic_confusion(),
        "clips": clip_shares(cache),
    }
    write_result("daily", payload)
    update_readme("daily", format_tables(payload))
    print(format_tables(payload), flush=True)
    return payload


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.daily [--pose-cache DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pose-cache", type=Path, default=DEFAULT_POSE_CACHE, help="pose cache folder"
    )
    run_daily(parser.parse_args(argv).pose_cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
