"""Low-back load benchmark: are the figures plausible on the synthetic lifter and real clips?

``python -m benchmarks.lowback_load [--cache DIR]`` (no pose when the cache holds the clips).

There is no measured truth for the load on a spine in these clips, so this is a
plausibility check, not an accuracy figure (the model's truth is in
``tests/unit/lowback``: hand-computed postures and a published textbook example):

- the synthetic lifter (1.75 m; 75 kg entered; 22.5 kg in the hands, its 30 % of body
  mass), each fault, with the silhouette measured so the tape is read: peak moment and
  compression per rep with ranges, and the same rep with the load kept close;
- every clip of MANIFEST.csv from the pose cache, body assumed (75 kg, 1.75 m: the
  lifters' own figures are unknown, and flagged) and the load unknown (body only), so
  the figures are the body's own share; what 10 kg at the measured hand distance would
  add is given beside them.
"""

from __future__ import annotations

import argparse
import math
import statistics
from pathlib import Path
from typing import Any

from benchmarks.clips import load_manifest
from benchmarks.pose_cache import DEFAULT_POSE_CACHE, load_tracked
from benchmarks.report import run_metadata, update_readme, write_result
from hingecoach.analysis.lowback import with_lowback_load
from hingecoach.analysis.offline import analyze_landmarks
from hingecoach.kinematics.series import LandmarkSeries
from hingecoach.lowback.anthropometry import BodyInputs
from hingecoach.lowback.session import SetLoad
from hingecoach.synthetic import synthetic_session
from hingecoach.synthetic.silhouette import measure_synthetic_contours

SYNTHETIC_FAULTS = ("none", "rounded_back", "squatting", "hips_not_back", "shallow")
SYNTHETIC_LOAD_KG = 22.5
G = 9.81


def _median(values: list[float]) -> float | None:
    values = [v for v in values if math.isfinite(v)]
    return round(statistics.median(values), 3) if values else None


def summarize(lowback: SetLoad) -> dict[str, Any]:
    """Medians over the reps of each figure (estimate, low, high) and the close comparison."""
    reps = lowback.reps
    record: dict[str, Any] = {"reps": len(reps)}
    for name in ("moment_nm", "compression_n", "close_moment_nm", "close_compression_n"):
        for end in ("estimate", "low", "high"):
            record[f"{name}_{end}"] = _median([getattr(getattr(r, name), end) for r in reps])
    record["load_distance_m"] = _median([r.load_distance_m for r in reps])
    record["close_load_distance_m"] = _median([r.close_load_distance_m for r in reps])
    record["flags"] = list(lowback.flags)
    return record


def run_synthetic() -> dict[str, Any]:
    """Each synthetic fault, 3 reps at 15 fps, silhouette measured, 22.5 kg in the hands."""
    results = {}
    for fault in SYNTHETIC_FAULTS:
        session = synthetic_session(fault, n_reps=3, fps=15.0, image_size=(640, 360))
        contours = measure_synthetic_contours(session)[0]
        series = LandmarkSeries.from_pose_frames(session.frames)
        result = analyze_landmarks(series, model_name="synthetic", contours=contours)
        result = with_lowback_load(
            result, BodyInputs.of(75.0, 1.75), None, given_kg=SYNTHETIC_LOAD_KG
        )
        record = summarize(result.lowback)
        record["peak_trunk_deg"] = _median(
            [rep.trunk_inclination_at_bottom_deg for rep in result.reps]
        )
        results[fault] = record
    return results


def run_clips(cache: Path) -> dict[str, Any]:
    """Every manifest clip from the pose cache: body assumed, load unknown (body only)."""
    results = {}
    for clip in load_manifest():
        tracked = load_tracked(clip, cache)
        result = analyze_landmarks(
            tracked.series, model_name=tracked.model_name, contours=tracked.contours
        )
        if result.lowback is None or not result.reps:
            results[clip.path] = {"exercise": clip.exercise, "view": clip.view, "reps": 0}
            continue
        record = summarize(result.lowback)
        distance = record["load_distance_m"]
        record["per_10kg_nm"] = None if distance is None else round(10 * G * distance, 1)
        record["exercise"] = clip.exercise
        record["view"] = result.view.view.value
        record["peak_trunk_deg"] = _median(
            [rep.trunk_inclination_at_bottom_deg for rep in result.reps]
        )
        record["plane"] = result.lowback.plane
        record["tape_read"] = not any("not read" in flag for flag in record["flags"])
        results[clip.path] = record
    return results


def _fmt(record: dict[str, Any], name: str, digits: int = 0) -> str:
    estimate = record.get(f"{name}_estimate")
    if estimate is None:
        return "–"
    low, high = record[f"{name}_low"], record[f"{name}_high"]
    return f"{estimate:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def format_tables(payload: dict[str, Any]) -> str:
    """The README section: synthetic table, then the clips."""
    lines = [
        "### Low-back load: plausibility (`python -m benchmarks.lowback_load`)",
        "",
        "No clip has a measured spinal load, so these are plausibility figures; the model's "
        "truth is the unit tests (hand-computed postures, Serway's textbook example). "
        "Medians over the reps of the peak held 0.2 s; range in brackets.",
        "",
        f"Synthetic lifter, 75 kg / 1.75 m entered, {SYNTHETIC_LOAD_KG} kg in the hands:",
        "",
        "| fault | trunk at bottom (°) | moment N·m | compression N | load kept close: moment | "
        "compression | hands ahead of L5/S1 (m) |",
        "|---|---|---|---|---|---|---|",
    ]
    for fault, r in payload["synthetic"].items():
        lines.append(
            f"| {fault} | {r['peak_trunk_deg']:.0f} | {_fmt(r, 'moment_nm')} | "
            f"{_fmt(r, 'compression_n')} | {_fmt(r, 'close_moment_nm')} | "
            f"{_fmt(r, 'close_compression_n')} | {r['load_distance_m']:.2f} |"
        )
    lines += [
        "",
        "Dev clips from the pose cache, body assumed (75 kg, 1.75 m) and the load unknown, so "
        "the body's own share only; *+10 kg* is what 10 kg at the measured hand distance adds:",
        "",
        "| clip | exercise | view | reps | trunk (°) | moment N·m | compression N | "
        "close: compression | hands (m) | +10 kg N·m |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for path, r in payload["clips"].items():
        if not r.get("reps"):
            lines.append(f"| {path} | {r['exercise']} | {r['view']} | 0 | – | – | – | – | – | – |")
            continue
        hands = "–" if r["load_distance_m"] is None else f"{r['load_distance_m']:.2f}"
        trunk = "–" if r["peak_trunk_deg"] is None else f"{r['peak_trunk_deg']:.0f}"
        lines.append(
            f"| {path} | {r['exercise']} | {r['view']} | {r['reps']} | {trunk} | "
            f"{_fmt(r, 'moment_nm')} | {_fmt(r, 'compression_n')} | "
            f"{_fmt(r, 'close_compression_n')} | {hands} | {r['per_10kg_nm']} |"
        )
    return "\n".join(lines)


def run_lowback_load(cache: Path = DEFAULT_POSE_CACHE) -> None:
    """Run both parts, write the results JSON and the README section."""
    payload = {
        "meta": run_metadata(benchmark="lowback_load"),
        "synthetic": run_synthetic(),
        "clips": run_clips(cache),
    }
    write_result("lowback_load", payload)
    update_readme("lowback_load", format_tables(payload))


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.lowback_load [--cache DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_POSE_CACHE, help="pose cache")
    run_lowback_load(parser.parse_args(argv).cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
