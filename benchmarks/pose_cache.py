"""The benchmarks' pose cache: each clip's pose and back contour, computed once, pickled.

Pose is most of a clip's analysis time (minutes for the whole manifest on two cores), and
the rep counter's, the tape's and the fault rules' parameters are studied on the same
landmarks again and again. ``python -m benchmarks.pose_cache [--jobs N]`` runs
:func:`~hingecoach.analysis.video.track_video` on every clip of MANIFEST.csv and pickles the
``TrackedVideo`` (landmarks, contours, warnings) to ``<cache>/<source>__<name>.pkl``. The
cache sits outside the repository, beside the shared clips (``../cache/tracked`` from the
repository root), or where ``HINGECOACH_POSE_CACHE`` says; it is this project's own artefact,
made by this code, so unpickling it is safe. Benchmarks that read it fall back to running
pose for a clip it does not hold; committed results record whether pose or the cache was used.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.clips import CLIPS_DIR, REPO_ROOT, ManifestClip, load_manifest, longest_first

#: ``HINGECOACH_POSE_CACHE``, else ``cache/tracked`` beside the repository and the clips.
DEFAULT_POSE_CACHE = Path(
    os.environ.get("HINGECOACH_POSE_CACHE", str(REPO_ROOT.parent / "cache" / "tracked"))
)


def cache_file(clip: ManifestClip, cache: Path = DEFAULT_POSE_CACHE) -> Path:
    """Where the cache keeps a clip: ``<source>__<name>.pkl``."""
    return Path(cache) / (clip.path.replace("/", "__").rsplit(".", 1)[0] + ".pkl")


def load_tracked(clip: ManifestClip, cache: Path = DEFAULT_POSE_CACHE) -> Any:
    """The clip's ``TrackedVideo`` from the cache, or from pose when it is not cached."""
    path = cache_file(clip, cache)
    if path.is_file():
        return pickle.loads(path.read_bytes())
    from hingecoach.analysis.video import track_video

    return track_video(clip.file)


def _cache_one(job: tuple[ManifestClip, Path]) -> tuple[str, str]:
    clip, cache = job
    from hingecoach.analysis.video import track_video
    from hingecoach.errors import HingecoachError

    out = cache_file(clip, cache)
    if out.exists():
        return clip.path, "cached"
    start = time.perf_counter()
    try:
        tracked = track_video(clip.file)
    except HingecoachError as error:
        return clip.path, f"error: {error}"
    partial = out.with_suffix(".part")
    partial.write_bytes(pickle.dumps(tracked))
    partial.replace(out)  # a killed run leaves no half-written pickle behind
    return clip.path, f"{time.perf_counter() - start:.1f} s"


def build_cache(cache: Path = DEFAULT_POSE_CACHE, jobs: int = 2) -> None:
    """Track every manifest clip not yet cached, ``jobs`` clips at a time (spawned workers)."""
    cache.mkdir(parents=True, exist_ok=True)
    clips = longest_first(load_manifest())
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for path, status in pool.map(_cache_one, [(clip, cache) for clip in clips]):
            print(f"{path}: {status}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pose_cache")
    parser.add_argument("--cache", type=Path, default=DEFAULT_POSE_CACHE)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    if not CLIPS_DIR.is_dir():
        print(f"pose_cache: the clips are not in {CLIPS_DIR}.")
        return 2
    build_cache(args.cache, args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
