"""Leave-one-source-out view of the rep counter's parameters, on the pose cache.

The pose of every clip is computed once (``python -m benchmarks.pose_cache`` or ``--cache DIR``:
one pickled :class:`~hingecoach.analysis.video.TrackedVideo` per clip, as
``track_video`` returns it), then only the counting is re-run for each value of each
parameter, which takes seconds. For each source (the clips of one origin, e.g. ``tby66``)
the value that counts best on the *other* sources is chosen (ties go to the default) and
scored on the held-out source: the LOSO figure says how the choice generalises to a source
nobody tuned on. ``python -m benchmarks.reps_loso [--cache DIR]``.
"""

from __future__ import annotations

import argparse
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import fmean
from typing import Any

from benchmarks.clips import ManifestClip, clips_with_reps
from benchmarks.pose_cache import DEFAULT_POSE_CACHE, cache_file
from benchmarks.report import run_metadata, update_readme, write_result

DEFAULT_CACHE = DEFAULT_POSE_CACHE


@dataclass(frozen=True, slots=True)
class Grid:
    """One parameter and the values tried: ``group`` is the AnalysisParams field."""

    group: str
    name: str
    values: tuple[float, ...]


#: The counting parameters, each over a range around its reasoned default.
GRIDS = (
    Grid("reps", "down_deg", (25.0, 30.0, 35.0, 40.0, 45.0)),
    Grid("reps", "up_deg", (10.0, 15.0, 20.0)),
    Grid("reps", "min_edge_rise_s", (0.1, 0.25, 0.4)),
    Grid("reps", "release_elbow_bend_deg", (30.0, 45.0, 60.0)),
    Grid("view", "front_max_yaw_deg", (15.0, 25.0, 35.0)),
    Grid("view", "min_stretch_s", (1.0, 2.0, 4.0)),
)


def load_cached(cache: Path) -> list[tuple[ManifestClip, Any]]:
    """Every clip with a rep count whose pose is cached, with its TrackedVideo."""
    loaded = []
    for clip in clips_with_reps():
        path = cache_file(clip, cache)
        if path.is_file():
            loaded.append((clip, pickle.loads(path.read_bytes())))
    return loaded


def source_of(clip: ManifestClip) -> str:
    """The clip's source: the first folder of its path."""
    return clip.path.split("/", 1)[0]


def count_errors(loaded: list[tuple[ManifestClip, Any]], params: Any) -> dict[str, int]:
    """Absolute count error per clip with these parameters (counting only)."""
    from hingecoach.analysis.offline import count_reps

    return {
        clip.path: abs(len(count_reps(tracked.series, params).reps) - (clip.reps_expected or 0))
        for clip, tracked in loaded
    }


def loso(loaded: list[tuple[ManifestClip, Any]], grid: Grid) -> dict[str, Any]:
    """Errors of every value, and the leave-one-source-out choice and score."""
    from hingecoach.analysis.params import AnalysisParams

    defaults = AnalysisParams()
    default = getattr(getattr(defaults, grid.group), grid.name)
    errors = {}
    for value in grid.values:
        group = replace(getattr(defaults, grid.group), **{grid.name: value})
        errors[value] = count_errors(loaded, replace(defaults, **{grid.group: group}))
    sources = sorted({source_of(clip) for clip, _ in loaded})
    held_out_errors: list[int] = []
    chosen: dict[str, float] = {}
    for source in sources:
        train = [clip.path for clip, _ in loaded if source_of(clip) != source]
        test = [clip.path for clip, _ in loaded if source_of(clip) == source]
        best = min(
            grid.values,
            key=lambda v: (sum(errors[v][p] for p in train), abs(v - default)),
        )
        chosen[source] = best
        held_out_errors += [errors[best][p] for p in test]
    return {
        "parameter": f"{grid.group}.{grid.name}",
        "default": default,
        "per_value": {
            str(value): {
                "exact": sum(e == 0 for e in errs.values()),
                "mae": round(fmean(errs.values()), 4),
            }
            for value, errs in errors.items()
        },
        "loso_chosen": chosen,
        "loso_exact": sum(e == 0 for e in held_out_errors),
        "loso_mae": round(fmean(held_out_errors), 4),
        "n_clips": len(held_out_errors),
    }


def format_loso(rows: list[dict[str, Any]]) -> str:
    """Markdown table: exact clips per value, and the LOSO figure."""
    lines = [
        "| parameter (default) | exact clips per value | LOSO exact | LOSO MAE "
        "| chosen per source |",
        "|---|---|---:|---:|---|",
    ]
    for row in rows:
        values = ", ".join(f"{v}: {r['exact']}" for v, r in row["per_value"].items())
        chosen = sorted(set(row["loso_chosen"].values()))
        lines.append(
            f"| `{row['parameter']}` ({row['default']}) | {values} | "
            f"{row['loso_exact']}/{row['n_clips']} | {row['loso_mae']:.3f} | "
            f"{', '.join(str(c) for c in chosen)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reps_loso", description=__doc__)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    loaded = load_cached(args.cache)
    if not loaded:
        print(f"reps_loso: no cached poses in {args.cache}")
        return 2
    rows = [loso(loaded, grid) for grid in GRIDS]
    table = format_loso(rows)
    print(table)
    meta = run_metadata(cache=str(args.cache), n_clips=len(loaded))
    write_result("reps_loso", {"meta": meta, "parameters": rows})
    update_readme(
        "reps-loso",
        f"{table}\n\nCounting re-run on the cached poses of {len(loaded)} clips "
        f"({len({source_of(c) for c, _ in loaded})} sources); commit {meta['git_commit']}, "
        f"{meta['date']}.",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
