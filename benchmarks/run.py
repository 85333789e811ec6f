"""``python -m benchmarks.run [--only NAME] [--jobs N] [--model M]``: one or every benchmark.

NAME: speed, reps, form, tape, daily, memory, latency, scale, pose_backends or lowback_load.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks.clips import CLIPS_DIR, MANIFEST

#: Run order: speed first, while the machine is least likely to be busy with anything else.
BENCHMARKS = (
    "speed",
    "reps",
    "form",
    "tape",
    "daily",
    "memory",
    "latency",
    "scale",
    "pose_backends",
    "lowback_load",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmarks on the shared clips; results go to benchmarks/results/ "
        "and the tables in benchmarks/README.md.",
    )
    parser.add_argument(
        "--only",
        choices=BENCHMARKS,
        action="append",
        help="run only this benchmark (repeat for several); default: all, one after another",
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="clips analysed at a time by 'reps' (default 2)"
    )
    parser.add_argument(
        "--model",
        choices=("lite", "full", "heavy"),
        default="full",
        help="pose model for 'reps' and 'memory' (default full; 'speed' measures all)",
    )
    parser.add_argument(
        "--pose-cache",
        type=Path,
        default=None,
        help="'form' only: analyse each clip from its cached pose (a folder of pickled "
        "TrackedVideo, <source>__<name>.pkl) instead of running pose",
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not MANIFEST.is_file():
        print(f"benchmarks: {MANIFEST} is missing; the clips must be in {CLIPS_DIR}.")
        return 2
    from benchmarks.form import run_form
    from benchmarks.latency import run_latency
    from benchmarks.memory import run_memory
    from benchmarks.reps import run_reps
    from benchmarks.scale import run_scale
    from benchmarks.speed import run_speed
    from benchmarks.tape import run_tape

    selected = [name for name in BENCHMARKS if name in (args.only or BENCHMARKS)]
    for name in selected:
        start = time.perf_counter()
        if name == "reps":
            run_reps(jobs=args.jobs, model=args.model)
        elif name == "speed":
            run_speed()
        elif name == "form":
            run_form(jobs=args.jobs, model=args.model, pose_cache=args.pose_cache)
        elif name == "tape":
            run_tape()  # from the pose cache; clips missing from it are tracked
        elif name == "latency":
            run_latency()
        elif name == "scale":
            run_scale()
        elif name == "lowback_load":
            from benchmarks.lowback_load import run_lowback_load

            run_lowback_load()  # from the pose cache; clips missing from it are tracked
        elif name == "daily":
            from benchmarks.daily import run_daily

            run_daily(args.pose_cache)  # clips missing from the pose cache are tracked
        elif name == "pose_backends":
            from benchmarks.pose_backends import run_pose_backends

            run_pose_backends(jobs=args.jobs)
        else:
            run_memory(model=args.model)
        print(f"{name}: done in {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
